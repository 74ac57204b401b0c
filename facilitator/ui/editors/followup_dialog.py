"""The follow-up editor: what to do, by when, how urgent, and for whom.

Opened with ``.open()`` (window-modal) from the Follow-ups page, a session or a
member::

    dialog = FollowUpDialog(backend, privacy, self, member_id=member.id)
    dialog.saved.connect(self._follow_up_saved)
    dialog.open()

``saved`` carries the stored :class:`~facilitator.domain.FollowUpRecord` once the
service has saved it; the dialog then closes.  A problem (an empty "what") is
shown inside the dialog, which stays open with everything typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator.app import Services
from facilitator.domain import FollowUpRecord, MemberRecord, SessionRecord
from facilitator.domain.enums import Priority
from facilitator.errors import InvalidInput, UserFacingError
from facilitator.ui.kit.dates import DateStyle, date_format, qdate, short_date_text
from facilitator.ui.kit.editor import EditorDialog
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.words import priority_text
from facilitator.ui.plumbing.backend import Backend

MAX_LENGTH = 2000  # as the service allows

# The quick due-date choices, in the order the list shows them.
NO_DATE, TOMORROW, FRIDAY, NEXT_WEEK, ON_A_DATE = "none", "tomorrow", "friday", "week", "date"
CHOICES = (NO_DATE, TOMORROW, FRIDAY, NEXT_WEEK, ON_A_DATE)


def _tr(text: str) -> str:
    return QCoreApplication.translate("FollowUpDialog", text)


def quick_date(choice: str, today: dt.date) -> dt.date | None:
    """The day a quick choice means, counted from ``today`` (None: no date / pick one)."""
    if choice == TOMORROW:
        return today + dt.timedelta(days=1)
    if choice == FRIDAY:  # the coming Friday; on a Friday, the next one
        return today + dt.timedelta(days=(4 - today.weekday()) % 7 or 7)
    if choice == NEXT_WEEK:
        return today + dt.timedelta(days=7)
    return None


def whom_text(member: MemberRecord | None, session: SessionRecord | None, privacy: Privacy) -> str:
    """ "Sam Okafor · Tuesday Circle, Tue 24 Nov" — who and/or which session."""
    parts = []
    if member is not None:
        parts.append(privacy.member(member))
    if session is not None:
        parts.append(
            _tr("%1, %2")
            .replace("%1", session.group_name)
            .replace("%2", short_date_text(session.date, dt.date.today()))
        )
    return " · ".join(parts)


class FollowUpDialog(EditorDialog):
    """Add a follow-up (for a member and/or a session, or on its own) or edit one;
    ``saved`` carries the stored FollowUpRecord."""

    def __init__(
        self,
        backend: Backend,
        privacy: Privacy,
        parent: QWidget | None = None,
        *,
        member_id: int | None = None,
        session_id: int | None = None,
        follow_up: FollowUpRecord | None = None,
    ) -> None:
        super().__init__(backend, parent, problem_name=_tr("Problem"))
        self.privacy = privacy
        self.follow_up = follow_up
        self.member_id = member_id if member_id is not None else _get(follow_up, "member_id")
        self.session_id = session_id if session_id is not None else _get(follow_up, "session_id")
        self.today = dt.date.today()  # until the services' day arrives
        self._member: MemberRecord | None = None
        self._session: SessionRecord | None = None
        editing = follow_up is not None
        self.setWindowTitle(_tr("Edit follow-up") if editing else _tr("New follow-up"))
        self.setAccessibleName(self.windowTitle())
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._make_fields()
        self._lay_out(editing)

        linked = self.member_id is not None or self.session_id is not None
        self.whom_caption.setVisible(linked)
        self.whom.setVisible(linked)
        self._fill(follow_up)
        self.due_choice.currentIndexChanged.connect(self._choice_picked)
        self.due_date.userDateChanged.connect(self._date_typed)
        self.what.textEdited.connect(lambda _text: self.problem.clear())
        privacy.follow(self, self._show_whom)
        self.what.setFocus()
        self._load()

    def _make_fields(self) -> None:
        self.whom = QLabel(_tr("Loading…"))
        self.whom.setAccessibleName(_tr("For whom"))
        self.whom.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.whom.setTextFormat(Qt.TextFormat.PlainText)
        self.whom.setWordWrap(True)

        self.what = QLineEdit()
        self.what.setAccessibleName(_tr("What to do"))
        self.what.setPlaceholderText(_tr("e.g. Call about the housing referral"))
        self.what.setMaxLength(MAX_LENGTH)
        self.what.setClearButtonEnabled(True)

        self.due_choice = QComboBox()
        self.due_choice.setAccessibleName(_tr("Due"))
        for choice in CHOICES:
            self.due_choice.addItem("", choice)
        self.due_date = QDateEdit()
        self.due_date.setAccessibleName(_tr("Due date"))
        self.due_date.setCalendarPopup(True)
        self.due_date.setDisplayFormat(date_format(DateStyle.WEEKDAY))
        self.due_date.setDate(QDate.currentDate())
        self.due_row = due_row = QHBoxLayout()
        due_row.setContentsMargins(0, 0, 0, 0)
        due_row.addWidget(self.due_choice)
        due_row.addWidget(self.due_date, 1)

        self.priority = QComboBox()
        self.priority.setAccessibleName(_tr("Priority"))
        for priority in (Priority.LOW, Priority.NORMAL, Priority.HIGH):
            self.priority.addItem(priority_text(priority), priority)
        self.priority.setCurrentIndex(1)

    def _lay_out(self, editing: bool) -> None:
        form = QFormLayout()
        self.whom_caption = QLabel(_tr("For:"))
        form.addRow(self.whom_caption, self.whom)
        what_label = QLabel(_tr("&What:"))
        what_label.setBuddy(self.what)
        form.addRow(what_label, self.what)
        due_label = QLabel(_tr("&Due:"))
        due_label.setBuddy(self.due_choice)
        form.addRow(due_label, self.due_row)
        priority_label = QLabel(_tr("&Priority:"))
        priority_label.setBuddy(self.priority)
        form.addRow(priority_label, self.priority)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_tr("&Save") if editing else _tr("&Add"))
        self.save_button.setAccessibleName(self.save_button.text().replace("&", ""))
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(_tr("Cancel"))
        self.use_save_button(self.save_button)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        width = self.fontMetrics().averageCharWidth() * 70
        self.setMinimumWidth(width)

        QWidget.setTabOrder(self.what, self.due_choice)
        QWidget.setTabOrder(self.due_choice, self.due_date)
        QWidget.setTabOrder(self.due_date, self.priority)
        QWidget.setTabOrder(self.priority, self.save_button)
        QWidget.setTabOrder(self.save_button, self.cancel_button)

    # -- filling ------------------------------------------------------------------
    def _fill(self, follow_up: FollowUpRecord | None) -> None:
        self._label_choices()
        if follow_up is None:
            self._set_due(None)
            return
        self.what.setText(follow_up.description)
        self.priority.setCurrentIndex(self.priority.findData(follow_up.priority))
        self._set_due(follow_up.due_on)

    def _load(self) -> None:
        member_id, session_id = self.member_id, self.session_id

        def job(
            s: Services,
        ) -> tuple[dt.date, MemberRecord | None, SessionRecord | None]:
            member = s.roster.member(member_id) if member_id is not None else None
            session = s.schedule.session(session_id) if session_id is not None else None
            return s.follow_ups.today(), member, session

        self.backend.call(job, self._loaded, context=self, failed=self._load_failed)

    def _loaded(self, loaded: tuple[dt.date, MemberRecord | None, SessionRecord | None]) -> None:
        today, self._member, self._session = loaded
        untouched = not self.input_changed()  # the quick dates move to the services' day
        due = self.due()
        choice = self.due_choice.currentData()
        self.today = today
        self._label_choices()
        if choice in (TOMORROW, FRIDAY, NEXT_WEEK):  # counted from the services' day
            self._set_due(quick_date(choice, today), choice)
        else:
            self._set_due(due)
        self._show_whom()
        if untouched:
            self.remember_input()

    def _show_whom(self) -> None:
        if self._member is not None or self._session is not None:
            self.whom.setText(whom_text(self._member, self._session, self.privacy))

    def _label_choices(self) -> None:
        labels = {
            NO_DATE: _tr("No due date"),
            TOMORROW: _tr("Tomorrow"),
            FRIDAY: _tr("Friday"),
            NEXT_WEEK: _tr("Next week"),
            ON_A_DATE: _tr("On a date…"),
        }
        for row, choice in enumerate(CHOICES):
            day = quick_date(choice, self.today)
            text = labels[choice]
            if day is not None:
                text = (
                    _tr("%1 (%2)")
                    .replace("%1", text)
                    .replace("%2", short_date_text(day, self.today))
                )
            self.due_choice.setItemText(row, text)

    def _set_due(self, day: dt.date | None, choice: str | None = None) -> None:
        if choice is None:
            matching = [
                c for c in (TOMORROW, FRIDAY, NEXT_WEEK) if quick_date(c, self.today) == day
            ]
            choice = NO_DATE if day is None else (matching[0] if matching else ON_A_DATE)
        self.due_choice.blockSignals(True)
        self.due_choice.setCurrentIndex(self.due_choice.findData(choice))
        self.due_choice.blockSignals(False)
        if day is not None:
            self.due_date.blockSignals(True)
            self.due_date.setDate(qdate(day))
            self.due_date.blockSignals(False)
        self.due_date.setVisible(day is not None)

    def _choice_picked(self, _row: int) -> None:
        choice = self.due_choice.currentData()
        if choice == ON_A_DATE:
            if not self.due_date.isVisibleTo(self):  # from "no date": start at today
                self._set_due(self.today, ON_A_DATE)
            self.due_date.setVisible(True)
            self.due_date.setFocus()
            return
        self._set_due(quick_date(choice, self.today), choice)

    def _date_typed(self, _date: QDate) -> None:
        self._set_due(self._picked_date())

    def _picked_date(self) -> dt.date:
        value = self.due_date.date()
        return dt.date(value.year(), value.month(), value.day())

    # -- reading ------------------------------------------------------------------
    def due(self) -> dt.date | None:
        """The due date as chosen (None: no date)."""
        if self.due_choice.currentData() == NO_DATE:
            return None
        return self._picked_date()

    def chosen_priority(self) -> Priority:
        return Priority(self.priority.currentData())

    # -- saving -------------------------------------------------------------------
    def draft(self) -> tuple[str, dt.date | None, Priority]:
        """What, by when, how urgent; InvalidInput when "what" is empty."""
        text = self.what.text().strip()
        if not text:
            raise InvalidInput(_tr("Say what needs doing (the “What” box is empty)."))
        return text, self.due(), self.chosen_priority()

    def save_job(
        self, draft: tuple[str, dt.date | None, Priority]
    ) -> Callable[[Services], FollowUpRecord]:
        text, due, priority = draft
        member_id, session_id, existing = self.member_id, self.session_id, self.follow_up

        def job(s: Services) -> FollowUpRecord:
            if existing is not None:
                return s.follow_ups.edit(
                    existing.id, description=text, due_on=due, priority=priority
                )
            return s.follow_ups.add(
                text, due_on=due, priority=priority, member_id=member_id, session_id=session_id
            )

        return job

    def problem_shown(self, message: str, *, by_service: bool) -> None:
        self.what.setFocus()

    def stored(self, record: FollowUpRecord) -> None:
        self.follow_up = record

    def _load_failed(self, error: UserFacingError) -> None:
        self.problem.show_problem(error.message)


def _get(follow_up: FollowUpRecord | None, field: str) -> int | None:
    if follow_up is None:
        return None
    value = getattr(follow_up, field)
    return int(value) if value is not None else None
