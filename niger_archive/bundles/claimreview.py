"""Owns the schema.org ClaimReview export: one review per claim that has a verdict (not "unverified").

The article's URL becomes ``appearance.url`` only when it is an http(s) URL (``weblinks``).
``appearance`` is the article the claim was marked in; ``firstAppearance`` the earliest dated article
among those of every claim sharing a cluster with it (the same claim carried by other outlets), by
publication date (the updated date only when there is none), so every claim of a cluster names the
same first appearance.
"""

from __future__ import annotations

from typing import Any

from .records import ArticleRecord, BundleContent
from .weblinks import web_link
from .webannotation import urn_uuid

_AGENT_TYPES = {"person": "Person", "organisation": "Organization"}


def _appearance(article: ArticleRecord | None) -> dict[str, Any] | None:
    if article is None:
        return None
    meta = article.metadata
    out: dict[str, Any] = {"@type": "NewsArticle"}
    link = web_link(meta.get("url"))
    if link:  # a javascript:, data: or file: URL is not published as a link (docs/security.md)
        out["url"] = link
    if meta.get("title"):
        out["headline"] = meta["title"]
    if meta.get("outlet"):
        out["publisher"] = {"@type": "Organization", "name": meta["outlet"]}
    if meta.get("published"):
        out["datePublished"] = meta["published"]
    if meta.get("author"):
        out["author"] = {"@type": "Person", "name": meta["author"]}
    return out


def _moment(article: ArticleRecord) -> str:
    from datetime import timezone

    from ..core.publications import parse_moment

    moment = parse_moment(article.metadata.get("published") or article.metadata.get("updated"))
    return moment.astimezone(timezone.utc).isoformat() if moment else ""


def _cluster_articles(content: BundleContent, annotations, articles) -> dict[str, list[ArticleRecord]]:
    """Per claim id: the articles of every claim sharing a cluster with it."""
    claims = {c.id: c for c in content.claims}
    out: dict[str, list[ArticleRecord]] = {}
    for cluster in content.clusters:
        found: dict[str, ArticleRecord] = {}
        for claim_id, _ in cluster.members:
            claim = claims.get(claim_id)
            annotation = annotations.get(claim.annotation_id) if claim else None
            article = articles.get(annotation.article) if annotation else None
            if article is not None:
                found.setdefault(article.sha256, article)
        for claim_id, _ in cluster.members:
            mine = out.setdefault(claim_id, [])
            mine.extend(a for a in found.values() if a not in mine)
    return out


def claim_reviews(content: BundleContent) -> dict[str, Any]:
    """A JSON-LD document (``@graph``) of ClaimReview objects, in claim order."""
    annotations = {a.id: a for a in content.annotations}
    articles = {a.sha256: a for a in content.articles}
    entities = {e.id: e for e in content.entities}
    clustered = _cluster_articles(content, annotations, articles)
    graph = []
    for claim in content.claims:
        if claim.verdict == "unverified":
            continue
        annotation = annotations.get(claim.annotation_id)
        article = articles.get(annotation.article) if annotation else None
        item: dict[str, Any] = {"@type": "Claim", "text": annotation.exact if annotation else claim.statement}
        entity = entities.get(claim.attribution_entity_id or "")
        if entity is not None and entity.type in _AGENT_TYPES:
            item["author"] = {"@type": _AGENT_TYPES[entity.type], "name": entity.name}
        elif claim.attribution_text:
            item["description"] = f"attributed to {claim.attribution_text}"
        appearance = _appearance(article)
        if appearance is not None and appearance.get("datePublished"):
            item["datePublished"] = appearance["datePublished"]
        if appearance is not None:
            item["appearance"] = appearance
        carried = list(clustered.get(claim.id, []))
        if article is not None and article not in carried:
            carried.append(article)
        dated = sorted((a for a in carried if _moment(a)), key=lambda a: (_moment(a), a is not article))
        if dated:
            item["firstAppearance"] = _appearance(dated[0])
        review: dict[str, Any] = {
            "@type": "ClaimReview",
            "@id": urn_uuid(claim.id),
            "claimReviewed": claim.statement,
            "datePublished": claim.modified[:10],
            "reviewRating": {"@type": "Rating", "alternateName": claim.verdict},
            "itemReviewed": item,
        }
        if claim.explanation:
            review["reviewRating"]["ratingExplanation"] = claim.explanation
            review["reviewBody"] = claim.explanation
        if annotation is not None and annotation.author:
            review["author"] = {"@type": "Person", "name": annotation.author}
        graph.append(review)
    return {"@context": "https://schema.org", "@graph": graph}
