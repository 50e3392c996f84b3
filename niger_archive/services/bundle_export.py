"""Owns exporting an archive's articles and annotations as a bundle or a standalone format."""

from __future__ import annotations

import os
import uuid
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
    VersionInfo,
    copy_key,
    correction_key,
    member_key,
)
from ..bundles.report import render_report
from ..core.errors import (
    ArchiveError,
    NigerArchiveError,
    NotFound,
)
from ..core.messages import Message, N_
from ..core.models import Progress
from ..store import bundles as bundle_store
from ..store.articles import now_iso

if TYPE_CHECKING:
    from .archive import Archive

from ..store.versions import VersionStore
from .bundle_records import LocalRecords
from .bundle_versions import Versions


@dataclass
class ExportSummary:
    """What an export wrote."""

    path: str
    format: str
    scope: str
    counts: dict[str, int]
    size_bytes: int
    holds: str = ""  # what the file holds, in words ("0 claims with a verdict; 4 without are left out")

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
                raise NotFound(Message("no article with id {article_id}", article_id=i))
        ids = list(dict.fromkeys(archive.latest_version(i) for i in ids))  # an old version: its current one
        # Name at most 20 ids: the full list of a large export overflowed the manifest's 1,000-character
        # title limit and made the bundle unreadable on import (found by bench/run.py exporting 1,000 articles).
        shown = ", ".join(map(str, ids[:20])) + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")
        return ids, Message("articles {ids}", ids=shown), None
    if query is not None:
        hits = archive.search(query, limit=max(1, archive.articles.count()))
        ids = sorted(h.id for h in hits)
        if not ids:
            raise NotFound(Message("no article matches the query {query}", query=repr(query)))
        return ids, Message("query: {query}", query=query), None
    if cluster_id is not None:
        cid = archive.annotations.resolve_id("cluster", cluster_id)
        cluster = archive.annotations.cluster(cid)
        ids = sorted({c.article_id for c in archive.annotations.claims(cluster_id=cid) if c.article_id is not None})
        if not ids:
            raise NotFound(Message("cluster {label} has no claims to export", label=repr(cluster.label)))
        return ids, Message("cluster: {label}", label=cluster.label), cid
    return archive.current_ids(), N_("the whole archive"), None


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
        for a in archive.annotations.find(article_id):
            content.annotations.append(local.annotation(a.id))
    order = {a.id: n for n, a in enumerate(content.annotations)}
    claims = []
    for (claim_id, annotation_id) in bundle_store.claim_annotations(archive.db):
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
    content.copies = local.copy_decisions(set(ids))
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


def _since_seq(archive: "Archive", since: str) -> tuple[int, str | None, str | None]:
    """(our sequence number, bundle id, time) of the exchange an incremental export starts after.

    ``since`` is a bundle file exported from or imported into this archive, or the name given
    with ``--to`` on an earlier export."""
    from ..bundles import read_bundle

    store = VersionStore(archive.db)
    path = Path(since)
    if path.is_file():
        bundle_id = read_bundle(path).versions.bundle_id
        if not bundle_id:
            raise NigerArchiveError(f"{path.name} is an older bundle without history; export everything once instead")
        seq = store.exchange_seq(bundle_id=bundle_id)
        if seq is None:
            raise NigerArchiveError(f"{path.name} was not exported from or imported into this archive")
        at = store.exchange_time(bundle_id)
        return seq, bundle_id, at
    seq = store.exchange_seq(peer_name=since)
    if seq is None:
        raise NigerArchiveError(f"no earlier export to {since!r} (and no bundle file by that name); "
                                "export everything to them once with --to first")
    bundle_id, at = store.last_export_to(since) or (None, None)  # found: exchange_seq saw that export
    return seq, bundle_id, at


