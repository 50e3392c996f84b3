"""Owns comparing two claims: which figures and dates of each are compared, and the verdict with its reasons.

A claim is analysed from its wording and its article's publication date (``analyse``): every figure
(an interval with a subject, ``core.quantities``) and every date with its role (``core.temporal``).
Two claims are compared figure by figure and date by date (``compare``):

* a figure is compared with the other claim's figures of the same subject (same unit family, no two
  different forces, no two different time frames); it agrees when its interval overlaps one of
  them and disagrees when it overlaps none. A figure that names no unit is compared when the other
  claim counts one thing only. A figure with no counterpart is listed as not compared.
* a date is compared with the other claim's dates of the same role (start with start, deadline with
  deadline); dates that only say when something was reported are not compared.

The verdict is "disagree" when any figure or date disagrees, "agree" when something was compared
and nothing disagrees, else "not comparable". Everything here is ordered by position in the text,
never by hashing, so the same claims give the same answer in every run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .messages import N_, Message
from .quantities import Quantity, format_interval, intervals_overlap, parse_quantities
from .temporal import DateMention, comparable, dates_disagree, find_dates

VERDICTS: tuple[str, ...] = ("agree", "disagree", "not comparable")


@dataclass(frozen=True)
class ClaimAnalysis:
    """What a claim says that can be checked: its figures and its dates, in text order."""

    figures: tuple[Quantity, ...]
    dates: tuple[DateMention, ...]
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "figures": [q.to_dict() for q in self.figures],
            "dates": [{"text": d.text, "date": d.date, "precision": d.precision, "role": d.role}
                      for d in self.dates],
            "resolved_against": self.published,
        }


@dataclass
class Comparison:
    """The verdict on two claims and the reasons: one entry per figure or date looked at."""

    verdict: str
    reasons: list[dict[str, Any]] = field(default_factory=list)

    def disagreements(self) -> list[dict[str, Any]]:
        return [r for r in self.reasons if r["result"] == "disagree"]

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "reasons": self.reasons}


def analyse(quote: str, published: str | None = None) -> ClaimAnalysis:
    """The figures and dates of a claim's wording, dates resolved against ``published`` (the
    article's current publication date: correcting it re-resolves "last month", "September 15")."""
    figures = tuple(q for q in parse_quantities(quote) if q.qualifier)
    return ClaimAnalysis(figures, tuple(find_dates(quote, published)), published)


def _unit_words(q: Quantity) -> str:
    return q.subject() if q.unit else "no unit named"


def _counterparts(q: Quantity, own: ClaimAnalysis, other: ClaimAnalysis) -> tuple[list[Quantity], str]:
    """The other claim's figures ``q`` is compared with, and how they were matched."""
    if q.unit is None:
        if any(f.unit for f in own.figures):
            return [], N_("names no unit, and its own claim counts other things")
        units = sorted({o.unit for o in other.figures if o.unit})
        if len(units) == 1:
            return _by_frame(q, [o for o in other.figures if o.unit == units[0]]), (
                Message("names no unit; compared as {unit}, the only thing the other claim counts", unit=units[0]))
        return [], N_("names no unit, and the other claim does not count one thing only")
    same = [o for o in other.figures if o.same_subject(q)]
    if same:
        return _by_frame(q, same), Message("same subject: {subject}", subject=q.subject())
    own_units = {f.unit for f in own.figures if f.unit}
    if other.figures and not any(o.unit for o in other.figures) and own_units == {q.unit}:
        return _by_frame(q, list(other.figures)), Message(
            "the other claim's figure names no unit; compared as {unit}, the only thing this claim counts", unit=q.unit)
    return [], Message("the other claim has no figure for {subject}", subject=q.subject())


def _by_frame(q: Quantity, figures: list[Quantity]) -> list[Quantity]:
    """Figures in a time frame compatible with ``q``'s, those in the very same frame first."""
    allowed = [o for o in figures if not (o.frame and q.frame and o.frame != q.frame)]
    same = [o for o in allowed if o.frame == q.frame]
    return same or allowed


