"""Owns the records a bundle carries (articles, annotations, claims, entities, clusters, relations,
palette) and their content hashes, which tell "changed since the last sync" on both sides.

Articles are keyed by the SHA-256 of their original bytes; everything else by UUID. A content hash
covers what a user can change about a record, never positions or anything derived from our clean
text, so the same record hashes the same in two archives whose clean-up differs.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ArticleRecord:
    sha256: str
    original_name: str                 # "original.txt" | "original.html" | ...
    original: bytes
    text: str                          # the clean text the selectors count code points in
    metadata: dict[str, Any]           # effective metadata (corrections applied)
    corrections: dict[str, Any] = field(default_factory=dict)  # field -> value the user set
    source_name: str | None = None
    source_format: str = "txt"
    encoding: str | None = None


@dataclass
class AnnotationRecord:
    id: str
    article: str                       # sha256 of the article's original
    exact: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None
    color: str | None                  # a palette name
    note: str
    tags: list[str]
    entity_ids: list[str]
    author: str
    created: str
    modified: str
    anchor_status: str = "exact"


@dataclass
class ClaimRecord:
    id: str
    annotation_id: str
    statement: str
    attribution_entity_id: str | None
    attribution_text: str
    kind: str
    quantities: list[dict[str, Any]]
    dates: list[dict[str, Any]]
    verdict: str
    explanation: str
    created: str
    modified: str


@dataclass
class EntityRecord:
    id: str
    type: str
    name: str
    aliases: list[str]
    description: str
    identifiers: dict[str, str]
    created: str
    modified: str


@dataclass
class ClusterRecord:
    id: str
    label: str
    note: str
    created: str
    modified: str
    members: list[tuple[str, str]] = field(default_factory=list)  # (claim id, added)


@dataclass
class RelationRecord:
    id: str
    source_claim_id: str
    target_claim_id: str
    relation: str
    created: str


@dataclass
class PaletteRecord:
    name: str
    color: str                         # #rrggbb
    description: str = ""


@dataclass
class CopyRecord:
    """A user's decision that two articles are (``accepted``) or are not (``rejected``) copies of one story."""

    article: str                       # sha256 of the copy's original
    copy_of: str                       # sha256 of the copied article's original
    status: str                        # accepted | rejected
    similarity: float = 0.0
    reason: str = ""
    created: str = ""


@dataclass
class TombstoneRecord:
    """A deleted record: its kind, id and the version vector of the deletion."""

    kind: str
    id: str
    vv: dict[str, int]


@dataclass
class VersionInfo:
    """The history part of a bundle (format 2): who wrote it, and each record's version vector.

    ``vectors`` maps kind -> record id -> vector; ``None`` for a format-1 bundle, which has none."""

    replica: str = ""
    bundle_id: str = ""
    author: str = ""
    since: str | None = None                         # bundle id an incremental export starts after
    vectors: dict[str, dict[str, dict[str, int]]] | None = None   # None: no history (format 1)
    tombstones: list[TombstoneRecord] = field(default_factory=list)

    def vector(self, kind: str, record_id: str) -> dict[str, int] | None:
        if self.vectors is None:
            return None
        return self.vectors.get(kind, {}).get(record_id)


@dataclass
class BundleContent:
    """Everything one bundle holds, independent of any archive's row ids."""

    articles: list[ArticleRecord] = field(default_factory=list)
    annotations: list[AnnotationRecord] = field(default_factory=list)
    claims: list[ClaimRecord] = field(default_factory=list)
    entities: list[EntityRecord] = field(default_factory=list)
    clusters: list[ClusterRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    palette: list[PaletteRecord] = field(default_factory=list)
    created: str = ""
    generator_version: str = ""
    title: str = ""
    versions: VersionInfo = field(default_factory=VersionInfo)
    copies: list[CopyRecord] = field(default_factory=list)   # the user's copy decisions (format 2)

    def counts(self) -> dict[str, int]:
        return {
            "articles": len(self.articles),
            "annotations": len(self.annotations),
            "claims": len(self.claims),
            "entities": len(self.entities),
            "clusters": len(self.clusters),
            "relations": len(self.relations),
        }


# --- content hashes -----------------------------------------------------------------------------


def _digest(kind: str, data: Any) -> str:
    text = json.dumps([kind, data], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def annotation_hash(a: AnnotationRecord) -> str:
    return _digest("annotation", {
        "article": a.article, "exact": a.exact, "color": a.color, "note": a.note,
        "tags": sorted(a.tags), "entities": sorted(a.entity_ids), "author": a.author,
    })


def claim_hash(c: ClaimRecord) -> str:
    return _digest("claim", {
        "annotation": c.annotation_id, "statement": c.statement, "attribution_entity": c.attribution_entity_id,
        "attribution_text": c.attribution_text, "kind": c.kind, "quantities": c.quantities, "dates": c.dates,
        "verdict": c.verdict, "explanation": c.explanation,
    })


def entity_hash(e: EntityRecord) -> str:
    return _digest("entity", {
        "type": e.type, "name": e.name, "aliases": list(e.aliases), "description": e.description,
        "identifiers": dict(e.identifiers),
    })


def cluster_hash(c: ClusterRecord) -> str:
    return _digest("cluster", {"label": c.label, "note": c.note})


def member_key(cluster_id: str, claim_id: str) -> str:
    return f"{cluster_id}/{claim_id}"


def member_hash(cluster_id: str, claim_id: str) -> str:
    return _digest("member", [cluster_id, claim_id])


def relation_hash(r: RelationRecord) -> str:
    return _digest("relation", [r.source_claim_id, r.target_claim_id, r.relation])


def correction_key(sha256: str, field_name: str) -> str:
    return f"{sha256}/{field_name}"


def correction_hash(value: Any) -> str:
    return _digest("correction", value)


def copy_key(article_sha: str, copy_of_sha: str) -> str:
    return f"{article_sha}/{copy_of_sha}"


def copy_hash(c: "CopyRecord") -> str:
    return _digest("copy", [c.article, c.copy_of, c.status])
