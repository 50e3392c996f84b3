"""Owns offline suggestions: unlinked mentions of an entity, entity candidates, cluster members."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable

from rapidfuzz import fuzz

from ..core.errors import QueryError

from ..core.entity_proposals import propose_entities
from ..core.names import find_mentions, normalise_name, other_language_forms
from ..core.quantities import normalise_unit, parse_quantities
from ..core.sentences import sentence_at, sentence_spans
from ..core.temporal import find_dates
from ..store import dependents

if TYPE_CHECKING:
    from ..core.edits import Edit
    from .archive import Archive
    from .editing import Editor


def _context(text: str, start: int, end: int) -> str:
    span = sentence_at(text, start) or (max(0, start - 80), min(len(text), end + 80))
    s, e = min(span[0], start), max(span[1], end)
    return " ".join(text[s:e].split())


def suggest_mentions(archive: "Archive", entity_id: str) -> list[dict[str, Any]]:
    """Unlinked whole-word occurrences of the entity's name and aliases across current articles, and
    of their forms in the other language ("United States" in a French article: "États-Unis")."""
    entity = archive.annotations.entity(entity_id)
    names = list(entity.names())
    names += other_language_forms(names)
    rejected = archive.annotations.rejected_suggestions(entity_id)
    linked: dict[int, list[tuple[int, int]]] = {}
    for article_id, start, end in archive.annotations.mention_spans(entity_id):
        linked.setdefault(article_id, []).append((start, end))
    out = []
    for article in archive.articles.list(archive.current_ids()):
        text = archive.articles.text(article.id) or ""
        for start, end, matched in find_mentions(text, names):
            if (article.id, start, end) in rejected:
                continue
            if any(s < end and start < e for s, e in linked.get(article.id, [])):
                continue
            out.append({
                "entity_id": entity_id,
                "article_id": article.id,
                "title": article.title,
                "outlet": article.outlet,
                "start": start,
                "end": end,
                "text": text[start:end],
                "matched": matched,
                "context": _context(text, start, end),
            })
    return out


def propose_article_entities(archive: "Archive", article_id: int) -> list[dict[str, Any]]:
    """Entity candidates found in an article's text that the archive does not know yet."""
    text = archive.articles.text(article_id) or ""
    known = {normalise_name(n) for e in archive.annotations.entities() for n in e.names()}
    out = []
    for cand in propose_entities(text):
        if normalise_name(cand.name) in known:
            continue
        out.append({"name": cand.name, "type": cand.kind, "start": cand.start, "end": cand.end,
                    "expansion": cand.expansion, "context": _context(text, cand.start, cand.end)})
    return out


_NAME = re.compile(r"\b[A-ZÀ-Ý][\w’'-]*\w(?:\s+[A-ZÀ-Ý][\w-]+)*")
_NOT_NAMES = frozenset("the a an in on at it he she they we this that there some about more less le la les "
                       "un une des en il elle ils selon environ plus".split())


def _figure_words(value: float) -> str | None:
    """A figure as the index holds it in either language: "1,000" and "1 000" are both the words
    1 and 000 ("1 000" as a phrase); None for fractions and figures under ten."""
    if not float(value).is_integer() or value < 10:
        return None
    groups = f"{int(value):,}".split(",")
    return f'"{" ".join(groups)}"' if len(groups) > 1 else groups[0]


def _other_language_candidates(archive: "Archive", member_articles: set[int], ref_text: str,
                               figures: list[float]) -> list[tuple[int, float]]:
    """Articles in another language than the cluster's that say its claims' figures or name what
    they name ("1 000", "Niger", "Kurt Campbell"): similar-article search compares words, so it
    rarely finds a French passage for an English claim; figures and names carry across languages
    (no translation service)."""
    languages = sorted({archive.articles.get(a).language or "" for a in member_articles} - {""})
    names: list[str] = []
    for m in _NAME.finditer(ref_text):
        name = m.group().strip()
        if name.lower() not in _NOT_NAMES and len(name) > 2 and name not in names:
            names.append(name)
    said = [w for w in dict.fromkeys(_figure_words(v) for v in figures) if w]
    if not languages or not (names or said):
        return []
    words = " OR ".join([*said[:8], *(f'"{n}"' if " " in n else n for n in names[:8])])
    query = f"({words})" + "".join(f" -lang:{code}" for code in languages)
    try:
        return [(hit.id, hit.score) for hit in archive.index.search(query, limit=20)]
    except QueryError:
        return []


