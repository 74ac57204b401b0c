"""The follow-ups table's model: one plain :class:`FollowUpRecord` per row.

Columns: done (a check box, and the day it was done), what, for whom (a
person's name through the privacy screen, or the session's group and date),
due ("Tomorrow", "3 days overdue"), priority.  Overdue dates and high
priorities are set in bold as well as said in words: never colour alone.
Ticking the check box asks the page (``toggle_requested``); the model itself
never writes to the vault.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTableView

from facilitator.domain import FollowUpRecord, SessionRecord
from facilitator.domain.enums import Priority
from facilitator.domain.folding import search_fold as fold
from facilitator.ui.kit.dates import day_text, short_date_text
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.table_model import AnyIndex, Column, RowsFilter, RowsModel
from facilitator.ui.kit.words import overdue_text, priority_text

DONE, WHAT, WHOM, DUE, PRIORITY = range(5)

# What each filter of the page shows.
SHOWS = ("open", "overdue", "done", "all")

_PRIORITY_RANK = {Priority.HIGH: 0, Priority.NORMAL: 1, Priority.LOW: 2}


def _tr(text: str) -> str:
    return QCoreApplication.translate("FollowUps", text)


def in_display_order(rows: list[FollowUpRecord]) -> list[FollowUpRecord]:
    """Open ones in the service's order (soonest first), then done ones, latest first."""
    done = sorted((f for f in rows if f.done), key=lambda f: f.done_on or dt.date.min)
    return [f for f in rows if not f.done] + done[::-1]


def shown_by(show: str, record: FollowUpRecord, today: dt.date) -> bool:
    """Whether a filter ("open", "overdue", "done", "all") takes ``record``."""
    if show == "open":
        return not record.done
    if show == "overdue":
        return record.overdue(today)
    if show == "done":
        return record.done
    return True


def size_columns(table: QTableView) -> None:
    """Widths from the font (HiDPI-proof) for the columns that do not stretch.  "For"
    is sized for a person's name (a session's longer "group, day" elides, whole in its
    tooltip): the stretching "What" column, the one people read, keeps the room."""
    metrics = table.fontMetrics()
    samples = {
        DONE: "Wed 30 Nov",
        WHOM: "Mohammed Van der Berg",
        DUE: _tr("14 days overdue"),
        PRIORITY: _tr("Priority") + "  ",
    }
    for column, sample in samples.items():
        table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 32)


def status_text(show: str, shown: int, typed: str = "") -> str:
    """The line under the list: how many are shown, or why none are."""
    if shown == 0 and typed:
        return _tr("No follow-ups match “%1”.").replace("%1", typed)
    if shown == 0:
        return {
            "open": _tr("No open follow-ups."),
            "overdue": _tr("Nothing is overdue."),
            "done": _tr("No follow-ups are done yet."),
            "all": _tr("No follow-ups yet. Ctrl+N adds one."),
        }[show]
    if show == "open":
        return QCoreApplication.translate("FollowUps", "%n open", None, shown)
    if show == "overdue":
        return QCoreApplication.translate("FollowUps", "%n overdue", None, shown)
    if show == "done":
        return QCoreApplication.translate("FollowUps", "%n done", None, shown)
    return QCoreApplication.translate("FollowUps", "%n in all", None, shown)


