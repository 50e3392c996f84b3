"""Odd files and folders met in real collections: names that are not UTF-8 (old drives, zips), names
with a newline, folders the user may not read, an import interrupted with Ctrl-C."""

from __future__ import annotations

import os
import sys

import pytest

from niger_archive.cli import main
from niger_archive.services.archive import Archive
from niger_archive.services.importing import import_paths

TEXT = "Niamey, 3 March 2024 — The council met on {0} and agreed the budget for the coming year. " * 3


def write(folder, raw_name: bytes, words: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(os.path.join(os.fsencode(folder), raw_name), "w", encoding="utf-8") as fh:
        fh.write(TEXT.format(words))


def run(capsys, root, *argv):
    code = main([*argv, "--archive", str(root)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes in names")
def test_a_latin1_file_name_is_imported_shown_and_the_rest_of_the_folder_too(tmp_path, capsys):
    folder = tmp_path / "drive"
    write(folder, b"a.txt", "Monday")
    write(folder, b"m_\xe9.txt", "Tuesday")
    write(folder, b"z.txt", "Wednesday")
    root = tmp_path / "archive"
    code, out, err = run(capsys, root, "import", str(folder))
    assert code == 0, (out, err)
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[:3]] == ["imported"] * 3, out
    assert "m_\ufffd.txt" in out  # shown with a replacement character
    assert "z.txt" in out
    with Archive.open(root) as archive:
        articles = [archive.get_article(a.id) for a in archive.list_articles()]
        assert len(articles) == 3
        odd = [a for a in articles if "m_" in a.source_path]
        assert len(odd) == 1
        name = archive.db.execute("SELECT source_name FROM articles WHERE id = ?", [odd[0].id]).fetchone()[0]
        assert name == "m_\ufffd.txt"
        # stored faithfully: the path gives the original bytes back, and so the file
        assert os.fsencode(odd[0].source_path).endswith(b"m_\xe9.txt")
        assert os.path.exists(odd[0].source_path)
        report = archive.check()
        assert report.ok, report.problems


def test_no_error_in_one_file_stops_the_batch_or_leaves_an_unused_original(tmp_path, monkeypatch):
    from niger_archive.store import articles as store_articles

    folder = tmp_path / "in"
    for i, name in enumerate([b"a.txt", b"b.txt", b"c.txt"]):
        write(folder, name, f"day {i}")
    real_insert = store_articles.ArticleStore.insert

    def failing_insert(self, draft, **kw):
        if kw["source_name"] == "b.txt":
            raise UnicodeEncodeError("utf-8", "x", 0, 1, "surrogates not allowed")
        return real_insert(self, draft, **kw)

    monkeypatch.setattr(store_articles.ArticleStore, "insert", failing_insert)
    with Archive.open(tmp_path / "archive") as archive:
        outcomes = archive.import_files([folder])
        assert [o.status for o in outcomes] == ["imported", "failed", "imported"]
        assert "b.txt" in outcomes[1].path and "surrogates" in outcomes[1].reason
        report = archive.check()
        assert report.ok and report.unreferenced_originals == 0, report.to_dict()  # no unused original left


def test_a_newline_in_a_file_name_keeps_its_line_of_output_whole(tmp_path, capsys):
    folder = tmp_path / "in"
    write(folder, b"two\nlines.txt", "Friday")
    code, out, _ = run(capsys, tmp_path / "archive", "import", str(folder))
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("imported") and "two\\nlines.txt" in first


def test_ctrl_c_during_an_import_leaves_no_unused_original(tmp_path, monkeypatch):
    from niger_archive.store import articles as store_articles

    folder = tmp_path / "in"
    for i, name in enumerate([b"a.txt", b"b.txt"]):
        write(folder, name, f"day {i}")
    real_insert = store_articles.ArticleStore.insert

    def interrupted(self, draft, **kw):
        if kw["source_name"] == "b.txt":
            raise KeyboardInterrupt
        return real_insert(self, draft, **kw)

    monkeypatch.setattr(store_articles.ArticleStore, "insert", interrupted)
    with Archive.open(tmp_path / "archive") as archive:
        with pytest.raises(KeyboardInterrupt):
            list(import_paths(archive, [folder]))
        report = archive.check()
        assert report.ok and report.unreferenced_originals == 0, report.to_dict()


def lock(folders, monkeypatch) -> None:
    """Take read permission away (root reads anything, so there the refusal is the OS's answer, simulated)."""
    for folder in folders:
        folder.chmod(0)
    if os.name == "posix" and os.geteuid() != 0:
        return
    real_scandir = os.scandir
    refused = {os.fspath(f) for f in folders}

    def scandir(path="."):
        if os.fspath(path) in refused:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX permissions")
def test_an_unreadable_folder_is_reported_with_its_reason(tmp_path, capsys, monkeypatch):
    locked = tmp_path / "locked"
    write(locked, b"a.txt", "Monday")
    tree = tmp_path / "tree"
    write(tree, b"a.txt", "Tuesday")
    write(tree / "private", b"b.txt", "Wednesday")
    lock([locked, tree / "private"], monkeypatch)
    try:
        code, out, _ = run(capsys, tmp_path / "archive", "import", str(locked))
        assert code == 1
        assert "failed" in out and str(locked) in out and "permission denied" in out.lower()
        assert "nothing to import" not in out
        code, out, _ = run(capsys, tmp_path / "archive", "import", str(tree))
        assert code == 1
        assert "imported" in out
        assert any(line.startswith("failed") and "private" in line and "permission denied" in line.lower()
                   for line in out.splitlines()), out
    finally:
        locked.chmod(0o755)
        (tree / "private").chmod(0o755)
