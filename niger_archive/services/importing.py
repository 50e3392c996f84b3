"""Owns the import pipeline: files and folders -> originals, article rows, versions, the search index.

Every file is imported in its own transaction (a failure leaves nothing of that file behind),
in the order the files were given. For large imports the CPU-bound half of the work — parsing
the file and its near-duplicate fingerprint — runs ahead in worker processes (``PARSE_WORKERS``,
started only when there are at least ``POOL_MIN_FILES`` files and more than one core), while this
process stores the results one by one: the originals (written and fsynced), the article rows, and
batches of the search index. The workers only compute; nothing they do touches the archive.

The parsing and its pool of worker processes are :mod:`.parse_pool` (plain child processes running
``parse_worker``); if one cannot start or dies, the files it had are parsed in this process instead.

In large imports the originals are also written ahead, on one writer thread, while their files
are parsed: each original is still written and fsynced before the transaction that refers to it
commits. A file that then fails (or an import cancelled) has its unused original removed; only a
crash can leave one behind, which ``check`` lists as an unreferenced original.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from ..core import publications as pub
from ..core import shingles as sh
from ..core.errors import ImportRejected, NigerArchiveError, message_of
from ..core.filenames import shown
from ..core.messages import N_, Message, joined
from ..core.models import Article, ArticleDraft, ImportOutcome, Progress
from ..core.offsets import OffsetMap
from ..importers import is_supported, is_web_archive
from ..store import lineage
from ..store.articles import now_iso
from ..store.copies import CopyStore
from ..store.originals import sha256_of
from . import reanchoring
from .parse_pool import PARSE_WORKERS, ParsePool, Prepared, Worker, prepare, prepared_from

if TYPE_CHECKING:
    from .ports import IndexedArchive

log = logging.getLogger(__name__)

DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024
INDEX_BATCH = 500  # articles per search-index transaction during bulk imports
LAST_SEGMENT_SHARE = 3  # near the end, commit the segment in hand once the files left are a third of it
LAST_SEGMENT_MIN = 1_000  # ... when it holds at least this many articles
POOL_MIN_FILES = 300  # below this, starting worker processes costs more than it saves


@dataclass
class ImportPlan:
    files: list[Path]
    rejected: list[ImportOutcome]


# A browser's "Save page as… (complete)" writes ``page.html`` and beside it a folder of the page's
# images, styles, scripts and frames: ``page_files`` (some browsers localise the suffix).
_RESOURCE_FOLDER_SUFFIXES = ("_files", "-dateien", "_fichiers", "_archivos", "_arquivos", "-bestanden", "_file",
                             "-filer", "_pliki", "_tiedostot")


def saved_page_of(folder: Path) -> Path | None:
    """The saved web page whose resources ``folder`` holds (``page_files`` beside ``page.html``), or None."""
    name = folder.name
    for suffix in _RESOURCE_FOLDER_SUFFIXES:
        if len(name) > len(suffix) and name.lower().endswith(suffix):
            for extension in (".html", ".htm"):
                page = folder.with_name(name[:-len(suffix)] + extension)
                if page.is_file():
                    return page
    return None


def collect_files(paths: Iterable[str | os.PathLike[str]]) -> ImportPlan:
    """Expand folders recursively, keep order stable. Files of other types found in a folder are
    reported as "skipped" with their reason (never silently left out); hidden entries are passed over,
    and so is the resources folder of a saved web page (``page_files`` beside ``page.html``: the page
    is the article, its images, styles, scripts and frames are not)."""
    files: list[Path] = []
    rejected: list[ImportOutcome] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        page = saved_page_of(path) if path.is_dir() else None
        if page is not None:
            rejected.append(ImportOutcome(str(path), "skipped", reason=Message(
                "holds the images, styles and scripts of the saved page {page}, not articles "
                "(the page itself is the article)", page=shown(page.name))))
        elif path.is_dir():
            found = []

            def unreadable(error: OSError) -> None:
                where = error.filename or path
                rejected.append(ImportOutcome(os.fspath(where), "failed",
                                              reason=Message("cannot read the folder: {error}",
                                                             error=str(error.strerror or error))))

            for dirpath, dirnames, filenames in os.walk(path, onerror=unreadable):
                dirnames[:] = sorted(d for d in dirnames
                                     if not d.startswith(".") and saved_page_of(Path(dirpath) / d) is None)
                for name in filenames:
                    if name.startswith("."):
                        continue
                    candidate = Path(dirpath) / name
                    if is_supported(candidate.name):
                        found.append(candidate)
                    else:
                        reason = (Message("a {suffix} file is not an article type this program imports",
                                          suffix=candidate.suffix.lower()) if candidate.suffix
                                  else N_("a file without extension is not an article type this program imports"))
                        rejected.append(ImportOutcome(os.fspath(candidate), "skipped", reason=reason))
            for candidate in sorted(found):
                if candidate not in seen:
                    seen.add(candidate)
                    files.append(candidate)
        elif path.exists() or path.is_symlink():
            if path not in seen:
                seen.add(path)
                files.append(path)
        else:
            rejected.append(ImportOutcome(str(path), "failed", reason=N_("no such file or folder")))
    return ImportPlan(files, rejected)


def _read(path: Path, max_bytes: int) -> bytes:
    try:
        if not path.is_file():
            raise ImportRejected(N_("not a regular file"))
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportRejected(Message("file is {size} MB, larger than the import limit of {limit} MB",
                                         size=f"{size / 1_048_576:.1f}", limit=f"{max_bytes / 1_048_576:.1f}"))
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise ImportRejected(Message("cannot read the file: {error}", error=str(exc.strerror or exc))) from exc
    if len(data) > max_bytes:
        raise ImportRejected(Message("file is larger than the import limit of {limit} MB",
                                     limit=f"{max_bytes / 1_048_576:.1f}"))
    return data


@dataclass
class Placement:
    """Where a new capture goes (``core.publications`` decides): a new version of a lineage, an
    earlier version of one, or an article of its own; and which articles it is linked to as copies."""

    bands: list[int]
    version_of: int | None = None  # the current version it replaces (it is the newest capture)
    older_than: int | None = None  # the version it goes before (an older capture arriving later)
    version_reason: str = ""
    capture: pub.Capture | None = None  # the new capture as the rule saw it
    links: list[tuple[int, str, float, str]] = field(default_factory=list)  # (article, status, similarity, reason)


def capture_of(article: Article) -> pub.Capture:
    """What the rule compares of an archived article (its metadata as corrected by the user)."""
    return pub.Capture(url=article.url, outlet=article.outlet, title=article.title, author=article.author,
                       published=article.published, updated=article.updated, imported_at=article.imported_at,
                       source_path=article.source_path, title_derived=article.title_derived,
                       captured=article.captured)


def draft_capture(draft: ArticleDraft, source_path: str | None) -> pub.Capture:
    return pub.Capture(url=draft.url, outlet=draft.outlet, title=draft.title, author=draft.author,
                       published=draft.published, updated=draft.updated, imported_at=now_iso(),
                       source_path=source_path, title_derived=draft.title_derived, captured=draft.captured)


_PRIORITY = {pub.VERSION: 3, pub.COPY: 2, pub.SUGGEST: 1, pub.SEPARATE: 0}


def place(archive: "IndexedArchive", draft: ArticleDraft, bands: list[int] | None = None,
          source_path: str | None = None) -> Placement:
    """Decide where ``draft`` goes among the archived articles whose text is near it (LSH bands,
    confirmed by exact shingle Jaccard) or whose address is the same: per lineage, the strongest
    decision of the rule against any of its captures."""
    if bands is None:
        bands = sh.text_bands(draft.text)
    placement = Placement(bands)
    candidates = archive.articles.band_candidates(bands)
    if draft.url:
        candidates += [i for i in archive.articles.by_url(draft.url) if i not in candidates]
    if not candidates:
        return placement
    new = placement.capture = draft_capture(draft, source_path)
    shingle_set = sh.shingles(draft.text)
    texts = archive.articles.texts(candidates)
    best: dict[int, tuple[pub.Decision, float, int]] = {}  # lineage (its current id) -> decision
    paths = lineage.source_paths(archive.db, list(texts))
    for article in archive.articles.list([c for c in candidates if c in texts]):
        similarity = sh.jaccard(shingle_set, sh.shingles(texts[article.id]))
        decision = pub.decide(new, replace(capture_of(article), source_path=paths.get(article.id)), similarity)
        if decision.kind == pub.SEPARATE:
            continue
        head = archive.latest_version(article.id)
        ranked = (_PRIORITY[decision.kind], similarity)
        if head not in best or ranked > (_PRIORITY[best[head][0].kind], best[head][1]):
            best[head] = (decision, similarity, article.id)
    versions = sorted((h for h, (d, _, _) in best.items() if d.kind == pub.VERSION), key=lambda h: -best[h][1])
    if versions:
        head = versions[0]
        placement.version_reason = best[head][0].reason
        members = archive.articles.list(lineage.lineage(archive.db, head))
        if pub.is_older(new, capture_of(members[-1])):
            placement.older_than = next(m.id for m in members if pub.is_older(new, capture_of(m)))
        else:
            placement.version_of = head
    joined = set(lineage.lineage(archive.db, versions[0])) if versions else set()
    for head, (decision, similarity, _) in sorted(best.items()):
        if decision.kind == pub.VERSION and head in joined:
            continue
        status = pub.SUGGESTED if decision.kind == pub.SUGGEST else pub.LINKED
        if decision.kind == pub.VERSION:  # a version of a second lineage too: say so, hide neither
            status, reason = pub.SUGGESTED, f"also looks like a re-capture ({decision.reason})"
        else:
            reason = decision.reason
        if joined and _decided(archive, joined, head):
            continue  # the user already said whether these carry one story
        placement.links.append((head, status, similarity, reason))
    return placement


def _decided(archive: "IndexedArchive", ids: set[int], other: int) -> bool:
    others = set(lineage.lineage(archive.db, other))
    return any(link.other(link.article_id if link.article_id in ids else link.copy_of) in others
               for link in CopyStore(archive.db).of(sorted(ids)))


def find_earlier_version(
    archive: "IndexedArchive", text: str, url: str | None, bands: list[int] | None = None
) -> tuple[int | None, list[int]]:
    """The current article this text (captured at ``url``) is a newer version of, or None; and the
    text's LSH bands. For callers knowing only the text and address; ``place`` decides with all the
    metadata, and also finds older captures and copies."""
    placement = place(archive, ArticleDraft("", text, OffsetMap(), "", "", url=url), bands)
    return placement.version_of, placement.bands


def record_placement(archive: "IndexedArchive", article_id: int, placement: Placement) -> None:
    """Inside the transaction that inserted ``article_id`` (with ``version_of=placement.version_of``):
    put an older capture into its lineage, move annotations onto a new current version, link copies."""
    if placement.older_than is not None:
        lineage.place_before(archive.db, article_id, placement.older_than)
    if placement.version_of is not None:
        reanchoring.move_annotations(archive, placement.version_of, article_id)  # onto the new text
    copies = CopyStore(archive.db)
    for other, status, similarity, reason in placement.links:
        copies.add(article_id, other, status, similarity, reason)


def describe_placement(archive: "IndexedArchive", placement: Placement) -> str | None:
    """The import summary's words for a placement, e.g. "copy of article 1 (Associated Press): same
    story on another site" or "new version of article 3 (same address)"."""
    parts: list[str] = []
    if placement.version_of is not None:
        parts.append(Message("new version of article {article_id} ({reason})", article_id=placement.version_of,
                             reason=placement.version_reason))
    elif placement.older_than is not None:
        current = archive.latest_version(placement.older_than)
        parts.append(Message("earlier version of article {current_id} ({reason}): {why}; article {current_id} "
                             "stays current", current_id=current, reason=placement.version_reason,
                             why=_older_words(archive, placement)))
    copies = [(o, r) for o, s, _, r in placement.links if s == pub.LINKED]
    maybe = [(o, r) for o, s, _, r in placement.links if s == pub.SUGGESTED]
    if copies:
        parts.append(Message("copy of {articles}: {reason}", reason=copies[0][1],
                             articles=joined(", ", [_article_words(archive, o) for o, _ in copies])))
    if maybe:
        parts.append(Message("possibly the same story as {articles} ({reason}); kept apart: accept or reject the "
                             "link with `niger-archive copies ARTICLE --accept/--reject OTHER`", reason=maybe[0][1],
                             articles=joined(", ", [Message("article {article_id}", article_id=o) for o, _ in maybe])))
    return joined("; ", parts) if parts else None


