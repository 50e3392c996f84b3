"""Issue 21, items 2, 3 and 5, through the command line as a user meets them: undo and redo after a
re-scrape act on the current version; an old article id is refused with the reason."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from niger_archive.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "000_02df90e2cb36411c.txt"
QUOTE = "senior US military official said on Sunday"
REWORDED = ("The official emphasized, however, that the CNSP has made clear",
            "The official stressed, however, that the CNSP had made it clear")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str):
    code, out, _ = run(capsys, *argv, "--json")
    return code, json.loads(out)


@pytest.fixture
def story(tmp_path) -> Path:
    path = tmp_path / "scrape" / "story.txt"
    path.parent.mkdir()
    shutil.copy(SAMPLE, path)
    return path


@pytest.fixture
def arch(tmp_path, capsys, story) -> str:
    arch = str(tmp_path / "A")
    code, _, _ = run(capsys, "import", str(story), "--archive", arch)
    assert code == 0
    return arch


def rescrape(capsys, story: Path, arch: str) -> None:
    """The same page scraped again with one sentence reworded: article 2, the new version of 1."""
    text = story.read_text(encoding="utf-8")
    assert REWORDED[0] in text
    story.write_text(text.replace(*REWORDED), encoding="utf-8")
    _, outcomes = run_json(capsys, "import", str(story), "--archive", arch)
    assert outcomes[0]["status"] == "version" and outcomes[0]["version_of"] == 1, outcomes


def notes(capsys, arch: str, article: int) -> list[str]:
    code, data = run_json(capsys, "annotations", str(article), "--archive", arch)
    assert code == 0, data
    return [a["note"] for a in data]


def check_ok(capsys, arch: str) -> bool:
    _, report = run_json(capsys, "check", "--archive", arch)
    return report["ok"]


def test_a_highlight_redone_after_a_rescrape_shows_on_the_new_version(capsys, arch, story):
    run(capsys, "annotate", "1", "--quote", QUOTE, "--note", "keep me", "--archive", arch)
    run(capsys, "undo", "--archive", arch)
    rescrape(capsys, story, arch)
    code, out, _ = run(capsys, "redo", "--archive", arch)
    assert code == 0 and "article 2" in out, out
    assert notes(capsys, arch, 2) == ["keep me"]
    code, data = run_json(capsys, "search", "keep me", "--archive", arch)
    assert [h["id"] for h in data["hits"]] == [2]
    assert check_ok(capsys, arch)


def test_undoing_a_highlights_deletion_after_a_rescrape_brings_it_back_on_the_new_version(capsys, arch, story):
    _, data = run_json(capsys, "annotate", "1", "--quote", QUOTE, "--note", "keep me", "--archive", arch)
    from niger_archive.services.archive import Archive

    with Archive.open(arch) as archive:
        archive.apply(archive.editor.delete_annotation(data["id"]))
    rescrape(capsys, story, arch)
    code, out, _ = run(capsys, "undo", "--archive", arch)
    assert code == 0, out
    assert notes(capsys, arch, 2) == ["keep me"]
    assert check_ok(capsys, arch)


def test_undoing_a_correction_made_before_a_rescrape_changes_the_current_version(capsys, arch, story):
    _, before = run_json(capsys, "show", "1", "--archive", arch)
    run(capsys, "correct", "1", "outlet", "Sputnik Afrique", "--archive", arch)
    rescrape(capsys, story, arch)
    _, shown = run_json(capsys, "show", "2", "--archive", arch)
    assert shown["outlet"] == "Sputnik Afrique"
    code, out, _ = run(capsys, "undo", "--archive", arch)
    assert code == 0 and "Correct outlet" in out and "article 2" in out, out
    _, shown = run_json(capsys, "show", "2", "--archive", arch)
    assert shown["outlet"] == before["outlet"]
    code, out, _ = run(capsys, "redo", "--archive", arch)
    _, shown = run_json(capsys, "show", "2", "--archive", arch)
    assert shown["outlet"] == "Sputnik Afrique"
    assert check_ok(capsys, arch)


def test_undoing_a_highlight_made_before_a_rescrape_is_not_refused(capsys, arch, story):
    run(capsys, "annotate", "1", "--quote", QUOTE, "--note", "older step", "--archive", arch)
    run(capsys, "annotate", "1", "--quote", "Kurt Campbell", "--note", "newer step", "--archive", arch)
    rescrape(capsys, story, arch)
    assert sorted(notes(capsys, arch, 2)) == ["newer step", "older step"]
    code, out, err = run(capsys, "undo", "--archive", arch)
    assert code == 0, err
    assert notes(capsys, arch, 2) == ["older step"]
    code, out, err = run(capsys, "undo", "--archive", arch)
    assert code == 0, err
    assert notes(capsys, arch, 2) == []
    assert check_ok(capsys, arch)


def test_a_step_that_cannot_be_undone_is_refused_with_its_reason_and_older_steps_stay_reachable(capsys, arch):
    _, first = run_json(capsys, "annotate", "1", "--quote", QUOTE, "--note", "first", "--archive", arch)
    _, second = run_json(capsys, "annotate", "1", "--quote", "Kurt Campbell", "--note", "second", "--archive", arch)
    from niger_archive.services.archive import Archive

    with Archive.open(arch) as archive:  # something outside the history changes the second highlight
        archive.db.execute("UPDATE annotations SET note = 'changed elsewhere' WHERE id = ?", [second["id"]])
        archive.db.conn.commit()
    code, out, err = run(capsys, "undo", "--archive", arch)
    assert code != 0 and "note" in err and "changed" in err, err
    assert sorted(notes(capsys, arch, 1)) == ["changed elsewhere", "first"]  # the refusal changed nothing
    code, out, err = run(capsys, "undo", "--archive", arch)  # the older step is not blocked for ever
    assert code == 0, err
    assert notes(capsys, arch, 1) == ["changed elsewhere"]
    _, history = run_json(capsys, "history", "--archive", arch)
    assert any(h.get("closed") for h in history)


def test_annotating_a_superseded_article_is_refused_with_the_current_one_named(capsys, arch, story):
    rescrape(capsys, story, arch)
    code, out, err = run(capsys, "annotate", "1", "--quote", QUOTE, "--claim", "--verdict", "false",
                         "--archive", arch)
    assert code != 0
    assert "article 1 was superseded by 2 (imported 2" in err, err
    code, out, err = run(capsys, "correct", "1", "outlet", "X", "--archive", arch)
    assert code != 0 and "superseded by 2" in err
    code, out, err = run(capsys, "annotate", "2", "--quote", QUOTE, "--claim", "--verdict", "false",
                         "--archive", arch)
    assert code == 0, err
    hits = run_json(capsys, "search", "verdict:false", "--archive", arch)[1]["hits"]
    assert [h["id"] for h in hits] == [2]


def test_listing_the_annotations_of_a_superseded_article_shows_the_current_versions(capsys, arch, story):
    run(capsys, "annotate", "1", "--quote", QUOTE, "--note", "keep me", "--archive", arch)
    rescrape(capsys, story, arch)
    code, out, err = run(capsys, "annotations", "1", "--archive", arch)
    assert code == 0 and "keep me" in out
    assert "article 1 was superseded by 2" in out + err
