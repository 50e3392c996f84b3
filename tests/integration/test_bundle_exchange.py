"""Bundles crossing between colleagues: an older copy never wins, deletions travel, conflicts only from
concurrent edits, incremental exports. Scenarios by name, then a stateful property test over three
archives."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from niger_archive.services.archive import Archive
from niger_archive.services.bundle_exchange import import_bundle, list_conflicts, resolve_conflict, run_export

TEXT = ("Niger withdrawal\n\nLess than 1,000 US troops were stationed in Niger, officials said on Friday. "
        "The Pentagon confirmed the figure. The last base will close in September. The withdrawal follows the "
        "military takeover in Niamey last July and months of talks between the two governments. Air Base 101 "
        "near the capital was handed over first; the drone base in Agadez follows later in the summer. A joint "
        "statement said the departure would be orderly and respect the safety of the personnel of both "
        "parties. Officials in Washington declined to say where the troops would be sent next.\n")
QUOTE = "Less than 1,000 US troops"
OTHER = "The Pentagon confirmed the figure"


class Desk:
    """One colleague's archive, with the ids of the shared highlights and claim."""

    def __init__(self, root: Path, name: str) -> None:
        self.name = name
        self.archive = Archive.open(root / name)
        self.folder = root

    def export(self, name: str, **kw) -> Path:
        path = self.folder / f"{name}.nabundle"
        run_export(self.archive, path, **kw)
        return path

    def take(self, path: Path):
        return import_bundle(self.archive, path)

    def verdict(self, claim_id: str) -> str:
        return self.archive.annotations.claim(claim_id).verdict

    def note(self, annotation_id: str) -> str | None:
        row = self.archive.db.execute("SELECT note FROM annotations WHERE id = ?", [annotation_id]).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self.archive.close()


def _start(tmp: Path, names: str) -> tuple[list[Desk], str, str, str]:
    """The first desk imports the article, highlights two passages and marks the first as a claim; every
    other desk imports its bundle."""
    (tmp / "article.txt").write_text(TEXT, encoding="utf-8")
    desks = [Desk(tmp, n) for n in names]
    first = desks[0].archive
    first.import_files([tmp / "article.txt"])
    h1 = first.editor.annotate_quote(1, QUOTE)
    first.apply(h1)
    h2 = first.editor.annotate_quote(1, OTHER)
    first.apply(h2)
    claim = first.editor.mark_claim(h1.target)
    first.apply(claim)
    start = desks[0].export("start")
    for desk in desks[1:]:
        desk.take(start)
    return desks, h1.target, h2.target, claim.target


@pytest.fixture
def two(tmp_path):
    desks, h1, h2, claim = _start(tmp_path, "AB")
    yield desks, h1, h2, claim
    for d in desks:
        d.close()


@pytest.fixture
def three(tmp_path):
    desks, h1, h2, claim = _start(tmp_path, "ABC")
    yield desks, h1, h2, claim
    for d in desks:
        d.close()


def _set_verdict(desk: Desk, claim_id: str, verdict: str, explanation: str = "") -> None:
    desk.archive.apply(desk.archive.editor.set_claim(claim_id, verdict=verdict, explanation=explanation))


def test_crossing_bundles_never_revert_a_verdict(two):
    (a, b), _, _, claim = two
    _set_verdict(a, claim, "supported", "Pentagon confirmed")
    tue_a, tue_b = a.export("tue-a"), b.export("tue-b")     # B has not read A's bundle yet
    report_a = a.take(tue_b)
    report_b = b.take(tue_a)
    assert a.verdict(claim) == "supported" and b.verdict(claim) == "supported"
    assert report_a.counts["claim"]["kept"] == 1 and not report_a.conflicts
    assert report_b.counts["claim"]["updated"] == 1 and not report_b.conflicts
    assert "claims: 1 kept ours (the bundle's copy is older)" in report_a.summary_lines()
    # one more swap changes nothing anywhere
    wed_a, wed_b = a.export("wed-a"), b.export("wed-b")
    assert a.take(wed_b).changes == 0 and b.take(wed_a).changes == 0
    assert a.verdict(claim) == b.verdict(claim) == "supported"


