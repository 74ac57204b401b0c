"""Create or edit a group: its name, printed title, place, facilitator, schedule
and meeting times.

Opened with ``open()`` (window-modal).  OK checks what was typed, then saves
through the backend; a problem — found here or by the service (a name already
taken) — is shown inline and the dialog stays open with everything as typed.
Once saved it emits ``saved(GroupRecord)`` and closes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from facilitator.app import Services
from facilitator.domain import GroupRecord
from facilitator.errors import InvalidInput
from facilitator.services.roster import GroupDraft
from facilitator.services.sheets import FALLBACK_TITLE, printed_title_of
from facilitator.ui.groups.schedule import ScheduleFields
from facilitator.ui.groups.text import tr
from facilitator.ui.groups.widgets import TimeField, time_range
from facilitator.ui.kit.closing import tab_order
from facilitator.ui.kit.editor import EditorDialog
from facilitator.ui.kit.printed_title import printed_title_warning
from facilitator.ui.kit.widgets import ProblemBox, add_row, dialog_buttons, line_edit
from facilitator.ui.plumbing.backend import Backend


class GroupDialog(EditorDialog):
    """The group editor; ``group`` None creates a new group.  ``saved`` carries the
    stored GroupRecord."""

    def __init__(
        self,
        backend: Backend,
        today: dt.date,
        parent: QWidget | None = None,
        *,
        group: GroupRecord | None = None,
    ) -> None:
        super().__init__(backend, parent)
        self.group = group
        title = tr("New group") if group is None else tr("Edit group")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)

        self._make_fields(today)
        self._lay_out(tr("Create group") if group is None else tr("Save"))
        if group is not None:
            self._fill(group)
        self.printed_title.textChanged.connect(self._check_title)
        self.name.textChanged.connect(self._check_title)
        self._check_title()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.name.setFocus()

    def _make_fields(self, today: dt.date) -> None:
        self.name = line_edit(tr("Group name"), 200)
        self.printed_title = line_edit(tr("Printed title"), 200, FALLBACK_TITLE)
        self.printed_title.setPlaceholderText(tr("Empty: sheets print \u201cMeeting\u201d"))
        self.title_help = QLabel(
            tr(
                "What sign-in sheets print at the top, instead of the group's name. A sheet "
                "is paper and may be left in the room, so the title must not say what the "
                "group is: \u201cMeeting\u201d or \u201cTuesday evening meeting\u201d is safe."
            )
        )
        self.title_help.setWordWrap(True)
        self.title_help.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.title_help.setAccessibleName(tr("What the printed title is"))
        self.printed_title.setToolTip(self.title_help.text())
        self.printed_title.setAccessibleDescription(self.title_help.text())
        self.title_warning = ProblemBox(name=tr("About the printed title"))
        self.description = QPlainTextEdit()
        self.description.setAccessibleName(tr("Description"))
        self.description.setTabChangesFocus(True)
        lines = self.description.fontMetrics().lineSpacing()
        self.description.setFixedHeight(lines * 3 + 2 * self.description.frameWidth() + 8)
        self.location = line_edit(tr("Location"), 200)
        self.facilitator = line_edit(tr("Facilitator"), 200)
        self.start_time = TimeField(tr("Start time"))
        self.end_time = TimeField(tr("End time"))
        self.schedule = ScheduleFields(today, self)

    def _lay_out(self, ok_text: str) -> None:
        form = self._form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        add_row(form, tr("&Name:"), self.name)
        add_row(form, tr("&Printed title:"), self.printed_title)
        form.addRow("", self.title_help)
        form.addRow("", self.title_warning)
        add_row(form, tr("&Description:"), self.description)
        add_row(form, tr("&Location:"), self.location)
        add_row(form, tr("F&acilitator:"), self.facilitator)
        self.schedule.add_to(form)
        times = time_range(self.start_time, self.end_time, tr("Meeting time"))
        add_row(form, tr("T&ime:"), times, self.start_time)
        self.buttons, self.ok_button = dialog_buttons(self, ok_text)
        self.use_save_button(self.ok_button)
        self.buttons.accepted.connect(self.save)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        sched = self.schedule
        fields: list[QWidget] = [self.name, self.printed_title, self.description]
        fields += [self.location, self.facilitator, sched.repeat, *sched.day_boxes]
        fields += [sched.interval, sched.ordinal, sched.month_day, sched.custom, sched.start]
        tab_order([*fields, self.start_time, self.end_time], self.buttons)

    def _fill(self, group: GroupRecord) -> None:
        self.name.setText(group.name)
        # What sheets print: a title that holds the name (the old default) as "Meeting".
        self.printed_title.setText(printed_title_of(group))
        self.description.setPlainText(group.description)
        self.location.setText(group.location)
        self.facilitator.setText(group.facilitator)
        self.schedule.set_schedule(group.schedule_rule, group.schedule_start)
        self.start_time.set_time(group.start_time)
        self.end_time.set_time(group.end_time)

    # -- the printed title -------------------------------------------------------------
    def _check_title(self) -> None:
        """Warn, while it is typed, when the title could say what the group is."""
        warning = printed_title_warning(self.printed_title.text(), self.name.text())
        self.title_warning.show_problem(warning)
        self._form.setRowVisible(self.title_warning, bool(warning))  # no empty row

    # -- the size -----------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_height()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        # Rows shown or hidden (the schedule's, the title's warning): fit them.
        if event.type() == QEvent.Type.LayoutRequest and self.isVisible():
            self.fit_height()
        return handled

    def fit_height(self) -> None:
        """Tall enough for the wrapped lines (the title's help and warning) at this
        width: a window's first size does not count them, and they showed cut off."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        width = max(self.width(), self.minimumWidth())
        needed = layout.totalHeightForWidth(width)
        if needed > self.height():
            self.resize(width, needed)

    # -- saving -------------------------------------------------------------------------
    def draft(self) -> GroupDraft:
        """What was typed, checked; InvalidInput (translated) names the first problem."""
        name = " ".join(self.name.text().split())
        if not name:
            self.name.setFocus()
            raise InvalidInput(tr("Give the group a name."))
        rule = self.schedule.rule()
        times: list[dt.time | None] = []
        for field, what in ((self.start_time, tr("start")), (self.end_time, tr("end"))):
            try:
                times.append(field.time())
            except ValueError:
                field.setFocus()
                raise InvalidInput(
                    tr(
                        "The %1 time cannot be read; type it like 19:30, or leave it empty."
                    ).replace("%1", what)
                ) from None
        start, end = times
        if end is not None and start is None:
            self.start_time.setFocus()
            raise InvalidInput(tr("Give the start time too, or leave the end time empty."))
        if start is not None and end is not None and end <= start:
            self.end_time.setFocus()
            raise InvalidInput(tr("The meeting ends before it starts: check the two times."))
        title = " ".join(self.printed_title.text().split())  # empty: sheets say "Meeting"
        return GroupDraft(
            name=name,
            printed_title=title,
            description=self.description.toPlainText().strip(),
            location=self.location.text(),
            facilitator=self.facilitator.text(),
            schedule_rule=rule,
            schedule_start=self.schedule.start_date(),
            start_time=start,
            end_time=end,
        )

    def save_job(self, draft: GroupDraft) -> Callable[[Services], GroupRecord]:
        group_id = self.group.id if self.group is not None else None
        if group_id is None:
            return lambda s: s.roster.create_group(draft)
        return lambda s: s.roster.update_group(group_id, draft)

    def stored(self, record: GroupRecord) -> None:
        self.group = record
