"""Property: export -> import into an empty archive -> export again gives the same records, their
versions and the tombstones of deleted ones, for random archives made by random edits and deletions."""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from niger_archive.bundles import read_bundle
from niger_archive.core.errors import NigerArchiveError
from niger_archive.services.archive import Archive
from niger_archive.services.bundle_exchange import import_bundle, run_export

SENTENCES = [
    "Less than 1,000 US troops were stationed in Niger, officials said on Friday.",
    "The Pentagon confirmed the figure on Saturday.",
    "The last base in Agadez will close by September 15.",
    "Nearly 1,100 American personnel served there before the coup.",
    "Kurt Campbell led the talks in Niamey in March.",
    "A joint statement promised an orderly departure.",
    "Russian instructors arrived at Air Base 101 in April.",
    "Officials declined to say where the drones would go.",
]
TEXT = "Withdrawal from Niger\n\n" + " ".join(SENTENCES) + "\n"

ops = st.lists(st.tuples(
    st.sampled_from(["highlight", "note", "tag", "claim", "verdict", "entity", "link", "cluster", "delete",
                     "unmark", "uncluster", "delete_entity", "undo", "export", "export"]),
    st.integers(0, 7),
    st.text(alphabet="abc <>&é\"'", min_size=0, max_size=6),
), min_size=3, max_size=20)


def _apply(archive: Archive, op: str, n: int, text: str, made: dict) -> None:
    ed = archive.editor
    highlights = [a.id for a in archive.annotations.find(1)]
    claims = [c.id for c in archive.annotations.claims()]
    def pick(xs):
        return xs[n % len(xs)]
    if op == "highlight":
        archive.apply(ed.annotate_quote(1, SENTENCES[n]))
    elif op == "note" and highlights:
        archive.apply(ed.set_note(pick(highlights), text))
    elif op == "tag" and highlights and text.strip():
        archive.apply(ed.add_tag(pick(highlights), text))
    elif op == "claim" and highlights:
        archive.apply(ed.mark_claim(pick(highlights)))
    elif op == "verdict" and claims:
        archive.apply(ed.set_claim(pick(claims), verdict=["supported", "disputed", "false"][n % 3], explanation=text))
    elif op == "entity":
        archive.apply(ed.create_entity(f"Person {n}{text}", "person"))
    elif op == "link" and highlights and archive.annotations.entities():
        archive.apply(ed.link_mention(pick(highlights), pick([e.id for e in archive.annotations.entities()])))
    elif op == "cluster" and claims:
        if "cluster" not in made:
            edit = ed.create_cluster(f"cluster {text}")
            archive.apply(edit)
            made["cluster"] = edit.target
        archive.apply(ed.add_to_cluster(made["cluster"], [pick(claims)]))
    elif op == "delete" and highlights:
        archive.apply(ed.delete_annotation(pick(highlights)))
    elif op == "unmark" and claims:
        archive.apply(ed.unmark_claim(pick(claims)))
    elif op == "uncluster" and "cluster" in made and claims:
        archive.apply(ed.remove_from_cluster(made["cluster"], pick(claims)))
    elif op == "delete_entity" and archive.annotations.entities():
        archive.apply(ed.delete_entity(pick([e.id for e in archive.annotations.entities()])))
    elif op == "undo":
        archive.undo()
    elif op == "export":  # an exchange in between: what is deleted after it leaves a tombstone
        run_export(archive, Path(tempfile.mkdtemp(prefix="between-")) / "between.nabundle")


def _records(content) -> dict:
    def plain(items):
        return sorted((asdict(x) for x in items), key=lambda d: str(d.get("id", d.get("sha256", ""))))

    articles = [{k: v for k, v in asdict(a).items() if k not in ("original",)} for a in content.articles]
    return {
        "articles": sorted(articles, key=lambda a: a["sha256"]),
        "annotations": plain(content.annotations), "claims": plain(content.claims),
        "entities": plain(content.entities), "clusters": plain(content.clusters),
        "relations": plain(content.relations), "copies": plain(content.copies),
        "vectors": content.versions.vectors,
        "tombstones": sorted((t.kind, t.id, tuple(sorted(t.vv.items()))) for t in content.versions.tombstones),
    }


@pytest.mark.slow
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(ops)
def test_export_import_export_gives_the_same_records(sequence):
    with tempfile.TemporaryDirectory(prefix="roundtrip-") as tmp:
        root = Path(tmp)
        (root / "article.txt").write_text(TEXT, encoding="utf-8")
        with Archive.open(root / "A") as a:
            a.import_files([root / "article.txt"])
            made: dict = {}
            for n in range(4):  # a start with something to edit and delete
                _apply(a, "highlight", n, "", made)
            _apply(a, "claim", 0, "", made)
            _apply(a, "entity", 1, "", made)
            _apply(a, "link", 1, "", made)
            for op, n, text in sequence:
                try:
                    _apply(a, op, n, text, made)
                except NigerArchiveError:
                    pass  # an edit the editor refuses (e.g. a second claim on one highlight) is not made
            run_export(a, root / "first.nabundle")
        with Archive.open(root / "B") as b:
            report = import_bundle(b, root / "first.nabundle")
            assert not report.conflicts and not report.skipped
            run_export(b, root / "second.nabundle")
        first, second = read_bundle(root / "first.nabundle"), read_bundle(root / "second.nabundle")
        assert _records(first) == _records(second)
