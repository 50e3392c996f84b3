"""Owns the clean-up engine: applies the rule table to lines and paragraphs, and reports what went."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
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
# Besides ASCII letters, the only characters re's IGNORECASE matches to an ASCII letter: the Kelvin
# sign (which lower() turns into "k") and these three. A text holding one is tested without ``needs``.
_CASE_TWINS = re.compile("[İıſ]")
# What a screen (see ``_screen``) needs to know of a pattern's source and flags.
_SCOPED_FLAGS = {re.IGNORECASE: "i", re.MULTILINE: "m", re.DOTALL: "s", re.VERBOSE: "x"}
_SCOPABLE = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE
_NAMED_GROUP = re.compile(r"(?<!\\)\(\?P<\w+>")
_REFERENCES = re.compile(r"\\[1-9]|(?<!\\)\(\?(?:P=|\()")  # back-references and conditionals


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
    _drop_runs(lines, dropped, rules_for(Action.DROP_RUN, rules))
    end_rules = rules_for(Action.TRIM_END, rules)
    start_rules = rules_for(Action.TRIM_START, rules)
    # When every end rule has ``needs``, a line holding none of them skips the end rules at once.
    end_needs: tuple[str, ...] = ()
    if all(rule.needs for rule in end_rules):
        end_needs = tuple(need for rule in end_rules for need in rule.needs)
    kept: list[Line] = []
    carry_blank = False
    for index, line in enumerate(lines):
        carry_blank = carry_blank or line.blank_before
        rule = dropped[index]
        if rule is not None:
            removals.add(rule.description, line.text)
            continue
        trimmed = _trim(line, end_rules, start_rules, removals, captured.setdefault(index, []), end_needs)
        if trimmed is None:
            continue
        kept.append(Line(trimmed.pieces, carry_blank))
        carry_blank = False
    captures = [item for index in sorted(captured) for item in captured[index]]
    return LineCleanup(kept, captures)


def _lowered(text: str) -> str | None:
    """``text`` lower-cased for testing rules' ``needs``, or None when that test proves nothing."""
    if not text.isascii() and _CASE_TWINS.search(text):
        return None
    return text.lower()


def _may_match(needs: tuple[str, ...], lowered: str | None) -> bool:
    """False when ``lowered`` lacks all of a rule's ``needs`` (so its pattern cannot match)."""
    if not needs or lowered is None:
        return True
    for need in needs:  # a plain loop: twice as fast as any() over a map for these few short texts
        if need in lowered:
            return True
    return False


def _fullmatch(rule: Rule, text: str):
    if rule.pattern is None or len(text) > rule.max_chars:
        return None
    match = rule.pattern.fullmatch(text)
    if match is None or (rule.accept is not None and not rule.accept(match)):
        return None
    return match


def _screen(rules: tuple[Rule, ...]) -> tuple[re.Pattern[str] | None, list[Rule]]:
    """One pattern that fully matches every text one of the screened rules' patterns fully matches
    (their alternation, named groups made plain), and the rules left out of it.

    Most lines are running text that no line rule matches: one call of the screen then stands for
    a dozen calls. Left out, and tried one by one: rules with ``needs`` (a cheaper test) or an
    ``accept`` check (their patterns may be broad, as a date line's is), and patterns the
    alternation could not hold unchanged (references to groups, flags a group cannot scope).
    """
    branches: list[str] = []
    others: list[Rule] = []
    for rule in rules:
        pattern = rule.pattern
        if pattern is None:
            continue
        flags = pattern.flags & ~re.UNICODE
        scoped = "".join(letter for flag, letter in _SCOPED_FLAGS.items() if flags & flag)
        branch = f"(?{scoped}:{_NAMED_GROUP.sub('(?:', pattern.pattern)})"
        if rule.needs or rule.accept is not None or not _holds(branch, pattern, flags):
            others.append(rule)
            continue
        branches.append(branch)
    if not branches:
        return None, others
    return re.compile("|".join(branches)), others


def _holds(branch: str, pattern: re.Pattern[str], flags: int) -> bool:
    """True when ``branch`` matches what ``pattern`` matches (no references to groups, scopable
    flags, and only the named groups gone)."""
    if _REFERENCES.search(pattern.pattern) or flags & ~_SCOPABLE:
        return False
    try:
        groups = re.compile(branch).groups
    except re.error:
        return False
    return groups == pattern.groups - len(pattern.groupindex)