def _only_changes(archive: "Archive", content: BundleContent, changed: set[tuple[str, str]],
                  new_since: str | None) -> None:
    """Cut ``content`` down to what changed (plus what those records need to be read on their own)."""
    claim_of = {c.annotation_id: c for c in content.claims}
    linked_claims = {k[1].partition("/")[2] for k in changed if k[0] == "member"}
    for r in content.relations:
        if ("relation", r.id) in changed:
            linked_claims |= {r.source_claim_id, r.target_claim_id}
    keep_annotations = set()
    for a in content.annotations:
        claim = claim_of.get(a.id)
        if ("annotation", a.id) in changed or (claim is not None and (
                ("claim", claim.id) in changed or claim.id in linked_claims)):
            keep_annotations.add(a.id)
    changed_corrections = {k[1].partition("/")[0] for k in changed if k[0] == "correction"}
    new_articles = set()
    if new_since is not None:
        new_articles = bundle_store.articles_imported_after(archive.db, new_since)
    needed = {a.article for a in content.annotations if a.id in keep_annotations} | changed_corrections | new_articles
    content.articles = [a for a in content.articles if a.sha256 in needed]
    content.annotations = [a for a in content.annotations if a.id in keep_annotations]
    content.claims = [c for c in content.claims if c.annotation_id in keep_annotations]
    claim_ids = {c.id for c in content.claims}
    wanted_entities = {e for a in content.annotations for e in a.entity_ids}
    wanted_entities |= {c.attribution_entity_id for c in content.claims if c.attribution_entity_id}
    content.entities = [e for e in content.entities if e.id in wanted_entities or ("entity", e.id) in changed]
    clusters = []
    for cluster in content.clusters:
        cluster.members = [m for m in cluster.members if m[0] in claim_ids]
        if ("cluster", cluster.id) in changed or any(("member", member_key(cluster.id, m[0])) in changed
                                                     for m in cluster.members):
            clusters.append(cluster)
    content.clusters = clusters
    content.relations = [r for r in content.relations
                         if r.source_claim_id in claim_ids and r.target_claim_id in claim_ids]
    content.copies = [c for c in content.copies if ("copy", copy_key(c.article, c.copy_of)) in changed]


def _stamp(archive: "Archive", content: BundleContent, *, since: str | None, to: str | None,
           bundle_name: str) -> None:
    """Give the records their version vectors (advancing those changed here), find deletions, and with
    ``since`` keep only what changed after that exchange. One transaction; logs the export."""
    with archive.writing():
        versions = Versions(archive)
        versions.find_deletions(LocalRecords(archive))
        vectors = versions.stamp(content)
        since_seq, since_id = 0, None
        if since is not None:
            since_seq, since_id, since_at = _since_seq(archive, since)
            _only_changes(archive, content, versions.changed_since(since_seq), since_at)
            present = _present(content)
            vectors = {k: {i: v for i, v in ids.items() if (k, i) in present} for k, ids in vectors.items()}
        content.versions = VersionInfo(
            replica=versions.replica, bundle_id=uuid.uuid4().hex, author=archive.settings.author or "",
            since=since_id, vectors={k: v for k, v in vectors.items() if v},
            tombstones=versions.tombstones(since_seq),
        )
        store = VersionStore(archive.db)
        store.log_exchange(content.versions.bundle_id, "export", None, to, bundle_name, store.max_seq())


def _present(content: BundleContent) -> set[tuple[str, str]]:
    keys = {("annotation", a.id) for a in content.annotations} | {("claim", c.id) for c in content.claims}
    keys |= {("entity", e.id) for e in content.entities} | {("relation", r.id) for r in content.relations}
    for cluster in content.clusters:
        keys.add(("cluster", cluster.id))
        keys |= {("member", member_key(cluster.id, m[0])) for m in cluster.members}
    for article in content.articles:
        keys |= {("correction", correction_key(article.sha256, name)) for name in article.corrections}
    keys |= {("copy", copy_key(c.article, c.copy_of)) for c in content.copies}
    return keys


