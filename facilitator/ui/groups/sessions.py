"""The Sessions tab of a group: the coming weeks (planned by the schedule, opened
or cancelled) and the past sessions with their attendance counts.

Enter or double-click opens a session's check-in screen; a session can be
cancelled (or restored), and an extra one added.
"""

from __future__ import annotations

import datetime as dt
import itertools

from PySide6.QtCore import QItemSelection
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain import SessionRecord
from facilitator.services.sheets import NameMode
from facilitator.ui.editors.sheet_flow import SheetFlow
from facilitator.ui.groups.session_dialog import SessionDialog
from facilitator.ui.groups.text import time_range_text, tr
from facilitator.ui.groups.widgets import GroupTab
from facilitator.ui.kit.dates import weekday_date_text
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.table_model import Column, RowsModel, make_table
from facilitator.ui.kit.widgets import (
    RowActivation,
    fit_columns,
    heading,
    push_button,
    set_button_text,
)
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import SessionTarget

UPCOMING_WEEKS = 8


def day_label(day: dt.date, today: dt.date) -> str:
    text = weekday_date_text(day)
    return tr("Today, %1").replace("%1", text) if day == today else text


def upcoming_state(session: SessionRecord) -> str:
    if session.cancelled:
        return tr("Cancelled")
    if session.planned:
        return tr("Planned")
    if session.marked_count or session.guest_count:
        return tr("%n attended", session.attendance_total)
    return tr("Opened")


def past_state(session: SessionRecord) -> str:
    if session.cancelled:
        return tr("Cancelled")
    if not session.marked_count and not session.guest_count:
        return tr("No attendance taken")
    return tr("Held")


