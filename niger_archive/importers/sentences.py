"""Owns sentence-level reading of text: sentence splits, prose and headline shapes, comparison keys."""

from __future__ import annotations

import re
from collections.abc import Iterator

TERMINALS = ".!?…"
CLOSERS = "\"'”’»)]›"
OPENERS = "\"'“‘«([‹"

# Words that end with a full stop without ending the sentence.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt cpt sgt adm cmdr sen rep gov pres amb sec st jr sr rev
    no nos vs etc inc ltd co corp dept univ est approx fig mt ft ave blvd
    jan feb mar apr jun jul aug sep sept oct nov dec
    m mme mlle mm me
    """.split()
)
# Words a sentence does not end on (English and French): a line ending on one was wrapped.
_FUNCTION_WORDS = frozenset(
    """
    a an the of to in on at by for with from and or but nor that which who whom whose as than into
    onto over under between about after before during per via its their his her our your my this
    these those is are was were be been being has have had will would can could should may might
    not no if when while because although
    de la le les des du un une et en à au aux pour par sur dans avec que qui dont où ou mais sans
    sous entre vers chez ce cette ces son sa ses leur leurs est sont été
    """.split()
)
_WRAPPED_MIN_CHARS = 60
_BOUNDARY = re.compile(r"(?:\.\.\.|…|[.!?]+)[\"'”’»)\]]*\s+")
_INITIALISM = re.compile(r"(?:\b\w\.){2,}$")  # U.S.  e.g.  a.m.
_NOT_SPACE = re.compile(r"\S+")
# Quote, dash and space styles folded for comparisons. Applied as one str.replace per character
# present: a C scan each, about 13 times faster on article text than str.translate with a dict
# (comparison keys are taken of every line several times during an import).
_KEY_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    ("“", '"'), ("”", '"'), ("„", '"'), ("«", '"'), ("»", '"'),
    ("‘", "'"), ("’", "'"), ("‚", "'"), ("`", "'"),
    ("–", "-"), ("—", "-"), ("‒", "-"), ("−", "-"),
    ("\u00a0", " "), ("\u200b", ""), ("\u00ad", ""),
)


def comparison_key(text: str) -> str:
    """Text folded for duplicate detection: case, quote/dash styles and spacing ignored."""
    if not text.isascii():  # a flag check; "`" is the only ASCII character replaced
        for old, new in _KEY_REPLACEMENTS:
            if old in text:
                text = text.replace(old, new)
    elif "`" in text:
        text = text.replace("`", "'")
    folded = text.casefold()
    # Every whitespace character but the space is unprintable: text whose only spacing is single
    # spaces needs just its ends trimmed (the usual case, and twice as fast as splitting it).
    if folded.isprintable() and "  " not in folded:
        return folded.strip(" ")
    return " ".join(folded.split())


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with sentence punctuation (closing quotes/brackets allowed after)."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and (stripped[-1] in TERMINALS or stripped[-1] in ":;")


def ends_with_abbreviation(text: str) -> bool:
    """True when the final full stop belongs to an abbreviation (``U.S.``, ``Gen.``)."""
    stripped = text.rstrip()
    if not stripped.endswith("."):
        return False
    last = stripped.rsplit(None, 1)[-1]
    return bool(_INITIALISM.search(last)) or last[:-1].casefold().strip(OPENERS) in _ABBREVIATIONS


def words(text: str) -> list[str]:
    return text.split()


def looks_like_prose(text: str) -> bool:
    """A line of running text: long, or a full sentence of some length."""
    count = len(words(text)) if len(text) < 2000 else 21
    return count >= 20 or (count >= 8 and ends_sentence(text) and not ends_with_abbreviation(text))


def looks_wrapped(text: str) -> bool:
    """A line of running text that stops mid-sentence (a scraper's or an editor's hard wrap).

    Either it ends on a word that cannot end a sentence ("the", "of", "on"), or it is long
    and mostly lower-case words (running text, not a headline).
    """
    if ends_sentence(text):
        return False
    tokens = [w for w in words(text[-2000:]) if w[:1].isalpha()]
    if len(tokens) >= 2 and tokens[-1].casefold() in _FUNCTION_WORDS:
        return True
    if len(text) < _WRAPPED_MIN_CHARS or not tokens:
        return False
    lower = sum(1 for w in tokens if w[0].islower())
    return lower / len(tokens) >= 0.4


def starts_lower(text: str) -> bool:
    stripped = text.lstrip(OPENERS + " ")
    return bool(stripped) and stripped[0].islower()


def looks_like_headline(text: str) -> bool:
    """Shape of a headline: a few capitalised words, no closing full stop, not a URL."""
    count = len(words(text))
    if not 3 <= count <= 30 or len(text) > 250 or "://" in text or "@" in text:
        return False
    first = text.lstrip(OPENERS)[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    stripped = text.rstrip().rstrip(CLOSERS)
    if stripped.endswith((".", ";", ":", ",")) and not ends_with_abbreviation(stripped):
        return False
    return not text.islower()


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``; abbreviations and initials do not end a sentence."""
    return list(iter_sentences(text))


def iter_sentences(text: str) -> Iterator[str]:
    """The sentences of ``split_sentences``, found one at a time (for callers that may stop early)."""
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        before = text[start:match.start() + 1]
        following = text[end:end + 1]
        ellipsis = match.group(0).startswith(("...", "…"))
        if not ellipsis:
            if not following or not (following.isupper() or following.isdigit() or following in OPENERS):
                continue
            if ends_with_abbreviation(before):
                continue
        piece = text[start:end].strip()
        if piece:
            yield piece
        start = end
    tail = text[start:].strip()
    if tail:
        yield tail


def first_sentence(text: str, limit: int = 2000) -> str:
    """The first sentence of ``text`` (looking at no more than ``limit`` characters)."""
    return next(iter_sentences(text[:limit]), "")
