"""Word documents (.docx): the article written or saved in Word is imported, with its title, byline and
dates; damaged, encrypted, old-format and ZIP-bomb files are refused with a reason. The documents are
written here with python-docx."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from docx import Document

from niger_archive.core.errors import ImportRejected
from niger_archive.importers import SUPPORTED_SUFFIXES, parse_file


def word(*, title_property="Microsoft Word - release.docx", author="Issa Moussa", table=False) -> bytes:
    document = Document()
    document.core_properties.title = title_property
    document.core_properties.author = author
    document.core_properties.created = dt.datetime(2024, 8, 5, 16, 5, tzinfo=dt.timezone.utc)
    document.add_heading("Uranium exports halted at Arlit", level=1)
    document.add_paragraph("By Aïssata Diallo")
    document.add_paragraph("NIAMEY, Niger — The operator of the Arlit uranium mine said on Monday it had halted "
                           "exports after the border with Benin stayed closed for a third month.")
    if table:
        grid = document.add_table(rows=2, cols=2)
        grid.cell(0, 0).text, grid.cell(0, 1).text = "Month", "Tonnes shipped"
        grid.cell(1, 0).text, grid.cell(1, 1).text = "July", "0"
    document.add_paragraph("Workers said salaries had been paid late since the summer and that the company had "
                           "not said when the trucks would run again to the port of Cotonou.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_document_is_an_article_with_its_title_byline_and_date():
    assert ".docx" in SUPPORTED_SUFFIXES
    draft = parse_file(word(), "release.docx")
    assert draft.source_format == "docx"
    assert draft.title == "Uranium exports halted at Arlit" and not draft.title_derived
    assert draft.author == "Aïssata Diallo"  # the byline in the text before the document's property
    assert draft.published == "2024-08-05T16:05:00+00:00"
    assert "halted exports after the border with Benin" in draft.text
    assert "port of Cotonou" in draft.text
    start = draft.text.index("port of Cotonou")
    raw = draft.offsets.to_raw(start)
    assert draft.raw_text[raw:raw + 15] == "port of Cotonou"


def test_the_document_property_gives_the_author_when_the_text_has_no_byline():
    document = Document()
    document.core_properties.author = "Ministry of Mines"
    document.add_paragraph("The ministry announced today that the export licence is suspended pending an audit.")
    out = io.BytesIO()
    document.save(out)
    draft = parse_file(out.getvalue(), "note.docx")
    assert draft.author == "Ministry of Mines"


def test_tables_are_read_in_document_order():
    draft = parse_file(word(table=True), "table.docx")
    text = draft.text
    assert text.index("third month") < text.index("Tonnes shipped") < text.index("Workers said")


def test_an_old_doc_or_an_encrypted_document_is_refused_with_what_to_do():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    with pytest.raises(ImportRejected, match="save it as an unprotected .docx"):
        parse_file(ole, "secret.docx")


@pytest.mark.parametrize("data", [b"", b"plain words", word()[:300]])
def test_a_damaged_word_document_is_refused(data):
    with pytest.raises(ImportRejected):
        parse_file(data, "broken.docx")


def test_a_zip_bomb_is_refused_without_inflating_it():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document/>")
        with z.open("word/media/huge.bin", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(210):
                member.write(block)
    with pytest.raises(ImportRejected, match="ZIP bomb"):
        parse_file(out.getvalue(), "bomb.docx")
