"""Owns reading this archive's own records in bundle form (articles, annotations, claims, entities…)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from ..bundles.layout import original_name
from ..bundles.records import (
    AnnotationRecord,
    ArticleRecord,
    ClaimRecord,
    ClusterRecord,
    CopyRecord,
    EntityRecord,
    PaletteRecord,
    RelationRecord,
    annotation_hash,
    claim_hash,
    cluster_hash,
    copy_hash,
    correction_hash,
    entity_hash,
    member_hash,
    relation_hash,
)
from ..core.errors import (
    ArchiveError,
    NotFound,
)
from ..core.models import METADATA_FIELDS
from ..store import bundles as bundle_store

if TYPE_CHECKING:
    from .archive import Archive



DEFAULT_COLOR = "#fde68a"


# --- reading our own records ------------------------------------------------------------------------


class LocalRecords:
    """The archive's rows as bundle records (the same shape and hashes as incoming ones)."""

    def __init__(self, archive: "Archive") -> None:
        self.archive = archive
        self.db = archive.db
        self._sha: dict[int, str] = {}

    def sha_of(self, article_id: int) -> str:
        if article_id not in self._sha:
            self._sha[article_id] = self.archive.articles.sha256(article_id)
        return self._sha[article_id]

    def annotation(self, annotation_id: str) -> AnnotationRecord | None:
        try:
            a = self.archive.annotations.annotation(annotation_id)
        except NotFound:
            return None
        return AnnotationRecord(
            id=a.id, article=self.sha_of(a.article_id), exact=a.exact, prefix=a.prefix, suffix=a.suffix,
            start=a.start, end=a.end, color=a.color, note=a.note, tags=sorted(a.tags),
            entity_ids=sorted(a.entity_ids), author=a.author, created=a.created, modified=a.modified,
            anchor_status=a.anchor_status,
        )

    def claim_row(self, claim_id: str) -> dict[str, Any] | None:
        return bundle_store.claim_row(self.db, claim_id)

    def claim(self, claim_id: str) -> ClaimRecord | None:
        r = self.claim_row(claim_id)
        if r is None:
            return None
        return ClaimRecord(r["id"], r["annotation_id"], r["statement"], r["attribution_entity_id"],
                           r["attribution_text"], r["kind"], json.loads(r["quantities"]), json.loads(r["dates"]),
                           r["verdict"], r["explanation"], r["created"], r["modified"])

    def entity(self, entity_id: str) -> EntityRecord | None:
        try:
            e = self.archive.annotations.entity(entity_id)
        except NotFound:
            return None
        return EntityRecord(e.id, e.type, e.name, list(e.aliases), e.description, dict(e.identifiers),
                            e.created, e.modified)

    def cluster(self, cluster_id: str) -> ClusterRecord | None:
        try:
            c = self.archive.annotations.cluster(cluster_id)
        except NotFound:
            return None
        members = bundle_store.cluster_members(self.db, cluster_id)
        return ClusterRecord(c.id, c.label, c.note, c.created, c.modified, members)

    def relation(self, relation_id: str) -> RelationRecord | None:
        row = bundle_store.relation_row(self.db, relation_id)
        return RelationRecord(*row) if row else None

    def corrections(self, article_id: int) -> dict[str, Any]:
        return bundle_store.corrections(self.db, article_id)

    def article(self, article_id: int) -> ArticleRecord:
        article = self.archive.get_article(article_id)
        source_name, source_format, encoding = bundle_store.article_source(self.db, article_id)
        original = self.archive.original_bytes(article_id)
        if hashlib.sha256(original).hexdigest() != article.sha256:
            raise ArchiveError(f"the original of article {article_id} changed on disk; run `check` before exporting")
        metadata = {name: getattr(article, name) for name in METADATA_FIELDS}
        metadata["title_derived"] = article.title_derived
        if article.captured:  # when a web archive captured the page: not in the original's bytes
            metadata["captured"] = article.captured
        return ArticleRecord(
            sha256=article.sha256, original_name=original_name(source_format), original=original,
            text=article.text, metadata=metadata, corrections=self.corrections(article_id),
            source_name=source_name, source_format=source_format or "txt", encoding=encoding,
        )

    def palette(self) -> list[PaletteRecord]:
        entries = [PaletteRecord(p.name, p.color.lower(), p.description) for p in self.archive.annotations.palette()]
        names = {p.name for p in entries}
        for name in bundle_store.highlight_colors(self.db):
            if name not in names:  # a colour name kept on highlights after it left the palette
                entries.append(PaletteRecord(name, DEFAULT_COLOR, "no longer in the palette"))
        return entries

    def record(self, kind: str, record_id: str) -> Any:
        """Our record of any synchronised kind, or None when it is not here."""
        if kind == "annotation":
            return self.annotation(record_id)
        if kind == "claim":
            return self.claim(record_id)
        if kind == "entity":
            return self.entity(record_id)
        if kind == "cluster":
            return self.cluster(record_id)
        if kind == "relation":
            return self.relation(record_id)
        if kind == "member":
            cluster_id, _, claim_id = record_id.partition("/")
            added = bundle_store.member_added(self.db, cluster_id, claim_id)
            return {"cluster_id": cluster_id, "claim_id": claim_id, "added": added} if added is not None else None
        if kind == "correction":
            sha, _, name = record_id.partition("/")
            article_id = self.archive.articles.by_sha256(sha)
            if article_id is None:
                return None
            found, value = self.archive.articles.correction(article_id, name)
            return {"article": sha, "field": name, "value": value} if found else None
        if kind == "copy":
            return self.copy_decision(*record_id.split("/", 1))
        return None

    def copy_decision(self, article_sha: str, copy_of_sha: str) -> CopyRecord | None:
        """The user's decision on whether two articles are copies of one story (None: no decision)."""
        from ..store.copies import CopyStore

        a, b = self.archive.articles.by_sha256(article_sha), self.archive.articles.by_sha256(copy_of_sha)
        if a is None or b is None:
            return None
        link = CopyStore(self.db).between(a, b)
        if link is None or link.status not in ("accepted", "rejected"):
            return None
        return CopyRecord(article_sha, copy_of_sha, link.status, link.similarity, link.reason, link.created_at)

    def copy_decisions(self, article_ids: set[int]) -> list[CopyRecord]:
        """Every user decision on a copy link with one end among ``article_ids``."""
        from ..store.copies import CopyStore

        out = []
        for link in CopyStore(self.db).of(sorted(article_ids)):
            if link.status in ("accepted", "rejected"):
                out.append(CopyRecord(self.sha_of(link.article_id), self.sha_of(link.copy_of), link.status,
                                      link.similarity, link.reason, link.created_at))
        return out

    def current_hash(self, kind: str, record_id: str) -> str | None:
        """The content hash of our record now (None when it is not here)."""
        r = self.record(kind, record_id)
        if r is None:
            return None
        if kind == "annotation":
            return annotation_hash(r)
        if kind == "claim":
            return claim_hash(r)
        if kind == "entity":
            return entity_hash(r)
        if kind == "cluster":
            return cluster_hash(r)
        if kind == "relation":
            return relation_hash(r)
        if kind == "member":
            return member_hash(r["cluster_id"], r["claim_id"])
        if kind == "copy":
            return copy_hash(r)
        return correction_hash(r["value"])

    def as_json(self, kind: str, record_id: str) -> dict[str, Any] | None:
        r = self.record(kind, record_id)
        if r is None:
            return None
        return r if isinstance(r, dict) else _as_json(r)


# --- export ------------------------------------------------------------------------------------------



def _as_json(record: Any) -> dict[str, Any]:
    data = asdict(record)
    if isinstance(record, ClusterRecord):
        data["members"] = [list(m) for m in record.members]
    return data


def _entity_row(e: EntityRecord) -> dict[str, Any]:
    return {"id": e.id, "type": e.type, "name": e.name, "aliases": json.dumps(list(e.aliases), ensure_ascii=False),
            "description": e.description, "identifiers": json.dumps(dict(e.identifiers), ensure_ascii=False),
            "created": e.created, "modified": e.modified}


def _claim_row(c: ClaimRecord) -> dict[str, Any]:
    return {"id": c.id, "annotation_id": c.annotation_id, "statement": c.statement,
            "attribution_entity_id": c.attribution_entity_id, "attribution_text": c.attribution_text,
            "kind": c.kind, "quantities": json.dumps(c.quantities), "dates": json.dumps(c.dates),
            "verdict": c.verdict, "explanation": c.explanation, "created": c.created, "modified": c.modified}


