"""Owns which URLs an export presents as links: absolute ``http``/``https`` URLs with a host, nothing else.

An article's URL comes from the file it was imported from (front matter, HTML meta), so it may be
``javascript:…``, ``data:…`` or ``file:…``. Exports that other software turns into links (the
ClaimReview ``appearance.url``, the HTML report's ``href``) take it only through :func:`web_link`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")


def web_link(value: object) -> str | None:
    """``value`` when it is an absolute http(s) URL with a host and no spaces or control characters;
    otherwise None (the caller drops it or shows it as plain text)."""
    if not isinstance(value, str) or not value:
        return None
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return None
    return value
