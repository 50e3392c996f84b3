"""Owns merging a verified bundle into an archive: articles by SHA-256, records by UUID, three-way rule."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Callable

from ..bundles import (
    syncing,
)
from ..bundles.records import (
    AnnotationRecord,
    ArticleRecord,
    BundleContent,
    ClaimRecord,
    ClusterRecord,
    CopyRecord,
    EntityRecord,
    RelationRecord,
    annotation_hash,
    claim_hash,
    cluster_hash,
    copy_hash,
    copy_key,
    correction_hash,
    correction_key,
    entity_hash,
    member_hash,
    member_key,
    relation_hash,
)
from ..core.errors import (
    BundleRejected,
    ImportRejected,
)
from ..core.messages import N_, Amount, Message
from ..core.models import ArticleDraft, Change
from ..importers import parse_file
from ..store import bundles as bundle_store
from ..store import dependents, index_queue
from ..store.articles import now_iso
from ..store.rows import SqliteRows
from . import importing

if TYPE_CHECKING:
    from .archive import Archive

from .bundle_records import LocalRecords, _as_json, _claim_row, _entity_row
from .bundle_versions import Versions

KINDS = ("article", "copy", "correction", "palette", "entity", "annotation", "claim", "cluster", "member",
         "relation")
OUTCOMES = ("added", "updated", "deleted", "kept", "unchanged", "conflict", "conflict_pending", "skipped")


KIND_WORDS = {"article": "articles", "copy": "copy decisions", "correction": "metadata corrections", "palette": "colours",
              "entity": "entities", "annotation": "highlights", "claim": "claims", "cluster": "clusters",
              "member": "cluster memberships", "relation": "claim relations"}
OUTCOME_WORDS = {
    "added": "{n} added",
    "updated": "{n} taken from the bundle (newer there)",
    "deleted": "{n} deleted (deleted in the bundle after our copy)",
    "kept": "{n} kept ours (the bundle's copy is older)",
    "unchanged": "{n} already the same",
    "conflict": "{n} listed as conflict{s} (changed on both sides; both kept for review)",
    "conflict_pending": "{n} conflict{s} already listed",
    "skipped": "{n} skipped",
}


@dataclass
class BundleImportReport:
    """What importing a bundle did (or, with ``dry_run``, would do)."""

    path: str
    dry_run: bool
    bundle_created: str = ""
    generator: str = ""
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: {k: {o: 0 for o in OUTCOMES} for k in KINDS})
    articles: list[dict[str, Any]] = field(default_factory=list)      # new articles
    conflicts: list[dict[str, Any]] = field(default_factory=list)     # new conflicts stored for review
    proposals: list[dict[str, Any]] = field(default_factory=list)     # entities that look like ours
    skipped: list[dict[str, Any]] = field(default_factory=list)
    reanchored: dict[str, int] = field(default_factory=dict)          # anchor status -> annotations
    notes: list[str] = field(default_factory=list)

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        self.counts[kind][outcome] += n

    @property
    def changes(self) -> int:
        """Everything added, updated or newly in conflict (0 when the bundle brings nothing new)."""
        return sum(c["added"] + c["updated"] + c["deleted"] + c["conflict"] for c in self.counts.values())

    def summary_lines(self) -> list[str]:
        """Per kind of record, in words: what was added, taken, kept, deleted and listed as a conflict."""
        lines = []
        for kind, outcomes in self.counts.items():
            parts = [OUTCOME_WORDS[o].format(n=n, s="" if n == 1 else "s") for o, n in outcomes.items() if n]
            if parts:
                lines.append(f"{KIND_WORDS[kind]}: " + "; ".join(parts))
        return lines

    @property
    def change(self) -> Change:
        """What the import changed: nothing for a dry run, else rows of every kind (views re-read)."""
        return Change() if self.dry_run else Change(everything=True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "dry_run": self.dry_run, "changes": self.changes, "summary": self.summary_lines(),
            "bundle_created": self.bundle_created, "generator": self.generator,
            "counts": {k: {o: n for o, n in v.items() if n} for k, v in self.counts.items() if any(v.values())},
            "articles": self.articles, "conflicts": self.conflicts, "proposals": self.proposals,
            "skipped": self.skipped, "reanchored": self.reanchored, "notes": self.notes,
        }


def _vector_digest(vv: dict[str, int]) -> str:
    return hashlib.sha256(json.dumps(vv, sort_keys=True).encode()).hexdigest()


def _clean_tag(tag: str) -> str:
    return " ".join(tag.split())


def _safe_source_name(name: str | None, fallback: str) -> str:
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(c for c in base if c.isprintable())[:255]
    return base or fallback


def with_capture(draft: ArticleDraft, article: ArticleRecord) -> ArticleDraft:
    """The draft parsed from a bundled original, with what the web archive it came from said beside the
    page's bytes: when it was captured and from which address (a bundle of an older version has
    neither: the draft stays as parsed). A capture time that is not an ISO 8601 moment is ignored."""
    captured = article.metadata.get("captured")
    if not isinstance(captured, str) or _moment(captured) is None:
        return draft
    url = article.metadata.get("url")
    if "url" in article.corrections or not isinstance(url, str) or not url:
        url = draft.url  # the bundle's address is a correction, carried as one
    return replace(draft, captured=captured.strip(), url=url)


def _moment(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def place_annotation(incoming: AnnotationRecord, text: str, article_sha: str) -> tuple[AnnotationRecord, float]:
    """``incoming`` anchored on our ``text`` (of the article ``article_sha``), and the anchor's score.

    As when an article gets a new version: found passages take our context as prefix/suffix,
    doubtful ones keep their quote and are marked ``needs_review``, unplaceable ones become orphans."""
    from ..core.anchoring import TextPositionSelector, TextQuoteSelector, anchor, make_selectors

    position = (TextPositionSelector(incoming.start, incoming.end)
                if incoming.start is not None and incoming.end is not None else None)
    result = anchor(text, TextQuoteSelector(incoming.exact, incoming.prefix, incoming.suffix), position)
    placed = AnnotationRecord(**{**asdict(incoming), "tags": list(incoming.tags),
                                 "entity_ids": list(incoming.entity_ids)})
    placed.article = article_sha
    placed.anchor_status = result.status
    if result.status == "orphan":
        placed.start = placed.end = None
    elif result.status in ("exact", "moved", "fuzzy"):
        quote, _ = make_selectors(text, result.start, result.end)
        placed.exact, placed.prefix, placed.suffix = quote.exact, quote.prefix, quote.suffix
        placed.start, placed.end = result.start, result.end
    else:
        placed.start, placed.end = result.start, result.end
    return placed, float(result.score)


class _Merge:
    """One pass over a verified bundle; with ``dry_run`` it decides everything and writes nothing."""

    def __init__(self, archive: "Archive", content: BundleContent, path: Path, dry_run: bool) -> None:
        self.archive = archive
        self.db = archive.db
        self.content = content
        self.path = path
        self.dry = dry_run
        self.local = LocalRecords(archive)
        self.rows = SqliteRows(archive.db)
        self.report = BundleImportReport(str(path), dry_run, content.created, content.generator_version)
        self.drafts: dict[str, ArticleDraft] = {}
        self.article_id: dict[str, int] = {}        # sha256 -> article the records go onto
        self.text: dict[int, str] = {}
        self.new_ids: set[int] = set()              # placeholders in a dry run
        self.new_originals: list[str] = []          # written by this import (removed if it fails)
        self.touched: set[int] = set()
        self.entities_here: set[str] = set()
        self.annotations_here: set[str] = set()
        self.claims_here: set[str] = set()
        self.incoming_entities = {e.id: e for e in content.entities}
        self.versions = Versions(archive, dry=dry_run)
        self.kept_alive: set[tuple[str, str]] = set()   # records a tombstone must not take away

    # --- shared ------------------------------------------------------------------------------------
    def prepare(self) -> None:
        """Parse every new article's original before anything is written (a bad one refuses the bundle)."""
        for article in self.content.articles:
            if self.archive.articles.by_sha256(article.sha256) is None:
                if len(article.original) > self.archive.max_file_bytes:
                    raise BundleRejected(Message(
                        "article {sha}… is {size} MB, larger than the import limit of {limit} MB",
                        sha=article.sha256[:12], size=Amount(round(len(article.original) / 1_048_576, 1)),
                        limit=Amount(round(self.archive.max_file_bytes / 1_048_576, 1))))
                try:
                    draft = parse_file(article.original, article.original_name)
                except ImportRejected as exc:
                    title = article.metadata.get("title") or article.sha256[:12]
                    raise BundleRejected(Message("article {title} cannot be imported: {reason}",
                                                 title=repr(str(title)[:80]), reason=exc.message)) from None
                self.drafts[article.sha256] = with_capture(draft, article)

    def _skip(self, kind: str, record_id: str, reason: str) -> None:
        self.report.count(kind, "skipped")
        self.report.skipped.append({"kind": kind, "id": record_id, "reason": reason})

    def _conflict(self, kind: str, record_id: str, incoming_hash: str, incoming: dict[str, Any],
                  local: dict[str, Any] | None, reason: str) -> None:
        existing = bundle_store.conflict_state(self.db, kind, record_id, incoming_hash)
        if existing is not None:
            self.report.count(kind, "conflict_pending" if existing[1] is None else "unchanged")
            return
        self.report.count(kind, "conflict")
        self.report.conflicts.append({"kind": kind, "id": record_id, "reason": reason})
        vector = (incoming.get("vv") if incoming.get("deleted") is True
                  else self.content.versions.vector(kind, record_id))
        incoming = {**incoming, "_version": vector}
        if not self.dry:
            bundle_store.add_conflict(self.db, kind, record_id, incoming_hash, incoming, local, reason,
                                      self.path.name, now_iso())

    def _merge(self, kind: str, record_id: str, local: Any, local_hash: str | None, incoming: Any,
               incoming_hash: str, write: Callable[[], str]) -> str:
        """Apply the version rule; ``write`` stores the incoming record and returns our new hash."""
        previous = self.versions.current(kind, record_id, local_hash)
        vector = self.content.versions.vector(kind, record_id)
        decision, reason = syncing.decide(previous, syncing.Incoming(vector, incoming_hash))
        if decision in (syncing.ADD, syncing.TAKE_INCOMING):
            new_hash = write()
            self.versions.accept(kind, record_id, previous, vector, new_hash, incoming_hash)
            self.report.count(kind, "added" if decision == syncing.ADD else "updated")
        elif decision == syncing.SAME:
            if vector is not None:
                self.versions.accept(kind, record_id, previous, vector, local_hash, incoming_hash)
            self.report.count(kind, "unchanged")
        elif decision == syncing.KEEP_LOCAL:
            self.report.count(kind, "kept")
        elif decision == syncing.KEEP_DELETED:
            self._skip(kind, record_id, reason)
        else:
            self.kept_alive.add((kind, record_id))
            self._conflict(kind, record_id, incoming_hash, _as_json(incoming),
                           None if local is None else _as_json(local), reason)
        return decision

    # --- articles ----------------------------------------------------------------------------------
    def articles(self) -> None:
        placeholder = 0
        for article in self.content.articles:
            existing = self.archive.articles.by_sha256(article.sha256)
            if existing is not None:
                target = self.archive.latest_version(existing)
                self.article_id[article.sha256] = target
                self.text[target] = self.archive.articles.text(target) or ""
                self.report.count("article", "unchanged")
            else:
                draft = self.drafts[article.sha256]
                placement = importing.place(self.archive, draft)
                earlier = placement.version_of
                if self.dry:
                    placeholder -= 1
                    target = placeholder
                else:
                    target = self._insert_article(article, draft, placement)
                self.new_ids.add(target)
                self.article_id[article.sha256] = target
                self.text[target] = draft.text
                self.touched.add(target)
                self.report.count("article", "added")
                self.report.articles.append({
                    "sha256": article.sha256, "title": draft.title, "article_id": None if self.dry else target,
                    "version_of": earlier, "same_text": draft.text == article.text,
                    "placement": importing.describe_placement(self.archive, placement),
                })
            self._corrections(article, self.article_id[article.sha256])
        if not self.dry:  # an article of this bundle may have become a newer version of another one
            for sha, article_id in list(self.article_id.items()):
                latest = self.archive.latest_version(article_id)
                if latest != article_id:
                    self.article_id[sha] = latest
                    self.text[latest] = self.archive.articles.text(latest) or ""

    def _insert_article(self, article: ArticleRecord, draft: ArticleDraft, placement: Any) -> int:
        """Store a new article from the bundle, placed as a file would be (version, earlier capture, copy)."""
        if not self.archive.originals.exists(article.sha256):
            self.new_originals.append(article.sha256)
        self.archive.originals.put(article.original, article.sha256)
        source_path = f"{self.path}#{article.sha256}"
        article_id = self.archive.articles.insert(
            draft, sha256=article.sha256, size_bytes=len(article.original), source_path=source_path,
            source_name=_safe_source_name(article.source_name, article.original_name),
            version_of=placement.version_of,
        )
        self.archive.articles.set_bands(article_id, placement.bands)
        importing.record_placement(self.archive, article_id, placement)
        self.archive.articles.log_import(source_path, "version" if placement.version_of is not None else "imported",
                                         article_id, "from a bundle")
        return article_id

    def _corrections(self, article: ArticleRecord, article_id: int) -> None:
        here = {} if article_id in self.new_ids and self.dry else self.local.corrections(article_id)
        for name, value in article.corrections.items():
            key = correction_key(article.sha256, name)
            local_value = here.get(name)
            local_hash = correction_hash(local_value) if name in here else None

            def write(name: str = name, value: Any = value) -> str:
                if not self.dry:
                    self.archive.articles.set_correction(article_id, name, value)
                self.touched.add(article_id)
                return correction_hash(value)

            self._merge("correction", key, {"field": name, "value": local_value} if name in here else None,
                        local_hash, {"article": article.sha256, "field": name, "value": value},
                        correction_hash(value), write)

    # --- copy decisions ---------------------------------------------------------------------------
    def copies(self) -> None:
        from .copies import decide_link

        for incoming in self.content.copies:
            key = copy_key(incoming.article, incoming.copy_of)
            a = self.article_id.get(incoming.article) or self.archive.articles.by_sha256(incoming.article)
            b = self.article_id.get(incoming.copy_of) or self.archive.articles.by_sha256(incoming.copy_of)
            if a is None or b is None or a < 0 or b < 0:
                self._skip("copy", key, "one of its two articles is not here")
                continue
            local = self.local.copy_decision(incoming.article, incoming.copy_of)

            def write(incoming: CopyRecord = incoming, a: int = a, b: int = b) -> str:
                if not self.dry:
                    change = decide_link(self.archive, a, b, incoming.status == "accepted").apply(self.rows)
                    self.touched.update(change.articles)
                return copy_hash(incoming)

            self._merge("copy", key, local, copy_hash(local) if local else None, incoming, copy_hash(incoming), write)

    # --- palette -----------------------------------------------------------------------------------
    def palette(self) -> None:
        used = {a.color for a in self.content.annotations if a.color}
        ours = {p.name: p for p in self.local.palette()}
        position = max((p.position for p in self.archive.annotations.palette()), default=0)
        for entry in self.content.palette:
            if entry.name not in used:
                continue
            if entry.name in ours:
                self.report.count("palette", "unchanged")
                if ours[entry.name].color != entry.color:
                    self.report.notes.append(
                        f"colour {entry.name!r} is {ours[entry.name].color} here and {entry.color} in the bundle; "
                        "ours is kept")
                continue
            position += 1
            if not self.dry:
                self.rows.put_row("palette", (entry.name,), {"name": entry.name, "color": entry.color,
                                                             "position": position, "description": entry.description})
            self.report.count("palette", "added")

    # --- entities ----------------------------------------------------------------------------------
    def entities(self) -> None:
        from ..core.names import normalise_name

        ours = self.archive.annotations.entities()
        keys: dict[tuple[str, str], list[str]] = {}
        for e in ours:
            for name in e.names():
                keys.setdefault((e.type, normalise_name(name)), []).append(e.id)
        for incoming in self.content.entities:
            local = self.local.entity(incoming.id)

            def write(incoming: EntityRecord = incoming, new: bool = local is None) -> str:
                if not self.dry:
                    self.rows.put_row("entities", (incoming.id,), _entity_row(incoming))
                if new:
                    self._propose(incoming, keys)
                return entity_hash(incoming)

            decision = self._merge("entity", incoming.id, local, entity_hash(local) if local else None, incoming,
                                   entity_hash(incoming), write)
            if local is not None or decision == syncing.ADD:
                self.entities_here.add(incoming.id)

    def _propose(self, incoming: EntityRecord, keys: dict[tuple[str, str], list[str]]) -> None:
        from ..core.names import normalise_name

        matches: list[str] = []
        for name in [incoming.name, *incoming.aliases]:
            for local_id in keys.get((incoming.type, normalise_name(name)), []):
                if local_id != incoming.id and local_id not in matches:
                    matches.append(local_id)
        for local_id in matches:
            local = self.local.entity(local_id)
            proposal = {"incoming_id": incoming.id, "incoming_name": incoming.name, "local_id": local_id,
                        "local_name": local.name if local else "", "type": incoming.type}
            self.report.proposals.append(proposal)
            if not self.dry:
                bundle_store.add_conflict(
                    self.db, "same_entity", incoming.id, local_id, proposal, _as_json(local) if local else None,
                    Message("“{incoming}” looks like “{local}” here (same type and name); merge them if they are "
                            "the same", incoming=incoming.name, local=local.name if local else local_id),
                    self.path.name, now_iso(), unless_stored=True)

    # --- annotations -------------------------------------------------------------------------------
    def _placed(self, incoming: AnnotationRecord, article_id: int) -> tuple[AnnotationRecord, float]:
        sha = incoming.article if article_id in self.new_ids else self.local.sha_of(article_id)
        placed, score = place_annotation(incoming, self.text[article_id], sha)
        self.report.reanchored[placed.anchor_status] = self.report.reanchored.get(placed.anchor_status, 0) + 1
        return placed, score

    def annotations(self) -> None:
        palette = {p.name for p in self.local.palette()} | {p.name for p in self.content.palette}
        for incoming in self.content.annotations:
            incoming.tags = [t for t in dict.fromkeys(_clean_tag(t) for t in incoming.tags) if t]
            if incoming.color is not None and incoming.color not in palette:
                incoming.color = None
            local = self.local.annotation(incoming.id)
            article_id = self.article_id[incoming.article]

            def write(incoming: AnnotationRecord = incoming, local: AnnotationRecord | None = local,
                      article_id: int = article_id) -> str:
                placed, score = self._placed(incoming, article_id)
                placed.entity_ids = [e for e in placed.entity_ids if e in self.entities_here or self._entity_exists(e)]
                if len(placed.entity_ids) != len(incoming.entity_ids):
                    self.report.notes.append(
                        f"annotation {incoming.id[:8]}…: links to entities deleted here were left out")
                if local is not None:
                    self._touch_annotation(incoming.id)  # the article it leaves, if it moves
                if not self.dry:
                    self._store_annotation(placed, score, article_id, local)
                self.touched.add(article_id)
                return annotation_hash(placed)

            decision = self._merge("annotation", incoming.id, local, annotation_hash(local) if local else None,
                                   incoming, annotation_hash(incoming), write)
            if local is not None or decision == syncing.ADD:
                self.annotations_here.add(incoming.id)

    def _entity_exists(self, entity_id: str) -> bool:
        return bundle_store.entity_exists(self.db, entity_id)

    def _store_annotation(self, a: AnnotationRecord, score: float, article_id: int,
                          local: AnnotationRecord | None) -> None:
        self.rows.put_row("annotations", (a.id,), {
            "id": a.id, "article_id": article_id, "start": a.start, "end": a.end, "exact": a.exact,
            "prefix": a.prefix, "suffix": a.suffix, "color": a.color, "note": a.note, "author": a.author,
            "created": a.created, "modified": a.modified, "anchor_status": a.anchor_status, "anchor_score": score,
        })
        old_tags = set(local.tags) if local else set()
        for tag in sorted(old_tags - set(a.tags)):
            self.rows.delete_row("annotation_tags", (a.id, tag))
        for tag in a.tags:
            if tag not in old_tags:
                self.rows.put_row("annotation_tags", (a.id, tag), {"annotation_id": a.id, "tag": tag})
        old_entities = set(local.entity_ids) if local else set()
        for entity_id in sorted(old_entities - set(a.entity_ids)):
            self.rows.delete_row("mentions", (a.id, entity_id))
        for entity_id in a.entity_ids:
            if entity_id not in old_entities:
                self.rows.put_row("mentions", (a.id, entity_id), {"annotation_id": a.id, "entity_id": entity_id})

    # --- claims, clusters, relations ---------------------------------------------------------------
    def claims(self) -> None:
        for incoming in self.content.claims:
            local = self.local.claim(incoming.id)
            if local is None and incoming.annotation_id not in self.annotations_here:
                self._skip("claim", incoming.id, "its highlight is not here (deleted here after the last sync)")
                continue
            if local is None:
                other = self.archive.annotations.claim_id_for_annotation(incoming.annotation_id)
                if other is not None:
                    self._conflict("claim", incoming.id, claim_hash(incoming), _as_json(incoming),
                                   _as_json(self.local.claim(other)), "the highlight carries another claim here")
                    continue

            def write(incoming: ClaimRecord = incoming) -> str:
                stored = ClaimRecord(**asdict(incoming))
                entity_id = stored.attribution_entity_id
                if entity_id and entity_id not in self.entities_here and not self._entity_exists(entity_id):
                    fallback = self.incoming_entities.get(entity_id)
                    stored.attribution_entity_id = None
                    stored.attribution_text = stored.attribution_text or (fallback.name if fallback else "")
                if not self.dry:
                    self.rows.put_row("claims", (stored.id,), _claim_row(stored))
                self._touch_annotation(stored.annotation_id)
                return claim_hash(stored)

            decision = self._merge("claim", incoming.id, local, claim_hash(local) if local else None, incoming,
                                   claim_hash(incoming), write)
            if local is not None or decision == syncing.ADD:
                self.claims_here.add(incoming.id)

    def _touch_annotation(self, annotation_id: str) -> None:
        article_id = bundle_store.annotation_article(self.db, annotation_id)
        if article_id is not None:
            self.touched.add(article_id)

    def clusters(self) -> None:
        for incoming in self.content.clusters:
            local = self.local.cluster(incoming.id)

            def write(incoming: ClusterRecord = incoming) -> str:
                if not self.dry:
                    self.rows.put_row("clusters", (incoming.id,), {
                        "id": incoming.id, "label": incoming.label, "note": incoming.note,
                        "created": incoming.created, "modified": incoming.modified})
                return cluster_hash(incoming)

            decision = self._merge("cluster", incoming.id, local, cluster_hash(local) if local else None, incoming,
                                   cluster_hash(incoming), write)
            if local is None and decision != syncing.ADD:
                continue
            for claim_id, added in incoming.members:
                self._member(incoming.id, claim_id, added)

    def _member(self, cluster_id: str, claim_id: str, added: str) -> None:
        key = member_key(cluster_id, claim_id)
        h = member_hash(cluster_id, claim_id)
        here = self.rows.get_row("cluster_members", (cluster_id, claim_id)) is not None
        if not here and claim_id not in self.claims_here:
            self._skip("member", key, "the claim is not here")
            return

        def write() -> str:
            if not self.dry:
                self.rows.put_row("cluster_members", (cluster_id, claim_id),
                                  {"cluster_id": cluster_id, "claim_id": claim_id, "added": added})
            return h

        self._merge("member", key, {"cluster_id": cluster_id, "claim_id": claim_id} if here else None,
                    h if here else None, {"cluster_id": cluster_id, "claim_id": claim_id, "added": added}, h, write)

    def relations(self) -> None:
        for incoming in self.content.relations:
            h = relation_hash(incoming)
            local = self.local.relation(incoming.id)
            if local is None and (incoming.source_claim_id not in self.claims_here
                                  or incoming.target_claim_id not in self.claims_here):
                self._skip("relation", incoming.id, "one of its claims is not here")
                continue

            def write(incoming: RelationRecord = incoming) -> str:
                if not self.dry:
                    self.rows.put_row("claim_relations", (incoming.id,), asdict(incoming))
                return relation_hash(incoming)

            self._merge("relation", incoming.id, local, relation_hash(local) if local else None, incoming, h, write)

    # --- deletions ---------------------------------------------------------------------------------
    _DEPENDENT_WORDS = {"claim": N_("claim"), "member": N_("cluster membership"), "relation": N_("claim relation")}
    _TOMBSTONE_ORDER = ("relation", "member", "cluster", "claim", "annotation", "entity", "correction", "copy")

    def _dependents(self, kind: str, record_id: str) -> list[tuple[str, str]]:
        """Records that deleting this one would take with it."""
        out: list[tuple[str, str]] = []
        if kind == "annotation":
            claim_id = self.archive.annotations.claim_id_for_annotation(record_id)
            if claim_id:
                out += [("claim", claim_id), *self._dependents("claim", claim_id)]
        elif kind == "claim":
            out += [("member", member_key(c, record_id)) for c in dependents.claim_clusters(self.db, record_id)]
            out += [("relation", r) for r in dependents.claim_relations(self.db, record_id)]
        elif kind == "cluster":
            out += [("member", member_key(record_id, c)) for c in bundle_store.cluster_claims(self.db, record_id)]
        return out

    def _delete_record(self, kind: str, record_id: str) -> None:
        """Delete a record (and what hangs off it) as the bundle's deletion says: not a user edit."""
        editor = self.archive.editor
        if kind == "annotation":
            edit = editor.delete_annotation(record_id)
        elif kind == "claim":
            edit = editor.unmark_claim(record_id)
        elif kind == "entity":
            edit = editor.delete_entity(record_id)
        elif kind == "cluster":
            edit = editor.delete_cluster(record_id)
        elif kind == "member":
            cluster_id, _, claim_id = record_id.partition("/")
            edit = editor.remove_from_cluster(cluster_id, claim_id)
        elif kind == "relation":
            edit = editor.unrelate(record_id)
        elif kind == "copy":  # the decision is withdrawn: the link stays as a suggestion
            from ..store.copies import CopyStore

            shas = record_id.split("/", 1)
            a, b = (self.archive.articles.by_sha256(x) for x in shas)
            link = CopyStore(self.db).between(a, b) if a is not None and b is not None else None
            if link is not None:
                self.rows.put_row("article_copies", (link.article_id, link.copy_of),
                                  dict(self.rows.get_row("article_copies", (link.article_id, link.copy_of)) or {},
                                       status="suggested"))
                self.touched.update({link.article_id, link.copy_of})
            return
        else:  # a correction: the article's own metadata applies again
            sha, _, name = record_id.partition("/")
            existing = self.archive.articles.by_sha256(sha)
            if existing is not None:
                self.rows.delete_row("article_corrections", (existing, name))
                self.touched.add(existing)
            return
        change = edit.apply(self.rows)
        self.touched.update(change.articles)

    def tombstones(self) -> None:
        by_kind: dict[str, list[Any]] = {}
        for t in self.content.versions.tombstones:
            by_kind.setdefault(t.kind, []).append(t)
        for kind in self._TOMBSTONE_ORDER:
            for t in by_kind.get(kind, []):
                local_hash = self.local.current_hash(kind, t.id)
                previous = self.versions.current(kind, t.id, local_hash)
                decision, reason = syncing.decide(previous, syncing.Incoming(t.vv, None, True))
                if decision == syncing.DELETE:
                    blocked = [d for d in self._dependents(kind, t.id) if d in self.kept_alive]
                    if blocked:
                        decision = syncing.CONFLICT
                        reason = Message("deleted in the bundle, but its {kind} was changed here since; both are "
                                         "kept until you settle it", kind=self._DEPENDENT_WORDS.get(blocked[0][0],
                                                                                             blocked[0][0]))
                if decision == syncing.DELETE:
                    if not self.dry:
                        self._delete_record(kind, t.id)
                    self.versions.accept(kind, t.id, previous, t.vv, None)
                    self.report.count(kind, "deleted")
                elif decision in (syncing.TOMBSTONE, syncing.SAME):
                    self.versions.accept(kind, t.id, previous, t.vv, None)
                    self.report.count(kind, "unchanged")
                elif decision == syncing.KEEP_LOCAL:
                    self.report.count(kind, "kept")
                elif decision == syncing.KEEP_DELETED:
                    self.report.count(kind, "unchanged")
                else:
                    self.kept_alive.add((kind, t.id))
                    self._conflict(kind, t.id, "deleted:" + _vector_digest(t.vv),
                                   {"deleted": True, "kind": kind, "id": t.id, "vv": t.vv},
                                   self.local.as_json(kind, t.id), reason)

    def run(self) -> BundleImportReport:
        self.articles()
        self.copies()
        self.palette()
        self.entities()
        self.annotations()
        self.claims()
        self.clusters()
        self.relations()
        self.tombstones()
        if not self.dry:
            index_queue.enqueue(self.db, [a for a in sorted(self.touched) if a > 0])
        return self.report


