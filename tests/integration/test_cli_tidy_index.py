"""`niger-archive tidy-index`: the segments that separate imports left are merged into one, and every
search finds the same articles afterwards."""

from __future__ import annotations

import json
from pathlib import Path

from niger_archive.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
QUERIES = ["niger", "troops OR uranium", "government", "the"]


def run_json(capsys, *argv: str):
    code = main([*argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def found(capsys, arch: str) -> dict[str, list[int]]:
    out = {}
    for query in QUERIES:
        _, page = run_json(capsys, "search", query, "--limit", "50", "--archive", arch)
        out[query] = [hit["id"] for hit in page["hits"]]
    return out


def test_tidy_index_merges_what_separate_imports_left_and_searches_find_the_same(capsys, tmp_path):
    arch = str(tmp_path / "A")
    for sample in sorted(SAMPLES.glob("*.txt")):  # one import each: a segment each
        assert main(["import", str(sample), "--archive", arch, "--json"]) == 0
        capsys.readouterr()
    before = found(capsys, arch)
    assert any(before.values())

    code, done = run_json(capsys, "tidy-index", "--archive", arch)
    assert code == 0
    assert done["merged"] > 1 and done["segments"] == 1
    assert found(capsys, arch) == before

    code, again = run_json(capsys, "tidy-index", "--archive", arch)
    assert code == 0
    assert again == {"merged": 0, "segments": 1, "not_now": ""}
    assert main(["tidy-index", "--archive", arch]) == 0
    assert "needs no tidying" in capsys.readouterr().out
