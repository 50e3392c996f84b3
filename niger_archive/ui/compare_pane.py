"""Owns the compare pane: one cluster's claims side by side (a column per outlet), disagreements highlighted.

Figures and dates that disagree between outlets are tinted; the list under the table says what
disagrees. Passages in other articles that look like the same claim are suggested (a adds one).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QListWidget,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.models import Change
from ..platform import i18n
from ..platform.i18n import current_language, number, tr, tr_marked
from ..services.archive import Archive
from . import plain
from .highlights import is_dark
from .prompt import plain_label
from .rows_model import Column, RowsModel, elide, select_row, table_for
from .tasks import QueryWorker
from .timeline_view import TimelineView

FIELDS = (("figure", "Figure"), ("quote", "Passage"), ("attribution", "Attribution"), ("dates", "Dates"),
          ("verdict", "Verdict"), ("published", "Published"))
DISAGREEMENT_FIELD = {"quantity": "figure", "date": "dates", "marked": "verdict"}


def _number_shown(value: float) -> str:
    """A figure's number in the interface language ("1,000" / "1 000", "2.5" / "2,5")."""
    if float(value).is_integer():
        return number(int(value))
    text = number(int(value)) + f"{value % 1:.6g}"[1:]
    return text.replace(".", ",") if current_language() == "fr" else text


def _figure_in_language(row: dict[str, Any]) -> str:
    """The claim's figure said in the interface language: "environ 1 000 soldats", "entre 600 et 800 soldats"."""
    unit = tr(row.get("unit") or "") if row.get("unit") else ""
    qualifier = row.get("qualifier") or "exactly"
    low = _number_shown(float(row["value"]))
    if row.get("high") is not None:
        body = tr("{low} to {high}").format(low=low, high=_number_shown(float(row["high"])))
        if qualifier == "between":
            body = tr("between {low} and {high}").format(low=low, high=_number_shown(float(row["high"])))
            qualifier = "exactly"
    elif qualifier == "odd":
        body, qualifier = tr("{n}-odd").format(n=low), "exactly"
    else:
        body = low
    words = [] if qualifier == "exactly" else [tr(qualifier)]
    return " ".join(w for w in (*words, body, unit) if w)


def _figure(row: dict[str, Any]) -> str:
    if current_language() != "en" and row.get("value") is not None:
        return _figure_in_language(row)
    if row.get("figure"):
        return row["figure"]
    if row.get("value") is None:
        return tr("no figure")
    value = float(row["value"])
    number = f"{value:,.0f}" if value.is_integer() else f"{value:,}"
    return " ".join(x for x in (row.get("qualifier") or "", number, row.get("unit") or "") if x)


def source_name(row: dict[str, Any]) -> str:
    return row.get("outlet") or f"“{elide(row.get('title') or tr('untitled article'), 36)}”"


def describe_disagreement(d: dict[str, Any], rows: dict[str, dict[str, Any]]) -> str:
    """A disagreement in words, naming each side by outlet (or article title when the outlet is unknown)."""
    a, b = (rows.get(c) for c in d["claims"][:2])
    if a is None or b is None:
        return d.get("detail", "")
    reason = d.get("reason")
    if reason and d["kind"] in ("quantity", "date"):
        copies = tr("Two copies of one story disagree: ") if d.get("same_story") else ""
        return copies + tr("{a} ({source_a}) vs {b} ({source_b}): {why}").format(
            a=tr_marked(reason["a"]), source_a=source_name(a), b=tr_marked(reason["b"]), source_b=source_name(b),
            why=tr(reason["why"]))
    if d["kind"] == "quantity":
        return tr("{a} ({source_a}) vs {b} ({source_b}): the ranges do not overlap").format(
            a=_figure(a), source_a=source_name(a), b=_figure(b), source_b=source_name(b))
    if d["kind"] == "marked":
        return tr("Marked as contradicting: {a} vs {b}").format(a=source_name(a), b=source_name(b))
    return d.get("detail", "")


def describe_pair(pair: dict[str, Any], rows: dict[str, dict[str, Any]]) -> str:
    """One pair's verdict and every figure and date compared for it, so the reasoning can be checked."""
    a, b = (rows.get(c) for c in pair["claims"][:2])
    names = tr(" vs ").join(source_name(r) if r else "?" for r in (a, b))
    reasons = []
    for r in pair.get("reasons", []):
        sides = " / ".join(tr_marked(x) for x in (r.get("a"), r.get("b")) if x)
        reasons.append(f"{sides}{tr(': ')}{tr(r['result'])} ({tr(r['why'])})")
    verdict = tr(pair["verdict"])
    return (f"{verdict[:1].upper()}{verdict[1:]} — {names}{tr(': ')}"
            + (tr("; ").join(reasons) or tr("no figure or date to compare")))


