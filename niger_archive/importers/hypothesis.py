"""Owns reading Hypothesis annotation exports (JSON) into plain records.

Three shapes are read: the client's "Export annotations" file (``{"export_date", "annotations": [...]}``),
an API search answer (``{"total", "rows": [...]}``) and a bare list of annotations. Each annotation
(the Hypothesis API's format) has an ``id``, the ``uri`` of the page, a ``target`` list whose first
item holds ``selector``s (``TextQuoteSelector`` with ``exact``/``prefix``/``suffix``,
``TextPositionSelector`` with ``start``/``end`` in UTF-16 code units of the page's text in the browser,
``RangeSelector``), the note in ``text`` (Markdown, kept as plain text), ``tags``, ``user``,
``created``/``updated`` and ``document`` (its ``link`` hrefs: the canonical and other addresses of the
page). Replies (``references``) and page notes (no quote) are kept as records with their kind, so the
caller can report them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..core.errors import ImportRejected
from ..core.messages import N_, Message

HIGHLIGHT = "highlight"
REPLY = "reply"
PAGE_NOTE = "page note"
MALFORMED = "malformed"

_MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class HypothesisAnnotation:
    id: str
    kind: str  # HIGHLIGHT | REPLY | PAGE_NOTE | MALFORMED
    uris: tuple[str, ...] = ()  # the page's addresses: uri, target source, document links (in that order)
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    start: int | None = None  # UTF-16 code units in the browser's text of the page (a hint only)
    end: int | None = None
    note: str = ""
    tags: tuple[str, ...] = ()
    user: str = ""
    created: str | None = None
    updated: str | None = None
    problem: str = ""  # for MALFORMED: what is wrong
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


def parse_export(data: bytes) -> list[HypothesisAnnotation]:
    """The annotations of one export file, in file order; ImportRejected when it is not one."""
    if len(data) > _MAX_BYTES:
        raise ImportRejected(N_("the file is too large to be a Hypothesis export"))
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRejected(Message("not a Hypothesis export (not JSON: {detail})", detail=str(exc))) from None
    if isinstance(document, dict):
        items = document.get("annotations", document.get("rows"))
    else:
        items = document
    if not isinstance(items, list):
        raise ImportRejected(N_("not a Hypothesis export (no list of annotations: expected \"annotations\" or \"rows\")"))
    return [_annotation(item, number) for number, item in enumerate(items, 1)]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _annotation(item: Any, number: int) -> HypothesisAnnotation:
    if not isinstance(item, dict):
        return HypothesisAnnotation(f"#{number}", MALFORMED, problem="not an annotation object")
    ident = str(item.get("id") or f"#{number}")
    uris: list[str] = [u for u in _strings(item.get("uri")) if u.strip()]
    targets: list[Any] = item["target"] if isinstance(item.get("target"), list) else []
    quote: dict[str, Any] = {}
    position: dict[str, Any] = {}
    for target in targets:
        if not isinstance(target, dict):
            continue
        uris += [u for u in _strings(target.get("source")) if u.strip()]
        for selector in target.get("selector") or []:
            if not isinstance(selector, dict):
                continue
            if selector.get("type") == "TextQuoteSelector" and not quote:
                quote = selector
            elif selector.get("type") == "TextPositionSelector" and not position:
                position = selector
    document: dict[str, Any] = item["document"] if isinstance(item.get("document"), dict) else {}
    for link in document.get("link") or []:
        if isinstance(link, dict):
            uris += [u for u in _strings(link.get("href")) if u.strip() and not u.startswith("urn:")]
    tags = tuple(t.strip() for t in _strings(item.get("tags")) if t.strip())
    note = item.get("text") if isinstance(item.get("text"), str) else ""
    common: dict[str, Any] = {
        "uris": tuple(dict.fromkeys(uris)), "note": note, "tags": tags,
        "user": str(item.get("user") or ""), "created": _text(item.get("created")),
        "updated": _text(item.get("updated")),
    }
    if item.get("references"):
        return HypothesisAnnotation(ident, REPLY, **common)
    exact: str = quote["exact"] if isinstance(quote.get("exact"), str) else ""
    if not exact.strip():
        return HypothesisAnnotation(ident, PAGE_NOTE, **common)
    start, end = position.get("start"), position.get("end")
    valid = isinstance(start, int) and isinstance(end, int) and 0 <= start <= end
    return HypothesisAnnotation(
        ident, HIGHLIGHT, exact=exact, prefix=_text(quote.get("prefix")) or "", suffix=_text(quote.get("suffix")) or "",
        start=start if valid else None, end=end if valid else None, **common)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def code_points_from_utf16(text: str, offset: int) -> int:
    """The code-point index in ``text`` of a UTF-16 code-unit ``offset`` into it (browsers count UTF-16:
    a character beyond U+FFFF, an emoji, counts two). Clamped to the text."""
    units = 0
    for index, char in enumerate(text):
        if units >= offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)
