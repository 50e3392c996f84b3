"""Owns the clean-up engine: applies the rule table to lines and paragraphs, and reports what went."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from .lines import Line, Piece
from .rules import RULES, Action, ParagraphContext, Rule, rules_for
from .sentences import (
    comparison_key,
    ends_sentence,
    ends_with_abbreviation,
    looks_like_prose,
    looks_wrapped,
    starts_lower,
)

_TRIM_WINDOW = 300  # glued furniture sits within this many characters of a line's end or start
_MAX_TRIMS = 5
_EXAMPLES = 3
_EXAMPLE_CHARS = 60


class Removals:
    """What the clean-up removed, grouped by the rule's description, for the import report."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}
        self._examples: dict[str, list[str]] = {}

    def add(self, description: str, text: str) -> None:
        self._counts[description] = self._counts.get(description, 0) + 1
        examples = self._examples.setdefault(description, [])
        short = " ".join(text.split())
        if len(short) > _EXAMPLE_CHARS:
            short = short[: _EXAMPLE_CHARS - 1].rstrip() + "…"
        if len(examples) < _EXAMPLES and short not in examples:
            examples.append(short)

    def notes(self) -> list[str]:
        notes = []
        for description, count in self._counts.items():
            shown = ", ".join(f"“{example}”" for example in self._examples[description])
            notes.append(f"removed {description} ({count}): {shown}")
        return notes


@dataclass
class LineCleanup:
    """Lines left after the line rules, and metadata values the rules captured, in text order."""

    lines: list[Line]
    captures: list[tuple[str, str]] = field(default_factory=list)


def clean_lines(lines: list[Line], removals: Removals, rules: tuple[Rule, ...] = RULES) -> LineCleanup:
    """Apply section, line, neighbour and trim rules; a dropped blank-line break carries over."""
    dropped: list[Rule | None] = [None] * len(lines)
    captured: dict[int, list[tuple[str, str]]] = {}
    _drop_sections(lines, dropped, rules_for(Action.DROP_SECTION, rules))
    _drop_lines(lines, dropped, captured, rules_for(Action.DROP_LINE, rules))
    _drop_neighbours(lines, dropped, rules_for(Action.DROP_NEIGHBOURS, rules))
    end_rules = rules_for(Action.TRIM_END, rules)
    start_rules = rules_for(Action.TRIM_START, rules)
    kept: list[Line] = []
    carry_blank = False
    for index, line in enumerate(lines):
        carry_blank = carry_blank or line.blank_before
        rule = dropped[index]
        if rule is not None:
            removals.add(rule.description, line.text)
            continue
        trimmed = _trim(line, end_rules, start_rules, removals, captured.setdefault(index, []))
        if trimmed is None:
            continue
        kept.append(Line(trimmed.pieces, carry_blank))
        carry_blank = False
    captures = [item for index in sorted(captured) for item in captured[index]]
    return LineCleanup(kept, captures)


def _fullmatch(rule: Rule, text: str):
    if rule.pattern is None or len(text) > rule.max_chars:
        return None
    match = rule.pattern.fullmatch(text)
    if match is None or (rule.accept is not None and not rule.accept(match)):
        return None
    return match


def _drop_sections(lines: list[Line], dropped: list[Rule | None], rules: tuple[Rule, ...]) -> None:
    first_prose = next((i for i, line in enumerate(lines) if looks_like_prose(line.text)), len(lines))
    index = 0
    while index < len(lines):
        rule = next((r for r in rules if _fullmatch(r, lines[index].text)), None)
        if rule is None:
            index += 1
            continue
        after_text = rule.to_end and first_prose < index
        dropped[index] = rule
        index += 1
        while index < len(lines) and (after_text or not looks_like_prose(lines[index].text)):
            dropped[index] = rule
            index += 1


def _drop_lines(
    lines: list[Line],
    dropped: list[Rule | None],
    captured: dict[int, list[tuple[str, str]]],
    rules: tuple[Rule, ...],
) -> None:
    longest = max((rule.max_chars for rule in rules), default=0)
    verdicts: dict[str, tuple[Rule, list[tuple[str, str]]] | None] = {}  # repeated lines decide once
    # _fullmatch unrolled: every short line meets every line rule, so the per-rule call counts.
    checks = [(r, r.max_chars, r.pattern.fullmatch, r.accept) for r in rules if r.pattern is not None]
    for index, line in enumerate(lines):
        text = line.text
        size = len(text)
        if dropped[index] is not None or size > longest:
            continue
        if text in verdicts:
            verdict = verdicts[text]
        else:
            verdict = None
            for rule, max_chars, fullmatch, accept in checks:
                if size > max_chars:
                    continue
                match = fullmatch(text)
                if match is None or (accept is not None and not accept(match)):
                    continue
                values = [(name, match.group(name).strip()) for name in rule.captures if match.group(name)]
                verdict = (rule, values)
                break
            verdicts[text] = verdict
        if verdict is not None:
            dropped[index] = verdict[0]
            if verdict[1]:
                captured[index] = list(verdict[1])


