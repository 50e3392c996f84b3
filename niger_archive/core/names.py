"""Owns name folding, entity-name proposals from text, and finding mentions of known names."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

KINDS: tuple[str, ...] = ("person", "organisation", "place", "other")


@dataclass(frozen=True)
class NameCandidate:
    """A name worth offering as an entity: its first good occurrence at ``[start, end)``.

    ``kind`` is a guess from cues in the text (a title before it, an organisation word in it,
    "in"/"capital" before it); ``expansion`` is the spelled-out form of an acronym.
    """

    name: str
    kind: str  # "person" | "organisation" | "place" | "other"
    start: int
    end: int
    expansion: str | None = None


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


# --- proposing entity names -------------------------------------------------------------------

_TITLES = frozenset("""
    president vice prime minister secretary deputy assistant under ambassador envoy general
    lieutenant major colonel captain commander admiral sergeant corporal brigadier marshal chief
    director spokesperson spokesman spokeswoman senator sen rep representative congressman
    congresswoman governor mayor king queen prince princess sheikh emir sultan pope bishop
    archbishop imam dr mr mrs ms mme mlle sir dame lord lady chancellor premier judge justice
    chairman chairwoman chair chairperson professor prof gen lt col capt maj brig adm sgt gov
    pres amb cmdr président ministre général colonel ambassadeur secrétaire commissioner
    """.split())
_ORG_WORDS = frozenset("""
    council committee commission ministry department command agency office bureau authority
    board service services army navy force union organisation organization association
    federation party front movement alliance coalition bank fund company corporation corp inc
    ltd llc plc group university institute institution court parliament assembly senate
    congress government administration news times post press network radio television tv
    channel guard police gendarmerie community nations secretariat mission embassy consulate
    centre center foundation society club cabinet presidency treasury brigade battalion
    regiment corps conseil ministère comité assemblée armée
    """.split())
_CONNECTORS = frozenset(
    "of for the de du des la le van von der den da di del dos bin ibn on and to &".split()
)
_SPLITTING_CONNECTORS = frozenset(("and", "&", "to", "on"))
_PLACE_CUE = re.compile(
    r"(?:\b(?:in|at|from|near|across|outside|inside|into|capital|city|town|village|province|"
    r"region|district|port)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
_CALENDAR_WORDS = frozenset("""
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday
    """.split())
_FUNCTION_WORDS = frozenset("""
    the a an this that these those in on at by for from with as but and or if when while after
    before since during despite however moreover meanwhile also it he she they we i you its
    their his her our both all some many most several each every no not yet so then there here
    what who why how where which following according prior under over between among amid
    although though unlike like until through including ultimately importantly additionally
    furthermore nevertheless still thus therefore instead indeed today yesterday tomorrow
    now later earlier once only even just about again further one two three
    """.split())
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_](?:\w|[’'](?=[^\W_])|-(?=[^\W_](?!\.)))*")
_PARTICLE = re.compile(r"(?:al|el|ad|an|ar|as|ash|at|az|ed|d|l)[-'’]([^\W\d_])")
_SENTENCE_PUNCT = set('.!?…:;"“”‘’«»|•*—–-')


@dataclass
class _Tok:
    text: str
    start: int
    end: int
    cap: bool
    initial: bool = False
    dotted: bool = False
    possessive: bool = False
    sentence_initial: bool = False

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def connector(self) -> bool:
        return self.low in _CONNECTORS

    @property
    def title(self) -> bool:
        return any(part.rstrip(".") in _TITLES for part in self.low.split("-"))

    @property
    def acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters) and len(self.text) <= 10

    @property
    def calendar(self) -> bool:
        return self.low.rstrip(".") in _CALENDAR_WORDS

    @property
    def org_word(self) -> bool:
        return self.low.rstrip(".") in _ORG_WORDS


def _is_capitalised(word: str) -> bool:
    if word[0].isupper():
        # "French-backed", "Russian-led" are adjectives, not names
        return "-" not in word or not word.rsplit("-", 1)[1][:1].islower()
    m = _PARTICLE.match(word)
    return bool(m and m.group(1).isupper())


def _split_word(word: str, start: int) -> list[tuple[str, int]]:
    """Split what scraping or compounding glued together: "pictureOlga" -> "picture", "Olga"
    ("FitzGibbon" stays); "US-Niger" -> "US", "Niger" (an acronym joined to a name)."""
    m = re.match(r"([^\W\d_]*[a-z]{3,})([A-Z][a-z]+)$", word)
    if m and word[0].islower():
        return [(m.group(1), start), (m.group(2), start + m.start(2))]
    parts = word.split("-")
    if len(parts) > 1 and all(parts):
        acronyms = [p.isupper() and len(p) > 1 and p.isalpha() for p in parts]
        if any(acronyms) and not all(acronyms):
            out, pos = [], start
            for p in parts:
                out.append((p, pos))
                pos += len(p) + 1
            return out
    return [(word, start)]


def _tokens(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        for word, start in _split_word(m.group(), m.start()):
            end = start + len(word)
            tok = _Tok(word, start, end, _is_capitalised(word))
            if re.fullmatch(r"(?:[^\W\d_]\.){2,}", word):
                tok.dotted = True
            elif len(word) == 1 and word.isupper() and text[end:end + 1] == ".":
                tok.text, tok.end, tok.initial = word + ".", end + 1, True
            elif re.search(r"[’']s$", word, re.IGNORECASE) and len(word) > 2:
                tok.text, tok.end, tok.possessive = word[:-2], end - 2, True
            i = start - 1
            while i >= 0 and text[i] in " \t":
                i -= 1
            tok.sentence_initial = i < 0 or text[i] == "\n" or text[i] in _SENTENCE_PUNCT
            toks.append(tok)
    return toks


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Spans of Title Case lines without closing punctuation (headlines, menus), where capitals
    say nothing about names."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) >= 4]
        if (len(words) >= 5 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)
                and len(line.split()) <= 25 and not re.search(r"[.!?:;]\W*$", line)):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _runs(toks: list[_Tok], text: str) -> list[list[_Tok]]:
    """Maximal sequences of capitalised words, joined by connectors, within one line."""
    runs: list[list[_Tok]] = []
    i = 0
    n = len(toks)

    def joined(a: _Tok, b: _Tok) -> bool:
        gap = text[a.end:b.start]
        if not re.fullmatch(r"[ \t]+", gap) or a.possessive:
            return False
        if b.sentence_initial and (a.dotted or a.initial) and b.low in _FUNCTION_WORDS:
            return False
        return True

    def name_word(t: _Tok) -> bool:
        return t.cap and not t.calendar and not t.connector

    while i < n:
        if not name_word(toks[i]):
            i += 1
            continue
        run = [toks[i]]
        j = i + 1
        while j < n:
            if name_word(toks[j]) and joined(run[-1], toks[j]):
                run.append(toks[j])
                j += 1
                continue
            # connectors are kept only when a capitalised word follows them
            k = j
            while k < n and toks[k].connector and joined(toks[k - 1], toks[k]):
                k += 1
            if k > j and k < n and name_word(toks[k]) and joined(toks[k - 1], toks[k]):
                run.extend(toks[j:k + 1])
                j = k + 1
                continue
            break
        runs.append(run)
        i = j
    return runs


def _split_segments(run: list[_Tok]) -> list[list[_Tok]]:
    """Split a run at "and"/"to"/"on" unless they sit inside a title's complement
    ("Ambassador to Niger", "Secretary of Defense for Special Operations and Low Intensity
    Conflict"); a title within the next three words starts a new segment ("... Kurt Campbell
    and Nigerian Prime Minister Ali Lamine Zeine")."""
    segments: list[list[_Tok]] = []
    current: list[_Tok] = []
    for idx, tok in enumerate(run):
        if tok.low in _SPLITTING_CONNECTORS:
            ahead = run[idx + 1:idx + 4]
            title_follows = any(t.title for t in ahead if not t.connector)
            in_title = any(t.title for t in current)
            if in_title and ahead and not title_follows:
                current.append(tok)
                continue
            segments.append(current)
            current = []
            continue
        current.append(tok)
    segments.append(current)
    out = []
    for seg in segments:
        while seg and seg[0].connector:
            seg = seg[1:]
        while seg and seg[-1].connector:
            seg = seg[:-1]
        if seg:
            out.append(seg)
    return out


def _person_after_title(seg: list[_Tok]) -> list[_Tok] | None:
    """The person named after a title ("Deputy Secretary of State Kurt M. Campbell" ->
    Kurt M. Campbell); None when the segment is not title-led or names nobody."""
    first = next((i for i, t in enumerate(seg) if t.title), None)
    if first is None or first > 2 or any(t.connector for t in seg[:first]):
        return None
    j = first
    while j < len(seg) and seg[j].title:
        j += 1
    rest = seg[j:]
    if not rest:
        return []
    if rest[0].connector:
        # a complement ("of State", "to Niger"): at least one word of it, the name at the end
        c = 0
        while c < len(rest) and rest[c].connector:
            c += 1
        tail = rest[c + 1:]
        if not tail or tail[-1].connector:
            return []
        k = len(tail) - 1
        while k > 0 and tail[k - 1].initial:
            k -= 1
        if k > 0 and not tail[k - 1].connector and not tail[k - 1].acronym:
            k -= 1
        name = tail[k:]
    else:
        cut = next((i for i, t in enumerate(rest) if t.connector), len(rest))
        name = rest[:cut]
    if any(t.org_word or t.acronym or t.title or t.connector for t in name):
        return []
    return name


def _org_tail(seg: list[_Tok]) -> list[_Tok]:
    """"Programs for U.S. Africa Command" -> "U.S. Africa Command": an organisation named
    after a connector, when the words before it are not an organisation's name."""
    if not seg[-1].org_word:
        return seg
    connectors = [i for i, t in enumerate(seg) if t.low in ("of", "for")]
    if not connectors:
        return seg
    head = seg[:connectors[0]]
    tail = seg[connectors[-1] + 1:]
    while tail and tail[0].connector:
        tail = tail[1:]
    if any(t.org_word for t in head) or len(tail) < 2:
        return seg
    return tail


_KIND_RANK = {"other": 0, "place": 1, "organisation": 2, "person": 3}
_DEMONYM = re.compile(r"(?:ian|ean|ien|ese|ish|ern|can|ch)$")


def _adjective_use(tok: _Tok, text: str) -> bool:
    """A nationality adjective before a common noun ("in American and French initiatives",
    "the West African nation") names no place."""
    return bool(_DEMONYM.search(tok.low)) and bool(re.match(r" +[a-z]", text[tok.end:]))


def propose_entities(text: str) -> list[NameCandidate]:
    """Names in ``text`` worth offering as entities, one per normalised name, in text order.

    Multi-word capitalised names, acronyms with their expansions ("Expansion (ACR)", "ACR,
    [Expansion]"), and people named after a title (the title is not part of the name).
    Sentence-initial words count only if the text also capitalises them mid-sentence;
    months, weekdays and Title Case headline lines are ignored. Kinds are guesses from cues.
    """
    toks = _tokens(text)
    headlines = _headline_lines(text)
    lower_words = {t.low for t in toks if t.text[0].islower()}
    midcap: dict[str, set[int]] = {}
    for t in toks:
        if t.cap and not t.sentence_initial:
            midcap.setdefault(t.text, set()).add(t.start)

    def capitalised_elsewhere(tok: _Tok) -> bool:
        return bool(midcap.get(tok.text, set()) - {tok.start})

    headline_starts = [s for s, _ in headlines]

    def in_headline(pos: int) -> bool:
        i = bisect.bisect_right(headline_starts, pos) - 1
        return i >= 0 and pos < headlines[i][1]

    found: list[tuple[list[_Tok], str]] = []  # (tokens, kind)
    people_surnames: set[str] = set()
    for run in _runs(toks, text):
        if in_headline(run[0].start):
            continue
        for seg in _split_segments(run):
            person = _person_after_title(seg)
            if person is not None:
                if person:
                    found.append((person, "person"))
                    people_surnames.add(person[-1].low)
                continue
            if seg[0].sentence_initial and not seg[0].acronym:
                first = seg[0]
                if len(seg) == 1:
                    if not capitalised_elsewhere(first) or first.low in _FUNCTION_WORDS:
                        continue
                elif first.low in _FUNCTION_WORDS or first.low in lower_words:
                    seg = seg[1:]
                    while seg and seg[0].connector:
                        seg = seg[1:]
                    if not seg or (len(seg) == 1 and not capitalised_elsewhere(seg[0])
                                   and not seg[0].acronym):
                        continue
            seg = _org_tail(seg)
            if len(seg) == 1 and (len(seg[0].text) < 2 or seg[0].low in _FUNCTION_WORDS):
                continue
            if any(t.org_word for t in seg):
                kind = "organisation"
            elif (_PLACE_CUE.search(text[max(0, seg[0].start - 30):seg[0].start])
                  and not _adjective_use(seg[-1], text)):
                kind = "place"
            else:
                kind = "other"
            found.append((seg, kind))

    # Acronyms and their expansions.
    expansions: dict[int, str] = {}  # index in found -> expansion
    by_start = {seg[0].start: i for i, (seg, _) in enumerate(found)}
    for i, (seg, kind) in enumerate(found):
        end = seg[-1].end
        if len(seg) >= 2:
            m = re.match(r"\s*[(\[]\s*([^\W\d_][\w.&-]{1,9})\s*[)\]]", text[end:])
            if m and _Tok(m.group(1), 0, 0, True).acronym:
                j = by_start.get(end + m.start(1))
                if j is not None:
                    expansions[j] = text[seg[0].start:end]
                    if kind == "other":
                        found[i] = (seg, "organisation")
        elif seg[0].acronym:
            m = re.match(r"\s*,?\s*[(\[]\s*", text[end:])
            if m:
                j = by_start.get(end + m.end())
                if j is not None and len(found[j][0]) >= 2:
                    exp_seg = found[j][0]
                    if re.match(r"\s*,?\s*[)\]]", text[exp_seg[-1].end:]):
                        expansions.setdefault(i, text[exp_seg[0].start:exp_seg[-1].end])
                        if found[j][1] == "other":
                            found[j] = (exp_seg, "organisation")

    # Merge occurrences by normalised name.
    groups: dict[str, dict[str, Any]] = {}
    for i, (seg, kind) in enumerate(found):
        start, end = seg[0].start, seg[-1].end
        name = text[start:end]
        name = re.sub(r"\s+", " ", name)
        if len(seg) == 1 and seg[0].low in people_surnames and kind != "person":
            continue  # "Zeine" after "Prime Minister Ali Lamine Zeine": a short mention
        key = normalise_name(name)
        if kind == "person":
            key = " ".join(w for w in key.split() if len(w) > 1) or key
        if not key:
            continue
        expansion = expansions.get(i)
        if expansion is not None:
            expansion = re.sub(r"\s+", " ", expansion)
            if kind == "other":
                kind = "organisation"
        g = groups.get(key)
        if g is None:
            groups[key] = {"name": name, "start": start, "end": end, "kind": kind,
                           "expansion": expansion}
            continue
        if _KIND_RANK[kind] > _KIND_RANK[g["kind"]]:
            g["kind"] = kind
        if g["expansion"] is None and expansion is not None:
            g["expansion"] = expansion
        if g["name"].isupper() and not name.isupper() and len(name) > 3:
            g.update(name=name, start=start, end=end)  # prefer "Niger" to "NIGER"
    out = [NameCandidate(g["name"], g["kind"], g["start"], g["end"], g["expansion"])
           for g in groups.values()]
    out.sort(key=lambda c: c.start)
    return out


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