def suggest_cluster_members(archive: "Archive", cluster_id: str, limit: int = 10) -> list[dict[str, Any]]:
    """Passages in other articles that look like the same claim: similar articles (more-like-this), then
    sentences scored on matching quantities (same unit, comparable value), dates, and wording."""
    claims = archive.annotations.claims(cluster_id=cluster_id)
    if not claims:
        return []
    member_articles = {c.article_id for c in claims}
    ref_quantities = [(normalise_unit(q.get("unit")), float(q["value"])) for c in claims for q in c.quantities]
    ref_dates = {d.get("date") for c in claims for d in c.dates if d.get("date")}
    ref_text = " ".join(c.statement for c in claims)
    archive.indexing.ensure_present()
    archive.flush_index()
    candidates: dict[int, float] = {}
    for article_id in member_articles:
        text = archive.articles.text(article_id) or ""
        for other, score in archive.index.more_like_this(article_id, limit=20, text=text):
            if other not in member_articles:
                candidates[other] = max(candidates.get(other, 0.0), score)
    for other, score in _other_language_candidates(archive, member_articles, ref_text,
                                                   [value for _, value in ref_quantities]):
        if other not in member_articles:
            candidates[other] = max(candidates.get(other, 0.0), score)
    annotated = archive.annotations.claim_spans()
    current = set(archive.current_ids())
    out = []
    for article_id in candidates:
        if article_id not in current:
            continue
        article = archive.articles.get(article_id)
        best = None
        for start, end in sentence_spans(article.text):
            sentence = article.text[start:end]
            reasons = []
            q_score = 0.0
            for q in parse_quantities(sentence):
                unit = normalise_unit(q.unit)
                for ref_unit, ref_value in ref_quantities:
                    if unit == ref_unit and ref_value and 0.5 <= q.value / ref_value <= 2:
                        q_score = 1.0
                        reasons.append(f"figure “{q.text}”")
                        break
                if q_score:
                    break
            d_score = 0.0
            if ref_dates:
                for d in find_dates(sentence, article.published):
                    if d.date in ref_dates:
                        d_score = 1.0
                        reasons.append(f"date “{d.text}”")
                        break
            similarity = fuzz.token_set_ratio(sentence, ref_text) / 100
            score = 0.5 * q_score + 0.2 * d_score + 0.3 * similarity
            if (article_id, start, end) in annotated:
                continue
            if best is None or score > best["score"]:
                best = {"article_id": article_id, "outlet": article.outlet, "title": article.title,
                        "start": start, "end": end, "text": sentence, "score": round(score, 3),
                        "reasons": reasons or ["similar wording"]}
        if best and best["score"] >= 0.45:
            out.append(best)
    out.sort(key=lambda s: -s["score"])
    return out[:limit]


ACCEPT_CLUSTER_SUGGESTION = "Add suggested passage to cluster"


def cluster_suggestion_steps(archive: "Archive", cluster_id: str, article_id: int, start: int,
                             end: int) -> tuple[list[Callable[["Editor"], "Edit"]], str]:
    """The steps that add a suggested passage to a cluster, to apply as one undo step (labelled
    ``ACCEPT_CLUSTER_SUGGESTION``), and the id of the claim that joins the cluster.

    A highlight already on exactly that passage is reused (and its claim, when it has one): accepting
    never puts a second highlight on the same words. The CLI (`cluster suggest --accept`) and the
    desktop app (`compare.accept`) both take these steps."""
    from .editing import new_id

    existing = dependents.annotation_at(archive.db, article_id, start, end)
    annotation_id = existing or new_id()
    steps: list[Callable[[Editor], Edit]] = []
    if existing is None:
        steps.append(lambda ed: ed.create_annotation(article_id, start, end, annotation_id=annotation_id))
    claim_id = archive.annotations.claim_id_for_annotation(existing) if existing else None
    if claim_id is None:
        claim_id = new_id()
        steps.append(lambda ed: ed.mark_claim(annotation_id, claim_id=claim_id))
    steps.append(lambda ed: ed.add_to_cluster(cluster_id, [claim_id]))
    return steps, claim_id
