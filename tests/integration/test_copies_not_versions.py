"""Issue 23 (and issue 21, item 4) through the command line: copies of one story stay articles of their
own, linked; re-captures of one publication are versions, the current one chosen by its own dates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from niger_archive.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "copies"
PRESS_RELEASE = [
    "The Ministry of National Defence of the Republic of Niger and the Department of Defense of the United States "
    "of America announce the completion of the disengagement of American forces from Air Base 101 in Niamey.",
    "In accordance with the joint statement of 19 May, the disengagement was carried out in an orderly manner, "
    "with full respect for the sovereignty of Niger and the safety of the personnel of both parties.",
    "The two parties recall the common sacrifices of Nigerien and American soldiers in the fight against "
    "terrorism and welcome the cooperation that made the withdrawal possible ahead of the agreed date.",
    "The disengagement from Air Base 201 in Agadez will be completed no later than 15 September. A joint "
    "commission will meet again to review the remaining questions of equipment and infrastructure.",
]


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, _ = capsys.readouterr()
    return code, out


def run_json(capsys, *argv: str):
    code, out = run(capsys, *argv, "--json")
    return code, json.loads(out)


def article_file(path: Path, header: dict[str, str], paragraphs: list[str]) -> Path:
    path.write_text("\n".join(f"{k}: {v}" for k, v in header.items()) + "\n\n" + "\n\n".join(paragraphs) + "\n",
                    encoding="utf-8")
    return path


@pytest.fixture
def arch(tmp_path) -> str:
    return str(tmp_path / "A")


@pytest.fixture
def wire(tmp_path) -> dict[str, str]:
    folder = tmp_path / "wire"
    shutil.copytree(FIXTURES, folder)
    return {p.stem: str(p) for p in folder.iterdir()}


def test_three_outlets_carrying_one_wire_story_stay_three_linked_articles(capsys, arch, wire):
    code, out = run(capsys, "import", wire["a_ap"], wire["b_courier"], wire["c_metro"], "--archive", arch)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("imported") and "copy" not in lines[0]
    assert lines[1].startswith("imported") and "copy of article 1 (Associated Press)" in lines[1]
    assert lines[2].startswith("imported") and "copy of article 1 (Associated Press), article 2 (Daily Courier)" in lines[2]
    assert "version" not in out
    _, listing = run_json(capsys, "list", "--archive", arch)
    assert [a["outlet"] for a in listing] == ["Associated Press", "Daily Courier", "Metro Online"]
    assert listing[0]["copies"] == "copied by 2, 3" and listing[2]["copies"] == "copy of 1, 2"
    _, text = run(capsys, "list", "--archive", arch)
    assert "US hands over last Niger base  (copied by 2, 3)" in text
    hits = run_json(capsys, "search", "Agadez", "--archive", arch)[1]["hits"]
    assert sorted(h["id"] for h in hits) == [1, 2, 3]  # every outlet's report is searchable
    _, shown = run(capsys, "show", "3", "--archive", arch)
    assert "Copies: copy of article 1 (Associated Press, 2024-08-05): US hands over last Niger base" in shown


def test_a_rescrape_of_one_outlet_with_a_changed_figure_is_its_new_version(capsys, arch, wire):
    run(capsys, "import", wire["a_ap"], wire["b_courier"], wire["c_metro"], "--archive", arch)
    _, outcomes = run_json(capsys, "import", wire["a_ap_rescrape"], "--archive", arch)
    assert outcomes[0]["status"] == "version" and outcomes[0]["version_of"] == 1
    assert outcomes[0]["reason"].startswith("new version of article 1 (same address)")
    assert outcomes[0]["copy_of"] == []  # the AP lineage is already linked to the other outlets
    _, listing = run_json(capsys, "list", "--archive", arch)
    assert [a["id"] for a in listing] == [2, 3, 4]
    _, shown = run_json(capsys, "show", "4", "--archive", arch)
    assert "About 240 American troops" in shown["text"] and shown["version_of"] == 1
    assert sorted(c["article_id"] for c in shown["copies"]) == [2, 3]  # the links follow the lineage
    _, text = run(capsys, "show", "4", "--archive", arch)
    assert "Version: new version of article 1" in text


def test_an_article_republished_by_its_outlet_under_a_second_address_is_a_copy(capsys, arch, tmp_path, wire):
    body = Path(wire["a_ap"]).read_text(encoding="utf-8").split("\n\n", 1)[1].split("\n\n")
    first = article_file(tmp_path / "voa1.txt", {"Title": "US hands over last Niger base", "Outlet": "VOA",
                                                 "URL": "https://www.voanews.com/a/us-niger-base/7712.html"}, body)
    second = article_file(tmp_path / "voa2.txt", {"Title": "US hands over last Niger base", "Outlet": "VOA",
                                                  "URL": "https://www.voanews.com/africa/sahel/us-niger-base-7740.html"}, body)
    _, outcomes = run_json(capsys, "import", str(first), str(second), "--archive", arch)
    assert [o["status"] for o in outcomes] == ["imported", "imported"]
    assert outcomes[1]["copy_of"] == [1]
    assert "same story under a second address on the same site" in outcomes[1]["reason"]


def test_a_press_release_reprinted_verbatim_by_two_sites_is_two_linked_articles(capsys, arch, tmp_path):
    a = article_file(tmp_path / "a.txt", {"Title": "Communiqué: disengagement from Air Base 101", "Outlet": "Sahel News",
                                          "URL": "https://sahel-news.example.org/communique-base-101"}, PRESS_RELEASE)
    b = article_file(tmp_path / "b.txt", {"Title": "Communiqué: disengagement from Air Base 101", "Outlet": "Niamey Info",
                                          "URL": "https://niamey-info.example.com/2024/07/communique"}, PRESS_RELEASE)
    _, outcomes = run_json(capsys, "import", str(a), str(b), "--archive", arch)
    assert [o["status"] for o in outcomes] == ["imported", "imported"] and outcomes[1]["copy_of"] == [1]
    _, copies = run_json(capsys, "copies", "1", "--archive", arch)
    assert [(c["article_id"], c["status"], c["similarity"]) for c in copies] == [(2, "linked", 1.0)]


def test_an_older_scrape_imported_after_a_newer_one_becomes_the_earlier_version(capsys, arch, wire):
    _, first = run_json(capsys, "import", wire["a_ap_rescrape"], "--archive", arch)  # updated 19:40
    _, outcomes = run_json(capsys, "import", wire["a_ap"], "--archive", arch)  # published 15:05, no update
    older = outcomes[0]
    assert older["status"] == "version" and older["superseded_by"] == 1 and older["version_of"] is None
    assert older["reason"] == ("earlier version of article 1 (same address): it is older (published 2024-08-05 "
                               "15:05) than article 1 (updated 2024-08-05 19:40); article 1 stays current")
    _, listing = run_json(capsys, "list", "--archive", arch)
    assert [a["id"] for a in listing] == [1]
    _, everything = run_json(capsys, "list", "--all-versions", "--archive", arch)
    assert {a["id"]: a["version_of"] for a in everything} == {1: 2, 2: None}
    hits = run_json(capsys, "search", '"About 240 American troops"', "--archive", arch)[1]["hits"]
    assert [h["id"] for h in hits] == [1]
    hits = run_json(capsys, "search", '"About 200 American troops"', "--archive", arch)[1]["hits"]
    assert hits == []  # the older text is not the current one
    _, text = run(capsys, "show", "2", "--archive", arch)
    assert "Version: an earlier version of article 1, which is current" in text


def test_the_users_highlight_stays_on_the_newer_text_when_an_older_scrape_arrives(capsys, arch, wire):
    run(capsys, "import", wire["a_ap_rescrape"], "--archive", arch)
    code, _ = run(capsys, "annotate", "1", "--quote", "About 240 American troops", "--note", "keep me", "--archive", arch)
    assert code == 0
    run(capsys, "import", wire["a_ap"], "--archive", arch)
    _, notes = run_json(capsys, "annotations", "1", "--archive", arch)
    assert [(n["exact"], n["anchor_status"]) for n in notes] == [("About 240 American troops", "exact")]


def test_near_identical_texts_without_address_or_outlet_are_kept_apart_and_the_link_suggested(capsys, arch, tmp_path):
    a = article_file(tmp_path / "one.txt", {"Title": "Communiqué"}, PRESS_RELEASE)
    b = article_file(tmp_path / "two.txt", {"Title": "Communiqué"}, PRESS_RELEASE[:3])
    _, outcomes = run_json(capsys, "import", str(a), str(b), "--archive", arch)
    assert [o["status"] for o in outcomes] == ["imported", "imported"]
    assert outcomes[1]["suggested"] == [1] and outcomes[1]["copy_of"] == []
    assert "possibly the same story as article 1" in outcomes[1]["reason"]
    _, listing = run_json(capsys, "list", "--archive", arch)
    assert [(a["id"], a["copies"]) for a in listing] == [(1, "possible copy of 2?"), (2, "possible copy of 1?")]
    code, out = run(capsys, "copies", "2", "--accept", "1", "--archive", arch)
    assert code == 0 and "Accept copy link 2–1" in out
    _, copies = run_json(capsys, "copies", "2", "--archive", arch)
    assert [(c["article_id"], c["status"]) for c in copies] == [(1, "accepted")]
    run(capsys, "undo", "--archive", arch)
    _, copies = run_json(capsys, "copies", "2", "--archive", arch)
    assert [(c["article_id"], c["status"]) for c in copies] == [(1, "suggested")]
    run(capsys, "copies", "2", "--reject", "1", "--archive", arch)
    _, copies = run_json(capsys, "copies", "2", "--archive", arch)
    assert copies == []
    _, listing = run_json(capsys, "list", "--archive", arch)
    assert [a["copies"] for a in listing] == ["", ""]


def test_the_same_file_imported_again_after_it_changed_is_a_new_version(capsys, arch, tmp_path):
    path = article_file(tmp_path / "scrape.txt", {"Title": "Communiqué"}, PRESS_RELEASE)
    run(capsys, "import", str(path), "--archive", arch)
    article_file(path, {"Title": "Communiqué"}, PRESS_RELEASE + ["A joint commission met on Monday."])
    _, outcomes = run_json(capsys, "import", str(path), "--archive", arch)
    assert outcomes[0]["status"] == "version" and outcomes[0]["version_of"] == 1
    assert "the same file imported again" in outcomes[0]["reason"]
