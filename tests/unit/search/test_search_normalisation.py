"""Issue 24's search cases: acronyms with and without dots are one word and are not stemmed into
ordinary words, hyphenated and closed compounds find each other, and a phrase is marked only where
its words stand together."""

from __future__ import annotations

import pytest

from niger_archive.platform.resources import samples_dir
from niger_archive.search import SearchIndex

WRITES_US_DOTTED = ("002", "003", "004")  # the samples that write "U.S."


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    texts = {int(p.name[:3]): p.read_text(encoding="utf-8") for p in sorted(samples_dir().glob("*.txt"))}
    extra = {
        101: "Plans for the pullout of foreign troops were announced.",
        102: "The pull-out of foreign troops begins next week.",
        103: "We used the old road; the UN convoy let us use it.",
        104: "The U.N. mission closed its office.",
        105: "Troops left the base. Officials in the US capital said the decision was final.",
    }
    texts.update(extra)
    idx = SearchIndex.open(tmp_path_factory.mktemp("norm") / "index", lock_timeout=1.0)
    idx.add([{"id": i, "title": "", "body": t} for i, t in texts.items()])
    yield idx, texts
    idx.close()


def found(idx, query: str, texts=None) -> set[int]:
    return {h.id for h in idx.search(query, limit=50, text_for=texts.get if texts else None)}


def test_search_US_finds_the_articles_that_write_U_S(samples):
    idx, _ = samples
    hits = found(idx, "US")
    assert {int(p) for p in WRITES_US_DOTTED} <= hits
    assert found(idx, "U.S.") == hits


def test_search_US_does_not_find_use_used_or_us(samples):
    idx, _ = samples
    assert 103 not in found(idx, "US")
    assert 103 in found(idx, "used")
    assert not {2, 3, 4} & found(idx, "used") - found(idx, "use")  # "used" still finds "use", nothing more


def test_US_troops_and_U_S_troops_find_the_same_articles(samples):
    idx, _ = samples
    dotted, plain = found(idx, '"U.S. troops"'), found(idx, '"US troops"')
    assert dotted == plain and dotted


def test_U_N_and_UN_are_one_word(samples):
    idx, _ = samples
    assert found(idx, "UN") == found(idx, "U.N.") == {103, 104}


def test_pullout_and_pull_out_find_each_other(samples):
    idx, _ = samples
    assert found(idx, "pullout") == found(idx, "pull-out") >= {101, 102}
    assert 102 in found(idx, "pull")  # the parts stay findable
    assert found(idx, '"pull-out of foreign troops"') == {101, 102}


def test_a_phrase_is_marked_where_it_stands_not_its_words_elsewhere(samples):
    idx, texts = samples
    (hit,) = idx.search('"US capital"', text_for=texts.get)
    assert hit.id == 105
    assert "«US» «capital»" in hit.snippet
    assert hit.snippet.count("«") == 2
