"""Owns cross-source comparison of a claim cluster: one row per outlet's claim, and the disagreements."""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import TYPE_CHECKING, Any

from ..core.quantities import Quantity, normalise_unit, quantities_disagree
from ..core.temporal import DateMention, dates_disagree

if TYPE_CHECKING:
    from .archive import Archive


def _quantity(d: dict[str, Any]) -> Quantity:
    text = d.get("text") or ""
    return Quantity(float(d["value"]), d.get("unit"), d["qualifier"], text, 0, len(text))


def _date(d: dict[str, Any]) -> DateMention:
    text = d.get("text") or ""
    return DateMention(text, 0, len(text), d.get("date"), d.get("precision") or "day")


def source_label(article, article_id: int | None) -> str:
    """How a comparison names a source: its outlet, else its web host, else the article itself."""
    if article is not None and article.outlet:
        return article.outlet
    if article is not None and article.url:
        from urllib.parse import urlsplit

        host = urlsplit(article.url).hostname
        if host:
            return host.removeprefix("www.")
    return f"article {article_id} (outlet unknown)"


def format_number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _describe(q: dict[str, Any] | None) -> str:
    if not q:
        return "no figure"
    number = format_number(q["value"])
    return " ".join(x for x in (q["qualifier"], number, q.get("unit") or "") if x)


def _main_quantities(claims_quantities: list[list[dict[str, Any]]]) -> list[dict[str, Any] | None]:
    """For each claim, the quantity in the unit most claims of the cluster share (the figure compared)."""
    units = Counter()
    for quantities in claims_quantities:
        for unit in {normalise_unit(q.get("unit")) for q in quantities}:
            units[unit] += 1
    ranked = [u for u, _ in units.most_common()]
    chosen = []
    for quantities in claims_quantities:
        best = None
        for unit in ranked:
            best = next((q for q in quantities if normalise_unit(q.get("unit")) == unit), None)
            if best:
                break
        chosen.append(best)
    return chosen


def compare_cluster(archive: "Archive", cluster_id: str) -> dict[str, Any]:
    cluster = archive.annotations.cluster(cluster_id)
    claims = archive.annotations.claims(cluster_id=cluster_id)
    articles = {a.id: a for a in archive.articles.list(sorted({c.article_id for c in claims if c.article_id}))}
    main = _main_quantities([c.quantities for c in claims])
    rows = []
    for claim, quantity in zip(claims, main):
        article = articles.get(claim.article_id)
        rows.append({
            "claim_id": claim.id,
            "outlet": article.outlet if article else None,
            "source": source_label(article, claim.article_id),
            "article_id": claim.article_id,
            "title": article.title if article else None,
            "published": article.published if article else None,
            "quote": claim.quote,
            "statement": claim.statement,
            "qualifier": quantity["qualifier"] if quantity else None,
            "value": quantity["value"] if quantity else None,
            "unit": normalise_unit(quantity.get("unit")) if quantity else None,
            "quantities": claim.quantities,
            "dates": claim.dates,
            "attribution": claim.attribution,
            "verdict": claim.verdict,
        })
    rows.sort(key=lambda r: (r["published"] is None, r["published"] or "", r["source"], r["claim_id"]))
    disagreements = []
    for a, b in combinations(rows, 2):
        qa = next((q for q in a["quantities"] if normalise_unit(q.get("unit")) == a["unit"]), None)
        qb = next((q for q in b["quantities"] if normalise_unit(q.get("unit")) == b["unit"]), None)
        if qa and qb and quantities_disagree(_quantity(qa), _quantity(qb)):
            disagreements.append({
                "kind": "quantity",
                "claims": [a["claim_id"], b["claim_id"]],
                "sources": [a["source"], b["source"]],
                "detail": f"{_describe(qa)} ({a['source']}) vs {_describe(qb)} ({b['source']}): "
                          "the ranges do not overlap",
            })
        for da in a["dates"]:
            for db in b["dates"]:
                if dates_disagree(_date(da), _date(db)):
                    disagreements.append({
                        "kind": "date",
                        "claims": [a["claim_id"], b["claim_id"]],
                        "sources": [a["source"], b["source"]],
                        "detail": f"“{da['text']}” = {da['date']} ({a['source']}) vs "
                                  f"“{db['text']}” = {db['date']} ({b['source']})",
                    })
    ids = {r["claim_id"] for r in rows}
    by_id = {r["claim_id"]: r for r in rows}
    relations = archive.annotations.relations(ids)
    for rel in relations:
        if rel["relation"] == "contradicts" and rel["source_claim_id"] in ids and rel["target_claim_id"] in ids:
            a, b = by_id[rel["source_claim_id"]], by_id[rel["target_claim_id"]]
            disagreements.append({
                "kind": "marked",
                "claims": [a["claim_id"], b["claim_id"]],
                "sources": [a["source"], b["source"]],
                "detail": f"marked as contradicting: {a['source']} vs {b['source']}",
            })
    return {
        "cluster": cluster.to_dict(),
        "rows": rows,
        "disagreements": disagreements,
        "relations": relations,
        "sources": sorted({r["source"] for r in rows}),
        "outlets": sorted({r["outlet"] for r in rows if r["outlet"]}),
        "qualifiers": sorted({r["qualifier"] for r in rows if r["qualifier"]}),
    }