def _article_words(archive: "IndexedArchive", article_id: int) -> Message:
    article = archive.articles.list([article_id])
    if article and article[0].outlet:
        return Message("article {article_id} ({outlet})", article_id=article_id, outlet=article[0].outlet)
    return Message("article {article_id}", article_id=article_id)


# which date places a capture among its versions (core.publications.effective_date's labels)
_WHEN = {"updated": N_("updated {moment}"), "published": N_("published {moment}"),
         "captured": N_("captured {moment}"), "imported": N_("imported {moment}")}
_WHEN_UNKNOWN = {"updated": N_("updated at an unknown time"), "published": N_("published at an unknown time"),
                 "captured": N_("captured at an unknown time"), "imported": N_("imported at an unknown time")}


def _when(capture: pub.Capture) -> Message:
    label, moment = pub.effective_date(capture)
    if moment is None:
        return Message(_WHEN_UNKNOWN[label])
    return Message(_WHEN[label], moment=moment.strftime("%Y-%m-%d %H:%M"))


def _older_words(archive: "IndexedArchive", placement: Placement) -> Message:
    newer = archive.articles.list([placement.older_than])[0]
    if not placement.capture:
        return Message("it is older (its date) than article {newer_id} ({theirs})", newer_id=newer.id,
                       theirs=_when(capture_of(newer)))
    return Message("it is older ({mine}) than article {newer_id} ({theirs})", mine=_when(placement.capture),
                   newer_id=newer.id, theirs=_when(capture_of(newer)))


