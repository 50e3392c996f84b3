"""The importers' fast paths decide exactly as the plain rules do: same lines dropped, same keys, same language."""

from __future__ import annotations

import os
import re
import string
import sys
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from importer_checks import SAMPLES
from py3langid.langid import LanguageIdentifier, visit_counts

from niger_archive.importers import dates, rules
from niger_archive.importers.cleanup import Removals, _drop_lines, _drop_sections, _fullmatch, clean_lines
from niger_archive.importers.language import _SAMPLE_CHARS, _identifier
from niger_archive.importers.lines import Line, split_lines
from niger_archive.importers.rules import RULES, Action, rules_for
from niger_archive.importers.sentences import comparison_key, split_sentences

# IMPORTER_FUZZ_EXAMPLES=5000 runs a longer search locally.
SETTINGS = settings(max_examples=int(os.environ.get("IMPORTER_FUZZ_EXAMPLES", "60")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
TWINS = "İıſ"
EXAMPLE_LINES = sorted(
    {line for rule in RULES for text, _ in rule.examples for line in text.split("\n")}
    | {keep for rule in RULES for keep in rule.keeps}
)
PROSE = st.text(alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFF), max_size=90)
LINE = st.one_of(st.sampled_from(EXAMPLE_LINES), PROSE, st.sampled_from(EXAMPLE_LINES).map(lambda s: s + " " + s))
SAMPLE_TEXTS = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(SAMPLES.glob("*.txt"))]


def without_needs(table: tuple[rules.Rule, ...]) -> tuple[rules.Rule, ...]:
    return tuple(replace(rule, needs=()) for rule in table)


def plain_verdict(text: str, table: tuple[rules.Rule, ...]):
    rule = next((r for r in table if _fullmatch(r, text)), None)
    if rule is None:
        return None, None
    match = rule.pattern.fullmatch(text)
    return rule.name, [(name, match.group(name).strip()) for name in rule.captures if match.group(name)] or None


def engine_verdict(text: str, table: tuple[rules.Rule, ...]):
    dropped: list = [None]
    captured: dict = {}
    _drop_lines([Line.from_raw(text, 0, len(text))], dropped, captured, table)
    return (dropped[0].name if dropped[0] else None), captured.get(0)


# --- needs: a cheap substring test in front of costly patterns ------------------------------------


def matchable(rule: rules.Rule) -> re.Pattern[str]:
    """The rule's pattern without the leading look-behind of glued-text rules (it only narrows)."""
    source = rule.pattern.pattern.removeprefix(rules._AFTER_SENTENCE)
    return re.compile(source, rule.pattern.flags)


@pytest.mark.parametrize("rule", [r for r in RULES if r.needs], ids=lambda r: r.name)
@SETTINGS
@given(data=st.data())
def test_every_text_a_rule_matches_holds_one_of_its_needs(rule, data):
    text = data.draw(st.from_regex(matchable(rule), fullmatch=True))
    assume(not any(twin in text for twin in TWINS))
    assert any(need in text.lower() for need in rule.needs)


def test_ignorecase_matches_ascii_letters_only_to_themselves_the_kelvin_sign_and_three_twins():
    letters = re.compile("[a-z]", re.IGNORECASE)
    others = [c for c in map(chr, range(128, sys.maxunicode + 1))
              if letters.fullmatch(c) and c.lower() not in string.ascii_lowercase]
    assert others == list(TWINS)


@SETTINGS
@given(st.lists(LINE, max_size=12))
def test_needs_change_no_clean_up_result(texts):
    raw = "\n".join(texts)
    fast, plain = Removals(), Removals()
    with_needs = clean_lines(split_lines(raw), fast)
    plain_result = clean_lines(split_lines(raw), plain, without_needs(RULES))
    assert [line.text for line in with_needs.lines] == [line.text for line in plain_result.lines]
    assert with_needs.captures == plain_result.captures
    assert fast.notes() == plain.notes()


# --- the screen: one pattern standing for a dozen line rules --------------------------------------


@pytest.mark.parametrize("text", EXAMPLE_LINES)
def test_screened_line_verdicts_equal_rule_by_rule_verdicts_on_the_rule_examples(text):
    table = rules_for(Action.DROP_LINE)
    assert engine_verdict(text, table) == plain_verdict(text, table)


@SETTINGS
@given(LINE)
def test_screened_line_verdicts_equal_rule_by_rule_verdicts(text):
    table = rules_for(Action.DROP_LINE)
    assert engine_verdict(text, table) == plain_verdict(text, table)
    reordered = tuple(reversed(table))  # another table: its screen is made on the spot
    assert engine_verdict(text, reordered) == plain_verdict(text, reordered)


