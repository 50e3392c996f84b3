"""Owns reading web archives: WARC (``.warc``, ``.warc.gz``) and WACZ (a ZIP holding ``archive/*.warc[.gz]``).

One web archive holds many captured pages. ``records`` streams it with warcio, one record at a time
(memory is bounded by the largest page kept, never by the archive's size), and yields each HTML page
answered with status 200 as a ``WebPage`` — its HTTP payload (the page as the server sent it, with
chunked and gzip transfer undone), the address it was captured from (``WARC-Target-URI``) and when
(``WARC-Date``) — and, for every other response, the reason it is not a page (``Skip``). Requests,
metadata and warcinfo records are not pages and are passed over without a word.

``parse_page`` reads one page with the HTML importer, exactly as the page saved alone would be read:
the page's bytes are what the archive keeps as the article's original, so its raw text and offset map
are those of an HTML import. A page of a WACZ whose HTML names no title takes the one the WACZ's
pages list (``pages/pages.jsonl``) gives it (the title the browser showed). The article's address is
the capture address, its ``captured`` the capture time (which orders captures of one address when the
page carries no dates of its own); both, and the page's own canonical address (when it differs), are
also written in the import notes.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass, replace
from typing import IO, Iterator

from ..core.errors import ImportRejected
from ..core.messages import N_, Message
from ..core.models import ArticleDraft
from . import is_web_archive

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_WACZ_MAX_RATIO = 200  # a member inflating more than this (and beyond _WACZ_RATIO_FLOOR) is refused
_WACZ_RATIO_FLOOR = 64 * 1024 * 1024


@dataclass(frozen=True)
class WebPage:
    payload: bytes
    target_uri: str
    captured: str | None  # WARC-Date as written (ISO 8601, UTC)
    record_id: str | None
    member: str | None = None  # the WARC inside a WACZ it came from
    listed_title: str | None = None  # the title a WACZ's pages list gives the page (the browser's)


@dataclass(frozen=True)
class Skip:
    reason: str  # short and countable: "not HTML (image/png)", "HTTP status 404", …


def records(stream: IO[bytes], name: str, *, max_bytes: int) -> Iterator[WebPage | Skip]:
    """The pages (and the reasons for the other responses) of the web archive ``stream`` named ``name``."""
    if name.lower().endswith(".wacz"):
        yield from _wacz(stream, max_bytes)
    else:
        yield from _warc(stream, max_bytes, None)


def _wacz(stream: IO[bytes], max_bytes: int) -> Iterator[WebPage | Skip]:
    try:
        package = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRejected(Message("not a WACZ web archive (not a readable ZIP file: {detail})", detail=str(exc))) from exc
    with package:
        members = sorted((info for info in package.infolist()
                          if info.filename.startswith("archive/") and is_web_archive(info.filename)
                          and not info.filename.lower().endswith(".wacz") and not info.is_dir()),
                         key=lambda info: info.filename)
        if not members:
            raise ImportRejected(N_("the WACZ holds no WARC files (archive/*.warc or archive/*.warc.gz)"))
        listed = _pages_list(package)
        for info in members:
            if info.file_size > _WACZ_RATIO_FLOOR and info.file_size > _WACZ_MAX_RATIO * max(info.compress_size, 1):
                raise ImportRejected(Message(
                    "{member} inflates {ratio} times its stored size (a ZIP bomb?); the WACZ is not read",
                    member=info.filename, ratio=info.file_size // max(info.compress_size, 1)))
            try:
                member = package.open(info)
            # zipfile says an unsupported compression method with NotImplementedError and an encrypted
            # member with RuntimeError: both are this file's problem, said as such
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
                raise ImportRejected(Message("cannot open {member} in the WACZ: {detail}", member=info.filename,
                                             detail=str(exc))) from exc
            with member:
                for item in _warc(member, max_bytes, info.filename):
                    yield _with_listing(item, listed) if listed and isinstance(item, WebPage) else item


_PAGES_LISTS = ("pages/pages.jsonl", "pages/extraPages.jsonl")
_PAGES_LIST_MAX = 64 * 1024 * 1024  # inflated bytes of a pages list read at most (a bigger one is left unread)


def _pages_list(package: zipfile.ZipFile) -> dict[str, list[tuple[str | None, str | None]]]:
    """What a WACZ's pages lists (``pages/pages.jsonl``, ``pages/extraPages.jsonl``: one JSON object per
    line, the first a header) say of each page: address -> [(title, ts), …]. A list that is missing,
    too large or not JSON lines gives nothing (lines that are not page objects are passed over): the
    pages are still imported, with the titles their HTML gives."""
    import json

    listed: dict[str, list[tuple[str | None, str | None]]] = {}
    names = {info.filename: info for info in package.infolist()}
    for name in _PAGES_LISTS:
        info = names.get(name)
        if info is None or info.file_size > _PAGES_LIST_MAX:
            continue
        try:
            with package.open(info) as member:
                lines = member.read(_PAGES_LIST_MAX + 1)[:_PAGES_LIST_MAX].decode("utf-8", "replace").splitlines()
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, zlib.error):
            continue  # an unreadable pages list (as above): the WARC files inside are still read
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
                continue
            title, ts = entry.get("title"), entry.get("ts")
            listed.setdefault(entry["url"].strip(), []).append(
                (" ".join(title.split()) or None if isinstance(title, str) else None,
                 ts.strip() or None if isinstance(ts, str) else None))
    return listed


def _with_listing(page: WebPage, listed: dict[str, list[tuple[str | None, str | None]]]) -> WebPage:
    """``page`` with the title its pages list gives (the entry of the same capture time when the page
    was captured more than once) and, when its record has no WARC-Date, the list's time."""
    entries = listed.get(page.target_uri)
    if not entries:
        return page
    captured = _instant(page.captured)
    chosen = next((e for e in entries if captured is not None and _instant(e[1]) == captured), None)
    if chosen is None:
        chosen = entries[0] if len(entries) == 1 or captured is None else (None, None)
    title, ts = chosen
    return replace(page, listed_title=title, captured=page.captured or ts)


