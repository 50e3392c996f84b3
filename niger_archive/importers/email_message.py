"""Owns importing e-mail messages (``.eml``): a forwarded article or a press release sent by mail.

The message is read with the standard library's ``email`` parser (modern policy: encoded words in headers,
quoted-printable and base64 bodies, charsets). Its HTML body, when it has one, is read by the HTML
importer, else its plain-text body by the text importer; attachments are not articles. The raw text
the offset map points into is that body, decoded (as for MHTML).

Metadata: the article's own (a forwarded article keeps its byline and dates) comes first; then the
message's: the subject as the title (``Fwd:``/``TR:``/``RE:`` taken off), the date as the publication
date, the sender's name as the outlet. A forwarded message's inner header block ("---------- Forwarded
message ---------" with From/Date/Subject) gives the original sender, date and subject instead.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import re
from dataclasses import replace
from email.message import EmailMessage

from ..core.errors import ImportRejected
from ..core.messages import N_, Message
from ..core.models import ArticleDraft
from .decoding import decode_bytes

_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:fwd?|tr|re|aw|wg|rv|enc)\s*:\s*|\[fwd?:?\s*)+", re.IGNORECASE)
_FORWARDED = re.compile(r"^-{2,}\s*(?:forwarded message|message transféré|original message|message d'origine)\s*-{2,}\s*$",
                        re.IGNORECASE | re.MULTILINE)
_INNER_FIELD = re.compile(r"^\s*\*?(from|de|date|envoyé|sent|subject|objet|to|à|cc)\s*:\*?\s*(.+)$", re.IGNORECASE)
_MAX_PARTS = 1_000


def parse_bytes(data: bytes) -> ArticleDraft:
    from . import html, plaintext

    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not any(message.get(h) for h in ("From", "Subject", "Date")):
        raise ImportRejected(N_("not an e-mail message (no From, Subject or Date header)"))
    body_part = _body(message)
    if body_part is None:
        raise ImportRejected(N_("the e-mail has no text or HTML body"))
    try:
        content = body_part.get_content()
    except (LookupError, UnicodeError, AssertionError) as exc:
        raise ImportRejected(Message("the e-mail's body cannot be decoded ({detail})", detail=str(exc))) from exc
    if isinstance(content, bytes):
        content = decode_bytes(content).text
    decoded = decode_bytes(content.encode("utf-8"))
    is_html = body_part.get_content_type() == "text/html"
    inner: dict[str, str] = {}
    if not is_html:
        inner, start = _forwarded_fields(decoded.text)
        if start:  # the forwarded article starts after its header block (the mail's own text is not it)
            decoded = replace(decoded, text=decoded.text[start:])
    draft = html.parse(decoded) if is_html else plaintext.parse(decoded)

    subject, sender, date = _header(message, "Subject"), _sender(message), _date(message.get("Date"))
    subject = inner.get("subject") or subject
    sender = inner.get("from") or sender
    date = _date(inner.get("date")) or date
    title = _SUBJECT_PREFIX.sub("", subject).strip() or None
    notes = [*draft.notes, "read the article out of an e-mail message"
             + (" (its HTML body)" if is_html else " (its text body)")]
    return replace(
        draft, source_format="eml",
        title=title if (title and (draft.title is None or draft.title_derived)) else draft.title,
        title_derived=draft.title_derived and not title,
        outlet=draft.outlet or sender, published=draft.published or date, notes=notes)


def _body(message: EmailMessage) -> EmailMessage | None:
    if sum(1 for _ in zip(range(_MAX_PARTS + 1), message.walk())) > _MAX_PARTS:
        raise ImportRejected(Message("the e-mail has more than {n} parts", n=_MAX_PARTS))
    try:
        part = message.get_body(preferencelist=("html", "plain"))
    except (KeyError, LookupError):
        part = None
    return part if isinstance(part, EmailMessage) else None


def _header(message: EmailMessage, name: str) -> str:
    try:
        return str(message.get(name) or "").strip()
    except (ValueError, TypeError, LookupError):
        return ""


def _sender(message: EmailMessage) -> str | None:
    return _name_of(_header(message, "From"))


def _name_of(value: str) -> str | None:
    name, address = email.utils.parseaddr(value)
    name = name.strip().strip('"')
    if name:
        return name
    return address.split("@", 1)[1] if "@" in address else (value.strip() or None)


def _date(value: object) -> str | None:
    if not value:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        from .dates import parse_date

        return parse_date(str(value))
    return moment.isoformat() if moment is not None else None


def _forwarded_fields(text: str) -> tuple[dict[str, str], int]:
    """The From/Date/Subject of a forwarded message's inner header block, if the body has one, and
    where the forwarded text starts (0 when there is no such block)."""
    found = _FORWARDED.search(text)
    if found is None:
        return {}, 0
    fields: dict[str, str] = {}
    position = found.end()
    for line in text[found.end():].split("\n")[:10]:
        match = _INNER_FIELD.match(line)
        if match is None and line.strip() and fields:
            break
        position += len(line) + 1
        if match is None:
            continue
        key = match.group(1).lower()
        key = {"de": "from", "envoyé": "date", "sent": "date", "objet": "subject"}.get(key, key)
        value = match.group(2).strip()
        if key in ("from", "date", "subject"):
            fields.setdefault(key, (_name_of(value) or value) if key == "from" else value)
    return fields, min(position, len(text))
