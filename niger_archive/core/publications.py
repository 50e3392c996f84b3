"""Owns the rule that tells a version from a copy, and which version of a publication is current.

A **version** is the same publication captured again (a re-scrape): it replaces the earlier capture
in the library. A **copy** is the same story published separately (a wire dispatch carried by other
outlets, a press release reprinted, an outlet republishing its story under a second address): it is
an article of its own, linked to the others. The rule, applied to a new capture and an archived one
whose clean texts are near-duplicates (``docs/versions.md`` has the measurements behind it):

1. Texts sharing less than ``COPY_THRESHOLD`` of their 5-word shingles (Jaccard) are different
   stories, unless they were captured from the same canonical address (then ``SAME_URL_THRESHOLD``).
2. Both have an address: the **same canonical address** is the same publication (version); two
   different addresses are two publications (copy), also on one site.
3. Otherwise, both name their outlet: the **same outlet** (names compared loosely; "AP" is
   "Associated Press") with the same or an updated headline
   (headline words overlapping by ``HEADLINE_OVERLAP``), or the same byline, is a version; the same
   outlet with another headline and another byline is mixed evidence; **different outlets** are copies.
4. Otherwise, the same file imported again from the same path is a version (a scraper rewriting
   its file); anything else is **mixed evidence**: the two are kept apart and the link is offered
   as a suggestion the user accepts or rejects.

Which version is current is decided by the captures' own dates: the updated date, else the
published date, else the time a web archive captured the page, else the import time (``recency``);
the most recent is current, an older capture arriving later becomes an earlier version. Equal dates keep the later import current.

Pure computation: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode, urlsplit

from .messages import N_

COPY_THRESHOLD = 0.35  # shingle Jaccard at or above which two texts are one story (copy or version)
SAME_URL_THRESHOLD = 0.2  # ... and when both were captured from the same canonical address
HEADLINE_OVERLAP = 0.5  # share of the shorter headline's words found in the other: an updated headline

VERSION, COPY, SUGGEST, SEPARATE = "version", "copy", "suggest", "separate"

_TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|mc_cid|mc_eid|ref|ref_src|cmpid|ocid|smid|taid|at_.*|share|output)$")
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")
_WORD = re.compile(r"\w+", re.UNICODE)
_OUTLET_NOISE = re.compile(r"^the\s+|\s+(news|online|\.com)$")


@dataclass(frozen=True)
class Capture:
    """What the rule needs to know of one captured article (metadata as the user sees it)."""

    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    updated: str | None = None
    imported_at: str | None = None
    source_path: str | None = None
    title_derived: bool = False
    captured: str | None = None  # when a web archive captured it (WARC-Date)


@dataclass(frozen=True)
class Decision:
    kind: str  # VERSION | COPY | SUGGEST | SEPARATE
    reason: str  # in words, for the import summary and the link's record


def canonical_url(url: str | None) -> str | None:
    """The address with what does not change the publication removed: scheme, ``www.``/``m.``/``amp.``,
    port 80/443, fragment, tracking parameters, ``/amp`` and ``index.html`` endings, trailing slash."""
    if not url or not url.strip():
        return None
    raw = url.strip()
    if "//" not in raw:
        raw = "//" + raw
    try:
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return raw.lower()
    if not host:
        return raw.lower()
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix):]
    if port not in (None, 80, 443):
        host = f"{host}:{port}"
    path = re.sub(r"/+", "/", parts.path or "/")
    path = re.sub(r"(/amp|/index\.html?)$", "", path).rstrip("/")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k.lower())))
    return host + path + (f"?{query}" if query else "")


def site(url: str | None) -> str | None:
    canonical = canonical_url(url)
    return canonical.split("/", 1)[0] if canonical else None


def outlet_key(outlet: str | None) -> str | None:
    """An outlet's name compared loosely: case, a leading "The", spacing and punctuation ignored."""
    if not outlet or not outlet.strip():
        return None
    name = " ".join(_WORD.findall(outlet.casefold()))
    name = _OUTLET_NOISE.sub("", name)
    return name.replace(" ", "") or None


def _initials(outlet: str) -> str:
    return "".join(w[0] for w in _WORD.findall(outlet.casefold()) if w != "the")


def same_outlet(a: str | None, b: str | None) -> bool | None:
    """Whether two outlet names name one outlet (loosely, or one is the other's initials: "AP",
    "Associated Press"); None when either is unknown."""
    ka, kb = outlet_key(a), outlet_key(b)
    if not ka or not kb:
        return None
    if ka == kb:
        return True
    return (len(ka) <= 5 and ka == _initials(b or "")) or (len(kb) <= 5 and kb == _initials(a or ""))


