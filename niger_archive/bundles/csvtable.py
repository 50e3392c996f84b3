"""Owns the claims spreadsheet: RFC 4180 CSV (CRLF, minimal quoting) safe to open in spreadsheet programs."""

from __future__ import annotations

import csv
import io

from .records import BundleContent

COLUMNS = ("claim_id", "verdict", "statement", "quote", "attribution", "kind", "figures", "explanation",
           "outlet", "title", "published", "url", "clusters", "article_sha256")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A cell's text; one that a spreadsheet would run as a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _figures(quantities: list[dict]) -> str:
    parts = []
    for q in quantities:
        value = q.get("value")
        number = f"{value:,.0f}" if isinstance(value, (int, float)) and float(value).is_integer() else f"{value}"
        parts.append(" ".join(x for x in (q.get("qualifier"), number, q.get("unit") or "") if x))
    return "; ".join(parts)


def claims_csv(content: BundleContent) -> str:
    annotations = {a.id: a for a in content.annotations}
    articles = {a.sha256: a for a in content.articles}
    entities = {e.id: e for e in content.entities}
    clusters: dict[str, list[str]] = {}
    for cluster in content.clusters:
        for claim_id, _ in cluster.members:
            clusters.setdefault(claim_id, []).append(cluster.label)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for claim in content.claims:
        annotation = annotations.get(claim.annotation_id)
        article = articles.get(annotation.article) if annotation else None
        meta = article.metadata if article else {}
        entity = entities.get(claim.attribution_entity_id or "")
        writer.writerow([cell(v) for v in (
            claim.id, claim.verdict, claim.statement, annotation.exact if annotation else "",
            entity.name if entity else claim.attribution_text, claim.kind, _figures(claim.quantities),
            claim.explanation, meta.get("outlet"), meta.get("title"), meta.get("published"), meta.get("url"),
            "; ".join(sorted(clusters.get(claim.id, []))), article.sha256 if article else "",
        )])
    return out.getvalue()
