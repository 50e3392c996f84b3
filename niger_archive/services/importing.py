"""Owns the import pipeline: files and folders -> originals, article rows, versions, the search index."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from ..core import shingles as sh
from ..core.errors import ImportRejected, NigerArchiveError
from ..core.models import ImportOutcome, Progress
from ..importers import SUPPORTED_SUFFIXES, parse_file
from ..store.originals import sha256_of

if TYPE_CHECKING:
    from .archive import Archive

DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024
INDEX_BATCH = 200  # articles per index writer commit during bulk imports


@dataclass
class ImportPlan:
    files: list[Path]
    rejected: list[ImportOutcome]


def collect_files(paths: Iterable[str | os.PathLike[str]]) -> ImportPlan:
    """Expand folders recursively (supported suffixes only, hidden entries skipped), keep order stable."""
    files: list[Path] = []
    rejected: list[ImportOutcome] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = []
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in filenames:
                    if name.startswith("."):
                        continue
                    candidate = Path(dirpath) / name
                    if candidate.suffix.lower() in SUPPORTED_SUFFIXES:
                        found.append(candidate)
            for candidate in sorted(found):
                if candidate not in seen:
                    seen.add(candidate)
                    files.append(candidate)
        elif path.exists() or path.is_symlink():
            if path not in seen:
                seen.add(path)
                files.append(path)
        else:
            rejected.append(ImportOutcome(str(path), "failed", reason="no such file or folder"))
    return ImportPlan(files, rejected)


def _read(path: Path, max_bytes: int) -> bytes:
    try:
        if not path.is_file():
            raise ImportRejected("not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportRejected(
                f"file is {size / 1_048_576:.1f} MB, larger than the import limit of "
                f"{max_bytes / 1_048_576:.1f} MB"
            )
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise ImportRejected(f"cannot read the file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise ImportRejected(f"file is larger than the import limit of {max_bytes / 1_048_576:.1f} MB")
    return data


def find_earlier_version(archive: "Archive", text: str, url: str | None) -> tuple[int | None, list[int]]:
    """The current article this text is a changed re-scrape of (or None), and the text's LSH bands."""
    shingle_set = sh.shingles(text)
    bands = sh.bands(shingle_set)
    candidates = archive.articles.band_candidates(bands)
    if url:
        candidates += [i for i in archive.articles.by_url(url) if i not in candidates]
    best, best_score = None, 0.0
    for candidate in candidates:
        other = archive.articles.text(candidate)
        if other is None:
            continue
        score = sh.jaccard(shingle_set, sh.shingles(other))
        if score > best_score:
            best, best_score = candidate, score
    if best is None or best_score < sh.VERSION_THRESHOLD:
        return None, bands
    return archive.latest_version(best), bands


def import_one(archive: "Archive", path: Path, max_bytes: int) -> ImportOutcome:
    """Import one file in one transaction; never raises for a bad file."""
    try:
        data = _read(path, max_bytes)
        digest = sha256_of(data)
        existing = archive.articles.by_sha256(digest)
        if existing is not None:
            with archive.writing():
                archive.articles.log_import(str(path), "duplicate", existing, None)
            return ImportOutcome(str(path), "duplicate", existing, "identical to an article already in the archive")
        draft = parse_file(data, path.name)
        earlier, bands = find_earlier_version(archive, draft.text, draft.url)
        archive.originals.put(data, digest)
        with archive.writing():
            article_id = archive.articles.insert(
                draft,
                sha256=digest,
                size_bytes=len(data),
                source_path=str(path),
                source_name=path.name,
                version_of=earlier,
            )
            archive.articles.set_bands(article_id, bands)
            status = "version" if earlier is not None else "imported"
            if earlier is not None:
                archive.on_new_version(earlier, article_id)
            archive.articles.log_import(str(path), status, article_id, None)
        reason = f"new version of article {earlier}" if earlier is not None else None
        return ImportOutcome(str(path), status, article_id, reason, version_of=earlier)
    except NigerArchiveError as exc:
        outcome = ImportOutcome(str(path), "failed", reason=str(exc))
    except Exception as exc:  # a bug must not abort a batch; the file is reported as failed
        outcome = ImportOutcome(str(path), "failed", reason=f"unexpected error: {type(exc).__name__}: {exc}")
    try:
        with archive.writing():
            archive.articles.log_import(str(path), "failed", None, outcome.reason)
    except NigerArchiveError:
        pass
    return outcome


def import_paths(
    archive: "Archive", paths: Iterable[str | os.PathLike[str]], *, max_bytes: int | None = None
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
    try:
        for path in plan.files:
            yield Progress(done, total, str(path))
            outcome = import_one(archive, path, limit)
            done += 1
            if outcome.status in ("imported", "version") and outcome.article_id is not None:
                pending.append(outcome.article_id)
                if outcome.version_of is not None:
                    superseded.append(outcome.version_of)
            if len(pending) >= INDEX_BATCH:
                archive.index_articles(pending, remove=superseded)
                pending, superseded = [], []
            yield outcome
        yield Progress(done, total, "done")
    finally:
        if pending or superseded:
            archive.index_articles(pending, remove=superseded)
