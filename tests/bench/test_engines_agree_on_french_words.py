"""The benchmark's check that every query finds as many articles in the archive as in SQLite FTS5
(issue 14) failed by one at 10k on two queries, ``sanct* niger`` and ``l'armée``. Both were the
archive finding an article that does not contain the word searched for: the French stem of "armée"
was "arm", which found an English report about a soldier's arm, and the French stem of "Niger" was
"nig", which found a French report holding the corpus's made-up word "nig". Here the same shapes, in a
small corpus of our own, searched by both engines."""

from __future__ import annotations

import pytest

from bench.fts5_baseline import Fts5Searcher, load_documents
from bench.queries import QUERY_MIX
from niger_archive.search import SearchIndex

DOCS = [
    {"id": 1, "language": "en", "title": "Border clash",
     "body": "A soldier was shot in the arm near the border with Niger, the army said; sanctions stay."},
    {"id": 2, "language": "fr", "title": "Attaque repoussée",
     "body": "Selon le ministère, l'armée a repoussé une attaque ; les sanctions contre le Niger restent."},
    {"id": 3, "language": "fr", "title": "Commerce",
     "body": "Les sanctions frappent les commerçants nigériens, a déclaré un nig du marché de Maradi."},
    {"id": 4, "language": "fr", "title": "Armes saisies",
     "body": "Des soldats armés ont saisi des armes ; les militaires de l'armée nigérienne ont été tirés d'affaire."},
    {"id": 5, "language": "en", "title": "Arms",
     "body": "The armed men carried arms across the border; the army of Niger pursued them."},
]


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    root = tmp_path_factory.mktemp("engines")
    index = SearchIndex.open(root / "index", lock_timeout=1.0)
    index.add([dict(d) for d in DOCS])
    load_documents(root / "fts5.db", iter([[dict(d) for d in DOCS]]))
    fts5 = Fts5Searcher(root / "fts5.db")
    yield index, fts5
    fts5.close()
    index.close()


@pytest.mark.parametrize("query", [q for q in QUERY_MIX if q.ours in ("sanct* niger", "l'armée")],
                         ids=lambda q: q.ours)
def test_a_french_word_finds_the_same_articles_as_fts5(engines, query):
    index, fts5 = engines
    ours = {hit.id for hit in index.search(query.ours, limit=50)}
    theirs = {row[0] for row in fts5.conn.execute("SELECT rowid FROM docs WHERE docs MATCH ?", [query.fts])}
    assert ours == theirs


def test_searching_the_army_in_french_does_not_find_an_arm(engines):
    index, _ = engines
    assert {hit.id for hit in index.search("l'armée", limit=50)} == {2, 4}  # never the soldier's arm (1)
    assert 3 not in {hit.id for hit in index.search("niger", limit=50)}  # "nig" is not "Niger"
