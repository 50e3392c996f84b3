"""Loads the labelled version/copy pairs (tests/data/version_pairs.yaml) and measures the rule on them.

Run ``python tests/unit/labelled_pairs.py`` to print the table that docs/versions.md reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from niger_archive.core import shingles as sh
from niger_archive.core import publications as v

DATA = Path(__file__).resolve().parents[1] / "data"


@dataclass
class Side:
    text: str
    capture: v.Capture


@dataclass
class Pair:
    id: str
    label: str
    a: Side
    b: Side

    @property
    def similarity(self) -> float:
        return sh.jaccard(sh.shingles(self.a.text), sh.shingles(self.b.text))

    def decide(self) -> v.Decision:
        return v.decide(self.b.capture, self.a.capture, self.similarity)


def _side(spec: dict, stories: dict[str, list[str]]) -> Side:
    paragraphs = list(stories[spec["story"]])
    for index, text in (spec.get("set") or {}).items():
        paragraphs[int(index)] = text
    if "keep" in spec:
        paragraphs = [p for n, p in enumerate(paragraphs) if n in set(spec["keep"])]
    if "drop" in spec:
        paragraphs = [p for n, p in enumerate(paragraphs) if n not in set(spec["drop"])]
    paragraphs = list(spec.get("prepend", [])) + paragraphs + list(spec.get("append", []))
    text = "\n\n".join(paragraphs)
    for old, new in spec.get("replace", []):
        assert old in text, f"{spec['story']}: {old!r} not in the text"
        text = text.replace(old, new)
    capture = v.Capture(url=spec.get("url"), outlet=spec.get("outlet"), title=spec.get("title"),
                        author=spec.get("author"), published=spec.get("published"),
                        updated=spec.get("updated"), source_path=spec.get("path"))
    return Side(text, capture)


def load_pairs() -> list[Pair]:
    stories = yaml.safe_load((DATA / "version_pairs_stories.yaml").read_text(encoding="utf-8"))
    specs = yaml.safe_load((DATA / "version_pairs.yaml").read_text(encoding="utf-8"))
    return [Pair(s["id"], s["label"], _side(s["a"], stories), _side(s["b"], stories)) for s in specs]


@dataclass
class Scores:
    pairs: int
    confusion: dict[tuple[str, str], int]  # (label, decision kind) -> count

    def _count(self, labels, kinds) -> int:
        return sum(n for (label, kind), n in self.confusion.items() if label in labels and kind in kinds)

    def precision_recall(self, labels: set[str], kinds: set[str]) -> tuple[float, float]:
        hit = self._count(labels, kinds)
        predicted = self._count({"version", "copy", "separate"}, kinds)
        actual = self._count(labels, {v.VERSION, v.COPY, v.SUGGEST, v.SEPARATE})
        return (hit / predicted if predicted else 1.0, hit / actual if actual else 1.0)

    @property
    def hidden(self) -> int:
        """Copies and unrelated stories the rule would fold into a lineage (a source hidden)."""
        return self._count({"copy", "separate"}, {v.VERSION})


def score(pairs: list[Pair]) -> Scores:
    confusion: dict[tuple[str, str], int] = {}
    for pair in pairs:
        key = (pair.label, pair.decide().kind)
        confusion[key] = confusion.get(key, 0) + 1
    return Scores(len(pairs), confusion)


LINKED = {v.VERSION, v.COPY, v.SUGGEST}


def report(pairs: list[Pair]) -> str:
    s = score(pairs)
    kinds = [v.VERSION, v.COPY, v.SUGGEST, v.SEPARATE]
    lines = [f"{len(pairs)} pairs; rows: label, columns: what the rule decided", "",
             "| label \\ decided | " + " | ".join(kinds) + " |", "|---|" + "---|" * len(kinds)]
    for label in ("version", "copy", "separate"):
        lines.append(f"| {label} | " + " | ".join(str(s.confusion.get((label, k), 0)) for k in kinds) + " |")
    lines.append("")
    for name, labels, decided in (("version", {"version"}, {v.VERSION}), ("copy", {"copy"}, {v.COPY}),
                                  ("same story (version, copy or suggestion)", {"version", "copy"}, LINKED)):
        p, r = s.precision_recall(labels, decided)
        lines.append(f"- {name}: precision {p:.2f}, recall {r:.2f}")
    lines.append(f"- copies or different stories hidden as versions: {s.hidden}")
    lines.append("")
    lines.append("| pair | label | decided | similarity | reason |")
    lines.append("|---|---|---|---|---|")
    for pair in pairs:
        d = pair.decide()
        lines.append(f"| {pair.id} | {pair.label} | {d.kind} | {pair.similarity:.2f} | {d.reason} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(load_pairs()))