def _failed(archive: "IndexedArchive", path: Path, reason: str) -> ImportOutcome:
    """Report a file as failed. Logging it can fail too (a full disk): that must not stop the batch."""
    try:
        with archive.writing():
            archive.articles.log_import(str(path), "failed", None, reason)
    except Exception as exc:  # noqa: BLE001 (the outcome is still reported to the caller)
        log.warning("could not log the failed import of %s: %s", shown(str(path)), exc)
    return ImportOutcome(str(path), "failed", reason=reason)


def _duplicate(archive: "IndexedArchive", path: Path, existing: int) -> ImportOutcome:
    with archive.writing():
        archive.articles.log_import(str(path), "duplicate", existing, None)
    return ImportOutcome(str(path), "duplicate", existing, "identical to an article already in the archive")


def _store(archive: "IndexedArchive", path: Path, data: bytes, digest: str, prepared: Prepared,
           written: Future | None = None) -> ImportOutcome:
    """Store one parsed file: the original (durably) first, then its rows in one transaction.

    ``written`` is the original's write already under way on the writer thread (large imports).
    """
    existing = archive.articles.by_sha256(digest)  # an identical file earlier in this same import
    if existing is not None:
        return _duplicate(archive, path, existing)
    draft = prepared.draft
    placement = place(archive, draft, prepared.bands, str(path))
    if written is not None:
        written.result()  # written and fsynced before any row refers to it
    else:
        archive.originals.put(data, digest)
    try:
        return _insert(archive, path, data, digest, prepared, placement)
    except BaseException:  # a failed file or Ctrl-C: the original no row refers to goes again
        _drop_original(archive, digest)
        raise


