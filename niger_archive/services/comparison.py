"""Owns cross-source comparison of a claim cluster: one row per outlet's claim, each pair's verdict with its reasons, and the disagreements."""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING, Any

from ..core.claim_compare import ClaimAnalysis, analyse, compare
from ..core.messages import Message
from ..core.quantities import ABOUT_TOLERANCE, Quantity
from .provenance import source_label

if TYPE_CHECKING:
    from .archive import Archive


def format_number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _hand_set(stored: list[dict[str, Any]], quote: str) -> bool:
    """True when a claim's stored figures or dates were set by hand (their wording is not in the quote)."""
    return any((d.get("text") or "") not in quote for d in stored)


def claim_analysis(claim, published: str | None, earlier=None) -> ClaimAnalysis:
    """A claim's figures and dates, read again from its quote against the article's current
    publication date (so a corrected date re-resolves "last month" and "September 15"). Figures
    set by hand ("claim set --quantity") are read from the wording the user gave. ``earlier``, when
    given, returns the claim's passage in its article's versions: figures read from one of them are
    not hand-set (the outlet updated its figure, and the claim moved to the new version)."""
    quote = claim.quote or claim.statement or ""
    found = analyse(quote, published)
    if claim.quantities and _hand_set(claim.quantities, quote) and (
            earlier is None or _hand_set(claim.quantities, "\n".join(earlier()))):
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
    different sources: a verdict with the figures and dates compared and why they agree or not.
    Rows carry their story group (``provenance``): copies of one story are one independent source,
    their agreement is no corroboration, their disagreement is named as such, and a figure one of
    them changed in an update (the other carrying the earlier one) is a change, not a disagreement."""
    from .provenance import figure_history

    cluster = archive.annotations.cluster(cluster_id)
    claims = archive.annotations.claims(cluster_id=cluster_id)
    articles = {a.id: a for a in archive.articles.list(sorted({c.article_id for c in claims if c.article_id}))}
    analyses = {}
    for claim in claims:
        article = articles.get(claim.article_id)
        analyses[claim.id] = claim_analysis(claim, article.published if article else None,
                                            earlier=lambda c=claim: [e["quote"] for e in figure_history(archive, c)])
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
    from .provenance import groups_of

    grouping = groups_of(archive, sorted(articles))
    for r in rows:
        group = grouping.get(r["article_id"]) if r["article_id"] is not None else None
        r["group"] = group.group if group else None
        r["agency"] = group.agency if group else None
        r["corroborated_by"] = []
    claims_by_id = {c.id: c for c in claims}
    disagreements = []
    changes = []
    pairs = []
    for a, b in combinations(rows, 2):
        result = compare(analyses[a["claim_id"]], analyses[b["claim_id"]])
        same_story = a["group"] is not None and a["group"] == b["group"]
        pairs.append({"claims": [a["claim_id"], b["claim_id"]], "sources": [a["source"], b["source"]],
                      "same_story": same_story, "corroboration": result.verdict == "agree" and not same_story,
                      **result.to_dict()})
        if result.verdict == "agree" and not same_story:
            a["corroborated_by"].append(b["source"])
            b["corroborated_by"].append(a["source"])
        if result.verdict == "disagree" and same_story:
            update = _changed_in_update(archive, claims_by_id, analyses, a, b)
            if update is not None:  # a figure an outlet changed in an update: a change, not a disagreement
                pairs[-1]["update"] = update
                changes.append(update)
                continue
        for reason in result.disagreements():
            if reason["kind"] == "figure":
                detail = (f"{reason['a']} ({a['source']}) vs {reason['b']} ({b['source']}): "
                          f"{reason['a_interval']} and {reason['b_interval']} cannot both hold "
                          f"({reason['why'].split(';')[0]})")
                kind = "quantity"
            else:
                detail = f"{reason['a']} ({a['source']}) vs {reason['b']} ({b['source']}): {reason['why']}"
                kind = "date"
            if same_story:
                detail = f"two copies of one story ({_story_words(grouping, a)}) disagree: {detail}"
            disagreements.append({"kind": kind, "claims": [a["claim_id"], b["claim_id"]],
                                  "sources": [a["source"], b["source"]], "detail": detail, "reason": reason,
                                  "same_story": same_story})
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
    for r in rows:
        r["corroborated_by"] = sorted(set(r["corroborated_by"]))
    from .provenance import timeline

    return {
        "timeline": timeline(archive, cluster_id)["appearances"],
        "cluster": cluster.to_dict(),
        "rows": rows,
        "pairs": pairs,
        "disagreements": disagreements,
        "changes": changes,
        "provenance": _source_count(rows, grouping),
        "relations": relations,
        "sources": sorted({r["source"] for r in rows}),
        "outlets": sorted({r["outlet"] for r in rows if r["outlet"]}),
        "qualifiers": sorted({r["qualifier"] for r in rows if r["qualifier"]}),
        "tolerance": f"“about” is read as ±{ABOUT_TOLERANCE:.0%}, “nearly” as up to {ABOUT_TOLERANCE:.0%} below",
    }


def _story_words(grouping, row: dict[str, Any]) -> str:
    group = grouping.get(row["article_id"])
    return f"{group.origin()}, first in article {group.earliest}" if group else "one story"


def _source_count(rows: list[dict[str, Any]], grouping) -> dict[str, Any]:
    """How many outlets and how many independent sources (story groups) the rows come from:
    "4 outlets, 2 independent sources (AP carried by 3)"."""
    from ..core.syndication import source_summary

    sources = sorted({r["source"] for r in rows})
    independent: dict[int, Any] = {}
    carriers: dict[int, set[str]] = {}
    for r in rows:
        group = grouping.get(r["article_id"]) if r["article_id"] is not None else None
        if group is None:
            continue
        independent.setdefault(group.group, group)
        carriers.setdefault(group.group, set()).add(r["source"])
    groups = sorted(independent.values(), key=lambda g: g.group)
    carried = {g: len(s) for g, s in carriers.items()}
    unplaced = sum(1 for r in rows if r["article_id"] is None or grouping.get(r["article_id"]) is None)
    summary = source_summary(len(sources), groups, carried)
    return {"outlets": len(sources), "independent_sources": len(groups) + unplaced,
            "groups": [dict(g.to_dict(), carried_by=sorted(carriers[g.group])) for g in groups],
            "summary": summary}


def _changed_in_update(archive: "Archive", claims_by_id, analyses, a: dict[str, Any],
                       b: dict[str, Any]) -> dict[str, Any] | None:
    """When two copies of one story disagree because one outlet updated its figure and the other
    carries the earlier one: the change (who changed what to what, when), else None."""
    from .provenance import figure_history

    for changed, other in ((a, b), (b, a)):
        claim = claims_by_id[changed["claim_id"]]
        history = figure_history(archive, claim)
        if len(history) < 2:
            continue
        for earlier, later in zip(history, history[1:]):
            before = analyse(earlier["quote"], changed["published"])
            if compare(before, analyses[other["claim_id"]]).verdict == "agree" and earlier["figure"] != later["figure"]:
                when = history[-1]["updated"] or history[-1]["moment"]
                return {"kind": "update", "claims": [changed["claim_id"], other["claim_id"]],
                        "sources": [changed["source"], other["source"]],
                        "from": earlier["figure"], "to": history[-1]["figure"], "when": when,
                        "detail": Message("{source} changed {before} to {after} in an update ({when}); {other} "
                                          "carries the earlier figure of the same story: a change, not a disagreement",
                                          source=changed["source"], before=earlier["figure"],
                                          after=history[-1]["figure"], when=(when or "")[:16], other=other["source"])}
    return None
