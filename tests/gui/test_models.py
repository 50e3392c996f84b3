"""The item models adapt service rows and pass Qt's model tester."""

from __future__ import annotations

from pathlib import Path

from niger_archive.core.models import Change
from niger_archive.services.comparison import compare_cluster
from niger_archive.ui.compare_pane import ComparisonModel
from niger_archive.ui.library_model import ID_ROLE, SNIPPET_ROLE, TITLE, ArticleTableModel
from niger_archive.ui.rows_model import Column, RowsModel

TROOPS = ("less than 1,000 US troops", "more than 1,000 troops")


def _claims_in_a_cluster(archive):
    ed = archive.editor
    edit = ed.create_cluster("troops")
    archive.apply(edit)
    for phrase in TROOPS:
        article_id = next(i for i in archive.current_ids() if phrase in archive.articles.text(i))
        created = ed.annotate_quote(article_id, phrase)
        archive.apply(created)
        mark = ed.mark_claim(created.target)
        archive.apply(mark)
        archive.apply(ed.add_to_cluster(edit.target, [mark.target]))
    return edit.target


def test_article_table_model_is_lazy_sortable_and_valid(qtmodeltester, sample_archive):
    model = ArticleTableModel(sample_archive)
    model.set_ids(sample_archive.current_ids())
    assert model.rowCount() == 5 and not model._rows  # nothing fetched before a view asks
    title = model.data(model.index(0, TITLE))
    assert title and len(model._rows) == 5  # one page fetched at once
    qtmodeltester.check(model)
    model.sort(TITLE)
    titles = [model.data(model.index(r, TITLE)) for r in range(5)]
    assert titles == sorted(titles, key=str.casefold)
    model.set_ids([3, 1], {3: "a «hit» here", 1: ""})
    qtmodeltester.check(model)
    assert model.data(model.index(0, TITLE), ID_ROLE) == 3
    assert model.data(model.index(0, TITLE), SNIPPET_ROLE) == "a «hit» here"


def test_article_model_refreshes_counts_from_a_change(qtmodeltester, sample_archive):
    model = ArticleTableModel(sample_archive)
    model.set_ids(sample_archive.current_ids())
    article_id = sample_archive.current_ids()[0]
    edit = sample_archive.editor.create_annotation(article_id, 0, 5)
    model.refresh(sample_archive.apply(edit))
    row = model.row_of(article_id)
    assert model.data(model.index(row, 3)) == "1"
    qtmodeltester.check(model)


def test_rows_and_comparison_models(qtmodeltester, sample_archive):
    cluster_id = _claims_in_a_cluster(sample_archive)
    claims = sample_archive.annotations.claims()
    model = RowsModel([Column("Verdict", lambda c: c.verdict), Column("Claim", lambda c: c.statement, max_chars=20)],
                      key=lambda c: c.id)
    model.set_rows(claims)
    qtmodeltester.check(model)
    assert len(model.data(model.index(0, 1))) <= 20
    model.sort(1)
    assert model.row_of_key(claims[0].id) is not None
    comparison = ComparisonModel()
    comparison.set_comparison(compare_cluster(sample_archive, cluster_id))
    qtmodeltester.check(comparison)
    assert comparison.columnCount() == 2
    flagged = [comparison.data(comparison.index(0, c), 8) for c in range(2)]  # BackgroundRole
    assert all(flagged), "the two figures disagree and are tinted"
    assert Change().is_empty()


def test_the_library_shows_which_articles_carry_one_story(qtbot, tmp_path):
    import shutil

    from niger_archive.services.archive import Archive
    from niger_archive.ui.library_model import COLUMNS, COPIES, ArticleTableModel

    files = shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "copies", tmp_path / "files")
    archive = Archive.open(tmp_path / "A")
    try:
        archive.import_files([files / "a_ap.txt", files / "b_courier.txt", files / "c_metro.txt"])
        model = ArticleTableModel(archive)
        model.set_ids(archive.current_ids())
        assert COLUMNS[COPIES] == "Copies"
        assert [model.data(model.index(r, COPIES)) for r in range(3)] == ["copied by 2, 3", "copy of 1; copied by 3",
                                                                          "copy of 1, 2"]
    finally:
        archive.close()