def _drop_original(archive: "IndexedArchive", digest: str) -> None:
    try:
        if archive.articles.by_sha256(digest) is None:
            archive.originals.remove(digest)
    except Exception as exc:  # noqa: BLE001 (check lists what is left, check --repair removes it)
        log.warning("could not remove an unused original %s: %s", digest, exc)


def _insert(archive: "IndexedArchive", path: Path | str, data: bytes, digest: str, prepared: Prepared,
            placement, source_name: str | None = None) -> ImportOutcome:
    draft = prepared.draft
    with archive.writing():
        article_id = archive.articles.insert(
            draft,
            sha256=digest,
            size_bytes=len(data),
            source_path=str(path),
            source_name=source_name or Path(path).name,
            version_of=placement.version_of,
            offsets_column=prepared.offsets_column,
            text_column=prepared.text_column,
        )
        archive.articles.set_bands(article_id, placement.bands)
        record_placement(archive, article_id, placement)
        is_version = placement.version_of is not None or placement.older_than is not None
        status = "version" if is_version else "imported"
        reason = describe_placement(archive, placement)
        archive.articles.log_import(str(path), status, article_id, reason)
    return ImportOutcome(
        str(path), status, article_id, reason, version_of=placement.version_of,
        superseded_by=placement.older_than,
        copy_of=tuple(o for o, s, _, _ in placement.links if s == pub.LINKED),
        suggested=tuple(o for o, s, _, _ in placement.links if s == pub.SUGGESTED),
    )


