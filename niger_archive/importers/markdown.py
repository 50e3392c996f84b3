"""Owns importing Markdown files: YAML front matter as metadata, the body as plain paragraphs.

Markdown syntax is parsed with markdown-it-py (CommonMark) and reduced to text: headings,
paragraphs, list items and table cells keep their words; emphasis, link and heading marks go;
images and raw HTML blocks are dropped. Each block's text is located in the raw file within
the block's source lines (best effort for escaped or entity-encoded characters).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..core.models import ArticleDraft
from .cleanup import Removals
from .decoding import DecodedText
from .lines import Line, align, check_line_count
from .metadata import Metadata, finish_structured

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_MAX_FRONT_MATTER = 64 * 1024
# Front-matter keys (lower-cased) for each metadata field, most specific first.
_KEYS = {
    "title": ("title", "headline"),
    "author": ("author", "authors", "byline", "creator"),
    "published": ("published", "date", "pubdate", "date_published", "published_at", "created"),
    "updated": ("updated", "modified", "lastmod", "date_modified", "updated_at"),
    "url": ("url", "link", "canonical", "canonical_url", "source_url", "permalink"),
    "outlet": ("outlet", "source", "publisher", "site", "site_name", "publication"),
    "keywords": ("keywords", "tags", "categories", "topics"),
    "language": ("language", "lang", "locale"),
}
_INLINE_TEXT = ("text", "code_inline")
_INLINE_SPACE = ("softbreak", "hardbreak")
# PyYAML's safe loader on libyaml's parser when PyYAML was built with it: the same values, nine
# times faster than the pure-Python parser.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(decoded: DecodedText) -> ArticleDraft:
    """Clean text, offset map and metadata of one Markdown file."""
    raw = decoded.text
    check_line_count(raw)
    notes = list(decoded.notes)
    front, body_start = _front_matter(raw, notes)
    metadata = _metadata(front)
    removals = Removals()
    blocks, first_heading = _blocks(raw, body_start, notes)
    if metadata.title is None:
        metadata.title = first_heading
    return finish_structured(raw, decoded.encoding, blocks, metadata, source_format="md", removals=removals,
                             notes=notes)


def _front_matter(raw: str, notes: list[str]) -> tuple[dict[str, Any], int]:
    match = _FRONT_MATTER.match(raw[: _MAX_FRONT_MATTER + 8])
    if match is None:
        return {}, 0
    try:
        data = yaml.load(match.group("yaml") or "", Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        notes.append(f"front matter ignored: not valid YAML ({type(exc).__name__})")
        return {}, match.end()
    if not isinstance(data, dict):
        notes.append("front matter ignored: not a set of key: value fields")
        return {}, match.end()
    return {str(k).strip().lower(): v for k, v in data.items()}, match.end()


def _metadata(front: dict[str, Any]) -> Metadata:
    def value(field: str) -> Any:
        return next((front[key] for key in _KEYS[field] if front.get(key) not in (None, "", [])), None)

    metadata = Metadata(
        title=_scalar(value("title")),
        author=_joined(value("author")),
        url=_scalar(value("url")),
        outlet=_scalar(value("outlet")),
        keywords=_listed(value("keywords")),
        language=_language(_scalar(value("language"))),
    )
    metadata.add_date("published", _scalar(value("published")))
    metadata.add_date("updated", _scalar(value("updated")))
    return metadata


def _scalar(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip() or None
    if isinstance(value, dict):
        return _scalar(value.get("name"))
    return None


def _joined(value: Any) -> str | None:
    if isinstance(value, list):
        names = [_scalar(item) for item in value]
        return ", ".join(n for n in names if n) or None
    return _scalar(value)


def _listed(value: Any) -> list[str]:
    if isinstance(value, str):
        return value.split(",")
    if isinstance(value, list):
        return [s for s in (_scalar(item) for item in value) if s]
    return []


def _language(value: str | None) -> str | None:
    if not value:
        return None
    code = value.split("-")[0].split("_")[0].lower()
    return code if len(code) == 2 and code.isalpha() else None


def _blocks(raw: str, body_start: int, notes: list[str]) -> tuple[list[Line], str | None]:
    """One Line per text block (heading, paragraph, list item, table cell, code line)."""
    body = raw[body_start:]
    line_starts = [0]
    for match in re.finditer("\n", body):
        line_starts.append(match.end())
    tokens = _markdown().parse(body)
    lines: list[Line] = []
    first_heading: str | None = None
    cursor = body_start
    dropped_html = 0
    heading_level = None
    for token in tokens:
        if token.type == "heading_open":
            heading_level = token.tag
            continue
        if token.map is not None:
            cursor = max(cursor, body_start + line_starts[min(token.map[0], len(line_starts) - 1)])
        if token.type == "inline":
            text = _inline_text(token)
            if heading_level == "h1" and first_heading is None and text:
                first_heading = text
            heading_level = None
        elif token.type in ("fence", "code_block"):
            text = token.content
        elif token.type == "html_block":
            dropped_html += 1
            continue
        else:
            continue
        for part in text.split("\n"):
            part = " ".join(part.split())
            if not part:
                continue
            pieces, cursor = align(raw, part, cursor)
            lines.append(Line(pieces, True))
    if dropped_html:
        notes.append(f"removed raw HTML blocks ({dropped_html})")
    return lines, first_heading


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """The CommonMark parser with tables (made once: setting it up costs a quarter of a parse)."""
    return MarkdownIt("commonmark").enable("table")


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in _INLINE_TEXT:
            parts.append(child.content)
        elif child.type in _INLINE_SPACE:
            parts.append(" ")
    return " ".join("".join(parts).split())
