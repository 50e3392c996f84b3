"""Every edit kind round-trips: apply then revert restores the database exactly, also after reopening."""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from niger_archive.core.edits import TABLE_KEYS
from niger_archive.services.archive import Archive

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def snapshot(archive: Archive) -> dict[str, list[tuple]]:
    out = {}
    for table, keys in TABLE_KEYS.items():
        order = ", ".join(f'"{k}"' for k in keys)
        out[table] = archive.db.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()
    return out


# --- operations: each picks its targets from the current state with a seeded random ---------------
def _ann(a: Archive, r: random.Random):
    anns = a.annotations.find()
    return r.choice(anns) if anns else None


def op_highlight(a, r):
    article = r.choice(a.current_ids())
    text = a.articles.text(article)
    start = r.randrange(0, len(text) - 30)
    return a.editor.create_annotation(article, start, start + r.randrange(5, 30),
                                      color=r.choice([None, "important", "disputed"]),
                                      tags=r.sample(["troops", "niger", "check"], r.randrange(0, 3)))


def op_delete(a, r):
    ann = _ann(a, r)
    return a.editor.delete_annotation(ann.id) if ann else None


def op_color(a, r):
    ann = _ann(a, r)
    return a.editor.set_color(ann.id, r.choice(["confirmed", "quote", None])) if ann else None


def op_note(a, r):
    ann = _ann(a, r)
    return a.editor.set_note(ann.id, r.choice(["check this", "", "ünïcode ✓"])) if ann else None


def op_tag(a, r):
    ann = _ann(a, r)
    return a.editor.add_tag(ann.id, r.choice(["alpha", "beta", "gamma"])) if ann else None


def op_untag(a, r):
    tagged = [x for x in a.annotations.find() if x.tags]
    if not tagged:
        return None
    ann = r.choice(tagged)
    return a.editor.remove_tag(ann.id, r.choice(ann.tags))


def op_rename_tag(a, r):
    tags = a.annotations.tags()
    return a.editor.rename_tag(r.choice(tags)[0], r.choice(["merged", "alpha", "renamed"])) if tags else None


def op_claim(a, r):
    anns = [x for x in a.annotations.find() if not x.claim_id]
    return a.editor.mark_claim(r.choice(anns).id, attribution_text="an official") if anns else None


def op_verdict(a, r):
    claims = a.annotations.claims()
    return a.editor.set_claim(r.choice(claims).id, verdict=r.choice(["false", "disputed", "supported"])) if claims else None


def op_unclaim(a, r):
    claims = a.annotations.claims()
    return a.editor.unmark_claim(r.choice(claims).id) if claims else None


def op_cluster(a, r):
    claims = a.annotations.claims()
    clusters = a.annotations.clusters()
    if not claims:
        return None
    if not clusters:
        return a.editor.create_cluster("troop numbers")
    return a.editor.add_to_cluster(r.choice(clusters).id, [r.choice(claims).id])


def op_relate(a, r):
    claims = a.annotations.claims()
    if len(claims) < 2:
        return None
    x, y = r.sample(claims, 2)
    return a.editor.relate_claims(x.id, y.id, r.choice(["supports", "contradicts"]))


def op_entity(a, r):
    return a.editor.create_entity(r.choice(["Kurt Campbell", "Niger", "CNSP"]), r.choice(["person", "place", "organisation"]),
                                  aliases=r.sample(["K. Campbell", "Niamey gov"], r.randrange(0, 2)))


def op_mention(a, r):
    ann, ents = _ann(a, r), a.annotations.entities()
    return a.editor.link_mention(ann.id, r.choice(ents).id) if ann and ents else None


def op_merge(a, r):
    ents = a.annotations.entities()
    if len(ents) < 2:
        return None
    x, y = r.sample(ents, 2)
    return a.editor.merge_entities(x.id, y.id)


def op_delete_entity(a, r):
    ents = a.annotations.entities()
    return a.editor.delete_entity(r.choice(ents).id) if ents else None


def op_edit_entity(a, r):
    ents = a.annotations.entities()
    return a.editor.edit_entity(r.choice(ents).id, description="edited", aliases=["Alias"]) if ents else None


def op_accept(a, r):
    ents = a.annotations.entities()
    if not ents:
        return None
    article = r.choice(a.current_ids())
    return a.editor.accept_suggestion(r.choice(ents).id, article, 0, 10)


