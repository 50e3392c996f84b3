"""Owns reading quantities (number, unit, hedging qualifier) out of claim text and comparing them."""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from .messages import N_, Amount, Message, joined
from .temporal import find_dates
from .units import (  # the unit lexicon; normalise_unit and unit_owner are re-exported
    _CURRENCY_SYMBOLS,
    _FRENCH_POSTMODIFIERS,
    _IRREGULAR_PLURALS,
    _OWNERS,
    _TROOP_WORDS,
    normalise_unit,
    unit_owner,
)

QUALIFIERS: tuple[str, ...] = (
    "less than", "more than", "about", "nearly", "at least", "up to", "exactly", "between", "odd",
)

# The stated tolerance of a hedged figure: "about 1,000" is read as 900-1,100, "nearly 1,000"
# as 900 up to (not including) 1,000, "1,000-odd" as 1,000-1,100.
ABOUT_TOLERANCE = 0.10

# What each qualifier means, said in the words a comparison explains itself with.
QUALIFIER_MEANINGS: dict[str, str] = {
    "less than": "below the figure",
    "more than": "above the figure",
    "about": f"within ±{ABOUT_TOLERANCE:.0%} of the figure",
    "nearly": f"up to {ABOUT_TOLERANCE:.0%} below the figure, not reaching it",
    "at least": "the figure or more",
    "up to": "anything up to the figure",
    "exactly": "the figure as stated",
    "between": "anywhere in the range",
    "odd": f"the figure or up to {ABOUT_TOLERANCE:.0%} more",
}

# Wording -> qualifier. Longer phrases are tried first ("just under" before "under").
_QUALIFIER_PHRASES: dict[str, tuple[str, ...]] = {
    "less than": ("less than", "fewer than", "under", "below", "well under", "well below",
                  "lower than"),
    "more than": ("more than", "over", "above", "upwards of", "upward of", "in excess of",
                  "greater than", "just over", "well over", "well above", "higher than",
                  "exceeding"),
    "about": ("about", "approximately", "approx.", "around", "roughly", "some", "an estimated",
              "estimated", "circa", "ca.", "~", "an approximate"),
    "nearly": ("nearly", "almost", "close to", "just under", "just below", "just shy of"),
    "at least": ("at least", "no fewer than", "no less than", "not less than", "not fewer than",
                 "a minimum of", "as few as", "as little as", "as low as"),
    # "not more than X" allows X itself, so it is an upper bound like "up to", not "less than".
    "up to": ("up to", "as many as", "as much as", "a maximum of", "at most", "no more than",
              "not more than"),
    "exactly": ("exactly", "precisely", "a total of"),
}
# The same qualifiers in French ("environ 1 000 soldats", "plus d'un millier", "jusqu'à 1 500").
# A phrase ending in an elided "d'" / "jusqu'à" is glued to the figure that follows it.
_FRENCH_QUALIFIER_PHRASES: dict[str, tuple[str, ...]] = {
    "less than": ("moins de", "moins d'", "moins d’", "un peu moins de", "un peu moins d'",
                  "bien moins de", "inférieur à", "en deçà de", "en dessous de"),
    "more than": ("plus de", "plus d'", "plus d’", "un peu plus de", "un peu plus d'",
                  "bien plus de", "au-delà de", "au delà de", "supérieur à"),
    "about": ("environ", "quelque", "autour de", "approximativement", "à peu près", "grosso modo",
              "un total estimé de", "près d'environ"),
    "nearly": ("près de", "près d'", "près d’", "presque", "pas loin de", "quasiment", "quasi",
               "tout près de"),
    "at least": ("au moins", "au minimum", "pas moins de", "pas moins d'", "au bas mot"),
    "up to": ("jusqu'à", "jusqu’à", "au plus", "au maximum", "tout au plus", "pas plus de",
              "pas plus d'", "un maximum de"),
    "exactly": ("exactement", "précisément", "au total", "un total de", "très exactement"),
}
# "quelques 1 000 soldats" (a common spelling of "quelque") hedges a figure; "quelques
# centaines" is a vague plural, read as the least it allows.
_FRENCH_QUALIFIER_PHRASES["about"] += ("quelques",)
for _q, _phrases in _FRENCH_QUALIFIER_PHRASES.items():
    _QUALIFIER_PHRASES[_q] = _QUALIFIER_PHRASES[_q] + _phrases
_QUALIFIER_OF: dict[str, str] = {
    re.sub(r"\s+", " ", p): q for q, phrases in _QUALIFIER_PHRASES.items() for p in phrases
}
_POST_QUALIFIERS = {"or more": "at least", "or so": "about", "or fewer": "up to",
                    "or less": "up to", "ou plus": "at least", "ou moins": "up to", "et plus": "at least",
                    "+": "at least", "-plus": "at least", "-odd": "odd",
                    "odd": "odd", "-strong": "exactly"}

