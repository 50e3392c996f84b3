"""In French, Compare says every figure, interval, subject and source count in French: the figures are
the program's reading of the passages (not the articles' own words), so "about 1,000 troops" is
"environ 1 000 soldats" in the disagreements, the pairs' reasons and the timeline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from niger_archive.platform import i18n
from niger_archive.services.settings import Settings, settings_path

ENGLISH = ("troops", "above", "under", "outlet", "independent", "carried by", "unresolved", "any value")


@pytest.fixture
def french():
    settings = Settings.load()
    settings.interface_language = "fr"
    settings.save()
    yield
    i18n.set_language("en")
    settings_path().unlink(missing_ok=True)


def _bilingual_cluster(root: Path):
    from niger_archive.services.archive import Archive

    repo = Path(__file__).resolve().parents[2]
    archive = Archive.open(root)
    archive.import_files([repo / "samples", repo / "tests" / "fixtures" / "french"])
    ed = archive.editor
    cluster = ed.create_cluster("Soldats américains au Niger")
    archive.apply(cluster)
    claims = []
    for passage in ("more than 1,000 troops from Niger", "Près d'un millier de militaires américains",
                    "approximately 1,000 U.S. military personnel"):
        article_id = next(i for i in archive.current_ids() if passage in (archive.articles.text(i) or ""))
        start = (archive.articles.text(article_id) or "").index(passage)
        highlight = ed.create_annotation(article_id, start, start + len(passage))
        archive.apply(highlight)
        claim = ed.mark_claim(highlight.target)
        archive.apply(claim)
        claims.append(claim.target)
    archive.apply(ed.add_to_cluster(cluster.target, claims))
    archive.close()
    return cluster.target


def test_compare_in_french_says_the_figures_and_their_reasons_in_french(qtbot, make_window, french, tmp_path):
    cluster = _bilingual_cluster(tmp_path / "bilingual")
    window = make_window(tmp_path / "bilingual")
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # Compare
    window.compare.show_cluster(cluster)

    items = [window.compare.disagreements.item(i).text() for i in range(window.compare.disagreements.count())]
    said = [re.sub(r"“[^”]*”", "", item) for item in items]  # the articles' titles are their own words
    assert any("plus de 1\u202f000 soldats" in item for item in said), items
    assert any("près de 1\u202f000 soldats" in item for item in said), items
    assert not [item for item in said for word in ENGLISH if word in item], items

    summary = window.compare.summary.text()
    assert "3 médias" in summary and "sources indépendantes" in summary, summary
    assert not [word for word in ENGLISH if word in summary], summary

    timeline = window.compare.findChild(QWidget, "compare-timeline")
    timeline.setFocus()
    for _ in range(3):
        described = timeline.current_text()
        assert "soldats" in described and not [w for w in ENGLISH if w in described], described
        qtbot.keyClick(timeline, Qt.Key.Key_Right)


def test_the_same_comparison_in_english_keeps_its_english_words(qtbot, make_window, tmp_path):
    cluster = _bilingual_cluster(tmp_path / "bilingual")
    window = make_window(tmp_path / "bilingual")
    window.compare.show_cluster(cluster)
    items = [window.compare.disagreements.item(i).text() for i in range(window.compare.disagreements.count())]
    assert any("more than 1,000 troops" in item and "nearly 1,000 troops" in item for item in items), items
    assert "3 outlets, 3 independent sources" in window.compare.summary.text()
