"""Each clean-up rule of the table, on its own: its examples and the lines it must leave alone."""

from __future__ import annotations

import pytest

from niger_archive.importers.cleanup import Removals, clean_lines, clean_paragraphs
from niger_archive.importers.lines import Line, split_lines
from niger_archive.importers.rules import RULES, Action, Rule

LINE_RULES = [rule for rule in RULES if rule.action is not Action.DROP_PARAGRAPH]
PARAGRAPH_RULES = {rule.name: rule for rule in RULES if rule.action is Action.DROP_PARAGRAPH}


def run(rule: Rule, text: str) -> tuple[str, list[tuple[str, str]], list[str]]:
    removals = Removals()
    result = clean_lines(split_lines(text), removals, rules=(rule,))
    return "\n".join(line.text for line in result.lines), result.captures, removals.notes()


def test_rule_names_are_unique_and_described():
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    for rule in RULES:
        assert rule.description and rule.action in Action
        assert (rule.pattern is not None) != (rule.predicate is not None)


@pytest.mark.parametrize("rule", LINE_RULES, ids=lambda rule: rule.name)
def test_rule_examples(rule):
    assert rule.examples, f"rule {rule.name} has no examples"
    for given, expected in rule.examples:
        kept, _, notes = run(rule, given)
        assert kept == expected, f"{rule.name}: {given!r}"
        assert any(rule.description in note for note in notes)


@pytest.mark.parametrize("rule", [r for r in LINE_RULES if r.keeps], ids=lambda rule: rule.name)
def test_rule_keeps(rule):
    for line in rule.keeps:
        kept, _, notes = run(rule, line)
        assert kept == line, f"{rule.name} changed {line!r}"
        assert notes == []


def by_name(name: str) -> Rule:
    return next(rule for rule in RULES if rule.name == name)


def test_writer_picture_captures_author():
    _, captures, _ = run(by_name("writer_picture"), "Writer's pictureOlga Nesterova")
    assert captures == [("author", "Olga Nesterova")]


def test_byline_captures_author_and_affiliation():
    _, captures, _ = run(by_name("byline"), "By JANE DOE and PIERRE MARTIN, Associated Press")
    assert captures == [("author", "JANE DOE and PIERRE MARTIN"), ("affiliation", "Associated Press")]


def test_published_updated_captures_both_dates():
    _, captures, _ = run(by_name("published_updated"), "Published: May 3, 2024 | Updated: May 4, 2024")
    assert captures == [("published", "May 3, 2024"), ("updated", "May 4, 2024")]


def test_published_word_without_a_date_is_kept():
    kept, captures, _ = run(by_name("published_updated"), "Published by the ministry")
    assert kept == "Published by the ministry" and captures == []


def test_date_line_captures_the_date():
    _, captures, _ = run(by_name("date_line"), "2024-05-20T09:14+0200")
    assert captures == [("date", "2024-05-20T09:14+0200")]


def test_timestamp_prefix_captures_published_and_updated():
    kept, captures, _ = run(
        by_name("timestamp_prefix"), "09:14 20.05.2024 (Updated: 09:34 20.05.2024) WASHINGTON (Sputnik) - Talks began."
    )
    assert kept == "WASHINGTON (Sputnik) - Talks began."
    assert captures == [("published", "09:14 20.05.2024"), ("updated", "09:34 20.05.2024")]


def test_keyword_label_captures_list():
    _, captures, _ = run(by_name("keyword_label"), "Tags: Niger, Sahel, US military")
    assert captures == [("keywords", "Niger, Sahel, US military")]


def test_section_stops_at_running_text():
    text = (
        "Related News\nJunta names cabinet\nMay 3, 2024\n"
        "The ministry said the withdrawal would be completed by September, officials confirmed on Monday.\n"
        "Short closing line."
    )
    kept, _, _ = run(by_name("related_list"), text)
    assert kept.startswith("The ministry said")
    assert kept.endswith("Short closing line.")


def test_contact_block_spares_names_across_a_blank_line():
    text = "Amina Moussa\n\nfeedback@example.org"
    kept, _, _ = run(by_name("contact_block"), text)
    assert kept.splitlines()[0] == "Amina Moussa"


def test_trim_keeps_offsets_verbatim():
    raw = "The ministry confirmed the talks. Advertisement"
    result = clean_lines(split_lines(raw), Removals(), rules=(by_name("advertisement_tail"),))
    (line,) = result.lines
    piece = line.pieces[0]
    assert raw[piece.raw_start:piece.raw_start + piece.raw_length] == line.text


def test_huge_line_is_never_treated_as_furniture():
    line = "Share " * 100_000
    kept, _, _ = run(by_name("share_widget"), line.strip())
    assert kept == line.strip()


def paragraphs(*texts: str) -> list[Line]:
    raw = "\n\n".join(texts)
    return split_lines(raw)


def test_repeated_paragraph_drops_later_copies_only():
    rule = PARAGRAPH_RULES["repeated_paragraph"]
    kept = clean_paragraphs(paragraphs("U.S. to end military presence in Niger", "Body text here.",
                                       "U.S. to end  military presence in NIGER"), Removals(), rules=(rule,))
    assert [p.text for p in kept] == ["U.S. to end military presence in Niger", "Body text here."]


def test_repeated_summary_dropped_when_every_sentence_reappears():
    rule = PARAGRAPH_RULES["repeated_summary"]
    summary = "The army agreed to leave the base by September. Talks on aid will continue in Niamey."
    body = [
        "NIAMEY — The army agreed to leave the base by September, the ministry said.",
        "Officials said talks on aid will continue in Niamey next month.",
        "The army agreed to leave the base by September. Talks on aid will continue in Niamey. More news.",
    ]
    kept = clean_paragraphs(paragraphs(summary, *body), Removals(), rules=(rule,))
    assert [p.text for p in kept] == body


def test_truncated_summary_with_ellipsis_counts_up_to_the_ellipsis():
    rule = PARAGRAPH_RULES["repeated_summary"]
    summary = (
        "WASHINGTON (Sputnik) - Earlier, the Pentagon said the US troops would leave Niger by... "
        "20.05.2024, Sputnik Africa"
    )
    body = "WASHINGTON (Sputnik) - Earlier, the Pentagon said the US troops would leave Niger by September 15."
    kept = clean_paragraphs(paragraphs(summary, body), Removals(), rules=(rule,))
    assert [p.text for p in kept] == [body]


def test_summary_with_a_new_sentence_is_kept():
    rule = PARAGRAPH_RULES["repeated_summary"]
    summary = "The army agreed to leave the base by September. A new claim appears only here in the lead."
    body = "The army agreed to leave the base by September. Talks will continue."
    kept = clean_paragraphs(paragraphs(summary, body), Removals(), rules=(rule,))
    assert len(kept) == 2
