"""Owns strict parsing of untrusted JSON: UTF-8 only, bounded size and depth, no duplicate keys, no NaN.

``json.loads`` alone accepts duplicate keys (the last wins), ``NaN``/``Infinity``, numbers that
overflow to infinity, lone surrogate escapes (``"\\ud800"``) and recurses once per nesting level.
:func:`parse` refuses all of these with a :class:`BundleRejected` naming the member, and checks
the nesting depth with a linear scan before the parser starts.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from ..core.errors import BundleRejected
from ..core.messages import Message

# A JSON string literal (unrolled loop: no backtracking blow-up on long strings).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Refused(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"duplicate key {key[:60]!r}")
        out[key] = value
    return out


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not allowed")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"number {text[:40]} is out of range")
    return value


def _int(text: str) -> int:
    if len(text) > 30:
        raise _Refused("integer with more than 30 digits")
    return int(text)


def nesting_depth(text: str) -> int:
    """Deepest nesting of arrays/objects in ``text`` (brackets inside strings do not count)."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _check_strings(value: Any, where: str) -> None:
    """Refuse lone surrogates anywhere (keys and values); iterative, so depth cannot hurt."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise BundleRejected(Message("{where}: a string holds a lone surrogate (invalid Unicode)", where=where))
        elif isinstance(item, dict):
            for key, sub in item.items():
                if _SURROGATE.search(key):
                    raise BundleRejected(Message("{where}: a key holds a lone surrogate (invalid Unicode)", where=where))
                stack.append(sub)
        elif isinstance(item, list):
            stack.extend(item)


def parse(data: bytes, where: str, *, max_bytes: int, max_depth: int) -> Any:
    """Parse one JSON document strictly; ``where`` names it in error messages."""
    if len(data) > max_bytes:
        raise BundleRejected(Message("{where}: {count_data} bytes is more than the limit of {max_bytes} for a JSON file",
                                     where=where, count_data=len(data), max_bytes=max_bytes))
    if data.startswith(b"\xef\xbb\xbf"):
        raise BundleRejected(Message("{where}: starts with a byte-order mark; JSON must be plain UTF-8", where=where))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BundleRejected(Message("{where}: not valid UTF-8 (byte {start})", where=where, start=exc.start)) from None
    depth = nesting_depth(text)
    if depth > max_depth:
        raise BundleRejected(Message("{where}: nested {depth} levels deep, more than the limit of {max_depth}",
                                     where=where, depth=depth, max_depth=max_depth))
    try:
        value = json.loads(
            text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float, parse_int=_int
        )
    except _Refused as exc:
        raise BundleRejected(Message("{where}: {exc}", where=where, exc=str(exc))) from None
    except json.JSONDecodeError as exc:
        raise BundleRejected(Message("{where}: malformed JSON at line {lineno} column {colno}: {msg}",
                                     where=where, lineno=exc.lineno, colno=exc.colno, msg=exc.msg)) from None
    except (ValueError, RecursionError) as exc:
        raise BundleRejected(Message("{where}: malformed JSON: {exc}", where=where, exc=str(exc)[:120])) from None
    _check_strings(value, where)
    return value
