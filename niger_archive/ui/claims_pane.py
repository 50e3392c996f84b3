"""Owns the claims pane: every claim in the archive, filterable by verdict, cluster and text; Enter opens the passage."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from ..core.annotations import VERDICTS, Claim
from ..core.messages import Message
from ..core.models import Change
from ..services.archive import Archive
from ..platform.i18n import tr
from .highlights import VERDICT_COLOURS, is_dark
from .prompt import plain_label
from .rows_model import Column, RowsModel, select_row, table_for

ALL = "__all__"


def verdict_colour(verdict: str) -> QColor:
    light, dark = VERDICT_COLOURS.get(verdict, VERDICT_COLOURS["unverified"])
    return QColor(dark if is_dark(QApplication.palette()) else light)


class ClaimsPane(QWidget):
    def __init__(self, archive: Archive, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self._outlets: dict[int, str] = {}
        self._titles: dict[int, str] = {}
        self._clusters: dict[str, str] = {}
        self._all: list[Claim] = []
        self.filter = QLineEdit()
        self.filter.setObjectName("claims-filter")
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(tr("Filter claims by words in the claim, quote, outlet or attribution"))
        self.verdict = QComboBox()
        self.verdict.setObjectName("claims-verdict")
        self.verdict.addItem(tr("All verdicts"), ALL)
        for v in VERDICTS:
            self.verdict.addItem(tr(v), v)
        self.cluster = QComboBox()
        self.cluster.setObjectName("claims-cluster")
        self.count = plain_label()
        self.count.setEnabled(False)
        columns = [
            Column("Verdict", lambda c: tr(c.verdict), foreground=lambda c: verdict_colour(c.verdict),
                   sort_key=lambda c: VERDICTS.index(c.verdict) if c.verdict in VERDICTS else 99),
            Column("Claim", lambda c: " ".join(c.statement.split()), tooltip=lambda c: c.quote),
            Column("Outlet", lambda c: self._outlets.get(c.article_id, ""), max_chars=24),
            Column("Attribution", lambda c: c.attribution or "", max_chars=24),
            Column("Kind", lambda c: tr(c.kind)),
            Column("Clusters", lambda c: ", ".join(self._clusters.get(i, "") for i in c.cluster_ids), max_chars=30),
            Column("Article", lambda c: self._titles.get(c.article_id, ""), max_chars=40),
        ]
        self.model = RowsModel(columns, key=lambda c: c.id, parent=self)
        self.table = table_for(self.model, "claims-table", stretch=1)
        top = QHBoxLayout()
        top.addWidget(self.filter, 2)
        top.addWidget(self.verdict)
        top.addWidget(self.cluster, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        self.filter.textChanged.connect(lambda _t: self._apply_filter())
        self.verdict.activated.connect(lambda _i: self._apply_filter())
        self.cluster.activated.connect(lambda _i: self._apply_filter())

    def reload(self) -> None:
        current = self.current_claim()
        self._all = self.archive.annotations.claims()
        articles = self.archive.articles.list(sorted({c.article_id for c in self._all if c.article_id}))
        self._outlets = {a.id: a.outlet or "" for a in articles}
        self._titles = {a.id: a.title or "" for a in articles}
        clusters = self.archive.annotations.clusters()
        self._clusters = {c.id: c.label for c in clusters}
        chosen = self.cluster.currentData()
        self.cluster.blockSignals(True)
        self.cluster.clear()
        self.cluster.addItem(tr("All clusters"), ALL)
        for c in clusters:
            self.cluster.addItem(c.label, c.id)
        self.cluster.setCurrentIndex(max(0, self.cluster.findData(chosen)))
        self.cluster.blockSignals(False)
        self._apply_filter(current)

    def _apply_filter(self, keep: str | None = None) -> None:
        keep = keep or self.current_claim()
        words = self.filter.text().casefold().split()
        verdict = self.verdict.currentData()
        cluster = self.cluster.currentData()
        rows = []
        for c in self._all:
            if verdict not in (None, ALL) and c.verdict != verdict:
                continue
            if cluster not in (None, ALL) and cluster not in c.cluster_ids:
                continue
            if words:
                haystack = " ".join((c.statement, c.quote, c.attribution or "",
                                     self._outlets.get(c.article_id, ""))).casefold()
                if not all(w in haystack for w in words):
                    continue
            rows.append(c)
        self.model.set_rows(rows)
        n = len(rows)
        self.count.setText(tr(Message.counted(n, "{n} claim", "{n} claims") if n == len(self._all) else
                              Message.counted(n, "{n} claim of {total}", "{n} claims of {total}", total=len(self._all))))
        row = self.model.row_of_key(keep) if keep else None
        select_row(self.table, row if row is not None else 0)

    def refresh(self, change: Change) -> None:
        # claims, clusters, attributed entities; or article details alone (a corrected title or outlet)
        if change.claims or change.clusters or change.entities or (change.articles and not change.annotations):
            self.reload()

    def current_claim(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.key_at(index.row()) if index.isValid() else None

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
