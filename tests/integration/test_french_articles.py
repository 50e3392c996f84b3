"""French articles in an archive (issue 17): their language is detected, search finds their words in
French forms, and an English claim's cluster is offered the French passage that says the same figure
(no translation: figures, dates and names carry across languages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from niger_archive.services.archive import Archive
from niger_archive.services.suggestions import suggest_cluster_members

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
FRENCH = ROOT / "tests" / "fixtures" / "french"


@pytest.fixture
def bilingual(tmp_path):
    archive = Archive.open(tmp_path / "archive")
    archive.import_files([SAMPLES, FRENCH])
    yield archive
    archive.close()


def french_ids(archive) -> dict[str, int]:
    ids = {}
    for article_id in archive.current_ids():
        title = archive.articles.get(article_id).title or ""
        for outlet, start in (("RFI", "Niger : les États-Unis"), ("ActuNiger", "Coopération militaire")):
            if title.startswith(start):
                ids[outlet] = article_id
    return ids


def test_french_articles_are_detected_as_french_and_found_in_french_forms(bilingual):
    ids = french_ids(bilingual)
    assert set(ids) == {"RFI", "ActuNiger"}
    assert {bilingual.articles.get(i).language for i in ids.values()} == {"fr"}
    bilingual.flush_index()
    hits = {h.id for h in bilingual.index.search("américain", limit=50)}
    assert {ids["RFI"], ids["ActuNiger"]} <= hits  # "soldats américains", "militaires américains"
    assert ids["ActuNiger"] in {h.id for h in bilingual.index.search('"militaire américain"', limit=50)}
    assert ids["ActuNiger"] in {h.id for h in bilingual.index.search("accord", limit=50)}  # "l'accord"
    assert ids["RFI"] in {h.id for h in bilingual.index.search("Agadez", limit=50)}  # "d'Agadez"


def test_an_english_claims_cluster_is_offered_the_french_passage_with_the_same_figure(bilingual):
    english = next(i for i in bilingual.current_ids()
                   if "approximately 1,000 U.S. military personnel" in (bilingual.articles.text(i) or ""))
    text = bilingual.articles.text(english)
    start = text.index("approximately 1,000 U.S. military personnel")
    ed = bilingual.editor
    highlight = ed.create_annotation(english, start, start + len("approximately 1,000 U.S. military personnel"))
    bilingual.apply(highlight)
    claim = ed.mark_claim(highlight.target)
    bilingual.apply(claim)
    cluster = ed.create_cluster("US troops in Niger")
    bilingual.apply(cluster)
    bilingual.apply(ed.add_to_cluster(cluster.target, [claim.target]))

    suggestions = suggest_cluster_members(bilingual, cluster.target, limit=20)
    rfi = french_ids(bilingual)["RFI"]
    offered = [s for s in suggestions if s["article_id"] == rfi]
    assert offered, f"no French passage offered: {[(s['outlet'], s['text'][:60]) for s in suggestions]}"
    assert "1 000 soldats américains" in offered[0]["text"]
    assert any("1 000" in reason for reason in offered[0]["reasons"])


def test_an_english_entity_is_suggested_where_a_french_article_names_it_in_french(bilingual):
    from niger_archive.services.suggestions import suggest_mentions

    ids = french_ids(bilingual)
    ed = bilingual.editor
    found = {}
    for name, entity_type in (("United States", "place"), ("Pentagon", "organisation"),
                              ("Kurt Campbell", "person")):
        created = ed.create_entity(name, entity_type)
        bilingual.apply(created)
        found[name] = {(s["article_id"], s["text"]) for s in suggest_mentions(bilingual, created.target)}
    assert (ids["RFI"], "États-Unis") in found["United States"]
    assert (ids["RFI"], "Pentagone") in found["Pentagon"]
    assert (ids["RFI"], "Kurt Campbell") in found["Kurt Campbell"]
