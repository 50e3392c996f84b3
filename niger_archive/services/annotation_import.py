"""Owns importing annotations made elsewhere — a Hypothesis export — onto the archive's articles.

Each highlight of the export is matched to a current article by address: its ``uri``, its target's
source and its document's links (canonical and other addresses), compared as ``canonical_url`` does
(scheme, ``www.``, tracking parameters, trailing slash ignored). An annotation whose page is not in the
archive by address is looked for by its quote (a phrase search, then anchoring on the best hits). It is
then anchored with the archive's own rule (``reanchoring.placed``: exact, moved, fuzzy, needs review,
orphan); its position from the browser counts UTF-16 code units of the whole page, so it is converted
and used only as a hint. The note, tags, author and dates are kept.

Every annotation placed from one file is ONE undo step. The report says, per annotation: placed, needs
review (a doubtful match, or the quote not found on the matched article: kept as an orphan with its
quote), no matching article, already imported (the same Hypothesis id imported before), or not a
highlight (replies, page notes).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..core.errors import ImportRejected, NigerArchiveError, NotFound
from ..core.messages import N_, Message, joined
from ..core.publications import canonical_url
from ..importers import hypothesis as hx
from .reanchoring import placed

if TYPE_CHECKING:
    from ..core.edits import Edit
    from .archive import Archive
    from .editing import Editor

PLACED = "placed"
NEEDS_REVIEW = "needs review"
NO_ARTICLE = "no matching article"
ALREADY = "already imported"
NOT_HIGHLIGHT = "not a highlight"

_NAMESPACE = uuid.UUID("6f0c5a8e-3b1d-4c55-9a8e-5a1f0b7c2d41")  # Hypothesis id -> stable annotation id
_QUOTE_HITS = 5


@dataclass
class AnnotationResult:
    hypothesis_id: str
    status: str  # PLACED | NEEDS_REVIEW | NO_ARTICLE | ALREADY | NOT_HIGHLIGHT
    article_id: int | None = None
    annotation_id: str | None = None
    quote: str = ""
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"hypothesis_id": self.hypothesis_id, "status": self.status, "article_id": self.article_id,
                "annotation_id": self.annotation_id, "quote": self.quote, "reason": self.reason}


@dataclass
class AnnotationImport:
    """What importing one export does: a result per annotation, and the steps that place them (applied
    as one undo step labelled ``label``)."""

    path: str
    results: list[AnnotationResult] = field(default_factory=list)
    steps: list[Callable[["Editor"], "Edit"]] = field(default_factory=list, repr=False)

    @property
    def label(self) -> str:
        n = len(self.steps)
        return f"Import {n} Hypothesis annotation{'s' if n != 1 else ''} from {Path(self.path).name}"

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def summary(self) -> str:
        parts = [Message("{n} placed", n=self.count(PLACED))]
        for status in (NEEDS_REVIEW, NO_ARTICLE, ALREADY, NOT_HIGHLIGHT):
            if self.count(status):
                parts.append(Message("{n} {status}", n=self.count(status), status=N_(status)))
        return Message("{name}: {parts}", name=Path(self.path).name, parts=joined(", ", parts))

    def to_dict(self) -> dict[str, Any]:
        counts = {s: self.count(s) for s in (PLACED, NEEDS_REVIEW, NO_ARTICLE, ALREADY, NOT_HIGHLIGHT)}
        return {"path": self.path, "counts": counts, "annotations": [r.to_dict() for r in self.results]}


def annotation_id_for(hypothesis_id: str) -> str:
    """The archive's id of an imported Hypothesis annotation (the same on every import of it)."""
    return str(uuid.uuid5(_NAMESPACE, f"hypothesis:{hypothesis_id}"))


def import_annotations(archive: "Archive", path: str | Path) -> AnnotationImport:
    """Place every annotation of the Hypothesis export at ``path``; one undo step. Raises ImportRejected
    for a file that is not an export (nothing is changed then)."""
    plan = plan_annotation_import(archive, path)
    if plan.steps:
        archive.apply_steps(plan.label, plan.steps, kind="annotation.import")
    return plan


