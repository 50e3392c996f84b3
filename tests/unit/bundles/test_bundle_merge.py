"""Merging a bundle into an archive: re-anchoring on our text, idempotence, the three-way rule, conflicts,
same-entity proposals, dry runs, and nothing but BundleRejected escaping for damaged bundles."""

from __future__ import annotations

import pytest
from bundle_tools import (
    ANN_A,
    ANN_B,
    CLAIM_A,
    CLUSTER,
    ENTITY,
    make_bundle,
    members_of,
    rebag,
    sample_content,
    with_json,
    write_zip,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from niger_archive.core.errors import BundleRejected
from niger_archive.services.archive import Archive
from niger_archive.services.bundle_exchange import (
    import_bundle,
    list_conflicts,
    resolve_conflict,
    run_export,
)

TABLES = ("articles", "article_corrections", "palette", "annotations", "annotation_tags", "entities", "mentions",
          "claims", "clusters", "cluster_members", "claim_relations", "record_versions", "bundle_conflicts", "history")


def dump(archive) -> dict[str, list]:
    return {t: archive.db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}


@pytest.fixture
def bundle(tmp_path):
    return make_bundle(tmp_path / "one.nabundle")


def _note(doc, annotation_id, note):
    for item in doc["first"]["items"]:
        if item["id"].endswith(annotation_id):
            bodies = [b for b in item.get("body", []) if b["purpose"] != "commenting"]
            item["body"] = bodies + [{"type": "TextualBody", "purpose": "commenting", "value": note,
                                      "format": "text/plain"}]


def test_import_reanchors_on_our_clean_text(archive, bundle):
    report = import_bundle(archive, bundle)
    assert report.counts["article"]["added"] == 2
    assert report.counts["annotation"]["added"] == 2 and report.counts["claim"]["added"] == 2
    assert report.counts["member"]["added"] == 2 and report.counts["relation"]["added"] == 1
    # our importer keeps the title line, so every passage moved: the quote decides where it is
    assert set(report.reanchored) <= {"exact", "moved"} and sum(report.reanchored.values()) == 2
    for annotation in archive.annotations.find():
        text = archive.articles.text(annotation.article_id)
        assert text[annotation.start:annotation.end] == annotation.exact
    a = archive.annotations.annotation(ANN_A)
    assert (a.color, a.note, a.tags, a.entity_ids, a.author) == ("number", "check the figure", ["troops"],
                                                                 [ENTITY], "tester")
    claim = archive.annotations.claim(CLAIM_A)
    assert (claim.verdict, claim.attribution_entity_id) == ("disputed", ENTITY)
    assert archive.annotations.cluster(CLUSTER).claim_ids
    article = archive.get_article(a.article_id)
    assert article.outlet == "Daily One" and "outlet" in article.corrected
    assert any(r.startswith("Imported data does not enter the undo history") for r in report.notes)
    assert archive.undo_label() is None


def test_importing_the_same_bundle_twice_changes_nothing(archive, bundle):
    import_bundle(archive, bundle)
    before = dump(archive)
    again = import_bundle(archive, bundle)
    assert again.changes == 0 and not again.conflicts
    assert dump(archive) == before


def test_a_dry_run_reports_and_changes_nothing(archive, bundle):
    before = dump(archive)
    report = import_bundle(archive, bundle, dry_run=True)
    assert report.dry_run and report.changes > 0
    assert report.counts["article"]["added"] == 2 and report.counts["annotation"]["added"] == 2
    assert dump(archive) == before
    assert not [p for p in archive.root.joinpath("originals").rglob("*") if p.is_file()]


def test_the_search_index_knows_imported_articles_and_notes(archive, bundle):
    import_bundle(archive, bundle)
    assert {h.title for h in archive.search("soldiers")} == {"Fewer than 900 soldiers", "About 1,100 soldiers remain"}
    assert [h.title for h in archive.search("notes:figure")] == ["Fewer than 900 soldiers"]


def test_an_existing_article_is_matched_by_its_original(archive, bundle, tmp_path):
    original = sample_content().articles[0].original
    (tmp_path / "story.txt").write_bytes(original)
    archive.import_files([tmp_path / "story.txt"])
    report = import_bundle(archive, bundle)
    assert report.counts["article"] == {**report.counts["article"], "added": 1, "unchanged": 1}
    assert archive.articles.count() == 2


def test_an_old_format_bundle_that_changed_a_highlight_is_a_conflict_not_an_overwrite(archive, bundle, tmp_path):
    # A format-1 bundle carries no history: a copy we never held may be newer or older. It is listed.
    import_bundle(archive, bundle)
    newer = with_json(bundle, tmp_path / "two.nabundle", "data/annotations.jsonld",
                      lambda d: _note(d, ANN_A, "updated elsewhere"))
    report = import_bundle(archive, newer)
    assert report.counts["annotation"]["conflict"] == 1
    assert "older format" in report.conflicts[0]["reason"]
    assert archive.annotations.annotation(ANN_A).note == "check the figure"


def test_only_we_changed_it_so_ours_is_kept(archive, bundle):
    import_bundle(archive, bundle)
    archive.apply(archive.editor.set_note(ANN_A, "ours"))
    report = import_bundle(archive, bundle)
    assert report.changes == 0
    assert archive.annotations.annotation(ANN_A).note == "ours"


def test_changed_on_both_sides_keeps_ours_and_stores_theirs(archive, bundle, tmp_path):
    import_bundle(archive, bundle)
    archive.apply(archive.editor.set_note(ANN_B, "ours"))
    theirs = with_json(bundle, tmp_path / "theirs.nabundle", "data/annotations.jsonld",
                       lambda d: _note(d, ANN_B, "theirs"))
    report = import_bundle(archive, theirs)
    assert [(c["kind"], c["id"]) for c in report.conflicts] == [("annotation", ANN_B)]
    assert archive.annotations.annotation(ANN_B).note == "ours"
    stored = list_conflicts(archive)
    assert len(stored) == 1 and stored[0]["incoming"]["note"] == "theirs" and stored[0]["local"]["note"] == "ours"
    again = import_bundle(archive, theirs)
    assert again.changes == 0 and again.counts["annotation"]["conflict_pending"] == 1

    resolve_conflict(archive, stored[0]["id"], "incoming")
    assert archive.annotations.annotation(ANN_B).note == "theirs"
    assert list_conflicts(archive) == []
    archive.undo()  # taking the bundle's version is a user decision: undoable
    assert archive.annotations.annotation(ANN_B).note == "ours"


def test_keeping_ours_is_not_asked_again(archive, bundle, tmp_path):
    import_bundle(archive, bundle)
    archive.apply(archive.editor.set_note(ANN_B, "ours"))
    theirs = with_json(bundle, tmp_path / "theirs.nabundle", "data/annotations.jsonld",
                       lambda d: _note(d, ANN_B, "theirs"))
    import_bundle(archive, theirs)
    resolve_conflict(archive, list_conflicts(archive)[0]["id"], "local")
    report = import_bundle(archive, theirs)
    assert report.changes == 0 and report.counts["annotation"]["conflict_pending"] == 0
    assert archive.annotations.annotation(ANN_B).note == "ours"


def test_a_highlight_deleted_here_stays_deleted(archive, bundle):
    import_bundle(archive, bundle)
    archive.apply(archive.editor.delete_annotation(ANN_B))
    report = import_bundle(archive, bundle)
    assert report.changes == 0
    assert {s["kind"] for s in report.skipped} >= {"annotation", "claim"}
    assert ANN_B not in {a.id for a in archive.annotations.find()}


def test_entities_with_the_same_name_are_proposed_not_merged(archive, bundle):
    archive.apply(archive.editor.create_entity("ministry of defence", "organisation"))
    report = import_bundle(archive, bundle)
    assert [p["incoming_id"] for p in report.proposals] == [ENTITY]
    assert len(archive.annotations.entities()) == 2
    proposal = [c for c in list_conflicts(archive) if c["kind"] == "same_entity"]
    assert len(proposal) == 1
    resolve_conflict(archive, proposal[0]["id"], "incoming")
    entities = archive.annotations.entities()
    assert len(entities) == 1 and "Ministry of Defence" in entities[0].aliases


def test_a_bundle_exported_here_and_reimported_changes_nothing(archive, bundle, tmp_path):
    import_bundle(archive, bundle)
    run_export(archive, tmp_path / "mine.nabundle")
    before = dump(archive)
    report = import_bundle(archive, tmp_path / "mine.nabundle")
    assert report.changes == 0
    assert dump(archive) == before


def test_partial_exports_import_cleanly(archive, bundle, tmp_path):
    import_bundle(archive, bundle)
    first = archive.annotations.annotation(ANN_A).article_id
    run_export(archive, tmp_path / "one-article.nabundle", article_ids=[first])
    other = Archive.open(tmp_path / "other")
    try:
        report = import_bundle(other, tmp_path / "one-article.nabundle")
        assert report.counts["article"]["added"] == 1
        assert report.counts["claim"]["added"] == 1 and report.counts["relation"]["added"] == 0
        assert other.annotations.cluster(CLUSTER).claim_ids == [CLAIM_A]
    finally:
        other.close()


def test_a_refused_bundle_leaves_the_archive_unchanged(archive, bundle, tmp_path):
    import_bundle(archive, bundle)
    before = dump(archive)
    bad = with_json(bundle, tmp_path / "bad.nabundle", "data/claims.json",
                    lambda d: d["claims"][0].update(annotation_id="99999999-9999-4999-8999-999999999999"))
    with pytest.raises(BundleRejected, match="not in the bundle"):
        import_bundle(archive, bad)
    assert dump(archive) == before


@pytest.fixture(scope="module")
def good_bytes(tmp_path_factory):
    return make_bundle(tmp_path_factory.mktemp("good") / "good.nabundle").read_bytes()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_byte_damage_is_refused_or_accepted_never_a_crash(archive, tmp_path, good_bytes, data):
    raw = bytearray(good_bytes)
    for _ in range(data.draw(st.integers(1, 6))):
        kind = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        pos = data.draw(st.integers(0, max(0, len(raw) - 1)))
        if kind == "flip" and raw:
            raw[pos] ^= data.draw(st.integers(1, 255))
        elif kind == "cut":
            del raw[pos:pos + data.draw(st.integers(1, 64))]
        else:
            raw[pos:pos] = data.draw(st.binary(min_size=1, max_size=16))
    path = tmp_path / "mutated.nabundle"
    path.write_bytes(bytes(raw))
    try:
        import_bundle(archive, path, dry_run=True)
    except BundleRejected:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_content_damage_with_valid_checksums_is_refused_or_accepted(archive, tmp_path, bundle, data):
    member = data.draw(st.sampled_from(["data/manifest.json", "data/annotations.jsonld", "data/claims.json",
                                        "data/entities.json"]))
    members = members_of(bundle)
    text = bytearray(members[member])
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(text) - 1))
        text[pos:pos + data.draw(st.integers(0, 3))] = data.draw(
            st.sampled_from([b"", b"0", b"-1", b'"', b"[", b"{}", b"null", b"true", b"1e400", b"\\ud800", b"x"]))
    members[member] = bytes(text)
    path = write_zip(rebag(members), tmp_path / "mutated.nabundle")
    try:
        import_bundle(archive, path, dry_run=data.draw(st.booleans()))
    except BundleRejected:
        pass


