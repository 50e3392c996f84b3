"""Issue 21: a stateful property test of the user's work across re-imports, undo, redo, backups,
restores and bundle imports (hypothesis RuleBasedStateMachine, fixed seed, bounded examples).

Invariants after every step:
* every annotation, claim and correction the user made (and the model still expects) is on the current
  version of its article — none is left on a superseded version — with its note, tags and verdict;
* after ``undo`` the user's visible work equals what it was before that step, or the undo was refused
  with a reason (EditConflict) and changed nothing; ``redo`` likewise;
* ``restore`` leaves the chosen snapshot on disk and brings back the work as it was when it was taken;
* ``check`` reports ok (and it reports a problem when work is stranded: tests/reliability/test_stranded_work.py).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from niger_archive.core.edits import EditConflict
from niger_archive.services import backups, restoring
from niger_archive.services.archive import Archive
from niger_archive.services.bundle_exchange import import_bundle, run_export

URL = "https://example.org/niger/base-handover"
PARAGRAPHS = [
    "The United States handed over its last military base in Niger on Monday, officials said.",
    "About 240 American troops left the drone base outside Agadez over the weekend.",
    "The handover was carried out in a spirit of mutual respect, the defence ministry said.",
    "The base will now be used by the national air force, according to the statement.",
    "Washington had stationed about 1,000 personnel in the country before the coup.",
]
QUOTES = ["last military base in Niger", "drone base outside Agadez", "spirit of mutual respect",
          "national air force", "about 1,000 personnel"]
COLLEAGUE_NOTE = "from a colleague"


def story(folder: Path, name: str, hour: int, wording: int) -> Path:
    """The story as captured at ``hour`` (its Updated date); ``wording`` rewords one sentence."""
    body = list(PARAGRAPHS)
    body[3] = body[3].replace("according to the statement", f"the statement said (revision {wording})")
    header = {"Title": "US hands over last Niger base", "Outlet": "Example Wire", "URL": URL,
              "Published": "2024-08-05T08:00:00+00:00", "Updated": f"2024-08-05T{hour:02d}:00:00+00:00"}
    path = folder / f"{name}.txt"
    path.write_text("\n".join(f"{k}: {v}" for k, v in header.items()) + "\n\n" + "\n\n".join(body) + "\n",
                    encoding="utf-8")
    return path


_BUNDLES: dict[str, Path] = {}


def colleague_bundle(which: str) -> Path:
    """A colleague's bundle (made once) with one highlight of theirs on the story as they captured it:
    "same" is the user's own first capture (the same file, superseded here once a newer one arrives),
    "older" a capture older than any of the user's, worded differently."""
    if which not in _BUNDLES:
        folder = Path(tempfile.mkdtemp(prefix="niger-archive-colleague-"))
        with Archive.open(folder / "archive") as other:
            other.import_files([story(folder, "theirs", 10, 1) if which == "same" else story(folder, "theirs", 8, 0)])
            other.apply(other.editor.annotate_quote(1, QUOTES[2], note=COLLEAGUE_NOTE))
            run_export(other, folder / "colleague.nabundle")
        _BUNDLES[which] = folder / "colleague.nabundle"
    return _BUNDLES[which]