def _guarded(archive: "IndexedArchive", path: Path, step) -> ImportOutcome:
    """Run one file's step; a bad file (or a bug) becomes a failed outcome, never an exception."""
    try:
        return step()
    except NigerArchiveError as exc:
        return _failed(archive, path, message_of(exc))
    except Exception as exc:  # a bug must not abort a batch; the file is reported as failed
        return _failed(archive, path, Message("unexpected error: {error}", error=f"{type(exc).__name__}: {exc}"))


def import_one(archive: "IndexedArchive", path: Path, max_bytes: int) -> ImportOutcome:
    """Import one file in one transaction; never raises for a bad file."""

    def step() -> ImportOutcome:
        data = _read(path, max_bytes)
        digest = sha256_of(data)
        existing = archive.articles.by_sha256(digest)
        if existing is not None:
            return _duplicate(archive, path, existing)
        return _store(archive, path, data, digest, prepare(data, path.name))

    return _guarded(archive, path, step)


def import_web_archive(archive: "IndexedArchive", path: Path, max_bytes: int) -> Iterator[str | ImportOutcome]:
    """Import every article page of one web archive (WARC, WARC.gz, WACZ), streamed record by record.

    Each page is imported like a file of its own, in its own transaction: its original is the page's
    bytes, its address the capture address, and it is a duplicate, a version or a copy by the same
    rules. Yields a progress message now and then and an ImportOutcome per page (labelled
    ``archive#address``); then, when records were passed over, one "skipped" outcome for the archive
    counting them by reason; a damaged or cut-short archive ends with a "failed" outcome (the pages
    read before the damage stay). ``max_bytes`` limits each page, not the archive.
    """
    from collections import Counter

    from ..importers import warc

    skipped: Counter[str] = Counter()
    pages = records = 0
    failure: str | None = None
    try:
        with open(path, "rb") as stream:
            for item in warc.records(stream, path.name, max_bytes=max_bytes):
                records += 1
                if isinstance(item, warc.Skip):
                    skipped[item.reason] += 1
                    if records % 200 == 0:
                        yield f"{path.name}: {records:,} records read, {pages:,} pages"
                    continue
                pages += 1
                yield f"{path.name}: {records:,} records read, page {pages:,}: {item.target_uri}"
                outcome = _guarded(archive, f"{path}#{item.target_uri}",
                                   lambda page=item: _store_page(archive, path, page))
                if isinstance(outcome, warc.Skip):
                    skipped[outcome.reason] += 1
                    continue
                yield outcome
    except ImportRejected as exc:
        failure = exc.message
    except OSError as exc:
        failure = Message("cannot read the file: {error}", error=str(exc.strerror or exc))
    except Exception as exc:  # a reader library failing on a hostile file must not stop the batch
        failure = Message("could not read the web archive after {n} records ({detail})", n=records,
                          detail=f"{type(exc).__name__}: {str(exc)[:160]}")
    if skipped:
        total = sum(skipped.values())
        reasons = joined(", ", [Message("{n} {reason}", n=n, reason=reason)
                                for reason, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))])
        reason = Message("{total} of {records} records not imported: {reasons}", total=total, records=records,
                         reasons=reasons)
        with archive.writing():
            archive.articles.log_import(str(path), "skipped", None, reason)
        yield ImportOutcome(str(path), "skipped", reason=reason)
    if failure is None and pages == 0 and not skipped:
        failure = N_("the web archive holds no pages")
    if failure is not None:
        yield _failed(archive, path, failure)


def _store_page(archive: "IndexedArchive", path: Path, page) -> ImportOutcome:
    """Store one page of a web archive (``importers.warc.WebPage``) as an article of its own; a page
    the HTML importer finds no article in is a ``warc.Skip``, counted with the other records passed over."""
    from ..importers import warc

    label = f"{path}#{page.target_uri}"
    digest = sha256_of(page.payload)
    existing = archive.articles.by_sha256(digest)
    if existing is not None:
        return _duplicate(archive, label, existing)
    try:
        prepared = prepared_from(warc.parse_page(page, path.name))
    except ImportRejected as exc:
        return warc.Skip(Message("page with no article ({reason})", reason=exc.message))  # type: ignore[return-value]
    placement = place(archive, prepared.draft, prepared.bands, label)
    archive.originals.put(page.payload, digest)
    try:
        outcome = _insert(archive, label, page.payload, digest, prepared, placement, source_name=path.name)
    except BaseException:
        _drop_original(archive, digest)
        raise
    captured = f"captured {page.captured}" if page.captured else "capture time not recorded"
    return replace(outcome, reason=f"{captured}; {outcome.reason}" if outcome.reason else captured)


