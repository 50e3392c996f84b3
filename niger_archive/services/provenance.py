"""Owns provenance as the user sees it: syndication groups (which articles are one story, its earliest
member and agency), splitting and joining groups (undoable edits on ``article_copies``), a claim's
figure across the versions of its article, a cluster's timeline of appearances, and what changed
between the versions of an article.

Groups are computed from the copy links (``core.syndication``): nothing about a group is stored but
the links themselves, so a split or a join is a change of link statuses (``rejected``/``accepted``),
which an import never overwrites (``docs/versions.md``) and which travels as the links do.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from ..core import publications as pub
from ..core.anchoring import TextPositionSelector, TextQuoteSelector, anchor
from ..core.claim_compare import analyse
from ..core.edits import Edit, RowChange
from ..core.errors import InvalidEdit, NotFound
from ..core.messages import Message
from ..core.quantities import parse_quantities
from ..core.syndication import Group, Member, agency_in, groups
from ..store import lineage
from ..store.articles import now_iso
from ..store.copies import CopyStore
from ..store.rows import SqliteRows

if TYPE_CHECKING:
    from ..core.models import Article
    from .archive import Archive


def source_label(article, article_id: int | None) -> str:
    """How a comparison or a timeline names a source: its outlet, else its web host, else the article itself."""
    if article is not None and article.outlet:
        return article.outlet
    if article is not None and article.url:
        from urllib.parse import urlsplit

        host = urlsplit(article.url).hostname
        if host:
            return host.removeprefix("www.")
    return Message("article {id} (outlet unknown)", id=article_id)


def first_moment(article: "Article", *, imported: bool = True) -> str:
    """When a publication first appeared, as a sortable UTC ISO string ("" when nothing is known);
    a web archive's capture time counts, and the import time only with ``imported``."""
    for value in (article.published, article.updated, article.captured,
                  article.imported_at if imported else None):
        moment = pub.parse_moment(value)
        if moment is not None:
            return moment.isoformat()
    return ""


def version_moment(article: "Article", *, imported: bool = True) -> str:
    """When a capture's text was current: its updated date, else published, else when a web archive
    captured it, else import time (only with ``imported``)."""
    for value in (article.updated, article.published, article.captured,
                  article.imported_at if imported else None):
        moment = pub.parse_moment(value)
        if moment is not None:
            return moment.isoformat()
    return ""


class _Heads:
    """Current version of any article id, cached for one computation."""

    def __init__(self, archive: "Archive") -> None:
        self.archive = archive
        self.known: dict[int, int] = {}

    def __call__(self, article_id: int) -> int:
        if article_id not in self.known:
            self.known[article_id] = self.archive.latest_version(article_id)
        return self.known[article_id]


def _component(archive: "Archive", ids: list[int], heads: _Heads) -> tuple[set[int], list[pub.CopyLink]]:
    """Every current article reachable from ``ids`` through copy links (of any status), and the links."""
    store = CopyStore(archive.db)
    seen: set[int] = set()
    found: dict[tuple[int, int], pub.CopyLink] = {}
    todo = sorted({heads(i) for i in ids})
    while todo:
        batch = [i for i in todo if i not in seen]
        seen.update(batch)
        members = sorted({m for i in batch for m in lineage.lineage(archive.db, i)})
        todo = []
        for link in store.of(members):
            found[(link.article_id, link.copy_of)] = link
            for end in (link.article_id, link.copy_of):
                if heads(end) not in seen:
                    todo.append(heads(end))
        todo = sorted(set(todo))
    return seen, list(found.values())


def _groups_over(archive: "Archive", ids: set[int], links: list[pub.CopyLink], heads: _Heads) -> list[Group]:
    articles = archive.articles.list(sorted(ids))
    linked = {heads(e) for link in links if link.holds for e in (link.article_id, link.copy_of)}
    texts = archive.articles.texts(sorted(linked & ids))
    members = [Member(a.id, a.outlet, first_moment(a),
                      agency_in(texts.get(a.id), a.outlet) if a.id in linked else agency_in(None, a.outlet))
               for a in articles]
    return groups(members, links, heads)


def groups_of(archive: "Archive", article_ids: list[int]) -> dict[int, Group]:
    """The syndication group of each article of ``article_ids`` (by its current version's id too)."""
    heads = _Heads(archive)
    ids, links = _component(archive, article_ids, heads)
    by_member = {m: g for g in _groups_over(archive, ids, links, heads) for m in g.articles}
    return {i: by_member[heads(i)] for i in article_ids if heads(i) in by_member}


