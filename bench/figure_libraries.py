"""Score figure readers on the labelled phrasings of tests/data/figures_en.json (issue 24).

    .venv/bin/python bench/figure_libraries.py

For every phrasing, each reader is scored at three levels: the values (every labelled figure's
number, or both ends of a range, and no extra figure), values + what is counted (the unit family),
and the full reading (interval, unit and qualifier). Readers that are not installed are skipped.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "figures_en.json"


def ours(text):
    from niger_archive.core.quantities import parse_quantities

    out = []
    for q in parse_quantities(text):
        lo, hi = q.interval()
        out.append({"values": sorted(v for v in (q.value, q.high) if v is not None), "unit": q.unit,
                    "interval": [None if math.isinf(lo) else round(lo, 6), None if math.isinf(hi) else round(hi, 6)],
                    "qualifier": q.qualifier})
    return out


def quantulum(text):
    """quantulum3: a range is read as its middle value, and it keeps no qualifier or interval."""
    from niger_archive.core.quantities import normalise_unit
    from quantulum3 import parser

    return [{"values": [q.value], "unit": None if q.unit.name == "dimensionless" else normalise_unit(q.unit.name),
             "interval": None, "qualifier": None} for q in parser.parse(text)]


READERS = {"niger_archive.core.quantities": ours, "quantulum3": quantulum}


def expected(item):
    return [{"values": sorted(v for v in (f["value"], f["high"]) if v is not None), "unit": f["unit"],
             "interval": f["interval"], "qualifier": f["qualifier"]} for f in item["figures"]]


def score(reader):
    items = json.loads(DATA.read_text(encoding="utf-8"))
    levels = {"values": 0, "values+unit": 0, "full": 0}
    for item in items:
        want = expected(item)
        try:
            got = reader(item["text"])
        except Exception:  # a reader that fails on a phrasing scores nothing on it
            got = None
        if got is None or len(got) != len(want):
            continue
        if all(g["values"] == w["values"] for g, w in zip(got, want)):
            levels["values"] += 1
            if all(g["unit"] == w["unit"] for g, w in zip(got, want)):
                levels["values+unit"] += 1
                if all(g["interval"] == w["interval"] and g["qualifier"] == w["qualifier"] for g, w in zip(got, want)):
                    levels["full"] += 1
    return len(items), levels


def main():
    warnings.simplefilter("ignore")
    for name, reader in READERS.items():
        try:
            total, levels = score(reader)
        except ImportError as exc:
            print(f"{name}: not installed ({exc})")
            continue
        print(f"{name}: " + ", ".join(f"{k} {v}/{total} ({v / total:.0%})" for k, v in levels.items()))


if __name__ == "__main__":
    main()