_UNITS_1_19 = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
               "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SPELLED: dict[str, int] = {w: i + 1 for i, w in enumerate(_UNITS_1_19)}
for _i, _t in enumerate(_TENS):
    _SPELLED[_t] = (_i + 2) * 10
    for _j, _u in enumerate(_UNITS_1_19[:9]):
        _SPELLED[f"{_t}-{_u}"] = (_i + 2) * 10 + _j + 1
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9,
           "millions": 1e6, "milliard": 1e9, "milliards": 1e9, "mille": 1e3, "md": 1e9, "mds": 1e9}
# Vague plurals: the least value the wording allows (read with the "at least" qualifier).
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "millions": 2e6,
          "billions": 2e9, "tens of thousands": 2e4, "dozens of thousands": 2.4e4,
          "hundreds of thousands": 2e5, "tens of millions": 2e7, "hundreds of millions": 2e8,
          # French: "des centaines", "plusieurs milliers", "des dizaines de milliers"
          "dizaines": 20, "centaines": 200, "milliers": 2000, "milliards": 2e9,
          "dizaines de milliers": 2e4, "centaines de milliers": 2e5, "dizaines de millions": 2e7,
          "centaines de millions": 2e8}
# French number words: "deux mille", "trois cents", "vingt-cinq", "soixante-dix", "quatre-vingt-dix".
_FR_UNITS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
             "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
             "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50,
             "soixante": 60, "cent": 100, "cents": 100, "mille": 1000}
_FR_JOINED_UNITS = {"une": 1, "un": 1, "onze": 11}  # only after "et": "vingt et un", "soixante et onze"
# Approximate nouns: "une dizaine" is about ten, "un millier" about a thousand.
_FR_APPROX = {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
              "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
              "millier": 1000}


def _alt(phrases) -> str:
    parts = {r"\s+".join(re.escape(w) for w in p.split()) for p in phrases}
    return "|".join(sorted(parts, key=len, reverse=True))


# Digits as English and French write them: "1,000.5"; "1 000", "1\u00a0000", "1\u202f000" (space,
# no-break or thin space between groups of three), "1.000" (dot between groups of three), each
# with an optional comma decimal ("2,5", "1 000,5"); a comma followed by other than three digits
# is a decimal comma ("2,5 millions"), followed by three a thousands separator ("1,000").
_GROUP_SPACE = "[ \u00a0\u202f\u2009]"
_DIGITS = (r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
           rf"|\d{{1,3}}(?:{_GROUP_SPACE}\d{{3}})+(?:,\d+)?(?!{_GROUP_SPACE}?\d)"
           r"|[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?(?![.,]?\d)"
           r"|\d+,(?:\d{1,2}|\d{4,})(?![\d,])"
           r"|\d+(?:\.\d+)?")
_FR_WORD = "|".join(sorted(_FR_UNITS, key=len, reverse=True))
_FR_SPELLED = (rf"(?:{_FR_WORD})(?:(?:[\s-]+|[\s-]+et[\s-]+)(?:{_FR_WORD}))*"
               r"(?:[\s-]+et[\s-]+(?:une?|onze))?")
