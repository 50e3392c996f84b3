"""Bytes to text: encodings recognised, newlines normalised, non-text refused with a reason."""

from __future__ import annotations

import codecs

import pytest

from niger_archive.core.errors import ImportRejected
from niger_archive.importers import SUPPORTED_SUFFIXES, parse_file
from niger_archive.importers.decoding import decode_bytes

FRENCH = "Les élèves ont été très nombreux à la fête — « c’est l’été », a dit Saïdou."
CURLY = "“We will not default,” the minister said of the €120 million payment — café exports recovered."


def test_utf8():
    decoded = decode_bytes(FRENCH.encode("utf-8"))
    assert decoded.text == FRENCH and decoded.encoding == "utf-8"


def test_utf8_with_bom_drops_the_mark():
    decoded = decode_bytes(codecs.BOM_UTF8 + FRENCH.encode("utf-8"))
    assert decoded.text == FRENCH and decoded.encoding == "utf-8-sig"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    decoded = decode_bytes(bom + FRENCH.encode(codec))
    assert decoded.text == FRENCH and decoded.encoding == codec


def test_utf16_without_bom_is_recognised():
    decoded = decode_bytes(FRENCH.encode("utf-16-le"))
    assert decoded.text == FRENCH


@pytest.mark.parametrize("text", [CURLY, FRENCH, "Niger’s junta", "è"])
def test_windows_1252_short_texts(text):
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding == "cp1252"


@pytest.mark.parametrize(
    ("codec", "text"),
    [
        ("cp1251", "Американские войска покинут Нигер до сентября, сообщили в министерстве."),
        ("cp1250", "Zażółć gęślą jaźń. Żołnierze amerykańscy opuszczą Niger do września."),
    ],
)
def test_other_legacy_encodings(codec, text):
    assert decode_bytes(text.encode(codec)).text == text


def test_ambiguous_short_text_prefers_windows_1252():
    """Known limit: a short Polish line reads as well in Windows-1252 as in 1250; Western wins."""
    data = "Żołnierze amerykańscy opuszczą Niger.".encode("cp1250")
    assert decode_bytes(data).encoding == "cp1252"


def test_crlf_and_cr_become_lf():
    assert decode_bytes(b"one\r\ntwo\rthree\n").text == "one\ntwo\nthree\n"


def test_mostly_utf8_with_a_stray_byte_stays_utf8():
    data = ("Le ministère a confirmé la réunion à Niamey. " * 20).encode() + b"\xff" + b" Fin."
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert "ministère" in decoded.text
    assert decoded.notes and "invalid UTF-8" in decoded.notes[0]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t\r\n  ", "only whitespace"),
        (codecs.BOM_UTF16_LE + " \n ".encode("utf-16-le"), "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(256)) * 4, "binary"),
        (codecs.BOM_UTF8 + b"ok \xff\xfe broken", "not valid UTF-8"),
        (codecs.BOM_UTF16_LE + b"a\x00b", "not valid UTF-16"),
    ],
)
def test_refusals_say_why(data, reason):
    with pytest.raises(ImportRejected, match=reason):
        decode_bytes(data)


def test_unknown_suffix_is_refused():
    with pytest.raises(ImportRejected, match=r"unsupported file type \.odt"):
        parse_file(b"PK\x03\x04", "report.odt")
    with pytest.raises(ImportRejected, match="unsupported file type"):
        parse_file(b"text", "README")


def test_supported_suffixes_case_insensitive():
    assert SUPPORTED_SUFFIXES == {".txt", ".html", ".htm", ".md", ".markdown", ".pdf", ".mhtml", ".mht", ".eml",
                                  ".docx", ".warc", ".warc.gz", ".wacz"}
    draft = parse_file(b"The talks in Niamey will continue next week, the ministry said.", "A.TXT")
    assert draft.source_format == "txt"