def source_groups(archive: "Archive", article_id: int | None = None) -> list[Group]:
    """The group of ``article_id`` (even a group of one), or every group of two or more articles."""
    heads = _Heads(archive)
    if article_id is not None:
        if not archive.articles.exists(article_id):
            raise NotFound(Message("no article with id {article_id}", article_id=article_id))
        return [groups_of(archive, [article_id])[article_id]]
    links = CopyStore(archive.db).all()
    ids = {heads(e) for link in links for e in (link.article_id, link.copy_of)}
    return [g for g in _groups_over(archive, ids, links, heads) if len(g.articles) > 1]


# --- split and join ---------------------------------------------------------------------------

def _stored_links(archive: "Archive", a: int, b: int) -> list[pub.CopyLink]:
    """Links between the lineages of ``a`` and ``b`` as stored (between the versions of their time)."""
    mine = set(lineage.lineage(archive.db, a))
    theirs = set(lineage.lineage(archive.db, b))
    return [link for link in CopyStore(archive.db).of(sorted(mine))
            if (link.article_id in mine and link.copy_of in theirs) or (link.copy_of in mine and link.article_id in theirs)]


def _set_status(archive: "Archive", link: pub.CopyLink, status: str) -> RowChange:
    key = (link.article_id, link.copy_of)
    before = SqliteRows(archive.db).get_row("article_copies", key)
    if before is None:
        raise NotFound(Message("no link between articles {first_id} and {second_id}", first_id=key[0], second_id=key[1]))
    return RowChange("article_copies", key, before, dict(before, status=status))


def _new_link(archive: "Archive", a: int, b: int, status: str, reason: str) -> RowChange:
    from ..core import shingles as sh

    newer, older = max(a, b), min(a, b)
    texts = archive.articles.texts([newer, older])
    similarity = round(sh.jaccard(sh.shingles(texts.get(newer, "")), sh.shingles(texts.get(older, ""))), 4)
    return RowChange("article_copies", (newer, older), None,
                     {"article_id": newer, "copy_of": older, "status": status, "similarity": similarity,
                      "reason": reason, "created_at": now_iso()})


def split_edit(archive: "Archive", article_id: int) -> Edit:
    """The edit taking an article out of its group: every link to the other members becomes
    ``rejected`` (one is made where there was none), so no later import puts it back."""
    head = archive.latest_version(article_id)
    group = groups_of(archive, [head])[head]
    others = [m for m in group.articles if m != head]
    if not others:
        raise InvalidEdit(Message("article {article_id} is not grouped with any other article", article_id=article_id))
    changes: list[RowChange] = []
    for other in others:
        stored = _stored_links(archive, head, other)
        for link in stored:
            if link.status != pub.REJECTED:
                changes.append(_set_status(archive, link, pub.REJECTED))
        if not stored:
            changes.append(_new_link(archive, head, other, pub.REJECTED, "split by the user"))
    return Edit(f"Take article {head} out of its story group", changes, "article.copy", f"split-{head}",
                tuple(sorted([head, *others])))


def join_edit(archive: "Archive", article_id: int, other: int) -> Edit:
    """The edit joining the groups of two articles into one story: the link between the two is
    ``accepted`` (made if missing) and any rejected link between the two groups accepted too."""
    if not archive.articles.exists(other):
        raise NotFound(Message("no article with id {article_id}", article_id=other))
    a, b = archive.latest_version(article_id), archive.latest_version(other)
    if a == b:
        raise InvalidEdit(Message("articles {first_id} and {second_id} are versions of one article, not copies",
                                  first_id=article_id, second_id=other))
    found = groups_of(archive, [a, b])
    ga, gb = found[a], found[b]
    if ga.group == gb.group:
        raise InvalidEdit(Message("articles {first_id} and {second_id} are already one story (group {group_id})",
                                  first_id=a, second_id=b, group_id=ga.group))
    changes: list[RowChange] = []
    done: set[tuple[int, int]] = set()
    for x in ga.articles:
        for y in gb.articles:
            for link in _stored_links(archive, x, y):
                key = (link.article_id, link.copy_of)
                if key in done:
                    continue
                if link.status == pub.REJECTED or (x, y) == (a, b) and not link.holds:
                    changes.append(_set_status(archive, link, pub.ACCEPTED))
                    done.add(key)
    if not any(link.holds for link in _stored_links(archive, a, b)) and not any(
            c.key in {(lk.article_id, lk.copy_of) for lk in _stored_links(archive, a, b)} for c in changes):
        changes.append(_new_link(archive, a, b, pub.ACCEPTED, "joined by the user"))
    return Edit(f"Join article {b}'s story group with article {a}'s", changes, "article.copy", f"join-{a}-{b}",
                tuple(sorted(set(ga.articles) | set(gb.articles))))