_NUMBER_CORE = rf"""
    (?:
        (?P<digits>{_DIGITS})(?![\d]|[.,:/]\d)
      | (?P<vague>{_alt(_VAGUE)})(?![\w-])
      | (?P<approx>une?)\s+(?P<approxnoun>{_alt(_FR_APPROX)})(?![\w])
      | (?P<spelled>{_alt(_SPELLED)})(?![\w])
      | (?P<frspelled>{_FR_SPELLED})(?![\w])
      | (?P<article>an?|une?)(?=\s+(?:dozen|hundred|thousand|million|billion|trillion|milliard)\b)
    )
    (?:(?<=\d)(?P<abbr>bn|mn|m|k|b|Mds?)(?![\w])
      | \s+(?P<scale>hundred|thousand|millions?|billion|trillion|milliards?)(?![\w]))?
    (?:\s+(?P<dozen>dozen)(?![\w]))?
"""
_QTY = re.compile(
    rf"""
    (?<![\w.,$€£¥+#:/-])
    (?:(?P<qual>{_alt(_QUALIFIER_OF)})(?:\s+|(?<=[~'’])\s*))?
    (?:(?P<cur>US\$|C\$|A\$|\$|€|£|¥|₦|USD|EUR|GBP)\s?)?
    {_NUMBER_CORE}
    (?P<pct>\s?%|\s+percent(?![\w])|\s+per\s+cent(?![\w])|\s+pct(?![\w])|\s+pour\s*cent(?![\w]))?
    (?P<pcur>\s?(?:€|\$|£|FCFA|F\s?CFA)(?![\w]))?
    (?:-(?!(?:plus|odd|strong)(?![\w-]))(?P<hunit>[a-z]+)(?P<old>-old)?(?![\w-]))?
    (?P<post>\+(?![\w])|-(?:plus|odd|strong)(?![\w])|\s+odd(?=\s+[a-z])|\s+or\s+(?:more|so|fewer|less)(?![\w])
       |\s+(?:ou|et)\s+plus(?![\w])|\s+ou\s+moins(?![\w]))?
    (?![\w])
    """,
    re.IGNORECASE | re.VERBOSE,
)
_RANGE = re.compile(
    rf"""
    (?<![\w.,$€£¥+#:/-])
    (?:(?P<qual>{_alt(_QUALIFIER_OF)})\s+)?
    (?:(?P<between>between|entre)\s+|(?P<from>from|de)\s+)?
    (?:(?P<cur>US\$|\$|€|£)\s?)?
    (?P<a>{_DIGITS})(?:\s+(?P<ascale>hundred|thousand|millions?|billion|milliards?))?
    (?(between)\s+(?:and|et)\s+|(?:\s*[-–—]\s*|\s+(?:to|à)\s+))
    (?:(?:US\$|\$|€|£)\s?)?
    (?P<b>{_DIGITS})(?:\s+(?P<bscale>hundred|thousand|millions?|billion|milliards?))?
    (?![\w]|[.,:/]\d)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_TRAILING_POST = re.compile(r"\s+(or\s+(?:more|so|fewer|less)|ou\s+(?:plus|moins)|et\s+plus)(?![\w])",
                            re.IGNORECASE)
_MASKS = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+|\+?\d[\d ().-]{7,}\d|\b\d{1,2}:\d{2}(?::\d{2})?\b"
)
_UNIT_TOKEN = re.compile(r"[ \t\u00a0\u202f]+(?:\n[ \t]*)?(?P<tok>[^\W\d_][\w'’.-]*)")

_STOP = frozenset("""
    a an the this that these those its their his her our my your it they them we he she you i
    in of to from for and or but at on by with into onto per as than then there here who whom
    whose which what when where while since during after before over under about above below
    is are was were be been being will would shall should can could may might must do does did
    have has had not no nor so if each every more less most least also already still only just
    currently reportedly now last next such other another said says say according between among
    across within without against toward towards through until including
    le la les l' l’ un une des de du d' d’ et ou à au aux en dans sur par pour avec sans qui que
    qu' qu’ dont ce cet cette ces son sa ses leur leurs notre nos plus moins encore déjà selon
    entre contre depuis pendant avant après jusqu'à vers chez est sont était étaient sera seront
    été ont avait avaient ne pas se s' s’ y il ils elle elles on
""".split())
# Verbs that follow a bare figure ("650 remain", "1,000 left"): the figure names no unit.
_VERBS = frozenset("""
    remain remains remained stay stays stayed left leave leaves serve serves served are were
    was is will would have has had died die arrived arrive returned return withdrew withdraw
    restent reste resteront restaient demeurent demeure sont étaient seront sont ont avaient
    auparavant actuellement encore aujourd'hui désormais toujours
    """.split())
# Modifiers dropped before the head noun when normalising ("U.S. military personnel").
_MODIFIERS = frozenset(
    "military foreign armed active active-duty additional extra more other new combat ground "
    "american us u.s. u.s foreign-born".split()
)
_YEAR_CUES = frozenset(
    "the in since by until till from during before after of early late mid through "
    "throughout around circa year summer spring autumn fall winter "
    "en depuis fin début debut mi dès des jusqu'en courant avant après an année l'année l'an été "
    "printemps automne hiver".split()
)


@dataclass(frozen=True)
class Quantity:
    """A figure said in a text: an interval of values with a subject, and where it was said.

    ``value`` is the figure (the low end of a range, whose high end is ``high``); ``qualifier``
    is one of QUALIFIERS ("exactly" when the text hedges nothing); ``unit`` is the normalised
    family of what is counted ("troops", "USD", "%"...). The subject of the figure is the unit,
    whose forces it counts when the sentence says so (``who``: "US", "France"...) and, when the
    sentence sets it apart, its time frame (``frame``: "earlier" for "before the coup", "down
    from 1,100"; "now" for "remain", "currently"). ``start`` and ``end`` are code-point offsets
    of ``text`` in the string that was parsed.
    """

    value: float
    unit: str | None
    qualifier: str
    text: str
    start: int
    end: int
    high: float | None = None
    who: str | None = None
    frame: str | None = None

    def interval(self) -> tuple[float, float]:
        """The closed range of true values the wording allows.

        Open bounds ("less than 1,000" excludes 1,000) are the nearest float inside the bound,
        so "less than X" and "more than X" never overlap while "about X" overlaps both.
        """
        x = self.value
        below = math.nextafter(x, -math.inf)
        above = math.nextafter(x, math.inf)
        q = self.qualifier
        t = ABOUT_TOLERANCE
        if self.high is not None:
            lo, hi = min(x, self.high), max(x, self.high)
            if q in ("about", "nearly"):
                return _times(lo, 1 - t), _times(hi, 1 + t)
            if q == "up to":
                return min(0.0, lo), hi
            if q in ("more than", "at least"):
                return lo, math.inf
            return lo, hi
        if q == "less than":
            return -math.inf, below
        if q == "more than":
            return above, math.inf
        if q == "about":
            return min(_times(x, 1 - t), _times(x, 1 + t)), max(_times(x, 1 - t), _times(x, 1 + t))
        if q == "nearly":
            return min(_times(x, 1 - t), _times(x, 1 + t)), below
        if q == "odd":
            return x, _times(x, 1 + t)
        if q == "at least":
            return x, math.inf
        if q == "up to":
            return min(0.0, x), x
        return x, x

    def subject(self) -> str:
        """What the figure counts, in words: "US troops (now)"."""
        unit = N_(self.unit) if self.unit else N_("(no unit)")
        words = Message("{who} {unit}", who=N_(self.who), unit=unit) if self.who else unit
        return Message("{subject} ({frame})", subject=words, frame=N_(self.frame)) if self.frame else words

    def same_subject(self, other: "Quantity") -> bool:
        """Both count the same thing: the same unit family, no two different forces named,
        and no two different time frames named."""
        if normalise_unit(self.unit) != normalise_unit(other.unit):
            return False
        if self.who and other.who and self.who != other.who:
            return False
        return not (self.frame and other.frame and self.frame != other.frame)

    def describe(self) -> str:
        """The figure as a comparison names it: "about 650 troops", "between 600 and 800 troops"."""
        unit = [N_(self.unit)] if self.unit else []
        if self.high is not None:
            body: str = Message("{low}–{high}", low=Amount(self.value), high=Amount(self.high))
            words = [] if self.qualifier == "between" else [N_(self.qualifier)]
            return joined(" ", [*words, body, *unit])
        if self.qualifier == "odd":
            return joined(" ", [Message("{n}-odd", n=Amount(self.value)), *unit])
        words = [] if self.qualifier == "exactly" else [N_(self.qualifier)]
        return joined(" ", [*words, Amount(self.value), *unit])

    def to_dict(self) -> dict:
        lo, hi = self.interval()
        return {"value": self.value, "high": self.high, "unit": self.unit, "qualifier": self.qualifier,
                "who": self.who, "frame": self.frame, "text": self.text,
                "interval": [_json_bound(lo), _json_bound(hi)]}


def _times(x: float, factor: float) -> float:
    """x scaled by a tolerance, rid of float noise (1.1 * 650 = 715.0000000000001 -> 715)."""
    return round(x * factor, 9)


def _json_bound(x: float) -> float | None:
    """Interval bounds for JSON: infinities become None (no bound)."""
    return None if math.isinf(x) else x


def format_interval(interval: tuple[float, float]) -> str:
    """"900–1,100", "above 1,000", "1,000 or more", "below 1,000" — for explanations."""
    lo, hi = interval

    open_lo = not math.isinf(lo) and lo != round(lo, 6)
    open_hi = not math.isinf(hi) and hi != round(hi, 6)
    if math.isinf(lo) and math.isinf(hi):
        return N_("any value")
    if math.isinf(hi):
        return Message("above {n}", n=Amount(lo)) if open_lo else Message("{n} or more", n=Amount(lo))
    if math.isinf(lo) or lo <= 0:
        return Message("below {n}", n=Amount(hi)) if open_hi else Message("up to {n}", n=Amount(hi))
    if lo == hi:
        return Amount(lo)
    if open_hi:
        return Message("{low} to under {high}", low=Amount(lo), high=Amount(hi))
    return Message("{low}–{high}", low=Amount(lo), high=Amount(hi))


def intervals_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """True when the closed ranges ``a`` and ``b`` share at least one value."""
    return a[0] <= b[1] and b[0] <= a[1]


def quantities_disagree(a: Quantity, b: Quantity) -> bool:
    """True when both count the same subject and no value satisfies both wordings."""
    if not a.same_subject(b):
        return False
    return not intervals_overlap(a.interval(), b.interval())


_OWNER_VERB = re.compile(
    r"\b(?:the\s+)?(?P<owner>U\.S\.|US|United\s+States|America|Washington|France|Paris|Germany|Italy|"
    r"Russia|Moscow)\s+(?:has|had|have|deployed|deploys|keeps|kept|maintains|maintained|stationed|"
    r"sent|sends|will\s+withdraw|withdrew|is\s+withdrawing|will\s+pull\s+out|pulled\s+out)\s+$")
_OWNER_NAMES = {"united states": "US", "america": "US", "washington": "US", "paris": "France",
                "moscow": "Russia", "les états-unis": "US", "les etats-unis": "US", "états-unis": "US",
                "etats-unis": "US", "la france": "France", "la russie": "Russia", "moscou": "Russia",
                "l'allemagne": "Germany", "l’allemagne": "Germany", "l'italie": "Italy",
                "l’italie": "Italy"}
_FRENCH_OWNER_VERB = re.compile(
    r"(?P<owner>(?:les\s+)?[ÉE]tats-Unis|Washington|(?:la\s+)?France|Paris|(?:la\s+)?Russie|Moscou|"
    r"l['’]Allemagne|l['’]Italie)\s+(?:\w+\s+)?"
    r"(?:ont|avaient|a|avait|comptent|comptaient|compte|comptait|disposent|disposaient|dispose|disposait|"
    r"maintiennent|maintenaient|maintient|maintenait|déploient|déployaient|stationnent|vont\s+retirer|"
    r"va\s+retirer|retireront|retirera|retirent|retire|retirait|retiraient)"
    r"(?:\s+(?:déployé|stationné|retiré|envoyé|maintenu|encore|toujours))?(?:\s+(?:de\s+|d['’]\s*)|\s+)$",
    re.I)


def _owner_before(text: str, start: int) -> str | None:
    """Whose forces a figure counts when the sentence's subject says so ("the U.S. had 1,100 troops")."""
    m = _OWNER_VERB.search(text[max(0, start - 60):start]) or _FRENCH_OWNER_VERB.search(
        text[max(0, start - 60):start])
    if not m:
        return None
    name = re.sub(r"\s+", " ", m.group("owner")).lower()
    return _OWNER_NAMES.get(name) or _OWNERS.get(name) or unit_owner(m.group("owner"))


def _unit_phrase(text: str, pos: int, allow_of: bool) -> tuple[str | None, int]:
    """The noun phrase naming what is counted, starting at ``pos``; (phrase, end)."""
    tokens: list[re.Match[str]] = []
    cursor = pos
    first = True
    start_at: int | None = None
    while len(tokens) < 4:
        m = _UNIT_TOKEN.match(text, cursor)
        if not m:
            break
        tok = m.group("tok")
        if first and allow_of and tok[:2].lower() in ("d'", "d’") and len(tok) > 2:
            # "des milliers d'hommes": the elided "de" joins the figure to what it counts
            start_at = m.start("tok") + 2
            tok = tok[2:]
        elif re.match(r"(?:d|l|qu|s|n|j)['’]", tok, re.I):
            break  # an elided French article or pronoun starts another phrase
        dotted = re.fullmatch(r"(?:[A-Za-z]\.){2,}", tok) is not None
        sentence_end = tok.endswith(".") and not dotted
        word = tok.rstrip(".").lower() if not dotted else tok.lower()
        if first and allow_of and word in ("of", "de", "des"):
            cursor = m.end()
            det = re.match(r"\s+(?:the|its|their|these|those)(?![\w])", text[cursor:], re.I)
            if det:
                cursor += det.end()
            first = False
            continue
        first = False
        if word in _STOP or word in _VERBS or any(ch.isdigit() for ch in word):
            break
        if tokens and re.search(r"(ed|ing)$", word) and word not in _TROOP_WORDS:
            break
        tokens.append(m)
        cursor = m.end()
        if sentence_end:
            cursor -= 1
            break
        is_plural = (word in _IRREGULAR_PLURALS
                     or (tok[0].islower() and len(word) > 3 and word.endswith("s")
                         and not re.search(r"(ss|us|is)$", word)))
        if is_plural:
            # French adjectives follow the noun: "soldats américains", "francs CFA"
            nxt = _UNIT_TOKEN.match(text, cursor)
            if nxt and nxt.group("tok").rstrip(".").lower() in _FRENCH_POSTMODIFIERS:
                cursor = nxt.end()
                if nxt.group("tok").endswith(".") and not re.fullmatch(
                        r"(?:[A-Za-z]\.){2,}", nxt.group("tok")):
                    cursor -= 1
            break
    if not tokens:
        return None, pos
    start = start_at if start_at is not None and start_at == tokens[0].start("tok") + 2 else tokens[0].start("tok")
    end = cursor
    return text[start:end], end


# "5 000 000", "1.000.000": a figure in groups of three, not a phone number.
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:([ .\u00a0\u202f\u2009])\d{3})(?:\1\d{3})*(?:,\d+)?")


class _Masks:
    """Spans of text that hold no quantities (dates, times, URLs, phone numbers, ranges)."""

    def __init__(self, text: str) -> None:
        spans = [(d.start, d.end) for d in find_dates(text)]
        spans.extend((m.start(), m.end()) for m in _MASKS.finditer(text)
                     if not _GROUPED_NUMBER.fullmatch(m.group()))
        self._spans: list[tuple[int, int]] = []
        self.add(spans)

    def add(self, spans) -> None:
        merged: list[tuple[int, int]] = []
        for s, e in sorted([*self._spans, *spans]):
            if merged and s < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        self._spans = merged
        self._starts = [s for s, _ in merged]

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self._starts, e) - 1  # last span starting before e
        return i >= 0 and self._spans[i][1] > s