def _cluster_suggestions(archive: Archive, cluster_id: str) -> list[dict[str, Any]]:
    """Claims in other articles like the cluster's (on the query thread, which loads the matcher on first use)."""
    from ..services.suggestions import suggest_cluster_members

    return suggest_cluster_members(archive, cluster_id)


class ComparisonModel(QAbstractTableModel):
    """Transposed: one column per claim (outlet), one row per compared field."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._flagged: dict[tuple[str, str], list[str]] = {}  # (claim id, field) -> details

    def set_comparison(self, comparison: dict[str, Any] | None) -> None:
        self.beginResetModel()
        self._rows = list(comparison["rows"]) if comparison else []
        self._flagged = {}
        for d in (comparison or {}).get("disagreements", []):
            field = DISAGREEMENT_FIELD.get(d["kind"], "verdict")
            for claim_id in d["claims"]:
                self._flagged.setdefault((claim_id, field), []).append(d["detail"])
        self.endResetModel()

    def claim_at(self, column: int) -> str | None:
        return self._rows[column]["claim_id"] if 0 <= column < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(FIELDS)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(FIELDS):
            return tr(FIELDS[section][1])
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._rows):
            row = self._rows[section]
            return f"{source_name(row)}\n{i18n.date(row.get('published')) or tr('date unknown')}"
        return None

    def _text(self, row: dict[str, Any], field: str) -> str:
        if field == "figure":
            return _figure(row)
        if field == "quote":
            return " ".join((row.get("quote") or "").split())
        if field == "dates":
            dates = (row.get("analysis") or {}).get("dates", row.get("dates") or [])
            return ", ".join(f"{d.get('text')} ({i18n.date(d.get('date')) or tr('date unknown')}"
                             + (f", {tr(d['role'])})" if d.get("role") else ")")
                             for d in dates) or tr("none")
        if field == "published":
            return i18n.moment((row.get("published") or "")[:16])
        if field == "verdict":
            return tr(row.get("verdict") or "")  # the stored English value, said in the interface language
        return str(row.get(field) or "")

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self._rows) or not 0 <= index.row() < len(FIELDS):
            return None
        row = self._rows[index.column()]
        field = FIELDS[index.row()][0]
        flagged = self._flagged.get((row["claim_id"], field))
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, field)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain.tooltip(*flagged) if flagged else plain.tooltip(self._text(row, field))
        if role == Qt.ItemDataRole.BackgroundRole and flagged:
            return QColor("#5d2a2a") if is_dark(QApplication.palette()) else QColor("#ffd9d2")
        if role == Qt.ItemDataRole.FontRole and flagged:
            font = QApplication.font()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return row["claim_id"]
        return None


class ComparePane(QWidget):
    def __init__(self, archive: Archive, queries: QueryWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.queries = queries
        self.cluster = QComboBox()
        self.cluster.setObjectName("compare-cluster")
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        self.model = ComparisonModel(self)
        self.table = QTableView()
        self.table.setObjectName("compare-table")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectColumns)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.disagreements = QListWidget()
        self.disagreements.setObjectName("compare-disagreements")
        self.disagreements.setWordWrap(True)
        self.disagreements.setMinimumHeight(self.fontMetrics().height() * 4)  # each pair's reasons: room to read
        suggestion_columns = [
            Column("Outlet", lambda s: s.get("outlet") or s.get("title") or "", max_chars=30),
            Column("Passage that may be the same claim", lambda s: " ".join(s.get("text", "").split())),
            Column("Why", lambda s: ", ".join(s.get("reasons", []))),
        ]
        self.suggestions = RowsModel(suggestion_columns, key=lambda s: (s["article_id"], s["start"], s["end"]),
                                     parent=self)
        self.suggestion_table = table_for(self.suggestions, "compare-suggestions", stretch=1)
        self.suggestion_heading = plain_label("Suggested passages (a adds the chosen one to this cluster)")
        self.suggestion_heading.setEnabled(False)
        self.timeline = TimelineView()
        self.timeline_caption = plain_label("")
        self.timeline_caption.setObjectName("compare-timeline-caption")
        self.timeline.current_changed.connect(lambda _i: self.timeline_caption.setText(self.timeline.current_text()))
        timeline_box = QWidget()
        timeline_layout = QVBoxLayout(timeline_box)
        timeline_layout.setContentsMargins(0, 0, 0, 0)
        timeline_layout.addWidget(plain_label("Timeline (←/→ step through the appearances, ↑/↓ change outlet)"))
        timeline_layout.addWidget(self.timeline, 1)
        timeline_layout.addWidget(self.timeline_caption)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(plain_label("Disagreements"))
        lower_layout.addWidget(self.disagreements, 3)
        lower_layout.addWidget(self.suggestion_heading)
        lower_layout.addWidget(self.suggestion_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(timeline_box)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setStretchFactor(2, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.cluster)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self.cluster.activated.connect(lambda _i: self.show_cluster(self.cluster.currentData()))
        self.queries.answered.connect(self._on_suggestions)
        self._shown: str | None = None

    def reload(self) -> None:
        clusters = self.archive.annotations.clusters()
        chosen = self.cluster.currentData() or self._shown
        self.cluster.blockSignals(True)
        self.cluster.clear()
        for c in clusters:
            n = len(c.claim_ids)
            self.cluster.addItem(f"{c.label}  ("
                                 + (tr("{n} claims") if n != 1 else tr("{n} claim")).format(n=number(n)) + ")", c.id)
        index = self.cluster.findData(chosen)
        self.cluster.setCurrentIndex(index if index >= 0 else 0)
        self.cluster.blockSignals(False)
        self.show_cluster(self.cluster.currentData())

    def show_cluster(self, cluster_id: str | None) -> None:
        self._shown = cluster_id
        self.disagreements.clear()
        self.suggestions.set_rows([])
        if not cluster_id:
            self.model.set_comparison(None)
            self.timeline.set_appearances([])
            self.summary.setText(tr("No clusters yet: in the reader, g adds a claim to a cluster (a new name "
                                    "creates one). Put the same claim from several outlets in one cluster to "
                                    "compare them here."))
            return
        from ..services.comparison import compare_cluster  # loaded when a cluster is first compared

        comparison = compare_cluster(self.archive, cluster_id)
        self.model.set_comparison(comparison)
        self.timeline.set_appearances(comparison.get("timeline", []))
        articles = {r["article_id"] for r in comparison["rows"]}
        found = comparison["disagreements"]
        sources = comparison.get("provenance", {}).get("summary")
        claims_text = (tr("{claims} claims from {articles} articles") if len(articles) != 1
                       else tr("{claims} claims from {articles} article"))
        found_text = (tr("no disagreements found") if not found
                      else tr("{n} disagreements") if len(found) != 1 else tr("{n} disagreement"))
        self.summary.setText(
            claims_text.format(claims=len(comparison["rows"]), articles=len(articles)) + " · "
            + (f"{tr(sources)} · " if sources else "")
            + found_text.format(n=len(found)))
        by_claim = {r["claim_id"]: r for r in comparison["rows"]}
        for d in found:
            self.disagreements.addItem(describe_disagreement(d, by_claim))
        for change in comparison.get("changes", []):  # a figure updated by one copy: a change, not a disagreement
            self.disagreements.addItem(tr("Changed in an update: {detail}").format(detail=tr(change["detail"])))
        for pair in comparison.get("pairs", []):
            self.disagreements.addItem(describe_pair(pair, by_claim))
        self._fit_table()
        if self.model.columnCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.suggestion_heading.setText(tr("Looking for the same claim in other articles…"))
        self.queries.ask(lambda archive, c=cluster_id: (c, _cluster_suggestions(archive, c)))

    def _on_suggestions(self, result, error: str) -> None:
        if error:
            self.suggestion_heading.setText(tr("Suggestions unavailable: {error}").format(error=error))
            return
        cluster_id, found = result
        if cluster_id != self._shown:
            return
        self.suggestions.set_rows(found)
        self.suggestion_heading.setText(
            tr("Passages that may be the same claim (a adds the chosen one to this cluster)") if found
            else tr("No other passages look like this claim"))
        select_row(self.suggestion_table, 0)

    def refresh(self, change: Change) -> None:
        if change.clusters or change.claims or (change.articles and not change.annotations):
            self.reload()

    def current_claim(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.claim_at(index.column()) if index.isValid() else None

    def current_suggestion(self) -> dict | None:
        index = self.suggestion_table.currentIndex()
        return self.suggestions.row_at(index.row()) if index.isValid() else None

    def current_cluster(self) -> str | None:
        return self._shown

    def _fit_table(self) -> None:
        """Every compared field in view: the rows fit their text and the table is at least as tall as
        they are (up to 60 % of the pane), the timeline and the lists under it take the rest."""
        table = self.table
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(r) for r in range(self.model.rowCount()))
        needed = rows + table.horizontalHeader().height() + 2 * table.frameWidth() + 4
        table.setMinimumHeight(min(needed, max(120, int(self.height() * 0.6))))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_table()  # a wider pane wraps the passages on fewer lines

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
