"""Search in French (issue 17): a French article is stemmed as French, elided articles and pronouns
do not hide the word after them, accents fold as before, and a query finds both languages' forms.
Fixtures in several outlets' styles (Le Sahel, RFI, ActuNiger, Jeune Afrique, AFP)."""

from __future__ import annotations

import pytest

from niger_archive.search import SearchIndex

FRENCH = {
    201: ("Le Sahel", "Les généraux du CNSP ont reçu à Niamey la délégation américaine ; l'accord de "
                      "coopération militaire est dénoncé."),
    202: ("RFI", "Environ 1 000 soldats américains étaient déployés au Niger, notamment sur la base "
                 "aérienne d'Agadez."),
    203: ("ActuNiger", "Le retrait des troupes américaines sera achevé d'ici au 15 septembre, "
                       "a indiqué le ministère."),
    204: ("Jeune Afrique", "Qu'ils soient nigériens ou étrangers, les militaires déployés resteront "
                           "jusqu'à la fin des retraits."),
    205: ("AFP", "Washington a annoncé le départ de ses militaires ; les retraits commenceront en juin."),
}
ENGLISH = {
    301: ("Reuters", "The United States agreed to withdraw its troops; the general said the accords "
                     "would end."),
    302: ("AP", "Officials said the military withdrawal from the Agadez air base is under way."),
}


@pytest.fixture(scope="module")
def idx(tmp_path_factory):
    index = SearchIndex.open(tmp_path_factory.mktemp("fr") / "index", lock_timeout=1.0)
    docs = [{"id": i, "title": "", "body": body, "outlet": outlet, "language": "fr"}
            for i, (outlet, body) in FRENCH.items()]
    docs += [{"id": i, "title": "", "body": body, "outlet": outlet, "language": "en"}
             for i, (outlet, body) in ENGLISH.items()]
    index.add(docs)
    yield index
    index.close()


def found(idx, query: str) -> set[int]:
    return {h.id for h in idx.search(query, limit=50)}


def test_an_elided_article_does_not_hide_the_word(idx):
    assert 201 in found(idx, "accord")
    assert 202 in found(idx, "Agadez")
    assert 204 in found(idx, "ils")


def test_french_plurals_and_feminines_find_each_other(idx):
    assert 203 in found(idx, "retrait")
    assert {204, 205} <= found(idx, "retrait")
    assert {204, 205} <= found(idx, "militaire")
    assert {202, 203} <= found(idx, "américain")
    assert 201 in found(idx, "général")  # "généraux" in the article


def test_accents_fold_in_french_articles(idx):
    assert 202 in found(idx, "deployes")
    assert 201 in found(idx, "denonce")
    assert 204 in found(idx, "nigerien")


def test_a_french_phrase_is_found_in_the_french_article(idx):
    assert found(idx, '"soldats américains"') == {202}
    assert found(idx, '"troupes américaines"') == {203}


def test_english_articles_are_stemmed_as_before(idx):
    assert {301, 302} <= found(idx, "withdrawal")
    assert 301 in found(idx, "accord")  # "accords" in the English article
    assert found(idx, '"air base"') == {302}


def test_one_query_finds_the_word_in_both_languages(idx):
    agadez = found(idx, "Agadez")
    assert {202, 302} <= agadez
    generals = found(idx, "generaux")
    assert 201 in generals


def test_an_article_without_a_language_is_searched_as_english(tmp_path):
    index = SearchIndex.open(tmp_path / "index", lock_timeout=1.0)
    try:
        index.add([{"id": 1, "title": "", "body": "The withdrawals continue."}])
        assert found(index, "withdrawal") == {1}
    finally:
        index.close()


def test_an_elided_query_word_finds_the_word_in_every_article(idx):
    # Typing the word as it is written in French ("d'Agadez", "l'accord") finds it wherever it is,
    # as typing "Agadez" or "accord" does, in the French articles and the English ones.
    assert {202, 302} <= found(idx, "d'Agadez")
    assert 201 in found(idx, "l'accord") and 301 in found(idx, "l'accord")
    assert found(idx, "d’Agadez") == found(idx, "Agadez")  # the typographic apostrophe too
    assert found(idx, '"base aérienne d\'Agadez"') == {202}  # inside quotes the phrase stays exact


def test_a_five_letter_singular_finds_its_plural():
    # "armée" and "armées", "force" and "forces": one word, whatever its length.
    from niger_archive.search.schema import french_stem

    for singular, plural in (("armee", "armees"), ("force", "forces"), ("ville", "villes"),
                             ("soldat", "soldats"), ("general", "generaux"), ("accord", "accords")):
        assert french_stem(singular) == french_stem(plural), (singular, plural)
    for kept in ("pays", "mois", "fois"):  # singular words that end in s
        assert french_stem(kept) == kept


def test_a_participle_and_its_feminine_and_plurals_stem_alike_and_never_shorter_than_a_whole_word():
    # "armée" stemmed to "arm" (the English stem of "arms" and "armed") while "armé" stayed "arme"; and
    # "Niger" to "nig": a stem shorter than the words left whole collides with other words.
    from niger_archive.search.schema import french_stem

    for forms in (("arme", "armee", "armes", "armees"), ("tire", "tiree", "tirer", "tires"),
                  ("donne", "donnee", "donner"), ("niger", "nigers")):
        assert len({french_stem(form) for form in forms}) == 1, forms
    for word in ("niger", "armee", "tirer", "donner", "ville", "annee"):
        assert len(french_stem(word)) >= 4, word
