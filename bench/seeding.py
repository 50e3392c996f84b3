"""Owns annotating a benchmark archive as its users would: highlights, notes, tags, claims, entity links.

Everything goes through the services' editor, one undoable step per article (``apply_steps``),
exactly as the app does; the plan itself comes from ``bench.corpus.annotation_plan``.
"""

from __future__ import annotations

import random
import re
from typing import Any

from niger_archive.services.archive import Archive
from niger_archive.services.editing import new_id

from niger_archive.store.packing import unpack_text

from .corpus import FIRST_NAMES, LAST_NAMES, SEED, annotation_plan

ENTITY_COUNT = 200
_NUMBER = re.compile(r"^(\d{6})_")


def entity_names(seed: int = SEED) -> list[str]:
    rng = random.Random(seed + 17)
    names = ["Kurt Campbell"]
    while len(names) < ENTITY_COUNT:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name not in names:
            names.append(name)
    return names


def seed_annotations(archive: Archive, *, seed: int = SEED) -> dict[str, Any]:
    """Annotate every current article by the plan; returns how many of each thing were made."""
    names = entity_names(seed)
    entities = {}
    for name in names:
        entity_id = new_id()
        archive.apply(archive.editor.create_entity(name, "person", entity_id=entity_id))
        entities[name] = entity_id
    counts = {"articles": 0, "annotations": 0, "claims": 0, "mentions": 0, "entities": len(entities)}
    for article_id, source_name, text in archive.db.execute(
        "SELECT id, source_name, text FROM articles WHERE superseded_by IS NULL ORDER BY id"
    ).fetchall():
        match = _NUMBER.match(source_name or "")
        number = int(match.group(1)) if match else article_id
        plan = annotation_plan(number, unpack_text(text), names, seed)
        if not plan:
            continue
        steps = []
        for item in plan:
            aid = new_id()
            steps.append(lambda ed, a=article_id, p=item, i=aid: ed.create_annotation(
                a, p.start, p.end, color=p.color, tags=p.tags, note=p.note, annotation_id=i))
            if item.claim_verdict is not None:
                steps.append(lambda ed, i=aid, v=item.claim_verdict: ed.mark_claim(i, verdict=v))
                counts["claims"] += 1
            if item.entity is not None:
                steps.append(lambda ed, i=aid, e=entities[item.entity]: ed.link_mention(i, e))
                counts["mentions"] += 1
        archive.apply_steps("benchmark annotations", steps)
        counts["articles"] += 1
        counts["annotations"] += len(plan)
    return counts


def most_annotated(archive: Archive, n: int) -> list[int]:
    """Ids of up to ``n`` current articles that carry annotations, most annotated first."""
    rows = archive.db.execute(
        """SELECT a.article_id FROM annotations a JOIN articles r ON r.id = a.article_id
           WHERE r.superseded_by IS NULL GROUP BY a.article_id ORDER BY count(*) DESC, a.article_id LIMIT ?""",
        [n],
    ).fetchall()
    return [r[0] for r in rows]
