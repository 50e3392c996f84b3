"""Owns copies of one story as the user sees them: an article's copies and suggested copies, the
words the library and ``show`` use for them, and accepting or rejecting a link (undoable edits).

Links are stored between the articles that were current when they were made (``store/copies.py``);
they belong to whole lineages, so an article's links are those of every version of it, shown by
the other side's current version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core import publications as pub
from ..core.edits import Edit, RowChange
from ..core.errors import InvalidEdit, NotFound
from ..core.messages import Message
from ..store import lineage
from ..store.articles import now_iso
from ..store.copies import CopyStore
from ..store.rows import SqliteRows

if TYPE_CHECKING:
    from .archive import Archive


@dataclass(frozen=True)
class CopyView:
    """Another article carrying the same story as the one asked about."""

    article_id: int  # its current version
    title: str | None
    outlet: str | None
    published: str | None
    status: str  # linked | suggested | accepted | rejected
    similarity: float
    reason: str
    earlier: bool  # archived before the article asked about (it is "a copy of" this one)

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "title": self.title, "outlet": self.outlet,
                "published": self.published, "status": self.status, "similarity": self.similarity,
                "reason": self.reason, "earlier": self.earlier}


def _links_of(archive: "Archive", article_id: int) -> list[tuple[pub.CopyLink, int, bool]]:
    """(link, the other end's current version, whether that end is the one copied) for the lineage."""
    if not archive.articles.exists(article_id):
        raise NotFound(Message("no article with id {article_id}", article_id=article_id))
    members = set(lineage.lineage(archive.db, article_id))
    out = []
    for link in CopyStore(archive.db).of(sorted(members)):
        mine = link.article_id if link.article_id in members else link.copy_of
        other = link.other(mine)
        if other in members:
            continue
        out.append((link, archive.latest_version(other), other == link.copy_of))
    return out


def copies_of(archive: "Archive", article_id: int, *, rejected: bool = False) -> list[CopyView]:
    """The articles carrying the same story as ``article_id`` (its whole lineage): linked, accepted
    and suggested ones; rejected ones too with ``rejected``."""
    found, seen = [], set()
    for link, other, earlier in _links_of(archive, article_id):
        if (rejected or link.status != pub.REJECTED) and other not in seen:
            seen.add(other)
            found.append((link, other, earlier))
    articles = {a.id: a for a in archive.articles.list(sorted({o for _, o, _ in found}))}
    views = [CopyView(other, articles[other].title, articles[other].outlet, articles[other].published,
                      link.status, link.similarity, link.reason, earlier)
             for link, other, earlier in found if other in articles]
    return sorted(views, key=lambda v: (v.status == pub.SUGGESTED, v.article_id))


def copy_words(views: list[CopyView]) -> str:
    """A short line for the library and ``show``: "copy of 1; copied by 3; possible copy of 5?"."""
    held = [v for v in views if v.status in (pub.LINKED, pub.ACCEPTED)]
    parts = []
    of = [str(v.article_id) for v in held if v.earlier]
    by = [str(v.article_id) for v in held if not v.earlier]
    maybe = [str(v.article_id) for v in views if v.status == pub.SUGGESTED]
    if of:
        parts.append("copy of " + ", ".join(of))
    if by:
        parts.append("copied by " + ", ".join(by))
    if maybe:
        parts.append("possible copy of " + ", ".join(maybe) + "?")
    return "; ".join(parts)


def copy_marks(archive: "Archive", ids: list[int]) -> dict[int, str]:
    """``copy_words`` for every article of ``ids`` that has links (one query for all links)."""
    wanted = set(ids)
    links = CopyStore(archive.db).all()
    if not links:
        return {}
    head = archive.latest_versions({link.article_id for link in links} | {link.copy_of for link in links}).__getitem__

    views: dict[int, list[CopyView]] = {}
    for link in links:
        if link.status == pub.REJECTED:
            continue
        a, b = head(link.article_id), head(link.copy_of)
        if a == b:
            continue
        for mine, other, earlier in ((a, b, True), (b, a, False)):
            if mine in wanted:
                views.setdefault(mine, []).append(
                    CopyView(other, None, None, None, link.status, link.similarity, link.reason, earlier))
    return {i: copy_words(v) for i, v in views.items()}


def decide_link(archive: "Archive", article_id: int, other: int, accept: bool) -> Edit:
    """The edit accepting (``accept``) or rejecting the link between two articles' lineages as copies
    of one story. A suggested link takes the user's decision; without any link, one is made."""
    if not archive.articles.exists(other):
        raise NotFound(Message("no article with id {article_id}", article_id=other))
    theirs = set(lineage.lineage(archive.db, other))
    if archive.latest_version(article_id) == archive.latest_version(other):
        raise InvalidEdit(Message("articles {first_id} and {second_id} are versions of one article, not copies",
                                  first_id=article_id, second_id=other))
    found = [link for link, o, _ in _links_of(archive, article_id) if o in theirs or archive.latest_version(o) in theirs]
    status = pub.ACCEPTED if accept else pub.REJECTED
    verb = "Accept" if accept else "Reject"
    if found:
        link = found[0]
        key = (link.article_id, link.copy_of)
        before = SqliteRows(archive.db).get_row("article_copies", key)
        after = dict(before, status=status)
    else:
        a, b = max(article_id, other), min(article_id, other)
        key, before = (a, b), None
        similarity = _similarity(archive, a, b)
        after = {"article_id": a, "copy_of": b, "status": status, "similarity": similarity,
                 "reason": "decided by the user", "created_at": now_iso()}
    edit = Edit(f"{verb} copy link {key[0]}–{key[1]}", [RowChange("article_copies", key, before, after)],
                "article.copy", f"{key[0]}-{key[1]}", tuple(sorted(key)))
    return edit


def _similarity(archive: "Archive", a: int, b: int) -> float:
    from ..core import shingles as sh

    texts = archive.articles.texts([a, b])
    return round(sh.jaccard(sh.shingles(texts.get(a, "")), sh.shingles(texts.get(b, ""))), 4)
