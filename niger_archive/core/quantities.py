"""Owns reading quantities (number, unit, hedging qualifier) out of claim text and comparing them."""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from .temporal import find_dates

QUALIFIERS: tuple[str, ...] = (
    "less than", "more than", "about", "nearly", "at least", "up to", "exactly",
)

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
                 "a minimum of"),
    # "not more than X" allows X itself, so it is an upper bound like "up to", not "less than".
    "up to": ("up to", "as many as", "as much as", "a maximum of", "at most", "no more than",
              "not more than"),
    "exactly": ("exactly", "precisely", "a total of"),
}
_QUALIFIER_OF: dict[str, str] = {
    re.sub(r"\s+", " ", p): q for q, phrases in _QUALIFIER_PHRASES.items() for p in phrases
}
_POST_QUALIFIERS = {"or more": "at least", "or so": "about", "or fewer": "up to",
                    "or less": "up to", "+": "at least", "-plus": "at least"}

_UNITS_1_19 = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
               "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SPELLED: dict[str, int] = {w: i + 1 for i, w in enumerate(_UNITS_1_19)}
for _i, _t in enumerate(_TENS):
    _SPELLED[_t] = (_i + 2) * 10
    for _j, _u in enumerate(_UNITS_1_19[:9]):
        _SPELLED[f"{_t}-{_u}"] = (_i + 2) * 10 + _j + 1
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9}
# Vague plurals: the least value the wording allows (read with the "at least" qualifier).
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "millions": 2e6,
          "billions": 2e9, "tens of thousands": 2e4, "dozens of thousands": 2.4e4,
          "hundreds of thousands": 2e5, "tens of millions": 2e7, "hundreds of millions": 2e8}
_CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₦": "NGN",
                     "usd": "USD", "eur": "EUR", "gbp": "GBP", "c$": "CAD", "a$": "AUD"}


def _alt(phrases) -> str:
    parts = {r"\s+".join(re.escape(w) for w in p.split()) for p in phrases}
    return "|".join(sorted(parts, key=len, reverse=True))


