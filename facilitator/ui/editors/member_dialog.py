"""The member editor: add a newcomer (a first name is enough) or edit a person's details.

    dialog = MemberDialog(backend, privacy, parent, member=None, group_id=group.id)
    dialog.saved.connect(...)  # the saved MemberRecord, after the vault has it
    dialog.open()

The dialog is window-modal (``open()``, never ``exec()``).  On Save it cleans the
draft (:meth:`MemberDraft.cleaned`: a bad e-mail, an empty first name) and shows
the problem inline, keeping everything typed; then it saves through the backend
and closes only once the service call succeeded.

While the privacy screen is on (a room others can see), the editor shows what the
rest of the app shows: the first name.  The last name and the contact details are
masked (typing into one replaces it unseen) and the notes hidden, until the
facilitator clicks "Show them here" — a deliberate choice, for this dialog only,
taken back by clicking again or by closing it; the screen stays on for everything
else.  Refusing to open instead would send someone correcting a phone number to
switch the whole app's privacy off, in the same room.  The window title never
carries a name, privacy screen or not: titles show in the taskbar, in window
switchers and on a shared screen (issue 16 defect 13).
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
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.app import Services
from facilitator.domain import MemberRecord, MemberStatus
from facilitator.services.roster import MemberDraft
from facilitator.ui.kit.dates import DateStyle, date_format
from facilitator.ui.kit.editor import EditorDialog
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend

NO_DATE = QDate(1900, 1, 1)  # the date edit's "not set" value (shown as special text)


def _tr(text: str) -> str:
    return QCoreApplication.translate("MemberDialog", text)


def status_text(status: MemberStatus) -> str:
    return {
        MemberStatus.ACTIVE: _tr("Active"),
        MemberStatus.INACTIVE: _tr("Inactive"),
        MemberStatus.LEFT: _tr("Left (archived)"),
    }[status]


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class MemberDialog(EditorDialog):
    """Add or edit one member; ``saved(MemberRecord)`` once the vault has it."""

    def __init__(
        self,
        backend: Backend,
        privacy: Privacy,
        parent: QWidget | None = None,
        *,
        member: MemberRecord | None = None,
        group_id: int | None = None,
    ) -> None:
        super().__init__(backend, parent, problem_name=_tr("Problem"))
        self.privacy = privacy
        self.member = member
        self.group_id = group_id
        self.setWindowModality(Qt.WindowModality.WindowModal)
        # Never a name in a title (the taskbar, window switchers, a shared screen).
        self.setWindowTitle(_tr("New member") if member is None else _tr("Edit member"))
        self.setAccessibleName(self.windowTitle())
        self._build()
        if member is not None:
            self._fill(member)
        self._apply_privacy(privacy.on)
        privacy.on_change(self, self._apply_privacy)

    # -- layout ------------------------------------------------------------------
    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        if placeholder:
            edit.setPlaceholderText(placeholder)
        return edit

    def _build(self) -> None:
        self.first_name = self._line(_tr("First name"))
        self.last_name = self._line(_tr("Last name"))
        self.preferred_name = self._line(_tr("Preferred name"), _tr("What they like to be called"))
        self.pronouns = self._line(_tr("Pronouns"), _tr("e.g. she/her, they/them"))
        self.phone = self._line(_tr("Phone"))
        self.email = self._line(_tr("E-mail"), _tr("name@example.org"))
        self.emergency_contact = self._line(_tr("Emergency contact"), _tr("Name and phone number"))
        self.date_joined = QDateEdit()
        self.date_joined.setAccessibleName(_tr("Date joined"))
        self.date_joined.setCalendarPopup(True)
        self.date_joined.setDisplayFormat(date_format(DateStyle.PLAIN))
        self.date_joined.setMinimumDate(NO_DATE)
        self.date_joined.setSpecialValueText(_tr("Not recorded"))
        # a newcomer joins today (the vault's today, unless the date is changed)
        self.date_joined.setDate(NO_DATE if self.member is not None else QDate.currentDate())
        self._date_touched = False
        self._last_date = self.date_joined.date()
        self.date_joined.dateChanged.connect(self._date_changed)
        self.status = QComboBox()
        self.status.setAccessibleName(_tr("Status"))
        for status in MemberStatus:
            self.status.addItem(status_text(status), status)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(_tr("Notes about this person"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        form = self._build_form()
        self._build_footer(form)

    def _build_form(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._labels: dict[str, QLabel] = {}
        rows: list[tuple[str, str, QWidget]] = [
            ("first_name", _tr("&First name (required):"), self.first_name),
            ("last_name", _tr("&Last name:"), self.last_name),
            ("preferred_name", _tr("P&referred name:"), self.preferred_name),
            ("pronouns", _tr("Pro&nouns:"), self.pronouns),
            ("phone", _tr("&Phone:"), self.phone),
            ("email", _tr("&E-mail:"), self.email),
            ("emergency_contact", _tr("E&mergency contact:"), self.emergency_contact),
            ("date_joined", _tr("&Date joined:"), self.date_joined),
            ("status", _tr("S&tatus:"), self.status),
            ("notes", _tr("N&otes:"), self.notes),
        ]
        for key, text, field in rows:
            label = QLabel(text)
            label.setBuddy(field)
            self._labels[key] = label
            form.addRow(label, field)
        self._form = form
        form.setRowVisible(self.status, self.member is not None)
        return form

    def _build_footer(self, form: QFormLayout) -> None:
        self.hidden_notes = QLabel()
        self.hidden_notes.setWordWrap(True)
        self.hidden_notes.setAccessibleName(_tr("Hidden details"))
        self.reveal_button = QPushButton()
        self.reveal_button.setCheckable(True)
        self.reveal_button.setAutoDefault(False)  # Enter saves; it never reveals
        self.reveal_button.setAccessibleName(_tr("Show the hidden details in this dialog"))
        self.reveal_button.setToolTip(
            _tr("Shows them in this dialog only; the privacy screen stays on elsewhere.")
        )
        self.reveal_button.toggled.connect(self._reveal_toggled)
        self.hidden_row = QWidget()
        hidden_layout = QHBoxLayout(self.hidden_row)
        hidden_layout.setContentsMargins(0, 0, 0, 0)
        hidden_layout.addWidget(self.hidden_notes, 1)
        hidden_layout.addWidget(self.reveal_button)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.setText(_tr("&Save") if self.member else _tr("&Add member"))
        self.save_button.setAccessibleName(self.save_button.text().replace("&", ""))
        self.cancel_button.setText(_tr("Cancel"))
        self.cancel_button.setAccessibleName(_tr("Cancel"))
        self.use_save_button(self.save_button)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hidden_row)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.first_name.setFocus()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)

    def _fill(self, member: MemberRecord) -> None:
        self.first_name.setText(member.first_name)
        self.last_name.setText(member.last_name)
        self.preferred_name.setText(member.preferred_name)
        self.pronouns.setText(member.pronouns)
        self.phone.setText(member.phone)
        self.email.setText(member.email)
        self.emergency_contact.setText(member.emergency_contact)
        if member.date_joined is not None:
            self.date_joined.setDate(to_qdate(member.date_joined))
        self.status.setCurrentIndex(max(self.status.findData(member.status), 0))
        self.notes.setPlainText(member.notes)

    def _date_changed(self, day: QDate) -> None:
        if self._last_date == NO_DATE and day == NO_DATE.addDays(1):
            day = QDate.currentDate()  # stepping up from "Not recorded" starts at today
            self.date_joined.setDate(day)
        self._last_date = day
        self._date_touched = True

    def _apply_privacy(self, on: bool) -> None:
        """Mask or show; the privacy screen switched on always masks again (a choice to
        show made earlier does not outlast the screen going off and on)."""
        self.reveal_button.blockSignals(True)
        self.reveal_button.setChecked(False)
        self.reveal_button.blockSignals(False)
        self.hidden_row.setVisible(on)
        self._mask(on)

    def _reveal_toggled(self, shown: bool) -> None:
        self._mask(self.privacy.on and not shown)

    def _mask(self, masked: bool) -> None:
        # Masked fields are read-only too: Qt's password echo clears a field at the
        # first key pressed in it, so one Backspace erased a phone number unseen
        # (review 16).  "Show them here" makes them editable again.
        mode = QLineEdit.EchoMode.Password if masked else QLineEdit.EchoMode.Normal
        for edit in (self.last_name, self.phone, self.email, self.emergency_contact):
            edit.setEchoMode(mode)
            edit.setReadOnly(masked)
        self._form.setRowVisible(self.notes, not masked)
        if masked:
            self.hidden_notes.setText(
                _tr(
                    "The last name, contact details and notes are hidden while the "
                    "privacy screen is on."
                )
            )
            self.reveal_button.setText(_tr("S&how them here"))
        else:
            self.hidden_notes.setText(
                _tr("Shown in this dialog only: the privacy screen stays on elsewhere.")
            )
            self.reveal_button.setText(_tr("&Hide them"))

    # -- saving ------------------------------------------------------------------
    def typed(self) -> MemberDraft:
        """What the fields hold now (not yet cleaned)."""
        day = self.date_joined.date()
        status = self.status.currentData()
        return MemberDraft(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            preferred_name=self.preferred_name.text(),
            pronouns=self.pronouns.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            emergency_contact=self.emergency_contact.text(),
            date_joined=None if day == NO_DATE or not self._date_touched else from_qdate(day),
            status=MemberStatus(status) if status is not None else MemberStatus.ACTIVE,
            notes=self.notes.toPlainText(),
        )

    def draft(self) -> MemberDraft:
        """What the fields hold, checked here (no vault needed: a bad e-mail, an empty
        first name); the service cleans it again as it stores it."""
        draft = self.typed()
        draft.cleaned()
        return draft

    def save_job(self, draft: MemberDraft) -> Callable[[Services], MemberRecord]:
        member, group_id = self.member, self.group_id
        if member is None:
            return lambda s: s.roster.add_member(draft, group_id=group_id)
        member_id = member.id
        return lambda s: s.roster.update_member(member_id, draft)

    def problem_shown(self, message: str, *, by_service: bool) -> None:
        if not by_service:
            self._focus_field(message)

    def _focus_field(self, message: str) -> None:
        """Put the cursor in the field the problem is about (the message names it)."""
        words = message.casefold()
        for needle, field in (
            ("first name", self.first_name),
            ("last name", self.last_name),
            ("preferred name", self.preferred_name),
            ("pronouns", self.pronouns),
            ("phone", self.phone),
            ("e-mail", self.email),
            ("emergency", self.emergency_contact),
        ):
            if needle in words:
                field.setFocus()
                field.selectAll()
                return

    def stored(self, record: MemberRecord) -> None:
        self.member = record
