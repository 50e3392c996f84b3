"""Property tests: any bytes give a draft or ImportRejected, and every draft's offset map is right."""

from __future__ import annotations

import importlib
import io
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from importer_checks import assert_offsets_consistent

from niger_archive.core.errors import ImportRejected
from niger_archive.importers import SUPPORTED_SUFFIXES, parse_file
from niger_archive.importers.decoding import decode_bytes

SUFFIXES = sorted(SUPPORTED_SUFFIXES)
FORMAT_MODULES = {".txt": "plaintext", ".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown",
                  ".pdf": "pdf", ".mhtml": "mhtml", ".mht": "mhtml", ".eml": "email_message", ".docx": "word"}
BINARY = {".pdf", ".mhtml", ".mht", ".eml", ".docx"}  # read from bytes by the module's parse_bytes
WEB_ARCHIVES = {".warc", ".warc.gz", ".wacz"}  # streamed record by record (importers.warc.records)
FURNITURE = [
    "top of page", "Share.", "Advertisement", "0", "Related News", "Leave A Reply", "Exit mobile version",
    "feedback@example.org", "+74956456601", "© 2024 Example. All rights reserved.", "https://x.example/a.jpg",
    "2024-05-20T09:14+0200", "By Jane Doe", "Writer's pictureOlga Nesterova", "NIAMEY, Niger —", "niger, sahel",
    "Jun 11, 2024", "en_EN", "Read more:", "Published 10:14 AM EDT, May 3, 2024", "# Heading", "**bold** _it_",
    "<p>para &amp; more</p>", "---", "title: x", "\ufeff", "\u00a0", "•", "  ",
]
PROSE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFF), min_size=0, max_size=120
)
LINE = st.one_of(st.sampled_from(FURNITURE), PROSE, PROSE.map(lambda s: s + "."))
DOCUMENT = st.lists(st.tuples(LINE, st.sampled_from(["\n", "\n\n", "\r\n", "\r", " \n"])), max_size=25).map(
    lambda parts: "".join(line + end for line, end in parts)
)
# IMPORTER_FUZZ_EXAMPLES=5000 runs a longer search locally.
SETTINGS = settings(
    max_examples=int(os.environ.get("IMPORTER_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def check(data: bytes, suffix: str) -> None:
    """parse_file's contract, then the format parser itself (no safety net) on the same input."""
    try:
        draft = parse_file(data, "file" + suffix)
    except ImportRejected as exc:
        assert str(exc)
    else:
        assert_offsets_consistent(draft)
        assert draft.text.strip()
    if suffix in WEB_ARCHIVES:
        from niger_archive.importers import warc

        try:
            for _ in warc.records(io.BytesIO(data), "file" + suffix, max_bytes=1_000_000):
                pass
        except ImportRejected as exc:
            assert str(exc)
        return
    if suffix in BINARY:
        try:
            importlib.import_module(f"niger_archive.importers.{FORMAT_MODULES[suffix]}").parse_bytes(data)
        except ImportRejected:
            pass
        return
    try:
        decoded = decode_bytes(data)
    except ImportRejected:
        return
    module = importlib.import_module(f"niger_archive.importers.{FORMAT_MODULES[suffix]}")
    try:
        module.parse(decoded)
    except ImportRejected:
        pass


@SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_raise_anything_but_import_rejected(data, suffix):
    check(data, suffix)


@SETTINGS
@given(document=DOCUMENT, suffix=st.sampled_from(SUFFIXES), codec=st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_scrape_like_text_keeps_a_consistent_offset_map(document, suffix, codec):
    check(document.encode(codec, errors="surrogatepass"), suffix)


@SETTINGS
@given(document=DOCUMENT)
def test_plain_text_drafts_copy_their_text_from_the_raw_file(document):
    try:
        draft = parse_file(document.encode("utf-8"), "a.txt")
    except ImportRejected:
        return
    assert_offsets_consistent(draft)
    assert draft.raw_text == document.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    copied = sum(span.length for span in draft.offsets.spans if span.copied)
    synthetic = "".join(
        draft.text[s.clean_start:s.clean_start + s.length] for s in draft.offsets.spans if not s.copied
    )
    assert copied + len(synthetic) == len(draft.text)
    assert set(synthetic) <= {" ", "\n"}  # plain text only ever adds joining spaces and paragraph breaks
