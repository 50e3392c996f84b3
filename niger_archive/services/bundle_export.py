"""Owns exporting an archive's articles and annotations as a bundle or a standalone format."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generator, Iterable

from .. import __version__
from ..bundles import (
    FORMATS,
    write_bundle,
    write_single,
)
from ..bundles.records import (
    BundleContent,
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
from ..core.errors import (
    ArchiveError,
    NigerArchiveError,
    NotFound,
)
from ..core.models import Progress
from ..store.articles import now_iso

if TYPE_CHECKING:
    from .archive import Archive

from .bundle_records import LocalRecords


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
        # Name at most 20 ids: the full list of a large export overflowed the manifest's 1,000-character
        # title limit and made the bundle unreadable on import (found by bench/run.py exporting 1,000 articles).
        shown = ", ".join(map(str, ids[:20])) + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")
        return ids, f"articles {shown}", None
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
    from .comparison import compare_cluster

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
