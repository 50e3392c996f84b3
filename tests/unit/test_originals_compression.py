"""Originals are kept gzipped, give back their exact bytes, and plain originals of older archives still work."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import zipfile

import pytest

from niger_archive.cli import main
from niger_archive.core.errors import ArchiveError
from niger_archive.services.archive import Archive
from niger_archive.store.originals import OriginalsStore

TEXT = ("Niamey, Niger — Officials said on Tuesday that talks would continue. " * 80).encode("utf-8")
DIGEST = hashlib.sha256(TEXT).hexdigest()


@pytest.fixture
def store(tmp_path):
    return OriginalsStore(tmp_path / "originals")


def make_plain(store: OriginalsStore, data: bytes) -> str:
    """An original as archives made before compression hold it: the bytes, under their bare digest."""
    digest = hashlib.sha256(data).hexdigest()
    path = store.root / digest[:2] / digest
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return digest


def test_an_original_is_stored_gzipped_and_comes_back_byte_for_byte(store):
    assert store.put(TEXT) == DIGEST
    path = store.path_for(DIGEST)
    assert path == store.root / DIGEST[:2] / f"{DIGEST}.gz"
    assert path.stat().st_size < len(TEXT) / 4
    assert gzip.decompress(path.read_bytes()) == TEXT  # opens with gunzip / zcat / 7-Zip too
    assert store.get(DIGEST) == TEXT and store.exists(DIGEST) and store.verify(DIGEST)
    assert not list(store.root.rglob("*.tmp"))


@pytest.mark.parametrize("data", [b"", b"x", bytes(range(256)) * 3, "café — ü\r\n".encode("cp1252")])
def test_any_bytes_survive_the_round_trip(store, data):
    digest = store.put(data)
    assert digest == hashlib.sha256(data).hexdigest() and store.get(digest) == data


def test_putting_an_original_twice_keeps_one_file(store):
    store.put(TEXT)
    first = store.path_for(DIGEST).stat().st_mtime_ns
    store.put(TEXT, DIGEST)
    assert store.path_for(DIGEST).stat().st_mtime_ns == first
    assert [p.name for p in store.root.rglob("*") if p.is_file()] == [f"{DIGEST}.gz"]


def test_a_plain_original_of_an_older_archive_is_read_as_it_is_and_never_rewritten(store):
    digest = make_plain(store, TEXT)
    plain = store.root / digest[:2] / digest
    assert store.path_for(digest) == plain
    assert store.get(digest) == TEXT and store.exists(digest) and store.verify(digest)
    store.put(TEXT, digest)
    assert [p.name for p in plain.parent.iterdir()] == [digest]  # no .gz copy made beside it
    store.remove(digest)
    assert not plain.exists() and not store.exists(digest)


@pytest.mark.parametrize("damage", ["cut", "appended", "flipped"])
def test_a_damaged_original_is_refused_then_rewritten_by_the_next_put(store, damage):
    store.put(TEXT)
    path = store.path_for(DIGEST)
    packed = path.read_bytes()
    changed = {"cut": packed[:-9], "appended": packed + b" tampered",
               "flipped": packed[:40] + bytes([packed[40] ^ 0xFF]) + packed[41:]}[damage]
    path.write_bytes(changed)
    assert not store.verify(DIGEST)
    if damage != "flipped":  # a flipped byte may still inflate: the SHA-256 (verify) catches it
        with pytest.raises(ArchiveError, match="damaged"):
            store.get(DIGEST)
    store.put(TEXT, DIGEST)  # importing the same file again repairs it
    assert store.get(DIGEST) == TEXT


def test_a_missing_original_is_reported_by_name(store):
    with pytest.raises(ArchiveError, match="missing"):
        store.get(DIGEST)
    assert not store.exists(DIGEST) and not store.verify(DIGEST)


def test_a_write_that_fails_leaves_no_file_behind(store, monkeypatch):
    def no_space(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(ArchiveError, match="No space left"):
        store.put(TEXT)
    assert not [p for p in store.root.rglob("*") if p.is_file()]


def test_remove_deletes_either_form_and_ignores_absent_ones(store):
    store.put(TEXT)
    store.remove(DIGEST)
    store.remove(DIGEST)
    assert not store.exists(DIGEST)
    with pytest.raises(ArchiveError, match="not a SHA-256"):
        store.remove("../../etc/passwd")


def test_files_lists_both_forms_and_unfinished_writes_only(store):
    store.put(TEXT)
    plain = make_plain(store, b"an older original")
    leftover = store.root / DIGEST[:2] / f".{DIGEST}.123.456.tmp"
    leftover.write_bytes(b"half")
    (store.root / DIGEST[:2] / "notes.txt").write_text("not ours")
    found = {(digest, path.name) for digest, path in store.files()}
    assert found == {(DIGEST, f"{DIGEST}.gz"), (plain, plain), (None, leftover.name)}


# --- through the archive: show --raw, export, check, with plain and gzipped originals side by side ---------


def plainify(root) -> None:
    """Turn every gzipped original into the plain file an archive of the previous version held."""
    for path in list((root / "originals").rglob("*.gz")):
        path.with_name(path.name[:-3]).write_bytes(gzip.decompress(path.read_bytes()))
        path.unlink()


def test_an_archive_reads_plain_and_gzipped_originals_alike(tmp_path, samples_dir, capsys):
    root = tmp_path / "archive"
    files = sorted(samples_dir.glob("*.txt"))
    with Archive.open(root) as archive:
        archive.import_files(files[:3])
    plainify(root)
    with Archive.open(root) as archive:
        archive.import_files(files[3:])  # new ones are gzipped, the old ones stay plain
        stored = sorted(p.name.endswith(".gz") for p in (root / "originals").rglob("*") if p.is_file())
        assert stored == [False] * 3 + [True] * 2
        for article in archive.list_articles():
            source = next(f for f in files if hashlib.sha256(f.read_bytes()).hexdigest() == article.sha256)
            assert archive.original_bytes(article.id) == source.read_bytes()
        report = archive.check()
        assert report.ok and not report.corrupt_originals and report.unreferenced_originals == 0
        first = archive.current_ids()[0]
    assert main(["--archive", str(root), "show", str(first), "--raw"]) == 0
    assert "Niger" in capsys.readouterr().out
    out = tmp_path / "all.nabundle"
    assert main(["--archive", str(root), "export", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)
    with zipfile.ZipFile(out) as bundle:  # the bundle carries the exact original bytes, whichever form they had
        originals = {name.split("/")[-2]: bundle.read(name) for name in bundle.namelist()
                     if name.rsplit("/", 1)[-1].startswith("original.")}
    assert originals == {hashlib.sha256(f.read_bytes()).hexdigest(): f.read_bytes() for f in files}


def test_check_tells_a_changed_gzipped_original_from_a_missing_one(tmp_path, samples_dir):
    root = tmp_path / "archive"
    with Archive.open(root) as archive:
        archive.import_files([samples_dir])
        first, second = archive.current_ids()[:2]
        changed = archive.originals.path_for(archive.articles.sha256(first))
        changed.write_bytes(gzip.compress(b"other bytes"))
        archive.originals.remove(archive.articles.sha256(second))
        report = archive.check()
    assert report.corrupt_originals == [first] and report.missing_originals == [second]
