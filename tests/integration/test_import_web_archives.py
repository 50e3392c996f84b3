"""Web archives (WARC, WARC.gz, WACZ): every captured article page becomes an article, with the address it
was captured from and when; other records are counted, not imported; a damaged archive keeps what came
before the damage and never stops the batch. The archives are written here with warcio."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from niger_archive.importers import SUPPORTED_SUFFIXES, is_supported

PARAGRAPHS = {
    "envoy": ("Junta expels envoy",
              ["The junta gave the French envoy 48 hours to leave Niamey, the foreign ministry said on Friday, "
               "a step the embassy called unlawful and without precedent in the two countries' relations.",
               "France said the military authorities had no legitimacy to make such a demand of its ambassador, "
               "who remained in the embassy compound on Saturday as crowds gathered outside."]),
    "uranium": ("Uranium mine halts exports",
                ["The operator of the Arlit uranium mine said it had halted exports after the border with Benin "
                 "stayed closed for a third month, leaving ore stockpiled at the site in northern Niger.",
                 "Workers at the mine said salaries had been paid late since the summer and that the company "
                 "had not said when the trucks would run again to the port of Cotonou."]),
    "floods": ("Floods displace thousands in Maradi",
               ["Heavy rains in the Maradi region destroyed more than two thousand homes this week, the civil "
                "protection service said, and thousands of families are sleeping in schools and mosques.",
                "The regional governor asked for tents, food and medicine, saying the river had risen faster "
                "than in any rainy season of the past twenty years, and that roads to three towns were cut."]),
}


def page(key: str) -> bytes:
    title, paragraphs = PARAGRAPHS[key]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title} | Sahel Daily</title>"
            "<meta property='og:site_name' content='Sahel Daily'></head><body><nav>Home World Africa</nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>© Sahel Daily</footer></body></html>").encode()


def response(writer: WARCWriter, uri: str, payload: bytes, *, status: str = "200 OK",
             content_type: str = "text/html; charset=utf-8", date: str = "2024-08-05T15:05:00Z") -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(payload)))],
                            protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http,
                                       warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)


def request(writer: WARCWriter, uri: str) -> None:
    http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "sahel-daily.example")], is_http_request=True)
    writer.write_record(writer.create_warc_record(uri, "request", http_headers=http))


def crawl(*, gzip: bool = True) -> bytes:
    """A small crawl: three article pages, their requests, an image, a stylesheet, a 404 and a redirect."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test crawler"}))
    for key, day in (("envoy", "05"), ("uranium", "06"), ("floods", "07")):
        uri = f"https://sahel-daily.example/2024/08/{key}"
        request(writer, uri)
        response(writer, uri, page(key), date=f"2024-08-{day}T09:30:00Z")
    response(writer, "https://sahel-daily.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
             content_type="image/png")
    response(writer, "https://sahel-daily.example/site.css", b"body { color: black }", content_type="text/css")
    response(writer, "https://sahel-daily.example/gone", b"<html><body>Not found</body></html>",
             status="404 Not Found")
    response(writer, "https://sahel-daily.example/old", b"", status="301 Moved Permanently")
    return out.getvalue()


def imported(archive, paths):
    return archive.import_files([str(p) for p in paths])


def articles_by_url(archive):
    return {a.url: a for a in archive.list_articles()}