class UsersWork(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="niger-archive-lineage-"))
        self.root = self.folder / "archive"
        self.archive = Archive.open(self.root)
        self.captures = 0
        self.latest_hour = 10
        self.archive.import_files([self._capture(self.latest_hour)])
        # the model: the user's work as the user sees it, and the undo and redo stacks of it
        self.work: dict = {"annotations": {}, "corrections": {}}
        self.undo_stack: list[tuple[dict, dict]] = []
        self.redo_stack: list[tuple[dict, dict]] = []
        self.snapshots: list[tuple[str, dict, list, list, bool]] = []
        self.colleague = False
        self.refusals = 0

    def teardown(self) -> None:
        self.archive.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- helpers ---------------------------------------------------------------------------
    def _capture(self, hour: int) -> Path:
        self.captures += 1
        return story(self.folder, f"capture-{self.captures}", hour, self.captures)

    def current(self) -> int:
        return self.archive.latest_version(1)

    def visible(self) -> dict:
        """The user's work as shown on the current version (the reader, search and exports show it)."""
        current = self.current()
        anns = {}
        for a in self.archive.annotations.find(current):
            if a.note == COLLEAGUE_NOTE:
                continue
            claim = self.archive.annotations.claim(a.claim_id) if a.claim_id else None
            anns[a.id] = (a.note, tuple(sorted(a.tags)), claim.verdict if claim else None)
        article = self.archive.get_article(current)
        corrections = {f: getattr(article, f) for f in article.corrected}
        return {"annotations": anns, "corrections": corrections}

    def _step(self, edit, before: dict) -> None:
        self.archive.apply(edit)
        self.undo_stack.append((before, self._copy(self.work)))
        self.redo_stack.clear()

    @staticmethod
    def _copy(work: dict) -> dict:
        return {"annotations": dict(work["annotations"]), "corrections": dict(work["corrections"])}

    # --- rules: the user's edits ---------------------------------------------------------------
    @rule(quote=st.sampled_from(QUOTES), note=st.sampled_from(["", "check this", "figure?"]))
    def annotate(self, quote: str, note: str) -> None:
        before = self._copy(self.work)
        edit = self.archive.editor.annotate_quote(self.current(), quote, occurrence=None, note=note)
        self.work["annotations"][edit.target] = (note, (), None)
        self._step(edit, before)

    @precondition(lambda self: self.work["annotations"])
    @rule(data=st.data(), note=st.sampled_from(["edited", "second thoughts", ""]))
    def edit_note(self, data, note: str) -> None:
        aid = data.draw(st.sampled_from(sorted(self.work["annotations"])))
        old = self.work["annotations"][aid]
        if old[0] == note:
            return
        before = self._copy(self.work)
        self.work["annotations"][aid] = (note, old[1], old[2])
        self._step(self.archive.editor.set_note(aid, note), before)

    @precondition(lambda self: self.work["annotations"])
    @rule(data=st.data(), tag=st.sampled_from(["troops", "base"]))
    def tag(self, data, tag: str) -> None:
        aid = data.draw(st.sampled_from(sorted(self.work["annotations"])))
        note, tags, verdict = self.work["annotations"][aid]
        if tag in tags:
            return
        before = self._copy(self.work)
        self.work["annotations"][aid] = (note, tuple(sorted({*tags, tag})), verdict)
        self._step(self.archive.editor.add_tag(aid, tag), before)

    @precondition(lambda self: any(v[2] is None for v in self.work["annotations"].values()))
    @rule(data=st.data(), verdict=st.sampled_from(["false", "supported"]))
    def claim(self, data, verdict: str) -> None:
        aid = data.draw(st.sampled_from(sorted(a for a, v in self.work["annotations"].items() if v[2] is None)))
        note, tags, _ = self.work["annotations"][aid]
        before = self._copy(self.work)
        self.work["annotations"][aid] = (note, tags, verdict)
        self._step(self.archive.editor.mark_claim(aid, verdict=verdict), before)

    @precondition(lambda self: self.work["annotations"])
    @rule(data=st.data())
    def delete(self, data) -> None:
        aid = data.draw(st.sampled_from(sorted(self.work["annotations"])))
        before = self._copy(self.work)
        del self.work["annotations"][aid]
        self._step(self.archive.editor.delete_annotation(aid), before)

    @rule(field=st.sampled_from(["outlet", "author"]), value=st.sampled_from(["Wire Service", "J. Doe"]))
    def correct(self, field: str, value: str) -> None:
        if self.work["corrections"].get(field) == value:
            return
        before = self._copy(self.work)
        self.work["corrections"][field] = value
        self._step(self.archive.editor.correct_metadata(self.current(), field, value), before)

    @rule()
    def undo(self) -> None:
        try:
            edit, _ = self.archive.undo()
        except EditConflict as exc:
            assert str(exc).startswith("cannot undo"), exc  # refused with the reason; changed nothing
            self.refusals += 1
            self.undo_stack.pop()
            return
        if edit is None:
            assert not self.undo_stack
            return
        before, after = self.undo_stack.pop()
        self.work = self._copy(before)
        self.redo_stack.append((before, after))

    @rule()
    def redo(self) -> None:
        try:
            edit, _ = self.archive.redo()
        except EditConflict as exc:
            assert str(exc).startswith("cannot redo"), exc
            self.refusals += 1
            self.redo_stack.pop()
            return
        if edit is None:
            assert not self.redo_stack
            return
        before, after = self.redo_stack.pop()
        self.work = self._copy(after)
        self.undo_stack.append((before, after))

    # --- rules: what arrives from outside ------------------------------------------------------
    @rule()
    def reimport_newer(self) -> None:
        self.latest_hour += 1
        outcome = self.archive.import_files([self._capture(self.latest_hour)])[0]
        assert outcome.status == "version" and outcome.version_of is not None, outcome

    @rule()
    def reimport_older(self) -> None:
        current = self.current()
        outcome = self.archive.import_files([self._capture(9)])[0]  # captured before every other one
        assert outcome.status == "version" and outcome.version_of is None, outcome
        assert self.current() == current  # an older capture never replaces the current version

    @rule(which=st.sampled_from(["same", "older"]))
    def import_colleagues_bundle(self, which: str) -> None:
        current = self.current()
        import_bundle(self.archive, colleague_bundle(which))
        assert self.current() == current  # a capture from a bundle never replaces a newer current version
        self.colleague = True

    # --- rules: snapshots ----------------------------------------------------------------------
    @rule()
    def backup(self) -> None:
        snap = backups.snapshot(self.archive, "manual")
        self.snapshots.append((snap.name, self._copy(self.work), list(self.undo_stack), list(self.redo_stack),
                               self.colleague))

    @precondition(lambda self: self.snapshots)
    @rule(data=st.data())
    def restore(self, data) -> None:
        on_disk = {s.name for s in backups.list_snapshots(self.root)}  # rotation may have thinned out old ones
        kept = [s for s in self.snapshots if s[0] in on_disk]
        if not kept:
            return
        name, work, undo_stack, redo_stack, colleague = data.draw(st.sampled_from(kept))
        self.archive.close()
        restoring.restore(self.root, name, keep=3)
        assert (backups.backups_dir(self.root) / name).exists(), "the chosen snapshot was deleted"
        self.archive = Archive.open(self.root)
        self.work, self.undo_stack, self.redo_stack = self._copy(work), list(undo_stack), list(redo_stack)
        self.colleague = colleague

    # --- invariants ----------------------------------------------------------------------------
    @invariant()
    def the_users_work_is_on_the_current_version(self) -> None:
        assert self.visible() == self.work

    @invariant()
    def nothing_is_left_on_a_superseded_version(self) -> None:
        stranded = self.archive.db.execute(
            "SELECT count(*) FROM annotations a JOIN articles t ON t.id = a.article_id "
            "WHERE t.superseded_by IS NOT NULL").fetchone()[0]
        assert stranded == 0

    @invariant()
    def the_colleagues_highlight_shows_once_imported(self) -> None:
        if self.colleague:
            notes = [a.note for a in self.archive.annotations.find(self.current())]
            assert COLLEAGUE_NOTE in notes

    @invariant()
    def check_says_ok(self) -> None:
        report = self.archive.check(verify_originals=False)
        assert report.ok, report.problems


# A fixed seed and bounded runs (about 20 s here). No shrinking phase: a failure prints its steps as they
# ran (at most 15); add Phase.shrink locally to minimise one.
UsersWork.TestCase.settings = settings(derandomize=True, max_examples=50, stateful_step_count=15, deadline=None,
                                       phases=[Phase.explicit, Phase.generate], report_multiple_bugs=False,
                                       suppress_health_check=[HealthCheck.too_slow])
test_users_work_across_reimports_undo_and_snapshots = UsersWork.TestCase
