"""PDF files: the article's text in reading order, page furniture gone, hyphenation re-joined,
metadata from the document information; hostile PDFs refused with a reason."""

from __future__ import annotations

import pytest
from importer_checks import assert_offsets_consistent
from pdf_maker import make_pdf

from niger_archive.core.errors import ImportRejected
from niger_archive.importers import SUPPORTED_SUFFIXES, parse_file

PAGES = [
    ["Niger's junta reopens the border with Benin", "",
     "NIAMEY, Niger (AP) - The military government said on Sunday that the border with",
     "Benin would reopen on Monday after a year of closure, a decision wel-",
     "comed by traders in the capital.", "",
     "Trucks carrying onions and cattle had waited for months at the crossing near",
     "Gaya, drivers said."],
    ["The reopening follows talks between the two governments, which had",
     "accused each other of bad faith over the oil pipeline to the coast.", "",
     "Benin's president did not comment on the decision on Sunday evening."],
]
INFO = {"Title": "Border with Benin reopens", "Author": "Amina Moussa", "CreationDate": "D:20240805103000+01'00'"}


@pytest.fixture(scope="module")
def draft():
    return parse_file(make_pdf(PAGES, INFO, header="Sahel Daily - Press review"), "border.pdf")


def test_pdf_is_an_importable_type():
    assert ".pdf" in SUPPORTED_SUFFIXES


def test_text_in_reading_order_across_pages(draft):
    assert draft.source_format == "pdf"
    text = draft.text
    assert text.index("Trucks carrying onions") < text.index("The reopening follows talks")
    assert "Gaya, drivers said." in text
    assert "Benin's president did not comment" in text


def test_running_header_and_page_numbers_removed(draft):
    assert "Sahel Daily - Press review" not in draft.text
    assert not any(line.strip() in {"1", "2"} for line in draft.text.split("\n"))
    assert any("page headers and footers" in note for note in draft.notes)


def test_hyphenation_at_line_ends_rejoined(draft):
    assert "a decision welcomed by traders" in draft.text
    assert "wel-" not in draft.text


def test_wrapped_lines_make_one_paragraph(draft):
    assert "the border with Benin would reopen" in draft.text


def test_metadata_from_the_document_information(draft):
    assert draft.title == "Border with Benin reopens"
    assert draft.author == "Amina Moussa"
    assert draft.published == "2024-08-05T10:30:00+01:00"
    assert draft.dateline == "NIAMEY"


def test_offsets_point_into_the_extracted_text(draft):
    assert_offsets_consistent(draft)
    start = draft.text.index("Trucks carrying")
    assert draft.raw_text[draft.offsets.to_raw(start):].startswith("Trucks carrying")


def test_a_word_processor_title_is_not_the_title():
    data = make_pdf(PAGES, {"Title": "Microsoft Word - draft3.docx"})
    draft = parse_file(data, "border.pdf")
    assert "Microsoft" not in (draft.title or "")


def test_a_page_number_line_in_a_one_page_release_goes_but_its_text_stays():
    draft = parse_file(make_pdf(PAGES[:1]), "release.pdf")
    assert "Gaya, drivers said." in draft.text
    assert draft.text.strip()[-1] != "1"


@pytest.mark.parametrize("data, reason", [
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog", "PDF"),
    (b"not a pdf at all", "PDF"),
    (make_pdf([[]], numbered=False), "no text layer"),
])
def test_hostile_or_empty_pdfs_are_refused_with_a_reason(data, reason):
    with pytest.raises(ImportRejected, match=reason):
        parse_file(data, "bad.pdf")


def test_an_encrypted_pdf_is_refused_as_encrypted(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(__import__("io").BytesIO(make_pdf(PAGES)))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    with pytest.raises(ImportRejected, match="encrypted"):
        parse_file(path.read_bytes(), "locked.pdf")