@dataclass
class _Pending:
    """A file read and handed to a worker (or refused before that: ``error``)."""

    path: Path
    data: bytes = b""
    digest: str = ""
    existing: int | None = None
    error: str | None = None
    worker: Worker | None = None
    written: Future | None = None  # the original, being written (and fsynced) on the writer thread


def _pending(archive: "IndexedArchive", path: Path, max_bytes: int, pool: ParsePool, writer: ThreadPoolExecutor) -> _Pending:
    try:
        data = _read(path, max_bytes)
    except ImportRejected as exc:
        return _Pending(path, error=exc.message)
    digest = sha256_of(data)
    existing = archive.articles.by_sha256(digest)
    if existing is not None:
        return _Pending(path, data, digest, existing=existing)
    # The original is written while the file is parsed: its two fsyncs no longer hold up the store.
    written = writer.submit(archive.originals.put, data, digest)
    return _Pending(path, data, digest, worker=pool.submit(data, path.name), written=written)


def _finish(archive: "IndexedArchive", item: _Pending, pool: ParsePool) -> ImportOutcome:
    if item.error is not None:
        return _failed(archive, item.path, item.error)
    if item.existing is not None:
        return _guarded(archive, item.path, lambda: _duplicate(archive, item.path, item.existing))
    try:
        outcome = _guarded(archive, item.path, lambda: _store(
            archive, item.path, item.data, item.digest, pool.result(item.worker, item.data, item.path.name),
            item.written))
    except BaseException:  # Ctrl-C while this file was stored: its unused original goes too
        _drop_unused_original(archive, item)
        raise
    if outcome.status == "failed":
        _drop_unused_original(archive, item)
    return outcome


def _drop_unused_original(archive: "IndexedArchive", item: _Pending) -> None:
    """Remove an original written ahead for a file that was not stored after all (failed, cancelled)."""
    if item.written is None:
        return
    if not item.written.cancel():
        try:
            item.written.result()
        except Exception:  # noqa: BLE001 (a failed write left nothing to remove)
            return
        if archive.articles.by_sha256(item.digest) is None:
            archive.originals.remove(item.digest)


def _outcomes(archive: "IndexedArchive", files: list[Path], limit: int) -> Iterator[tuple[Path, ImportOutcome]]:
    """(file, outcome) in file order; parsing runs ahead in worker processes for large imports."""
    if len(files) < POOL_MIN_FILES or (os.cpu_count() or 1) < 2:
        for path in files:
            yield path, import_one(archive, path, limit)
        return
    pool = ParsePool(PARSE_WORKERS)
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="originals-writer")  # one: puts never race
    queue: deque[_Pending] = deque()
    try:
        for path in files:
            queue.append(_pending(archive, path, limit, pool, writer))
            if len(queue) >= pool.ahead:
                item = queue.popleft()
                yield item.path, _finish(archive, item, pool)
        while queue:
            item = queue.popleft()
            yield item.path, _finish(archive, item, pool)
    finally:
        for item in queue:  # cancelled: originals written ahead for files not stored go again
            _drop_unused_original(archive, item)
        writer.shutdown(wait=True)
        pool.close()