_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER_CORE = rf"""
    (?:
        (?P<digits>{_DIGITS})(?![\d]|[.,:/]\d)
      | (?P<vague>{_alt(_VAGUE)})(?![\w-])
      | (?P<spelled>{_alt(_SPELLED)})(?![\w])
      | (?P<article>an?)(?=\s+(?:dozen|hundred|thousand|million|billion|trillion)\b)
    )
    (?:(?<=\d)(?P<abbr>bn|mn|m|k|b)(?![\w])
      | \s+(?P<scale>hundred|thousand|million|billion|trillion)(?![\w]))?
    (?:\s+(?P<dozen>dozen)(?![\w]))?
"""
_QTY = re.compile(
    rf"""
    (?<![\w.,$€£¥+#:/-])
    (?:(?P<qual>{_alt(_QUALIFIER_OF)})(?:\s+|(?<=~)\s*))?
    (?:(?P<cur>US\$|C\$|A\$|\$|€|£|¥|₦|USD|EUR|GBP)\s?)?
    {_NUMBER_CORE}
    (?P<pct>\s?%|\s+percent(?![\w])|\s+per\s+cent(?![\w])|\s+pct(?![\w]))?
    (?:-(?P<hunit>[a-z]+)(?P<old>-old)?(?![\w-]))?
    (?P<post>\+(?![\w])|-plus(?![\w])|\s+or\s+(?:more|so|fewer|less)(?![\w]))?
    (?![\w])
    """,
    re.IGNORECASE | re.VERBOSE,
)
_RANGE = re.compile(
    rf"""
    (?<![\w.,$€£¥+#:/-])
    (?:(?P<between>between)\s+)?
    (?:(?P<cur>US\$|\$|€|£)\s?)?
    (?P<a>{_DIGITS})(?:\s+(?P<ascale>hundred|thousand|million|billion))?
    (?(between)\s+and\s+|\s*[-–—]\s*)
    (?:(?:US\$|\$|€|£)\s?)?
    (?P<b>{_DIGITS})(?:\s+(?P<bscale>hundred|thousand|million|billion))?
    (?![\w]|[.,:/]\d)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_TRAILING_POST = re.compile(r"\s+or\s+(more|so|fewer|less)(?![\w])", re.IGNORECASE)
_MASKS = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+|\+?\d[\d ().-]{7,}\d|\b\d{1,2}:\d{2}(?::\d{2})?\b"
)
_UNIT_TOKEN = re.compile(r"[ \t]+(?:\n[ \t]*)?(?P<tok>[A-Za-z][\w'’.-]*)")

_STOP = frozenset("""
    a an the this that these those its their his her our my your it they them we he she you i
    in of to from for and or but at on by with into onto per as than then there here who whom
    whose which what when where while since during after before over under about above below
    is are was were be been being will would shall should can could may might must do does did
    have has had not no nor so if each every more less most least also already still only just
    currently reportedly now last next such other another said says say according between among
    across within without against toward towards through until including
""".split())
_IRREGULAR_PLURALS = {"people": "people", "men": "man", "women": "woman", "children": "child",
                      "personnel": "personnel", "police": "police", "staff": "staff",
                      "feet": "foot", "teeth": "tooth", "mice": "mouse", "data": "data",
                      "media": "media", "criteria": "criterion"}
_TROOP_WORDS = frozenset("""
    troop troops soldier soldiers personnel servicemen servicewomen servicemembers
    servicemember marine marines trooper troopers serviceman servicewoman
    """.split())
_PEOPLE_WORDS = frozenset("people persons person individuals individual".split())
_TIME_UNITS = {"year": "year", "yr": "year", "month": "month", "week": "week", "day": "day",
               "hour": "hour", "hr": "hour", "minute": "minute", "min": "minute",
               "decade": "decade", "century": "century"}
_LENGTH_UNITS = {"km": "km", "kilometre": "km", "kilometer": "km", "mile": "mile",
                 "metre": "m", "meter": "m", "kg": "kg", "kilogram": "kg", "tonne": "tonne",
                 "ton": "tonne"}
_CURRENCY_WORDS = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "sterling": "GBP",
                   "naira": "NGN", "yuan": "CNY", "renminbi": "CNY", "yen": "JPY",
                   "rouble": "RUB", "ruble": "RUB", "franc": "franc"}
_CURRENCY_COUNTRY = {"canadian": "CAD", "australian": "AUD", "hong kong": "HKD",
                     "cfa": "XOF", "swiss": "CHF"}
_PERCENT_WORDS = {"%", "percent", "per cent", "pct", "percentage point", "percentage points"}
# Modifiers dropped before the head noun when normalising ("U.S. military personnel").
_MODIFIERS = frozenset(
    "military foreign armed active active-duty additional extra more other new combat ground "
    "american us u.s. u.s foreign-born".split()
)
_YEAR_CUES = frozenset(
    "the in since by until till from during before after of early late mid through "
    "throughout around circa year summer spring autumn fall winter".split()
)


@dataclass(frozen=True)
class Quantity:
    """A number said in a text: its value, normalised unit, qualifier and where it was said.

    ``qualifier`` is one of QUALIFIERS ("exactly" when the text hedges nothing); ``start`` and
    ``end`` are code-point offsets of ``text`` in the string that was parsed.
    """

    value: float
    unit: str | None
    qualifier: str
    text: str
    start: int
    end: int

    def interval(self) -> tuple[float, float]:
        """The closed range of true values the wording allows.

        Open bounds ("less than 1,000" excludes 1,000) are the nearest float inside the bound,
        so "less than X" and "more than X" never overlap while "about X" overlaps both.
        """
        x = self.value
        below = math.nextafter(x, -math.inf)
        above = math.nextafter(x, math.inf)
        q = self.qualifier
        if q == "less than":
            return -math.inf, below
        if q == "more than":
            return above, math.inf
        if q == "about":
            return min(0.9 * x, 1.1 * x), max(0.9 * x, 1.1 * x)
        if q == "nearly":
            return min(0.9 * x, 1.1 * x), below
        if q == "at least":
            return x, math.inf
        if q == "up to":
            return min(0.0, x), x
        return x, x


def intervals_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """True when the closed ranges ``a`` and ``b`` share at least one value."""
    return a[0] <= b[1] and b[0] <= a[1]


def quantities_disagree(a: Quantity, b: Quantity) -> bool:
    """True when both count the same kind of thing and no value satisfies both wordings."""
    if normalise_unit(a.unit) != normalise_unit(b.unit):
        return False
    return not intervals_overlap(a.interval(), b.interval())


def _singular(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and re.search(r"(ss|x|z|ch|sh)es$", word):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not re.search(r"(ss|us|is)$", word):
        return word[:-1]
    return word


def normalise_unit(unit: str | None) -> str | None:
    """The unit family a noun phrase counts: "U.S. military personnel", "US troops",
    "soldiers" -> "troops"; "dollars"/"$" -> "USD"; "percent" -> "%"; "years" -> "year";
    anything else -> its head noun in the singular ("drone facilities" -> "drone facility"
    loses its modifiers: -> "facility")."""
    if unit is None:
        return None
    phrase = re.sub(r"\s+", " ", unit).strip()
    if not phrase:
        return None
    low = phrase.lower()
    if low in _CURRENCY_SYMBOLS:
        return _CURRENCY_SYMBOLS[low]
    if phrase.isupper() and len(phrase) == 3 and phrase.isalpha() and phrase not in ("USA",):
        return phrase  # an ISO currency code given as such
    if low in _PERCENT_WORDS:
        return "%"
    raw_tokens = re.findall(r"[A-Za-z][\w'’.-]*", phrase)
    if not raw_tokens:
        return low
    tokens = [t.lower().rstrip(".") if not re.fullmatch(r"(?:[A-Za-z]\.){2,}", t) else t.lower()
              for t in raw_tokens]
    words = set(tokens)
    if words & _TROOP_WORDS:
        return "troops"
    head = tokens[-1]
    head_singular = _singular(head)
    if head_singular in _CURRENCY_WORDS:
        for country, code in _CURRENCY_COUNTRY.items():
            if country in low:
                return code
        return _CURRENCY_WORDS[head_singular]
    if words & _PEOPLE_WORDS:
        return "people"
    if head_singular in _TIME_UNITS:
        return _TIME_UNITS[head_singular]
    if head_singular in _LENGTH_UNITS:
        return _LENGTH_UNITS[head_singular]
    if low in _PERCENT_WORDS or head in ("percent", "%"):
        return "%"
    return head_singular


def _unit_phrase(text: str, pos: int, allow_of: bool) -> tuple[str | None, int]:
    """The noun phrase naming what is counted, starting at ``pos``; (phrase, end)."""
    tokens: list[re.Match[str]] = []
    cursor = pos
    first = True
    while len(tokens) < 4:
        m = _UNIT_TOKEN.match(text, cursor)
        if not m:
            break
        tok = m.group("tok")
        dotted = re.fullmatch(r"(?:[A-Za-z]\.){2,}", tok) is not None
        sentence_end = tok.endswith(".") and not dotted
        word = tok.rstrip(".").lower() if not dotted else tok.lower()
        if first and allow_of and word == "of":
            cursor = m.end()
            det = re.match(r"\s+(?:the|its|their|these|those)(?![\w])", text[cursor:], re.I)
            if det:
                cursor += det.end()
            first = False
            continue
        first = False
        if word in _STOP or any(ch.isdigit() for ch in word):
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
            break
    if not tokens:
        return None, pos
    start = tokens[0].start("tok")
    end = cursor
    return text[start:end], end


class _Masks:
    """Spans of text that hold no quantities (dates, times, URLs, phone numbers, ranges)."""

    def __init__(self, text: str) -> None:
        spans = [(d.start, d.end) for d in find_dates(text)]
        spans.extend((m.start(), m.end()) for m in _MASKS.finditer(text))
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
    return float(raw.replace(",", ""))


def _looks_like_year(m: re.Match[str], text: str, phrase: str | None) -> bool:
    """A bare four-digit number that names a year ("the 2023 coup", "in 2018"), not a count."""
    raw = m.group("digits")
    if not raw or not re.fullmatch(r"\d{4}", raw) or not 1800 <= int(raw) <= 2100:
        return False
    if any(m.group(g) for g in ("qual", "cur", "abbr", "scale", "dozen", "pct", "hunit", "post")):
        return False
    before = re.search(r"([A-Za-z]+)\W*$", text[max(0, m.start() - 20):m.start()])
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
    if m.group("qual"):
        return _QUALIFIER_OF[re.sub(r"\s+", " ", m.group("qual").lower())]
    post = m.group("post")
    if post:
        key = re.sub(r"\s+", " ", post.strip().lower())
        return _POST_QUALIFIERS[key]
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
    out: list[Quantity] = []
    for m in _RANGE.finditer(text):
        if masks.overlaps(m.start(), m.end()):
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
            pct = re.match(r"\s?%|\s+per\s*cent(?![\w])", text[m.end():], re.I)
            if pct:
                unit, end = "%", m.end() + pct.end()
            else:
                phrase, end = _unit_phrase(text, m.end(), allow_of=False)
                unit = normalise_unit(phrase)
        span = text[m.start():end]
        out.append(Quantity(a, unit, "at least", span, m.start(), end))
        out.append(Quantity(b, unit, "up to", span, m.start(), end))
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
        core_start = next(m.start(g) for g in ("digits", "vague", "spelled", "article")
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
        if m.group("cur"):
            unit = _CURRENCY_SYMBOLS[m.group("cur").lower()]
        elif m.group("pct"):
            unit = "%"
        elif m.group("hunit"):
            unit = normalise_unit(m.group("hunit"))
        else:
            phrase, end = _unit_phrase(text, m.end(), allow_of=bool(vague or scale))
            unit = normalise_unit(phrase)
        if _looks_like_year(m, text, phrase):
            continue
        qualifier = _qualifier_from(m, bool(vague))
        trailing = _TRAILING_POST.match(text, end)
        if trailing and not m.group("qual") and not m.group("post"):
            qualifier = _POST_QUALIFIERS["or " + trailing.group(1).lower()]
            end = trailing.end()
        start = m.start("qual") if m.group("qual") else m.start()
        results.append(Quantity(value, unit, qualifier, text[start:end], start, end))
    results.sort(key=lambda q: (q.start, q.value))
    return results
