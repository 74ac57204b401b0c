"""A titled section of rows: a heading, then a table, or one line saying it is empty.

Used by the Today page, and meant for any page that lists a few kinds of
things.  The table is as tall as its rows (up to :data:`MAX_VISIBLE_ROWS`,
then it scrolls), and its columns share the width: the section's main column
takes what the others leave, and the others give way (eliding their text)
when the window is narrow, so nothing is cut off at the right edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

MAX_VISIBLE_ROWS = 7  # a longer section scrolls inside itself
MAIN_COLUMN_SHARE = 0.3  # the main column keeps at least this share of the width


@dataclass(frozen=True, slots=True)
class SectionSpec:
    key: str
    title: str
    empty: str  # the line shown instead of an empty table
    columns: tuple[str, ...]
    main_column: int  # takes the spare width; the others fit their contents
    action: str = ""  # a button on each row that leads where the row does ("Check in")


def fit_widths(widths: Sequence[int], room: int) -> list[int]:
    """``widths`` trimmed to one common ceiling, as high as fits in ``room``: narrow
    columns keep their width, only the widest give way."""
    if sum(widths) <= room:
        return list(widths)
    remaining, ceiling = room, 0.0
    ordered = sorted(widths)
    for index, width in enumerate(ordered):
        share = remaining / (len(ordered) - index)
        if width > share:
            ceiling = share
            break
        remaining -= width
    return [min(width, max(int(ceiling), 24)) for width in widths]


class FittedTree(QTreeWidget):
    """A flat, read-only table as tall as its rows, whose columns fit its width."""

    def __init__(self, columns: Sequence[str], main_column: int) -> None:
        super().__init__()
        self._main = main_column
        self._natural: list[int] | None = None  # the other columns' widths, unsqueezed
        self.setColumnCount(len(columns))
        self.setHeaderLabels(list(columns))
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        header = self.header()
        header.setStretchLastSection(False)
        for column in range(len(columns)):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == main_column
                else QHeaderView.ResizeMode.Interactive
            )
            header.setSectionResizeMode(column, mode)

    def sizeHint(self) -> QSize:
        rows = min(self.topLevelItemCount(), MAX_VISIBLE_ROWS)
        row_height = self.sizeHintForRow(0) if rows else 0
        height = self.header().sizeHint().height() + rows * row_height + 2 * self.frameWidth()
        return QSize(super().sizeHint().width(), height)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())

    def fit_columns(self) -> None:
        """Give the other columns their natural widths, trimming the widest first when
        they would squeeze the main column below its share."""
        others = [c for c in range(self.columnCount()) if c != self._main]
        if self._natural is None:
            # Measured once per set of rows (each measure asks every row for its size):
            # a resize only changes the room.  The Today page's resizes while its window
            # came up had measured 100 columns, 15 ms.
            header = self.header()
            self._natural = [
                max(self.sizeHintForColumn(c), header.sectionSizeHint(c), self._widgets_width(c))
                + 12
                for c in others
            ]
        room = int(self.viewport().width() * (1 - MAIN_COLUMN_SHARE))
        for column, width in zip(others, fit_widths(self._natural, room), strict=True):
            self.setColumnWidth(column, width)

    def _widgets_width(self, column: int) -> int:
        """The widest button the column's rows carry (0 without any)."""
        widths = [0]
        for row in range(self.topLevelItemCount()):
            item = self.topLevelItem(row)
            widget = self.itemWidget(item, column) if item is not None else None
            if widget is not None:
                widths.append(widget.sizeHint().width())
        return max(widths)

    def refit(self) -> None:
        """Measure the rows again (they, or the font, changed) and fit the columns."""
        self._natural = None
        self.fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._natural = None


class Section(QWidget):
    """A heading with the row count, then a table of rows or a line saying there are none.

    Rows may carry a target (anything): double-click or Enter on the row emits
    ``activated(target)``."""

    activated = Signal(object)

    def __init__(self, spec: SectionSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.heading = QLabel(spec.title)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.heading.setAccessibleName(spec.title)
        columns = (*spec.columns, "") if spec.action else spec.columns
        self.tree = FittedTree(columns, spec.main_column)
        self.buttons: list[QPushButton] = []  # the rows' action buttons, top to bottom
        self.tree.setAccessibleName(spec.title)
        self.heading.setBuddy(self.tree)
        self.more = QLabel()
        self.more.setWordWrap(True)
        self.more.setAccessibleName(spec.title)
        self.more.setVisible(False)
        self.empty = QLabel(spec.empty)
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName(spec.empty)
        empty_font = self.empty.font()
        empty_font.setItalic(True)
        self.empty.setFont(empty_font)
        self.tree.itemActivated.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree)
        layout.addWidget(self.more)
        layout.addWidget(self.empty)
        self.set_rows(())

    def set_rows(
        self,
        rows: Sequence[Sequence[str]],
        targets: Sequence[object] | None = None,
        *,
        total: int | None = None,
        more: str = "",
        actions: Sequence[bool] | None = None,
    ) -> None:
        """Show ``rows``; ``total`` counts them all when only the first are given, and
        ``more`` then says where the rest are.  With the spec's ``action``, the rows
        ``actions`` marks (all, by default) that have a target get its button."""
        self.tree.clear()
        self.buttons = []
        items = []
        for index, row in enumerate(rows):
            item = QTreeWidgetItem(list(row))
            for column, text in enumerate(row):
                item.setToolTip(column, text)  # the whole text where the column elides it
            if targets is not None:
                item.setData(0, Qt.ItemDataRole.UserRole, targets[index])
            items.append(item)
        self.tree.addTopLevelItems(items)
        if self.spec.action and targets is not None:
            for index, item in enumerate(items):
                if targets[index] is not None and (actions is None or actions[index]):
                    self._add_button(item, rows[index], targets[index])
        count = max(len(rows), total or 0)
        self.heading.setText(f"{self.spec.title} ({count})" if count else self.spec.title)
        self.more.setText(more)
        self.more.setVisible(bool(more) and count > len(rows))
        self.tree.setVisible(bool(count))
        self.empty.setVisible(not count)
        self.tree.refit()
        self.tree.updateGeometry()

    def _add_button(self, item: QTreeWidgetItem, row: Sequence[str], target: object) -> None:
        button = QPushButton(self.spec.action)
        button.setAccessibleName(
            f"{self.spec.action}: {', '.join(text for text in row[: self.spec.main_column + 1])}"
        )
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.clicked.connect(lambda: self.activated.emit(target))
        self.tree.setItemWidget(item, len(self.spec.columns), button)
        self.buttons.append(button)

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        target = item.data(0, Qt.ItemDataRole.UserRole)
        if target is not None:
            self.activated.emit(target)

    def activate_row(self, row: int) -> None:
        """As if the row were double-clicked (for keyboard users and tests)."""
        item = self.tree.topLevelItem(row)
        if item is not None:
            self._on_activated(item, 0)

    def row_texts(self) -> list[list[str]]:
        """What each row shows, column by column."""
        tree = self.tree
        items = (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
        columns = range(len(self.spec.columns))  # not the action buttons' column
        return [[item.text(c) for c in columns] for item in items if item]
