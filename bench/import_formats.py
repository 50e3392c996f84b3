"""Import throughput and peak memory per file format (issue 16), and a large web archive in bounded memory.

    python -m bench.import_formats [--files 100] [--warc-mb 1024] [--out bench/results/import_formats.json]

For each format a folder of ``--files`` articles is written from the benchmark corpus (``bench.corpus``:
the same stories and words the other benchmarks use) — plain text, HTML, MHTML, PDF, Word, e-mail —
and one WARC.gz holding as many pages (with an image record beside each page, as a crawl has). Each is
imported into a fresh archive by the command line in a child process of its own; the figures are that
process's wall time and peak resident memory (``wait4``'s ``ru_maxrss``). With ``--warc-mb`` a web
archive of about that many megabytes (1 MB images, a page every eight records) is imported the same
way: its peak memory must stay under 500 MB whatever its size, since records are streamed.
"""

from __future__ import annotations

import argparse
import email.message
import io
import json
import os
import quopri
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .corpus import CorpusGenerator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "unit" / "importers"))  # the tests' small PDF writer


def _pages(n: int) -> list[tuple[str, str, str]]:
    """(title, paragraphs as text, html page) of ``n`` corpus articles, HTML ones as they are."""
    corpus = CorpusGenerator(max(n * 10, 200))
    found: list[tuple[str, str, str]] = []
    i = 0
    while len(found) < n:
        i += 1
        article = corpus.article(i)
        if article.kind != "html":
            continue
        page = article.data.decode("utf-8")
        title = re.search(r"<title>(.*?)</title>", page, re.S)
        paragraphs = [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p>(.*?)</p>", page, re.S)]
        found.append(((title.group(1) if title else f"Article {i}").strip(), "\n\n".join(paragraphs), page))
    return found


def write_corpus(folder: Path, n: int) -> dict[str, Path]:
    from docx import Document
    from pdf_maker import make_pdf
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = _pages(n)
    folders = {}
    for kind in ("txt", "html", "mhtml", "pdf", "docx", "eml"):
        folders[kind] = folder / kind
        folders[kind].mkdir(parents=True)
    for number, (title, text, page) in enumerate(pages):
        stem = f"{number:05d}"
        (folders["txt"] / f"{stem}.txt").write_text(f"Title: {title}\n\n{text}\n", encoding="utf-8")
        (folders["html"] / f"{stem}.html").write_text(page, encoding="utf-8")
        encoded = quopri.encodestring(page.encode("utf-8")).decode("ascii")
        (folders["mhtml"] / f"{stem}.mhtml").write_bytes((
            "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://bench.example/" + stem + "\r\n"
            "MIME-Version: 1.0\r\nContent-Type: multipart/related; type=\"text/html\"; boundary=\"B\"\r\n\r\n"
            "--B\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            f"{encoded}\r\n--B--\r\n").encode("ascii"))
        lines = [line for paragraph in text.split("\n\n") for line in _wrap(paragraph, 90) + [""]]
        latin = [line.encode("latin-1", "replace").decode("latin-1") for line in lines]
        (folders["pdf"] / f"{stem}.pdf").write_bytes(
            make_pdf([latin[i:i + 45] for i in range(0, len(latin), 45)], info={"Title": title}))
        document = Document()
        document.add_heading(title, level=1)
        for paragraph in text.split("\n\n"):
            document.add_paragraph(paragraph)
        document.save(folders["docx"] / f"{stem}.docx")
        message = email.message.EmailMessage()
        message["From"], message["Subject"] = "Bench Wire <desk@bench.example>", title
        message["Date"] = "Mon, 05 Aug 2024 16:05:00 +0100"
        message.set_content(text)
        (folders["eml"] / f"{stem}.eml").write_bytes(bytes(message))
    folders["warc"] = folder / "warc"
    folders["warc"].mkdir()
    with open(folders["warc"] / "crawl.warc.gz", "wb") as out:
        writer = WARCWriter(out, gzip=True)
        image = os.urandom(30_000)
        for number, (_, _, page) in enumerate(pages):
            _response(writer, StatusAndHeaders, f"https://bench.example/{number}", page.encode("utf-8"), "text/html")
            _response(writer, StatusAndHeaders, f"https://bench.example/{number}.jpg", image, "image/jpeg")
    return folders


def _wrap(paragraph: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + ([line] if line else [])


def _response(writer, status_and_headers, uri: str, payload: bytes, content_type: str) -> None:
    http = status_and_headers("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(payload)))],
                              protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http))


def write_big_warc(path: Path, megabytes: int) -> int:
    """A web archive of about ``megabytes`` MB: 1 MB images and a page every eight records. Returns pages."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = _pages(40)
    image = os.urandom(1024 * 1024)
    count = 0
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for number in range(megabytes):
            _response(writer, StatusAndHeaders, f"https://bench.example/img/{number}.jpg", image, "image/jpeg")
            if number % 8 == 0:
                _, _, page = pages[count % len(pages)]
                page = page.replace("</body>", f"<p>Edition {number}.</p></body>")
                _response(writer, StatusAndHeaders, f"https://bench.example/page/{number}", page.encode(), "text/html")
                count += 1
    return count


def import_measured(paths: list[Path], archive: Path) -> dict[str, float | int]:
    """Import ``paths`` into ``archive`` by the command line in a child process: seconds, peak RSS, outcomes."""
    command = [sys.executable, "-m", "niger_archive", "--archive", str(archive), "--json", "import",
               "--max-size-mb", "50", *map(str, paths)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    outcomes = json.loads(output or b"[]")
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome["status"]] = counts.get(outcome["status"], 0) + 1
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "exit": os.waitstatus_to_exitcode(status), **counts}


def measure(folder: Path, files: int, warc_mb: int = 0, log=print) -> dict[str, object]:
    """The figures per format for ``files`` articles each (and a web archive of ``warc_mb`` MB), made in
    ``folder`` (corpora and archives; the caller removes it)."""
    results: dict[str, object] = {"files_per_format": files}
    formats = write_corpus(folder / "corpus", files) if files else {}
    for kind, path in formats.items():
        figures = import_measured([path], folder / f"archive-{kind}")
        stored = int(figures.get("imported", 0)) + int(figures.get("version", 0))
        figures["articles_per_second"] = round(stored / max(float(figures["seconds"]), 1e-9), 1)
        results[kind] = figures
        log(f"{kind}: {figures}")
    if warc_mb:
        big = folder / "big.warc.gz"
        pages = write_big_warc(big, warc_mb)
        log(f"big web archive: {big.stat().st_size / 1_048_576:.0f} MB, {pages} pages; importing")
        figures = import_measured([big], folder / "archive-big")
        figures.update(size_mb=round(big.stat().st_size / 1_048_576), pages_written=pages)
        figures["mb_per_second"] = round(float(figures["size_mb"]) / max(float(figures["seconds"]), 1e-9), 1)
        results["big_warc"] = figures
        log(f"big_warc: {figures}")
        big.unlink()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--warc-mb", type=int, default=0, help="also import a web archive of about this size")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "import_formats.json")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="import-formats-") as temp:
        results = measure(Path(temp), args.files, args.warc_mb, log=lambda m: print(m, flush=True))
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
