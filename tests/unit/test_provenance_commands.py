"""Issue 18 from the window's commands: split and join a story group (one undo step each), and what
changed between an article's versions, said in words."""

from __future__ import annotations

from pathlib import Path

from test_commands import FakeContext

from niger_archive.commands import REGISTRY, run_with_answers
from niger_archive.services.provenance import groups_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "copies"


def test_split_and_join_from_the_reader_are_undoable(archive):
    outcomes = archive.import_files([FIXTURES / "a_ap.txt", FIXTURES / "b_courier.txt", FIXTURES / "c_metro.txt"])
    ap, courier, metro = (o.article_id for o in outcomes)
    ctx = FakeContext(archive, metro)
    run_with_answers(REGISTRY.get("article.split_story"), ctx)
    assert groups_of(archive, [metro])[metro].articles == [metro]
    assert ctx.messages[-1][0].startswith(f"Take article {metro} out of its story group")
    archive.undo()
    assert groups_of(archive, [metro])[metro].articles == [ap, courier, metro]
    archive.redo()
    asked = run_with_answers(REGISTRY.get("article.join_story"), ctx, [str(ap)])
    assert asked[0].prompt == "Article number of the same story"
    assert groups_of(archive, [metro])[metro].articles == [ap, courier, metro]
    run_with_answers(REGISTRY.get("article.join_story"), ctx, [str(courier)])
    assert ctx.messages[-1] == (f"articles {metro} and {courier} are already one story (group {ap})", True)


def test_what_changed_between_versions_names_the_changed_figure(archive):
    first = archive.import_files([FIXTURES / "a_ap.txt"])[0].article_id
    ctx = FakeContext(archive, first)
    run_with_answers(REGISTRY.get("article.version_changes"), ctx)
    assert ctx.messages[-1] == ("This article has one version only", True)
    newer = archive.import_files([FIXTURES / "a_ap_update.txt"])[0].article_id
    ctx.article_id = newer
    run_with_answers(REGISTRY.get("article.version_changes"), ctx)
    assert ctx.messages[-1][0] == (f"version {first} → {newer} (2024-08-05 19:40): “About 200 American troops” → "
                                   "“About 300 American troops”; 1 line new or changed")


def test_compare_with_earlier_versions_opens_the_diff_only_when_there_are_versions(archive):
    first = archive.import_files([FIXTURES / "a_ap.txt"])[0].article_id
    ctx = FakeContext(archive, first)
    run_with_answers(REGISTRY.get("article.compare_versions"), ctx)
    assert ctx.messages[-1] == ("This article has one version only", True)
    assert ctx.shown == []
    archive.import_files([FIXTURES / "a_ap_update.txt"])
    run_with_answers(REGISTRY.get("article.compare_versions"), ctx)  # from the earlier version too
    assert ctx.shown == ["versions"]