def _digits_value(raw: str) -> float:
    """The value of digits written the English or the French way ("1,000.5", "1 000,5", "1.000")."""
    raw = re.sub(r"[ \u00a0\u202f\u2009]", "", raw)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
        return float(raw.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        raw = raw.replace(".", "")
    return float(raw.replace(",", "."))


def _french_spelled_value(words: str) -> float:
    """"deux mille" -> 2000, "trois cent cinquante" -> 350, "quatre-vingt-dix" -> 90,
    "vingt et un" -> 21."""
    total, current = 0, 0
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "et"]
    for i, tok in enumerate(tokens):
        if tok in ("cent", "cents"):
            current = (current or 1) * 100
        elif tok == "mille":
            total += (current or 1) * 1000
            current = 0
        elif tok in ("vingt", "vingts") and i > 0 and tokens[i - 1] == "quatre":
            current += 80 - 4  # "quatre-vingt": four twenties
        else:
            current += _FR_UNITS.get(tok) or _FR_JOINED_UNITS.get(tok, 0)
    return float(total + current)


_LABEL_WORDS = frozenset("""
    resolution article decree law order flight route room chapter section base camp no number
    highway paragraph page level phase stage item act ordinance operation
    """.split())


# French words naming a numbered thing, in lower case as French writes them ("la base 201").
_FRENCH_LABEL_WORDS = frozenset("""
    base aérienne décret article résolution loi arrêté ordonnance vol chapitre numéro nationale
    """.split())


