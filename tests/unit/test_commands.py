"""The command registry, keys and handlers, driven through a plain (Qt-free) context object."""

from __future__ import annotations

from pathlib import Path

import pytest

from niger_archive.commands import (
    CONTEXTS,
    MENUS,
    REGISTRY,
    ChoiceOption,
    ChoiceQuestion,
    CommandRun,
    InvalidKey,
    NewText,
    PathQuestion,
    Registry,
    TextQuestion,
    build_keymap,
    find_conflicts,
    keyboard_markdown,
    normalize_key,
    palette_matches,
    reference_rows,
    run_with_answers,
)
from niger_archive.commands.archive_actions import summarize_import
from niger_archive.core.models import ImportOutcome

ROOT = Path(__file__).resolve().parents[2]
TROOPS = "approximately 1,000 U.S. military personnel"


class FakeContext:
    """A window without widgets: selection and caret in code points, edits applied to the archive."""

    def __init__(self, archive, article_id=None):
        self.archive = archive
        self.article_id = article_id
        self.annotation_id = None
        self.raw_mode = False
        self._selection = None
        self._caret = 0
        self.items = {}
        self.messages = []
        self.focused = []
        self.shown = []
        self.background = []
        self.answers_for_nested = []
        self.query = ""
        self.changes = []

    def text(self):
        return self.archive.articles.text(self.article_id) if self.article_id is not None else ""

    def selection(self):
        return self._selection

    def caret(self):
        return self._caret if self.article_id is not None else None

    def select(self, start, end):
        self._selection, self._caret = (start, end), end

    def move_caret(self, offset):
        self._selection, self._caret = None, offset

    def pane_item(self, kind):
        return self.items.get(kind)

    def library_ids(self):
        return self.archive.current_ids()

    def search_query(self):
        return self.query

    def changed(self, change):
        self.changes.append(change)

    def push(self, edit):
        return self.archive.apply(edit)

    def push_steps(self, label, steps):
        return self.archive.apply_steps(label, steps)[1]

    def undo(self):
        self.archive.undo()

    def redo(self):
        self.archive.redo()

    def message(self, text, *, error=False):
        self.messages.append((text, error))

    def focus(self, target):
        self.focused.append(target)

    def show(self, view):
        self.shown.append(view)

    def open_article(self, article_id, start=None, end=None):
        self.article_id, self._selection, self._caret = article_id, None, start or 0

    def go_to_annotation(self, annotation_id):
        ann = self.archive.annotations.annotation(annotation_id)
        self.article_id, self.annotation_id = ann.article_id, annotation_id
        self._selection, self._caret = None, ann.end

    def set_annotation(self, annotation_id):
        self.annotation_id, self._selection = annotation_id, None

    def run_background(self, title, job, summarize=None):
        results = list(job(self.archive))
        self.background.append(summarize(results, False) if summarize else title)

    def cancel_background(self):
        return False

    def open_archive(self, path):
        self.opened_archive = path

    def run_command(self, command_id):
        run_with_answers(REGISTRY.get(command_id), self, self.answers_for_nested)

    def quit(self):
        self.quit_called = True


def run(ctx, command_id, *answers):
    return run_with_answers(REGISTRY.get(command_id), ctx, answers)


@pytest.fixture
def ctx(sample_archive, sample_ids):
    article_id = sample_ids["004"]
    context = FakeContext(sample_archive, article_id)
    context.move_caret(context.text().index(TROOPS) + 5)
    return context


def troops_sentence(ctx):
    text = ctx.text()
    start = text.index("Niger has played a significant role")
    return start, text.index("stationed in the country.") + len("stationed in the country.")


# --- the registry ------------------------------------------------------------------------------------
def test_every_command_has_a_unique_id_and_title_a_menu_and_a_known_context():
    commands = list(REGISTRY)
    assert len({c.id for c in commands}) == len(commands)
    assert len({c.title for c in commands}) == len(commands)
    for c in commands:
        assert c.context in CONTEXTS and c.top_menu in MENUS and c.description
    assert len(commands) >= 60


