"""Owns name folding and finding mentions of known names (and a name's form in the other language).

Proposing names from text as new entities is :mod:`.entity_proposals`.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# --- folding ----------------------------------------------------------------------------------

# Letters that Unicode does not decompose but that readers treat as accented Latin letters.
_EXTRA_FOLDS = {"ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ı": "i", "ŀ": "l", "ð": "d",
                "þ": "th", "æ": "ae", "œ": "oe", "ß": "ss", "ŧ": "t", "ɲ": "n", "ŋ": "n"}


@lru_cache(maxsize=None)
def _fold_char(ch: str) -> str:
    """One character, case-folded with accents removed (may be "", one or several characters)."""
    low = ch.casefold()
    out = []
    for c in unicodedata.normalize("NFKD", low):
        if unicodedata.combining(c):
            continue
        out.append(_EXTRA_FOLDS.get(c, c))
    return "".join(out).casefold()


def _fold(text: str) -> str:
    return "".join(_fold_char(c) for c in text)


_WORD = re.compile(r"[^\W_]+")


def _canonical(folded: str) -> str:
    """Word runs of folded text joined by single spaces; runs of one-letter words are joined
    into one word, so "U.S.", "U. S." and "US" all give "us"."""
    out: list[str] = []
    letters: list[str] = []
    for word in _WORD.findall(folded):
        if len(word) == 1:
            letters.append(word)
            continue
        if letters:
            out.append("".join(letters))
            letters = []
        out.append(word)
    if letters:
        out.append("".join(letters))
    return " ".join(out)


def normalise_name(name: str) -> str:
    """Comparison key of a name: case-folded, accents stripped, punctuation and whitespace
    collapsed to single spaces, initials joined ("U.S." -> "us", "Kurt M. Campbell" ->
    "kurt m campbell", "États-Unis" -> "etats unis")."""
    return _canonical(_fold(name))


class _FoldedText:
    """A text folded character by character, with a map from folded offsets back to the
    original's code-point offsets (folding may drop a combining mark or turn "ß" into "ss")."""

    def __init__(self, text: str) -> None:
        if text.isascii():
            self.folded = text.lower()
            self._ends: list[int] = []
            return
        table: dict[int, str] = {}
        changing: list[str] = []
        for ch in set(text):
            f = _fold_char(ch)
            if f != ch:
                table[ord(ch)] = f
            if len(f) != 1:
                changing.append(ch)
        self.folded = text.translate(table)
        self._starts: list[int] = []
        self._ends = []
        self._shift: list[int] = []
        if not changing:
            return
        shift = 0
        pattern = re.compile("[" + "".join(re.escape(c) for c in changing) + "]")
        for m in pattern.finditer(text):
            i = m.start()
            length = len(_fold_char(text[i]))
            fs = i + shift
            shift += length - 1
            self._starts.append(fs)
            self._ends.append(fs + length)
            self._shift.append(shift)

    def to_original(self, offset: int) -> int | None:
        """Original offset of a folded offset; None if it falls inside one character's fold."""
        if not self._ends:
            return offset
        j = bisect.bisect_right(self._ends, offset) - 1
        k = j + 1
        if k < len(self._starts) and self._starts[k] < offset:
            return None
        return offset - (self._shift[j] if j >= 0 else 0)


# --- finding mentions -------------------------------------------------------------------------

_SEPARATOR = r"[\W_]{1,3}"
_DOTTED_END = re.compile(r"\.\s?[^\W_]$")


def _token_pattern(token: str) -> str:
    if len(token) <= 4:
        # a short word may be written as an acronym with dots: "us" matches "U.S." and "U. S."
        return r"[\W_]{0,3}".join(re.escape(c) for c in token)
    return re.escape(token)


def _is_short_acronym(name: str) -> bool:
    letters = [c for c in name if not c.isspace() and c != "."]
    return 1 < len(letters) <= 3 and all(c.isalpha() and c.isupper() for c in letters)