def import_paths(
    archive: "IndexedArchive", paths: Iterable[str | os.PathLike[str]], *, max_bytes: int | None = None
) -> Iterator[Progress | ImportOutcome]:
    """Import files and folders, yielding Progress before each file and the ImportOutcome after it.

    Closing the generator cancels: files already imported stay, and the index is brought up to date.
    """
    limit = max_bytes or archive.max_file_bytes
    plan = collect_files(paths)
    total = len(plan.files) + len(plan.rejected)
    done = 0
    for outcome in plan.rejected:
        done += 1
        yield outcome
    pending: list[int] = []
    superseded: list[int] = []
    outcomes = _outcomes(archive, [p for p in plan.files if not is_web_archive(p.name)], limit)
    # A large import indexes through one bulk session: one writer, in a process of its own (so
    # storing and indexing use both cores), a new segment every BULK_COMMIT_DOCS documents and at
    # the end, instead of a writer and a segment per batch.
    bulky = len(plan.files) >= INDEX_BATCH
    indexer = _Indexer(archive, bulk=bulky, process=bulky and (os.cpu_count() or 1) > 1)
    try:
        for path in plan.files:
            yield Progress(done, total, str(path))
            if is_web_archive(path.name):  # many pages in one file, streamed
                for event in import_web_archive(archive, path, limit):
                    if isinstance(event, str):
                        yield Progress(done, total, event)
                        continue
                    if event.status in ("imported", "version") and event.article_id is not None \
                            and event.superseded_by is None:
                        pending.append(event.article_id)
                        if event.version_of is not None:
                            superseded.append(event.version_of)
                    if len(pending) >= INDEX_BATCH:
                        indexer.index(pending, superseded, left=total - done)
                        pending, superseded = [], []
                    yield event
                done += 1
                continue
            _, outcome = next(outcomes)
            done += 1
            if (outcome.status in ("imported", "version") and outcome.article_id is not None
                    and outcome.superseded_by is None):  # an older capture placed behind the current one: not indexed
                pending.append(outcome.article_id)
                if outcome.version_of is not None:
                    superseded.append(outcome.version_of)
            if len(pending) >= INDEX_BATCH:
                indexer.index(pending, superseded, left=total - done)
                pending, superseded = [], []
            yield outcome
        indexer.index(pending, superseded)
        pending, superseded = [], []
        yield Progress(done, total, "saving the search index")
    finally:
        outcomes.close()
        indexer.index(pending, superseded)
        indexer.finish()
    yield Progress(done, total, "done")


class _Indexer:
    """Indexes the articles an import stores, batch by batch, through a bulk session for large imports.

    Articles they replace (new versions) leave the index, and one replaced within the same batch
    is never added. If the index cannot be written (a writer process that stopped, a full disk),
    the import goes on storing files and the index is caught up from the store at the end
    (``Archive.repair_index``); what still fails then is reported as the archive's open notes and
    mended by ``check --repair``.

    The last commit of a bulk session is the one thing nothing overlaps: storing is over and the
    writer works alone (23 s of an 81-s import of 10k articles, measured). So near the end, once the
    files left number a ``LAST_SEGMENT_SHARE``-th of the articles sent since the last commit, the
    writer is asked to commit them then, while the last files are stored; the final segment is then
    small. The few small segments this leaves are merged when the app is idle (``tidy_index``).
    """

    def __init__(self, archive: "IndexedArchive", *, bulk: bool, process: bool) -> None:
        self.archive = archive
        self.failed = False
        self._since_commit = 0  # articles sent since the session's last commit (as far as is known here)
        from ..search.index import BULK_COMMIT_DOCS

        self._segment = BULK_COMMIT_DOCS  # the session commits on its own after this many
        self._session = archive.index.bulk(process=process) if bulk else None
        if self._session is not None:
            try:
                self._session.__enter__()
            except NigerArchiveError as exc:
                log.warning("bulk indexing unavailable (%s); indexing batch by batch", exc)
                self._session = None

    def index(self, pending: list[int], superseded: list[int], left: int | None = None) -> None:
        """Index ``pending`` and take ``superseded`` out; ``left``: how many files the import has
        still to go (None at the end)."""
        if not (pending or superseded) or self.failed:
            return
        gone = set(superseded)
        try:
            self.archive.index_articles([i for i in pending if i not in gone], remove=superseded)
            if self._session is not None:
                self._since_commit = (self._since_commit + len(pending)) % self._segment
                if left and self._since_commit >= max(LAST_SEGMENT_MIN, LAST_SEGMENT_SHARE * left):
                    self.archive.index.checkpoint()
                    self._since_commit = 0
        except NigerArchiveError as exc:
            log.warning("the search index could not be written during the import (%s); catching up after it", exc)
            self.failed = True

    def finish(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            try:
                session.__exit__(None, None, None)
            except NigerArchiveError as exc:
                log.warning("the search index could not be saved after the import (%s); catching up", exc)
                self.failed = True
        if self.failed:
            self.archive.repair_index(full=True)