def test_a_merge_that_fails_midway_is_rolled_back_with_its_originals(archive, bundle, monkeypatch):
    import sqlite3

    from niger_archive.services import bundle_exchange

    def broken(self):
        raise sqlite3.IntegrityError("simulated failure")

    monkeypatch.setattr(bundle_exchange._Merge, "claims", broken)
    before = dump(archive)
    with pytest.raises(BundleRejected, match="simulated failure.*archive is unchanged"):
        import_bundle(archive, bundle)
    assert dump(archive) == before
    assert not [p for p in archive.root.joinpath("originals").rglob("*") if p.is_file()]


SENTENCES = [f"Sentence number {n} tells the reader about the withdrawal schedule of unit {n * 7}." for n in range(12)]
SENTENCES[5] = "Meanwhile a zebra quartet hummed quietly beyond the xylophone factory gates."


def test_whatever_the_editor_allows_exports_to_a_bundle_the_importer_accepts(archive, tmp_path):
    (tmp_path / "v1.txt").write_text("Story title\n\n" + " ".join(SENTENCES) + "\n", encoding="utf-8")
    archive.import_files([tmp_path / "v1.txt"])
    article_id = archive.current_ids()[0]
    doomed = archive.editor.annotate_quote(article_id, "zebra quartet hummed quietly", color="question", note="x" * 50_000)
    archive.apply(doomed)
    kept = archive.editor.annotate_quote(article_id, "number 2 tells", tags=["a" * 100])
    archive.apply(kept)
    entity = archive.editor.create_entity("Unit 14", "other")
    archive.apply(entity)
    archive.apply(archive.editor.edit_entity(entity.target, aliases=["", "U14"], identifiers={"rank": 3, "x": None}))
    archive.apply(archive.editor.link_mention(kept.target, entity.target))
    archive.apply(archive.editor.create_cluster("empty cluster"))
    # a new version (the same file re-scraped) without sentence 5 leaves that highlight an orphan
    (tmp_path / "v1.txt").write_text("Story title\n\n" + " ".join(s for n, s in enumerate(SENTENCES) if n != 5)
                                     + "\n", encoding="utf-8")
    assert archive.import_files([tmp_path / "v1.txt"])[0].status == "version"
    assert archive.annotations.annotation(doomed.target).anchor_status == "orphan"

    run_export(archive, tmp_path / "edge.nabundle")
    other = Archive.open(tmp_path / "other")
    try:
        report = import_bundle(other, tmp_path / "edge.nabundle")
        assert report.counts["annotation"]["added"] == 2 and report.counts["cluster"]["added"] == 1
        orphan = other.annotations.annotation(doomed.target)
        assert orphan.start is None and orphan.anchor_status == "orphan" and orphan.note == "x" * 50_000
        assert other.annotations.entity(entity.target).identifiers == {"rank": 3, "x": None}
        run_export(other, tmp_path / "again.nabundle")
    finally:
        other.close()
    assert import_bundle(archive, tmp_path / "again.nabundle").changes == 0