class MentionMatcher:
    """A compiled set of names; ``find(text)`` returns every mention in one regex pass.

    Short all-capital acronyms ("US", "UN", "WHO") only match where the text writes them in
    capitals too, so that the pronoun "us" is not a mention of the United States.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self._by_key: dict[str, str] = {}
        self._case_sensitive: dict[str, bool] = {}
        for name in names:
            key = normalise_name(name)
            if not key:
                continue
            if key not in self._by_key:
                self._by_key[key] = name
                self._case_sensitive[key] = _is_short_acronym(name)
            else:
                self._case_sensitive[key] = self._case_sensitive[key] and _is_short_acronym(name)
        keys = sorted(self._by_key, key=lambda k: (-len(k), k))
        alternatives = [_SEPARATOR.join(_token_pattern(t) for t in key.split()) for key in keys]
        self._regex = (
            re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)") if keys else None
        )

    def find(self, text: str) -> list[tuple[int, int, str]]:
        if self._regex is None or not text:
            return []
        folded = _FoldedText(text)
        out: list[tuple[int, int, str]] = []
        search = self._regex.search
        pos = 0
        while True:
            m = search(folded.folded, pos)
            if m is None:
                break
            found = self._accept(m, text, folded)
            if found is None:  # look again just after this start: a later match may fit
                pos = m.start() + 1
                continue
            out.append(found)
            pos = m.end()
        return out

    def _accept(self, m: re.Match[str], text: str,
                folded: _FoldedText) -> tuple[int, int, str] | None:
        start = folded.to_original(m.start())
        end = folded.to_original(m.end())
        if start is None or end is None or start >= end:
            return None
        key = _canonical(m.group())
        name = self._by_key.get(key)
        if name is None:
            return None
        if self._case_sensitive[key] and any(c.islower() for c in text[start:end]):
            return None
        if text[end:end + 1] == "." and _DOTTED_END.search(text, start, end):
            end += 1  # "U.S." keeps its last dot
        return start, end, name


def find_mentions(text: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    """Whole-word, case- and accent-insensitive occurrences of ``names`` in ``text``.

    Returns ``(start, end, name)`` with code-point offsets into the original ``text``, in text
    order, never overlapping; where two names could match at the same place the longer one
    wins. Punctuation and spacing inside a name are flexible ("Kurt M. Campbell" matches
    "Kurt M Campbell", "Etats-Unis" matches "États Unis"). For many texts, build a
    ``MentionMatcher`` once and call ``find`` on each.
    """
    return MentionMatcher(names).find(text)


# --- the same name in French and in English ---------------------------------------------------

# Names of this story that French writes otherwise than English (issue 17). Each row is one name:
# its English form first, then French forms. Matching is on normalised names, so accents, case and
# hyphens do not matter ("Etats-Unis", "ÉTATS UNIS").
_FRENCH_ENGLISH: tuple[tuple[str, ...], ...] = (
    ("United States", "États-Unis", "Etats-Unis"),
    ("Pentagon", "Pentagone"),
    ("State Department", "Département d'État", "département d’État"),
    ("Department of Defense", "département de la Défense", "ministère américain de la Défense"),
    ("White House", "Maison Blanche", "Maison-Blanche"),
    ("United Nations", "Nations unies", "ONU"),
    ("UN", "ONU"),
    ("African Union", "Union africaine"),
    ("European Union", "Union européenne"),
    ("ECOWAS", "CEDEAO"),
    ("Economic Community of West African States",
     "Communauté économique des États de l'Afrique de l'Ouest"),
    ("National Council for the Safeguard of the Homeland", "Conseil national pour la sauvegarde de la patrie"),
    ("Russia", "Russie"),
    ("Germany", "Allemagne"),
    ("Italy", "Italie"),
    ("Chad", "Tchad"),
    ("Moscow", "Moscou"),
    ("Sahel", "Sahel"),
    ("Deputy Secretary of State", "secrétaire d'État adjoint", "vice-secrétaire d'État"),
    ("Secretary of State", "secrétaire d'État"),
    ("Defense Secretary", "secrétaire à la Défense"),
    ("Air Base 201", "base aérienne 201"),
    ("Wagner Group", "groupe Wagner"),
)
_OTHER_FORMS: dict[str, tuple[str, ...]] = {}
for _row in _FRENCH_ENGLISH:
    for _form in _row:
        _key = normalise_name(_form)
        _OTHER_FORMS[_key] = tuple(dict.fromkeys((*_OTHER_FORMS.get(_key, ()), *(f for f in _row if f != _form))))


def other_language_forms(names: Iterable[str]) -> list[str]:
    """The French forms of English names and the English forms of French ones ("United States" ->
    "États-Unis", "Pentagone" -> "Pentagon"), for the names that have one; no name twice."""
    given = {normalise_name(n) for n in names}
    out: list[str] = []
    for name in names:
        for form in _OTHER_FORMS.get(normalise_name(name), ()):
            if normalise_name(form) not in given and form not in out:
                out.append(form)
    return out