def _drop_neighbours(lines: list[Line], dropped: list[Rule | None], rules: tuple[Rule, ...]) -> None:
    for rule in rules:
        anchors = {i for i, line in enumerate(lines) if _fullmatch(rule, line.text)}
        for anchor in sorted(anchors):
            for step in (-1, 1):
                other = _neighbour(lines, anchors, anchor, step)
                if other is not None and rule.neighbour is not None and rule.neighbour(lines[other].text):
                    dropped[other] = rule


def _neighbour(lines: list[Line], anchors: set[int], anchor: int, step: int) -> int | None:
    """The nearest line next to ``anchor`` that is no anchor itself, not across a blank line."""
    index = anchor
    while True:
        if step > 0 and index + 1 < len(lines) and lines[index + 1].blank_before:
            return None
        if step < 0 and lines[index].blank_before:
            return None
        index += step
        if not 0 <= index < len(lines):
            return None
        if index not in anchors:
            return index


def _trim(
    line: Line,
    end_rules: tuple[Rule, ...],
    start_rules: tuple[Rule, ...],
    removals: Removals,
    captures: list[tuple[str, str]],
) -> Line | None:
    for _ in range(_MAX_TRIMS):
        changed = False
        for rule in end_rules:
            text = line.text
            match = rule.pattern.search(text, max(0, len(text) - _TRIM_WINDOW)) if rule.pattern else None
            if match and match.end() == len(text) and (rule.accept is None or rule.accept(match)):
                removals.add(rule.description, match.group(0))
                line = line.slice(0, match.start()).stripped()
                changed = True
        for rule in start_rules:
            text = line.text
            match = rule.pattern.match(text, 0, min(len(text), _TRIM_WINDOW)) if rule.pattern else None
            if match and match.end() > 0 and (rule.accept is None or rule.accept(match)):
                removals.add(rule.description, match.group(0))
                captures.extend((n, match.group(n).strip()) for n in rule.captures if match.group(n))
                line = line.slice(match.end(), len(text)).stripped()
                changed = True
        if not line.text:
            return None
        if not changed:
            break
    return line


def continues(previous: str, following: str) -> bool:
    """True when ``following`` carries on the sentence a scraper broke at the end of ``previous``."""
    if ends_sentence(previous):
        return ends_with_abbreviation(previous) and starts_lower(following)
    return starts_lower(following) or looks_wrapped(previous)


def assemble_paragraphs(lines: list[Line], join_wrapped: bool = True) -> list[Line]:
    """Group lines into paragraphs: a blank line breaks; a wrapped line joins with one space."""
    groups: list[list[Line]] = []
    for line in lines:
        if (
            groups
            and join_wrapped
            and not line.blank_before
            and continues(groups[-1][-1].text, line.text)
        ):
            groups[-1].append(line)
        else:
            groups.append([line])
    paragraphs = []
    for group in groups:
        pieces = list(group[0].pieces)
        for previous, line in pairwise(group):
            pieces.append(_join_piece(previous, line))
            pieces.extend(line.pieces)
        paragraphs.append(Line(pieces, group[0].blank_before))
    return paragraphs


def _join_piece(previous: Line, following: Line) -> Piece:
    start = previous.raw_end
    return Piece(" ", start, max(0, following.raw_start - start), False)


def clean_paragraphs(
    paragraphs: list[Line], removals: Removals, rules: tuple[Rule, ...] = RULES
) -> list[Line]:
    """Drop paragraphs the paragraph rules reject (repeats of headlines, summaries, paragraphs)."""
    paragraph_rules = rules_for(Action.DROP_PARAGRAPH, rules)
    keys = [comparison_key(p.text) for p in paragraphs]
    starts = []
    position = 0
    for key in keys:
        starts.append(position)
        position += len(key) + 1
    document_key = " ".join(keys)
    earlier: set[str] = set()
    kept: list[Line] = []
    for index, paragraph in enumerate(paragraphs):
        after = starts[index + 1] if index + 1 < len(paragraphs) else len(document_key)
        context = ParagraphContext(index, earlier, document_key, after)
        rule = next(
            (r for r in paragraph_rules if r.predicate is not None and r.predicate(paragraph.text, context)),
            None,
        )
        if rule is not None:
            removals.add(rule.description, paragraph.text)
            continue
        kept.append(paragraph)
        earlier.add(keys[index])
    return kept
