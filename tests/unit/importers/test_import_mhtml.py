"""Saved single-file web pages (MHTML): the page inside is imported like an HTML page."""

from __future__ import annotations

import quopri

import pytest
from importer_checks import assert_offsets_consistent

from niger_archive.core.errors import ImportRejected
from niger_archive.importers import SUPPORTED_SUFFIXES, parse_file

PAGE = ("<html><head><title>Junta expels envoy | Sahel Daily</title><meta property='og:site_name' content='Sahel Daily'>"
        "</head><body><nav>Home World Africa</nav><article><h1>Junta expels envoy</h1>"
        "<p>The junta gave the French envoy 48 hours to leave Niamey, the foreign ministry said on Friday – a "
        "step the embassy called unlawful.</p>"
        "<p>France said the military authorities had no legitimacy to make such a demand of its ambassador.</p>"
        "</article></body></html>")


def mhtml(page: str = PAGE) -> bytes:
    encoded = quopri.encodestring(page.encode("utf-8")).decode("ascii")
    return ("From: <Saved by Blink>\r\nSnapshot-Content-Location: https://sahel-daily.example/envoy\r\n"
            "Subject: Junta expels envoy\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/related; type="text/html"; boundary="----MultipartBoundary--abc"\r\n\r\n'
            "------MultipartBoundary--abc\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n"
            "Content-Location: https://sahel-daily.example/envoy\r\n\r\n"
            f"{encoded}\r\n"
            "------MultipartBoundary--abc\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
            "Content-Location: https://sahel-daily.example/logo.png\r\n\r\niVBORw0KGgo=\r\n"
            "------MultipartBoundary--abc--\r\n").encode("ascii")


@pytest.mark.parametrize("suffix", [".mhtml", ".mht"])
def test_saved_page_is_imported_as_its_html(suffix):
    assert suffix in SUPPORTED_SUFFIXES
    draft = parse_file(mhtml(), "envoy" + suffix)
    assert draft.source_format == "mhtml"
    assert draft.title == "Junta expels envoy"
    assert draft.outlet == "Sahel Daily"
    assert draft.url == "https://sahel-daily.example/envoy"
    assert "48 hours to leave Niamey, the foreign ministry said on Friday – a step" in draft.text
    assert "Home World Africa" not in draft.text
    assert_offsets_consistent(draft)


EMPTY_ARCHIVE = b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x--"


@pytest.mark.parametrize("data", [b"", b"hello", EMPTY_ARCHIVE])
def test_not_a_saved_page_is_refused(data):
    with pytest.raises(ImportRejected):
        parse_file(data, "page.mhtml")
