"""Owns importing plain-text files: scraped news text with its header, page furniture and broken lines."""

from __future__ import annotations

from ..core.models import ArticleDraft
from .cleanup import Removals, assemble_paragraphs, clean_lines, clean_paragraphs
from .decoding import DecodedText
from .header import Header, read_header, take_leading_fields
from .lines import check_line_count, split_lines
from .metadata import Metadata, finish_draft


def parse(decoded: DecodedText) -> ArticleDraft:
    """Clean text, offset map and metadata of one plain-text article."""
    raw = decoded.text
    check_line_count(raw)
    removals = Removals()
    lines = split_lines(raw)
    original = [line.text for line in lines]
    header = Header()
    lines = take_leading_fields(lines, header, removals)
    cleaned = clean_lines(lines, removals)
    lines = read_header(cleaned.lines, header, original, removals)
    paragraphs = clean_paragraphs(assemble_paragraphs(lines, join_wrapped=True), removals)

    fields = header.fields
    captured_authors = [value for name, value in cleaned.captures if name == "author"]
    captured_keywords = [
        item for name, value in cleaned.captures if name == "keywords" for item in value.split(",")
    ]
    notes = list(decoded.notes)
    outlet = fields.get("outlet") or header.outlet
    affiliation = next((value for name, value in cleaned.captures if name == "affiliation"), None)
    if outlet is None and affiliation:
        outlet = affiliation
        notes.append(f"outlet taken from the byline ({affiliation})")
    if outlet is None and header.source:
        outlet = header.source
        notes.append(f"outlet taken from the “Source:” line ({header.source})")
    metadata = Metadata(
        title=fields.get("title") or header.title,
        url=fields.get("url"),
        outlet=outlet,
        author=fields.get("author") or (captured_authors[0] if captured_authors else None),
        keywords=[*fields.get("keywords", "").split(","), *header.keywords, *captured_keywords],
        language=fields.get("language"),
    )
    metadata.add_date("published", fields.get("published"))
    metadata.add_date("updated", fields.get("updated"))
    for name, value in cleaned.captures:
        if name in ("published", "updated", "date"):
            metadata.add_date(name, value)
    metadata.add_date("source_date", header.source_date)
    return finish_draft(
        raw=raw,
        encoding=decoded.encoding,
        source_format="txt",
        paragraphs=paragraphs,
        metadata=metadata,
        notes=notes + removals.notes(),
    )
