"""The "largest file to import" setting (max_import_mb) is honoured: a bigger file is skipped with a
reason that names the file's size and the limit; the other files of the batch import."""

from __future__ import annotations

import json

from niger_archive.cli import main
from niger_archive.services.archive import Archive
from niger_archive.services.settings import Settings, settings_path

ARTICLE = "Troops leave Niger\n\nBy A. Writer\n\nThe last troops left the base on Friday, officials said.\n"


def files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "small.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "big.txt").write_text(ARTICLE + "More words about the withdrawal. " * 50_000, encoding="utf-8")  # 1.6 MB
    return folder


def test_a_file_over_the_setting_is_skipped_with_its_size_and_the_limit(tmp_path):
    folder = files(tmp_path)
    with Archive.open(tmp_path / "archive", settings=Settings(max_import_mb=1.0)) as archive:
        outcomes = {o.path.rsplit("/", 1)[-1]: o for o in archive.import_files([folder])}
        assert outcomes["small.txt"].status == "imported"
        big = outcomes["big.txt"]
        assert big.status != "imported" and big.article_id is None
        assert "1.6 MB" in big.reason and "import limit of 1.0 MB" in big.reason
        assert archive.articles.count() == 1


def test_a_raised_setting_lets_the_file_in(tmp_path):
    folder = files(tmp_path)
    with Archive.open(tmp_path / "archive", settings=Settings(max_import_mb=5)) as archive:
        assert {o.status for o in archive.import_files([folder])} == {"imported"}


def test_the_command_line_reads_the_setting_from_the_settings_file(tmp_path, capsys):
    folder = files(tmp_path)
    Settings(max_import_mb=1.0).save()
    try:
        main(["import", str(folder), "--archive", str(tmp_path / "archive"), "--json"])
        outcomes = {o["path"].rsplit("/", 1)[-1]: o for o in json.loads(capsys.readouterr().out)}
    finally:
        settings_path().unlink()
    assert outcomes["small.txt"]["status"] == "imported"
    assert "import limit of 1.0 MB" in outcomes["big.txt"]["reason"]
    assert outcomes["big.txt"]["status"] != "imported"


def test_a_nonsense_setting_falls_back_to_the_default():
    assert Settings(max_import_mb=-3).max_import_bytes == 20 * 1_048_576
    assert Settings(max_import_mb=float("nan")).max_import_bytes == 20 * 1_048_576
    assert Settings(max_import_mb=0.5).max_import_bytes == 524_288
