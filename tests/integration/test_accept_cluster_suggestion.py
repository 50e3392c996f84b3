"""Accepting a cluster suggestion is one flow (services.suggestions.cluster_suggestion_steps): the
command line (`cluster suggest --accept`) and the desktop app (`compare.accept`, key A) leave the
archive the same, and neither puts a second highlight on words already highlighted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from niger_archive.cli import main
from niger_archive.commands import REGISTRY, run_with_answers
from niger_archive.services.archive import Archive
from niger_archive.services.suggestions import suggest_cluster_members

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
FIRST = "less than 1,000 US troops"


class Window:
    """The little of the window `compare.accept` uses: the chosen rows of the compare pane."""

    def __init__(self, archive, items):
        self.archive, self.items, self.messages = archive, items, []

    def pane_item(self, kind):
        return self.items.get(kind)

    def push_steps(self, label, steps):
        return self.archive.apply_steps(label, steps)[1]

    def message(self, text, *, error=False):
        self.messages.append((text, error))


def _state(root: Path, cluster_id: str, article_id: int) -> dict:
    with Archive.open(root) as archive:
        members = archive.annotations.cluster(cluster_id).claim_ids
        quotes = sorted(archive.annotations.annotation(archive.annotations.claim(c).annotation_id).exact
                        for c in members)
        on_article = [(a.start, a.end, a.claim_id is not None) for a in archive.annotations.find(article_id)]
        return {"members": quotes, "highlights": sorted(on_article), "undo": archive.undo_label()}


@pytest.mark.parametrize("already_highlighted", [False, True], ids=["new passage", "highlighted passage"])
def test_the_command_line_and_the_app_add_a_suggested_passage_alike(tmp_path, capsys, already_highlighted):
    base = tmp_path / "base"
    with Archive.open(base) as archive:
        archive.import_files([SAMPLES])
        first = next(a.id for a in archive.list_articles() if FIRST in (archive.articles.text(a.id) or ""))
        edit = archive.editor.annotate_quote(first, FIRST, occurrence=1)
        archive.apply(edit)
        edit = archive.editor.mark_claim(edit.target)
        archive.apply(edit)
        claim = edit.target
        edit = archive.editor.create_cluster("troops")
        archive.apply(edit)
        cluster = edit.target
        archive.apply(archive.editor.add_to_cluster(cluster, [claim]))
        suggestion = suggest_cluster_members(archive, cluster)[0]
        if already_highlighted:  # the words are highlighted already, without a claim
            archive.apply(archive.editor.create_annotation(suggestion["article_id"], suggestion["start"],
                                                           suggestion["end"]))
    cli, app = tmp_path / "cli", tmp_path / "app"
    shutil.copytree(base, cli)
    shutil.copytree(base, app)

    assert main(["cluster", "suggest", cluster, "--accept", "1", "--json", "--archive", str(cli)]) == 0
    accepted = json.loads(capsys.readouterr().out)[0]
    assert accepted["article_id"] == suggestion["article_id"] and accepted["accepted_claim"]

    with Archive.open(app) as archive:
        window = Window(archive, {"suggestion": suggestion, "cluster": cluster})
        run_with_answers(REGISTRY.get("compare.accept"), window, [])
        assert window.messages == [] or not any(error for _, error in window.messages)

    by_cli, by_app = _state(cli, cluster, suggestion["article_id"]), _state(app, cluster, suggestion["article_id"])
    assert by_cli == by_app
    assert len(by_cli["members"]) == 2
    span = (suggestion["start"], suggestion["end"])
    assert [h for h in by_cli["highlights"] if h[:2] == span] == [(*span, True)]  # one highlight, now a claim