def test_required_default_keys():
    km = build_keymap(REGISTRY)
    expected = {
        "reader.select_sentence": "S", "reader.select_paragraph": "P", "annotate.highlight": "H",
        "annotate.colour_1": "1", "annotate.colour_9": "9", "claim.mark": "C", "annotate.entity": "E",
        "annotate.tag": "T", "annotate.note": "N", "claim.verdict": "V", "claim.cluster": "G",
        "reader.next_annotation": "J", "reader.previous_annotation": "K", "reader.next_article": "]",
        "reader.previous_article": "[", "annotate.delete": "Del", "view.reader": "Esc", "go.search": "/",
        "edit.undo": "Ctrl+Z", "edit.redo": "Ctrl+Shift+Z", "file.import": "Ctrl+I",
        "file.export": "Ctrl+Shift+E", "view.palette": "Ctrl+Shift+P", "help.keys": "F1",
    }
    for command_id, key in expected.items():
        assert key in km.keys_for(command_id), command_id
    assert "Ctrl+F" in km.keys_for("reader.find")  # find in this article; / searches the archive


def test_default_keys_do_not_conflict():
    km = build_keymap(REGISTRY)
    assert km.conflicts == [] and km.problems == []


def test_registering_a_duplicate_id_or_title_fails():
    reg = Registry()
    reg.add("a.one", "One", lambda ctx: None)
    with pytest.raises(ValueError):
        reg.add("a.one", "Other", lambda ctx: None)
    with pytest.raises(ValueError):
        reg.add("a.two", "One", lambda ctx: None)
    with pytest.raises(ValueError):
        reg.add("a.three", "Three", lambda ctx: None, context="nowhere")


@pytest.mark.parametrize("given,expected", [
    ("shift+ctrl+z", "Ctrl+Shift+Z"), ("s", "S"), ("Delete", "Del"), ("escape", "Esc"), ("f1", "F1"),
    ("Ctrl++", "Ctrl++"), ("/", "/"), ("]", "]"), ("control+alt+del", "Ctrl+Alt+Del"),
])
def test_keys_are_normalised(given, expected):
    assert normalize_key(given) == expected


@pytest.mark.parametrize("bad", ["", "Hyper+X", "Ctrl+", "NoSuchKey", "F99"])
def test_unreadable_keys_are_refused(bad):
    with pytest.raises(InvalidKey):
        normalize_key(bad)


def test_conflicts_in_one_context_and_between_global_and_any_context():
    conflicts = find_conflicts([
        ("a", "reader", "X"), ("b", "reader", "X"),  # same context
        ("c", "global", "Y"), ("d", "library", "Y"),  # global vs a pane
        ("e", "reader", "Z"), ("f", "library", "Z"),  # different panes: fine
    ])
    pairs = {c.commands for c in conflicts}
    assert pairs == {("a", "b"), ("c", "d")}
    assert "X is bound to a and b" in conflicts[0].describe()


def test_overrides_apply_and_win_over_other_defaults():
    km = build_keymap(REGISTRY, {"annotate.highlight": "Shift+H", "claim.mark": "S", "bogus.command": "X",
                                 "annotate.tag": "Hyper+T", "annotate.note": ""})
    assert km.keys_for("annotate.highlight") == ("Shift+H",)
    assert km.keys_for("claim.mark") == ("S",)
    assert "S" not in km.keys_for("reader.select_sentence")  # it lost the key to the override
    assert km.keys_for("annotate.note") == ()  # unbound
    assert km.keys_for("annotate.tag") == ("T",)  # a bad override is ignored
    assert any("bogus.command" in p for p in km.problems)
    assert any("annotate.tag" in p for p in km.problems)
    assert any("reader.select_sentence" in p for p in km.problems)
    assert km.conflicts == []
    assert km.command_for("s", "reader") == "claim.mark"


def test_two_overrides_on_one_key_are_reported_as_a_conflict():
    km = build_keymap(REGISTRY, {"annotate.highlight": "Q", "claim.mark": "Q"})
    assert [c.commands for c in km.conflicts] == [("annotate.highlight", "claim.mark")]


def test_reference_and_docs_list_every_command():
    rows = reference_rows()
    assert {r.command_id for r in rows if r.command_id} == {c.id for c in REGISTRY}
    md = keyboard_markdown()
    for c in REGISTRY:
        assert f"`{c.id}`" in md
    assert (ROOT / "docs" / "keyboard.md").read_text(encoding="utf-8") == md, \
        "docs/keyboard.md is out of date: regenerate it with keyboard_markdown()"


