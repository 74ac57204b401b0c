"""Add an extra session to a group (a meeting its schedule does not foresee)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QFormLayout, QVBoxLayout, QWidget

from facilitator.app import Services
from facilitator.domain import GroupRecord, SessionRecord
from facilitator.errors import InvalidInput
from facilitator.services.schedule import SessionDraft
from facilitator.ui.groups.text import tr
from facilitator.ui.groups.widgets import TimeField, time_range
from facilitator.ui.kit.closing import tab_order
from facilitator.ui.kit.dates import DateStyle, date_format, weekday_date_text
from facilitator.ui.kit.editor import EditorDialog
from facilitator.ui.kit.widgets import add_row, dialog_buttons, line_edit
from facilitator.ui.plumbing.backend import Backend


class SessionDialog(EditorDialog):
    """An extra session of a group; ``saved`` carries the new SessionRecord."""

    def __init__(
        self,
        backend: Backend,
        group: GroupRecord,
        today: dt.date,
        taken: Collection[dt.date] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(backend, parent)
        self.group = group
        self.taken = set(taken)  # days the group already has a session on
        # A group's name says what it is for: never in a title (the taskbar, a shared screen).
        self.setWindowTitle(tr("Extra session"))
        self.setAccessibleName(tr("Extra session of %1").replace("%1", group.name))
        self.setModal(True)

        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(date_format(DateStyle.WEEKDAY))
        self.date.setAccessibleName(tr("Date"))
        self.start_time = TimeField(tr("Start time"))
        self.start_time.set_time(group.start_time)
        self.end_time = TimeField(tr("End time"))
        self.end_time.set_time(group.end_time)
        self.topic = line_edit(tr("Topic"), 300)
        self.location = line_edit(tr("Location"), 200, group.location)
        form = QFormLayout()
        add_row(form, tr("&Date:"), self.date)
        times = time_range(self.start_time, self.end_time, tr("Session time"))
        add_row(form, tr("T&ime:"), times, self.start_time)
        add_row(form, tr("&Topic:"), self.topic)
        add_row(form, tr("&Location:"), self.location)
        self.buttons, self.ok_button = dialog_buttons(self, tr("Add session"))
        self.use_save_button(self.ok_button)
        self.buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        fields = [self.date, self.start_time, self.end_time, self.topic, self.location]
        tab_order(fields, self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.date.setFocus()

    def draft(self) -> SessionDraft:
        qdate = self.date.date()
        day = dt.date(qdate.year(), qdate.month(), qdate.day())
        if day in self.taken:
            raise InvalidInput(
                tr("The group already has a session on %1; open it from the list instead.").replace(
                    "%1", weekday_date_text(day)
                )
            )
        try:
            start, end = self.start_time.time(), self.end_time.time()
        except ValueError:
            raise InvalidInput(
                tr("A time cannot be read; type it like 19:30, or leave it empty.")
            ) from None
        if start is not None and end is not None and end <= start:
            raise InvalidInput(tr("The session ends before it starts: check the two times."))
        return SessionDraft(
            date=day,
            start_time=start,
            end_time=end if start is not None else None,
            location=self.location.text(),
            topic=self.topic.text(),
            facilitator=self.group.facilitator,
        )

    def save_job(self, draft: SessionDraft) -> Callable[[Services], SessionRecord]:
        group_id = self.group.id
        return lambda s: s.schedule.add_session(group_id, draft)
