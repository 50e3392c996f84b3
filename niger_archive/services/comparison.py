"""Owns cross-source comparison of a claim cluster: one row per outlet's claim, each pair's verdict with its reasons, and the disagreements."""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING, Any

from ..core.claim_compare import ClaimAnalysis, analyse, compare
from ..core.quantities import ABOUT_TOLERANCE, Quantity

if TYPE_CHECKING:
    from .archive import Archive


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


def _hand_set(stored: list[dict[str, Any]], quote: str) -> bool:
    """True when a claim's stored figures or dates were set by hand (their wording is not in the quote)."""
    return any((d.get("text") or "") not in quote for d in stored)


def claim_analysis(claim, published: str | None) -> ClaimAnalysis:
    """A claim's figures and dates, read again from its quote against the article's current
    publication date (so a corrected date re-resolves "last month" and "September 15"). Figures
    set by hand ("claim set --quantity") are read from the wording the user gave."""
    quote = claim.quote or claim.statement or ""
    found = analyse(quote, published)
    if claim.quantities and _hand_set(claim.quantities, quote):
        figures = tuple(q for d in claim.quantities for q in analyse(d.get("text") or "").figures)
        found = ClaimAnalysis(figures, found.dates, published)
    return found


def _main_figure(analysis: ClaimAnalysis, ranked_units: list[str | None]) -> Quantity | None:
    """The figure a row shows: the first, in text order, of the unit most claims share."""
    for unit in ranked_units:
        for q in analysis.figures:
            if q.unit == unit:
                return q
    return analysis.figures[0] if analysis.figures else None


def _ranked_units(analyses: list[ClaimAnalysis]) -> list[str | None]:
    """Units by how many claims count them, ties broken by name (never by hash order)."""
    counts: dict[str | None, int] = {}
    for analysis in analyses:
        for unit in {q.unit for q in analysis.figures}:
            counts[unit] = counts.get(unit, 0) + 1
    return sorted(counts, key=lambda u: (-counts[u], u is None, u or ""))


def compare_cluster(archive: "Archive", cluster_id: str) -> dict[str, Any]:
    """Every claim of a cluster, one row each, and the comparison of every pair of claims from
    different sources: a verdict with the figures and dates compared and why they agree or not."""
    cluster = archive.annotations.cluster(cluster_id)
    claims = archive.annotations.claims(cluster_id=cluster_id)
    articles = {a.id: a for a in archive.articles.list(sorted({c.article_id for c in claims if c.article_id}))}
    analyses = {}
    for claim in claims:
        article = articles.get(claim.article_id)
        analyses[claim.id] = claim_analysis(claim, article.published if article else None)
    ranked = _ranked_units(list(analyses.values()))
    rows = []
    for claim in claims:
        article = articles.get(claim.article_id)
        analysis = analyses[claim.id]
        main = _main_figure(analysis, ranked)
        rows.append({
            "claim_id": claim.id,
            "outlet": article.outlet if article else None,
            "source": source_label(article, claim.article_id),
            "article_id": claim.article_id,
            "title": article.title if article else None,
            "published": article.published if article else None,
            "quote": claim.quote,
            "statement": claim.statement,
            "qualifier": main.qualifier if main else None,
            "value": main.value if main else None,
            "high": main.high if main else None,
            "unit": main.unit if main else None,
            "figure": main.describe() if main else None,
            "quantities": claim.quantities,
            "dates": claim.dates,
            "analysis": analysis.to_dict(),
            "attribution": claim.attribution,
            "verdict": claim.verdict,
        })
    rows.sort(key=lambda r: (r["published"] is None, r["published"] or "", r["source"], r["claim_id"]))
    disagreements = []
    pairs = []
    for a, b in combinations(rows, 2):
        result = compare(analyses[a["claim_id"]], analyses[b["claim_id"]])
        pairs.append({"claims": [a["claim_id"], b["claim_id"]], "sources": [a["source"], b["source"]],
                      **result.to_dict()})
        for reason in result.disagreements():
            if reason["kind"] == "figure":
                detail = (f"{reason['a']} ({a['source']}) vs {reason['b']} ({b['source']}): "
                          f"{reason['a_interval']} and {reason['b_interval']} cannot both hold "
                          f"({reason['why'].split(';')[0]})")
                kind = "quantity"
            else:
                detail = f"{reason['a']} ({a['source']}) vs {reason['b']} ({b['source']}): {reason['why']}"
                kind = "date"
            disagreements.append({"kind": kind, "claims": [a["claim_id"], b["claim_id"]],
                                  "sources": [a["source"], b["source"]], "detail": detail, "reason": reason})
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
        "pairs": pairs,
        "disagreements": disagreements,
        "relations": relations,
        "sources": sorted({r["source"] for r in rows}),
        "outlets": sorted({r["outlet"] for r in rows if r["outlet"]}),
        "qualifiers": sorted({r["qualifier"] for r in rows if r["qualifier"]}),
        "tolerance": f"“about” is read as ±{ABOUT_TOLERANCE:.0%}, “nearly” as up to {ABOUT_TOLERANCE:.0%} below",
    }