def test_palette_matching_is_fuzzy_and_ranked():
    commands = list(REGISTRY)
    assert palette_matches("", commands) == commands
    assert palette_matches("mark claim", commands)[0].id == "claim.mark"
    assert palette_matches("mcl", commands)[0].id == "claim.mark"
    assert palette_matches("verdict", commands)[0].id in ("claim.verdict", "claims.verdict")
    assert palette_matches("zzzzq", commands) == []


def test_choice_exact_match_uses_labels_and_aliases():
    q = ChoiceQuestion("Entity", (ChoiceOption("e1", "Niger · place", ("Niger", "République du Niger")),))
    assert q.exact_match("  niger ") == "e1"
    assert q.exact_match("République du Niger") == "e1"
    assert q.exact_match("Nigeria") is None


# --- handlers ----------------------------------------------------------------------------------------
def test_select_sentence_mark_claim_link_new_entity_and_set_verdict(ctx):
    run(ctx, "reader.select_sentence")
    start, end = troops_sentence(ctx)
    assert ctx.selection() == (start, end)
    run(ctx, "claim.mark")
    claims = ctx.archive.annotations.claims(article_id=ctx.article_id)
    assert [c.quote for c in claims] == [ctx.text()[start:end]]
    assert ctx.annotation_id == claims[0].annotation_id and ctx.selection() is None
    asked = run(ctx, "annotate.entity", NewText("Niger"), "place")
    assert isinstance(asked[0], ChoiceQuestion) and asked[0].allow_new
    assert asked[1].options[2].value == "place"
    entity = ctx.archive.annotations.entities()[0]
    assert (entity.name, entity.type, entity.mention_count) == ("Niger", "place", 1)
    run(ctx, "claim.verdict", "disputed")
    assert ctx.archive.annotations.claim(claims[0].id).verdict == "disputed"
    assert ctx.archive.undo_label() == "Set verdict to disputed"
    run(ctx, "edit.undo")
    assert ctx.archive.annotations.claim(claims[0].id).verdict == "unverified"
    run(ctx, "edit.redo")
    assert ctx.archive.annotations.claim(claims[0].id).verdict == "disputed"


def test_linking_an_existing_name_or_alias_reuses_the_entity(ctx):
    run(ctx, "reader.select_sentence")
    run(ctx, "annotate.entity", NewText("Niger"), "place")
    ctx.move_caret(0)
    run(ctx, "reader.select_sentence")
    asked = run(ctx, "annotate.entity", NewText("  niger "))
    assert len(asked) == 1  # no type question: the name is known
    assert len(ctx.archive.annotations.entities()) == 1
    assert ctx.archive.annotations.entities()[0].mention_count == 2


def test_entity_link_on_a_new_selection_is_one_undo_step(ctx):
    run(ctx, "reader.select_sentence")
    run(ctx, "annotate.entity", NewText("Pentagon"), "organisation")
    assert ctx.archive.undo_label() == "Link “Pentagon”"
    ctx.archive.undo()
    assert ctx.archive.annotations.find(ctx.article_id) == []
    assert ctx.archive.annotations.entities() == []


def test_highlight_needs_a_selection_and_colours_come_from_the_palette(ctx):
    run(ctx, "annotate.highlight")
    assert "Select a passage first" in ctx.messages[-1][0] and ctx.messages[-1][1]
    run(ctx, "reader.select_paragraph")
    run(ctx, "annotate.colour_2")
    ann = ctx.archive.annotations.find(ctx.article_id)[0]
    assert ann.color == ctx.archive.editor.palette_name_at(2)
    run(ctx, "annotate.colour_3")  # no selection: recolours the current highlight
    assert ctx.archive.annotations.annotation(ann.id).color == ctx.archive.editor.palette_name_at(3)
    run(ctx, "annotate.clear_colour")
    assert ctx.archive.annotations.annotation(ann.id).color is None


def test_pressing_s_again_extends_the_selection_by_the_next_sentence(ctx):
    run(ctx, "reader.select_sentence")
    first = ctx.selection()
    run(ctx, "reader.select_sentence")
    assert ctx.selection()[0] == first[0] and ctx.selection()[1] > first[1]


def test_tags_note_and_delete(ctx):
    run(ctx, "reader.select_sentence")
    run(ctx, "annotate.tag", "troops, needs source")
    ann = ctx.archive.annotations.find(ctx.article_id)[0]
    assert sorted(ann.tags) == ["needs source", "troops"]
    assert ctx.archive.undo_label() == "Add 2 tags"
    run(ctx, "annotate.untag", "troops")
    assert ctx.archive.annotations.annotation(ann.id).tags == ["needs source"]
    run(ctx, "annotate.note")
    assert ctx.focused[-1] == "note"
    run(ctx, "annotate.delete")
    assert ctx.archive.annotations.find(ctx.article_id) == []


