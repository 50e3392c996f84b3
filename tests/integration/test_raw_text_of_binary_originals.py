"""The original text of a PDF, a Word document or an e-mail (``show --raw``, the reader's O key) is the
text read from it — the text the clean text's offsets point into — never its bytes decoded as if they
were text; an original that cannot be read again says what it is instead."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "importers"))
from pdf_maker import make_pdf  # noqa: E402
from test_import_docx import word  # noqa: E402

PAGES = [["Niger's junta reopens the border with Benin", "",
          "NIAMEY - The military government said on Sunday that the border with Benin would reopen",
          "on Monday after a year of closure, a decision welcomed by traders in the capital."]]


def _one(archive, path: Path) -> int:
    (outcome,) = archive.import_files([str(path)])
    assert outcome.status == "imported", outcome.reason
    return outcome.article_id


def _points_into(archive, article_id: int, quote: str) -> None:
    article = archive.get_article(article_id)
    raw = archive.raw_text(article_id)
    start = article.text.index(quote)
    mapped = archive.articles.offset_map(article_id).to_raw(start)
    assert raw[mapped:mapped + len(quote)] == quote


def test_the_original_text_of_a_pdf_is_the_text_read_from_it(archive, tmp_path):
    path = tmp_path / "border.pdf"
    path.write_bytes(make_pdf(PAGES))
    article = _one(archive, path)
    raw = archive.raw_text(article)
    assert "%PDF" not in raw and "\x00" not in raw
    assert "would reopen" in raw
    _points_into(archive, article, "would reopen")


def test_the_original_text_of_a_word_document_is_its_text(archive, tmp_path):
    path = tmp_path / "release.docx"
    path.write_bytes(word())
    article = _one(archive, path)
    raw = archive.raw_text(article)
    assert not raw.startswith("PK") and "Arlit uranium mine" in raw
    _points_into(archive, article, "Arlit uranium mine")


def test_an_original_that_cannot_be_read_again_says_what_it_is(archive, tmp_path, monkeypatch):
    path = tmp_path / "border.pdf"
    data = make_pdf(PAGES)
    path.write_bytes(data)
    article = _one(archive, path)
    from niger_archive.importers import pdf

    def broken(_data):  # a later version of the PDF library that no longer reads this file
        raise ValueError("cannot read it today")

    monkeypatch.setattr(pdf, "parse_bytes", broken)
    raw = archive.raw_text(article)
    assert raw.startswith(f"binary original (PDF, {len(data):,} bytes)")
    assert "%PDF" not in raw


def test_a_text_original_is_still_its_decoded_text(archive, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Title: Note\n\nThe governor of Agadez said the road to Arlit would reopen on Monday "
                    "after repairs to the bridge.\n", encoding="utf-8")
    article = _one(archive, path)
    assert archive.raw_text(article) == path.read_text(encoding="utf-8")


def test_check_finds_nothing_wrong_with_pdf_and_word_articles(archive, tmp_path):
    """``check`` compares each article's offset map with its original's text: for a PDF or a Word
    document that is the text read from it, so a sound archive of them is reported sound."""
    (tmp_path / "border.pdf").write_bytes(make_pdf(PAGES))
    (tmp_path / "release.docx").write_bytes(word())
    outcomes = archive.import_files([str(tmp_path / "border.pdf"), str(tmp_path / "release.docx")])
    assert [o.status for o in outcomes] == ["imported", "imported"]
    report = archive.check()
    assert report.bad_offset_maps == [] and not report.problems
