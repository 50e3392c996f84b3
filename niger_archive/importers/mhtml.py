"""Owns importing saved web pages in MHTML (``.mhtml``/``.mht``, a browser's "save as single file").

The archive is a MIME message (read with the standard library's ``email`` parser): its first
``text/html`` part is the page, read by the HTML importer; the raw text the offset map points into is
that part, decoded. The other parts (images, styles) are not articles. The page's address comes from
the part's ``Content-Location`` or the message's ``Snapshot-Content-Location`` when the page does not
give one.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import replace

from ..core.errors import ImportRejected
from ..core.messages import N_
from ..core.models import ArticleDraft
from .decoding import decode_bytes

_MAX_PARTS = 10_000


def parse_bytes(data: bytes) -> ArticleDraft:
    from . import html

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    if not message.is_multipart() and message.get_content_type() != "text/html":
        raise ImportRejected(N_("not a saved web page (no MIME parts; expected a browser's single-file save)"))
    page = None
    for count, part in enumerate(message.walk()):
        if count > _MAX_PARTS:
            break
        if part.get_content_type() == "text/html" and not part.is_multipart():
            page = part
            break
    if page is None:
        raise ImportRejected(N_("the saved page holds no HTML part"))
    payload = page.get_payload(decode=True)
    body = payload if isinstance(payload, bytes) else b""
    charset = page.get_content_charset()
    if charset:
        try:
            body = body.decode(charset).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            pass  # left to the decoder's detection
    draft = html.parse(decode_bytes(body))
    address = page.get("Content-Location") or message.get("Snapshot-Content-Location")
    notes = [*draft.notes, "read the page out of the saved single-file web page (MHTML)"]
    return replace(draft, source_format="mhtml", url=draft.url or (str(address).strip() or None if address else None),
                   notes=notes)
