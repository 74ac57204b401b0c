"""The mark editor: one person's mark at a session and the time they arrived.

Opened from the check-in screen (issue 16, defect 3) when a mark needs a time the clock
cannot give — "Late" for a session that is not on now, say the next morning from the
paper sheet — when a row that already has a mark is double-clicked (a double-click
must never silently replace "Late, arrived 19:20" with "Present"), and with F2 or
"Change mark…" to correct any mark's arrival time later.  It only asks; the panel saves
the answer (:meth:`facilitator.services.attendance.AttendanceService.set_mark`, one undo
step).
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain import AttendanceStatus
from facilitator.ui.kit.closing import GuardedDialog
from facilitator.ui.kit.widgets import ProblemBox, dialog_buttons, secondary_text

_CLOCK = re.compile(
    r"^\s*(\d{1,2})(?:\s*[:.h]\s*(\d{2})|(\d{2}))?\s*(?:([ap])\.?\s*m?\.?)?\s*$", re.IGNORECASE
)


def parse_clock(text: str) -> dt.time | None:
    """A time typed by hand: "19:05", "19.05", "1905", "7:05 pm", "19"; None for
    nothing typed; ValueError for anything else."""
    if not text.strip():
        return None
    found = _CLOCK.match(text)
    if found is None:
        raise ValueError("not a time")
    hour = int(found.group(1))
    minute = int(found.group(2) or found.group(3) or 0)
    half = (found.group(4) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise ValueError("not a time")
        hour = hour % 12 + (12 if half == "p" else 0)
    return dt.time(hour, minute)  # ValueError past 23:59


def field_text(value: dt.time | None) -> str:
    """An arrival time as the time fields show it (24-hour, as it is typed back)."""
    return "" if value is None else f"{value:%H:%M}"


def clock_field(accessible_name: str, value: dt.time | None) -> QLineEdit:
    """A line edit for an arrival time ("19:05"); empty means no time."""
    field = QLineEdit(field_text(value))
    field.setAccessibleName(accessible_name)
    field.setPlaceholderText("hh:mm")
    field.setMaxLength(8)
    field.setMaximumWidth(90)
    return field


class MarkDialog(GuardedDialog):
    """One mark and its arrival time.  ``status`` None: no mark; ``arrived_at`` the time to
    offer.  After ``accept()``, :meth:`mark` is the answer."""

    def __init__(
        self,
        name: str,
        status: AttendanceStatus | None,
        arrived_at: dt.time | None,
        parent: QWidget | None = None,
        *,
        why: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change the mark"))
        self.setAccessibleName(self.tr("Change the mark"))
        self.who = QLabel(name)
        self.who.setAccessibleName(self.tr("Person"))
        self.why = secondary_text(QLabel(why))
        self.why.setWordWrap(True)
        self.why.setVisible(bool(why))
        self.buttons_group = QButtonGroup(self)
        self.choices: dict[AttendanceStatus | None, QRadioButton] = {}
        row = QHBoxLayout()
        for value, text in (
            (AttendanceStatus.PRESENT, self.tr("&Present")),
            (AttendanceStatus.LATE, self.tr("&Late")),
            (AttendanceStatus.EXCUSED, self.tr("&Excused")),
            (AttendanceStatus.ABSENT, self.tr("A&bsent")),
            (None, self.tr("&No mark")),
        ):
            radio = QRadioButton(text)
            radio.setAccessibleName(text.replace("&", ""))
            self.buttons_group.addButton(radio)
            self.choices[value] = radio
            row.addWidget(radio)
            radio.toggled.connect(self._status_changed)
        self.time = clock_field(self.tr("Arrival time"), arrived_at)
        self.problem = ProblemBox(name=self.tr("Problem"))
        buttons, self.ok = dialog_buttons(self, self.tr("Save"))
        buttons.accepted.connect(self._save)
        self.set_main_button(self.ok)  # Enter saves; Escape after a change asks first
        form = QFormLayout()
        form.addRow(self.tr("Person:"), self.who)
        form.addRow(self.tr("Mark:"), row)
        time_label = QLabel(self.tr("&Arrived at:"))
        time_label.setBuddy(self.time)
        form.addRow(time_label, self.time)
        layout = QVBoxLayout(self)
        layout.addWidget(self.why)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.choices[status].setChecked(True)
        self._answer: tuple[AttendanceStatus | None, dt.time | None] = (status, arrived_at)
        self._status_changed()
        (self.time if self.time.isEnabled() else self.choices[status]).setFocus()
        if self.time.isEnabled():
            self.time.selectAll()

    def status(self) -> AttendanceStatus | None:
        return next(value for value, radio in self.choices.items() if radio.isChecked())

    def _status_changed(self, _checked: bool = False) -> None:
        status = self.status() if self.buttons_group.checkedButton() else None
        self.time.setEnabled(status is not None and status.attended)

    def _save(self) -> None:
        status = self.status()
        try:
            arrived = parse_clock(self.time.text()) if status and status.attended else None
        except ValueError:
            self.problem.show_problem(
                self.tr("Type the arrival time as hours:minutes, e.g. 19:05.")
            )
            self.time.setFocus()
            return
        self._answer = (status, arrived)
        self.accept()

    def mark(self) -> tuple[AttendanceStatus | None, dt.time | None]:
        """The mark chosen and the arrival time typed (None: none)."""
        return self._answer
