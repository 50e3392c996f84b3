"""What this program exports, it imports: the bundle guard bounds total work and memory, not how well
honest content compresses; members the import never uses cannot make it read gigabytes."""

from __future__ import annotations

import random
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from niger_archive.core.errors import BundleRejected
from niger_archive.services.archive import Archive
from niger_archive.services.bundle_exchange import import_bundle, run_export

PAGE = ("<html><head><title>Budget vote</title><meta property='og:site_name' content='Le Sahel'></head><body>"
        "<article><h1>Budget vote</h1>{paras}</article>{blank}</body></html>")
PARA = "<p>The national assembly in Niamey voted the budget for the coming year on {0}, after a long debate.</p>"


def _page(blank: int, words: tuple[str, ...] = ("Monday", "Tuesday", "Friday")) -> bytes:
    return PAGE.format(paras="".join(PARA.format(w) for w in words), blank=" \n\t" * (blank // 3)).encode()


def _round_trip(tmp_path, page: bytes, note: str, name: str = "a") -> None:
    source = tmp_path / f"{name}-source"
    page_path = tmp_path / f"{name}-page.html"
    page_path.write_bytes(page)
    with Archive.open(source) as archive:
        [outcome] = archive.import_files([page_path])
        assert outcome.status == "imported", outcome
        text = archive.articles.text(outcome.article_id)
        start = text.index("The national")
        archive.apply(archive.editor.create_annotation(outcome.article_id, start, start + 30, note=note))
        run_export(archive, tmp_path / f"{name}.nabundle")
    with Archive.open(tmp_path / f"{name}-target") as target:
        report = import_bundle(target, tmp_path / f"{name}.nabundle")
        assert report.counts["article"]["added"] == 1
        [article] = target.list_articles()
        [annotation] = target.annotations.find(article.id)
        assert annotation.note == note


@pytest.mark.slow
def test_a_page_with_megabytes_of_white_space_exports_and_imports_back(tmp_path):
    _round_trip(tmp_path, _page(3 * 1024 * 1024), note="checked against the assembly's record")


@pytest.mark.slow
def test_a_note_of_almost_two_million_characters_exports_and_imports_back(tmp_path):
    _round_trip(tmp_path, _page(0), note="n" * 1_999_000)


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(blank=st.integers(0, 2_000_000), note=st.sampled_from(["", "a", "x" * 300_000, "ab " * 200_000]))
def test_any_export_imports_back_however_compressible(tmp_path_factory, blank, note):
    _round_trip(tmp_path_factory.mktemp("round"), _page(blank), note)


def test_huge_members_the_import_never_uses_are_refused_before_they_are_read(tmp_path):
    source = tmp_path / "source"
    page_path = tmp_path / "page.html"
    page_path.write_bytes(_page(0))
    with Archive.open(source) as archive:
        archive.import_files([page_path])
        run_export(archive, tmp_path / "good.nabundle")
    # 48 MiB each at about 50:1, under any per-member ratio limit: only a bound on what members the
    # import never uses may inflate to stops them (the audit's were 1 GiB each, 3.2 GB of memory)
    rng = random.Random(4)
    padding = bytearray(b" " * (48 * 1024 * 1024))
    for position in range(0, len(padding) - 40, 40):
        padding[position + rng.randrange(40)] = rng.randrange(97, 123)
    bad = tmp_path / "padded.nabundle"
    with zipfile.ZipFile(tmp_path / "good.nabundle") as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            big = name in ("data/report.html", "data/claims.csv")
            dst.writestr(name, bytes(padding) if big else src.read(name))
    with zipfile.ZipFile(bad) as zf:
        info = zf.getinfo("data/report.html")
        assert info.file_size < 100 * info.compress_size
    with Archive.open(tmp_path / "target") as target:
        with pytest.raises(BundleRejected, match="zip bomb"):
            import_bundle(target, bad, dry_run=True)
        assert target.list_articles() == []


def test_members_only_verified_are_never_held_in_memory(tmp_path):
    from niger_archive.bundles.members import Streamed, read_members

    page_path = tmp_path / "page.html"
    page_path.write_bytes(_page(0))
    with Archive.open(tmp_path / "source") as archive:
        archive.import_files([page_path])
        run_export(archive, tmp_path / "b.nabundle")
    members = read_members(tmp_path / "b.nabundle")
    assert isinstance(members["data/report.html"], Streamed)
    assert isinstance(members["data/manifest.json"], bytes)