def op_reject(a, r):
    ents = a.annotations.entities()
    return a.editor.reject_suggestion(r.choice(ents).id, r.choice(a.current_ids()), 5, 9) if ents else None


def op_correct(a, r):
    return a.editor.correct_metadata(r.choice(a.current_ids()), r.choice(["title", "outlet", "keywords"]),
                                     r.choice(["Corrected", "Other", "a, b"]))


def op_palette(a, r):
    return a.editor.set_palette_color(r.choice(["important", "disputed"]), r.choice(["#123456", "#abcdef"]))


OPS = [op_highlight, op_delete, op_color, op_note, op_tag, op_untag, op_rename_tag, op_claim, op_verdict,
       op_unclaim, op_cluster, op_relate, op_entity, op_mention, op_merge, op_delete_entity, op_edit_entity,
       op_accept, op_reject, op_correct, op_palette]


@pytest.fixture(scope="module")
def shared_archive():
    folder = Path(tempfile.mkdtemp(prefix="edits-"))
    archive = Archive.open(folder / "archive")
    archive.import_files([SAMPLES])
    yield archive
    archive.close()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("op", OPS, ids=[o.__name__ for o in OPS])
def test_each_edit_kind_round_trips(shared_archive, op):
    a = shared_archive
    r = random.Random(7)
    # make sure the op has something to act on
    for setup in (op_highlight, op_highlight, op_claim, op_claim, op_entity, op_entity, op_mention, op_cluster,
                  op_cluster, op_highlight):
        edit = setup(a, r)
        if edit is not None:
            a.apply(edit)
    before = snapshot(a)
    edit = op(a, r)
    assert edit is not None, f"{op.__name__} had nothing to act on"
    label_before = a.undo_label()
    a.apply(edit)
    after = snapshot(a)
    if edit.is_empty():  # e.g. adding a claim already in the cluster: nothing changes, no undo step
        assert after == before and a.undo_label() == label_before
        return
    assert after != before, f"{op.__name__} changed nothing"
    undone, _ = a.undo()
    assert snapshot(a) == before
    a.redo()
    assert snapshot(a) == after
    a.undo()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(st.sampled_from(OPS), min_size=1, max_size=10), seed=st.integers(0, 2**16))
def test_random_edit_sequences_undo_to_the_exact_start(shared_archive, ops, seed):
    a = shared_archive
    r = random.Random(seed)
    start = snapshot(a)
    applied = 0
    for op in ops:
        edit = op(a, r)
        if edit is not None and not edit.is_empty():
            a.apply(edit)
            applied += 1
    for _ in range(applied):
        assert a.undo()[0] is not None
    assert snapshot(a) == start


def test_undo_works_after_reopening(tmp_path):
    a = Archive.open(tmp_path / "arch")
    a.import_files([SAMPLES])
    article = a.current_ids()[0]
    before = snapshot(a)
    a.apply(a.editor.create_annotation(article, 10, 40, color="important"))
    after = snapshot(a)
    a.close()
    b = Archive.open(tmp_path / "arch")
    assert snapshot(b) == after
    assert b.undo_label().startswith("Highlight")
    b.undo()
    assert snapshot(b) == before
    b.close()
    c = Archive.open(tmp_path / "arch")
    assert c.redo()[0] is not None
    assert snapshot(c) == after
    c.close()


def test_an_edit_made_for_another_state_is_refused(shared_archive):
    from niger_archive.core.edits import EditConflict

    a = shared_archive
    article = a.current_ids()[0]
    edit = a.editor.create_annotation(article, 0, 12)
    a.apply(edit)
    with pytest.raises(EditConflict):
        a.apply(edit)  # the row exists now: the edit's "before" image no longer holds
    a.undo()


def test_typing_a_note_merges_into_one_undo_step(shared_archive):
    a = shared_archive
    article = a.current_ids()[0]
    create = a.editor.create_annotation(article, 50, 70)
    a.apply(create)
    for text in ("c", "ch", "che", "check"):
        a.apply(a.editor.set_note(create.target, text), merge=True)
    assert a.annotations.annotation(create.target).note == "check"
    a.undo()
    assert a.annotations.annotation(create.target).note == ""
    a.undo()