def test_verdict_on_a_plain_highlight_marks_it_as_a_claim_in_one_step(ctx):
    run(ctx, "reader.select_sentence")
    run(ctx, "annotate.highlight")
    run(ctx, "claim.verdict", "false")
    claims = ctx.archive.annotations.claims(article_id=ctx.article_id)
    assert [c.verdict for c in claims] == ["false"]
    ctx.archive.undo()
    assert ctx.archive.annotations.claims(article_id=ctx.article_id) == []
    assert len(ctx.archive.annotations.find(ctx.article_id)) == 1


def test_clusters_are_chosen_or_created(ctx, sample_ids):
    run(ctx, "reader.select_sentence")
    run(ctx, "claim.cluster", NewText("US troop numbers"))
    cluster = ctx.archive.annotations.clusters()[0]
    assert cluster.label == "US troop numbers" and len(cluster.claim_ids) == 1
    other = FakeContext(ctx.archive, sample_ids["000"])
    other.move_caret(other.text().index("1,000"))
    run(other, "reader.select_sentence")
    asked = run(other, "claim.cluster", cluster.id)
    assert any(o.value == cluster.id for o in asked[0].options)
    assert len(ctx.archive.annotations.cluster(cluster.id).claim_ids) == 2


def test_stepping_through_highlights_and_articles(ctx):
    text = ctx.text()
    for phrase in ("Niger has played", TROOPS):
        ctx.move_caret(text.index(phrase))
        ctx.select(text.index(phrase), text.index(phrase) + 10)
        run(ctx, "annotate.highlight")
    first, second = ctx.archive.annotations.find(ctx.article_id)
    ctx.move_caret(0)
    ctx.annotation_id = None
    run(ctx, "reader.next_annotation")
    assert ctx.annotation_id == first.id
    run(ctx, "reader.next_annotation")
    assert ctx.annotation_id == second.id
    run(ctx, "reader.next_annotation")
    assert "No more highlights" in ctx.messages[-1][0]
    run(ctx, "reader.previous_annotation")
    assert ctx.annotation_id == first.id
    ids = ctx.library_ids()
    ctx.article_id = ids[0]
    run(ctx, "reader.next_article")
    assert ctx.article_id == ids[1]
    run(ctx, "reader.previous_article")
    run(ctx, "reader.previous_article")
    assert ctx.article_id == ids[0] and "first article" in ctx.messages[-1][0]


def test_commands_say_what_to_do_without_an_article(sample_archive):
    ctx = FakeContext(sample_archive)
    for command_id in ("claim.mark", "annotate.entity", "reader.select_sentence", "reader.toggle_raw"):
        run(ctx, command_id)
        assert ctx.messages[-1][1] and "Open an article" in ctx.messages[-1][0]


def test_raw_mode_refuses_annotation(ctx):
    ctx.raw_mode = True
    run(ctx, "annotate.highlight")
    assert "original text" in ctx.messages[-1][0]


def test_cancelling_a_question_changes_nothing(ctx):
    run(ctx, "reader.select_sentence")
    cmd = REGISTRY.get("annotate.tag")
    command_run = CommandRun(cmd, ctx)
    assert isinstance(command_run.start(), TextQuestion)
    command_run.cancel()
    assert command_run.done and ctx.archive.annotations.find(ctx.article_id) == []


def test_import_export_and_palette_commands(archive, samples_dir, tmp_path):
    ctx = FakeContext(archive)
    asked = run(ctx, "file.import", [str(samples_dir)])
    assert isinstance(asked[0], PathQuestion)
    assert ctx.background == ["Imported 5 articles"]
    run(ctx, "file.import", [str(tmp_path / "missing")])
    assert "No such file or folder" in ctx.messages[-1][0]
    ctx.answers_for_nested = []
    asked = run(ctx, "view.palette", "help.keys")
    assert any(o.value == "claim.mark" and "C" in o.detail for o in asked[0].options)
    assert ctx.shown == ["help"]


