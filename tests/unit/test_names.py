"""Entity-name proposals and mention finding over article text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from niger_archive.core.entity_proposals import NameCandidate, propose_entities
from niger_archive.core.names import MentionMatcher, find_mentions, normalise_name

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def sample(prefix: str) -> str:
    (path,) = SAMPLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def by_name(candidates: list[NameCandidate]) -> dict[str, NameCandidate]:
    return {c.name: c for c in candidates}


# --- propose_entities -------------------------------------------------------------------------

def test_sample_000_acronym_with_bracketed_expansion_and_titled_person():
    text = sample("000")
    got = by_name(propose_entities(text))
    cnsp = got["CNSP"]
    assert cnsp.expansion == "National Council for Safeguarding the Homeland"
    assert cnsp.kind == "organisation"
    assert got["National Council for Safeguarding the Homeland"].kind == "organisation"
    campbell = got["Kurt Campbell"]  # from "US Deputy Secretary of State Kurt Campbell"
    assert campbell.kind == "person"
    assert text[campbell.start:campbell.end] == "Kurt Campbell"
    assert not any("Secretary" in name for name in got)
    assert got["US Department of Defense"].kind == "organisation"
    assert got["Niger"].kind == "place"  # "withdrawal of US forces from Niger"
    assert "US-Niger" not in got


def test_sample_001_titles_are_not_part_of_names():
    got = by_name(propose_entities(sample("001")))
    assert got["CNSP"].expansion == "National Committee for Safeguarding the Homeland"
    for person in ("Kathleen FitzGibbon", "Ken Ekman", "Christopher Maier", "Dag Anderson",
                   "Kurt M. Campbell"):
        assert got[person].kind == "person", person
    assert got["U.S. Africa Command"].kind == "organisation"
    assert got["U.S. Department Of State"].kind == "organisation"
    assert got["Niamey"].kind == "place"  # "convene in Niamey"
    assert not {"April", "On", "Following", "Looking", "Scheduled", "Despite"} & set(got)


def test_sample_003_and_004_prime_minister_and_president():
    got = by_name(propose_entities(sample("003")))
    assert got["Ali Lamine Zeine"].kind == "person"
    assert got["Mohamed Bazoum"].kind == "person"
    assert got["Kurt Campbell"].kind == "person"
    assert got["Alliance of Sahel States"].kind == "organisation"
    assert "Zeine" not in got  # a short mention of the Prime Minister, not a new entity
    got = by_name(propose_entities(sample("004")))
    assert got["Kurt Campbell"].kind == "person"
    assert got["Ali Lamine Zeine"].kind == "person"  # "Nigerian Prime Minister Ali ..."
    assert got["Agadez"].kind == "place"
    assert got["Niamey"].kind == "place"  # "Niger's capital Niamey"
    assert "Thousands" not in got


def test_every_sample_candidate_is_anchored_and_unique():
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        candidates = propose_entities(text)
        keys = [normalise_name(c.name) for c in candidates]
        assert len(keys) == len(set(keys)), path.name
        assert [c.start for c in candidates] == sorted(c.start for c in candidates)
        for c in candidates:
            assert text[c.start:c.end] == c.name
            assert c.kind in ("person", "organisation", "place", "other")


def test_sentence_initial_words_months_and_days_are_not_names():
    text = ("The delegation arrived on Monday. However, talks stalled in March. "
            "Moreover, Niger said no. Officials in Niger agreed. Sunday was quiet.")
    names = [c.name for c in propose_entities(text)]
    assert names == ["Niger"]


def test_acronym_defined_after_its_expansion_and_duplicates_merged():
    text = ("The Economic Community of West African States (ECOWAS) met in Abuja. "
            "Later ECOWAS and the ECOWAS commission spoke; Ecowas is weakened.")
    got = propose_entities(text)
    ecowas = [c for c in got if normalise_name(c.name) == "ecowas"]
    assert len(ecowas) == 1
    assert ecowas[0].expansion == "Economic Community of West African States"
    assert ecowas[0].kind == "organisation"
    assert by_name(got)["Abuja"].kind == "place"


def test_title_variants():
    text = ("Prime Minister Ali Lamine Zeine met Major General Ken Ekman and "
            "Lieutenant General Dag Anderson. Former President Mohamed Bazoum was detained.")
    people = [c.name for c in propose_entities(text) if c.kind == "person"]
    assert people == ["Ali Lamine Zeine", "Ken Ekman", "Dag Anderson", "Mohamed Bazoum"]


def test_headline_lines_are_ignored():
    text = "Tensions Brew as Russian Forces Enter Niger Air Base Housing US Troops\nIt rained."
    assert propose_entities(text) == []


# --- normalise_name ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "name, key",
    [
        ("  Kurt   M. Campbell ", "kurt m campbell"),
        ("États-Unis", "etats unis"),
        ("Etats Unis", "etats unis"),
        ("U.S.", "us"),
        ("U. S.", "us"),
        ("NIGER", "niger"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("Niger’s", "niger s"),
        ("", ""),
    ],
)
def test_normalise_name(name, key):
    assert normalise_name(name) == key


# --- find_mentions ----------------------------------------------------------------------------

def spans(text: str, names) -> list[tuple[str, str]]:
    return [(text[s:e], name) for s, e, name in find_mentions(text, names)]


def test_mention_with_initial():
    text = "Deputy Secretary of State Kurt M. Campbell is slated to visit Niamey."
    assert spans(text, ["Kurt M. Campbell"]) == [("Kurt M. Campbell", "Kurt M. Campbell")]


def test_whole_words_only():
    text = "Nigerien officials, Nigeria and Niger's army; US-Niger ties; NIAMEY,NIGER"
    assert spans(text, ["Niger"]) == [("Niger", "Niger"), ("Niger", "Niger"), ("NIGER", "Niger")]


def test_accents_and_case_do_not_matter_and_offsets_are_original():
    text = "Les ÉTATS-UNIS et les États-Unis; les Etats Unis; Sahe\u0301l; Straße"
    got = find_mentions(text, ["Etats-Unis", "Sahel", "Strasse"])
    assert [text[s:e] for s, e, _ in got] == [
        "ÉTATS-UNIS", "États-Unis", "Etats Unis", "Sahe\u0301l", "Straße"]


def test_longer_alias_wins_at_the_same_place():
    text = "the Niger Delta region and Niger"
    assert spans(text, ["Niger", "Niger Delta"]) == [
        ("Niger Delta", "Niger Delta"), ("Niger", "Niger")]
    text = "U.S. Africa Command said"
    assert spans(text, ["U.S.", "U.S. Africa Command"]) == [
        ("U.S. Africa Command", "U.S. Africa Command")]


def test_short_capital_acronyms_do_not_match_pronouns():
    text = "U.S. troops told us that the US would leave."
    assert spans(text, ["US"]) == [("U.S.", "US"), ("US", "US")]
    assert spans("the cnsp said", ["CNSP"]) == [("cnsp", "CNSP")]


def test_no_names_no_mentions():
    assert find_mentions("Niger", []) == []
    assert find_mentions("", ["Niger"]) == []
    assert find_mentions("Niger", ["...", " "]) == []


_LETTERS = "abcdeéèAÉZsSßİıøŁ\u0301ﬁ1"
# a word starts with a letter or digit; a combining accent only ever follows one
_word = st.builds(lambda head, tail: head + tail,
                  st.sampled_from(_LETTERS.replace("\u0301", "")),
                  st.text(alphabet=_LETTERS, max_size=5))
_name = st.lists(_word, min_size=1, max_size=3).flatmap(
    lambda words: st.lists(st.sampled_from([" ", "-", ". "]), min_size=len(words) - 1,
                           max_size=len(words) - 1).map(
        lambda seps: words[0] + "".join(s + w for s, w in zip(seps, words[1:]))))
_text = st.text(alphabet=_LETTERS + " .,-'’\n", max_size=120)


@settings(max_examples=200, deadline=None)
@given(text=_text, names=st.lists(_name, min_size=1, max_size=4))
def test_every_span_folds_to_its_name(text, names):
    found = find_mentions(text, names)
    previous_end = 0
    for start, end, name in found:
        assert name in names
        assert 0 <= previous_end <= start < end <= len(text)
        assert normalise_name(text[start:end]) == normalise_name(name)
        previous_end = end


@settings(max_examples=200, deadline=None)
@given(before=_text, after=_text, name=_name)
def test_a_name_written_out_is_found(before, after, name):
    if not normalise_name(name):
        return
    text = before + " " + name + " " + after
    start, end = len(before) + 1, len(before) + 1 + len(name)
    found = find_mentions(text, [name])
    assert any(s < end and start < e for s, e, _ in found)


def test_one_megabyte_with_fifty_names_is_fast():
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    text = (corpus * (1_000_000 // len(corpus) + 1))[:1_000_000]
    names = [c.name for c in propose_entities(corpus)][:45]
    names += ["États-Unis", "Joe Biden", "Wagner Group", "African Union", "Chad"][: 50 - len(names)]
    matcher = MentionMatcher(names)
    t0 = time.perf_counter()
    found = matcher.find(text)
    elapsed = time.perf_counter() - t0
    assert len(found) > 1000
    assert elapsed < 3.0, elapsed
