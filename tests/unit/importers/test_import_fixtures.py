"""Articles in other common shapes (tests/fixtures/articles) import with the metadata a reader expects."""

from __future__ import annotations

import pytest
from importer_checks import FIXTURES, assert_offsets_consistent, parse_path


def fixture(name: str):
    return parse_path(FIXTURES / name)


def test_wire_service_text():
    draft = fixture("wire_ap.txt")
    assert draft.title == "Niger’s junta orders French ambassador to leave within 48 hours"
    assert draft.author == "Jane Doe and Pierre Martin"
    assert draft.outlet == "Associated Press"
    assert draft.published == "2023-08-25T10:14:00-04:00"
    assert draft.updated == "2023-08-25T11:20:00-04:00"
    assert draft.dateline == "PARIS"
    assert "PARIS (AP) — Niger’s military junta" in draft.text
    for junk in ("By JANE DOE", "Published 10:14", "Advertisement", "Share", "Copyright", "All Rights Reserved"):
        assert junk not in draft.text
    assert draft.text.endswith("helped fight jihadi groups in the Sahel.")
    assert draft.language == "en"


def test_windows_1252_with_crlf():
    data = (FIXTURES / "cp1252_crlf.txt").read_bytes()
    assert b"\r\n" in data and b"\x80" in data and b"\x93" in data and b"\xe9" in data  # really cp1252
    draft = fixture("cp1252_crlf.txt")
    assert draft.encoding == "cp1252"
    assert "\r" not in draft.raw_text and "\r" not in draft.text
    assert "€120 million" in draft.text
    assert "“We have paid every coupon on time,” Boubacar Saïdou said" in draft.text
    assert "Radio Télé Ténéré" in draft.text
    assert draft.title == "Niger’s budget: “We will not default,” says minister"
    assert draft.dateline == "NIAMEY"


def test_french_article():
    draft = fixture("french_article.txt")
    assert draft.language == "fr"
    assert draft.title == "Le Niger et les États-Unis s’accordent sur le retrait des troupes américaines"
    assert draft.author == "Aïssatou Diallo"
    assert draft.published == "2024-05-20T09:14:00"
    assert draft.dateline == "NIAMEY"
    assert "« au plus tard le 15 septembre »" in draft.text
    for junk in ("Lire aussi", "la Russie renforce", "Partager", "Publicité", "Publié le"):
        assert junk not in draft.text


def test_utf16_with_bom():
    assert (FIXTURES / "utf16_bom.txt").read_bytes()[:2] == b"\xff\xfe"
    draft = fixture("utf16_bom.txt")
    assert draft.encoding == "utf-16-le"
    assert draft.language == "fr"
    assert draft.dateline == "AGADEZ"
    assert "« d’ici la mi-août »" in draft.text
    assert not draft.raw_text.startswith("\ufeff")


def test_labelled_header_lines():
    draft = fixture("labelled_header.txt")
    assert draft.title == "Niger revokes military accord with United States"
    assert draft.url == "https://www.example-news.com/africa/niger-revokes-accord"
    assert draft.outlet == "example-news.com"
    assert draft.published == "2024-03-17T08:00:00+00:00"
    assert draft.text.startswith("Niger’s ruling junta said on Saturday")
    assert "Markdown Content" not in draft.text


@pytest.mark.parametrize("path", sorted(FIXTURES.iterdir()), ids=lambda p: p.name)
def test_every_fixture_has_consistent_offsets(path):
    assert_offsets_consistent(parse_path(path))