def _is_a_label(m: re.Match[str], text: str, phrase: str | None) -> bool:
    """A bare number naming a thing ("Resolution 2719", "Air Base 101"), not a count."""
    if any(m.group(g) for g in ("qual", "cur", "abbr", "scale", "dozen", "pct", "pcur", "hunit", "post", "vague")):
        return False
    before = re.search(r"([^\W\d_]+)\.?\s+$|(n°|nº)\s*$", text[max(0, m.start() - 20):m.start()])
    if before and before.group(2):
        return True
    return bool(before and ((before.group(1)[0].isupper() and before.group(1).lower() in _LABEL_WORDS)
                            or before.group(1).lower() in _FRENCH_LABEL_WORDS))


def _looks_like_year(m: re.Match[str], text: str, phrase: str | None) -> bool:
    """A bare four-digit number that names a year ("the 2023 coup", "in 2018"), not a count."""
    raw = m.group("digits")
    if not raw or not re.fullmatch(r"\d{4}", raw) or not 1800 <= int(raw) <= 2100:
        return False
    if any(m.group(g) for g in ("qual", "cur", "abbr", "scale", "dozen", "pct", "pcur", "hunit", "post")):
        return False
    before = re.search(r"([^\W\d_]+)\W*$", text[max(0, m.start() - 20):m.start()])
    if before and (before.group(1).lower() in _YEAR_CUES or before.group(1).lower() in _MONTHS):
        return True
    if phrase is None:
        return True
    family = normalise_unit(phrase)
    if family in ("troops", "people", "USD", "EUR", "GBP", "%"):
        return False
    head = phrase.split()[-1]
    return not (head.islower() and head.endswith("s"))