def test_entities_pane_suggestions_accept_and_reject(ctx):
    run(ctx, "reader.select_sentence")
    run(ctx, "annotate.entity", NewText("Niger"), "place")
    entity = ctx.archive.annotations.entities()[0]
    from niger_archive.services.suggestions import suggest_mentions

    found = suggest_mentions(ctx.archive, entity.id)
    assert found
    ctx.items = {"entity": entity.id, "suggestion": found[0], "suggestions": found}
    run(ctx, "entities.accept")
    assert ctx.archive.annotations.entity(entity.id).mention_count == 2
    ctx.items["suggestion"] = found[1]
    run(ctx, "entities.reject")
    assert len(suggest_mentions(ctx.archive, entity.id)) == len(found) - 2
    run(ctx, "entities.aliases", "République du Niger")
    assert ctx.archive.annotations.entity(entity.id).aliases == ["République du Niger"]


def test_import_summary_reads_well():
    outcomes = [ImportOutcome("a.txt", "imported", 1), ImportOutcome("b.txt", "duplicate", 1),
                ImportOutcome("/x/c.pdf", "failed", reason="unsupported")]
    assert summarize_import(outcomes) == "Imported 1 article; 1 already in the archive; 1 failed: c.pdf (unsupported)"
    assert summarize_import([], cancelled=True).endswith("cancelled (the files imported so far stay)")



def test_review_and_claims_pane_commands_act_on_the_chosen_row(ctx):
    run(ctx, "reader.select_sentence")
    run(ctx, "claim.mark")
    claim = ctx.archive.annotations.claims()[0]
    ctx.items = {"claim": claim.id, "annotation": claim.annotation_id}
    run(ctx, "claims.verdict", "supported")
    assert ctx.archive.annotations.claim(claim.id).verdict == "supported"
    ctx.move_caret(0)
    run(ctx, "claims.open")
    assert ctx.annotation_id == claim.annotation_id and ctx.focused[-1] == "reader"
    run(ctx, "review.delete")
    assert ctx.archive.annotations.claims() == []


