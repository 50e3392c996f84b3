"""The command line's summaries follow the interface language (issue 17): a French user reads the last
line of an import, the check and the export summary in French; the per-file lines, the JSON and the help
stay as they are (scripts read them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from niger_archive.cli import main
from niger_archive.platform import i18n

FRENCH = Path(__file__).resolve().parents[1] / "fixtures" / "french"


@pytest.fixture
def french_system(monkeypatch):
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "fr")
    yield
    i18n.set_language("en")


def run(capsys, *argv: str) -> tuple[int, list[str]]:
    code = main(list(argv))
    return code, capsys.readouterr().out.splitlines()


def test_import_check_and_export_summaries_are_in_french(capsys, tmp_path, french_system):
    archive = str(tmp_path / "A")
    (tmp_path / "in").mkdir()
    for name in ("actuniger_coop.txt", "rfi_retrait.txt"):
        (tmp_path / "in" / name).write_bytes((FRENCH / name).read_bytes())
    code, lines = run(capsys, "import", str(tmp_path / "in"), "--archive", archive)
    assert code == 0 and lines[-1] == "2 importé(s)"
    code, lines = run(capsys, "import", str(tmp_path / "in"), "--archive", archive)
    assert lines[-1] == "2 doublon(s)"
    code, lines = run(capsys, "check", "--archive", archive)
    assert lines[0].startswith("articles : 2, indexés : 2, base de données : ok") and lines[-1] == "ok"
    code, lines = run(capsys, "export", str(tmp_path / "out.nabundle"), "--archive", archive)
    assert code == 0
    assert lines[0].startswith(f"exporté : toute l'archive au format bundle vers {tmp_path / 'out.nabundle'} (")
    assert lines[0].endswith(" octets)")
    assert lines[1] == "il contient 2 articles, 0 surlignage, 0 affirmation, 0 groupe, 0 entité"


def test_the_summaries_stay_english_in_an_english_session(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "en")
    archive = str(tmp_path / "A")
    code, lines = run(capsys, "import", str(FRENCH / "rfi_retrait.txt"), "--archive", archive)
    assert lines[-1] == "1 imported"
    code, lines = run(capsys, "export", str(tmp_path / "out.nabundle"), "--archive", archive)
    assert lines[1] == "it holds 1 article, 0 highlights, 0 claims, 0 clusters, 0 entities"