_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def _qualifier_from(m: re.Match[str], vague: bool) -> str:
    post = (m.group("post") or "").strip().lower()
    if m.group("qual") and post in ("-odd", "odd", "-plus", "+"):
        # "some 1,000-odd troops": the suffix says more than the hedge before it
        return _POST_QUALIFIERS[post]
    if m.group("qual"):
        said = re.sub(r"\s+", " ", m.group("qual").lower())
        if vague and said == "quelques":
            return "at least"  # "quelques centaines": a few hundred, at least two hundred
        return _QUALIFIER_OF[said]
    post = m.group("post")
    if post:
        key = re.sub(r"\s+", " ", post.strip().lower())
        return _POST_QUALIFIERS[key]
    if m.group("approx"):
        return "about"  # "un millier de soldats": about a thousand
    return "at least" if vague else "exactly"


def _one_is_a_pronoun(m: re.Match[str], text: str) -> bool:
    if (m.group("spelled") or "").lower() != "one" or m.group("qual") or m.group("scale"):
        return False
    after = re.match(r"\s+(\w+)", text[m.end():])
    before = re.search(r"(\w+)\s+$", text[max(0, m.start() - 20):m.start()])
    if after and after.group(1).lower() in ("of", "another", "or", "day", "way", "side"):
        return True
    return bool(before and before.group(1).lower() in
                ("no", "any", "every", "each", "this", "that", "the", "which", "no-", "some"))


