"""Owns reading this archive's own records in bundle form (articles, annotations, claims, entities…)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from ..bundles import (
    syncing,
)
from ..bundles.layout import original_name
from ..bundles.records import (
    AnnotationRecord,
    ArticleRecord,
    ClaimRecord,
    ClusterRecord,
    EntityRecord,
    PaletteRecord,
    RelationRecord,
)
from ..core.errors import (
    ArchiveError,
    NotFound,
)
from ..core.models import METADATA_FIELDS
from ..store.articles import now_iso

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
        cursor = self.db.execute("SELECT * FROM claims WHERE id = ?", [claim_id])
        row = cursor.fetchone()
        return dict(zip([c[0] for c in cursor.description], row)) if row else None

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
        members = self.db.execute(
            "SELECT claim_id, added FROM cluster_members WHERE cluster_id = ? ORDER BY added, claim_id", [cluster_id]
        ).fetchall()
        return ClusterRecord(c.id, c.label, c.note, c.created, c.modified, [(m[0], m[1]) for m in members])

    def relation(self, relation_id: str) -> RelationRecord | None:
        row = self.db.execute(
            "SELECT id, source_claim_id, target_claim_id, relation, created FROM claim_relations WHERE id = ?",
            [relation_id],
        ).fetchone()
        return RelationRecord(*row) if row else None

    def corrections(self, article_id: int) -> dict[str, Any]:
        return {f: json.loads(v) for f, v in self.db.execute(
            "SELECT field, value FROM article_corrections WHERE article_id = ? ORDER BY field", [article_id]
        ).fetchall()}

    def article(self, article_id: int) -> ArticleRecord:
        article = self.archive.get_article(article_id)
        source_name, source_format, encoding = self.db.execute(
            "SELECT source_name, source_format, encoding FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        original = self.archive.original_bytes(article_id)
        if hashlib.sha256(original).hexdigest() != article.sha256:
            raise ArchiveError(f"the original of article {article_id} changed on disk; run `check` before exporting")
        metadata = {name: getattr(article, name) for name in METADATA_FIELDS}
        metadata["title_derived"] = article.title_derived
        return ArticleRecord(
            sha256=article.sha256, original_name=original_name(source_format), original=original,
            text=article.text, metadata=metadata, corrections=self.corrections(article_id),
            source_name=source_name, source_format=source_format or "txt", encoding=encoding,
        )

    def palette(self) -> list[PaletteRecord]:
        entries = [PaletteRecord(p.name, p.color.lower(), p.description) for p in self.archive.annotations.palette()]
        names = {p.name for p in entries}
        for (name,) in self.db.execute("SELECT DISTINCT color FROM annotations WHERE color IS NOT NULL ORDER BY 1"):
            if name not in names:  # a colour name kept on highlights after it left the palette
                entries.append(PaletteRecord(name, DEFAULT_COLOR, "no longer in the palette"))
        return entries

    def state(self, kind: str, record_id: str) -> syncing.SyncState | None:
        row = self.db.execute(
            "SELECT local_hash, bundle_hash FROM sync_state WHERE kind = ? AND record_id = ?", [kind, record_id]
        ).fetchone()
        return syncing.SyncState(row[0], row[1]) if row else None

    def set_state(self, kind: str, record_id: str, local_hash: str, bundle_hash: str) -> None:
        current = self.state(kind, record_id)
        if current == syncing.SyncState(local_hash, bundle_hash):
            return
        self.db.execute(
            """INSERT INTO sync_state (kind, record_id, local_hash, bundle_hash, synced_at) VALUES (?,?,?,?,?)
               ON CONFLICT(kind, record_id) DO UPDATE SET local_hash = excluded.local_hash,
               bundle_hash = excluded.bundle_hash, synced_at = excluded.synced_at""",
            [kind, record_id, local_hash, bundle_hash, now_iso()],
        )


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