_TABLE_RULES = {action: rules_for(action) for action in (Action.DROP_SECTION, Action.DROP_LINE)}


def _screen_for(action: Action, rules: tuple[Rule, ...]) -> tuple[re.Pattern[str] | None, list[Rule]]:
    """``_screen(rules)``: compiled once for the rule table's own rules, each time for other rules."""
    return _table_screen(action) if rules == _TABLE_RULES[action] else _screen(rules)


@cache
def _table_screen(action: Action) -> tuple[re.Pattern[str] | None, list[Rule]]:
    return _screen(_TABLE_RULES[action])  # compiled on first use (about 10 ms), not on import


def _drop_sections(lines: list[Line], dropped: list[Rule | None], rules: tuple[Rule, ...]) -> None:
    first_prose = next((i for i, line in enumerate(lines) if looks_like_prose(line.text)), len(lines))
    screen, others = _screen_for(Action.DROP_SECTION, rules)
    index = 0
    while index < len(lines):
        text = lines[index].text
        candidates = rules if screen is None or screen.fullmatch(text) else others
        rule = next((r for r in candidates if _fullmatch(r, text)), None)
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
    screen, others = _screen_for(Action.DROP_LINE, rules)
    # _fullmatch unrolled: every short line meets every line rule, so the per-rule call counts.
    every_check = [(r, r.max_chars, r.pattern.fullmatch, r.accept, r.needs) for r in rules if r.pattern]
    other_checks = [check for check in every_check if any(check[0] is rule for rule in others)]
    for index, line in enumerate(lines):
        text = line.text
        size = len(text)
        if dropped[index] is not None or size > longest:
            continue
        if text in verdicts:
            verdict = verdicts[text]
        else:
            verdict = None
            lowered = _lowered(text)
            checks = every_check if screen is None or screen.fullmatch(text) else other_checks
            for rule, max_chars, fullmatch, accept, needs in checks:
                if size > max_chars:
                    continue
                if needs and lowered is not None:  # _may_match inlined (four rules, every line)
                    for need in needs:
                        if need in lowered:
                            break
                    else:
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


def _drop_runs(lines: list[Line], dropped: list[Rule | None], rules: tuple[Rule, ...]) -> None:
    """Runs of adjacent lines (blank lines between them allowed) that each match a DROP_RUN rule go when
    the rule's ``run_accept`` says the run is a widget; a line another rule dropped stays in the run."""
    for rule in rules:
        run: list[int] = []
        for index in range(len(lines) + 1):
            if index < len(lines) and len(lines[index].text) <= rule.max_chars and _fullmatch(rule, lines[index].text):
                run.append(index)
                continue
            if run and rule.run_accept is not None and rule.run_accept([lines[i].text for i in run]):
                for member in run:
                    if dropped[member] is None:
                        dropped[member] = rule
            run = []


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
    end_needs: tuple[str, ...] = (),
) -> Line | None:
    for _ in range(_MAX_TRIMS):
        changed = False
        lowered = _lowered(line.text)
        for rule in end_rules if _may_match(end_needs, lowered) else ():
            text = line.text
            if rule.pattern is None or (rule.needs and not _may_match(rule.needs, lowered)):
                continue
            match = rule.pattern.search(text, max(0, len(text) - _TRIM_WINDOW))
            if match and match.end() == len(text) and (rule.accept is None or rule.accept(match)):
                removals.add(rule.description, match.group(0))
                line = line.slice(0, match.start()).stripped()
                lowered = _lowered(line.text)
                changed = True
        for rule in start_rules:
            text = line.text
            if rule.pattern is None or (rule.needs and not _may_match(rule.needs, lowered)):
                continue
            match = rule.pattern.match(text, 0, min(len(text), _TRIM_WINDOW))
            if match and match.end() > 0 and (rule.accept is None or rule.accept(match)):
                removals.add(rule.description, match.group(0))
                captures.extend((n, match.group(n).strip()) for n in rule.captures if match.group(n))
                line = line.slice(match.end(), len(text)).stripped()
                lowered = _lowered(line.text)
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
        context = ParagraphContext(index, earlier, document_key, after, keys[index])
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
