"""Issue 18 through the command line: one AP story carried by three outlets plus an independent
report; the AP article re-scraped with a changed figure; a claim cluster across them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from niger_archive.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "copies"
QUOTES = {"a_ap": "About 200 American troops", "b_courier": "About 200 American troops",
          "c_metro": "About 200 American troops", "d_independent": "About 200 U.S. troops"}


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, _ = capsys.readouterr()
    return code, out


def run_json(capsys, *argv: str):
    code, out = run(capsys, *argv, "--json")
    assert code == 0, out
    return json.loads(out)


@pytest.fixture
def files(tmp_path) -> dict[str, str]:
    folder = tmp_path / "wire"
    shutil.copytree(FIXTURES, folder)
    return {p.stem: str(p) for p in folder.iterdir()}


@pytest.fixture
def archive(tmp_path, capsys, files) -> dict:
    """The four reports imported, a claim on the troop figure in each, all in cluster "troops"."""
    arch = str(tmp_path / "A")
    outcomes = run_json(capsys, "import", *(files[k] for k in QUOTES), "--archive", arch)
    ids = {Path(o["path"]).stem: o["article_id"] for o in outcomes}
    claims = {}
    for name, quote in QUOTES.items():
        made = run_json(capsys, "annotate", str(ids[name]), "--quote", quote, "--claim", "--archive", arch)
        claims[name] = made["claim"]["id"]
    assert run(capsys, "cluster", "add", "troops", *claims.values(), "--archive", arch)[0] == 0
    return {"arch": arch, "ids": ids, "claims": claims, "files": files}


def compare(capsys, arch: str) -> dict:
    return run_json(capsys, "compare", "troops", "--archive", arch)


def test_one_wire_story_in_three_outlets_is_one_independent_source(capsys, archive):
    arch, ids = archive["arch"], archive["ids"]
    groups = run_json(capsys, "sources", "--archive", arch)
    assert groups == [{"group": ids["a_ap"], "articles": sorted([ids["a_ap"], ids["b_courier"], ids["c_metro"]]),
                       "earliest": ids["a_ap"], "agency": "AP",
                       "outlets": ["Associated Press", "Daily Courier", "Metro Online"]}]
    assert run_json(capsys, "sources", str(ids["d_independent"]), "--archive", arch)[0]["articles"] == [
        ids["d_independent"]]

    data = compare(capsys, arch)
    assert data["provenance"]["summary"] == "4 outlets, 2 independent sources (AP carried by 3)"
    assert data["provenance"]["independent_sources"] == 2
    by_source = {r["source"]: r for r in data["rows"]}
    assert {r["group"] for r in data["rows"]} == {ids["a_ap"], ids["d_independent"]}
    # agreement among copies is not corroboration; the independent report corroborates each of them
    assert by_source["Daily Courier"]["corroborated_by"] == ["Sahel Monitor"]
    assert by_source["Sahel Monitor"]["corroborated_by"] == ["Associated Press", "Daily Courier", "Metro Online"]
    copy_pairs = [p for p in data["pairs"] if "Sahel Monitor" not in p["sources"]]
    assert copy_pairs and all(p["same_story"] and p["verdict"] == "agree" and not p["corroboration"]
                              for p in copy_pairs)

    _, out = run(capsys, "compare", "troops", "--archive", arch)
    assert "4 claims from 4 outlets, 2 independent sources (AP carried by 3)" in out
    assert "(copies of one story: not corroboration)" in out
    _, shown = run(capsys, "show", str(ids["c_metro"]), "--archive", arch)
    assert f"Story: one of 3 articles carrying one story (AP), first published by article {ids['a_ap']}" in shown


def test_a_figure_changed_in_an_update_is_a_change_not_a_disagreement(capsys, archive):
    arch, ids = archive["arch"], archive["ids"]
    outcome = run_json(capsys, "import", archive["files"]["a_ap_update"], "--archive", arch)[0]
    assert outcome["status"] == "version"
    ap = outcome["article_id"]

    data = compare(capsys, arch)
    assert {r["source"]: r["figure"] for r in data["rows"]}["Associated Press"] == "about 300 troops"
    copies_disagreeing = [d for d in data["disagreements"] if d.get("same_story")]
    assert copies_disagreeing == []
    assert {tuple(c["sources"]) for c in data["changes"]} == {("Associated Press", "Daily Courier"),
                                                              ("Associated Press", "Metro Online")}
    assert data["changes"][0]["from"] == "about 200 troops" and data["changes"][0]["to"] == "about 300 troops"
    # the independent report still disagrees with the updated figure: that is a disagreement
    assert [d["sources"] for d in data["disagreements"]] == [["Associated Press", "Sahel Monitor"]]
    _, out = run(capsys, "compare", "troops", "--archive", arch)
    assert "CHANGED: Associated Press changed about 200 troops to about 300 troops in an update" in out

    line = run_json(capsys, "timeline", "troops", "--archive", arch)["appearances"]
    assert [(a["outlet"], a["value"], a["first"]) for a in line] == [
        ("Associated Press", 200.0, True), ("Daily Courier", 200.0, False), ("Associated Press", 300.0, False),
        ("Sahel Monitor", 200.0, False), ("Metro Online", 200.0, False)]
    assert line[0]["published"] == "2024-08-05T15:05:00+00:00" and line[0]["article_id"] == ap
    assert line[2]["changed_from"] == "about 200 troops" and line[2]["published"].startswith("2024-08-05T19:40")
    assert {a["group"] for a in line if a["outlet"] != "Sahel Monitor"} == {ap}

    history = run_json(capsys, "provenance", str(ids["a_ap"]), "--archive", arch)
    assert history["article_id"] == ap
    step = history["versions"][0]
    assert step["figures"] == [{"from": "About 200 American troops", "to": "About 300 American troops",
                                "subject": step["figures"][0]["subject"]}]
    assert any(line.startswith("+About 300 American troops") for line in step["diff"])
    assert [n["status"] for n in step["annotations"]] == ["fuzzy"]


def test_two_copies_of_one_story_that_disagree_are_shown_as_such(capsys, tmp_path, archive):
    arch = archive["arch"]
    edited = tmp_path / "e_metro_edited.txt"
    text = Path(archive["files"]["c_metro"]).read_text(encoding="utf-8")
    edited.write_text(text.replace("Metro Online", "Evening Star").replace("metro-online.example.net",
                                                                            "eveningstar.example.net")
                      .replace("About 200 American troops", "About 400 American troops"), encoding="utf-8")
    new = run_json(capsys, "import", str(edited), "--archive", arch)[0]["article_id"]
    made = run_json(capsys, "annotate", str(new), "--quote", "About 400 American troops", "--claim", "--archive", arch)
    run(capsys, "cluster", "add", "troops", made["claim"]["id"], "--archive", arch)

    data = compare(capsys, arch)
    within = [d for d in data["disagreements"] if d["same_story"]]
    assert within and all("Evening Star" in d["sources"] for d in within)
    assert all(d["detail"].startswith("two copies of one story (AP, first in article") for d in within)
    assert data["provenance"]["summary"] == "5 outlets, 2 independent sources (AP carried by 4)"


def test_splitting_and_joining_a_story_group_is_undoable_and_survives_reimports(capsys, tmp_path, archive):
    arch, ids = archive["arch"], archive["ids"]
    metro, ap = ids["c_metro"], ids["a_ap"]
    _, out = run(capsys, "sources", str(metro), "--split", "--archive", arch)
    assert "undo with" in out
    assert run_json(capsys, "sources", str(metro), "--archive", arch)[0]["articles"] == [metro]
    assert compare(capsys, arch)["provenance"]["summary"] == "4 outlets, 3 independent sources (AP carried by 2)"

    run(capsys, "undo", "--archive", arch)
    assert compare(capsys, arch)["provenance"]["independent_sources"] == 2
    run(capsys, "redo", "--archive", arch)
    assert compare(capsys, arch)["provenance"]["independent_sources"] == 3

    # a re-scrape of the AP article and a fourth outlet carrying the story do not undo the split
    run_json(capsys, "import", archive["files"]["a_ap_rescrape"], "--archive", arch)
    fourth = tmp_path / "f_gazette.txt"
    fourth.write_text(Path(archive["files"]["b_courier"]).read_text(encoding="utf-8")
                      .replace("Daily Courier", "Niamey Gazette").replace("dailycourier.example.com",
                                                                          "gazette.example.org"), encoding="utf-8")
    gazette = run_json(capsys, "import", str(fourth), "--archive", arch)[0]["article_id"]
    groups = {tuple(g["articles"]) for g in run_json(capsys, "sources", "--archive", arch)}
    assert not any(metro in g for g in groups)
    assert any(gazette in g and ids["b_courier"] in g for g in groups)

    run(capsys, "sources", str(metro), "--join", str(ap), "--archive", arch)
    joined = run_json(capsys, "sources", str(metro), "--archive", arch)[0]["articles"]
    assert metro in joined and ids["b_courier"] in joined
    run(capsys, "undo", "--archive", arch)
    assert run_json(capsys, "sources", str(metro), "--archive", arch)[0]["articles"] == [metro]
    code, out = run(capsys, "sources", str(ids["d_independent"]), "--split", "--archive", arch)
    assert code != 0


def test_a_split_travels_in_a_bundle_to_a_colleague_with_the_same_reports(tmp_path):
    from test_bundle_exchange import Desk

    from niger_archive.services.copies import copies_of
    from niger_archive.services.provenance import groups_of, join_edit, split_edit

    a, b = Desk(tmp_path, "A"), Desk(tmp_path, "B")
    try:
        paths = [FIXTURES / f"{name}.txt" for name in QUOTES]
        ids = {p.stem: o.article_id for p, o in zip(paths, a.archive.import_files(paths))}
        b.take(a.export("reports"))
        metro = ids["c_metro"]
        assert len(groups_of(b.archive, [metro])[metro].articles) == 3
        a.archive.apply(split_edit(a.archive, metro))
        b.take(a.export("split"))
        assert groups_of(b.archive, [metro])[metro].articles == [metro]
        assert {c.status for c in copies_of(b.archive, metro, rejected=True)} == {"rejected"}
        a.archive.apply(join_edit(a.archive, metro, ids["a_ap"]))     # A joins it back: that travels too
        b.take(a.export("joined"))
        assert len(groups_of(b.archive, [metro])[metro].articles) == 3
    finally:
        a.close()
        b.close()


def test_the_html_report_draws_the_timeline_without_script(capsys, tmp_path, archive):
    arch = archive["arch"]
    run_json(capsys, "import", archive["files"]["a_ap_update"], "--archive", arch)
    out = tmp_path / "report.html"
    code, _ = run(capsys, "export", str(out), "--format", "html", "--archive", arch)
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert "4 outlets, 2 independent sources (AP carried by 3)" in page
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert "<title>Timeline of troops</title>" in svg
    assert "about 200 troops (first)" in svg and "about 200 troops → about 300 troops" in svg
    assert svg.count("<circle") == 5 and "stroke-dasharray" in svg  # copies of the AP story are joined
    assert "<script" not in page.lower() and "on" + "load=" not in page.lower()
    assert "Changed in an update" in page
