"""Owns how the bulky article columns are packed: the clean text (zlib) and the offset map (delta-coded).

Both are lossless: ``unpack_text(pack_text(t)) == t`` and ``unpack_offsets(pack_offsets(m))``
has the same spans and lengths as ``m``. The first byte of an offset blob names its layout, so a
later layout can be added without touching rows already written. Values written by the first
schema (``text`` as TEXT, ``offset_map`` as JSON text) are still read, as such.
"""

from __future__ import annotations

import codecs
import json
import sys
import zlib
from array import array

from ..core.errors import ArchiveError
from ..core.offsets import OffsetMap, Span

TEXT_LEVEL = 6  # zlib level: 9 is no smaller on news text and twice as slow
_OFFSETS_LEVEL = 6  # 9 takes twice as long for 1 % less
_INT32, _INT64 = 1, 2  # first byte of a packed offset map: the width of its integers
_TYPECODES = {_INT32: "i", _INT64: "q"}


def pack_text(text: str) -> bytes:
    """The clean text as the ``text`` column holds it: UTF-8, zlib-compressed (with its checksum)."""
    return zlib.compress(text.encode("utf-8"), TEXT_LEVEL)


def unpack_text(value: bytes | str | None) -> str:
    """The clean text from a ``text`` value (packed, or plain text written by the first schema)."""
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


def _little_endian(values: array[int]) -> bytes:
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def pack_offsets(offsets: OffsetMap) -> bytes:
    """An offset map as the ``offset_map`` column holds it.

    Layout: one byte (integer width), then zlib of little-endian integers ``clean_length,
    raw_length, n`` followed by four columns of ``n`` values each: the gap between a span's clean
    start and the previous span's clean end (0 in a well-formed map), the same for raw offsets
    (a copied span ends ``length`` after its raw start, a synthetic one ``raw_length`` after it),
    the span's length, and ``raw_length * 2 + copied``. Gaps are mostly 0 and lengths small, so
    this is about a twelfth of the map as JSON, and a quarter of that JSON compressed.
    """
    spans = offsets.spans
    starts = [s.clean_start for s in spans]
    raw_starts = [s.raw_start for s in spans]
    lengths = [s.length for s in spans]
    copied = [s.copied for s in spans]
    raw_lengths = [s.raw_length for s in spans]
    clean_ends = [0, *[c + n for c, n in zip(starts, lengths)]]  # each span's predecessor's end (0 first)
    raw_ends = [0, *[r + (n if cp else rn) for r, n, cp, rn in zip(raw_starts, lengths, copied, raw_lengths)]]
    values = [
        offsets.clean_length, offsets.raw_length, len(spans),
        *[c - e for c, e in zip(starts, clean_ends)],
        *[r - e for r, e in zip(raw_starts, raw_ends)],
        *lengths,
        *[rn * 2 + cp for rn, cp in zip(raw_lengths, copied)],
    ]
    try:
        width, packed = _INT32, array("i", values)
    except OverflowError:
        width, packed = _INT64, array("q", values)
    return bytes([width]) + zlib.compress(_little_endian(packed), _OFFSETS_LEVEL)


def unpack_offsets(value: bytes | str | None) -> OffsetMap:
    """The offset map from an ``offset_map`` value (packed, or the first schema's JSON text).

    Raises ValueError when the value is not a readable map.
    """
    if value is None:
        return OffsetMap()
    if isinstance(value, str):
        return OffsetMap.from_json(json.loads(value))
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