@pytest.mark.parametrize("name,gzip", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_every_article_page_of_a_web_archive_becomes_an_article(archive, tmp_path, name, gzip):
    path = tmp_path / name
    path.write_bytes(crawl(gzip=gzip))
    outcomes = imported(archive, [path])
    assert [o.status for o in outcomes] == ["imported"] * 3 + ["skipped"]
    found = articles_by_url(archive)
    assert set(found) == {f"https://sahel-daily.example/2024/08/{k}" for k in ("envoy", "uranium", "floods")}
    envoy = archive.get_article(found["https://sahel-daily.example/2024/08/envoy"].id)
    assert envoy.title == "Junta expels envoy"
    assert "48 hours to leave Niamey" in envoy.text and "Home World Africa" not in envoy.text
    assert envoy.source_format == "html"
    # the capture time travels with the article (in its import notes)
    row = archive.db.execute("SELECT cleanup_notes, source_name FROM articles WHERE id = ?", [envoy.id]).fetchone()
    assert "captured from https://sahel-daily.example/2024/08/envoy on 2024-08-05T09:30:00Z" in row[0]
    assert row[1] == name
    # and the import's report says it per page
    assert outcomes[0].reason.startswith("captured 2024-08-05T09:30:00Z")
    # the original kept is the page as captured: its raw text is what the offsets point into
    assert archive.original_bytes(envoy.id) == page("envoy")
    start = envoy.text.index("48 hours")
    raw = archive.raw_text(envoy.id)
    mapped = archive.articles.offset_map(envoy.id).to_raw(start)
    assert raw[mapped:mapped + 8] == "48 hours"
    # the records passed over are counted by reason
    skipped = outcomes[-1]
    assert skipped.path == str(path)
    assert skipped.reason.startswith("4 of ")
    for reason in ("1 not HTML (image/png)", "1 not HTML (text/css)", "1 HTTP status 404", "1 HTTP status 301"):
        assert reason in skipped.reason
    # and found by search
    assert any(hit.id == envoy.id for hit in archive.search("envoy Niamey"))


def test_a_web_archive_imported_again_adds_nothing(archive, tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(crawl())
    imported(archive, [path])
    again = imported(archive, [path])
    assert [o.status for o in again] == ["duplicate"] * 3 + ["skipped"]
    assert len(archive.list_articles()) == 3


def test_a_cut_short_web_archive_keeps_the_pages_before_the_cut_and_the_batch_goes_on(archive, tmp_path):
    data = crawl(gzip=False)
    cut = data.index(b"Uranium mine halts exports") + 200  # inside the second page's record
    broken = tmp_path / "a-broken.warc"
    broken.write_bytes(data[:cut] + b"\r\nWARC/1.0\r\ngarbage")
    text = tmp_path / "b-note.txt"
    text.write_text("Title: Note\n\nThe governor of Agadez said the road to Arlit would reopen on Monday "
                    "after repairs to the bridge that the floods had washed away last month.\n", encoding="utf-8")
    outcomes = imported(archive, [broken, text])
    statuses = [(Path(o.path.split("#")[0]).name, o.status) for o in outcomes]
    assert statuses == [("a-broken.warc", "imported"), ("a-broken.warc", "failed"), ("b-note.txt", "imported")]
    assert "cut short after 4 whole records" in outcomes[1].reason
    assert "the pages before it are kept" in outcomes[1].reason
    assert {a.title for a in archive.list_articles()} == {"Junta expels envoy", "Note"}


def test_a_file_that_is_not_a_web_archive_is_refused_by_name(archive, tmp_path):
    path = tmp_path / "fake.warc.gz"
    path.write_bytes(b"this is not a web archive at all, just some text")
    outcomes = imported(archive, [path])
    assert [o.status for o in outcomes] == ["failed"]
    assert "not a WARC web archive" in outcomes[0].reason


def test_wacz_pages_are_imported_from_its_warc_files(archive, tmp_path):
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as z:
        z.writestr("datapackage.json", '{"profile": "data-package", "resources": []}')
        z.writestr("pages/pages.jsonl", '{"format": "json-pages-1.0"}\n')
        z.writestr("archive/data.warc.gz", crawl(), compress_type=zipfile.ZIP_STORED)
    path = tmp_path / "crawl.wacz"
    path.write_bytes(package.getvalue())
    outcomes = imported(archive, [path])
    assert [o.status for o in outcomes] == ["imported"] * 3 + ["skipped"]
    row = archive.db.execute("SELECT cleanup_notes FROM articles WHERE url LIKE '%floods'").fetchone()
    assert "crawl.wacz (archive/data.warc.gz)" in row[0]


def test_a_zip_bomb_wacz_is_refused_without_inflating_it(archive, tmp_path):
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w", compression=zipfile.ZIP_DEFLATED) as z:
        with z.open("archive/bomb.warc", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(300):
                member.write(block)
    path = tmp_path / "bomb.wacz"
    path.write_bytes(package.getvalue())
    outcomes = imported(archive, [path])
    assert [o.status for o in outcomes] == ["failed"]
    assert "ZIP bomb" in outcomes[0].reason


def test_the_importer_streams_records_one_at_a_time(tmp_path):
    """Memory is bounded by one page: records are read from the stream as they are used."""
    from niger_archive.importers import warc

    out = io.BytesIO(crawl())
    out.seek(0, io.SEEK_END)
    writer = WARCWriter(out, gzip=True)
    for number in range(200):  # 200 stylesheets after the pages, 1 MB of them
        response(writer, f"https://sahel-daily.example/{number}.css", bytes(range(256)) * 20,
                 content_type="text/css")
    stream = io.BytesIO(out.getvalue())
    items = warc.records(stream, "crawl.warc.gz", max_bytes=1_000_000)
    first = next(items)
    assert isinstance(first, warc.WebPage)
    assert stream.tell() < len(stream.getvalue()) // 4  # the rest is not read yet
    assert first.captured == "2024-08-05T09:30:00Z"
    assert first.target_uri == "https://sahel-daily.example/2024/08/envoy"


def test_a_page_larger_than_the_limit_is_skipped_with_its_reason():
    from niger_archive.importers import warc

    items = list(warc.records(io.BytesIO(crawl()), "crawl.warc.gz", max_bytes=200))
    assert not any(isinstance(i, warc.WebPage) for i in items)
    assert sum(1 for i in items if "larger than the import limit" in getattr(i, "reason", "")) == 3


def test_web_archives_are_offered_by_the_import_dialog_and_found_in_folders(archive, tmp_path):
    from niger_archive.commands.archive_actions import IMPORT_SUFFIXES

    assert {".warc", ".warc.gz", ".wacz"} <= SUPPORTED_SUFFIXES
    assert {"*.warc", "*.warc.gz", "*.wacz"} <= set(IMPORT_SUFFIXES)
    assert is_supported("Crawl.WARC.GZ") and not is_supported("notes.tar.gz")
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "crawl.warc.gz").write_bytes(crawl())
    (folder / "backup.tar.gz").write_bytes(b"not for us")
    outcomes = imported(archive, [folder])
    assert [(Path(o.path.split("#")[0]).name, o.status) for o in outcomes] == [
        ("backup.tar.gz", "skipped")] + [("crawl.warc.gz", "imported")] * 3 + [("crawl.warc.gz", "skipped")]


def test_a_corrupted_compressed_web_archive_fails_alone(archive, tmp_path):
    data = bytearray(crawl(gzip=True))
    middle = len(data) // 2
    data[middle:middle + 40] = b"\xff" * 40  # damaged in the middle of a compressed record
    damaged = tmp_path / "a-damaged.warc.gz"
    damaged.write_bytes(bytes(data))
    other = tmp_path / "b-crawl.warc"
    other.write_bytes(crawl(gzip=False).replace(b"Maradi", b"Zinder"))
    outcomes = imported(archive, [damaged, other])
    damaged_outcomes = [o for o in outcomes if o.path.startswith(str(damaged))]
    assert damaged_outcomes[-1].status == "failed" and damaged_outcomes[-1].reason
    assert [o.status for o in outcomes if o.path.startswith(str(other))][-1] == "skipped"
    assert any(o.status == "imported" and "b-crawl.warc#" in o.path for o in outcomes)


def test_two_captures_of_one_page_imported_out_of_order_are_versions_in_capture_order(archive, tmp_path):
    """A crawl that revisited a page holds two captures of it; a page with no dates of its own is
    placed by when it was captured, not by the order its records happen to come in the file."""
    later = page("floods").replace(b"two thousand homes", b"three thousand homes")
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    uri = "https://sahel-daily.example/2024/08/floods"
    response(writer, uri, later, date="2024-08-09T18:00:00Z")  # the later capture comes first in the file
    response(writer, uri, page("floods"), date="2024-08-07T09:30:00Z")
    path = tmp_path / "revisits.warc.gz"
    path.write_bytes(out.getvalue())
    outcomes = imported(archive, [path])
    assert [o.status for o in outcomes] == ["imported", "version"]
    ids = [o.article_id for o in outcomes]
    current = archive.latest_version(ids[0])
    assert current == ids[0]  # the capture of the 9th stays current
    assert "three thousand homes" in archive.get_article(current).text
    assert outcomes[1].superseded_by == ids[0]  # the capture of the 7th goes before it
    assert archive.get_article(ids[1]).captured == "2024-08-07T09:30:00Z"
    assert archive.get_article(ids[0]).captured == "2024-08-09T18:00:00Z"
    from niger_archive.store import lineage
    assert lineage.lineage(archive.db, current) == [ids[1], ids[0]]


def test_pages_imported_before_the_capture_time_column_get_it_from_their_import_notes(archive_dir, tmp_path):
    """An archive of schema 0007 kept a web archive page's capture time only in its import notes; the
    0008 step reads it from there, and the page shows it."""
    import sqlite3

    from niger_archive.services.archive import Archive

    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(crawl())
    archive = Archive.open(archive_dir)
    try:
        imported(archive, [path])
    finally:
        archive.close()
    conn = sqlite3.connect(archive_dir / "archive.db")  # as an archive before 0008 had it
    conn.execute("ALTER TABLE articles DROP COLUMN captured")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0008_capture_time'")
    conn.commit()
    conn.close()
    archive = Archive.open(archive_dir)
    try:
        found = articles_by_url(archive)
        assert found["https://sahel-daily.example/2024/08/uranium"].captured == "2024-08-06T09:30:00Z"
        assert archive.get_article(found["https://sahel-daily.example/2024/08/envoy"].id).captured == \
            "2024-08-05T09:30:00Z"
    finally:
        archive.close()


def test_show_tells_when_a_page_was_captured(capsys, tmp_path):
    import json

    from niger_archive.cli import main

    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(crawl())
    arch = str(tmp_path / "A")
    assert main(["import", str(path), "--archive", arch]) in (0, 1)
    capsys.readouterr()
    main(["list", "--archive", arch, "--json"])
    listed = {a["url"]: a["id"] for a in json.loads(capsys.readouterr().out)}
    main(["show", str(listed["https://sahel-daily.example/2024/08/floods"]), "--archive", arch])
    assert "Captured: 2024-08-07T09:30:00Z" in capsys.readouterr().out
    main(["show", str(listed["https://sahel-daily.example/2024/08/floods"]), "--archive", arch, "--json"])
    assert json.loads(capsys.readouterr().out)["captured"] == "2024-08-07T09:30:00Z"


def test_a_wacz_page_without_a_title_takes_the_one_its_pages_list_gives(archive, tmp_path):
    """Webrecorder tools list every page they captured in ``pages/pages.jsonl``, with the title the
    browser showed and when; a captured page whose HTML names no title gets that one, not a title made
    from its first line. A page with a title of its own keeps it."""
    import json

    untitled = ("<html><body><div class='story'><p>" + PARAGRAPHS["uranium"][1][0] + "</p><p>"
                + PARAGRAPHS["uranium"][1][1] + "</p></div></body></html>").encode()
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    response(writer, "https://sahel-daily.example/2024/08/uranium", untitled, date="2024-08-06T09:30:00Z")
    response(writer, "https://sahel-daily.example/2024/08/envoy", page("envoy"), date="2024-08-05T09:30:00Z")
    pages = [{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"},
             {"id": "p1", "url": "https://sahel-daily.example/2024/08/uranium", "ts": "2024-08-06T09:30:00.412Z",
              "title": "Arlit mine stops shipping ore – Sahel Daily"},
             {"id": "p2", "url": "https://sahel-daily.example/2024/08/envoy", "ts": "2024-08-05T09:30:00Z",
              "title": "A title the browser showed"}]
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as z:
        z.writestr("datapackage.json", '{"profile": "data-package", "resources": []}')
        z.writestr("pages/pages.jsonl", "".join(json.dumps(p) + "\n" for p in pages) + "not json\n")
        z.writestr("archive/data.warc.gz", out.getvalue(), compress_type=zipfile.ZIP_STORED)
    path = tmp_path / "visit.wacz"
    path.write_bytes(package.getvalue())
    outcomes = imported(archive, [path])
    assert [o.status for o in outcomes] == ["imported", "imported"]
    found = articles_by_url(archive)
    uranium = found["https://sahel-daily.example/2024/08/uranium"]
    assert uranium.title == "Arlit mine stops shipping ore – Sahel Daily"
    assert not uranium.title_derived
    assert found["https://sahel-daily.example/2024/08/envoy"].title == "Junta expels envoy"


def test_a_pages_list_entry_is_matched_to_its_capture_by_time():
    """A page captured twice is listed twice: each capture takes its own entry's title; a record with no
    WARC-Date takes the list's time."""
    from niger_archive.importers import warc

    uri = "https://sahel-daily.example/live"
    listed = {uri: [("Live: first hours", "2024-08-05T09:30:00.120Z"), ("Live: day two", "2024-08-06T10:00:00Z")]}
    later = warc.WebPage(b"<html></html>", uri, "2024-08-06T10:00:00Z", None)
    assert warc._with_listing(later, listed).listed_title == "Live: day two"
    first = warc.WebPage(b"<html></html>", uri, "2024-08-05T09:30:00Z", None)
    assert warc._with_listing(first, listed).listed_title == "Live: first hours"
    unknown = warc.WebPage(b"<html></html>", uri, "2024-09-01T00:00:00Z", None)
    assert warc._with_listing(unknown, listed).listed_title is None  # which entry is unknown: none is taken
    undated = warc.WebPage(b"<html></html>", uri, None, None)
    single = {uri: [("Live", "2024-08-05T09:30:00Z")]}
    assert warc._with_listing(undated, single).captured == "2024-08-05T09:30:00Z"


def test_a_bundle_carries_when_a_web_archive_captured_the_page(capsys, tmp_path):
    """An article imported from a WARC, sent to a colleague in a bundle, shows the same capture time (and
    address) in the colleague's archive as in the sender's."""
    import json

    from niger_archive.cli import main

    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(crawl())
    sender, colleague = str(tmp_path / "A"), str(tmp_path / "B")
    assert main(["import", str(path), "--archive", sender]) in (0, 1)
    assert main(["export", str(tmp_path / "swap.nabundle"), "--archive", sender]) == 0
    assert main(["import-bundle", str(tmp_path / "swap.nabundle"), "--archive", colleague]) == 0
    capsys.readouterr()
    main(["list", "--archive", colleague, "--json"])
    listed = {a["url"]: a["id"] for a in json.loads(capsys.readouterr().out)}
    assert set(listed) == {f"https://sahel-daily.example/2024/08/{key}" for key in ("envoy", "uranium", "floods")}
    main(["show", str(listed["https://sahel-daily.example/2024/08/floods"]), "--archive", colleague, "--json"])
    assert json.loads(capsys.readouterr().out)["captured"] == "2024-08-07T09:30:00Z"


@pytest.mark.parametrize(
    ("metadata", "corrections", "captured", "url"),
    [({"title": "Floods"}, {}, None, None),  # a bundle from before capture times travelled
     ({"captured": "yesterday", "url": "https://x.example/a"}, {}, None, None),  # not a moment: ignored
     ({"captured": "2024-08-07T09:30:00Z", "url": "https://x.example/a"}, {}, "2024-08-07T09:30:00Z",
      "https://x.example/a"),
     ({"captured": "2024-08-07T09:30:00Z", "url": "https://x.example/b"}, {"url": "https://x.example/b"},
      "2024-08-07T09:30:00Z", None)],  # a corrected address travels as the correction
)
def test_a_bundled_article_takes_its_capture_only_when_the_bundle_gives_one(metadata, corrections, captured, url):
    from niger_archive.bundles.records import ArticleRecord
    from niger_archive.importers import parse_file
    from niger_archive.services.bundle_merge import with_capture

    draft = parse_file(page("floods"), "original.html")
    record = ArticleRecord(sha256="0" * 64, original_name="original.html", original=page("floods"), text=draft.text,
                           metadata=metadata, corrections=corrections)
    taken = with_capture(draft, record)
    assert (taken.captured, taken.url) == (captured, url)
