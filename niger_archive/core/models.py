"""Owns the plain data objects passed between layers: article drafts, articles, progress, changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .filenames import shown
from .offsets import OffsetMap

# Metadata fields a user may correct; a correction is never overwritten by a re-import.
METADATA_FIELDS: tuple[str, ...] = (
    "title",
    "url",
    "outlet",
    "author",
    "published",
    "updated",
    "dateline",
    "keywords",
    "language",
)


@dataclass
class ArticleDraft:
    """What an importer makes of one file: clean text, its offset map to the raw text, metadata.

    ``raw_text`` is the decoded original with newlines normalised to ``\\n``; ``offsets`` maps
    every clean-text offset to a raw-text offset. Dates are ISO 8601 strings (with offset when
    the source gave one), or None.
    """

    raw_text: str
    text: str
    offsets: OffsetMap
    source_format: str  # "txt" | "html" | "md"
    encoding: str
    title: str | None = None
    title_derived: bool = False
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    updated: str | None = None
    dateline: str | None = None
    keywords: list[str] = field(default_factory=list)
    language: str | None = None
    notes: list[str] = field(default_factory=list)  # what the clean-up did, for the import report
    captured: str | None = None  # when a web archive captured the page (its WARC-Date, ISO 8601 UTC)

    def metadata(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in METADATA_FIELDS}
        data["title_derived"] = self.title_derived
        return data


@dataclass
class Article:
    """A stored article as the services hand it out (metadata with user corrections applied)."""

    id: int
    sha256: str
    title: str | None
    title_derived: bool
    url: str | None
    outlet: str | None
    author: str | None
    published: str | None
    updated: str | None
    dateline: str | None
    keywords: list[str]
    language: str | None
    text: str
    source_path: str | None = None
    source_format: str | None = None
    encoding: str | None = None
    imported_at: str | None = None
    version_of: int | None = None
    corrected: list[str] = field(default_factory=list)
    captured: str | None = None  # when a web archive captured the page (None for files saved otherwise)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "author": self.author,
            "url": self.url,
            "published": self.published,
            "updated": self.updated,
            "dateline": self.dateline,
            "keywords": list(self.keywords),
            "language": self.language,
            "title_derived": self.title_derived,
            "text": self.text,
        }


@dataclass(frozen=True)
class Progress:
    """One step of long work: ``done`` of ``total`` units, with a message (e.g. the current file)."""

    done: int
    total: int
    message: str = ""


@dataclass
class ImportOutcome:
    """What happened to one imported file."""

    path: str
    # "imported" | "duplicate" | "version" | "failed" | "skipped" (a folder's file of another type, or the
    # records of a web archive passed over)
    status: str
    article_id: int | None = None
    reason: str | None = None
    version_of: int | None = None  # for status "version": the earlier article it replaces
    superseded_by: int | None = None  # for status "version": an older capture placed before this current one
    copy_of: tuple[int, ...] = ()  # articles carrying the same story (linked, each kept)
    suggested: tuple[int, ...] = ()  # articles possibly carrying the same story (the user decides)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": shown(self.path),
            "status": self.status,
            "article_id": self.article_id,
            "reason": self.reason,
            "version_of": self.version_of,
            "superseded_by": self.superseded_by,
            "copy_of": list(self.copy_of),
            "suggested": list(self.suggested),
        }

    @property
    def change(self) -> "Change":
        """What the import changed: the article it stored (a new version moves the earlier one's work)."""
        return Change(articles={self.article_id}) if self.article_id else Change()


@dataclass
class Change:
    """What a mutation changed, by kind, so that views refresh precisely."""

    articles: set[int] = field(default_factory=set)
    annotations: set[str] = field(default_factory=set)
    claims: set[str] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)
    clusters: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    # too wide to list (a bundle merge touches rows of every kind, in any article): every view re-reads
    everything: bool = False

    def merge(self, other: "Change") -> "Change":
        for name in ("articles", "annotations", "claims", "entities", "clusters", "tags"):
            getattr(self, name).update(getattr(other, name))
        self.everything = self.everything or other.everything
        return self

    def is_empty(self) -> bool:
        return not self.everything and not any(
            (self.articles, self.annotations, self.claims, self.entities, self.clusters, self.tags)
        )
