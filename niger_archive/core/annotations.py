"""Owns the annotation domain objects: annotations, claims, entities, clusters, and their vocabularies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

VERDICTS = ("unverified", "supported", "disputed", "false", "misleading")
CLAIM_KINDS = ("statement", "quantity", "date", "quotation", "forecast")
ENTITY_TYPES = ("person", "organisation", "place", "event", "other")
RELATIONS = ("supports", "contradicts")
REVIEW_STATUSES = ("needs_review", "orphan")


@dataclass
class Annotation:
    id: str
    article_id: int
    start: int | None
    end: int | None
    exact: str
    prefix: str
    suffix: str
    color: str | None
    note: str
    author: str
    created: str
    modified: str
    anchor_status: str = "exact"
    anchor_score: float = 1.0
    tags: list[str] = field(default_factory=list)
    entity_ids: list[str] = field(default_factory=list)
    claim_id: str | None = None

    @property
    def is_orphan(self) -> bool:
        return self.anchor_status == "orphan" or self.start is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "color": self.color,
            "note": self.note,
            "author": self.author,
            "created": self.created,
            "modified": self.modified,
            "anchor_status": self.anchor_status,
            "anchor_score": self.anchor_score,
            "tags": list(self.tags),
            "entity_ids": list(self.entity_ids),
            "claim_id": self.claim_id,
        }


@dataclass
class Claim:
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
    article_id: int | None = None
    quote: str = ""
    attribution_name: str | None = None  # the entity's name when attributed to an entity
    cluster_ids: list[str] = field(default_factory=list)

    @property
    def attribution(self) -> str:
        return self.attribution_name or self.attribution_text

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "annotation_id": self.annotation_id,
            "article_id": self.article_id,
            "quote": self.quote,
            "statement": self.statement,
            "attribution": self.attribution,
            "attribution_entity_id": self.attribution_entity_id,
            "attribution_text": self.attribution_text,
            "kind": self.kind,
            "quantities": self.quantities,
            "dates": self.dates,
            "verdict": self.verdict,
            "explanation": self.explanation,
            "created": self.created,
            "modified": self.modified,
            "cluster_ids": list(self.cluster_ids),
        }


@dataclass
class Entity:
    id: str
    type: str
    name: str
    aliases: list[str]
    description: str
    identifiers: dict[str, str]
    created: str
    modified: str
    mention_count: int = 0

    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "aliases": list(self.aliases),
            "description": self.description,
            "identifiers": dict(self.identifiers),
            "created": self.created,
            "modified": self.modified,
            "mention_count": self.mention_count,
        }


@dataclass
class Cluster:
    id: str
    label: str
    note: str
    created: str
    modified: str
    claim_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "note": self.note,
            "created": self.created,
            "modified": self.modified,
            "claim_ids": list(self.claim_ids),
        }


@dataclass(frozen=True)
class PaletteEntry:
    name: str
    color: str
    position: int
    description: str = ""
