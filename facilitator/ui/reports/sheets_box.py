"""The Reports page's "Sign-in sheets" box: a group, a date, then Print… or Save as PDF…
(the choices dialog first, as from a session), and Open once a sheet is saved.

A sheet for a day the schedule only plans opens nothing in the vault (see
:mod:`facilitator.services.sheets`); the date defaults to today.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain import GroupRecord
from facilitator.services.sheets import NameMode
from facilitator.ui.editors.sheet_dialog import SheetAction
from facilitator.ui.editors.sheet_flow import SheetFlow
from facilitator.ui.kit.dates import DateStyle, date_format
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend


class SheetsBox(QGroupBox):
    """Print or save a group's sign-in sheet for a day."""

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.privacy = privacy
        self.flow = SheetFlow(backend, self)
        title = self.tr("Sign-in sheets")
        self.setTitle(title)
        self.setAccessibleName(title)
        explain = QLabel(
            self.tr(
                "A paper sheet for a meeting: the group's active members (full names, "
                "initials or none), blank rows for newcomers, a column to sign. It shows "
                "the group's printed title, never its name."
            )
        )
        explain.setWordWrap(True)
        explain.setAccessibleName(self.tr("What a sign-in sheet holds"))
        self.group = QComboBox()
        self.group.setAccessibleName(self.tr("Group of the sign-in sheet"))
        self.group.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(date_format(DateStyle.WEEKDAY))
        self.date.setAccessibleName(self.tr("Date of the meeting"))
        self.date.setDate(QDate.currentDate())
        self.print_button = QPushButton(self.tr("Print &a sheet…"))
        self.print_button.setAccessibleName(self.tr("Print a sign-in sheet"))
        self.print_button.clicked.connect(lambda: self.start(SheetAction.PRINT))
        self.save_button = QPushButton(self.tr("Save sheet as P&DF…"))
        self.save_button.setAccessibleName(self.tr("Save a sign-in sheet as a PDF file"))
        self.save_button.clicked.connect(lambda: self.start(SheetAction.SAVE))
        self.open_button = QPushButton(self.tr("Open the saved sheet"))
        self.open_button.setAccessibleName(self.tr("Open the saved sign-in sheet"))
        self.open_button.clicked.connect(self.flow.open_saved)
        self.open_button.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Sign-in sheet result"))
        self.flow.told.connect(self.status.setText)
        self.flow.saved.connect(lambda _path: self.open_button.setVisible(True))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        group_label = QLabel(self.tr("Group:"))
        group_label.setBuddy(self.group)
        date_label = QLabel(self.tr("&Meeting date:"))
        date_label.setBuddy(self.date)
        form.addRow(group_label, self.group)
        form.addRow(date_label, self.date)
        buttons = QHBoxLayout()
        for button in (self.print_button, self.save_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._enable()

    def show_groups(self, groups: list[GroupRecord], today: dt.date | None = None) -> None:
        """The groups that meet (not archived), the one chosen kept."""
        chosen = self.group.currentData()
        self.group.clear()
        for group in groups:
            if not group.archived:
                self.group.addItem(group.name, group.id)
        at = self.group.findData(chosen) if chosen is not None else 0
        self.group.setCurrentIndex(max(at, 0))
        if today is not None:
            self.date.setDate(QDate(today.year, today.month, today.day))
        self._enable()

    def _enable(self) -> None:
        has_group = self.group.count() > 0
        self.print_button.setEnabled(has_group)
        self.save_button.setEnabled(has_group)
        if not has_group:
            self.status.setText(self.tr("Create a group first: a sheet lists its members."))
        elif self.status.text().startswith(self.tr("Create a group first")):
            self.status.clear()

    def start(self, main: SheetAction) -> None:
        """The choices dialog (initials preselected while the privacy screen is on)."""
        data = self.group.currentData()
        if not isinstance(data, int):
            return
        day: dt.date = self.date.date().toPython()  # type: ignore[assignment]
        names = NameMode.INITIALS if self.privacy.on else NameMode.FULL
        self.flow.start(data, day, names=names, main=main)


__all__ = ["SheetsBox"]