def _instant(value: str | None) -> str | None:
    """A capture time to the second (WARC-Date and a pages list's ``ts`` differ in their fractions)."""
    from datetime import datetime, timezone

    text = (value or "").strip()
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def _warc(stream: IO[bytes], max_bytes: int, member: str | None) -> Iterator[WebPage | Skip]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    where = f"{member}: " if member else ""
    count = 0
    try:
        iterator = iter(ArchiveIterator(stream))
        while True:
            try:
                record = next(iterator)
            except StopIteration:
                break
            if not str(record.format).startswith("warc"):
                raise ValueError(f"record {count + 1} is not a WARC record")
            item = _page(record, max_bytes, member)
            count += 1  # read whole
            if item is not None:
                yield item
    except ImportRejected:
        raise
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, zipfile.BadZipFile, zlib.error) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        detail = "".join(c if c.isprintable() and c.isascii() else "?" for c in detail.split(", first line:")[0])
        if count == 0:
            raise ImportRejected(Message("{where}not a WARC web archive ({detail})", where=where,
                                         detail=detail[:160])) from exc
        raise ImportRejected(Message("{where}the web archive is damaged or cut short after {n} whole records "
                                     "({detail}); the pages before it are kept", where=where, n=count,
                                     detail=detail[:160])) from exc


def _page(record, max_bytes: int, member: str | None) -> WebPage | Skip | None:
    kind = record.rec_type
    if kind == "revisit":
        return Skip(N_("revisit record (the page is stored in an earlier record)"))
    if kind not in ("response", "resource"):
        return None  # request, metadata, warcinfo, conversion: not pages
    headers = record.rec_headers
    uri = (headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
    if kind == "response":
        if record.http_headers is None:
            return Skip(N_("response without HTTP headers"))
        status = (record.http_headers.get_statuscode() or "").strip()
        if status != "200":
            return Skip(Message("HTTP status {status}", status=status) if status else N_("HTTP status missing"))
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.content_type or ""
    media = content_type.split(";", 1)[0].strip().lower()
    if media not in _HTML_TYPES:
        return Skip(Message("not HTML ({media})", media=media) if media else N_("not HTML (no content type)"))
    if not uri:
        return Skip(N_("page without a capture address (WARC-Target-URI)"))
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return Skip(Message("page larger than the import limit of {mb} MB", mb=f"{max_bytes / 1_048_576:.1f}"))
    block = record.raw_stream
    if getattr(block, "limit", 0) > 0 and not block.read(1 << 16) and block.limit > 0:
        raise EOFError(f"the record of {uri} is cut short ({block.limit} bytes missing)")
    if not payload.strip():
        return Skip(N_("empty page"))
    return WebPage(payload, uri, headers.get_header("WARC-Date"), headers.get_header("WARC-Record-ID"), member)


def parse_page(page: WebPage, archive_name: str) -> ArticleDraft:
    """The article in one captured page, read as an HTML import of the page's bytes."""
    from . import html
    from .decoding import decode_bytes

    draft = html.parse(decode_bytes(page.payload))
    source = f"{archive_name} ({page.member})" if page.member else archive_name
    when = f" on {page.captured}" if page.captured else ""
    notes = [*draft.notes, f"captured from {page.target_uri}{when} (web archive {source})"]
    if draft.url and draft.url != page.target_uri:
        notes.append(f"the page names its own address as {draft.url}")
    title, derived = draft.title, draft.title_derived
    if page.listed_title and (title is None or derived):
        title, derived = page.listed_title, False
        notes.append("title from the web archive's pages list (the page names none)")
    return replace(draft, url=page.target_uri, notes=notes, captured=_moment(page.captured),
                   title=title, title_derived=derived)


def _moment(value: str | None) -> str | None:
    """A WARC-Date as ISO 8601 (it is one: ``2024-08-05T09:30:00Z``, WARC 1.1 allows fractions); a
    value that is not a date is not kept as the capture time (the import notes keep it as written)."""
    text = (value or "").strip()
    return text if _instant(text) is not None else None