def test_a_third_partys_stale_copy_does_not_revert_an_edit(three):
    (a, b, c), _, _, claim = three
    stale = c.export("c-old")                     # C holds the original "unverified"
    _set_verdict(a, claim, "supported", "Pentagon confirmed")
    b.take(a.export("a-new"))
    report = b.take(stale)
    assert b.verdict(claim) == "supported"
    assert report.counts["claim"]["kept"] == 1 and not report.conflicts


def test_reimporting_an_old_bundle_file_changes_nothing(two):
    (a, b), h1, _, claim = two
    old = a.export("monday")
    _set_verdict(a, claim, "supported")
    a.archive.apply(a.archive.editor.set_note(h1, "checked with the Pentagon"))
    report = a.take(old)
    assert report.changes == 0 and not report.conflicts
    assert a.verdict(claim) == "supported" and a.note(h1) == "checked with the Pentagon"


def test_two_people_editing_the_same_claim_get_a_conflict_on_both_sides(two):
    (a, b), _, _, claim = two
    _set_verdict(a, claim, "supported", "Pentagon confirmed")
    _set_verdict(b, claim, "disputed", "AP says more than 1,000")
    ra = a.take(b.export("from-b"))
    rb = b.take(a.export("from-a"))
    assert a.verdict(claim) == "supported" and b.verdict(claim) == "disputed"   # each keeps its own
    for report in (ra, rb):
        assert report.counts["claim"]["conflict"] == 1
        assert report.conflicts[0]["reason"] == "changed here and in the bundle"
    # A settles it by taking B's version: the settled record descends from both, so B takes nothing back
    conflict = [c for c in list_conflicts(a.archive) if c["kind"] == "claim"][0]
    resolve_conflict(a.archive, conflict["id"], "incoming")
    assert a.verdict(claim) == "disputed"
    b_conflict = [c for c in list_conflicts(b.archive) if c["kind"] == "claim"][0]
    resolve_conflict(b.archive, b_conflict["id"], "local")
    a.take(b.export("settled-b"))
    b.take(a.export("settled-a"))
    assert a.verdict(claim) == b.verdict(claim) == "disputed"


def test_a_deleted_highlight_does_not_come_back_from_an_older_bundle(two):
    (a, b), _, h2, _ = two
    old_b = b.export("b-before")
    a.archive.apply(a.archive.editor.delete_annotation(h2))
    report = a.take(old_b)
    assert a.note(h2) is None and not report.conflicts
    # and the deletion travels: B deletes it too
    rb = b.take(a.export("a-deleted"))
    assert b.note(h2) is None and rb.counts["annotation"]["deleted"] == 1
    assert any(line.startswith("highlights: 1 deleted (deleted in the bundle after our copy)")
               for line in rb.summary_lines())


def test_a_deletion_against_a_concurrent_edit_is_a_conflict(two):
    (a, b), _, h2, _ = two
    a.archive.apply(a.archive.editor.delete_annotation(h2))
    b.archive.apply(b.archive.editor.set_note(h2, "keep this: second source"))
    rb = b.take(a.export("a-deleted"))
    assert b.note(h2) == "keep this: second source"
    assert rb.conflicts and rb.conflicts[0]["reason"] == "changed here, deleted in the bundle"
    ra = a.take(b.export("b-edited"))
    assert a.note(h2) is None
    assert ra.conflicts and ra.conflicts[0]["reason"] == "deleted here, changed in the bundle"


def test_undoing_a_deletion_brings_the_highlight_back_everywhere(two):
    (a, b), _, h2, _ = two
    a.archive.apply(a.archive.editor.delete_annotation(h2))
    b.take(a.export("deleted"))
    a.archive.undo()
    b.take(a.export("restored"))
    assert b.note(h2) == ""