def _ranges(text: str, masks: _Masks) -> list[Quantity]:
    """"between 600 and 800 troops", "600 to 800 troops", "600-800 troops", "about 600 to 800":
    one figure each, its interval the range (widened by the tolerance when hedged)."""
    out: list[Quantity] = []
    for m in _RANGE.finditer(text):
        core = m.start("between") if m.group("between") else m.start("from") if m.group("from") else m.start("a")
        if masks.overlaps(core, m.end()):
            continue
        a = _digits_value(m.group("a")) * _SCALES.get((m.group("ascale") or "").lower(), 1)
        b_scale = _SCALES.get((m.group("bscale") or "").lower(), 1)
        if m.group("bscale") and not m.group("ascale"):
            a *= b_scale  # "between 1 and 2 million"
        b = _digits_value(m.group("b")) * b_scale
        if not a < b or (re.fullmatch(r"(1[89]|20)\d\d", m.group("a")) and not m.group("between")):
            continue
        if m.group("cur"):
            unit, end = _CURRENCY_SYMBOLS[m.group("cur").lower()], m.end()
        else:
            pct = re.match(r"\s?%|\s+per\s*cent(?![\w])|\s+percent(?![\w])", text[m.end():], re.I)
            if pct:
                unit, end = "%", m.end() + pct.end()
            else:
                phrase, end = _unit_phrase(text, m.end(), allow_of=bool(m.group("bscale")))
                unit = normalise_unit(phrase)
        qualifier = "between"
        if m.group("qual"):
            said = _QUALIFIER_OF[re.sub(r"\s+", " ", m.group("qual").lower())]
            qualifier = {"about": "about", "nearly": "about", "up to": "up to", "less than": "up to",
                         "more than": "more than", "at least": "at least"}.get(said, "between")
        start = m.start("qual") if m.group("qual") else m.start()
        out.append(Quantity(a, unit, qualifier, text[start:end], start, end, high=b,
                            who=unit_owner(text[m.end():end])))
    return out


# Words that set a figure in an earlier time than the claim's present ("before the coup").
_EARLIER = re.compile(
    r"\b(?:before|prior\s+to|previously|formerly|once|at\s+(?:its|the|their)\s+peak|used\s+to|"
    r"originally|initially|had\s+(?:numbered|stood|been)|until\s+(?:the|last|recently)|"
    r"avant|auparavant|précédemment|jadis|naguère|initialement|à\s+l['’]origine|au\s+plus\s+fort|"
    r"jusqu['’](?:alors|ici|au\s+coup))(?![\w])", re.I)
_EARLIER_BEFORE_FIGURE = re.compile(r"\b(?:down|up|reduced|cut)\s+from\s+$|\bfrom\s+(?:a\s+peak\s+of\s+)?$|"
                                    r"\b(?:contre|passant\s+de|passé\s+de|ramenés?\s+de|réduits?\s+de)\s+$",
                                    re.I)
_NOW = re.compile(r"\b(?:now|currently|remain|remains|remaining|still|today|at\s+present|left|"
                  r"actuellement|restent|reste|restants|encore|désormais|aujourd['’]hui|"
                  r"à\s+l['’]heure\s+actuelle|toujours)(?![\w])", re.I)
