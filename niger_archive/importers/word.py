"""Owns importing Word documents (``.docx``): an article or press release written or saved in Word.

python-docx reads the document; its body's paragraphs and tables (cell by cell, row by row) in document
order become the text, one paragraph a block, which the text importer then cleans and reads for a
header (a "By …" line, a dateline) as it does any text file. The raw text the offset map points into is
that extracted text (as for PDF). The first paragraph styled Title or Heading 1 is the title; the
document properties give the title, author and creation date where the text gives none (a title like
"Microsoft Word - x.docx" or "Document1" is ignored). Headers, footers, comments and images are not
read. An old ``.doc``, an encrypted document (both OLE files, not ZIP) or a ZIP that would inflate
beyond ``_MAX_INFLATED`` is refused with the reason.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

from ..core.errors import ImportRejected
from ..core.messages import N_, Message
from ..core.models import ArticleDraft
from .decoding import DecodedText

_MAX_INFLATED = 200 * 1024 * 1024
_MAX_MEMBERS = 10_000
_JUNK_TITLES = re.compile(r"^(?:untitled|microsoft word\b|document\d*$|\S+\.(?:docx?|odt|pdf|rtf)$)", re.IGNORECASE)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def parse_bytes(data: bytes) -> ArticleDraft:
    from . import plaintext

    if data.startswith(_OLE):
        raise ImportRejected(N_("an encrypted Word document or an old .doc file (not .docx): save it as an unprotected .docx"))
    _check_zip(data)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except ImportRejected:
        raise
    except Exception as exc:  # a damaged or hostile file: refuse it, keep the batch going
        raise ImportRejected(Message("not a readable Word document ({detail})",
                                     detail=f"{type(exc).__name__}: {str(exc)[:160]}")) from exc
    blocks, heading = _blocks(document)
    text = "\n\n".join(blocks)
    if not text.strip():
        raise ImportRejected(N_("the Word document has no text"))
    draft = plaintext.parse(DecodedText(text + "\n", "docx", ("read the text of the Word document",)))
    properties = document.core_properties
    title = heading or (properties.title or "").strip() or None
    if title and _JUNK_TITLES.match(title):
        title = None
    author = (properties.author or "").strip() or None
    created = properties.created.isoformat() if properties.created else None
    return replace(
        draft, source_format="docx",
        title=title or draft.title, title_derived=draft.title_derived and not title,
        author=draft.author or author, published=draft.published or created,
    )


def _check_zip(data: bytes) -> None:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ImportRejected(Message("not a Word document (.docx is a ZIP file: {detail})", detail=str(exc))) from exc
    with package:
        members = package.infolist()
        if len(members) > _MAX_MEMBERS or sum(m.file_size for m in members) > _MAX_INFLATED:
            raise ImportRejected(Message("the Word document would inflate beyond {mb} MB (a ZIP bomb?); it is not read",
                                         mb=_MAX_INFLATED // 1_048_576))
        if "word/document.xml" not in {m.filename for m in members}:
            raise ImportRejected(N_("not a Word document (the ZIP holds no word/document.xml)"))


def _blocks(document) -> tuple[list[str], str | None]:
    """The body's paragraphs and table cells in order, and the first Title/Heading 1 paragraph's text."""
    from docx.table import Table

    blocks: list[str] = []
    heading: str | None = None
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is listed once per column it spans
                        continue
                    seen.add(id(cell._tc))
                    blocks += [p.text.strip() for p in cell.paragraphs if p.text.strip()]
            continue
        line = " ".join(item.text.split())
        if not line:
            continue
        style = (item.style.name if item.style is not None else "") or ""
        if heading is None and style in ("Title", "Heading 1"):
            heading = line
        blocks.append(line)
    return blocks, heading