def plan_annotation_import(archive: "Archive", path: str | Path) -> AnnotationImport:
    """Where every annotation of the export at ``path`` goes, and the steps placing them (not applied:
    the window applies them through its undo adapter, the CLI through ``import_annotations``)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRejected(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    items = hx.parse_export(data)
    report = AnnotationImport(str(path))
    by_url = _articles_by_address(archive)
    steps = report.steps
    seen: set[str] = set()
    for item in items:
        result = AnnotationResult(item.id, NOT_HIGHLIGHT, quote=_short(item.exact))
        report.results.append(result)
        if item.kind != hx.HIGHLIGHT:
            result.reason = item.problem or f"a {item.kind}, with no passage to place"
            continue
        annotation_id = annotation_id_for(item.id)
        result.annotation_id = annotation_id
        if annotation_id in seen or _exists(archive, annotation_id):
            result.status, result.reason = ALREADY, "imported before (the same Hypothesis annotation)"
            continue
        seen.add(annotation_id)
        article_id, at, how = _place(archive, item, by_url)
        if article_id is None or at is None:
            result.status, result.reason = NO_ARTICLE, how
            continue
        result.article_id = article_id
        if at["anchor_status"] in ("exact", "moved", "fuzzy"):
            result.status, result.reason = PLACED, f"{how}; {at['anchor_status']}"
        else:
            result.status = NEEDS_REVIEW
            result.reason = (f"{how}; the quote was not found in the article (kept as an orphan for review)"
                             if at["anchor_status"] == "orphan" else f"{how}; a doubtful match")
        steps.append(_step(article_id, at, annotation_id, item))
    return report


def _step(article_id: int, at: dict[str, Any], annotation_id: str, item: hx.HypothesisAnnotation):
    tags = [" ".join(t.split())[:100] for t in item.tags]
    author = item.user[len("acct:"):] if item.user.startswith("acct:") else item.user
    return lambda editor: editor.import_annotation(
        article_id, at, annotation_id=annotation_id, note=item.note, tags=[t for t in tags if t],
        author=author, created=item.created, modified=item.updated)


def _exists(archive: "Archive", annotation_id: str) -> bool:
    try:
        archive.annotations.annotation(annotation_id)
    except NotFound:
        return False
    return True


def _articles_by_address(archive: "Archive") -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for article in archive.list_articles():
        key = canonical_url(article.url)
        if key:
            found.setdefault(key, []).append(article.id)
    return found


def _place(archive: "Archive", item: hx.HypothesisAnnotation,
           by_url: dict[str, list[int]]) -> tuple[int | None, dict[str, Any] | None, str]:
    """(article, where the annotation sits on it, how it was matched), or (None, None, why not)."""
    candidates: list[int] = []
    for uri in item.uris:
        for article_id in by_url.get(canonical_url(uri) or "", []):
            if article_id not in candidates:
                candidates.append(article_id)
    if candidates:
        best = _best(archive, item, candidates)
        return best[0], best[1], "matched by address"
    for article_id in _quote_candidates(archive, item.exact):
        at = _at(archive, item, article_id)
        if at is not None and at["anchor_status"] in ("exact", "moved", "fuzzy"):
            return article_id, at, "matched by quote (no article at its address)"
    shown = item.uris[0] if item.uris else "no address"
    return None, None, f"no article at {shown}, nor one holding the quote"


def _best(archive: "Archive", item: hx.HypothesisAnnotation, candidates: list[int]) -> tuple[int, dict[str, Any]]:
    rank = {"exact": 4, "moved": 3, "fuzzy": 2, "needs_review": 1, "orphan": 0}
    best: tuple[int, dict[str, Any]] | None = None
    for article_id in candidates:
        at = _at(archive, item, article_id)
        if at is None:
            continue
        if best is None or (rank[at["anchor_status"]], at["anchor_score"]) > (
                rank[best[1]["anchor_status"]], best[1]["anchor_score"]):
            best = (article_id, at)
    if best is None:  # every candidate vanished meanwhile: kept as an orphan on the first
        best = (candidates[0], {"start": None, "end": None, "exact": item.exact, "prefix": item.prefix,
                                "suffix": item.suffix, "anchor_status": "orphan", "anchor_score": 0.0})
    return best


def _at(archive: "Archive", item: hx.HypothesisAnnotation, article_id: int) -> dict[str, Any] | None:
    text = archive.articles.text(article_id)
    if text is None:
        return None
    start = end = None
    if item.start is not None and item.end is not None:
        start = hx.code_points_from_utf16(text, item.start)
        end = max(start, hx.code_points_from_utf16(text, item.end))
    return placed(text, start, end, item.exact, item.prefix, item.suffix)


def _quote_candidates(archive: "Archive", exact: str) -> list[int]:
    words = [w.strip("\"'“”‘’«»()[]{}:;,.!?") for w in exact.split()]
    words = [w for w in words if w and w.replace("-", "").replace("'", "").isalnum()][:8]
    if len(words) < 3:
        return []
    try:
        hits = archive.search('"' + " ".join(words) + '"', limit=_QUOTE_HITS)
    except NigerArchiveError:
        return []
    return [hit.id for hit in hits]


def _short(quote: str) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= 60 else quote[:59] + "…"
