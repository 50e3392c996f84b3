"""Owns offline suggestions: unlinked mentions of an entity, entity candidates, cluster members."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from ..core.names import find_mentions, normalise_name, propose_entities
from ..core.quantities import normalise_unit, parse_quantities
from ..core.sentences import sentence_at, sentence_spans
from ..core.temporal import find_dates

if TYPE_CHECKING:
    from .archive import Archive


def _context(text: str, start: int, end: int) -> str:
    span = sentence_at(text, start) or (max(0, start - 80), min(len(text), end + 80))
    s, e = min(span[0], start), max(span[1], end)
    return " ".join(text[s:e].split())


def suggest_mentions(archive: "Archive", entity_id: str) -> list[dict[str, Any]]:
    """Unlinked whole-word occurrences of the entity's name and aliases across current articles."""
    entity = archive.annotations.entity(entity_id)
    names = entity.names()
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
    archive.ensure_index_present()
    archive.flush_index()
    candidates: dict[int, float] = {}
    for article_id in member_articles:
        text = archive.articles.text(article_id) or ""
        for other, score in archive.index.more_like_this(article_id, limit=20, text=text):
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
