"""Owns reading the metadata lines a scraper leaves above a plain-text news article."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tld import get_tld
from tld.result import Result

from .cleanup import Removals
from .lines import Line
from .rules import is_repeated_summary
from .sentences import (
    comparison_key,
    ends_sentence,
    looks_like_headline,
    looks_like_prose,
    starts_lower,
    words,
)

HEADER_LIMIT = 80  # the article body starts within this many lines, or the file has no header
_URL = re.compile(r"<?(https?://[^\s<>\"]+)>?")
_LABELLED = re.compile(r"(?P<label>[A-Za-z][A-Za-z ]{1,20}?)\s*:\s*(?P<value>.*)")
# Labels of "Field: value" lines some scrapers write above the text, mapped to metadata fields.
_LABELS = {
    "title": "title", "headline": "title",
    "url": "url", "url source": "url", "source url": "url", "link": "url", "canonical": "url",
    "author": "author", "authors": "author", "byline": "author",
    "outlet": "outlet", "publisher": "outlet", "site": "outlet", "site name": "outlet",
    "published": "published", "published time": "published", "date": "published",
    "updated": "updated", "modified": "updated", "updated time": "updated",
    "language": "language", "lang": "language",
    "keywords": "keywords", "tags": "keywords",
    "markdown content": "", "content": "", "text": "", "body": "",
}
_SOURCE = re.compile(
    r"(?:source|sources|source originale)\s*:\s*(?P<name>[^,;\n]{2,80}?)"
    r"(?:\s*[,;]\s*(?P<date>[^\n]{4,60}))?\s*",
    re.IGNORECASE,
)
_KEYWORD_WORDS = 10
_WRAPPED_WORDS = 8  # a first body line a scraper wrapped is still this long
_OUTLET_WORDS = 5
_FRAGMENT_WORDS = 3
_HOST_NOISE = frozenset({"www", "en", "fr", "m", "amp", "mobile", "news", "com", "org", "net"})

SUMMARY = "summaries repeated by the article body"
HEADLINE_REPEAT = "repeated headlines and paragraphs"
KEYWORDS = "keyword lines"
OUTLET = "outlet name lines"
FRAGMENTS = "header fragments (labels, sections, codes)"


@dataclass
class Header:
    """What the lines above the body said."""

    fields: dict[str, str] = field(default_factory=dict)  # from "Label: value" lines and the URL line
    title: str | None = None
    outlet: str | None = None
    keywords: list[str] = field(default_factory=list)
    # A credit line ("Source: U.S. Department Of State, April 24, 2024", "Photo: AFP", "Via
    # Reuters") says where the text or a picture came from, never which outlet published the
    # page: its name is kept here as ``credit``, and ``source`` (an outlet) stays empty.
    source: str | None = None
    credit: str | None = None
    source_date: str | None = None


def take_leading_fields(lines: list[Line], header: Header, removals: Removals) -> list[Line]:
    """Consume a first-line URL and leading "Title: …", "URL Source: …" lines into ``header``."""
    index = 0
    while index < min(len(lines), HEADER_LIMIT):
        text = lines[index].text
        url = _URL.fullmatch(text)
        if url and index == 0:
            header.fields.setdefault("url", url.group(1))
            removals.add("source address line", text)
            index += 1
            continue
        labelled = _LABELLED.fullmatch(text)
        name = _LABELS.get(labelled.group("label").strip().casefold()) if labelled else None
        value = labelled.group("value").strip() if labelled else ""
        if name is None or (name == "" and value):
            break  # not a label, or text right after a "Content:" marker
        if name == "url":
            value = value.strip("<>")
        if name and value:
            header.fields.setdefault(name, value)
        removals.add("labelled metadata lines", text)
        index += 1
    return lines[index:]


def read_header(
    lines: list[Line], header: Header, original: list[str], removals: Removals
) -> list[Line]:
    """Find where the body starts, read title/outlet/keywords above it, return the lines to keep.

    The body starts at the first line of running text that is not a summary repeated later.
    Above it: keyword lines and repeated names are metadata, very short lines are debris, the
    first headline-shaped line is the title (kept once, as the first paragraph).
    """
    # Most lines are still as they were in ``original``: each distinct text is folded once.
    key_of = {text: comparison_key(text) for text in dict.fromkeys(original)}
    keys = [key_of[line.text] if line.text in key_of else comparison_key(line.text) for line in lines]
    starts = []
    position = 0
    for key in keys:
        starts.append(position)
        position += len(key) + 1
    document_key = " ".join(keys)
    drops: dict[int, str] = {}
    body_start = _body_start(lines, document_key, starts, drops)
    counts = Counter(map(key_of.__getitem__, original))
    host = _host_tokens(header.fields.get("url"))
    title_key = comparison_key(header.fields["title"]) if "title" in header.fields else None
    outlet_key = comparison_key(header.fields["outlet"]) if "outlet" in header.fields else None
    title_index = None
    for index in range(body_start):
        if index in drops:
            continue
        text, key = lines[index].text, keys[index]
        items = keyword_items(text)
        if key == title_key:
            if title_index is None:
                title_index = index  # the headline, kept once as the first paragraph
            else:
                drops[index] = HEADLINE_REPEAT
        elif key == outlet_key:
            drops[index] = OUTLET
        elif items:
            header.keywords.extend(items)
            drops[index] = KEYWORDS
        elif outlet_key is None and _names_host(text, host):
            header.outlet, outlet_key = text, key
            drops[index] = OUTLET
        elif title_key is None and looks_like_headline(text):
            header.title, title_key, title_index = text, key, index
        elif outlet_key is None and _repeated_name(text, counts[key]):
            header.outlet, outlet_key = text, key
            drops[index] = OUTLET
        elif len(words(text)) <= _FRAGMENT_WORDS:
            drops[index] = FRAGMENTS
    _read_source(lines, header)
    kept: list[Line] = []
    previous_kept = None
    for index, line in enumerate(lines):
        if index in drops:
            removals.add(drops[index], line.text)
            continue
        blank = line.blank_before or index == body_start or (
            previous_kept is not None and previous_kept == title_index
        )
        kept.append(Line(line.pieces, blank))
        previous_kept = index
    return kept


def _body_start(lines: list[Line], document_key: str, starts: list[int], drops: dict[int, str]) -> int:
    limit = min(len(lines), HEADER_LIMIT)
    for index in range(limit):
        text = lines[index].text
        wrapped = (
            index + 1 < len(lines)
            and not lines[index + 1].blank_before
            and starts_lower(lines[index + 1].text)
            and len(words(text)) >= _WRAPPED_WORDS
            and not text.islower()
            and not ends_sentence(text)
        )
        if not (looks_like_prose(text) or wrapped) or keyword_items(text):
            continue
        after = starts[index + 1] if index + 1 < len(lines) else len(document_key)
        if is_repeated_summary(text, document_key, after):
            drops[index] = SUMMARY
            continue
        return index
    return next(
        (i for i in range(limit) if i not in drops and ends_sentence(lines[i].text)),
        0,
    )


def keyword_items(text: str) -> list[str] | None:
    """Keywords on a lower-case line: one short keyword, or a comma-separated list of them."""
    if not text.islower() or ends_sentence(text) or "://" in text or "@" in text or len(text) > 400:
        return None
    items = [item.strip() for item in text.split(",")]
    if all(1 <= len(words(item)) <= _KEYWORD_WORDS for item in items):
        return items
    return None


def _host_tokens(url: str | None) -> list[str]:
    """The site's own name parts of ``url``'s host: "en.sputniknews.africa" -> ["sputniknews"]."""
    if not url:
        return []
    parsed = get_tld(url, as_object=True, fail_silently=True)
    if isinstance(parsed, Result):
        labels = [parsed.domain, *(parsed.subdomain or "").split(".")]
    else:  # a suffix the public list does not know: every label but the last
        labels = _hostname(url).split(".")[:-1]
    parts = [part for label in labels for part in label.split("-")]
    return [part.casefold() for part in parts if len(part) >= 4 and part.casefold() not in _HOST_NOISE]


def _hostname(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # e.g. an unbalanced "[" in the host
        return ""


def _names_host(text: str, host: list[str]) -> bool:
    """A short name line that spells (most of) the site's host name: "Sputnik Africa"."""
    count = len(words(text))
    if not host or not 1 <= count <= _OUTLET_WORDS or ends_sentence(text) or not text[:1].isupper():
        return False
    tokens = [t for t in re.split(r"\W+", text.casefold()) if len(t) >= 4]
    joined = "".join(re.split(r"\W+", text.casefold()))
    for part in host:
        if part in joined:
            return True
        if any(t in part and len(t) * 2 >= len(part) for t in tokens):
            return True
    return False


def _repeated_name(text: str, occurrences: int) -> bool:
    count = len(words(text))
    return occurrences >= 2 and 1 <= count <= _OUTLET_WORDS - 1 and text[:1].isupper() and not ends_sentence(text)


def _read_source(lines: list[Line], header: Header) -> None:
    """A "Source: U.S. Department Of State, April 24, 2024" line names the origin of the text (kept
    in the text, recorded as ``credit`` and its date as ``source_date``); it is not the outlet."""
    for line in lines:
        if len(line.text) > 160:
            continue
        match = _SOURCE.fullmatch(line.text)
        if match:
            header.credit = match.group("name").strip()
            header.source_date = (match.group("date") or "").strip() or None
            return