def export_bundle(
    archive: "Archive",
    out_path: str | os.PathLike[str],
    *,
    article_ids: Iterable[int] | None = None,
    query: str | None = None,
    cluster_id: str | None = None,
    fmt: str = "bundle",
    since: str | None = None,
    to: str | None = None,
    overwrite: bool = False,
) -> Generator[Progress | ExportSummary, None, ExportSummary]:
    """Export articles with their annotations as a bundle or one standalone file.

    Yields Progress while gathering and writing, then the ExportSummary (also the return value).
    ``fmt`` is one of ``bundle`` (a ``.nabundle``), ``w3c`` (Web Annotation JSON-LD),
    ``claimreview`` (schema.org JSON-LD), ``csv`` (claims) or ``html`` (the report).
    A bundle carries every record's version vector (and tombstones of deleted records), so that a
    receiver tells an older copy from a newer edit. ``since`` (a bundle file exported from or
    imported into this archive, or a name given earlier with ``to``) keeps only what changed after
    that exchange: an incremental bundle for a daily swap.
    An existing file is never replaced unless ``overwrite`` (the user was asked, or gave ``--force``);
    the file written gets the usual permissions of a new file (0666 less the umask).
    """
    if fmt not in FORMATS:
        raise NigerArchiveError(f"unknown export format {fmt!r}; formats are {', '.join(FORMATS)}")
    if fmt != "bundle" and (since is not None or to is not None):
        raise NigerArchiveError("--since and --to go with bundle exports only")
    if not overwrite and os.path.lexists(out_path):
        raise NigerArchiveError(f"{out_path} already exists; give another name, or replace it (export --force)")
    ids, scope, only_cluster = _scope(archive, article_ids, query, cluster_id)
    title = N_("Niger Archive report") if scope == "the whole archive" else Message("Niger Archive report — {scope}",
                                                                                     scope=scope)
    content = yield from gather(archive, ids, whole=scope == "the whole archive", only_cluster=only_cluster,
                                title=title)
    out = Path(out_path)
    if fmt == "bundle":
        _stamp(archive, content, since=since, to=to, bundle_name=out.name)
    yield Progress(len(ids), len(ids), Message("writing {name}", name=out.name))
    report = None
    if fmt in ("bundle", "html"):
        report = render_report(content, comparisons(archive, content), title=title, generated=content.created)
    try:
        if fmt == "bundle":
            size = write_bundle(content, out, report or "", __version__)
        else:
            size = write_single(fmt, content, out, report)
        _usual_permissions(out)
    except OSError as exc:
        raise ArchiveError(f"cannot write {out}: {exc.strerror or exc}") from exc
    summary = ExportSummary(str(out), fmt, scope, content.counts(), size, holds=_holds(fmt, content))
    yield summary
    return summary


def _usual_permissions(path: Path) -> None:
    """Give a written file the permissions of any new file (it was made private as a temporary file)."""
    mask = os.umask(0o022)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def _counted(n: int, word: str) -> str:
    return Message.counted(n, "{n} " + word, "{n} " + ("entities" if word == "entity" else word + "s"))


def _holds(fmt: str, content: BundleContent) -> str:
    """What the exported file holds, in words; what a format leaves out is said, never silent."""
    counts = content.counts()
    if fmt == "claimreview":
        reviewed = sum(1 for c in content.claims if c.verdict != "unverified")
        left = counts["claims"] - reviewed
        with_verdict = Message("{claims} with a verdict", claims=_counted(reviewed, "claim"))
        if not left:
            return with_verdict
        return Message.counted(left, "{with_verdict}; {n} without is left out (ClaimReview needs a verdict)",
                               "{with_verdict}; {n} without are left out (ClaimReview needs a verdict)",
                               with_verdict=with_verdict)
    if fmt == "csv":
        return Message("{claims} (one row each)", claims=_counted(counts["claims"], "claim"))
    if fmt == "w3c":
        return Message("{annotations} ({claims} of them claims) on {articles}",
                       annotations=_counted(counts["annotations"], "annotation"), claims=counts["claims"],
                       articles=_counted(counts["articles"], "article"))
    return Message("{articles}, {highlights}, {claims}, {clusters}, {entities}",
                   articles=_counted(counts["articles"], "article"),
                   highlights=_counted(counts["annotations"], "highlight"), claims=_counted(counts["claims"], "claim"),
                   clusters=_counted(counts["clusters"], "cluster"), entities=_counted(counts["entities"], "entity"))


def run_export(archive: "Archive", out_path: str | os.PathLike[str], **kwargs: Any) -> ExportSummary:
    """export_bundle without progress: returns the summary."""
    summary = None
    for event in export_bundle(archive, out_path, **kwargs):
        if isinstance(event, ExportSummary):
            summary = event
    assert summary is not None
    return summary


# --- import ------------------------------------------------------------------------------------------
