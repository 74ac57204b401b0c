"""Qt table models fed plain rows (domain records), and a filter that matches words.

A page describes its columns once (:class:`Column`: a title, how to show a row,
how to sort it) and hands the model a list of records; the model never reads
the vault.  :class:`RowsFilter` sorts by each column's key and keeps the rows
whose shown text contains every typed word, ignoring case and accents.

    columns = [Column(tr("Name"), lambda m: privacy.member(m), sort=lambda m: ...)]
    model = RowsModel(columns)
    proxy = RowsFilter(model)
    view = make_table(proxy, tr("Roster"))
    model.set_rows(records)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from facilitator.domain.folding import search_fold

R = TypeVar("R")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    sort: Callable[[R], Any] | None = None  # default: the folded text
    align_right: bool = False
    tooltip: Callable[[R], str] | None = None  # default: the text (shows what elides)
    stretch: bool = False  # takes the spare width


class RowsModel(QAbstractTableModel):
    """A read-only table of records, one per row."""

    def __init__(self, columns: Sequence[Column[Any]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Any] = []

    # -- rows ---------------------------------------------------------------------
    @property
    def rows(self) -> list[Any]:
        return list(self._rows)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows(())

    def row(self, row: int) -> Any:
        return self._rows[row]

    def find(self, match: Callable[[Any], bool]) -> int:
        """The first row whose record matches, or -1."""
        return next((i for i, r in enumerate(self._rows) if match(r)), -1)

    def replace(self, row: int, record: Any) -> None:
        self._rows[row] = record
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def insert(self, row: int, record: Any) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, record)
        self.endInsertRows()

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def redraw(self) -> None:
        """Every cell again (e.g. after the privacy screen was switched)."""
        if self._rows:
            last = self.index(len(self._rows) - 1, len(self.columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    # -- Qt's side -------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        record = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            value: Any = column.text(record)
        elif role == Qt.ItemDataRole.ToolTipRole:
            value = column.tooltip(record) if column.tooltip else column.text(record)
        elif role == SORT_ROLE:
            value = column.sort(record) if column.sort else search_fold(column.text(record))
        elif role == ROW_ROLE:
            value = record
        elif role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            value = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        else:
            value = None
        return value

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None


class RowsFilter(QSortFilterProxyModel):
    """Sorts by each column's key; keeps rows whose text holds every typed word."""

    def __init__(self, source: RowsModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self._words: list[str] = []
        self._accept: Callable[[Any], bool] | None = None

    @property
    def rows_model(self) -> RowsModel:
        source = self.sourceModel()
        assert isinstance(source, RowsModel)
        return source

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = search_fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_predicate(self, accept: Callable[[Any], bool] | None) -> None:
        """An extra condition on the record (e.g. "only open follow-ups")."""
        self.beginFilterChange()
        self._accept = accept
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def record(self, row: int) -> Any:
        """The record shown at ``row`` of this (sorted, filtered) model."""
        return self.data(self.index(row, 0), ROW_ROLE)

    def records(self) -> list[Any]:
        return [self.record(row) for row in range(self.rowCount())]

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.rows_model
        record = model.row(source_row)
        if self._accept is not None and not self._accept(record):
            return False
        if not self._words:
            return True
        text = search_fold(" ".join(column.text(record) for column in model.columns))
        return all(word in text for word in self._words)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return bool(a < b)
        except TypeError:  # None against a value: None sorts first
            return a is None and b is not None


def make_table(model: QSortFilterProxyModel | RowsModel, accessible_name: str) -> QTableView:
    """A read-only, row-selecting, sortable table for a :class:`RowsModel`."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(accessible_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(isinstance(model, QSortFilterProxyModel))
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else model
    if isinstance(source, RowsModel):
        stretched = [i for i, c in enumerate(source.columns) if c.stretch]
        for column in stretched:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(not stretched)
    return view
