"""Builds a demo archive from the sample articles: highlights, claims, a cluster of troop counts, entities.

Used for the documentation screenshots and by bench/gui_timings.py. Everything goes through the
services (Archive.apply with Editor edits), exactly as the app does.

    .venv/bin/python bench/demo_archive.py /tmp/demo-archive
"""

from __future__ import annotations

import sys
from pathlib import Path

from niger_archive.core.sentences import sentence_at
from niger_archive.services.archive import Archive
from niger_archive.services.editing import new_id

ROOT = Path(__file__).resolve().parents[1]
TROOP_PHRASES = ("less than 1,000 US troops", "nearly 1,000 U.S. military personnel",
                 "more than 1,000 troops", "approximately 1,000 U.S. military personnel")
CLUSTER = "US troop numbers in Niger"


def _sentence(archive: Archive, article_id: int, phrase: str) -> tuple[int, int]:
    text = archive.articles.text(article_id) or ""
    span = sentence_at(text, text.index(phrase))
    assert span is not None
    return span


def _article_with(archive: Archive, phrase: str) -> int:
    for article_id in archive.current_ids():
        if phrase in (archive.articles.text(article_id) or ""):
            return article_id
    raise LookupError(phrase)


def build_demo_archive(root: str | Path) -> Archive:
    archive = Archive.open(root)
    if not archive.articles.count():
        archive.import_files([ROOT / "samples"])
    if archive.annotations.clusters():
        return archive
    ed = archive.editor
    cluster_id = new_id()
    archive.apply(ed.create_cluster(CLUSTER, cluster_id=cluster_id))
    niger, pentagon, campbell = new_id(), new_id(), new_id()
    archive.apply(ed.create_entity("Niger", "place", aliases=["Republic of Niger"], entity_id=niger))
    archive.apply(ed.create_entity("U.S. Department of Defense", "organisation",
                                   aliases=["US Department of Defense", "Pentagon"], entity_id=pentagon))
    archive.apply(ed.create_entity("Kurt Campbell", "person", entity_id=campbell))
    verdicts = {"more than 1,000 troops": "disputed", "less than 1,000 US troops": "disputed"}
    for phrase in TROOP_PHRASES:
        article_id = _article_with(archive, phrase)
        start, end = _sentence(archive, article_id, phrase)
        aid, cid = new_id(), new_id()
        archive.apply_steps("Troop count claim", [
            lambda e, a=article_id, s=start, t=end, i=aid: e.create_annotation(a, s, t, color="important", annotation_id=i),
            lambda e, i=aid, c=cid: e.mark_claim(i, claim_id=c),
            lambda e, c=cid: e.add_to_cluster(cluster_id, [c]),
            lambda e, i=aid: e.link_mention(i, niger),
        ])
        if phrase in verdicts:
            archive.apply(ed.set_claim(cid, verdict=verdicts[phrase],
                                       explanation="Other outlets give a figure on the other side of 1,000."))
    # a few more highlights: colours, tags, a note, entity mentions, an overlap
    article_id = _article_with(archive, "orderly and responsible withdrawal")
    text = archive.articles.text(article_id) or ""
    start = text.index("Kurt Campbell")
    person_mention = new_id()
    archive.apply_steps("Link Kurt Campbell", [
        lambda e: e.create_annotation(article_id, start, start + len("Kurt Campbell"), annotation_id=person_mention),
        lambda e: e.link_mention(person_mention, campbell),
    ])
    para_start, para_end = _sentence(archive, article_id, "orderly and responsible withdrawal")
    archive.apply(ed.create_annotation(article_id, para_start, para_end, color="needs source",
                                       tags=["withdrawal", "needs source"],
                                       note="Which meeting? Find the State Department readout."))
    for phrase, colour in (("security cooperation in the region", "confirmed"),
                           ("counterterrorism efforts", "disputed")):
        at = text.find(phrase)
        if at >= 0:
            archive.apply(ed.create_annotation(article_id, at, at + len(phrase), color=colour))
    for suggestion_phrase in ("Department of Defense", "Pentagon"):
        for other in archive.current_ids():
            body = archive.articles.text(other) or ""
            at = body.find(suggestion_phrase)
            if at >= 0:
                archive.apply(ed.accept_suggestion(pentagon, other, at, at + len(suggestion_phrase)))
                break
    archive.flush_index()
    return archive


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "/tmp/niger-archive-demo"
    with build_demo_archive(target) as built:
        print(f"demo archive at {built.root}: {len(built.annotations.find())} annotations, "
              f"{len(built.annotations.claims())} claims")
