"""Owns drawing search snippets: the words between «…» marks in bold, all text drawn as plain text.

The snippet comes from article text (untrusted), so it is never handed to a rich-text renderer:
the delegate splits it into runs and paints each run with QPainter.drawText.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

OPEN, CLOSE = "«", "»"
FIELD_LABELS = ("note:", "claim:", "tag:")  # a snippet from outside the text starts with its field's name


def snippet_runs(snippet: str) -> list[tuple[str, bool]]:
    """Split a marked snippet into (text, is_hit) runs; marks are dropped, unbalanced ones kept as text."""
    runs: list[tuple[str, bool]] = []
    rest = " ".join(snippet.split())
    while rest:
        start = rest.find(OPEN)
        end = rest.find(CLOSE, start + 1) if start >= 0 else -1
        if start < 0 or end < 0:
            runs.append((rest, False))
            break
        if start:
            runs.append((rest[:start], False))
        if end > start + 1:
            runs.append((rest[start + 1:end], True))
        rest = rest[end + 1:]
    return runs


def lead_to_first_hit(runs: list[tuple[str, bool]], words_before: int = 5) -> list[tuple[str, bool]]:
    """The runs with the text before the first hit cut to its last few words (so the hit is in view)."""
    for n, (_text, hit) in enumerate(runs):  # noqa: B007 - n is read after the loop
        if hit:
            break
    else:
        return runs
    before = " ".join(text for text, _ in runs[:n])
    words = before.split(" ")
    if len(words) <= words_before + 1:
        return runs
    label = words[0] if words[0] in FIELD_LABELS else ""  # "note: …": the field a hit is in stays in view
    return [(label + (" " if label else "") + "…" + " ".join(words[-words_before - 1:]), False), *runs[n:]]


class SnippetDelegate(QStyledItemDelegate):
    def __init__(self, role: int, parent=None) -> None:
        super().__init__(parent)
        self.role = role

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        snippet = index.data(self.role) or ""
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        colour = opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        rect: QRect = opt.rect.adjusted(4, 0, -4, 0)
        painter.save()
        painter.setPen(colour)
        painter.setClipRect(opt.rect)
        x = rect.left()
        normal = QFont(opt.font)
        bold = QFont(opt.font)
        bold.setBold(True)
        for text, hit in snippet_runs(snippet):
            font = bold if hit else normal
            metrics = QFontMetrics(font)
            width = metrics.horizontalAdvance(text)
            painter.setFont(font)
            space = rect.right() - x
            if width > space:
                painter.drawText(QRect(x, rect.top(), space, rect.height()),
                                 int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                                 metrics.elidedText(text, Qt.TextElideMode.ElideRight, space))
                break
            painter.drawText(QRect(x, rect.top(), width + 1, rect.height()),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
            x += width
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        return QSize(min(size.width(), 600), size.height())


class SearchResultDelegate(SnippetDelegate):
    """Two lines per row: the title, then the snippet with its hits in bold (all drawn as plain text)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        snippet = index.data(self.role) or ""
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        colour = opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = QColor(colour)
        muted.setAlphaF(0.75)
        rect: QRect = opt.rect.adjusted(4, 2, -4, -2)
        line = rect.height() // 2
        painter.save()
        painter.setClipRect(opt.rect)
        title_font = QFont(opt.font)
        painter.setFont(title_font)
        painter.setPen(colour)
        metrics = QFontMetrics(title_font)
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), line),
                         int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         metrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()))
        small = QFont(opt.font)
        small.setPointSizeF(max(6.0, opt.font.pointSizeF() * 0.9))
        bold = QFont(small)
        bold.setBold(True)
        x = rect.left()
        second = QRect(rect.left(), rect.top() + line, rect.width(), rect.height() - line)
        for text, hit in lead_to_first_hit(snippet_runs(snippet)):
            font = bold if hit else small
            painter.setFont(font)
            painter.setPen(colour if hit else muted)
            metrics = QFontMetrics(font)
            width = metrics.horizontalAdvance(text)
            space = rect.right() - x
            if width > space:
                painter.drawText(QRect(x, second.top(), space, second.height()),
                                 int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                                 metrics.elidedText(text, Qt.TextElideMode.ElideRight, space))
                break
            painter.drawText(QRect(x, second.top(), width + 1, second.height()),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
            x += width
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        size = QStyledItemDelegate.sizeHint(self, option, index)
        return QSize(size.width(), QFontMetrics(option.font).height() * 2 + 8)