# --- figures across versions, timeline ------------------------------------------------------------

def _figure(text: str) -> dict[str, Any] | None:
    figures = analyse(text).figures
    if not figures:
        return None
    q = figures[0]
    return {"value": q.value, "high": q.high, "unit": q.unit, "qualifier": q.qualifier, "figure": q.describe()}


def _same_figure(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a["value"], a["high"], a["unit"], a["qualifier"]) == (b["value"], b["high"], b["unit"], b["qualifier"])


def figure_history(archive: "Archive", claim) -> list[dict[str, Any]]:
    """The claim's figure in each version of its article, oldest first: the claim's passage placed on
    each earlier text by the anchoring rule (so "About 240 troops" finds "About 200 troops" there).
    One entry per version whose passage was found: ``article_id``, ``moment``, ``quote`` and the figure."""
    if claim.article_id is None:
        return []
    note = archive.annotations.annotation(claim.annotation_id)
    chain = lineage.lineage(archive.db, claim.article_id)
    articles = {a.id: a for a in archive.articles.list(chain)}
    texts = archive.articles.texts(chain)
    quote = TextQuoteSelector(note.exact, note.prefix, note.suffix)
    position = TextPositionSelector(note.start, note.end) if note.start is not None and note.end is not None else None
    out = []
    for version in chain:
        text = texts.get(version, "")
        if version == claim.article_id and position is not None:
            passage = text[position.start:position.end]
        else:
            placed = anchor(text, quote, position)
            if not placed.placed:
                continue
            passage = text[placed.start:placed.end]
        out.append({"article_id": version, "moment": version_moment(articles[version], imported=False),
                    "first_moment": first_moment(articles[version], imported=False),
                    "published": articles[version].published, "updated": articles[version].updated,
                    "quote": passage, **(_figure(passage) or {"value": None, "figure": None})})
    return out


def timeline(archive: "Archive", cluster_id: str) -> dict[str, Any]:
    """Every appearance of a cluster's claim, ordered by time: each article's first version (at its
    published date), and each later version where the figure changed (at its updated date). An
    article that gives no date is listed last with ``moment`` "" (the import time is not when it was
    published). ``first`` marks the earliest dated appearance; ``changed_from`` the figure an update
    replaced; ``group`` the story group (copies of one story share it)."""
    cluster = archive.annotations.cluster(cluster_id)
    claims = archive.annotations.claims(cluster_id=cluster_id)
    article_ids = sorted({c.article_id for c in claims if c.article_id is not None})
    articles = {a.id: a for a in archive.articles.list(article_ids)}
    grouping = groups_of(archive, article_ids)
    appearances: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for claim in claims:
        article = articles.get(claim.article_id) if claim.article_id is not None else None
        if article is None:
            continue
        group = grouping.get(article.id)
        previous = None
        for entry in figure_history(archive, claim):
            if previous is not None and _same_figure(previous, entry):
                continue
            row = {"claim_id": claim.id, "article_id": article.id, "version_id": entry["article_id"],
                   "outlet": article.outlet, "source": source_label(article, article.id),
                   "published": entry["updated"] if previous is not None else (entry["published"] or entry["updated"]),
                   "moment": entry["moment"] if previous is not None else entry["first_moment"],
                   "value": entry.get("value"), "figure": entry.get("figure"),
                   "quote": entry["quote"], "group": group.group if group else article.id,
                   "agency": group.agency if group else None,
                   "changed_from": previous.get("figure") if previous is not None else None, "first": False}
            if previous is not None:
                changes.append({"claim_id": claim.id, "article_id": article.id, "outlet": article.outlet,
                                "from": previous.get("figure"), "to": entry.get("figure"),
                                "from_value": previous.get("value"), "to_value": entry.get("value"),
                                "when": row["published"] or entry["moment"]})
            appearances.append(row)
            previous = entry
    appearances.sort(key=lambda r: (r["moment"] == "", r["moment"], r["article_id"], r["claim_id"]))
    if appearances and appearances[0]["moment"]:
        appearances[0]["first"] = True
    return {"cluster": cluster.to_dict(), "appearances": appearances, "changes": changes}