def _figure_reason(q: Quantity, side: str, own: ClaimAnalysis, other: ClaimAnalysis,
                   other_side: str) -> dict[str, Any]:
    counterparts, how = _counterparts(q, own, other)
    if not counterparts and how.startswith(("same subject", "the other claim's figure", "names no unit;")):
        how = Message("the other claim has no figure for {subject}", subject=q.subject())  # another time frame
    reason: dict[str, Any] = {"kind": "figure", side: q.describe(), f"{side}_text": q.text,
                              f"{side}_interval": format_interval(q.interval())}
    if not counterparts:
        reason.update(result="not compared", why=how)
        return reason
    overlapping = [o for o in counterparts if intervals_overlap(q.interval(), o.interval())]
    match = overlapping[0] if overlapping else min(
        counterparts, key=lambda o: (_gap(q.interval(), o.interval()), o.start))
    reason.update({other_side: match.describe(), f"{other_side}_text": match.text,
                   f"{other_side}_interval": format_interval(match.interval())})
    if overlapping:
        reason.update(result="agree", why=Message("{how}; {a} and {b} overlap", how=how,
                                                  a=format_interval(q.interval()), b=format_interval(match.interval())))
    else:
        reason.update(result="disagree", why=Message("{how}; {a} and {b} cannot both hold", how=how,
                                                     a=format_interval(q.interval()),
                                                     b=format_interval(match.interval())))
    return reason


def _gap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(a[0] - b[1], b[0] - a[1], 0.0)


def _date_reason(d: DateMention, side: str, other: ClaimAnalysis, other_side: str) -> dict[str, Any]:
    shown = Message("{text} = {date} ({role})", text=d.text, date=d.date or N_("unresolved"), role=N_(d.role))
    reason: dict[str, Any] = {"kind": "date", side: shown, "role": d.role}
    if d.role == "reported":
        reason.update(result="not compared", why=N_("only says when it was reported"))
        return reason
    if d.date is None:
        reason.update(result="not compared", why=N_("the date cannot be resolved (no publication date)"))
        return reason
    same_role = [o for o in other.dates if comparable(d, o) and o.date is not None]
    if not same_role:
        reason.update(result="not compared", why=Message("the other claim gives no {role} date", role=N_(d.role)))
        return reason
    agreeing = [o for o in same_role if not dates_disagree(d, o)]
    match = agreeing[0] if agreeing else same_role[0]
    reason[other_side] = Message("{text} = {date} ({role})", text=match.text, date=match.date, role=N_(match.role))
    if agreeing:
        reason.update(result="agree", why=Message("the {role} dates {a} and {b} share a day", role=N_(d.role),
                                                  a=d.date, b=match.date))
    else:
        reason.update(result="disagree", why=Message("the {role} dates {a} and {b} share no day", role=N_(d.role),
                                                     a=d.date, b=match.date))
    return reason


def compare(a: ClaimAnalysis, b: ClaimAnalysis) -> Comparison:
    """Compare every figure and date of ``a`` with ``b`` and back (see the module's doc)."""
    reasons: list[dict[str, Any]] = []
    seen: set[tuple] = set()

    def add(reason: dict[str, Any]) -> None:
        key = (reason["kind"], reason.get("a_text", reason.get("a")), reason.get("b_text", reason.get("b")),
               reason["result"])
        if key in seen:
            return
        seen.add(key)
        reasons.append(reason)

    for q in a.figures:
        add(_figure_reason(q, "a", a, b, "b"))
    for q in b.figures:
        add(_figure_reason(q, "b", b, a, "a"))
    for d in a.dates:
        add(_date_reason(d, "a", b, "b"))
    for d in b.dates:
        add(_date_reason(d, "b", a, "a"))
    results = {r["result"] for r in reasons}
    verdict = "disagree" if "disagree" in results else "agree" if "agree" in results else "not comparable"
    return Comparison(verdict, reasons)
