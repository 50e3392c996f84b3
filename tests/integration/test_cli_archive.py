"""Issue 2 acceptance through the command line: import, duplicates, versions, search, show, check/repair."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from niger_archive.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str):
    code, out, err = run(capsys, *argv, "--json")
    return code, json.loads(out)


@pytest.fixture
def arch(tmp_path) -> str:
    return str(tmp_path / "A")


def by_prefix(capsys, arch: str) -> dict[str, dict]:
    """Sample prefix ('000'…) -> `show --json` of that article."""
    _, listing = run_json(capsys, "list", "--archive", arch)
    out = {}
    for item in listing:
        _, shown = run_json(capsys, "show", str(item["id"]), "--archive", arch)
        raw_code, raw, _ = run(capsys, "show", str(item["id"]), "--raw", "--archive", arch)
        for sample in SAMPLES.glob("*.txt"):
            if sample.read_text(encoding="utf-8").replace("\r\n", "\n") == raw.rstrip("\n") or \
                    sample.read_text(encoding="utf-8") == raw:
                out[sample.name[:3]] = shown
    return out


def test_import_twice_then_search(capsys, arch):
    code, outcomes = run_json(capsys, "import", str(SAMPLES), "--archive", arch)
    assert code == 0
    assert [o["status"] for o in outcomes] == ["imported"] * 5
    assert all(o["article_id"] for o in outcomes)
    code, again = run_json(capsys, "import", str(SAMPLES), "--archive", arch)
    assert code == 0
    assert [o["status"] for o in again] == ["duplicate"] * 5
    assert {o["article_id"] for o in again} == {o["article_id"] for o in outcomes}
    _, listing = run_json(capsys, "list", "--archive", arch)
    assert len(listing) == 5
    hits = run_json(capsys, "search", "Campbell", "--archive", arch)[1]["hits"]
    titles = {h["title"] for h in hits}
    assert len(hits) == 4
    assert ("Niger and the United States have announced a mutual agreement to withdraw American troops from the "
            "West African nation") not in titles
    for h in hits:
        assert "«Campbell»" in h["snippet"] and h["score"] > 0


def test_sample_expectations_through_show_json(capsys, arch):
    run(capsys, "import", str(SAMPLES), "--archive", arch)
    a = by_prefix(capsys, arch)
    assert set(a) == {"000", "001", "002", "003", "004"}
    s0 = a["000"]
    assert s0["title"] == "Niger Not Cutting Off Relations With US, Will Further Negotiate Partnership, US Official Says"
    assert s0["outlet"] == "Sputnik Africa"
    assert s0["published"].startswith("2024-05-20T09:14") and s0["published"].endswith("+02:00")
    assert s0["updated"].startswith("2024-05-20T09:34") and s0["updated"].endswith("+02:00")
    assert s0["url"] == (SAMPLES / "000_02df90e2cb36411c.txt").read_text().splitlines()[0]
    assert {"troops", "withdrawal", "niger"} <= set(s0["keywords"])
    body = s0["text"]
    assert body.count("The official emphasized, however, that the CNSP has made clear") == 1
    assert "feedback@sputniknews.com" not in body and "+74956456601" not in body
    assert "a senior US military official said on Sunday." in body  # the wrapped line re-joined
    assert "\nUS military official said" not in body
    s1 = a["001"]
    assert s1["author"] == "Olga Nesterova"
    assert s1["title"] == "U.S. Begins Talks on Withdrawal of Forces from Niger Amid Bilateral Negotiations"
    for junk in ("top of page", "bottom of page", "Top Stories"):
        assert junk not in s1["text"]
    s2 = a["002"]
    assert s2["title_derived"] is True and s2["dateline"] == "NIAMEY"
    assert "Related News" not in s2["text"] and "UNHCR Official Warns" not in s2["text"]
    s3 = a["003"]
    assert s3["title"] == "U.S. to end military presence in Niger"
    assert s3["text"].count("U.S. to end military presence in Niger") <= 1
    for junk in ("Advertisement", "Leave A Reply", "Your email address will not be published."):
        assert junk not in s3["text"]
    s4 = a["004"]
    assert "Share." not in s4["text"] and "Exit mobile version" not in s4["text"]


def test_bad_files_are_named_and_the_good_ones_imported(capsys, arch, tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(SAMPLES / "002_0a5011189d6b1c98.txt", batch / "good.txt")
    (batch / "empty.txt").write_bytes(b"")
    (batch / "noise.txt").write_bytes(random.Random(1).randbytes(4096))
    (batch / "huge.txt").write_bytes(b"word " * (300 * 1024))  # 1.5 MB, over the 1 MB limit given below
    code, outcomes = run_json(capsys, "import", str(batch), "--max-size-mb", "1", "--archive", arch)
    assert code == 1
    status = {Path(o["path"]).name: o for o in outcomes}
    assert status["good.txt"]["status"] == "imported"
    for bad, words in (("empty.txt", "empty"), ("noise.txt", "binary"), ("huge.txt", "larger than")):
        assert status[bad]["status"] == "failed", bad
        assert words in status[bad]["reason"].lower(), status[bad]["reason"]
        assert status[bad]["article_id"] is None
    _, listing = run_json(capsys, "list", "--archive", arch)
    assert len(listing) == 1


def test_missing_path_and_unsupported_type_are_reported(capsys, arch, tmp_path):
    (tmp_path / "x.odt").write_bytes(b"%PDF-1.4")
    code, outcomes = run_json(capsys, "import", str(tmp_path / "nope.txt"), str(tmp_path / "x.odt"), "--archive", arch)
    assert code == 1
    reasons = [o["reason"] for o in outcomes]
    assert any("no such file" in r for r in reasons) and any("unsupported" in r for r in reasons)


def test_a_changed_rescrape_is_stored_as_a_version(capsys, arch, tmp_path):
    # The sample has no address or outlet: what makes it a re-capture is the scraper rewriting its
    # file (docs/versions.md; the same text in another file is only suggested as a copy).
    samples = shutil.copytree(SAMPLES, tmp_path / "samples")
    run(capsys, "import", str(samples), "--archive", arch)
    original = (SAMPLES / "004_52fe05600aeece3a.txt").read_text(encoding="utf-8")
    changed = samples / "004_52fe05600aeece3a.txt"
    changed.write_text(original.replace("Thousands of people", "Several thousand people")
                       + "\nThis article was updated with comment from officials.\n", encoding="utf-8")
    code, outcomes = run_json(capsys, "import", str(changed), "--archive", arch)
    assert code == 0 and outcomes[0]["status"] == "version"
    assert outcomes[0]["version_of"] is not None
    _, listing = run_json(capsys, "list", "--archive", arch)
    assert len(listing) == 5  # the new version replaces the old one in the list
    _, everything = run_json(capsys, "list", "--all-versions", "--archive", arch)
    assert len(everything) == 6
    hits = run_json(capsys, "search", '"Several thousand people"', "--archive", arch)[1]["hits"]
    assert [h["id"] for h in hits] == [outcomes[0]["article_id"]]


def test_deleting_the_index_and_repairing_restores_identical_results(capsys, arch):
    run(capsys, "import", str(SAMPLES), "--archive", arch)
    queries = ["Campbell", "outlet:sputnik", '"military personnel"', "troop*", "niger AND NOT russia"]
    before = [run_json(capsys, "search", q, "--archive", arch)[1] for q in queries]
    shutil.rmtree(Path(arch) / "index")
    code, report = run_json(capsys, "check", "--archive", arch)
    assert code == 1 and report["ok"] is False and len(report["missing_from_index"]) == 5
    code, report = run_json(capsys, "check", "--repair", "--archive", arch)
    assert code == 0 and report["ok"] is True and report["repaired"]
    assert [run_json(capsys, "search", q, "--archive", arch)[1] for q in queries] == before
    shutil.rmtree(Path(arch) / "index")
    assert run(capsys, "reindex", "--archive", arch)[0] == 0
    assert [run_json(capsys, "search", q, "--archive", arch)[1] for q in queries] == before


def test_check_reports_a_changed_original(capsys, arch):
    run(capsys, "import", str(SAMPLES), "--archive", arch)
    target = next((Path(arch) / "originals").rglob("*"))
    while target.is_dir():
        target = next(target.iterdir())
    target.chmod(0o644)
    target.write_bytes(target.read_bytes() + b"tampered")
    code, report = run_json(capsys, "check", "--archive", arch)
    assert code == 1 and len(report["corrupt_originals"]) == 1


def test_malformed_and_expensive_queries_get_a_message_not_a_traceback(capsys, arch):
    run(capsys, "import", str(SAMPLES), "--archive", arch)
    for query in ('"unbalanced', "*", "?????", "published:[a TO"):
        code, out, err = run(capsys, "search", query, "--archive", arch)
        assert "Traceback" not in out + err
        assert code in (0, 1)
        if code == 1:
            assert err.startswith("error: ")


def test_show_raw_gives_the_original_text(capsys, arch):
    _, outcomes = run_json(capsys, "import", str(SAMPLES / "003_714decb69a1886d8.txt"), "--archive", arch)
    code, raw, _ = run(capsys, "show", str(outcomes[0]["article_id"]), "--raw", "--archive", arch)
    assert code == 0
    assert "Advertisement" in raw and "Leave A Reply" in raw


def test_unknown_article_is_a_clear_error(capsys, arch):
    run(capsys, "import", str(SAMPLES), "--archive", arch)
    code, out, err = run(capsys, "show", "999", "--archive", arch)
    assert code == 1 and "no article with id 999" in err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["import"])
    assert exc.value.code == 2


def test_console_script_module_and_environment_variable(tmp_path):
    env = dict(os.environ, NIGER_ARCHIVE_DIR=str(tmp_path / "envarchive"))
    bindir = Path(sys.executable).parent
    result = subprocess.run([str(bindir / "niger-archive"), "import", str(SAMPLES / "001_8408759f885e106c.txt")],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "envarchive" / "archive.db").exists()
    result = subprocess.run([sys.executable, "-m", "niger_archive", "list", "--json"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and len(json.loads(result.stdout)) == 1


def test_a_metadata_correction_survives_reimports(capsys, arch, tmp_path):
    samples = shutil.copytree(SAMPLES, tmp_path / "samples")
    _, outcomes = run_json(capsys, "import", str(samples), "--archive", arch)
    article = next(o["article_id"] for o in outcomes if "002_" in o["path"])
    code, _, _ = run(capsys, "correct", str(article), "outlet", "Voice of America", "--archive", arch)
    assert code == 0
    run(capsys, "correct", str(article), "title", "US and Niger agree on troop withdrawal", "--archive", arch)
    run(capsys, "import", str(samples), "--archive", arch)  # identical bytes: nothing changes
    _, shown = run_json(capsys, "show", str(article), "--archive", arch)
    assert shown["outlet"] == "Voice of America" and shown["title_derived"] is False
    changed = samples / "002_0a5011189d6b1c98.txt"  # the scraper rewrote its file
    changed.write_text((SAMPLES / "002_0a5011189d6b1c98.txt").read_text(encoding="utf-8") + "\nUpdated at 10:00.\n",
                       encoding="utf-8")
    _, again = run_json(capsys, "import", str(changed), "--archive", arch)
    assert again[0]["status"] == "version"
    _, newer = run_json(capsys, "show", str(again[0]["article_id"]), "--archive", arch)
    assert newer["outlet"] == "Voice of America"
    assert newer["title"] == "US and Niger agree on troop withdrawal"
    hits = run_json(capsys, "search", 'outlet:"voice of america"', "--archive", arch)[1]["hits"]
    assert [h["id"] for h in hits] == [again[0]["article_id"]]


def test_search_json_says_whether_its_total_is_exact_and_exact_total_counts_them_all(capsys, arch, monkeypatch):
    from niger_archive.search import index as index_module

    run(capsys, "import", str(SAMPLES), "--archive", arch)
    _, page = run_json(capsys, "search", '"US troops"~2', "--limit", "1", "--archive", arch)
    assert page["total_is_exact"] is True and page["total"] >= 2 and len(page["hits"]) == 1

    class RunsOutOfTime(index_module.TimeLimitCollector):  # as if the time limit struck after one match
        def collect_matches(self):
            for sub_docnum in self.matches():
                if self.child.total:
                    raise index_module.TimeLimit
                self.collect(sub_docnum)

    monkeypatch.setattr(index_module, "TimeLimitCollector", RunsOutOfTime)
    _, cut = run_json(capsys, "search", '"US troops"~2', "--limit", "1", "--archive", arch)
    assert cut["total_is_exact"] is False and cut["total"] == 1 < page["total"]
    code, out, _ = run(capsys, "search", '"US troops"~2', "--limit", "1", "--archive", arch)
    assert code == 0 and "+ matches" in out and "--exact-total" in out
    _, counted = run_json(capsys, "search", '"US troops"~2', "--exact-total", "--archive", arch)
    assert (counted["total"], counted["total_is_exact"]) == (page["total"], True)
