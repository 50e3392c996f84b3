"""Owns the cluster timeline picture: outlets as lanes, time across, each appearance of the claim a mark
labelled with its figure, the first filled, copies of one story joined by a dashed line.

Keyboard: ←/→ step through the appearances in time, ↑/↓ go to the nearest appearance in the lane
above or below, Home/End to the first and last. The chosen appearance is described in words
(``current_text``, also the accessible description). Text is drawn literally (never as rich text).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from ..core.publications import parse_moment
from ..platform import i18n
from ..platform.i18n import tr, tr_marked
from . import plain
from .highlights import is_dark

LANE, LEFT, TOP, RIGHT = 48, 150, 30, 40


def describe(appearance: dict[str, Any]) -> str:
    """One appearance in words: "Associated Press, 2024-08-05 19:40: about 300 troops (was about 200 troops)"."""
    moment = (appearance.get("published") or appearance.get("moment") or "")[:16]
    when = i18n.moment(moment) if moment else tr("date unknown")
    figure = tr_marked(appearance.get("figure") or "") or tr("no figure")
    source = tr_marked(appearance.get("source") or appearance.get("outlet") or "") or tr("outlet unknown")
    text = tr("{source}, {when}: {figure}").format(source=source, when=when, figure=figure)
    if appearance.get("changed_from"):
        text += tr(" (was {before}, changed in an update)").format(before=tr_marked(appearance["changed_from"]))
    if appearance.get("first"):
        text += tr(" — the first appearance")
    return text


class TimelineView(QWidget):
    """The picture of a cluster's ``timeline`` appearances (``services.provenance.timeline``)."""

    current_changed = Signal(int)  # index into ``appearances``

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compare-timeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.appearances: list[dict[str, Any]] = []
        self._moments: list[datetime | None] = []  # None: the article gives no date (drawn apart)
        self.lanes: list[str] = []
        self.current = -1

    # --- data -----------------------------------------------------------------------------------
    def set_appearances(self, appearances: list[dict[str, Any]]) -> None:
        placed = [(a, parse_moment(a.get("moment") or a.get("published"))) for a in appearances]
        self.appearances = [a for a, _ in placed]
        self._moments = [m for _, m in placed]
        self.lanes = list(dict.fromkeys(self._lane(a) for a in self.appearances))
        self.current = 0 if self.appearances else -1
        self._announce()
        self.updateGeometry()
        self.update()

    @staticmethod
    def _lane(a: dict[str, Any]) -> str:
        return a.get("source") or a.get("outlet") or f"article {a['article_id']}"

    def current_text(self) -> str:
        return describe(self.appearances[self.current]) if 0 <= self.current < len(self.appearances) else ""

    def _announce(self) -> None:
        self.setAccessibleDescription(self.current_text())
        self.setToolTip(plain.tooltip(self.current_text()) if self.current_text() else "")
        if self.current >= 0:
            self.current_changed.emit(self.current)

    # --- geometry ---------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(720, TOP + LANE * max(1, len(self.lanes)) + 24)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, TOP + LANE * max(1, len(self.lanes)) + 24)

    def _dated(self) -> list[datetime]:
        return [m for m in self._moments if m is not None]

    def _unknown_x(self) -> float:
        return self.width() - RIGHT - 30

    def _order(self) -> list[int]:
        """Appearance indexes in time order, undated ones last."""
        return sorted(range(len(self.appearances)),
                      key=lambda i: (self._moments[i] is None, self._moments[i] or datetime.min, i))

    def point(self, index: int) -> QPointF:
        moment = self._moments[index]
        y = TOP + LANE * self.lanes.index(self._lane(self.appearances[index]))
        if moment is None:
            return QPointF(self._unknown_x(), y)
        dated = self._dated()
        start, end = min(dated), max(dated)
        span = (end - start).total_seconds() or 1.0
        room = 140 if len(dated) < len(self._moments) else 0
        width = max(1, self.width() - LEFT - RIGHT - 20 - room)
        x = LEFT + 20 + width * (moment - start).total_seconds() / span
        return QPointF(x, y)

    # --- keys -----------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self.appearances:
            return super().keyPressEvent(event)
        order = self._order()
        at = order.index(self.current) if self.current in order else 0
        key = event.key()
        target = None
        if key == Qt.Key.Key_Right:
            target = order[min(at + 1, len(order) - 1)]
        elif key == Qt.Key.Key_Left:
            target = order[max(at - 1, 0)]
        elif key == Qt.Key.Key_Home:
            target = order[0]
        elif key == Qt.Key.Key_End:
            target = order[-1]
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            lane = self.lanes.index(self._lane(self.appearances[self.current])) + (-1 if key == Qt.Key.Key_Up else 1)
            if 0 <= lane < len(self.lanes):
                here = self.point(self.current).x()
                candidates = [i for i in order if self._lane(self.appearances[i]) == self.lanes[lane]]
                target = min(candidates, key=lambda i: abs(self.point(i).x() - here))
        if target is None:
            return super().keyPressEvent(event)
        self.current = target
        self._announce()
        self.update()
        event.accept()

    # --- painting ---------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = QApplication.palette()
        dark = is_dark(palette)
        text_color = palette.text().color()
        grid = QColor("#3a3f44" if dark else "#d0d7de")
        accent = QColor("#6cb6ff" if dark else "#0b5cad")
        if not self.appearances:
            painter.setPen(text_color)
            painter.drawText(self.rect().adjusted(8, 8, -8, -8), Qt.TextFlag.TextWordWrap,
                             "No appearances to draw.")
            return
        metrics = painter.fontMetrics()
        for n, lane in enumerate(self.lanes):
            y = TOP + LANE * n
            painter.setPen(QPen(grid))
            painter.drawLine(QPointF(LEFT, y), QPointF(self.width() - RIGHT + 20, y))
            painter.setPen(text_color)
            painter.drawText(QRectF(4, y - 10, LEFT - 12, 20), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(tr_marked(lane), Qt.TextElideMode.ElideRight, LEFT - 16))
        groups: dict[Any, list[QPointF]] = {}
        for i, a in enumerate(self.appearances):
            groups.setdefault(a.get("group"), []).append(self.point(i))
        dashed = QPen(QColor("#8c959f"))
        dashed.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(dashed)
        for points in groups.values():
            points = sorted(points, key=lambda p: p.x())
            if len({p.y() for p in points}) > 1:
                for one, two in zip(points, points[1:]):
                    painter.drawLine(one, two)
        taken: dict[float, float] = {}
        order = self._order()
        for i in order:
            a, p = self.appearances[i], self.point(i)
            painter.setPen(QPen(accent, 2))
            painter.setBrush(accent if a.get("first") else palette.base())
            painter.drawEllipse(p, 6, 6)
            if i == self.current:
                ring = QPen(text_color, 2)
                ring.setStyle(Qt.PenStyle.DotLine if not self.hasFocus() else Qt.PenStyle.SolidLine)
                painter.setPen(ring)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(p, 11, 11)
            figure = tr_marked(a.get("figure") or "") or tr("no figure")
            label = f"{tr_marked(a['changed_from'])} → {figure}" if a.get("changed_from") else figure
            if a.get("first"):
                label += tr(" (first)")
            width = metrics.horizontalAdvance(label)
            left = min(max(p.x() - width / 2, LEFT), self.width() - width - 4)
            label_y = p.y() - 12
            if left < taken.get(p.y(), -1.0) + 6:
                label_y = p.y() + 12 + metrics.ascent()
            else:
                taken[p.y()] = left + width
            painter.setPen(text_color)
            painter.drawText(QPointF(left, label_y), label)
        painter.setPen(QColor("#8c959f"))
        bottom = TOP + LANE * len(self.lanes) - 8
        dated = self._dated()
        if dated:
            painter.drawText(QPointF(LEFT + 20, bottom), i18n.moment(min(dated).strftime("%Y-%m-%dT%H:%M")) + " UTC")
            if len(set(dated)) > 1:
                last = i18n.moment(max(dated).strftime("%Y-%m-%dT%H:%M")) + " UTC"
                right = self.width() - RIGHT - (140 if len(dated) < len(self._moments) else 0)
                painter.drawText(QPointF(right - metrics.horizontalAdvance(last), bottom), last)
        if len(dated) < len(self._moments):
            words = tr("date unknown")
            painter.drawText(QPointF(self._unknown_x() - metrics.horizontalAdvance(words) / 2, bottom), words)
