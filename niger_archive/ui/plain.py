"""Owns how untrusted text reaches Qt surfaces that guess HTML: tooltips are escaped, literal and capped.

Qt shows a tooltip as rich text when its first line looks like markup (``Qt::mightBeRichText``), so a
title such as ``Budget <img src="file:///…">`` would load a local file, and ``<font>``, ``<br>`` or an
``<img width=6000>`` would restyle, fake or blow up the tooltip. Every tooltip that carries article,
bundle or user text goes through :func:`tooltip`: the text is HTML-escaped inside a ``<qt>`` document,
one paragraph per line, so Qt renders exactly the characters it was given (nothing interpreted); short
lines stay whole, long ones wrap (long unbroken runs get invisible break opportunities), and the
length is capped.
:func:`is_literal` recognises that form; the GUI guard test uses it to check every tooltip.
"""

from __future__ import annotations

import html
import re

from PySide6.QtGui import QTextDocument, Qt

PART_CHARS = 600  # each part (title, URL, snippet …) is cut after this many characters
TOOLTIP_LINES = 24  # and the tooltip after this many lines
NOWRAP_CHARS = 80  # a line up to this long is shown on one line; a longer one wraps
WRAP_RUN = 48  # in a line that wraps, a run of this many non-space characters gets a break opportunity
ZERO_WIDTH_SPACE = "\u200b"

_LONG_RUN = re.compile(r"(\S{%d})(?=\S)" % WRAP_RUN)
# the only markup tooltip() writes: the <qt> wrapper, one <p> per line, the entities html.escape makes
_LITERAL = re.compile(r'<qt>(?:<p(?: style="white-space:pre")?>(?:[^<>&]|&(?:amp|lt|gt|quot|#x27);)*</p>)*</qt>')


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def tooltip(*parts: object) -> str:
    """Untrusted text as a tooltip Qt shows literally: each non-empty part on its own line(s).

    Returns "" when every part is empty (Qt then shows no tooltip)."""
    lines: list[str] = []
    for part in parts:
        if part is None or part == "":
            continue
        lines.extend(_cut(str(part), PART_CHARS).splitlines() or [""])
    if len(lines) > TOOLTIP_LINES:
        lines = lines[:TOOLTIP_LINES - 1] + ["…"]
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        return ""
    return "<qt>" + "".join(_paragraph(line) for line in text.split("\n")) + "</qt>"


def _paragraph(line: str) -> str:
    """One line of a tooltip: a short one stays on one line (as a plain tooltip would show it), a
    long one wraps, with break opportunities in long unbroken runs (URLs) so it fits the screen."""
    if len(line) <= NOWRAP_CHARS:
        return f'<p style="white-space:pre">{html.escape(line, quote=True)}</p>'
    return f"<p>{html.escape(_LONG_RUN.sub(lambda m: m.group(1) + ZERO_WIDTH_SPACE, line), quote=True)}</p>"


def is_literal(text: str) -> bool:
    """True when Qt would show ``text`` as written: it is not guessed to be rich text, or it is
    exactly the escaped form :func:`tooltip` writes (only its paragraphs, only escaped characters)."""
    return not text or not Qt.mightBeRichText(text) or _LITERAL.fullmatch(text) is not None


def shown_text(text: str) -> str:
    """The characters Qt shows for a tooltip (for tests and accessibility): what it guesses to be rich
    text is rendered and read back, line breaks as lines; plain text is shown as it is."""
    if not text or not Qt.mightBeRichText(text):
        return text or ""
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText().replace(ZERO_WIDTH_SPACE, "")
