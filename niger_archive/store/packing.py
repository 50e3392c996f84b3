"""Owns how the article columns ``text`` and ``offset_map`` are written and read.

Both are plain text any SQLite tool can read (schema step ``0007_readable_text``): ``text`` is the
clean text itself, and ``offset_map`` a JSON object of delta-coded runs, documented in
``docs/schema.md`` ("The offset map")::

    {"clean_length": 2239, "raw_length": 5120, "spans": [[147, 93], [0, 2, 3240], [0, 192], ...]}

Each entry of ``spans`` is one run of clean text, in order, and says how far its raw start is past
the previous run's raw end (``raw_gap``):

- ``[raw_gap, length]``: ``length`` code points copied verbatim from the raw text;
- ``[raw_gap, length, raw_length]``: ``length`` code points of synthetic text (a joining space, a
  paragraph break, a decoded entity) standing in for ``raw_length`` raw code points;
- ``[raw_gap, length, raw_length, copied, clean_gap]``: the general form, for what the importer never
  writes (a gap in the clean text, a copied run that also records a raw length).

A copied run's raw end is its raw start plus ``length``, a synthetic run's plus ``raw_length``; a
run's clean start is the previous run's clean end (plus ``clean_gap``). Both are lossless:
``unpack_text(pack_text(t)) == t`` and ``unpack_offsets(pack_offsets(m))`` has the same spans and
lengths as ``m``. Values written by earlier schemas are still read: the first schema's text and JSON
list of spans, and the zlib text and binary offset maps of ``0004_compact_storage``.
"""

from __future__ import annotations

from typing import Any

import codecs
import json
import sys
import zlib
from array import array

from ..core.errors import ArchiveError
from ..core.offsets import OffsetMap, Span

_INT32, _INT64 = 1, 2  # first byte of a packed offset map: the width of its integers
_TYPECODES = {_INT32: "i", _INT64: "q"}


def pack_text(text: str) -> str:
    """The clean text as the ``text`` column holds it: the text itself."""
    return text


def unpack_text(value: bytes | str | None) -> str:
    """The clean text from a ``text`` value (plain text, or zlib bytes from ``0004_compact_storage``)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    try:
        return zlib.decompress(value).decode("utf-8")
    except (zlib.error, UnicodeDecodeError) as exc:
        raise ArchiveError(f"an article's stored text is damaged ({exc}); run `niger-archive check`") from exc


def unpack_text_head(value: bytes | str | None, chars: int) -> str:
    """At most the first ``chars`` characters of the clean text, decompressing no more than they need."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value[:chars]
    try:
        head = zlib.decompressobj().decompress(value, chars * 4)  # UTF-8: at most 4 bytes a character
        return codecs.getincrementaldecoder("utf-8")().decode(head, final=False)[:chars]
    except (zlib.error, UnicodeDecodeError) as exc:
        raise ArchiveError(f"an article's stored text is damaged ({exc}); run `niger-archive check`") from exc


def pack_offsets(offsets: OffsetMap) -> str:
    """An offset map as the ``offset_map`` column holds it: JSON text of delta-coded runs (see above)."""
    runs: list[list[int]] = []
    clean_end = raw_end = 0
    for span in offsets.spans:
        clean_gap = span.clean_start - clean_end
        raw_gap = span.raw_start - raw_end
        if clean_gap == 0 and span.copied and span.raw_length == 0:
            runs.append([raw_gap, span.length])
        elif clean_gap == 0 and not span.copied:
            runs.append([raw_gap, span.length, span.raw_length])
        else:
            runs.append([raw_gap, span.length, span.raw_length, int(span.copied), clean_gap])
        clean_end = span.clean_start + span.length
        raw_end = span.raw_start + (span.length if span.copied else span.raw_length)
    return json.dumps({"clean_length": offsets.clean_length, "raw_length": offsets.raw_length, "spans": runs},
                      separators=(",", ":"))


def _from_runs(doc: dict[str, Any]) -> OffsetMap:
    spans = []
    clean_end = raw_end = 0
    for run in doc["spans"]:
        if not isinstance(run, list) or len(run) not in (2, 3, 5) or not all(type(v) is int for v in run):
            raise ValueError(f"an offset map run must be 2, 3 or 5 integers, not {str(run)[:40]}")
        raw_gap, length = run[0], run[1]
        raw_length = run[2] if len(run) > 2 else 0
        copied = len(run) == 2 or (len(run) == 5 and bool(run[3]))
        clean_gap = run[4] if len(run) == 5 else 0
        clean_start, raw_start = clean_end + clean_gap, raw_end + raw_gap
        spans.append(Span(clean_start, raw_start, length, copied, raw_length))
        clean_end = clean_start + length
        raw_end = raw_start + (length if copied else raw_length)
    clean_length, raw_length = doc["clean_length"], doc["raw_length"]
    if type(clean_length) is not int or type(raw_length) is not int:
        raise ValueError("an offset map's lengths must be integers")
    return OffsetMap(spans, clean_length, raw_length)


def unpack_offsets(value: bytes | str | None) -> OffsetMap:
    """The offset map from an ``offset_map`` value (JSON text, or an earlier schema's form).

    Raises ValueError when the value is not a readable map.
    """
    if value is None:
        return OffsetMap()
    if isinstance(value, str):
        try:
            doc = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(f"the offset map is not JSON: {exc}") from exc
        if isinstance(doc, dict):
            try:
                return _from_runs(doc)
            except KeyError as exc:
                raise ValueError(f"the offset map has no {exc}") from exc
        return OffsetMap.from_json(doc)  # the first schema's list of spans
    return _unpack_binary(value)


def _unpack_binary(value: bytes) -> OffsetMap:
    """A binary offset map of ``0004_compact_storage``: one byte (integer width), then zlib of
    little-endian integers ``clean_length, raw_length, n`` and four columns of ``n`` values: clean
    gap, raw gap, length, ``raw_length * 2 + copied``."""
    if not value or value[0] not in _TYPECODES:
        raise ValueError("unknown offset map layout")
    values = array(_TYPECODES[value[0]])
    try:
        values.frombytes(zlib.decompress(value[1:]))
    except zlib.error as exc:
        raise ValueError(f"the offset map is damaged: {exc}") from exc
    if sys.byteorder == "big":
        values.byteswap()
    if len(values) < 3 or len(values) != 3 + 4 * values[2]:
        raise ValueError("the offset map has the wrong number of values")
    clean_length, raw_length, n = values[0], values[1], values[2]
    clean_gaps, raw_gaps = values[3 : 3 + n], values[3 + n : 3 + 2 * n]
    lengths, kinds = values[3 + 2 * n : 3 + 3 * n], values[3 + 3 * n :]
    spans = []
    clean_end = raw_end = 0
    for clean_gap, raw_gap, length, kind in zip(clean_gaps, raw_gaps, lengths, kinds):
        clean_start = clean_end + clean_gap
        raw_start = raw_end + raw_gap
        copied = bool(kind & 1)
        raw_len = kind >> 1
        spans.append(Span(clean_start, raw_start, length, copied, raw_len))
        clean_end = clean_start + length
        raw_end = raw_start + (length if copied else raw_len)
    return OffsetMap(spans, clean_length, raw_length)