def test_an_incremental_bundle_holds_only_the_changes(three):
    (a, b, c), h1, h2, claim = three
    full = a.export("full", to="B")
    a.archive.apply(a.archive.editor.set_note(h1, "only this changed"))
    small = a.export("daily", since="B", to="B")
    from niger_archive.bundles import read_bundle

    content = read_bundle(small)
    assert [x.id for x in content.annotations] == [h1]
    assert content.versions.since is not None
    assert small.stat().st_size <= full.stat().st_size
    report = b.take(small)
    assert b.note(h1) == "only this changed" and report.counts["annotation"]["updated"] == 1
    # since a bundle file works too, and a deletion since then travels as a tombstone
    a.archive.apply(a.archive.editor.delete_annotation(h2))
    tiny = a.export("tiny", since=str(small))
    assert [t.id for t in read_bundle(tiny).versions.tombstones if t.kind == "annotation"] == [h2]
    b.take(tiny)
    assert b.note(h2) is None


def test_every_write_path_advances_the_history(two):
    """Writes that do not go through the editor (here: SQL, as a repair would) still count as changes."""
    (a, b), h1, _, _ = two
    a.archive.db.execute("UPDATE annotations SET note = 'fixed by a repair' WHERE id = ?", [h1])
    b.take(a.export("after-repair"))
    assert b.note(h1) == "fixed by a repair"


def test_an_old_format_bundle_cannot_silently_revert(two, tmp_path):
    (a, b), h1, _, _ = two
    from niger_archive.bundles import read_bundle, write_bundle
    from niger_archive.bundles.records import VersionInfo

    content = read_bundle(b.export("b-v2"))
    content.versions = VersionInfo()           # as an older program would have written it (format 1)
    old_format = tmp_path / "format1.nabundle"
    write_bundle(content, old_format, "<p>report</p>", "0.1.0")
    a.archive.apply(a.archive.editor.set_note(h1, "newer"))
    report = a.take(old_format)
    assert a.note(h1) == "newer"
    assert report.changes == 0 or report.counts["annotation"]["conflict"] == 1


def test_cli_exports_with_the_article_option_before_the_file(tmp_path, capsys):
    from niger_archive.cli import main

    (tmp_path / "article.txt").write_text(TEXT, encoding="utf-8")
    root = str(tmp_path / "cli")
    assert main(["--archive", root, "import", str(tmp_path / "article.txt")]) == 0
    assert main(["--archive", root, "export", "--article", "1", str(tmp_path / "story.nabundle")]) == 0
    assert (tmp_path / "story.nabundle").is_file()
    assert main(["--archive", root, "export", "--article", "1", "2x", str(tmp_path / "s.nabundle")]) != 0
    assert "not an article id: 2x" in capsys.readouterr().err


# --- the stateful property test -------------------------------------------------------------------


