"""Owns finding date mentions in article text and resolving them against the publication date."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

# What a date is to its claim: when something starts ("began in March", "since 2019"), the end or
# deadline it is held to ("will end by Sept. 15", "until May"), when something is reported ("said
# on Friday": the day of telling, not of the event), or the day of the event itself.
ROLES: tuple[str, ...] = ("start", "end", "reported", "event")


@dataclass(frozen=True)
class DateMention:
    """A date expression at code-point span ``[start, end)`` of the text.

    ``date`` is ISO 8601 at the mention's precision: ``2024-05-19`` (day), ``2024-W20`` (week),
    ``2024-05`` (month) or ``2024`` (year); None when the text does not say enough to resolve it
    (a weekday or "April 25" with no publication date, an ambiguous ``05/06/2024``).
    """

    text: str
    start: int
    end: int
    date: str | None
    precision: str  # "day" | "week" | "month" | "year"
    role: str = "event"  # one of ROLES

    def days(self) -> tuple[date, date] | None:
        """First and last calendar day the mention covers, or None when unresolved."""
        if self.date is None:
            return None
        return _date_range(self.date, self.precision)


def dates_disagree(a: DateMention, b: DateMention) -> bool:
    """True when both mentions are resolved and cover no common day.

    At equal precision this means "different values"; across precisions "mid-March" agrees
    with "March 15" and "in March" disagrees with "April 25".
    """
    ra, rb = a.days(), b.days()
    if ra is None or rb is None:
        return False
    return ra[1] < rb[0] or rb[1] < ra[0]


def comparable(a: DateMention, b: DateMention) -> bool:
    """Two dates of claims are compared only when they play the same role (a start with a start,
    a deadline with a deadline) and neither is only the day something was reported."""
    return a.role == b.role and a.role != "reported"


def parse_published(published: str | None) -> date | None:
    """The calendar date of an ISO publication stamp, as written (no time-zone conversion)."""
    if not published:
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", published)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


# --- vocabulary -------------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _name:
        _MONTHS[_name.lower()] = _i
for _abbr, _i in (("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7),
                  ("aug", 8), ("sep", 9), ("sept", 9), ("oct", 10), ("nov", 11), ("dec", 12)):
    _MONTHS[_abbr] = _i

_FRENCH_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}

_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_FRENCH_WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
                    "dimanche": 6}
_FRENCH_NUMBERS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
                   "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15}
_FR_MONTH = rf"(?P<month>(?i:{'|'.join(sorted(_FRENCH_MONTHS, key=len, reverse=True))}))"
_FR_WEEKDAY = rf"(?P<weekday>(?i:{'|'.join(_FRENCH_WEEKDAYS)}))"

_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}


def _cased(words) -> str:
    """Alternation accepting each word Capitalised or UPPERCASE (month names are proper nouns;
    "may" and "march" in lower case are verbs)."""
    forms: set[str] = set()
    for w in words:
        forms.add(w.capitalize())
        forms.add(w.upper())
    return "|".join(sorted(forms, key=len, reverse=True))


_MONTH = rf"(?P<month>{_cased(_MONTHS)})(?:\.(?=\s))?"
_WEEKDAY_ALT = _cased(_WEEKDAYS)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_R = r"(?<![\w])"  # left word boundary that also refuses digits/letters glued on
_END = r"(?![\w])"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(
        r"(?<![\w.:-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
        r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w:]|-\d)")),
    ("numeric", re.compile(
        r"(?<![\w.:/-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})"
        r"(?![\w]|[./-]\d)")),
    # [Weekday,] Month Day[, Year]
    ("mdy", re.compile(
        rf"{_R}(?:(?:{_WEEKDAY_ALT}),?\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?{_END}"
        r"(?!,\d|\.\d)")),
    # [Weekday,] Day [of] Month [Year]
    ("dmy", re.compile(
        rf"{_R}(?:(?:{_WEEKDAY_ALT}),?\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?{_END}")),
    # Month [of] Year
    ("my", re.compile(rf"{_R}{_MONTH},?\s+(?:of\s+)?{_YEAR}{_END}")),
    # [mid-|early|late|last|next|this] Month   (a bare month needs a cue word before it)
    ("month", re.compile(
        rf"{_R}(?:(?P<mod>(?i:mid-|mid\s+|early\s+|late\s+|the\s+end\s+of\s+|the\s+beginning\s+of\s+"
        rf"|the\s+start\s+of\s+|end\s+of\s+))|(?P<rel>(?i:last|next|this)\s+))?{_MONTH}{_END}"
        r"(?!\s+\d)")),
    ("week_of", re.compile(
        rf"{_R}(?i:week)\s+of\s+{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?{_END}")),
    ("weekday", re.compile(
        rf"{_R}(?:(?P<rel>(?i:last|next|this\s+past|this\s+coming|this|coming|past)\s+))?"
        rf"(?P<weekday>{_WEEKDAY_ALT}){_END}")),
    ("relday", re.compile(rf"{_R}(?P<word>(?i:yesterday|today|tomorrow)){_END}")),
    ("relperiod", re.compile(
        rf"{_R}(?P<rel>(?i:earlier\s+this|later\s+this|this\s+past|the\s+past|past|last|this|next))"
        rf"\s+(?P<unit>(?i:week|month|year)){_END}")),
    ("ago", re.compile(
        rf"{_R}(?P<n>\d+|(?i:{'|'.join(_SMALL_NUMBERS)}))\s+(?P<unit>(?i:day|week|month|year))s?"
        rf"\s+(?i:ago){_END}")),
    # a year with a cue word before it: "in 2018", "since 2019", "mid-2023"
    ("year", re.compile(
        rf"(?:\b(?P<cue>(?i:in|since|by|until|till|from|during|before|after|of|early|late|through|"
        rf"throughout|around|circa|summer|spring|autumn|fall|winter))\s+|(?P<mid>(?i:mid-)))"
        rf"{_YEAR}{_END}(?![,.]\d|\s*(?:%|(?i:percent|per\s+cent)))")),
    # French: "[mardi] 16 septembre [2024]", "1er mars", "septembre 2024", "en mars", "mi-septembre"
    ("fr_dmy", re.compile(
        rf"{_R}(?:{_FR_WEEKDAY}\s+)?(?P<day>[0-3]?\d)(?:er)?\s+{_FR_MONTH}(?:\s+{_YEAR})?{_END}")),
    ("fr_my", re.compile(rf"{_R}{_FR_MONTH}\s+{_YEAR}{_END}")),
    ("fr_month", re.compile(rf"(?<![\w])(?P<cue>(?i:en|depuis|fin|mi|début|debut|courant|dès|avant|après|"
                            rf"jusqu['’]en|d['’]ici\s+(?:à\s+)?(?:la\s+)?fin))[\s-]"
                            rf"(?:(?i:le\s+mois\s+de|le\s+mois\s+d['’]|mois\s+de)\s*)?"
                            rf"{_FR_MONTH}(?:\s+(?P<rel>(?i:dernier|prochain)))?{_END}(?!\s+\d)")),
    # "mardi", "mardi dernier", "lundi prochain", "ce mardi"
    ("fr_weekday", re.compile(
        rf"(?<![\w])(?:(?P<pre>(?i:ce))\s+)?{_FR_WEEKDAY}(?:\s+(?P<rel>(?i:dernier|prochain|passé)))?{_END}")),
    ("fr_relday", re.compile(rf"(?<![\w])(?P<word>(?i:hier|aujourd['’]hui|demain|avant-hier|après-demain)){_END}")),
    # "la semaine dernière", "le mois dernier", "l'an dernier", "l'année prochaine", "cette année", "ce mois-ci"
    ("fr_relperiod", re.compile(
        r"(?<![\w])(?:(?:la|le|l['’])\s*(?P<unit>(?i:semaine|mois|année|an))\s+(?P<rel>(?i:dernière|dernier|"
        r"passée|passé|prochaine|prochain))|(?P<this>(?i:cette|ce))\s+(?P<unit2>(?i:semaine|mois|année))"
        r"(?:-(?i:ci))?)(?![\w])")),
    ("fr_ago", re.compile(
        rf"(?<![\w])(?i:il\s+y\s+a)\s+(?P<n>\d+|(?i:{'|'.join(_FRENCH_NUMBERS)}))\s+"
        r"(?P<unit>(?i:jours?|semaines?|mois|ans|années?))(?![\w])")),
    ("fr_year", re.compile(
        r"(?:(?<![\w])(?P<cue>(?i:en|depuis|dès|fin|début|debut|courant|avant|après|jusqu['’]en|"
        r"d['’]ici|l['’]année|l['’]an))\s+|(?<![\w])(?P<mid>(?i:mi-)))"
        rf"{_YEAR}{_END}(?![,.]\d|\s*(?:%|(?i:pour\s*cent)))")),
]

# Words that make a bare month name a date ("in March", "since July").
_MONTH_CUES = frozenset(
    "in since by until till from during before after through throughout of early late mid "
    "around last next this".split()
)


# --- date arithmetic --------------------------------------------------------------------------

def _ago(ref: date | None, n: int, unit: str) -> tuple[str | None, str]:
    """(value, precision) of "N days/weeks/months/years ago" (French "il y a N …" too) before ``ref``."""
    if ref is None:
        return None, unit
    if unit == "day":
        return (ref - timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        return _iso_week(ref - timedelta(weeks=n)), "week"
    if unit == "month":
        y, mo = _add_months(ref, -n)
        return f"{y:04d}-{mo:02d}", "month"
    return f"{ref.year - n:04d}", "year"


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _date_range(value: str, precision: str) -> tuple[date, date] | None:
    try:
        if precision == "day":
            d = date.fromisoformat(value)
            return d, d
        if precision == "week":
            y, w = value.split("-W")
            first = date.fromisocalendar(int(y), int(w), 1)
            return first, first + timedelta(days=6)
        if precision == "month":
            y, m = (int(p) for p in value.split("-"))
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        if precision == "year":
            y = int(value)
            return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None
    return None


def _add_months(d: date, months: int) -> tuple[int, int]:
    index = d.year * 12 + (d.month - 1) + months
    return index // 12, index % 12 + 1


def _valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_day(month: int, day: int, ref: date) -> date | None:
    """The month-day in the year that puts it nearest ``ref`` (ties go to the past)."""
    best: date | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        d = _valid_day(year, month, day)
        if d is None:
            continue
        if best is None or abs((d - ref).days) < abs((best - ref).days):
            best = d
    return best


def _nearest_month(month: int, ref: date) -> tuple[int, int]:
    ref_index = ref.year * 12 + ref.month - 1
    best = min(
        ((y, month) for y in (ref.year - 1, ref.year, ref.year + 1)),
        key=lambda ym: (abs(ym[0] * 12 + ym[1] - 1 - ref_index), ym[0] * 12 + ym[1] > ref_index + 1),
    )
    return best


def _month_number(token: str) -> int | None:
    t = token.lower().rstrip(".")
    return _MONTHS.get(t) or _FRENCH_MONTHS.get(t)


# --- resolution of each pattern kind ----------------------------------------------------------

def _resolve(kind: str, m: re.Match[str], text: str, ref: date | None):
    """(start, end, iso or None, precision) for one regex match, or None to reject it."""
    g = m.groupdict()
    start, end = m.start(), m.end()

    if kind == "iso":
        d = _valid_day(int(g["year"]), int(g["month"]), int(g["day"]))
        return (start, end, d.isoformat(), "day") if d else None

    if kind == "numeric":
        a, b, year = int(g["a"]), int(g["b"]), int(g["year"])
        if g["sep"] in ".-":  # 20.05.2024 — day first, as everywhere dots are used
            day, month = a, b
        elif a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        elif a == b:
            day, month = a, b
        else:  # 05/06/2024 — could be either; say so rather than guess
            return (start, end, None, "day") if a <= 12 and b <= 12 else None
        d = _valid_day(year, month, day)
        return (start, end, d.isoformat(), "day") if d else None

    if kind in ("mdy", "dmy", "fr_dmy", "week_of"):
        month = _month_number(g["month"])
        day = int(g["day"])
        if month is None or not 1 <= day <= 31:
            return None
        if g.get("year"):
            d = _valid_day(int(g["year"]), month, day)
            if d is None:
                return None
        elif ref is not None:
            d = _nearest_day(month, day, ref)
        else:
            if _valid_day(2000, month, day) is None:  # 2000 is a leap year: Feb 29 allowed
                return None
            return (start, end, None, "week" if kind == "week_of" else "day")
        if d is None:
            return None
        if kind == "week_of":
            return start, end, _iso_week(d), "week"
        return start, end, d.isoformat(), "day"

    if kind in ("my", "fr_my"):
        month = _month_number(g["month"])
        return (start, end, f"{int(g['year']):04d}-{month:02d}", "month") if month else None

    if kind in ("month", "fr_month"):
        if kind == "fr_month" and not re.match(r"(?i:mi|fin|début|debut)$", g.get("cue", "")):
            start = m.start("month")  # "en mars", "depuis mars": the month is the date, the cue its role
        month = _month_number(g["month"])
        if month is None:
            return None
        rel = {"dernier": "last", "prochain": "next"}.get((g.get("rel") or "").strip().lower(),
                                                          (g.get("rel") or "").strip().lower())
        if kind == "month" and not g.get("mod") and not rel:
            before = re.search(r"(\w+)\W*$", text[max(0, start - 30):start])
            if not before or before.group(1).lower() not in _MONTH_CUES:
                return None
        if ref is None:
            return start, end, None, "month"
        if rel == "last":
            y, mo = max(
                ((y, month) for y in (ref.year - 1, ref.year) if (y, month) < (ref.year, ref.month)),
            )
        elif rel == "next":
            y, mo = min(
                ((y, month) for y in (ref.year, ref.year + 1) if (y, month) > (ref.year, ref.month)),
            )
        elif rel == "this":
            y, mo = ref.year, month
        else:
            y, mo = _nearest_month(month, ref)
        return start, end, f"{y:04d}-{mo:02d}", "month"

    if kind == "weekday":
        wd = _WEEKDAYS[g["weekday"].lower()]
        rel = re.sub(r"\s+", " ", (g.get("rel") or "").strip().lower())
        if ref is None:
            return start, end, None, "day"
        back = (ref.weekday() - wd) % 7
        if rel in ("next", "coming", "this coming"):
            d = ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
        elif rel in ("last", "past", "this past"):
            d = ref - timedelta(days=back or 7)
        else:  # "on Sunday" in a news report: the latest such day on or before publication
            d = ref - timedelta(days=back)
        return start, end, d.isoformat(), "day"

    if kind == "fr_weekday":
        wd = _FRENCH_WEEKDAYS[g["weekday"].lower()]
        rel = (g.get("rel") or "").lower()
        if ref is None:
            return start, end, None, "day"
        back = (ref.weekday() - wd) % 7
        if rel == "prochain":
            d = ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
        elif rel in ("dernier", "passé"):
            d = ref - timedelta(days=back or 7)
        elif _tense(text, start) == "future" and back:
            d = ref + timedelta(days=(wd - ref.weekday()) % 7)
        else:  # "mardi" in a news report: the latest such day on or before publication
            d = ref - timedelta(days=back)
        return start, end, d.isoformat(), "day"

    if kind == "fr_relday":
        if ref is None:
            return start, end, None, "day"
        word = g["word"].lower().replace("’", "'")
        shift = {"hier": -1, "aujourd'hui": 0, "demain": 1, "avant-hier": -2, "après-demain": 2}[word]
        return start, end, (ref + timedelta(days=shift)).isoformat(), "day"

    if kind == "fr_relperiod":
        unit = {"semaine": "week", "mois": "month", "année": "year", "an": "year"}[
            (g.get("unit") or g.get("unit2")).lower()]
        rel = (g.get("rel") or "").lower()
        shift = -1 if rel.startswith(("derni", "pass")) else 1 if rel.startswith("prochain") else 0
        if ref is None:
            return start, end, None, unit
        if unit == "week":
            return start, end, _iso_week(ref + timedelta(days=7 * shift)), "week"
        if unit == "month":
            y, mo = _add_months(ref, shift)
            return start, end, f"{y:04d}-{mo:02d}", "month"
        return start, end, f"{ref.year + shift:04d}", "year"

    if kind == "fr_ago":
        n_text = g["n"].lower()
        n = int(n_text) if n_text.isdigit() else _FRENCH_NUMBERS[n_text]
        unit = {"jour": "day", "semaine": "week", "mois": "month", "an": "year", "année": "year"}[
            re.sub(r"s$", "", g["unit"].lower()) if g["unit"].lower() != "mois" else "mois"]
        return (start, end, *_ago(ref, n, unit))

    if kind == "fr_year":
        if g.get("cue"):
            start = m.start("year")
        return start, end, f"{int(g['year']):04d}", "year"

    if kind == "relday":
        if ref is None:
            return start, end, None, "day"
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[g["word"].lower()]
        return start, end, (ref + timedelta(days=shift)).isoformat(), "day"

    if kind == "relperiod":
        rel = re.sub(r"\s+", " ", g["rel"].lower())
        unit = g["unit"].lower()
        if rel in ("the past", "past", "this past") and unit != "week":
            return None  # "the past year" is a rolling window, not a calendar year
        if ref is None:
            return start, end, None, unit
        if unit == "week":
            if rel in ("the past", "past", "this past"):
                # the seven days before publication: name the week holding their midpoint
                return start, end, _iso_week(ref - timedelta(days=4)), "week"
            shift = {"last": -7, "next": 7}.get(rel, 0)
            return start, end, _iso_week(ref + timedelta(days=shift)), "week"
        if unit == "month":
            shift = {"last": -1, "next": 1}.get(rel, 0)
            y, mo = _add_months(ref, shift)
            return start, end, f"{y:04d}-{mo:02d}", "month"
        shift = {"last": -1, "next": 1}.get(rel, 0)
        return start, end, f"{ref.year + shift:04d}", "year"

    if kind == "ago":
        n_text = g["n"].lower()
        n = int(n_text) if n_text.isdigit() else _SMALL_NUMBERS[n_text]
        unit = g["unit"].lower()
        return (start, end, *_ago(ref, n, unit))

    if kind == "year":
        if g.get("cue"):
            start = m.start("year")
        return start, end, f"{int(g['year']):04d}", "year"

    return None


_CLAUSE_START = re.compile(r"[;!?]\s|(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})(?<!\bSept)\.\s")
_ROLE_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("reported", re.compile(r"\b(?:said|says|told|announced|confirmed|reported|stated|added|declared|"
                            r"acknowledged|noted)\s+(?:on\s+|late\s+|early\s+)?$", re.I)),
    ("start", re.compile(r"\b(?:began|begun|begin|begins|beginning|started|start|starts|starting|since|"
                         r"from|commenced|commence|launched|kicked\s+off|as\s+of|effective|opened)\s+"
                         r"(?:on\s+|in\s+|at\s+the\s+(?:start|beginning)\s+of\s+)?$", re.I)),
    ("end", re.compile(r"\b(?:by|until|till|through|to|no\s+later\s+than|before|deadline\s+(?:of|is|was)|"
                       r"ends?|ended|ending|completed?|concluded?|finish(?:ed)?|wrap(?:ped)?\s+up|"
                       r"expires?|expired|withdrawn|out)\s+(?:on\s+|in\s+|by\s+|at\s+the\s+end\s+of\s+)?$",
                       re.I)),
    # French: "a déclaré mardi", "Publié le", "depuis", "à partir du", "d'ici au", "jusqu'au", "avant le"
    ("reported", re.compile(r"(?:\b(?:a|ont|avait|avaient)\s+(?:déclaré|annoncé|indiqué|affirmé|confirmé|"
                            r"précisé|dit|expliqué|ajouté|souligné|rapporté|fait\s+savoir)|\b(?:déclare|"
                            r"annonce|indique|affirme|selon\s+un\s+communiqué\s+publié)|\bPubli[ée]e?|"
                            r"\bMis\s+à\s+jour|\bActualis[ée]e?|\bModifi[ée]e?)\s+(?:le\s+|ce\s+|en\s+)?$",
                            re.I)),
    ("start", re.compile(r"(?:\b(?:depuis|dès|débuté|commencé|lancé|démarré|entamé|entrée?\s+en\s+vigueur)|"
                         r"\bà\s+partir\s+d[eu]|\bà\s+compter\s+d[eu]|\b(?:a|ont)\s+(?:débuté|commencé|"
                         r"démarré))\s+(?:le\s+|la\s+|l['’]|du\s+|de\s+|en\s+)?$", re.I)),
    ("end", re.compile(r"(?:\bd['’]ici\s+(?:au|à|le|la\s+fin|à\s+la\s+fin)?|\bjusqu['’](?:au|à|en)|"
                       r"\bavant|\bau\s+plus\s+tard|\bdate\s+limite(?:\s+du|\s+de|\s+fixée\s+au)?|"
                       r"\b(?:prendra|prend|a\s+pris)\s+fin|\bs['’]achèvera|\bachevée?s?|\bterminée?s?|"
                       r"\béchéance(?:\s+du|\s+de)?|\bfin)\s*(?:le\s+|la\s+|l['’]|du\s+|de\s+|en\s+|au\s+|"
                       r"mi-)?$", re.I)),
]
# A deadline said after its date: "le 15 septembre au plus tard", "Sept. 15 at the latest".
_END_AFTER = re.compile(r"\s*,?\s*(?:au\s+plus\s+tard|at\s+the\s+latest|dernier\s+délai)\b", re.I)
_FUTURE = re.compile(r"\b(?:will|would|shall|won't|is\s+(?:expected|set|scheduled|due|slated)|"
                     r"are\s+(?:expected|set|scheduled|due|slated)|plans?\s+to|planned|expected|"
                     r"scheduled|slated|set\s+to|going\s+to|to\s+be|"
                     r"va|vont|devra|devront|doit|doivent|sera|seront|d['’]ici|"
                     r"[a-zéèêàâîôûç]{3,}(?:era|eront|ira|iront|ra|ront))\b", re.I)
_PAST = re.compile(r"\b(?:was|were|had|did|began|begun|began|started|ended|arrived|left|withdrew|"
                   r"announced|agreed|signed|took|came|went|revoked|ousted|seized|said|held|met|"
                   r"issued|ordered|[a-z]{3,}ed|"
                   r"(?:a|ont|avait|avaient|avons|est|sont|était|étaient)\s+(?:\w+\s+)?[a-zéèêàâîôûç]{2,}(?:é|ée|és|ées|i|is|it|u|us)|"
                   r"était|étaient|fut|furent)(?![\w])", re.I)


_INFINITIVE = re.compile(r"\bto\s+(?!be\b)[a-z]{3,}\b")
_MODAL_BEFORE = re.compile(r"\b(?:be|to|will|would|shall|should|must|can|could|may|might)\s+$", re.I)


def _clause_before(text: str, start: int) -> str:
    window = text[max(0, start - 120):start]
    cut = 0
    for m in _CLAUSE_START.finditer(window):
        cut = m.end()
    return window[cut:]


def date_role(text: str, start: int, end: int | None = None) -> str:
    """The role (one of ROLES) of the date mention starting at ``start``, from the words before it
    (and, given its ``end``, a deadline said after it: "le 15 septembre au plus tard")."""
    if end is not None and _END_AFTER.match(text, end):
        return "end"
    before = _clause_before(text, start)
    for role, cue in _ROLE_CUES:
        if cue.search(before):
            return role
    return "event"


def _tense(text: str, start: int) -> str | None:
    """"past", "future" or None: the tense of the verb nearest before ``start`` in its clause."""
    before = _clause_before(text, start)
    future = [m.start() for m in _FUTURE.finditer(before)]
    past = [m.start() for m in _PAST.finditer(before) if not _FUTURE.match(before, m.start())
            and not _MODAL_BEFORE.search(before, 0, m.start())]
    # "agreed to complete the withdrawal no later than September 15": an infinitive after the
    # past verb speaks of what is still to come, so the past no longer decides.
    neutral = [m.start() for m in _INFINITIVE.finditer(before)]
    if not future and not past:
        return None
    latest = max(max(future, default=-1), max(past, default=-1), max(neutral, default=-1))
    if latest in future:
        return "future"
    return "past" if latest in past else None


def _by_tense(kind: str, m: re.Match[str], resolved, text: str, ref: date | None):
    """A month or day said without its year resolves to the nearest one; a past-tense sentence
    moves it back a year if that would be after publication ("began in March" in a February
    article is last March), a future-tense one forward if it would be before."""
    g = m.groupdict()
    if ref is None or resolved[2] is None or g.get("year") or (g.get("rel") or "").strip():
        return resolved
    if kind not in ("mdy", "dmy", "month", "fr_dmy", "fr_month", "fr_weekday"):
        return resolved
    start, end, iso, precision = resolved
    first, last = _date_range(iso, precision) or (None, None)
    if first is None:
        return resolved
    tense = _tense(text, start)
    shift = 0
    if tense == "past" and first > ref:
        shift = -1
    elif tense == "future" and last < ref:
        shift = 1
    if not shift:
        return resolved
    if precision == "day":
        d = _valid_day(first.year + shift, first.month, first.day)
        return (start, end, d.isoformat(), "day") if d else resolved
    return start, end, f"{first.year + shift:04d}-{first.month:02d}", "month"


def find_dates(text: str, published: str | None = None) -> list[DateMention]:
    """Date mentions in ``text``, in text order, without overlaps (the longest wins).

    Relative mentions ("on Sunday", "last month", "this past week") and years left unsaid
    ("September 15", in the tense of its sentence) are resolved against ``published`` (an ISO date or timestamp); without
    it they are returned with ``date=None``. Vague spans ("in the coming months") are skipped.
    """
    ref = parse_published(published)
    found: list[tuple[int, int, str | None, str]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            resolved = _resolve(kind, m, text, ref)
            if resolved is not None:
                found.append(_by_tense(kind, m, resolved, text, ref))
    # Longest first; keep a candidate only if it does not overlap one already kept.
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    kept: list[tuple[int, int, str | None, str]] = []
    taken: list[tuple[int, int]] = []
    for item in found:
        s, e = item[0], item[1]
        if any(s < te and ts < e for ts, te in taken):
            continue
        kept.append(item)
        taken.append((s, e))
    kept.sort(key=lambda f: f[0])
    return [DateMention(text[s:e], s, e, iso, precision, date_role(text, s, e)) for s, e, iso, precision in kept]
