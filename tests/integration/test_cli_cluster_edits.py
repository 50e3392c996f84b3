"""From the command line a user renames and deletes a cluster, takes a claim out of one and removes a
relation between two claims; each is one undo step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from niger_archive.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PASSAGES = {"000": "less than 1,000 US troops", "002": "nearly 1,000 U.S. military personnel",
            "003": "more than 1,000 troops"}


def run(capsys, *argv: str):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def clustered(tmp_path, capsys):
    """An archive with three troop-count claims in the cluster "troops"."""
    arch = str(tmp_path / "A")
    outcomes = run_json(capsys, "import", str(SAMPLES), "--archive", arch)
    ids = {Path(o["path"]).name[:3]: o["article_id"] for o in outcomes}
    claims = [run_json(capsys, "annotate", str(ids[p]), "--quote", q, "--claim", "--archive", arch)["claim"]["id"]
              for p, q in PASSAGES.items()]
    run_json(capsys, "cluster", "add", "troops", *claims, "--archive", arch)
    return arch, claims


def clusters(capsys, arch):
    return {c["label"]: c for c in run_json(capsys, "cluster", "list", "--archive", arch)}


def test_renaming_a_cluster_shows_the_new_label_and_undo_restores_the_old(capsys, clustered):
    arch, claims = clustered
    renamed = run_json(capsys, "cluster", "rename", "troops", "  US   withdrawal ", "--archive", arch)
    assert renamed["label"] == "US withdrawal"
    assert set(clusters(capsys, arch)) == {"US withdrawal"}
    assert run(capsys, "compare", "US withdrawal", "--archive", arch)[0] == 0
    assert run(capsys, "cluster", "rename", "US withdrawal", "   ", "--archive", arch)[0] != 0  # no empty label
    run(capsys, "undo", "--archive", arch)
    assert set(clusters(capsys, arch)) == {"troops"}


def test_taking_a_claim_out_keeps_the_claim_and_undo_puts_it_back(capsys, clustered):
    arch, claims = clustered
    left = run_json(capsys, "cluster", "remove", "troops", claims[0][:8], "--archive", arch)
    assert sorted(left["claim_ids"]) == sorted(claims[1:])
    assert claims[0] in {c["id"] for c in run_json(capsys, "claims", "--archive", arch)}  # the claim stays
    code, _, err = run(capsys, "cluster", "remove", "troops", claims[0], "--archive", arch)
    assert code != 0 and "is not in cluster" in err
    run(capsys, "undo", "--archive", arch)
    assert sorted(clusters(capsys, arch)["troops"]["claim_ids"]) == sorted(claims)


def test_deleting_a_cluster_keeps_its_claims_and_undo_brings_it_back(capsys, clustered):
    arch, claims = clustered
    deleted = run_json(capsys, "cluster", "delete", "troops", "--archive", arch)
    assert sorted(deleted["claims_kept"]) == sorted(claims)
    assert clusters(capsys, arch) == {}
    assert len(run_json(capsys, "claims", "--archive", arch)) == 3
    run(capsys, "undo", "--archive", arch)
    assert sorted(clusters(capsys, arch)["troops"]["claim_ids"]) == sorted(claims)


def test_removing_a_relation_between_two_claims(capsys, clustered):
    arch, claims = clustered
    assert run(capsys, "cluster", "relate", claims[0], claims[1], "--relation", "contradicts", "--archive", arch)[0] == 0
    removed = run_json(capsys, "cluster", "unrelate", claims[1], claims[0], "--archive", arch)  # either order
    assert [(r["source"], r["relation"], r["target"]) for r in removed] == [(claims[0], "contradicts", claims[1])]
    code, _, err = run(capsys, "cluster", "unrelate", claims[0], claims[1], "--archive", arch)
    assert code != 0 and "not marked as related" in err
    run(capsys, "undo", "--archive", arch)
    removed_again = run_json(capsys, "cluster", "unrelate", claims[0], claims[1], "--relation", "contradicts",
                             "--archive", arch)
    assert len(removed_again) == 1