class SessionsTab(GroupTab):
    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(backend, privacy, parent)
        self.editor: SessionDialog | None = None
        self._select: dt.date | None = None
        date_column: Column[SessionRecord] = Column(
            tr("Date"), lambda s: day_label(s.date, self.today), sort=lambda s: s.date
        )
        time_column: Column[SessionRecord] = Column(
            tr("Time"), lambda s: time_range_text(s.start_time, s.end_time)
        )
        topic_column: Column[SessionRecord] = Column(tr("Topic"), lambda s: s.topic, stretch=True)
        self.upcoming = RowsModel(
            [date_column, time_column, topic_column, Column(tr("Status"), upcoming_state)]
        )

        def count(value: int) -> str:
            return str(value)

        self.past = RowsModel(
            [
                Column(
                    tr("Date"),
                    lambda s: day_label(s.date, self.today),
                    sort=lambda s: s.date,
                    tooltip=lambda s: time_range_text(s.start_time, s.end_time),
                ),
                topic_column,
                Column(tr("Present"), lambda s: count(s.present_count), align_right=True),
                Column(tr("Guests"), lambda s: count(s.guest_count), align_right=True),
                Column(tr("Marked"), lambda s: count(s.marked_count), align_right=True),
                Column(tr("Status"), past_state),
            ]
        )
        self.upcoming_table = make_table(self.upcoming, tr("Coming sessions"))
        self.past_table = make_table(self.past, tr("Past sessions"))
        fit_columns(self.upcoming_table)
        fit_columns(self.past_table)
        self.upcoming_heading = heading(tr("&Coming up"), 1.1)
        self.upcoming_heading.setBuddy(self.upcoming_table)
        self.past_heading = heading(tr("&Past sessions"), 1.1)
        self.past_heading.setBuddy(self.past_table)
        self.status = QLabel()
        self.status.setAccessibleName(tr("Sessions status"))
        for table in (self.upcoming_table, self.past_table):
            RowActivation(table, self.open_check_in)
            table.selectionModel().selectionChanged.connect(
                lambda selected, _old, t=table: self._on_selection(t, selected)
            )

        self.open_button = push_button(tr("&Open check-in"), self.open_check_in)
        self.cancel_button = push_button(tr("Cance&l session"), self.toggle_cancelled)
        self.add_button = push_button(tr("Add e&xtra session…"), self.add_session)
        # The selected session's sign-in sheet, printed or saved (issue 16 defect 8).
        self.sheet_flow = SheetFlow(backend, self)
        self.sheet_flow.told.connect(self.status.setText)
        self.sheet_button = push_button(tr("Sign-in sheet…"), self.print_sheet)
        self.sheet_button.setAccessibleName(tr("Print a sign-in sheet for the selected session"))
        self.open_sheet_button = push_button(tr("Open the saved sheet"), self.sheet_flow.open_saved)
        self.open_sheet_button.setAccessibleName(tr("Open the sign-in sheet just saved"))
        self.open_sheet_button.hide()  # shown once a sheet is saved (issue 16 defect 8)
        self.sheet_flow.saved.connect(lambda _path: self.open_sheet_button.show())
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.sheet_button)
        buttons.addWidget(self.open_sheet_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.upcoming_heading)
        layout.addWidget(self.upcoming_table, 2)
        layout.addWidget(self.past_heading)
        layout.addWidget(self.past_table, 3)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        order = [
            self.upcoming_table,
            self.past_table,
            self.open_button,
            self.sheet_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise([*order, self.add_button]):
            QWidget.setTabOrder(first, second)
        self._update_buttons()

    # -- reading ------------------------------------------------------------------------
    def clear(self) -> None:
        self.upcoming.clear()
        self.past.clear()
        self.status.setText("")
        self._update_buttons()

    def load(self) -> None:
        group_id = self.group_id
        if group_id is None:
            return
        self.status.setText(tr("Loading the sessions…"))
        days = UPCOMING_WEEKS * 7
        self.backend.call(
            lambda s: s.schedule.group_sessions(group_id, upcoming_days=days),
            lambda found: self._show(group_id, *found),
            context=self,
        )

    def _show(
        self, group_id: int, upcoming: list[SessionRecord], past: list[SessionRecord]
    ) -> None:
        if group_id != self.group_id or self.group is None:
            return
        selected = self.selected()
        keep = self._select or (selected.date if selected else None)
        self._select = None
        if self.group.archived:  # an archived group plans nothing
            upcoming = [s for s in upcoming if not s.planned]
        self.upcoming.set_rows(upcoming)
        self.past.set_rows(past)
        self.upcoming_heading.setText(
            tr("&Coming up (next %n week(s))", UPCOMING_WEEKS)
            if upcoming
            else tr("&Coming up: nothing in the next %n week(s)", UPCOMING_WEEKS)
        )
        self.past_heading.setText(tr("&Past sessions (%n)", len(past)))
        self.status.setText("")
        if keep is not None:
            self.select_date(keep)
        elif upcoming:
            self.upcoming_table.selectRow(0)  # the next session: Enter opens its check-in
        self._update_buttons()

    # -- the selected session -----------------------------------------------------------
    def _on_selection(self, table: QTableView, selected: QItemSelection) -> None:
        if not selected.isEmpty():
            other = self.past_table if table is self.upcoming_table else self.upcoming_table
            other.clearSelection()
        self._update_buttons()

    def selected(self) -> SessionRecord | None:
        for table, model in ((self.upcoming_table, self.upcoming), (self.past_table, self.past)):
            rows = table.selectionModel().selectedRows()
            if rows:
                record = model.row(rows[0].row())
                return record if isinstance(record, SessionRecord) else None
        return None

    def select_date(self, day: dt.date) -> bool:
        for table, model in ((self.upcoming_table, self.upcoming), (self.past_table, self.past)):
            row = model.find(lambda s: s.date == day)
            if row >= 0:
                table.selectRow(row)
                table.scrollTo(model.index(row, 0))
                return True
        return False

    def _update_buttons(self) -> None:
        session = self.selected()
        active = self.group is not None and not self.group.archived
        self.open_button.setEnabled(session is not None)
        self.sheet_button.setEnabled(session is not None and not session.cancelled)
        self.cancel_button.setEnabled(session is not None and active)
        restore = session is not None and session.cancelled
        text = tr("Res&tore session") if restore else tr("Cance&l session")
        set_button_text(self.cancel_button, text)
        self.add_button.setEnabled(active)

    # -- actions ------------------------------------------------------------------------
    def open_check_in(self) -> None:
        session = self.selected()
        if session is not None:
            self.navigate.emit(SessionTarget(session.group_id, session.date, session.id))

    def print_sheet(self) -> None:
        """The selected session's sign-in sheet: the choices, then Print… or Save as PDF…"""
        session = self.selected()
        if session is not None and not session.cancelled:
            names = NameMode.INITIALS if self.privacy.on else NameMode.FULL
            self.sheet_flow.start(session.group_id, session.date, names=names)

    def toggle_cancelled(self) -> None:
        session = self.selected()
        if session is None or self.group is None or self.group.archived:
            return
        cancel = not session.cancelled
        if cancel and session.marked_count:
            question = tr(
                "Attendance was taken at the session of %1. Cancel it anyway? It will no "
                "longer count as held in reports; the marks are kept."
            ).replace("%1", weekday_date_text(session.date))
            if not self.backend.messages.confirm(
                self.window(), tr("Cancel session"), question, tr("Cancel session")
            ):
                return
        self._select = session.date
        self.backend.call(
            lambda s: s.schedule.cancel(session, cancel),
            lambda _s: self._after_change(),
            context=self,
        )

    def add_session(self) -> None:
        if self.group is None or self.group.archived:
            return
        taken = [s.date for s in (*self.upcoming.rows, *self.past.rows) if not s.planned]
        dialog = SessionDialog(self.backend, self.group, self.today, taken, self)
        dialog.saved.connect(self._session_added)
        self.editor = dialog
        dialog.open()

    def _session_added(self, session: object) -> None:
        if isinstance(session, SessionRecord):
            self._select = session.date
        self._after_change()

    def _after_change(self) -> None:
        self.stale = True
        self.ensure_loaded()
        self.saved.emit()
