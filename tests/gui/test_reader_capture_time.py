"""The reader's header says when a page read from a web archive was captured."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from test_import_web_archives import crawl  # noqa: E402


def test_the_reader_header_says_when_the_page_was_captured(make_window, archive, tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(crawl())
    archive.import_files([str(path)])
    envoy = next(a.id for a in archive.list_articles() if a.url.endswith("/envoy"))
    archive.close()
    window = make_window(archive.root)
    window.open_article(envoy)
    note = window.reader.header.note
    assert note.isVisible() and "Captured by a web archive on 2024-08-05T09:30:00Z" in note.text()
