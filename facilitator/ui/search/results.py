"""The note search's results: a list model of :class:`SearchHit` and a delegate that
draws each hit as two lines — where the note is from, then the snippet with the
matched words emphasised.

The snippet is note text: it is escaped as HTML first, and only then are the
search's markers (characters no one types) turned into emphasis, so "<script>"
or "&amp;" in a note shows literally.  The emphasis is bold on a tint of the
palette's highlight colour: it follows light and dark themes.
"""

from __future__ import annotations

import datetime as dt
import html
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from facilitator.domain import SearchHit
from facilitator.ui.kit.dates import weekday_date_text
from facilitator.ui.kit.privacy import Privacy

# What the search wraps each matched word in: private-use characters, never typed.
OPEN_MARK, CLOSE_MARK = "\ue000", "\ue001"
MARKERS = (OPEN_MARK, CLOSE_MARK)

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("Search", text)


def hit_day(hit: SearchHit) -> dt.date | None:
    """The day a hit is from: its session's, or else the day the note was written."""
    return hit.session_date or hit.written


def where_text(hit: SearchHit, privacy: Privacy) -> str:
    """ "Sam Okafor · Tuesday Circle, Tue 24 Nov 2026": whose note, from which session.
    Every date has its year: a search reaches back over years of notes."""
    parts = []
    if hit.member_id is not None and hit.member_name:
        parts.append(privacy.name(hit.member_name))
    if hit.group_name:
        when = weekday_date_text(hit.session_date) if hit.session_date else ""
        parts.append(f"{hit.group_name}, {when}" if when else hit.group_name)
    elif parts and hit.written is not None:
        parts[-1] = f"{parts[-1]}, {weekday_date_text(hit.written)}"
    return " · ".join(parts) or _tr("A note")


class Order(Enum):
    """How the results are listed (the page's "Order" box)."""

    NEWEST = "newest"  # the newest first (the default: "what did we say lately")
    BEST = "best"  # the best match first, as the search ranks them


def ordered(hits: list[SearchHit], order: Order) -> list[SearchHit]:
    """The hits in ``order``; by date, undated ones last, the newest note first on a tie."""
    if order is Order.BEST:
        return list(hits)
    return sorted(
        hits,
        key=lambda h: (hit_day(h) or dt.date.min, h.note_id),
        reverse=True,
    )


def plain_snippet(snippet: str) -> str:
    """The snippet as plain text (for screen readers and tooltips)."""
    return " ".join(snippet.replace(OPEN_MARK, "").replace(CLOSE_MARK, "").split())


def snippet_html(snippet: str, palette: QPalette) -> str:
    """The snippet as safe rich text: escaped, with the matched words emphasised."""
    tint = palette.color(QPalette.ColorRole.Highlight)
    style = f"background-color: rgba({tint.red()}, {tint.green()}, {tint.blue()}, 0.28);"
    escaped = html.escape(" ".join(snippet.split()), quote=True)
    return escaped.replace(OPEN_MARK, f'<b class="hit" style="{style}">').replace(
        CLOSE_MARK, "</b>"
    )


def hit_html(hit: SearchHit, privacy: Privacy, palette: QPalette) -> str:
    """A hit's two lines as rich text; while the privacy screen is on, only where."""
    where = f"<b>{html.escape(where_text(hit, privacy))}</b>"
    if privacy.on:
        return where
    return f"{where}<br>{snippet_html(hit.snippet, palette)}"


class HitsModel(QAbstractListModel):
    """Search hits, one per row (plain records; the model never reads the vault)."""

    def __init__(self, privacy: Privacy, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.privacy = privacy
        self.palette = QPalette()
        self.hits: list[SearchHit] = []
        self.ranked: list[SearchHit] = []  # as the search returned them, best first
        self.order = Order.NEWEST

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.ranked = list(hits)
        self.beginResetModel()
        self.hits = ordered(self.ranked, self.order)
        self.endResetModel()

    def set_order(self, order: Order) -> None:
        self.order = order
        self.set_hits(self.ranked)

    def redraw(self) -> None:
        if self.hits:
            self.dataChanged.emit(self.index(0), self.index(len(self.hits) - 1))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            where = where_text(hit, self.privacy)
            if self.privacy.on:
                return where
            return f"{where}: {plain_snippet(hit.snippet)}"
        if role == HTML_ROLE:
            return hit_html(hit, self.privacy, self.palette)
        if role == HIT_ROLE:
            return hit
        return None


class HitDelegate(QStyledItemDelegate):
    """Paints a hit's rich text (where, then the emphasised snippet), wrapped to the view."""

    MARGIN = 6

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view

    def _document(self, option: QStyleOptionViewItem, index: AnyIndex, width: int) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        document.setHtml(str(index.data(HTML_ROLE) or ""))
        document.setTextWidth(max(width - 2 * self.MARGIN, 10))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect
        document = self._document(opt, index, rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        palette = opt.palette
        context.palette.setColor(QPalette.ColorRole.Text, palette.color(role))
        painter.save()
        painter.translate(rect.left() + self.MARGIN, rect.top() + self.MARGIN)
        painter.setClipRect(0, 0, rect.width() - 2 * self.MARGIN, rect.height() - self.MARGIN)
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        width = self.view.viewport().width()
        document = self._document(option, index, width)
        return QSize(width, int(document.size().height()) + 2 * self.MARGIN)
