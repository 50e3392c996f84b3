"""Owns how untrusted text reaches Qt surfaces that guess HTML: tooltips are escaped, literal and capped.

Qt shows a tooltip as rich text when its first line looks like markup (``Qt::mightBeRichText``), so a
title such as ``Budget <img src="file:///…">`` would load a local file, and ``<font>``, ``<br>`` or an
``<img width=6000>`` would restyle, fake or blow up the tooltip. Every tooltip that carries article,
bundle or user text goes through :func:`tooltip`: the text is HTML-escaped inside a ``<qt>`` document,
so Qt renders exactly the characters it was given (line breaks kept, nothing interpreted), long
unbroken runs get invisible break opportunities so the tooltip wraps, and the length is capped.
:func:`is_literal` recognises that form; the GUI guard test uses it to check every tooltip.
"""

from __future__ import annotations

import html
import re

from PySide6.QtGui import QTextDocument, Qt

PART_CHARS = 600  # each part (title, URL, snippet …) is cut after this many characters
TOOLTIP_LINES = 24  # and the tooltip after this many lines
WRAP_RUN = 48  # a run of this many non-space characters gets a break opportunity after it
ZERO_WIDTH_SPACE = "\u200b"

_LONG_RUN = re.compile(r"(\S{%d})(?=\S)" % WRAP_RUN)
# the only markup tooltip() writes: the <qt> wrapper, <br> and the entities html.escape makes
_LITERAL = re.compile(r"<qt>(?:[^<>&]|<br>|&(?:amp|lt|gt|quot|#x27);)*</qt>", re.DOTALL)


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
    text = _LONG_RUN.sub(lambda m: m.group(1) + ZERO_WIDTH_SPACE, text)
    return "<qt>" + html.escape(text, quote=True).replace("\n", "<br>") + "</qt>"


def is_literal(text: str) -> bool:
    """True when Qt would show ``text`` as written: it is not guessed to be rich text, or it is
    exactly the escaped form :func:`tooltip` writes (no element but ``<br>``, no other entity)."""
    return not text or not Qt.mightBeRichText(text) or _LITERAL.fullmatch(text) is not None


def shown_text(text: str) -> str:
    """The characters Qt shows for a tooltip (for tests and accessibility): what it guesses to be rich
    text is rendered and read back, line breaks as lines; plain text is shown as it is."""
    if not text or not Qt.mightBeRichText(text):
        return text or ""
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText().replace(ZERO_WIDTH_SPACE, "")
