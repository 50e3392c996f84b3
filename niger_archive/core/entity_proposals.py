"""Owns entity-name proposals: the names in a text worth offering as entities, each with a guessed kind.

Heuristics over capitalisation, titles ("President …"), organisation words, place cues and acronyms
with their expansions. Folding names and finding mentions of known ones is :mod:`.names`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from .names import normalise_name

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