class Exchange(RuleBasedStateMachine):
    """Three colleagues edit, delete, export (full and incremental) and import in any order, stale and
    repeated bundles included. Every value written is unique, so "moved back" is a plain check:
    an import may change a record only to a value that descends from the one it held, and a
    conflict is listed only between values neither of which descends from the other."""

    def __init__(self) -> None:
        super().__init__()
        import tempfile

        self.tmp = Path(tempfile.mkdtemp(prefix="exchange-"))
        self.desks: list[Desk] = []
        self.bundles: list[Path] = []
        self.last_bundle: dict[int, Path] = {}
        self.ancestors: dict[str, set[str]] = {}
        self.counter = itertools.count()

    @initialize()
    def start(self) -> None:
        self.desks, h1, h2, claim = _start(self.tmp, "ABC")
        self.records = {"h1": h1, "h2": h2}
        self.ancestors[""] = set()

    def value(self, desk: Desk, key: str) -> str:
        note = desk.note(self.records[key])
        return "<deleted>" if note is None else note

    def _new_value(self, desk: Desk, key: str, value: str) -> None:
        old = self.value(desk, key)
        self.ancestors[value] = self.ancestors.get(old, set()) | {old}

    @rule(i=st.integers(0, 2), key=st.sampled_from(["h1", "h2"]))
    def edit(self, i: int, key: str) -> None:
        desk = self.desks[i]
        if desk.note(self.records[key]) is None:
            return
        value = f"{desk.name}{next(self.counter)}"
        self._new_value(desk, key, value)
        desk.archive.apply(desk.archive.editor.set_note(self.records[key], value))

    @rule(i=st.integers(0, 2))
    def delete(self, i: int) -> None:
        desk = self.desks[i]
        if desk.note(self.records["h2"]) is None:
            return
        marker = f"<deleted>{next(self.counter)}"
        self._new_value(desk, "h2", marker)
        self.ancestors["<deleted>"] = self.ancestors.get("<deleted>", set()) | self.ancestors[marker] | {marker}
        desk.archive.apply(desk.archive.editor.delete_annotation(self.records["h2"]))

    @rule(i=st.integers(0, 2), incremental=st.booleans())
    def export(self, i: int, incremental: bool) -> None:
        desk = self.desks[i]
        since = str(self.last_bundle[i]) if incremental and i in self.last_bundle else None
        path = desk.export(f"{desk.name}-{next(self.counter)}", since=since)
        self.bundles.append(path)
        self.last_bundle[i] = path

    @precondition(lambda self: bool(self.bundles))
    @rule(i=st.integers(0, 2), pick=st.integers(0, 10_000))
    def take(self, i: int, pick: int) -> None:
        desk = self.desks[i]
        path = self.bundles[pick % len(self.bundles)]
        before = {k: self.value(desk, k) for k in self.records}
        known = {c["id"] for c in list_conflicts(desk.archive, include_resolved=True)}
        desk.take(path)
        for key in self.records:
            after = self.value(desk, key)
            if after != before[key]:  # never back to an older value, never a silent overwrite
                assert self._descends(after, before[key]), (key, before[key], after)
        # a conflict is listed only between values neither of which descends from the other (checked
        # when it is found; edit against edit: every value written is unique, so descent is exact)
        for c in list_conflicts(desk.archive):
            if c["id"] in known or c["kind"] != "annotation" or not c["local"] or c["incoming"].get("deleted"):
                continue
            ours, theirs = c["local"]["note"], c["incoming"]["note"]
            assert not self._descends(theirs, ours) and not self._descends(ours, theirs), (ours, theirs)

    def _descends(self, value: str, ancestor: str) -> bool:
        if value == "<deleted>":
            return ancestor in self.ancestors.get("<deleted>", set()) or ancestor.startswith("<deleted>")
        return ancestor in self.ancestors.get(value, set())

    def teardown(self) -> None:
        try:
            if self.desks:
                self._everyone_swaps()
        finally:
            for d in self.desks:
                d.close()

    def _everyone_swaps(self) -> None:
        for _ in range(2):
            paths = [d.export(f"{d.name}-final-{next(self.counter)}") for d in self.desks]
            for d in self.desks:
                for p in paths:
                    d.take(p)
        open_records = {c["record_id"] for d in self.desks for c in list_conflicts(d.archive)}
        for key, record_id in self.records.items():
            if record_id in open_records:
                continue
            values = {self.value(d, key) for d in self.desks}
            assert len(values) == 1, (key, values)


TestExchange = Exchange.TestCase
TestExchange.settings = settings(max_examples=12, stateful_step_count=14, deadline=None, derandomize=True,
                                 suppress_health_check=list(HealthCheck))
TestExchange = pytest.mark.slow(TestExchange)


def test_a_copy_decision_travels_and_its_withdrawal_too(tmp_path):
    from test_copies_not_versions import PRESS_RELEASE, article_file

    from niger_archive.services.copies import copies_of, decide_link

    a, b = Desk(tmp_path, "A"), Desk(tmp_path, "B")
    try:
        one = article_file(tmp_path / "one.txt", {"Title": "Communiqué"}, PRESS_RELEASE)
        two = article_file(tmp_path / "two.txt", {"Title": "Communiqué"}, PRESS_RELEASE[:3])
        a.archive.import_files([one, two])
        b.take(a.export("articles"))
        assert [c.status for c in copies_of(b.archive, 2)] == ["suggested"]
        a.archive.apply(decide_link(a.archive, 2, 1, True))          # A: "these are one story"
        report = b.take(a.export("decided"))
        assert report.counts["copy"]["updated"] + report.counts["copy"]["added"] == 1
        assert [c.status for c in copies_of(b.archive, 2)] == ["accepted"]
        a.archive.undo()                                              # A withdraws the decision
        b.take(a.export("withdrawn"))
        assert [c.status for c in copies_of(b.archive, 2)] == ["suggested"]
    finally:
        a.close()
        b.close()