def test_export_offers_the_scopes_that_exist_now_and_writes_the_chosen_format(ctx, tmp_path):
    from niger_archive.bundles.reading import read_bundle

    ctx.query = "troops"
    asked = run(ctx, "file.export", "search", "bundle", str(tmp_path / "troops"))
    assert [o.value for o in asked[0].options] == ["all", "article", "search"]  # no cluster chosen
    assert asked[0].current == "article"  # an article is open
    assert [o.value for o in asked[1].options] == ["bundle", "w3c", "claimreview", "csv", "html"]
    assert asked[2].initial.endswith(".nabundle")
    content = read_bundle(tmp_path / "troops.nabundle")
    hits = {h.id for h in ctx.archive.search("troops", limit=50)}
    assert {a.sha256 for a in content.articles} == {ctx.archive.articles.sha256(i) for i in hits}
    assert "query: troops" in ctx.background[-1] and "troops.nabundle" in ctx.background[-1]

    run(ctx, "file.export", "article", "html", str(tmp_path / "one.html"))
    assert (tmp_path / "one.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert "1 article" in ctx.background[-1]
    run(ctx, "file.export", "all", "csv", str(tmp_path / "missing-folder" / "x.csv"))
    assert "No such folder" in ctx.messages[-1][0]


def test_a_cluster_scope_appears_when_the_compare_pane_has_one(ctx, tmp_path):
    from niger_archive.services.editing import new_id

    cluster_id = new_id()
    ctx.archive.apply(ctx.archive.editor.create_cluster("Troop numbers", cluster_id=cluster_id))
    ctx.items["cluster"] = cluster_id
    asked = run(ctx, "file.export")
    assert any(o.value == "cluster" and o.detail == "Troop numbers" for o in asked[0].options)


def test_importing_a_bundle_shows_its_dry_run_and_imports_only_when_confirmed(archive, samples_dir, tmp_path):
    from niger_archive.commands.bundle_actions import describe_report
    from niger_archive.services import bundle_exchange
    from niger_archive.services.archive import Archive

    with Archive.open(tmp_path / "colleague") as colleague:
        ids = [o.article_id for o in colleague.import_files(sorted(samples_dir.glob("*.txt"))[:2])]
        colleague.apply(colleague.editor.create_annotation(ids[0], 0, 25))
        bundle_exchange.run_export(colleague, tmp_path / "two.nabundle")
    ctx = FakeContext(archive)
    asked = run(ctx, "file.import_bundle", [str(tmp_path / "two.nabundle")], "cancel")
    question = asked[-1]
    assert question.prompt == "Import two.nabundle?" and question.current == "import"
    assert question.message.splitlines()[0] == "Adds 2 articles, 1 highlight"
    assert archive.articles.count() == 0 and ctx.messages[-1][0] == "two.nabundle was not imported"

    run(ctx, "file.import_bundle", [str(tmp_path / "two.nabundle")], "import")
    assert archive.articles.count() == 2
    assert ctx.background[-1].startswith("Imported two.nabundle: Added 2 articles, 1 highlight")
    run(ctx, "file.import_bundle", [str(tmp_path / "two.nabundle")])  # again: nothing new, nothing asked
    assert "Nothing new" in ctx.messages[-1][0]
    report = bundle_exchange.import_bundle(archive, tmp_path / "two.nabundle", dry_run=True)
    assert describe_report(report) == ["Nothing new: the archive already holds everything in this bundle"]

    (tmp_path / "broken.nabundle").write_bytes(b"not a zip")
    run(ctx, "file.import_bundle", [str(tmp_path / "broken.nabundle")])
    assert ctx.messages[-1][1] and ctx.messages[-1][0].startswith("Checking broken.nabundle failed")


def test_conflicts_are_described_and_settled_through_the_context(sample_archive, tmp_path):
    from niger_archive.commands.bundle_actions import describe_conflict
    from niger_archive.services import bundle_exchange
    from niger_archive.services.archive import Archive
    from niger_archive.services.editing import new_id

    article_id = sample_archive.current_ids()[0]
    annotation_id = new_id()
    sample_archive.apply(sample_archive.editor.create_annotation(article_id, 0, 30, note="one",
                                                                 annotation_id=annotation_id))
    bundle_exchange.run_export(sample_archive, tmp_path / "a.nabundle")
    with Archive.open(tmp_path / "other") as other:
        bundle_exchange.import_bundle(other, tmp_path / "a.nabundle")
        other.apply(other.editor.set_note(annotation_id, "theirs"))
        bundle_exchange.run_export(other, tmp_path / "b.nabundle")
    sample_archive.apply(sample_archive.editor.set_note(annotation_id, "mine"))
    bundle_exchange.import_bundle(sample_archive, tmp_path / "b.nabundle")
    [conflict] = bundle_exchange.list_conflicts(sample_archive)
    view = describe_conflict(conflict)
    assert view["kind"] == "highlight" and view["here"] == "note: mine" and view["incoming"] == "note: theirs"

    ctx = FakeContext(sample_archive)
    run(ctx, "review.take_incoming")
    assert "Choose a bundle conflict" in ctx.messages[-1][0]
    ctx.items["conflict"] = conflict["id"]
    run(ctx, "review.take_incoming")
    assert sample_archive.annotations.annotation(annotation_id).note == "theirs"
    assert annotation_id in ctx.changes[-1].annotations
    assert not bundle_exchange.list_conflicts(sample_archive)


def test_work_runs_before_the_next_question_in_scripts(archive):
    from niger_archive.commands import Command, Work
    from niger_archive.core.models import Progress

    def job(_archive):
        yield Progress(0, 1, "working")
        yield 41
        yield 42

    seen = []

    def handler(ctx):
        results = yield Work("Thinking", job)
        seen.append(results)
        answer = yield TextQuestion("Go on?")
        seen.append(answer)

    command = Command("test.work", "Work test", (), "global", "File", "", handler, 0)
    asked = run_with_answers(command, FakeContext(archive), ["yes"])
    assert seen == [[41, 42], "yes"] and len(asked) == 1


def test_files_before_any_command_are_opened_by_the_app():
    from niger_archive.cli import build_parser
    from niger_archive.cli.ui_subcommands import split_files, subcommand_names

    commands = subcommand_names(build_parser())
    assert "import" in commands and "export" in commands
    assert split_files(["--archive", "/a", "story.nabundle"], commands) == (["--archive", "/a"], ["story.nabundle"])
    assert split_files(["a.txt", "--archive", "/a", "b.md"], commands) == (["--archive", "/a"], ["a.txt", "b.md"])
    assert split_files(["import", "a.txt"], commands) == (["import", "a.txt"], [])
    assert split_files(["--self-test"], commands) == (["--self-test"], [])
    args = build_parser().parse_args(["--archive", "/x", "list", "--json"])
    assert args.archive == "/x" and args.json  # an option before the command is not lost after it
