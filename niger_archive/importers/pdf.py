"""Owns importing PDF files (articles printed or saved to PDF, press releases) with pdfminer.six.

The text is read with pdfminer's layout analysis (text boxes in reading order, one paragraph per box),
then page furniture goes: text boxes at the top or foot of a page that repeat on other pages (running
headers and footers, digits ignored) and boxes that are only a page number; a word hyphenated at a line
end is joined again and each box's lines are reflowed into one paragraph. What is left is the
"extracted text": it is the raw text the offset map points
into (the PDF's bytes are kept as the original). The plain-text importer then reads it like any
scraped text (its byline, dateline, dates); the PDF's own Title, Author and CreationDate fill what the
text does not say.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import replace

from ..core.errors import ImportRejected
from ..core.messages import N_, Message
from ..core.models import ArticleDraft
from .dates import parse_date
from .decoding import DecodedText

_PAGE_NUMBER = re.compile(r"(?:page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:of|/|sur|de)\s*\d{1,4})?", re.IGNORECASE)
_HYPHENATED = re.compile(r"(?<=[^\W\d_])-\n(?=[a-zà-ÿ])")
_DIGITS = re.compile(r"\d+")
_PDF_DATE = re.compile(r"D:(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?)?"
                       r"(?P<z>Z|[+-]\d{2}'?\d{2}'?)?")
_JUNK_TITLES = re.compile(r"^(?:untitled|microsoft word\b|document\d*$|\S+\.(?:docx?|odt|pdf|indd|rtf)$)",
                          re.IGNORECASE)
_MAX_PAGES = 500


def parse_bytes(data: bytes) -> ArticleDraft:
    """Clean text, offset map (into the extracted text) and metadata of one PDF."""
    from . import plaintext

    try:
        pages, info = _read(data)
    except ImportRejected:
        raise
    except Exception as exc:  # pdfminer on a damaged or hostile file: refuse this file, keep the batch going
        raise ImportRejected(Message("not a readable PDF ({detail})", detail=f"{type(exc).__name__}: {str(exc)[:160]}")) from exc
    text, notes = extracted_text(pages)
    if not text.strip():
        raise ImportRejected(N_("the PDF has no text layer (a scanned page?); text in images is not read"))
    draft = plaintext.parse(DecodedText(text, "pdf", tuple(notes)))
    title = _info_text(info, "Title")
    if title and _JUNK_TITLES.match(title):
        title = None
    author = _info_text(info, "Author")
    published = _pdf_date(_info_text(info, "CreationDate"))
    return replace(
        draft,
        source_format="pdf",
        title=title or draft.title,
        title_derived=draft.title_derived and not title,
        author=draft.author or author,
        published=draft.published or published,
    )


def _read(data: bytes) -> tuple[list[list[str]], dict[str, object]]:
    """Each page's text boxes in reading order, and the document information dictionary."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ImportRejected(N_("the PDF is encrypted (it needs a password); save an unprotected copy")) from exc
    except PDFSyntaxError as exc:
        raise ImportRejected(Message("not a readable PDF ({detail})", detail=str(exc))) from exc
    info = {key: value for entry in document.info for key, value in entry.items()}
    pages: list[list[str]] = []
    for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams()), start=1):
        if number > _MAX_PAGES:
            raise ImportRejected(Message("the PDF has more than {n} pages: not an article", n=_MAX_PAGES))
        pages.append([" ".join(box.get_text().split(" ")).strip() for box in page
                      if isinstance(box, LTTextContainer) and box.get_text().strip()])
    return pages, info


def extracted_text(pages: list[list[str]]) -> tuple[str, list[str]]:
    """The pages' boxes without running headers, footers and page numbers, hyphenation re-joined."""
    edges = Counter(_furniture_key(box) for boxes in pages for box in {*boxes[:1], *boxes[-1:]})
    kept: list[str] = []
    furniture = numbers = 0
    for boxes in pages:
        for index, box in enumerate(boxes):
            edge = index == 0 or index == len(boxes) - 1
            if _PAGE_NUMBER.fullmatch(box.strip()):
                numbers += 1
            elif edge and len(pages) > 1 and edges[_furniture_key(box)] > 1:
                furniture += 1
            else:
                kept.append(box)
    joined = 0
    paragraphs = []
    for box in kept:  # a text box is a paragraph: its lines are reflowed into one
        box, count = _HYPHENATED.subn("", box)
        joined += count
        paragraphs.append(" ".join(box.split()))
    text = "\n\n".join(paragraphs)
    notes = [f"text read from {len(pages)} PDF page{'s' if len(pages) != 1 else ''}"]
    if furniture:
        notes.append(f"removed running page headers and footers ({furniture})")
    if numbers:
        notes.append(f"removed page numbers ({numbers})")
    if joined:
        notes.append(f"re-joined {joined} word{'s' if joined != 1 else ''} hyphenated at line ends")
    return text, notes


def _furniture_key(box: str) -> str:
    return _DIGITS.sub("#", " ".join(box.split()).casefold())


def _info_text(info: dict[str, object], key: str) -> str | None:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    value = resolve1(info.get(key))
    if isinstance(value, bytes):
        value = decode_text(value)
    if not isinstance(value, str):
        return None
    value = " ".join(value.replace("\x00", "").split())
    return value or None


def _pdf_date(value: str | None) -> str | None:
    """``D:20240805103000+01'00'`` -> ``2024-08-05T10:30:00+01:00``."""
    match = _PDF_DATE.match(value or "")
    if not match:
        return None
    iso = f"{match['y']}-{match['m']}-{match['d']}"
    if match["H"]:
        iso += f"T{match['H']}:{match['M']}:{match['S'] or '00'}"
        zone = (match["z"] or "").replace("'", "")
        if zone == "Z":
            iso += "+00:00"
        elif zone:
            iso += f"{zone[:3]}:{zone[3:5] or '00'}"
    return parse_date(iso)