# --- versions of one article -------------------------------------------------------------------

def _figure_changes(removed: list[str], added: list[str]) -> list[dict[str, str]]:
    """Figures that a rewritten passage changed: same subject, another value ("nearly 1,000" → "about 1,100")."""
    old = [q for line in removed for q in parse_quantities(line) if q.qualifier]
    new = [q for line in added for q in parse_quantities(line) if q.qualifier]
    out = []
    for q in old:
        match = next((n for n in new if n.same_subject(q)), None)
        if match is not None and (match.value, match.high, match.qualifier) != (q.value, q.high, q.qualifier):
            out.append({"from": q.text, "to": match.text, "subject": q.subject()})
            new.remove(match)
    return out


def versions(archive: "Archive", article_id: int) -> list[dict[str, Any]]:
    """Every version of an article, oldest first: ``id`` and ``moment`` (its updated, else published, else
    import time); the last is the current one."""
    chain = lineage.lineage(archive.db, archive.latest_version(article_id))
    articles = {a.id: a for a in archive.articles.list(chain)}
    return [{"id": v, "moment": version_moment(articles[v])} for v in chain if v in articles]


def compare_versions(archive: "Archive", older: int, newer: int, *, context: int = 2) -> dict[str, Any]:
    """What changed from one version of an article to a later one: the line diff of the clean text
    (``diff``: ``-``/``+`` lines only), the same as ``hunks`` (each a list of ``(mark, line)`` with mark
    ``" "``, ``"-"`` or ``"+"``, with ``context`` unchanged lines around the changes), the figures that
    changed, and the annotations now on the newer text that were moved or need review (re-anchored there)
    or whose passage is not in the older text (status ``changed_text``): so comparing with any earlier
    version names the highlights its changes touched, not only those the last re-import moved."""
    articles = {a.id: a for a in archive.articles.list([older, newer])}
    for version in (older, newer):
        if version not in articles:
            raise NotFound(Message("no article with id {article_id}", article_id=version))
    texts = archive.articles.texts([older, newer])
    a, b = texts.get(older, "").splitlines(), texts.get(newer, "").splitlines()
    diff = [line for line in difflib.unified_diff(a, b, lineterm="", n=0)
            if not line.startswith(("---", "+++", "@@"))]
    removed = [line[1:] for line in diff if line.startswith("-")]
    added = [line[1:] for line in diff if line.startswith("+")]
    hunks = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        hunk: list[tuple[str, str]] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                hunk += [(" ", line) for line in a[i1:i2]]
                continue
            hunk += [("-", line) for line in a[i1:i2]] + [("+", line) for line in b[j1:j2]]
        hunks.append(hunk)
    old_text = texts.get(older, "")
    moved = [{"annotation_id": n.id, "status": n.anchor_status if n.anchor_status != "exact" else "changed_text",
              "quote": n.exact}
             for n in archive.annotations.find(article_id=newer)
             if n.anchor_status != "exact" or (n.exact and n.exact not in old_text)]
    return {"from": older, "to": newer, "from_moment": version_moment(articles[older]),
            "to_moment": version_moment(articles[newer]), "diff": diff, "hunks": hunks,
            "figures": _figure_changes(removed, added), "annotations": moved}


def version_history(archive: "Archive", article_id: int) -> list[dict[str, Any]]:
    """What changed between each version of an article and the next (see :func:`compare_versions`;
    without the ``hunks``)."""
    chain = lineage.lineage(archive.db, archive.latest_version(article_id))
    out = []
    for older, newer in zip(chain, chain[1:]):
        step = compare_versions(archive, older, newer, context=0)
        del step["hunks"]
        out.append(step)
    return out


def provenance(archive: "Archive", article_id: int) -> dict[str, Any]:
    """One article's provenance: its story group (copies, earliest, agency) and its versions' changes."""
    if not archive.articles.exists(article_id):
        raise NotFound(Message("no article with id {article_id}", article_id=article_id))
    head = archive.latest_version(article_id)
    chain = lineage.lineage(archive.db, head)
    first = archive.articles.list([chain[0]])[0]
    article = archive.articles.list([head])[0]
    return {"article_id": head, "outlet": article.outlet, "first_published": first.published or first.updated,
            "group": groups_of(archive, [head])[head].to_dict(), "versions": version_history(archive, head)}
