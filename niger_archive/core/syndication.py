"""Owns syndication groups: which articles are one story (copies linked by ``article_copies``),
the group's earliest member, the news agency its text names, and counting independent sources.

A **group** is a set of articles joined by links that hold (``linked`` by the import or ``accepted``
by the user). A ``rejected`` link is a promise that the two articles are *not* one story: links are
merged strongest first (the user's ``accepted``, then the import's ``linked`` by similarity) and a
merge that would put a rejected pair in one group is skipped, so a user's split holds even when a
later import links a new copy to both sides. An article with no holding link is a group of its own:
an independent source.

Pure computation: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .messages import Message, joined
from .publications import ACCEPTED, LINKED, REJECTED, CopyLink

# Agencies and how a text credits them: a dateline "(AP) —", a credit line "— Xinhua", "Copyright ...
# The Associated Press". Only the opening and the closing of a text are read: an agency named in the
# middle of a story ("Reuters reported") is a source quoted, not the origin of the text.
AGENCIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("AP", (r"\(AP\)", r"\bAssociated Press\b", r"^\s*AP\s*[—–-]")),
    ("AFP", (r"\(AFP\)", r"\bAFP\b", r"\bAgence France[- ]Presse\b")),
    ("Reuters", (r"\(Reuters\)", r"\bReuters\b", r"\bThomson Reuters\b")),
    ("Xinhua", (r"\(Xinhua\)", r"[—–-]\s*Xinhua\b", r"\bXinhua\b")),
    ("dpa", (r"\(dpa\)", r"\bDeutsche Presse-Agentur\b")),
    ("ANP", (r"\(ANP\)", r"\bAgence Nigérienne de Presse\b")),
    ("EFE", (r"\(EFE\)",)),
)
_COMPILED = tuple((name, tuple(re.compile(p, re.MULTILINE) for p in pats)) for name, pats in AGENCIES)
EDGE_CHARS = 400  # how much of the opening and the closing of a text is read for a credit


def agency_in(text: str | None, outlet: str | None = None) -> str | None:
    """The news agency a text credits in its opening or closing lines, else the agency the outlet is
    ("Associated Press" is AP), else None. The earliest credit in the text wins."""
    if text:
        head, tail = text[:EDGE_CHARS], text[-EDGE_CHARS:]
        found: list[tuple[int, int, str]] = []
        for order, (name, patterns) in enumerate(_COMPILED):
            for where, part in ((0, head), (1, tail)):
                hits = [m.start() for p in patterns for m in p.finditer(part)]
                if hits:
                    found.append((where * len(text) + min(hits), order, name))
        if found:
            return min(found)[2]
    if outlet:
        return agency_in(outlet) if outlet.strip() else None
    return None


@dataclass(frozen=True)
class Member:
    """What grouping needs to know of one article (its current version)."""

    article_id: int
    outlet: str | None
    moment: str  # sortable first-publication moment (ISO, UTC); "" when unknown
    agency: str | None = None


@dataclass
class Group:
    """Articles carrying one story; ``group`` is the id of its earliest member."""

    group: int
    articles: list[int]
    earliest: int
    agency: str | None
    outlets: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "articles": self.articles, "earliest": self.earliest,
                "agency": self.agency, "outlets": self.outlets}

    def origin(self) -> str:
        """How a summary names the story: its agency, else "<outlet>'s story"."""
        if self.agency:
            return self.agency
        if self.outlets:
            return Message("{outlet}'s story", outlet=self.outlets[0])
        return Message("article {id}'s story", id=self.earliest)


def _strength(link: CopyLink) -> tuple[int, float, int, int]:
    return (0 if link.status == ACCEPTED else 1, -link.similarity, link.copy_of, link.article_id)


def _same(article_id: int) -> int:
    return article_id


def groups(members: Iterable[Member], links: Iterable[CopyLink],
           head: Callable[[int], int] = _same) -> list[Group]:
    """The syndication groups of ``members`` under ``links`` (see the module's doc). ``head`` maps a
    link's end to the member it belongs to (its current version); links to others are ignored.
    Groups come ordered by their earliest member's moment, then id."""
    by_id = {m.article_id: m for m in members}
    parent = {i: i for i in by_id}
    apart: dict[int, set[int]] = {i: set() for i in by_id}  # root -> roots it must not join
    held: list[tuple[CopyLink, int, int]] = []

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for link in links:
        a, b = head(link.article_id), head(link.copy_of)
        if a == b or a not in by_id or b not in by_id:
            continue
        if link.status == REJECTED:
            apart[a].add(b)
            apart[b].add(a)
        elif link.status in (LINKED, ACCEPTED):
            held.append((link, a, b))
    for _link, a, b in sorted(held, key=lambda t: _strength(t[0])):
        ra, rb = find(a), find(b)
        if ra == rb or rb in apart[ra]:
            continue
        parent[rb] = ra
        moved = apart.pop(rb)
        apart[ra] |= moved
        for other in moved:
            apart[other].discard(rb)
            apart[other].add(ra)
    parts: dict[int, list[int]] = {}
    for i in by_id:
        parts.setdefault(find(i), []).append(i)
    out = []
    for ids in parts.values():
        ordered = sorted(ids, key=lambda i: (by_id[i].moment == "", by_id[i].moment, i))
        agencies = [by_id[i].agency for i in ordered if by_id[i].agency]
        agency = max(dict.fromkeys(agencies), key=agencies.count) if agencies else None
        outlets = list(dict.fromkeys(o for o in (by_id[i].outlet for i in ordered) if o))
        out.append(Group(ordered[0], sorted(ids), ordered[0], agency, outlets))
    return sorted(out, key=lambda g: (by_id[g.earliest].moment == "", by_id[g.earliest].moment, g.group))


def source_summary(outlets: int, independent: list[Group], carried: dict[int, int]) -> str:
    """ "4 outlets, 3 independent sources (AP carried by 2)": ``carried`` is, per group, how many of
    the outlets counted carry it; groups carried by one outlet are not named."""
    shared = [Message("{origin} carried by {n}", origin=g.origin(), n=carried[g.group])
              for g in independent if carried.get(g.group, 0) > 1]
    counts = Message("{outlets}, {sources}", outlets=Message.counted(outlets, "{n} outlet", "{n} outlets"),
                     sources=Message.counted(len(independent), "{n} independent source", "{n} independent sources"))
    return Message("{counts} ({shared})", counts=counts, shared=joined("; ", shared)) if shared else counts