@SETTINGS
@given(LINE)
def test_screened_section_headings_equal_rule_by_rule(text):
    table = rules_for(Action.DROP_SECTION)
    dropped: list = [None]
    _drop_sections([Line.from_raw(text, 0, len(text))], dropped, table)
    assert (dropped[0].name if dropped[0] else None) == plain_verdict(text, table)[0]


# --- keys, summaries and dates ----------------------------------------------------------------------


def plain_comparison_key(text: str) -> str:
    for old, new in (("“", '"'), ("”", '"'), ("„", '"'), ("«", '"'), ("»", '"'), ("‘", "'"), ("’", "'"),
                     ("‚", "'"), ("`", "'"), ("–", "-"), ("—", "-"), ("‒", "-"), ("−", "-"),
                     ("\u00a0", " "), ("\u200b", ""), ("\u00ad", "")):
        text = text.replace(old, new)
    return " ".join(text.casefold().split())


@SETTINGS
@given(st.lists(st.sampled_from(list("aB z.`'’“—-") + ["  ", "\t", "\n", "\u00a0", "\u2003", "\x1c", "\x85",
                                                       "\u200b", "\u00ad", "İ", "ß", "Σ"])).map("".join))
def test_comparison_key_equals_its_plain_definition(text):
    assert comparison_key(text) == plain_comparison_key(text)


def plain_is_repeated_summary(text: str, document_key: str, after: int) -> bool:
    if len(text) > rules._SUMMARY_MAX_CHARS or after >= len(document_key):
        return False
    sentences = split_sentences(text)
    if len(sentences) > rules._SUMMARY_MAX_SENTENCES:
        return False
    checked = total = 0
    for sentence in sentences:
        key = comparison_key(sentence.rstrip().removesuffix("...").removesuffix("…")).rstrip(".!?;:,")
        count = len(key.split())
        if count < rules._MIN_SENTENCE_WORDS:
            continue
        if document_key.find(key, after, after + rules._SUMMARY_WINDOW) < 0:
            return False
        checked += 1
        total += count
    return checked > 0 and total >= 8


SENTENCES = ["The army said on Sunday that troops would leave.", "Talks resume in Niamey next week...",
             "U.S. officials met Gen. Tiani.", "Short one.", "Aid will continue, the ministry said!"]


@SETTINGS
@given(st.lists(st.sampled_from(SENTENCES), max_size=45), st.lists(st.sampled_from(SENTENCES), max_size=8))
def test_repeated_summary_equals_its_plain_definition(summary, body):
    text = " ".join(summary)
    document_key = comparison_key(text + " " + " ".join(body))
    after = len(comparison_key(text)) + 1
    assert rules.is_repeated_summary(text, document_key, after) == plain_is_repeated_summary(text, document_key, after)


def plain_is_date_only(text: str) -> bool:
    text = text.strip()
    if not text or len(text) > dates._MAX_DATE_CHARS or not any(map(str.isdigit, text)):
        return False
    if any(w.lower() not in dates._DATE_WORDS and not dates._is_zone_abbreviation(w) for w in dates._WORD.findall(text)):
        return False
    return dates.parse_date(text) is not None


@SETTINGS
@given(st.lists(st.sampled_from(["May", "3,", "2024", "10:14", "AM", "EDT", "²", "٣", "Niger", "le", "½", " "]),
                max_size=6).map(" ".join))
def test_date_lines_are_recognised_as_before(text):
    assert dates.is_date_only(text) == plain_is_date_only(text)


# --- language: py3langid's automaton walked by numpy, its table row-major ---------------------------


@SETTINGS
@given(st.one_of(st.sampled_from(SAMPLE_TEXTS).map(lambda t: t[:_SAMPLE_CHARS]),
                 st.text(alphabet=st.sampled_from(list("abc xyz.,é中文ελληνικάالعربية\n")), max_size=300)))
def test_language_feature_counts_and_scores_equal_py3langid_own(text):
    identifier = _identifier()
    data = identifier._encode(text)
    stock = visit_counts(identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, data)
    if len(data) >= 5 and stock:
        assert list(identifier._visits(data).items()) == list(stock.items())
    assert identifier._raw_score(data).tobytes() == LanguageIdentifier._raw_score(identifier, data).tobytes()


def test_row_major_table_scores_bit_for_bit_like_the_column_major_one():
    identifier = _identifier()
    column_major = np.asfortranarray(identifier.nb_ptc)
    for text in SAMPLE_TEXTS:
        visits = identifier._visits(identifier._encode(text[:_SAMPLE_CHARS]))
        fast = identifier._sparse_score(visits, identifier.nb_ptc)
        assert fast.tobytes() == identifier._sparse_score(visits, column_major).tobytes()
