"""Quantities read from claim text: values, units, qualifiers, and disagreement between outlets."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from niger_archive.core.quantities import (
    QUALIFIERS,
    Quantity,
    intervals_overlap,
    normalise_unit,
    parse_quantities,
    quantities_disagree,
)

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def one(text: str) -> Quantity:
    found = parse_quantities(text)
    assert len(found) == 1, found
    return found[0]


def troop_counts(path: Path) -> list[Quantity]:
    return [q for q in parse_quantities(path.read_text(encoding="utf-8")) if q.unit == "troops"]


def test_the_four_outlets_troop_counts_have_four_different_qualifiers():
    by_sample = {p.name[:3]: troop_counts(p) for p in sorted(SAMPLES.glob("*.txt"))}
    seen = {}
    for sample, expected_qualifier, expected_text in [
        ("000", "less than", "less than 1,000 US troops"),
        ("002", "nearly", "nearly 1,000 U.S. military personnel"),
        ("003", "more than", "more than 1,000 troops"),
        ("004", "about", "approximately 1,000 U.S. military personnel"),
    ]:
        counts = by_sample[sample]
        assert counts, sample
        q = counts[0]
        assert (q.value, q.unit, q.qualifier, q.text) == (
            1000, "troops", expected_qualifier, expected_text)
        seen[expected_qualifier] = q
    assert len({q.qualifier for q in seen.values()}) == 4
    assert quantities_disagree(seen["more than"], seen["less than"])
    assert not quantities_disagree(seen["about"], seen["nearly"])
    assert not quantities_disagree(seen["about"], seen["more than"])
    assert not quantities_disagree(seen["about"], seen["less than"])
    # "nearly 1,000" means fewer than 1,000, so it also contradicts "more than 1,000"
    assert quantities_disagree(seen["nearly"], seen["more than"])
    assert not quantities_disagree(seen["nearly"], seen["less than"])


def test_spans_point_at_the_quoted_words():
    text = "Officials said there are currently less than 1,000 US troops in the country."
    q = one(text)
    assert text[q.start:q.end] == q.text == "less than 1,000 US troops"


@pytest.mark.parametrize(
    "text, value, unit, qualifier",
    [
        ("fewer than 900 soldiers", 900, "troops", "less than"),
        ("under 500 troops", 500, "troops", "less than"),
        ("over 20 years", 20, "year", "more than"),
        ("upwards of 5,000 civilians", 5000, "civilian", "more than"),
        ("in excess of $2 billion", 2e9, "USD", "more than"),
        ("roughly 300 American soldiers", 300, "troops", "about"),
        ("some 1,100 U.S. service personnel", 1100, "troops", "about"),
        ("an estimated 3,000 fighters", 3000, "fighter", "about"),
        ("~1,000 troops", 1000, "troops", "about"),
        ("around 40% of voters", 40, "%", "about"),
        ("almost 12 percent", 12, "%", "nearly"),
        ("close to 800 personnel", 800, "troops", "nearly"),
        ("just under 1,000 troops", 1000, "troops", "nearly"),
        ("at least 12 people", 12, "people", "at least"),
        ("no fewer than 12 people", 12, "people", "at least"),
        ("a minimum of 50 drones", 50, "drone", "at least"),
        ("1,000 or more troops", 1000, "troops", "at least"),
        ("up to 1,500 Marines", 1500, "troops", "up to"),
        ("as many as 2,000 soldiers", 2000, "troops", "up to"),
        ("a maximum of 10 aircraft", 10, "aircraft", "up to"),
        ("exactly 1,000 troops", 1000, "troops", "exactly"),
        ("precisely 42 soldiers", 42, "troops", "exactly"),
        ("1,000 troops", 1000, "troops", "exactly"),
        ("1.5 million people", 1.5e6, "people", "exactly"),
        ("$100 million", 1e8, "USD", "exactly"),
        ("$1.2bn", 1.2e9, "USD", "exactly"),
        ("€30 million", 3e7, "EUR", "exactly"),
        ("100 million dollars", 1e8, "USD", "exactly"),
        ("5 billion CFA francs", 5e9, "XOF", "exactly"),
        ("40 percent", 40, "%", "exactly"),
        ("40 per cent", 40, "%", "exactly"),
        ("twelve soldiers", 12, "troops", "exactly"),
        ("fifty-five soldiers", 55, "troops", "exactly"),
        ("a dozen soldiers", 12, "troops", "exactly"),
        ("two dozen drones", 24, "drone", "exactly"),
        ("five hundred troops", 500, "troops", "exactly"),
        ("a 12-year-old security pact", 12, "year", "exactly"),
        ("a five-day commission", 5, "day", "exactly"),
        ("thousands of people", 2000, "people", "at least"),
        ("tens of thousands of people", 20000, "people", "at least"),
        ("hundreds of troops", 200, "troops", "at least"),
        ("dozens of deaths", 24, "death", "at least"),
        ("2000 troops", 2000, "troops", "exactly"),
    ],
)
def test_phrasings(text, value, unit, qualifier):
    q = one(text)
    assert (q.value, q.unit, q.qualifier) == (value, unit, qualifier)
    assert q.qualifier in QUALIFIERS


@pytest.mark.parametrize(
    "text",
    [
        "the coup in July 2023",
        "opened in 2018",
        "the 2023 coup",
        "Sputnik Africa, 20.05.2024",
        "2024-05-20T09:14+0200",
        "by September 15",
        "at 09:14 local time",
        "call +74956456601",
        "the G5 Sahel force",
        "one of the officials",
        "https://example.org/20240520/story-1066634211.html",
    ],
)
def test_dates_times_and_identifiers_are_not_quantities(text):
    assert parse_quantities(text) == []


def test_a_range_is_one_figure_spanning_both_ends():
    (q,) = parse_quantities("between 800 and 1,000 troops remain")
    assert (q.value, q.high, q.qualifier, q.unit) == (800, 1000, "between", "troops")
    assert q.interval() == (800, 1000)
    assert q.text == "between 800 and 1,000 troops"
    (p,) = parse_quantities("5-10% of the budget")
    assert (p.value, p.high, p.unit) == (5, 10, "%")


def test_every_quantity_of_a_sample_is_anchored_in_it():
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for q in parse_quantities(text):
            assert text[q.start:q.end] == q.text


def test_intervals():
    q = lambda s: one(s).interval()  # noqa: E731
    lo, hi = q("less than 1,000 troops")
    assert lo == -math.inf and hi < 1000
    lo, hi = q("more than 1,000 troops")
    assert lo > 1000 and hi == math.inf
    assert q("about 1,000 troops") == pytest.approx((900, 1100))
    lo, hi = q("nearly 1,000 troops")
    assert lo == pytest.approx(900) and hi < 1000
    assert q("at least 1,000 troops") == (1000, math.inf)
    assert q("up to 1,000 troops") == (0, 1000)
    assert q("1,000 troops") == (1000, 1000)


def test_intervals_overlap_is_closed():
    assert intervals_overlap((0, 10), (10, 20))
    assert not intervals_overlap((0, 9.99), (10, 20))
    assert intervals_overlap((-math.inf, math.inf), (5, 5))


def test_disagreement_needs_the_same_unit():
    assert not quantities_disagree(one("more than 1,000 troops"), one("less than 1,000 drones"))
    assert quantities_disagree(one("at least 2,000 people"), one("up to 1,500 people"))
    assert not quantities_disagree(one("up to 1,000 people"), one("at least 1,000 people"))
    assert quantities_disagree(one("exactly 1,000 troops"), one("more than 1,000 soldiers"))
    assert not quantities_disagree(one("thousands of troops"), one("more than 1,000 troops"))


@pytest.mark.parametrize(
    "unit, family",
    [
        ("U.S. military personnel", "troops"),
        ("US troops", "troops"),
        ("troop", "troops"),
        ("American soldiers", "troops"),
        ("soldier", "troops"),
        ("servicemembers", "troops"),
        ("people", "people"),
        ("persons", "people"),
        ("dollars", "USD"),
        ("$", "USD"),
        ("euros", "EUR"),
        ("Canadian dollars", "CAD"),
        ("percent", "%"),
        ("years", "year"),
        ("days", "day"),
        ("drone facilities", "facility"),
        ("deaths", "death"),
        ("boxes", "box"),
        ("casualties", "casualty"),
        ("kilometres", "km"),
        ("", None),
        (None, None),
    ],
)
def test_normalise_unit(unit, family):
    assert normalise_unit(unit) == family