class FollowUpsModel(RowsModel):
    """Follow-ups as rows, drawn for a given day and privacy state."""

    toggle_requested = Signal(object)  # the FollowUpRecord whose box was ticked

    def __init__(self, privacy: Privacy, parent: QObject | None = None) -> None:
        self.privacy = privacy
        self.today = dt.date.today()  # replaced by the services' day with each load
        self.sessions: dict[int, SessionRecord] = {}  # for session-only follow-ups
        columns: list[Column[FollowUpRecord]] = [
            Column(_tr("Done"), self._done_text, sort=self._done_key, tooltip=self._done_tip),
            Column(_tr("What"), lambda f: f.description, stretch=True),
            Column(_tr("For"), self.whom_text),
            Column(_tr("Due"), self.due_text, sort=self._due_key),
            Column(_tr("Priority"), lambda f: priority_text(f.priority), sort=self._rank),
        ]
        super().__init__(columns, parent)

    # -- the words -----------------------------------------------------------------
    def whom_text(self, record: FollowUpRecord) -> str:
        if record.member_id is not None:
            return self.privacy.name(record.member_name)
        if record.session_id is not None:
            session = self.sessions.get(record.session_id)
            if session is None:
                return _tr("A session")
            return (
                _tr("%1, %2")
                .replace("%1", session.group_name)
                .replace("%2", short_date_text(session.date, self.today))
            )
        return ""

    def due_text(self, record: FollowUpRecord) -> str:
        if record.due_on is None:
            return _tr("No date")
        if record.overdue(self.today):
            return overdue_text(record, self.today)
        return day_text(record.due_on, self.today)

    def _done_text(self, record: FollowUpRecord) -> str:
        if not record.done:
            return ""
        return short_date_text(record.done_on, self.today) if record.done_on else _tr("Done")

    def _done_tip(self, record: FollowUpRecord) -> str:
        if not record.done:
            return _tr("Not done yet (Space marks it done)")
        if record.done_on is None:
            return _tr("Done")
        return _tr("Done on %1").replace("%1", short_date_text(record.done_on, self.today))

    @staticmethod
    def _done_key(record: FollowUpRecord) -> tuple[bool, dt.date]:
        return record.done, record.done_on or dt.date.min

    @staticmethod
    def _due_key(record: FollowUpRecord) -> tuple[bool, bool, dt.date]:
        """As the service orders them: open soonest first, undated last, done after."""
        return record.done, record.due_on is None, record.due_on or dt.date.max

    @staticmethod
    def _rank(record: FollowUpRecord) -> int:
        return _PRIORITY_RANK.get(record.priority, 1)

    # -- Qt's side -------------------------------------------------------------------
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.rowCount():
            return None
        record: FollowUpRecord = self.row(index.row())
        column = index.column()
        if column == DONE:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if record.done else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return self._done_tip(record) if record.done else _tr("Not done")
        if role == Qt.ItemDataRole.FontRole and self._emphasised(record, column):
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)

    def _emphasised(self, record: FollowUpRecord, column: int) -> bool:
        if column == DUE:
            return record.overdue(self.today)
        if column == PRIORITY:
            return record.priority is Priority.HIGH and not record.done
        return False

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == DONE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A click on the box: the page saves it; the row changes once the vault has."""
        if index.isValid() and index.column() == DONE and role == Qt.ItemDataRole.CheckStateRole:
            self.toggle_requested.emit(self.row(index.row()))
        return False


class FollowUpsFilter(RowsFilter):
    """:class:`RowsFilter` with each column's sort keys worked out once per load: a
    header click on ten thousand done follow-ups sorts in a blink."""

    def __init__(self, source: FollowUpsModel, parent: QObject | None = None) -> None:
        super().__init__(source, parent)
        self._keys: dict[int, list[Any]] = {}
        for signal in (
            source.modelReset,
            source.dataChanged,
            source.rowsInserted,
            source.rowsRemoved,
        ):
            signal.connect(self._forget_keys)
        # Until a header is clicked, the rows keep the service's order (soonest first).
        self.sort(-1)

    def _forget_keys(self, *_args: object) -> None:
        self._keys.clear()

    def _column_keys(self, column: int) -> list[Any]:
        keys = self._keys.get(column)
        if keys is None:
            model = self.rows_model
            sort = model.columns[column].sort
            rows = model.rows
            if sort is None:
                text = model.columns[column].text
                keys = [fold(text(r)) for r in rows]
            else:
                keys = [sort(r) for r in rows]
            self._keys[column] = keys
        return keys

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        keys = self._column_keys(left.column())
        return bool(keys[left.row()] < keys[right.row()])