_CLAUSE_BREAK = re.compile(r"\s?[;:.!?](?:\s|$)|,\s+(?:but|while|whereas|and\s+now|mais|alors\s+que|tandis\s+que|contre)\b"
                           r"|\s+(?:but|whereas|while|mais|tandis\s+que|alors\s+que)\s+|—|–\s")


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the clause holding ``text[start:end]``: between semicolons, sentence stops,
    dashes and contrastive joins ("but", "while", "whereas")."""
    lo, hi = 0, len(text)
    for m in _CLAUSE_BREAK.finditer(text):
        if m.group().startswith(".") and not _sentence_stop(text, m):
            continue
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return lo, hi


def _sentence_stop(text: str, m: re.Match[str]) -> bool:
    """A full stop that ends a sentence, not the dot of "U.S." or "approx."."""
    before = text[max(0, m.start() - 4):m.start() + 1]
    return not re.search(r"(?:\b[A-Za-z]\.[A-Za-z]\.|\b[A-Z][a-z]{0,3}\.|approx\.)$", before)


def _frames(text: str, found: list[Quantity]) -> list[Quantity]:
    """Give each figure its time frame where the sentence sets one apart: "earlier" ("before
    the coup", "down from 1,100") or "now" ("650 remain"). Frames are named only in a text that
    holds figures in more than one frame; elsewhere every figure speaks of the same time."""
    marked: list[str | None] = []
    for q in found:
        lo, hi = _clause(text, q.start, q.end)
        if _EARLIER_BEFORE_FIGURE.search(text[max(lo, q.start - 30):q.start]):
            marked.append("earlier")
            continue
        clause = text[lo:hi]
        others = [o for o in found if o is not q and lo <= o.start < hi]
        if _EARLIER.search(clause) and not any(
                _EARLIER_BEFORE_FIGURE.search(text[max(lo, o.start - 30):o.start]) for o in others):
            marked.append("earlier")
        elif _NOW.search(clause):
            marked.append("now")
        else:
            marked.append(None)
    out = []
    for q, frame in zip(found, marked):
        if frame == "earlier" or frame == "now":
            out.append(Quantity(q.value, q.unit, q.qualifier, q.text, q.start, q.end, q.high, q.who, frame))
        else:
            out.append(q)
    return out


def parse_quantities(text: str) -> list[Quantity]:
    """Every quantity said in ``text``, in text order.

    Years and dates ("July 2023", "in 2018", "20.05.2024"), clock times, phone numbers and
    URLs are not quantities. A range ("between 800 and 1,000 troops", "5-10%") yields two
    quantities over the same span: "at least" its low end and "up to" its high end.
    """
    masks = _Masks(text)
    results = _ranges(text, masks)
    masks.add((q.start, q.end) for q in results)
    for m in _QTY.finditer(text):
        core_start = next(m.start(g) for g in ("digits", "vague", "approx", "spelled", "frspelled", "article")
                          if m.group(g) is not None)
        if masks.overlaps(core_start, m.end()):
            continue
        if _one_is_a_pronoun(m, text):
            continue
        vague = m.group("vague")
        if vague:
            value = float(_VAGUE[re.sub(r"\s+", " ", vague.lower())])
        elif m.group("digits"):
            value = _digits_value(m.group("digits"))
        elif m.group("spelled"):
            value = float(_SPELLED[m.group("spelled").lower()])
        elif m.group("frspelled"):
            value = _french_spelled_value(m.group("frspelled"))
        elif m.group("approx"):
            value = float(_FR_APPROX[m.group("approxnoun").lower()])
        else:
            value = 1.0
        scale = (m.group("abbr") or m.group("scale") or "").lower()
        value *= _SCALES.get(scale, 1)
        if m.group("dozen"):
            value *= 12
        if m.group("article") and not (scale or m.group("dozen")):
            continue

        end = m.end()
        phrase: str | None = None
        post = (m.group("post") or "").strip().lower()
        if m.group("cur"):
            unit = _CURRENCY_SYMBOLS[m.group("cur").lower()]
        elif m.group("pcur"):
            unit = _CURRENCY_SYMBOLS[re.sub(r"\s+", " ", m.group("pcur").strip().lower())]
        elif m.group("pct"):
            unit = "%"
        elif m.group("hunit"):
            unit = normalise_unit(m.group("hunit"))
        else:
            # "1 000 000 de dollars": French joins a million or more to its noun with "de"
            phrase, end = _unit_phrase(text, m.end(),
                                       allow_of=bool(vague or scale or m.group("approx")) or value >= 1e6)
            unit = normalise_unit(phrase)
            if post == "-strong" and unit != "troops":
                unit = "troops"  # "a 1,000-strong force": a body of that many troops
        if _looks_like_year(m, text, phrase) or _is_a_label(m, text, phrase):
            continue
        qualifier = _qualifier_from(m, bool(vague))
        trailing = _TRAILING_POST.match(text, end)
        if trailing and not m.group("qual") and not m.group("post"):
            qualifier = _POST_QUALIFIERS[re.sub(r"\s+", " ", trailing.group(1).lower())]
            end = trailing.end()
        start = m.start("qual") if m.group("qual") else m.start()
        who = None
        if unit == "troops":
            who = unit_owner(phrase) or _owner_before(text, start)
        results.append(Quantity(value, unit, qualifier, text[start:end], start, end, who=who))
    results.sort(key=lambda q: (q.start, q.value))
    return _frames(text, _elided_units(text, results))


def _elided_units(text: str, found: list[Quantity]) -> list[Quantity]:
    """A figure that names no unit counts what the figure before it in the same sentence
    counts: "1,100 troops before the coup; 650 remain", "650 troops, down from 1,100"."""
    out: list[Quantity] = []
    for q in found:
        if q.unit is None and out:
            prev = out[-1]
            between = text[prev.end:q.start]
            if prev.unit and not any(_sentence_stop(text, m) for m in re.finditer(r"[.!?](?:\s|$)", between)
                                     if True) and not re.search(r"[!?]\s", between):
                q = Quantity(q.value, prev.unit, q.qualifier, q.text, q.start, q.end, q.high, prev.who, q.frame)
        out.append(q)
    return out
