"""Issue 24 through the command line: compare is the same in every run, compares every figure by
subject and dates by role, explains each verdict, and re-resolves claim dates after a correction."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from niger_archive.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run_json(capsys, *argv: str):
    code = main([*argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def write_article(folder: Path, name: str, outlet: str, published: str, body: str) -> Path:
    path = folder / f"{name}.md"
    path.write_text(f"---\ntitle: {name}\noutlet: {outlet}\npublished: {published}\n---\n\n{body}\n",
                    encoding="utf-8")
    return path


def cluster_of(capsys, tmp_path: Path, articles: list[tuple[str, str, str, str]], label: str = "troops"):
    """Import one article per (outlet, published, body, quote), mark each quote as a claim and
    put them in one cluster; returns the archive path."""
    arch = str(tmp_path / "A")
    folder = tmp_path / "in"
    folder.mkdir()
    claim_ids = []
    for n, (outlet, published, body, quote) in enumerate(articles):
        path = write_article(folder, f"story{n}", outlet, published, body)
        (outcome,) = run_json(capsys, "import", str(path), "--archive", arch)
        ann = run_json(capsys, "annotate", str(outcome["article_id"]), "--quote", quote, "--claim",
                       "--archive", arch)
        claim_ids.append(ann["claim"]["id"])
    run_json(capsys, "cluster", "add", label, *claim_ids, "--archive", arch)
    return arch


def test_compare_gives_the_same_answer_under_every_hash_seed(capsys, tmp_path):
    arch = cluster_of(capsys, tmp_path, [
        ("Wire A", "2024-05-20", "About 650 troops and 20 drones remain at the base.", "About 650 troops and 20 drones"),
        ("Wire B", "2024-05-21", "Some 1,000 troops and 20 drones remain at the base.", "Some 1,000 troops and 20 drones"),
    ])
    outputs = set()
    for seed in ("0", "1", "2", "3", "42", "random"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "niger_archive", "compare", "troops", "--archive", arch,
                               "--json"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert [d["kind"] for d in result["disagreements"]] == ["quantity"], seed
        assert "650" in result["disagreements"][0]["detail"] and "1,000" in result["disagreements"][0]["detail"]
        outputs.add(json.dumps({k: result[k] for k in ("rows", "pairs", "disagreements")}, sort_keys=True))
    assert len(outputs) == 1, "every run gives the same comparison"


def test_every_figure_takes_part_and_each_verdict_is_explained(capsys, tmp_path):
    arch = cluster_of(capsys, tmp_path, [
        ("Wire A", "2024-05-20", "Between 600 and 800 troops are in Niger.", "Between 600 and 800 troops"),
        ("Wire B", "2024-05-20", "The Pentagon has more than 1,000 there.", "more than 1,000"),
    ])
    result = run_json(capsys, "compare", "troops", "--archive", arch)
    (pair,) = result["pairs"]
    assert pair["verdict"] == "disagree"
    (reason,) = [r for r in pair["reasons"] if r["kind"] == "figure"]
    assert reason["a_interval"] == "600–800" and reason["b_interval"] == "above 1,000"
    assert "cannot both hold" in reason["why"]
    code = main(["compare", "troops", "--archive", arch])
    text = capsys.readouterr().out
    assert code == 0 and "DISAGREE" in text and "600–800" in text and "why" in text


def test_figures_of_another_time_are_not_set_against_today(capsys, tmp_path):
    arch = cluster_of(capsys, tmp_path, [
        ("Wire A", "2024-05-20", "Roughly 1,100 troops were deployed before the coup; 650 remain now.",
         "Roughly 1,100 troops were deployed before the coup; 650 remain now"),
        ("Wire B", "2024-05-20", "Officials say about 650 remain.", "about 650 remain"),
    ])
    result = run_json(capsys, "compare", "troops", "--archive", arch)
    assert result["disagreements"] == []
    (pair,) = result["pairs"]
    assert pair["verdict"] == "agree"
    assert any(r["result"] == "not compared" and "earlier" in r["why"] for r in pair["reasons"])


def test_dates_are_compared_role_by_role(capsys, tmp_path):
    arch = cluster_of(capsys, tmp_path, [
        ("Wire A", "2024-05-20", "The withdrawal began in March and will end by Sept. 15.",
         "began in March and will end by Sept. 15"),
        ("Wire B", "2024-05-21", "The withdrawal will end by September 15.", "will end by September 15"),
    ])
    result = run_json(capsys, "compare", "troops", "--archive", arch)
    assert result["disagreements"] == []
    assert result["pairs"][0]["verdict"] == "agree"


def test_correcting_the_publication_date_re_resolves_the_claims_dates(capsys, tmp_path):
    arch = cluster_of(capsys, tmp_path, [
        ("Wire A", "2024-05-20", "The junta revoked the pact last month.", "revoked the pact last month"),
        ("Wire B", "2024-04-02", "The junta revoked the pact in March.", "revoked the pact in March"),
    ])
    first = run_json(capsys, "compare", "troops", "--archive", arch)
    assert [d["kind"] for d in first["disagreements"]] == ["date"], "April (last month of May) vs March"
    article_a = next(r["article_id"] for r in first["rows"] if r["source"] == "Wire A")
    run_json(capsys, "correct", str(article_a), "published", "2024-04-15", "--archive", arch)
    second = run_json(capsys, "compare", "troops", "--archive", arch)
    assert second["disagreements"] == [], "last month of April is March"
    row = next(r for r in second["rows"] if r["source"] == "Wire A")
    assert row["analysis"]["dates"][0]["date"] == "2024-03"
