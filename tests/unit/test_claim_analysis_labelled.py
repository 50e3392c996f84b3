"""The labelled evaluation set of issue 24 (tests/data): every figure and date phrasing read as
labelled, and every claim pair given its labelled verdict. Accuracy is held at 100 %; a failure
lists every item that is wrong, not only the first."""

from __future__ import annotations

import json
import math
from pathlib import Path

from niger_archive.core.claim_compare import analyse, compare
from niger_archive.core.quantities import parse_quantities
from niger_archive.core.temporal import find_dates

DATA = Path(__file__).resolve().parents[1] / "data"


def load(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _bound(x: float) -> float | None:
    return None if math.isinf(x) else round(x, 6)


def figure_as_labelled(q, label: dict) -> dict:
    lo, hi = q.interval()
    got = {"value": q.value, "high": q.high, "unit": q.unit, "qualifier": q.qualifier,
           "interval": [_bound(lo), _bound(hi)]}
    for key in ("who", "frame"):
        if key in label:
            got[key] = getattr(q, key)
    return got


def figure_errors(name: str = "figures_en.json") -> list[str]:
    errors = []
    for item in load(name):
        found = parse_quantities(item["text"])
        got = [figure_as_labelled(q, label) for q, label in zip(found, item["figures"])]
        if len(found) != len(item["figures"]) or got != item["figures"]:
            errors.append(f"{item['text']!r}: expected {item['figures']}, got "
                          f"{[figure_as_labelled(q, {'who': 0, 'frame': 0}) for q in found]}")
    return errors


def date_errors(name: str = "dates_en.json") -> list[str]:
    errors = []
    for item in load(name):
        got = [{"date": d.date, "precision": d.precision, "role": d.role}
               for d in find_dates(item["text"], item["published"])]
        if got != item["dates"]:
            errors.append(f"{item['text']!r} ({item['published']}): expected {item['dates']}, got {got}")
    return errors


def pair_errors(name: str = "claim_pairs_en.json") -> list[str]:
    errors = []
    for item in load(name):
        a, b = item["a"], item["b"]
        result = compare(analyse(a["quote"], a.get("published")), analyse(b["quote"], b.get("published")))
        if result.verdict != item["label"]:
            errors.append(f"{a['quote']!r} vs {b['quote']!r}: expected {item['label']}, got {result.verdict} "
                          f"{result.reasons}")
    return errors


def test_the_labelled_set_is_large_enough_and_covers_every_class():
    figures, dates, pairs = load("figures_en.json"), load("dates_en.json"), load("claim_pairs_en.json")
    assert len(figures) + len(dates) >= 150
    assert len(pairs) >= 60
    assert {p["label"] for p in pairs} == {"agree", "disagree", "not comparable"}
    assert {"unstable", "every figure", "time frame", "dates by role", "units", "qualifiers", "ranges",
            "relative dates", "samples"} <= {p["class"] for p in pairs}
    assert any(i["class"].startswith("sample") for i in figures + dates)


def test_every_figure_phrasing_is_read_as_labelled():
    errors = figure_errors()
    assert not errors, "\n".join(errors)


def test_every_date_phrasing_is_resolved_as_labelled():
    errors = date_errors()
    assert not errors, "\n".join(errors)


def test_every_claim_pair_gets_its_labelled_verdict():
    errors = pair_errors()
    assert not errors, "\n".join(errors)
