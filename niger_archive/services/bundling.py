"""Owns exporting an archive's articles and annotations as bundles or reports, and merging bundles in.

Export gathers records (articles by SHA-256, everything else by UUID) from the archive and hands
them to :mod:`niger_archive.bundles`. Import verifies the whole bundle first (nothing is touched
when it is refused), then merges it in one transaction: new articles go through the normal
importer (our clean text, our offset map), incoming selectors are re-anchored on our text, and
records present on both sides follow the three-way rule of :mod:`niger_archive.bundles.syncing`.
Imported data is not a user edit: it does not enter the undo history.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Callable, Generator, Iterable

from .. import __version__
from ..bundles import DEFAULT_LIMITS, FORMATS, Limits, read_bundle, syncing, write_bundle, write_single
from ..bundles.layout import original_name
from ..bundles.records import (
    AnnotationRecord,
    ArticleRecord,
    BundleContent,
    ClaimRecord,
    ClusterRecord,
    EntityRecord,
    PaletteRecord,
    RelationRecord,
    annotation_hash,
    claim_hash,
    cluster_hash,
    correction_hash,
    correction_key,
    entity_hash,
    member_hash,
    member_key,
    relation_hash,
)
from ..bundles.report import render_report
from ..core.anchoring import TextPositionSelector, TextQuoteSelector, anchor, make_selectors
from ..core.edits import Edit, RowChange
from ..core.errors import ArchiveError, BundleRejected, ImportRejected, NigerArchiveError, NotFound
from ..core.models import METADATA_FIELDS, ArticleDraft, Change, Progress
from ..core.names import normalise_name
from ..importers import parse_file
from ..store.articles import now_iso
from ..store.rows import SqliteRows
from . import importing
from .comparison import compare_cluster

if TYPE_CHECKING:
    from .archive import Archive

DEFAULT_COLOR = "#fde68a"
NOT_IN_HISTORY = ("Imported data does not enter the undo history: it is not a user edit, so Undo does not "
                  "remove it (edits made before the import stay undoable unless the import changed the same rows).")


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


@dataclass
class ExportSummary:
    """What an export wrote."""

    path: str
    format: str
    scope: str
    counts: dict[str, int]
    size_bytes: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _scope(archive: "Archive", article_ids: Iterable[int] | None, query: str | None,
           cluster_id: str | None) -> tuple[list[int], str, str | None]:
    """(article ids, description, cluster id) of what to export."""
    given = [x for x in (article_ids, query, cluster_id) if x is not None]
    if len(given) > 1:
        raise NigerArchiveError("export takes one of: article ids, a query, or a cluster")
    if article_ids is not None:
        ids = list(dict.fromkeys(int(i) for i in article_ids))
        if not ids:
            raise NigerArchiveError("no articles to export")
        for i in ids:
            if not archive.articles.exists(i):
                raise NotFound(f"no article with id {i}")
        return ids, f"articles {', '.join(map(str, ids))}", None
    if query is not None:
        hits = archive.search(query, limit=max(1, archive.articles.count()))
        ids = sorted(h.id for h in hits)
        if not ids:
            raise NotFound(f"no article matches the query {query!r}")
        return ids, f"query: {query}", None
    if cluster_id is not None:
        cid = archive.annotations.resolve_id("cluster", cluster_id)
        cluster = archive.annotations.cluster(cid)
        ids = sorted({c.article_id for c in archive.annotations.claims(cluster_id=cid) if c.article_id is not None})
        if not ids:
            raise NotFound(f"cluster {cluster.label!r} has no claims to export")
        return ids, f"cluster: {cluster.label}", cid
    return archive.current_ids(), "the whole archive", None


def gather(archive: "Archive", ids: list[int], *, whole: bool, only_cluster: str | None = None,
           title: str = "") -> Generator[Progress, None, BundleContent]:
    """Collect the records of articles ``ids`` (and what hangs off them), yielding progress."""
    local = LocalRecords(archive)
    content = BundleContent(palette=local.palette(), created=now_iso(), generator_version=__version__, title=title)
    total = len(ids)
    for n, article_id in enumerate(ids):
        record = local.article(article_id)
        yield Progress(n, total, record.metadata.get("title") or f"article {article_id}")
        content.articles.append(record)
        for a in archive.annotations.annotations(article_id):
            content.annotations.append(local.annotation(a.id))
    order = {a.id: n for n, a in enumerate(content.annotations)}
    claims = []
    for (claim_id, annotation_id) in archive.db.execute("SELECT id, annotation_id FROM claims").fetchall():
        if annotation_id in order:
            claims.append(local.claim(claim_id))
    claims.sort(key=lambda c: (order[c.annotation_id], c.id))
    content.claims = claims
    claim_ids = {c.id for c in claims}
    wanted_entities = {e for a in content.annotations for e in a.entity_ids}
    wanted_entities |= {c.attribution_entity_id for c in claims if c.attribution_entity_id}
    content.entities = [local.entity(e.id) for e in archive.annotations.entities() if whole or e.id in wanted_entities]
    for cluster in archive.annotations.clusters():
        if only_cluster is not None and cluster.id != only_cluster:
            continue
        record = local.cluster(cluster.id)
        record.members = [m for m in record.members if m[0] in claim_ids]
        if record.members or whole:
            content.clusters.append(record)
    content.relations = [local.relation(r["id"]) for r in archive.annotations.relations()
                         if r["source_claim_id"] in claim_ids and r["target_claim_id"] in claim_ids]
    yield Progress(total, total, "gathered")
    return content


def comparisons(archive: "Archive", content: BundleContent) -> list[dict[str, Any]]:
    """compare_cluster for each exported cluster, limited to the exported claims."""
    claim_ids = {c.id for c in content.claims}
    out = []
    for cluster in content.clusters:
        comparison = compare_cluster(archive, cluster.id)
        comparison["rows"] = [r for r in comparison["rows"] if r["claim_id"] in claim_ids]
        comparison["disagreements"] = [d for d in comparison["disagreements"]
                                       if all(c in claim_ids for c in d["claims"])]
        out.append(comparison)
    return out


def _record_sync(archive: "Archive", content: BundleContent) -> None:
    local = LocalRecords(archive)
    with archive.writing():
        for a in content.annotations:
            h = annotation_hash(a)
            local.set_state("annotation", a.id, h, h)
        for c in content.claims:
            h = claim_hash(c)
            local.set_state("claim", c.id, h, h)
        for e in content.entities:
            h = entity_hash(e)
            local.set_state("entity", e.id, h, h)
        for cl in content.clusters:
            h = cluster_hash(cl)
            local.set_state("cluster", cl.id, h, h)
            for claim_id, _ in cl.members:
                h = member_hash(cl.id, claim_id)
                local.set_state("member", member_key(cl.id, claim_id), h, h)
        for r in content.relations:
            h = relation_hash(r)
            local.set_state("relation", r.id, h, h)
        for article in content.articles:
            for name, value in article.corrections.items():
                h = correction_hash(value)
                local.set_state("correction", correction_key(article.sha256, name), h, h)


def export_bundle(
    archive: "Archive",
    out_path: str | os.PathLike[str],
    *,
    article_ids: Iterable[int] | None = None,
    query: str | None = None,
    cluster_id: str | None = None,
    fmt: str = "bundle",
) -> Generator[Progress | ExportSummary, None, ExportSummary]:
    """Export articles with their annotations as a bundle or one standalone file.

    Yields Progress while gathering and writing, then the ExportSummary (also the return value).
    ``fmt`` is one of ``bundle`` (a ``.nabundle``), ``w3c`` (Web Annotation JSON-LD),
    ``claimreview`` (schema.org JSON-LD), ``csv`` (claims) or ``html`` (the report).
    Exporting a bundle records what was exported, so that a later import can tell changes apart.
    """
    if fmt not in FORMATS:
        raise NigerArchiveError(f"unknown export format {fmt!r}; formats are {', '.join(FORMATS)}")
    ids, scope, only_cluster = _scope(archive, article_ids, query, cluster_id)
    title = "Niger Archive report" + ("" if scope == "the whole archive" else f" — {scope}")
    content = yield from gather(archive, ids, whole=scope == "the whole archive", only_cluster=only_cluster,
                                title=title)
    out = Path(out_path)
    yield Progress(len(ids), len(ids), f"writing {out.name}")
    report = None
    if fmt in ("bundle", "html"):
        report = render_report(content, comparisons(archive, content), title=title, generated=content.created)
    try:
        if fmt == "bundle":
            size = write_bundle(content, out, report or "", __version__)
        else:
            size = write_single(fmt, content, out, report)
    except OSError as exc:
        raise ArchiveError(f"cannot write {out}: {exc.strerror or exc}") from exc
    if fmt == "bundle":
        _record_sync(archive, content)
    summary = ExportSummary(str(out), fmt, scope, content.counts(), size)
    yield summary
    return summary


def run_export(archive: "Archive", out_path: str | os.PathLike[str], **kwargs: Any) -> ExportSummary:
    """export_bundle without progress: returns the summary."""
    summary = None
    for event in export_bundle(archive, out_path, **kwargs):
        if isinstance(event, ExportSummary):
            summary = event
    assert summary is not None
    return summary


# --- import ------------------------------------------------------------------------------------------

KINDS = ("article", "correction", "palette", "entity", "annotation", "claim", "cluster", "member", "relation")
OUTCOMES = ("added", "updated", "unchanged", "conflict", "conflict_pending", "skipped")


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
        return sum(c["added"] + c["updated"] + c["conflict"] for c in self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "dry_run": self.dry_run, "changes": self.changes,
            "bundle_created": self.bundle_created, "generator": self.generator,
            "counts": {k: {o: n for o, n in v.items() if n} for k, v in self.counts.items() if any(v.values())},
            "articles": self.articles, "conflicts": self.conflicts, "proposals": self.proposals,
            "skipped": self.skipped, "reanchored": self.reanchored, "notes": self.notes,
        }


def _clean_tag(tag: str) -> str:
    return " ".join(tag.split())


def _safe_source_name(name: str | None, fallback: str) -> str:
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(c for c in base if c.isprintable())[:255]
    return base or fallback


def place_annotation(incoming: AnnotationRecord, text: str, article_sha: str) -> tuple[AnnotationRecord, float]:
    """``incoming`` anchored on our ``text`` (of the article ``article_sha``), and the anchor's score.

    As when an article gets a new version: found passages take our context as prefix/suffix,
    doubtful ones keep their quote and are marked ``needs_review``, unplaceable ones become orphans."""
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

    # --- shared ------------------------------------------------------------------------------------
    def prepare(self) -> None:
        """Parse every new article's original before anything is written (a bad one refuses the bundle)."""
        for article in self.content.articles:
            if self.archive.articles.by_sha256(article.sha256) is None:
                if len(article.original) > self.archive.max_file_bytes:
                    raise BundleRejected(
                        f"article {article.sha256[:12]}… is {len(article.original) / 1_048_576:.1f} MB, larger than "
                        f"the import limit of {self.archive.max_file_bytes / 1_048_576:.1f} MB")
                try:
                    self.drafts[article.sha256] = parse_file(article.original, article.original_name)
                except ImportRejected as exc:
                    title = article.metadata.get("title") or article.sha256[:12]
                    raise BundleRejected(f"article {str(title)[:80]!r} cannot be imported: {exc}") from None

    def _skip(self, kind: str, record_id: str, reason: str) -> None:
        self.report.count(kind, "skipped")
        self.report.skipped.append({"kind": kind, "id": record_id, "reason": reason})

    def _conflict(self, kind: str, record_id: str, incoming_hash: str, incoming: dict[str, Any],
                  local: dict[str, Any] | None, reason: str) -> None:
        existing = self.db.execute(
            "SELECT id, resolved_at FROM bundle_conflicts WHERE kind = ? AND record_id = ? AND bundle_hash = ?",
            [kind, record_id, incoming_hash],
        ).fetchone()
        if existing is not None:
            self.report.count(kind, "conflict_pending" if existing[1] is None else "unchanged")
            return
        self.report.count(kind, "conflict")
        self.report.conflicts.append({"kind": kind, "id": record_id, "reason": reason})
        if not self.dry:
            self.db.execute(
                """INSERT INTO bundle_conflicts (kind, record_id, bundle_hash, incoming, local, reason, bundle_name,
                   detected_at) VALUES (?,?,?,?,?,?,?,?)""",
                [kind, record_id, incoming_hash, json.dumps(incoming, ensure_ascii=False),
                 None if local is None else json.dumps(local, ensure_ascii=False), reason, self.path.name, now_iso()],
            )

    def _set_state(self, kind: str, record_id: str, local_hash: str, bundle_hash: str) -> None:
        if not self.dry:
            self.local.set_state(kind, record_id, local_hash, bundle_hash)

    def _merge(self, kind: str, record_id: str, local: Any, local_hash: str | None, incoming: Any,
               incoming_hash: str, write: Callable[[], str]) -> str:
        """Apply the three-way rule; ``write`` stores the incoming record and returns our new hash."""
        state = self.local.state(kind, record_id)
        decision = syncing.decide(state, local_hash, incoming_hash)
        if decision in (syncing.ADD, syncing.TAKE_INCOMING):
            new_hash = write()
            self._set_state(kind, record_id, new_hash, incoming_hash)
            self.report.count(kind, "added" if decision == syncing.ADD else "updated")
        elif decision == syncing.SAME:
            self._set_state(kind, record_id, local_hash, incoming_hash)
            self.report.count(kind, "unchanged")
        elif decision == syncing.KEEP_LOCAL:
            self.report.count(kind, "unchanged")
        elif decision == syncing.KEEP_DELETED:
            self._skip(kind, record_id, "deleted here after the last sync; the bundle's copy is unchanged")
        else:
            reason = ("deleted here, changed in the bundle" if local is None else
                      "changed here and in the bundle" if state is not None else
                      "differs here and in the bundle (never synced)")
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
                earlier, bands = importing.find_earlier_version(self.archive, draft.text, draft.url)
                if self.dry:
                    placeholder -= 1
                    target = placeholder
                else:
                    target = self._insert_article(article, draft, earlier, bands)
                self.new_ids.add(target)
                self.article_id[article.sha256] = target
                self.text[target] = draft.text
                self.touched.add(target)
                self.report.count("article", "added")
                self.report.articles.append({
                    "sha256": article.sha256, "title": draft.title, "article_id": None if self.dry else target,
                    "version_of": earlier, "same_text": draft.text == article.text,
                })
            self._corrections(article, self.article_id[article.sha256])
        if not self.dry:  # an article of this bundle may have become a newer version of another one
            for sha, article_id in list(self.article_id.items()):
                latest = self.archive.latest_version(article_id)
                if latest != article_id:
                    self.article_id[sha] = latest
                    self.text[latest] = self.archive.articles.text(latest) or ""

    def _insert_article(self, article: ArticleRecord, draft: ArticleDraft, earlier: int | None,
                        bands: list[int]) -> int:
        if not self.archive.originals.exists(article.sha256):
            self.new_originals.append(article.sha256)
        self.archive.originals.put(article.original, article.sha256)
        source_path = f"{self.path}#{article.sha256}"
        article_id = self.archive.articles.insert(
            draft, sha256=article.sha256, size_bytes=len(article.original), source_path=source_path,
            source_name=_safe_source_name(article.source_name, article.original_name), version_of=earlier,
        )
        self.archive.articles.set_bands(article_id, bands)
        if earlier is not None:
            self.archive.on_new_version(earlier, article_id)
        self.archive.articles.log_import(source_path, "version" if earlier is not None else "imported",
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
                self.db.execute(
                    """INSERT OR IGNORE INTO bundle_conflicts (kind, record_id, bundle_hash, incoming, local, reason,
                       bundle_name, detected_at) VALUES (?,?,?,?,?,?,?,?)""",
                    ["same_entity", incoming.id, local_id, json.dumps(proposal, ensure_ascii=False),
                     json.dumps(_as_json(local), ensure_ascii=False) if local else None,
                     f"“{incoming.name}” looks like “{local.name if local else local_id}” here (same type and name); "
                     "merge them if they are the same", self.path.name, now_iso()],
                )

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
        return self.db.execute("SELECT 1 FROM entities WHERE id = ?", [entity_id]).fetchone() is not None

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
        row = self.db.execute("SELECT article_id FROM annotations WHERE id = ?", [annotation_id]).fetchone()
        if row:
            self.touched.add(row[0])

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
        if self.rows.get_row("cluster_members", (cluster_id, claim_id)) is not None:
            self._set_state("member", key, h, h)
            self.report.count("member", "unchanged")
            return
        if self.local.state("member", key) is not None:
            self._skip("member", key, "removed from the cluster here after the last sync")
            return
        if claim_id not in self.claims_here:
            self._skip("member", key, "the claim was not imported")
            return
        if not self.dry:
            self.rows.put_row("cluster_members", (cluster_id, claim_id),
                              {"cluster_id": cluster_id, "claim_id": claim_id, "added": added})
        self._set_state("member", key, h, h)
        self.report.count("member", "added")

    def relations(self) -> None:
        for incoming in self.content.relations:
            h = relation_hash(incoming)
            if self.local.relation(incoming.id) is not None:
                self.report.count("relation", "unchanged")
                continue
            if self.local.state("relation", incoming.id) is not None:
                self._skip("relation", incoming.id, "removed here after the last sync")
                continue
            if incoming.source_claim_id not in self.claims_here or incoming.target_claim_id not in self.claims_here:
                self._skip("relation", incoming.id, "one of its claims was not imported")
                continue
            if not self.dry:
                self.rows.put_row("claim_relations", (incoming.id,), asdict(incoming))
            self._set_state("relation", incoming.id, h, h)
            self.report.count("relation", "added")

    def run(self) -> BundleImportReport:
        self.articles()
        self.palette()
        self.entities()
        self.annotations()
        self.claims()
        self.clusters()
        self.relations()
        if not self.dry:
            for article_id in sorted(self.touched):
                if article_id > 0:
                    self.db.execute("INSERT OR IGNORE INTO index_queue (article_id) VALUES (?)", [article_id])
        return self.report


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


def import_bundle(archive: "Archive", path: str | os.PathLike[str], *, dry_run: bool = False,
                  limits: Limits = DEFAULT_LIMITS) -> BundleImportReport:
    """Verify the bundle at ``path`` completely, then merge it into the archive in one transaction.

    Raises BundleRejected (archive unchanged) when verification fails. With ``dry_run`` nothing is
    written: the report tells what would be added, updated, merged and in conflict.
    """
    path = Path(path)
    content = read_bundle(path, limits)
    merge = _Merge(archive, content, path, dry_run)
    merge.prepare()
    if dry_run:
        report = merge.run()
        report.notes.append("dry run: nothing was changed")
        return report
    try:
        with archive.writing():
            report = merge.run()
    except BaseException as exc:
        for sha in merge.new_originals:  # the transaction is rolled back: so are the originals it wrote
            archive.originals.path_for(sha).unlink(missing_ok=True)
        if isinstance(exc, (sqlite3.Error, NigerArchiveError)) and not isinstance(exc, BundleRejected):
            raise BundleRejected(f"the bundle could not be merged ({exc}); the archive is unchanged") from None
        raise
    report.notes.append(NOT_IN_HISTORY)
    try:
        archive.flush_index()
    except NigerArchiveError as exc:
        report.notes.append(f"the search index could not be updated now ({exc}); it catches up on the next search")
    return report


# --- reviewing conflicts -------------------------------------------------------------------------------


def list_conflicts(archive: "Archive", *, include_resolved: bool = False) -> list[dict[str, Any]]:
    """Conflicts and same-entity proposals stored by bundle imports, oldest first."""
    sql = "SELECT * FROM bundle_conflicts" + ("" if include_resolved else " WHERE resolved_at IS NULL")
    cursor = archive.db.execute(sql + " ORDER BY id")
    cols = [c[0] for c in cursor.description]
    out = []
    for row in cursor.fetchall():
        item = dict(zip(cols, row))
        item["incoming"] = json.loads(item["incoming"])
        item["local"] = json.loads(item["local"]) if item["local"] is not None else None
        out.append(item)
    return out


def _conflict_row(archive: "Archive", conflict_id: int) -> dict[str, Any]:
    for item in list_conflicts(archive, include_resolved=True):
        if item["id"] == conflict_id:
            if item["resolved_at"] is not None:
                raise NigerArchiveError(f"conflict {conflict_id} was already settled ({item['resolution']})")
            return item
    raise NotFound(f"no bundle conflict with id {conflict_id}")


def _incoming_edit(archive: "Archive", item: dict[str, Any]) -> tuple[Edit, str]:
    """The user edit that takes the incoming version of a conflict, and our hash after it."""
    rows = SqliteRows(archive.db)
    kind, data = item["kind"], item["incoming"]
    if kind == "annotation":
        incoming = AnnotationRecord(**data)
        existing = archive.articles.by_sha256(incoming.article)
        if existing is None:
            raise NotFound("the article of this highlight is no longer in the archive")
        article_id = archive.latest_version(existing)
        placed, score = place_annotation(incoming, archive.articles.text(article_id) or "",
                                         archive.articles.sha256(article_id))
        placed.entity_ids = [e for e in placed.entity_ids if rows.get_row("entities", (e,)) is not None]
        local = LocalRecords(archive).annotation(incoming.id)
        after = {"id": placed.id, "article_id": article_id, "start": placed.start, "end": placed.end,
                 "exact": placed.exact, "prefix": placed.prefix, "suffix": placed.suffix, "color": placed.color,
                 "note": placed.note, "author": placed.author, "created": placed.created,
                 "modified": placed.modified, "anchor_status": placed.anchor_status, "anchor_score": score}
        if placed.color is not None and rows.get_row("palette", (placed.color,)) is None:
            after["color"] = placed.color = None
        changes = [RowChange("annotations", (placed.id,), rows.get_row("annotations", (placed.id,)), after)]
        old_tags, old_entities = (set(local.tags), set(local.entity_ids)) if local else (set(), set())
        changes += [RowChange("annotation_tags", (placed.id, t), {"annotation_id": placed.id, "tag": t}, None)
                    for t in sorted(old_tags - set(placed.tags))]
        changes += [RowChange("annotation_tags", (placed.id, t), None, {"annotation_id": placed.id, "tag": t})
                    for t in placed.tags if t not in old_tags]
        changes += [RowChange("mentions", (placed.id, e), {"annotation_id": placed.id, "entity_id": e}, None)
                    for e in sorted(old_entities - set(placed.entity_ids))]
        changes += [RowChange("mentions", (placed.id, e), None, {"annotation_id": placed.id, "entity_id": e})
                    for e in placed.entity_ids if e not in old_entities]
        articles = {article_id} | ({archive.db.execute("SELECT article_id FROM annotations WHERE id = ?",
                                                       [placed.id]).fetchone()[0]} if local else set())
        return Edit("Take the bundle's version of a highlight", changes, "bundle.take", placed.id,
                    tuple(sorted(articles))), annotation_hash(placed)
    if kind == "claim":
        incoming = ClaimRecord(**data)
        if rows.get_row("annotations", (incoming.annotation_id,)) is None:
            raise NotFound("the highlight of this claim is no longer in the archive")
        if incoming.attribution_entity_id and rows.get_row("entities", (incoming.attribution_entity_id,)) is None:
            incoming.attribution_entity_id = None
        other = archive.annotations.claim_id_for_annotation(incoming.annotation_id)
        if other is not None and other != incoming.id:
            raise NigerArchiveError("the highlight carries another claim here; unmark that claim first")
        article = archive.db.execute("SELECT article_id FROM annotations WHERE id = ?",
                                     [incoming.annotation_id]).fetchone()[0]
        change = RowChange("claims", (incoming.id,), rows.get_row("claims", (incoming.id,)), _claim_row(incoming))
        return Edit("Take the bundle's version of a claim", [change], "bundle.take", incoming.id,
                    (article,)), claim_hash(incoming)
    if kind == "entity":
        incoming = EntityRecord(**data)
        change = RowChange("entities", (incoming.id,), rows.get_row("entities", (incoming.id,)), _entity_row(incoming))
        return Edit("Take the bundle's version of an entity", [change], "bundle.take", incoming.id), \
            entity_hash(incoming)
    if kind == "cluster":
        incoming = ClusterRecord(**{**data, "members": [tuple(m) for m in data.get("members", [])]})
        after = {"id": incoming.id, "label": incoming.label, "note": incoming.note, "created": incoming.created,
                 "modified": incoming.modified}
        change = RowChange("clusters", (incoming.id,), rows.get_row("clusters", (incoming.id,)), after)
        return Edit("Take the bundle's version of a cluster", [change], "bundle.take", incoming.id), \
            cluster_hash(incoming)
    if kind == "correction":
        existing = archive.articles.by_sha256(data["article"])
        if existing is None:
            raise NotFound("the article of this correction is no longer in the archive")
        article_id = archive.latest_version(existing)
        key = (article_id, data["field"])
        after = {"article_id": article_id, "field": data["field"],
                 "value": json.dumps(data["value"], ensure_ascii=False), "corrected_at": now_iso()}
        change = RowChange("article_corrections", key, rows.get_row("article_corrections", key), after)
        return Edit(f"Take the bundle's {data['field']}", [change], "bundle.take", f"{article_id}:{data['field']}",
                    (article_id,)), correction_hash(data["value"])
    raise NigerArchiveError(f"conflicts of kind {kind!r} cannot take the incoming version")


def _local_hash(archive: "Archive", kind: str, record_id: str) -> str | None:
    local = LocalRecords(archive)
    if kind == "annotation":
        r = local.annotation(record_id)
        return annotation_hash(r) if r else None
    if kind == "claim":
        r = local.claim(record_id)
        return claim_hash(r) if r else None
    if kind == "entity":
        r = local.entity(record_id)
        return entity_hash(r) if r else None
    if kind == "cluster":
        r = local.cluster(record_id)
        return cluster_hash(r) if r else None
    if kind == "correction":
        sha, _, name = record_id.partition("/")
        existing = archive.articles.by_sha256(sha)
        if existing is None:
            return None
        found, value = archive.articles.correction(archive.latest_version(existing), name)
        return correction_hash(value) if found else None
    return None


def resolve_conflict(archive: "Archive", conflict_id: int, keep: str) -> Change:
    """Settle a stored conflict: ``keep="local"`` keeps ours (the bundle's version is not offered again),
    ``keep="incoming"`` takes the bundle's version as an undoable edit. For a same-entity proposal,
    ``incoming`` merges the bundle's entity into ours and ``local`` keeps both."""
    if keep not in ("local", "incoming"):
        raise NigerArchiveError("keep must be 'local' or 'incoming'")
    item = _conflict_row(archive, conflict_id)
    kind, record_id = item["kind"], item["record_id"]
    change = Change()
    local = LocalRecords(archive)
    with archive.writing():
        if kind == "same_entity":
            if keep == "incoming":
                change = archive.apply(archive.editor.merge_entities(item["incoming"]["local_id"], record_id))
            resolution = "merged" if keep == "incoming" else "kept_both"
        elif keep == "incoming":
            edit, new_hash = _incoming_edit(archive, item)
            change = archive.apply(edit)
            local.set_state(kind, record_id, new_hash, item["bundle_hash"])
            resolution = "took_incoming"
        else:
            ours = _local_hash(archive, kind, record_id)
            if ours is not None:
                local.set_state(kind, record_id, ours, item["bundle_hash"])
            else:  # deleted here: the bundle's version becomes the base, so it is not offered again
                local.set_state(kind, record_id, item["bundle_hash"], item["bundle_hash"])
            resolution = "kept_local"
        archive.db.execute("UPDATE bundle_conflicts SET resolved_at = ?, resolution = ? WHERE id = ?",
                           [now_iso(), resolution, conflict_id])
    archive.flush_index()
    return change
