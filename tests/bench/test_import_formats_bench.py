"""The per-format import benchmark keeps working from the benchmark command (``bench.run --formats``,
``--warc-mb``): every format is imported whole, and the web archive's figures are there. No timing is
asserted; the figures are in docs/performance.md."""

from __future__ import annotations

import pytest

from bench.run import main, run_formats


@pytest.mark.slow
def test_every_format_is_measured_and_every_file_imported(tmp_path):
    result = run_formats(tmp_path, files=2, warc_mb=3)
    for kind in ("txt", "html", "mhtml", "pdf", "docx", "eml", "warc"):
        figures = result[kind]
        assert figures["imported"] == 2, (kind, figures)
        assert figures["peak_rss_mb"] > 0 and figures["seconds"] > 0
    big = result["big_warc"]
    assert big["imported"] == big["pages_written"] == 1
    assert big["size_mb"] >= 2 and big["peak_rss_mb"] > 0
    assert not (tmp_path / "formats").exists()  # corpora and archives are removed


def test_the_benchmark_command_takes_the_format_options(monkeypatch, tmp_path):
    seen = {}

    def fake_run(size, **options):
        seen.update(options, size=size)
        raise SystemExit(0)

    monkeypatch.setattr("bench.run.run", fake_run)
    with pytest.raises(SystemExit):
        main(["--quick", "--formats", "--warc-mb", "1024", "--work", str(tmp_path)])
    assert seen["formats"] == 100 and seen["warc_mb"] == 1024 and seen["size"] == "1k"
