"""Owns importing HTML pages: main text via trafilatura, metadata from meta tags and JSON-LD.

Nothing in the page is executed or fetched: lxml only parses, scripts and styles are read as
inert text (JSON-LD) or ignored. The offset map is best effort: each extracted paragraph is
located in the raw decoded HTML (whole, or word by word); words that cannot be found there
as written (decoded entities such as ``&amp;``, text trafilatura rewrote) become synthetic
pieces anchored at the nearest preceding match.
"""

from __future__ import annotations

import html as html_text
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from lxml import etree
from trafilatura.metadata import extract_metadata
from lxml import html as lxml_html

from ..core.errors import ImportRejected
from ..core.messages import Message
from ..core.models import ArticleDraft
from .cleanup import Removals
from .decoding import DecodedText
from .lines import Line, align
from .metadata import Metadata, finish_structured
from .rules import RULES

_ARTICLE_TYPES = (
    "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "Article", "BlogPosting", "Report", "WebPage",
)
_BODY_TAG = re.compile(r"<body\b", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>")
_MAX_JSON_LD = 1_000_000
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")


def parse(decoded: DecodedText) -> ArticleDraft:
    """Clean text, offset map and metadata of one HTML page."""
    raw = decoded.text
    removals = Removals()
    notes = [*decoded.notes, "kept the page's main text (scripts, styles, menus, banners and footers dropped)"]
    tree, too_deep = _parse_tree(raw)
    source = raw
    if too_deep:
        # libxml2 stops reading at its nesting limit (about 255 levels) and the article below it was
        # lost; the page is read again with the wrapper elements beyond a sane depth set aside
        # (their text kept). Offsets still point into the page as it was.
        source = flattened(raw)
        tree, still_too_deep = _parse_tree(source)
        if still_too_deep:
            raise ImportRejected(Message("the page's elements are nested more than {n} levels deep, "
                                         "too deep to read even with the extra levels set aside", n=_PARSER_DEPTH))
        notes.append(f"the page's elements were nested more than {_PARSER_DEPTH} levels deep: "
                     f"wrapper elements below level {_KEPT_DEPTH} were set aside to read it")
    metadata = read_metadata(tree) if tree is not None else Metadata()
    add_library_metadata(metadata, source, tree)
    extracted = _extract(source, _page_words(tree))
    if too_deep and not extracted.strip():
        raise ImportRejected(Message("the page's elements are nested more than {n} levels deep, and no article text "
                                     "was found in it after setting the extra levels aside", n=_PARSER_DEPTH))
    lines = _aligned_lines(raw, extracted)
    return finish_structured(
        raw, decoded.encoding, lines, metadata, source_format="html", removals=removals, notes=notes,
    )


def _parse_tree(raw: str) -> tuple[Any, bool]:
    """The page's tree (None when unreadable), and whether it is nested deeper than the parser reads."""
    # lxml refuses str input that still carries an XML encoding declaration (XHTML pages).
    source = _XML_DECLARATION.sub("", raw, count=1)
    parser = lxml_html.HTMLParser()
    try:
        tree = lxml_html.document_fromstring(source, parser=parser)
    except (etree.ParserError, ValueError):
        tree = None
    too_deep = any(error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT or "depth" in error.message.lower()
                   for error in parser.error_log)
    return tree, too_deep


_PARSER_DEPTH = 255  # libxml2's nesting limit without its "huge" option (which only raises it to 2048)
_KEPT_DEPTH = 120  # levels kept when a page is too deep: far more than any real article needs
_TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z][\w:.-]*)(?:\s[^<>]*?)?(?P<self>/?)>|<!--.*?-->|"
                  r"<(?P<raw>script|style)\b[^>]*>.*?</(?P=raw)\s*>", re.DOTALL | re.IGNORECASE)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def flattened(raw: str, keep: int = _KEPT_DEPTH) -> str:
    """``raw`` with the tags of elements nested deeper than ``keep`` replaced by a space (text kept).

    Pure wrappers (an element that opens straight into another) are set aside from half that depth,
    so an article at the bottom of thousands of wrappers keeps its own paragraphs and headings.
    """
    out: list[str] = []
    kept: list[bool] = []  # per open element: was its tag kept?
    depth = pos = 0
    for match in _TAG.finditer(raw):
        name = match["name"]
        if name is None or match["self"] or name.lower() in _VOID:
            continue
        if match["close"]:
            if not kept:
                continue
            if not kept.pop():
                out.append(raw[pos:match.start()])
                out.append(" ")
                pos = match.end()
            else:
                depth -= 1
            continue
        wrapper = raw[match.end():match.end() + 200].lstrip().startswith("<")
        keep_tag = depth < keep and not (wrapper and depth >= keep // 2)
        kept.append(keep_tag)
        if keep_tag:
            depth += 1
        else:
            out.append(raw[pos:match.start()])
            out.append(" ")
            pos = match.end()
    out.append(raw[pos:])
    return "".join(out)


def _extract(raw: str, page_words: int = 0) -> str:
    """The page's main text, one paragraph per line.

    Precision first. The recall reading is asked for when precision found nothing, or found less than
    ``_SHORT_SHARE`` of the page's words; it replaces the precision text when it holds all of it and
    adds article paragraphs (an article split by an ad block keeps its second part), or when the
    precision text is tiny beside it (a reprint notice taken for the article).
    """
    precise = _trafilatura_text(raw, precision=True)
    precise_words = len(precise.split())
    if precise_words and precise_words >= _SHORT_SHARE * page_words:
        return precise
    recall = _trafilatura_text(raw, precision=False)
    if not precise_words:
        return recall
    recall_words = len(recall.split())
    if precise_words < _TINY_WORDS and recall_words >= 3 * precise_words:
        return recall
    recall_lines = {" ".join(line.split()) for line in recall.split("\n")}
    precise_lines = [" ".join(line.split()) for line in precise.split("\n") if line.strip()]
    if any(line not in recall_lines for line in precise_lines):
        return precise
    kept = set(precise_lines)
    added = sum(len(line.split()) for line in recall_lines
                if line not in kept and len(line.split()) >= _PROSE_WORDS)
    return recall if added >= max(_PROSE_WORDS * 2, _ADDED_SHARE * precise_words) else precise


_SHORT_SHARE = 0.6  # precision text under this share of the page's words: ask recall too
_TINY_WORDS = 60  # a precision text this short is taken for a notice when recall finds three times more
_PROSE_WORDS = 20  # a paragraph of the article, not a link or a caption
_ADDED_SHARE = 0.25  # recall replaces precision when its added paragraphs are this much of the text


def _trafilatura_text(raw: str, precision: bool) -> str:
    text = trafilatura.extract(
        raw,
        favor_precision=precision,
        favor_recall=not precision,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        output_format="txt",
    )
    return text if text and text.strip() else ""


def _page_words(tree: Any) -> int:
    """Words of the page's visible text (scripts and styles left out)."""
    if tree is None:
        return 0
    body = tree.find("body")
    if body is None:
        return 0
    skipped = {"script", "style", "noscript", "template"}
    return sum(len(text.split()) for element in body.iter() if isinstance(element.tag, str) and element.tag not in skipped
               for text in (element.text, element.tail) if text)


def _aligned_lines(raw: str, extracted: str) -> list[Line]:
    body = _BODY_TAG.search(raw)
    cursor = body.end() if body else 0
    lines: list[Line] = []
    for text in extracted.split("\n"):
        text = text.strip()
        if not text:
            continue
        pieces, cursor = align(raw, text, cursor)
        lines.append(Line(pieces, True))
    return lines


# ---------------------------------------------------------------------------------------------
# Metadata


def read_metadata(tree: Any) -> Metadata:
    """Title, URL, outlet, author, dates, keywords and declared language of a parsed page."""
    meta = _meta_values(tree)
    article = _json_ld_article(tree)
    metadata = Metadata()
    site = _first(meta.get("og:site_name"), _name_of(article.get("publisher")), meta.get("application-name"))
    metadata.outlet = _unescaped(site)
    heading = _tag_text(tree, "h1")
    metadata.title = _unescaped(_strip_site(_first(
        _text(article.get("headline")),
        meta.get("og:title"),
        meta.get("twitter:title"),
        _tag_text(tree, "title"),
        heading,
    ), site, heading, _first(meta.get("og:url"), _canonical(tree))))
    metadata.url = _first(
        meta.get("og:url"), _canonical(tree), _text(article.get("url")),
        _text(_id_of(article.get("mainEntityOfPage"))),
    )
    authors = _names(article.get("author"))
    meta_author = _first(meta.get("article:author"), meta.get("author"), meta.get("dc.creator"))
    if meta_author and "://" in meta_author:
        meta_author = None
    metadata.author = _unescaped(", ".join(authors) if authors else meta_author)
    for value in (
        _text(article.get("datePublished")), meta.get("article:published_time"),
        meta.get("og:published_time"), meta.get("date"), meta.get("pubdate"), meta.get("publishdate"),
        meta.get("dc.date.issued"), meta.get("dc.date"), _time_datetime(tree),
    ):
        metadata.add_date("published", value)
    for value in (
        _text(article.get("dateModified")), meta.get("article:modified_time"),
        meta.get("og:updated_time"), meta.get("last-modified"),
    ):
        metadata.add_date("updated", value)
    keywords: list[str] = list(meta.get_all("article:tag"))
    keywords += _keyword_list(article.get("keywords"))
    for name in ("news_keywords", "keywords"):
        keywords += _keyword_list(meta.get(name))
    metadata.keywords = keywords
    metadata.declared_language = _declared_language(tree, article)
    return metadata


class _MetaValues:
    """``<meta>`` contents by lower-cased property/name; first value wins, all kept."""

    def __init__(self) -> None:
        self._values: dict[str, list[str]] = {}

    def add(self, key: str, value: str) -> None:
        self._values.setdefault(key, []).append(value)

    def get(self, key: str) -> str | None:
        values = self._values.get(key)
        return values[0] if values else None

    def get_all(self, key: str) -> list[str]:
        return list(self._values.get(key, []))


def _meta_values(tree: Any) -> _MetaValues:
    values = _MetaValues()
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content and content.strip():
            values.add(key.strip().lower(), " ".join(content.split()))
    return values


def _json_ld_article(tree: Any) -> dict[str, Any]:
    """The most news-like schema.org object in the page's JSON-LD blocks, or {}."""
    best: dict[str, Any] = {}
    best_rank = len(_ARTICLE_TYPES)
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        source = script.text or ""
        if len(source) > _MAX_JSON_LD:
            continue
        try:
            data = json.loads(source)
        except (ValueError, RecursionError):
            continue
        for item in _json_objects(data):
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            ranks = [_ARTICLE_TYPES.index(t) for t in types if isinstance(t, str) and t in _ARTICLE_TYPES]
            if ranks and min(ranks) < best_rank:
                best, best_rank = item, min(ranks)
    return best


def _json_objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _json_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _json_objects(graph, depth + 1)


def _first(*values: str | None) -> str | None:
    return next((v.strip() for v in values if isinstance(v, str) and v.strip()), None)


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and isinstance(value[0], str):
        return value[0]
    return None


def _name_of(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _id_of(value: Any) -> Any:
    return value.get("@id") if isinstance(value, dict) else value


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = [_name_of(item) for item in items]
    return [n.strip() for n in names if n and n.strip() and "://" not in n]


def _keyword_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [item for item in value.split(",")]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _tag_text(tree: Any, tag: str) -> str | None:
    for element in tree.iter(tag):
        text = " ".join(element.text_content().split())
        if text:
            return text
    return None


def _strip_site(title: str | None, site: str | None, heading: str | None = None,
                url: str | None = None) -> str | None:
    """``"Headline | The Site"`` -> ``"Headline"`` when the part after the last separator names the
    site (its name or its web address, compared letters only) or the rest is the page's own heading."""
    if not title:
        return title
    names = {_letters(site)} if site else set()
    if url:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        names |= {_letters(host), _letters(host.rsplit(".", 1)[0])}
    names.discard("")
    for separator in _TITLE_SEPARATORS:
        head, _, tail = title.rpartition(separator)
        if not head.strip():
            continue
        if _letters(tail) in names or (heading and _letters(head) == _letters(heading)):
            return head.strip()
    return title


def _letters(value: str) -> str:
    return "".join(ch for ch in value.casefold() if ch.isalnum())


_ENTITY = re.compile(r"&(?:#\d{2,7}|#x[0-9a-fA-F]{2,6}|[A-Za-z]{2,8});")


def _unescaped(value: str | None) -> str | None:
    """``value`` with entities a page escaped twice (``&amp;#8211;`` read as ``&#8211;``) decoded."""
    if value and _ENTITY.search(value):
        return html_text.unescape(value)
    return value


# ---------------------------------------------------------------------------------------------
# What trafilatura's metadata extraction adds (the visible byline, dates in the address and the page)

_BY = re.compile(r"^\s*(?:by|par|von|por|di)\b\s*:?\s*", re.IGNORECASE)


_BYLINE_TAGS = ("p", "div", "span", "address", "li")
_BYLINE_MAX = 160
_BYLINE_SCAN = 400  # elements looked at: a byline sits near the top of the article


def _visible_byline(tree: Any) -> str | None:
    """The names of a short element reading "By NAME and NAME" (the clean-up's byline rule), which
    trafilatura misses when each name is a link."""
    byline = next(rule for rule in RULES if rule.name == "byline")
    assert byline.pattern is not None
    body = tree.find("body")
    for count, element in enumerate((body if body is not None else tree).iter(*_BYLINE_TAGS)):
        if count >= _BYLINE_SCAN:
            break
        text = " ".join(element.text_content().split())
        if not 4 < len(text) <= _BYLINE_MAX:
            continue
        match = byline.pattern.fullmatch(text)
        if match and match["author"]:
            return re.sub(r"\s+(?:and|&|et)\s+", ", ", match["author"], flags=re.IGNORECASE)
    return None


def add_library_metadata(metadata: Metadata, source: str, tree: Any) -> None:
    """Fill what the page's JSON-LD and meta tags left empty from trafilatura's metadata extraction
    (the byline, ``rel=author``, microdata; htmldate for dates in the markup and the address). The
    page's own structured data wins; the library's date is a fallback after dated lines in the text."""
    if tree is None or (metadata.author and any(role == "published" for role, _ in metadata.dates)
                        and metadata.title):
        return
    try:
        found = extract_metadata(source, default_url=metadata.url, extensive=True)
    except Exception:  # noqa: BLE001 - a library failing on a hostile page must not lose the article
        return
    if not metadata.author and found.author:
        author = _BY.sub("", found.author)
        metadata.author = _unescaped(", ".join(a.strip() for a in author.split(";") if a.strip())) or None
    if not metadata.author:
        metadata.author = _visible_byline(tree)
    if found.date:
        metadata.fallback_dates.append(("published", found.date))
    if not metadata.title and found.title:
        metadata.title = _unescaped(found.title)
    if not metadata.url and found.url:
        metadata.url = found.url


def _canonical(tree: Any) -> str | None:
    for element in tree.iter("link"):
        if "canonical" in (element.get("rel") or "").lower().split():
            return element.get("href")
    return None


def _time_datetime(tree: Any) -> str | None:
    for element in tree.iter("time"):
        value = element.get("datetime")
        if value:
            return value
    return None


def _declared_language(tree: Any, article: dict[str, Any]) -> str | None:
    value = _text(article.get("inLanguage")) or tree.get("lang") or tree.get("xml:lang")
    if not value:
        return None
    code = value.strip().split("-")[0].split("_")[0].lower()
    return code if len(code) == 2 and code.isalpha() else None