def _words(text: str | None) -> set[str]:
    return {w for w in _WORD.findall((text or "").casefold()) if len(w) > 2 or w.isdigit()}


def headline_overlap(a: str | None, b: str | None) -> float:
    """Share of the shorter headline's words (longer than two letters) found in the other."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _same_byline(a: str | None, b: str | None) -> bool:
    ka, kb = _words(a), _words(b)
    return bool(ka) and ka == kb


def decide(new: Capture, old: Capture, similarity: float) -> Decision:
    """Is ``new`` a version of ``old``, a copy of it, possibly either (suggest), or unrelated?

    ``similarity`` is the Jaccard similarity of their clean texts' word shingles."""
    new_url, old_url = canonical_url(new.url), canonical_url(old.url)
    if new_url and old_url:
        if new_url == old_url:
            if similarity >= SAME_URL_THRESHOLD:
                return Decision(VERSION, N_("same address"))
            return Decision(SEPARATE, N_("same address, but a different text"))
        if similarity < COPY_THRESHOLD:
            return Decision(SEPARATE, N_("different text"))
        if site(new.url) == site(old.url):
            return Decision(COPY, N_("same story under a second address on the same site"))
        return Decision(COPY, N_("same story on another site"))
    if similarity < COPY_THRESHOLD:
        return Decision(SEPARATE, N_("different text"))
    outlets = same_outlet(new.outlet, old.outlet)
    if outlets is not None:
        if not outlets:
            return Decision(COPY, N_("same story from another outlet"))
        headline = None if (new.title_derived or old.title_derived) else headline_overlap(new.title, old.title)
        if headline is not None and headline >= HEADLINE_OVERLAP:
            return Decision(VERSION, N_("same outlet, same or updated headline"))
        if _same_byline(new.author, old.author):
            return Decision(VERSION, N_("same outlet and byline"))
        return Decision(SUGGEST, N_("same outlet, but another headline and byline"))
    if new.source_path and new.source_path == old.source_path:
        return Decision(VERSION, N_("the same file imported again"))
    return Decision(SUGGEST, N_("near-identical text, but no address or outlet to tell a copy from a re-capture"))


def parse_moment(value: str | None) -> datetime | None:
    """An ISO 8601 date or date-time as an aware UTC datetime (naive ones taken as UTC), else None."""
    if not value:
        return None
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def effective_date(capture: Capture) -> tuple[str, datetime | None]:
    """The date that places a capture among its versions, and which date it is."""
    for label, value in (("updated", capture.updated), ("published", capture.published),
                         ("captured", capture.captured), ("imported", capture.imported_at)):
        moment = parse_moment(value)
        if moment is not None:
            return label, moment
    return "imported", None


_EARLIEST = datetime.min.replace(tzinfo=timezone.utc)


def recency(capture: Capture) -> tuple[datetime, datetime, datetime, datetime]:
    """Sort key: later is more recent. The effective date, then published, then capture time, then
    import time."""
    _, moment = effective_date(capture)
    return (moment or _EARLIEST, parse_moment(capture.published) or _EARLIEST,
            parse_moment(capture.captured) or _EARLIEST, parse_moment(capture.imported_at) or _EARLIEST)


def is_older(new: Capture, current: Capture) -> bool:
    """Whether ``new`` is an older capture than ``current`` (ties: the new one counts as newer)."""
    return recency(new) < recency(current)


LINKED, SUGGESTED, ACCEPTED, REJECTED = "linked", "suggested", "accepted", "rejected"
LINK_STATUSES = (LINKED, SUGGESTED, ACCEPTED, REJECTED)


@dataclass(frozen=True)
class CopyLink:
    """Two articles that carry one story: ``article_id`` a copy of ``copy_of`` (the one archived first).

    ``status``: ``linked`` (the rule was sure), ``suggested`` (mixed evidence: the user decides),
    ``accepted`` or ``rejected`` (the user decided). A rejected link says the two are not copies."""

    article_id: int
    copy_of: int
    status: str
    similarity: float
    reason: str
    created_at: str = ""

    @property
    def holds(self) -> bool:
        return self.status in (LINKED, ACCEPTED)

    def other(self, article_id: int) -> int:
        return self.copy_of if article_id == self.article_id else self.article_id
