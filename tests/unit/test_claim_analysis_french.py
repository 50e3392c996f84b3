"""Claims and dates in French (issue 17), read into the figure model of issue 24 so that a French
claim compares with an English one. The labelled French set (tests/data/*_fr*.json, phrasings in
the styles of ActuNiger, Le Sahel, Aïr Info, RFI, Le Monde, Jeune Afrique and AFP) is held at 100 %."""

from __future__ import annotations

from test_claim_analysis_labelled import date_errors, figure_errors, load, pair_errors

from niger_archive.core.claim_compare import analyse, compare
from niger_archive.core.quantities import parse_quantities
from niger_archive.core.temporal import find_dates


def test_a_french_thousand_is_one_figure_not_one_and_zero():
    # The user's report: "Environ 1 000 soldats" was read as 1 and "000 soldats" = 0.
    for space in (" ", "\u00a0", "\u202f"):
        figures = parse_quantities(f"Environ 1{space}000 soldats américains étaient déployés au Niger")
        assert [(q.value, q.unit, q.qualifier, q.who) for q in figures] == [(1000, "troops", "about", "US")]


def test_the_french_claim_compares_with_the_english_one():
    french = analyse("Environ 1 000 soldats américains étaient déployés au Niger", "2024-05-20")
    english = analyse("with approximately 1,000 U.S. military personnel stationed in the country", "2024-05-20")
    result = compare(french, english)
    assert result.verdict == "agree"
    assert "disagree" not in {r["result"] for r in result.reasons}


def test_a_french_figure_disagreeing_with_an_english_one_is_flagged():
    result = compare(analyse("moins de 1 000 soldats américains"), analyse("more than 1,000 U.S. troops"))
    assert result.verdict == "disagree"


def test_a_french_deadline_compares_with_the_english_one_by_role():
    french = find_dates("Les soldats devront avoir quitté le Niger le 15 septembre au plus tard", "2024-05-20")
    assert [(d.date, d.role) for d in french] == [("2024-09-15", "end")]
    result = compare(analyse("le retrait sera achevé d'ici au 15 septembre", "2024-05-20"),
                     analyse("the withdrawal will be completed by Sept. 30", "2024-05-20"))
    assert result.verdict == "disagree"


def test_the_french_set_is_large_enough_and_covers_every_class():
    figures, dates, pairs = load("figures_fr.json"), load("dates_fr.json"), load("claim_pairs_fr_en.json")
    assert len(figures) + len(dates) >= 60
    assert len(pairs) >= 20
    assert {p["label"] for p in pairs} == {"agree", "disagree", "not comparable"}
    assert {"qualifiers", "words", "number formats", "units", "ranges", "time frame", "every figure",
            "dates by role", "relative dates"} <= {p["class"] for p in pairs}
    outlets = {i["class"] for i in dates}
    assert len(outlets & {"ActuNiger", "Le Sahel", "Aïr Info", "RFI", "Le Monde", "Jeune Afrique", "AFP"}) >= 6


def test_every_french_figure_phrasing_is_read_as_labelled():
    errors = figure_errors("figures_fr.json")
    assert not errors, "\n".join(errors)


def test_every_french_date_phrasing_is_resolved_as_labelled():
    errors = date_errors("dates_fr.json")
    assert not errors, "\n".join(errors)


def test_every_french_english_claim_pair_gets_its_labelled_verdict():
    errors = pair_errors("claim_pairs_fr_en.json")
    assert not errors, "\n".join(errors)