def test_a_restored_archive_does_not_reuse_change_numbers_a_colleague_already_has(two):
    """Restoring a snapshot rewinds the change counter; edits after it must still reach colleagues."""
    from niger_archive.services import backups, restoring

    (a, b), h1, _, _ = two
    snap = backups.snapshot(a.archive, "manual")
    a.archive.apply(a.archive.editor.set_note(h1, "sent before the restore"))
    b.take(a.export("before-restore"))
    root = a.archive.root
    a.archive.close()
    restoring.restore(root, snap.path)
    a.archive = Archive.open(root)
    a.archive.apply(a.archive.editor.set_note(h1, "written after the restore"))
    report = b.take(a.export("after-restore"))
    # the restored archive never saw B's copy of "sent before the restore": the two are concurrent
    assert report.counts["annotation"]["conflict"] == 1 and b.note(h1) == "sent before the restore"


def test_a_highlight_moved_to_a_new_version_by_a_re_import_travels(two, tmp_path):
    """Re-anchoring on a re-scrape is not an editor edit; the history still advances, so the colleague
    gets the new version of the article with the highlight on it."""
    (a, b), h1, _, _ = two
    (tmp_path / "article.txt").write_text(TEXT.replace("officials said on Friday", "officials said on Saturday"),
                                          encoding="utf-8")
    outcome = a.archive.import_files([tmp_path / "article.txt"])[0]
    assert outcome.status == "version"
    report = b.take(a.export("rescrape"))
    assert report.counts["annotation"]["updated"] >= 1 and not report.conflicts
    row = b.archive.db.execute("SELECT a.article_id, r.superseded_by FROM annotations a JOIN articles r "
                               "ON r.id = a.article_id WHERE a.id = ?", [h1]).fetchone()
    assert row[1] is None  # on the current version at B too


def test_exporting_an_old_article_id_exports_its_current_version(two, tmp_path):
    (a, b), h1, _, _ = two
    (tmp_path / "article.txt").write_text(TEXT + "\nAn update was added.\n", encoding="utf-8")
    a.archive.import_files([tmp_path / "article.txt"])
    from niger_archive.bundles import read_bundle

    content = read_bundle(a.export("old-id", article_ids=[1]))
    assert [x.id for x in content.annotations] == [h1, *[x.id for x in content.annotations][1:]]
    assert content.articles[0].sha256 == a.archive.articles.sha256(a.archive.latest_version(1))


def test_a_pdf_article_travels_as_a_pdf(tmp_path):
    """Originals keep their format in a bundle: a PDF is read as a PDF on the other side, not as text."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "importers"))
    from pdf_maker import make_pdf

    from niger_archive.bundles import read_bundle

    pdf = tmp_path / "statement.pdf"
    pdf.write_bytes(make_pdf([["Joint statement on the withdrawal", "Less than 1,000 US troops remain in Niger.",
                               "The last base will close by September 15."]], {"Author": "Amina Moussa"}))
    a, b = Desk(tmp_path, "A"), Desk(tmp_path, "B")
    try:
        (outcome,) = a.archive.import_files([pdf])
        assert outcome.status == "imported"
        a.archive.apply(a.archive.editor.annotate_quote(outcome.article_id, "Less than 1,000 US troops"))
        path = a.export("pdf")
        assert read_bundle(path).articles[0].original_name == "original.pdf"
        report = b.take(path)
        assert report.counts["annotation"]["added"] == 1 and report.reanchored == {"exact": 1}
        here = b.archive.get_article(b.archive.current_ids()[0])
        assert here.text == a.archive.get_article(outcome.article_id).text
    finally:
        a.close()
        b.close()
