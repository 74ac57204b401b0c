"""The check-in panel's widgets and their layout (its behaviour is in
:mod:`facilitator.ui.session.checkin_panel`).

Top to bottom: the filter box ("Check in:"), the list, the counts, the mark
buttons (each with its key in the tooltip) and Undo, the guest counter and
"Everyone else: Absent / Excused", a line saying what the last action did, and
a reminder of the keys.  Tab goes through them in that order.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.table_model import RowsModel, make_table
from facilitator.ui.kit.widgets import secondary_text
from facilitator.ui.session.checkin_model import columns

MAX_GUESTS = 999


def _tr(text: str) -> str:
    return QCoreApplication.translate("CheckIn", text)


class CheckInView(QWidget):
    """The widgets, laid out; :class:`~facilitator.ui.session.checkin_panel.CheckInPanel` adds
    what they do."""

    def __init__(self, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.privacy = privacy
        self._build()

    def _build(self) -> None:
        self.filter_label = QLabel(_tr("&Check in:"))
        self.filter_edit = QLineEdit()
        self.filter_edit.setAccessibleName(_tr("Find a person to check in, or a newcomer's name"))
        self.filter_edit.setPlaceholderText(_tr("Type a few letters of a name, then Enter"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_label.setBuddy(self.filter_edit)
        self.model = RowsModel(columns(self.privacy), self)
        self.table = make_table(self.model, _tr("People at this session"))
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )

        self.present_button = self._button(_tr("Present"), _tr("Mark present (Enter)"))
        self.late_button = self._button(_tr("Late"), _tr("Mark late (Shift+Enter)"))
        self.excused_button = self._button(_tr("Excused"), _tr("Mark excused (Ctrl+E)"))
        self.clear_button = self._button(_tr("Clear"), _tr("Clear the mark (Ctrl+Backspace)"))
        self.change_button = self._button(
            _tr("Ch&ange…"), _tr("Change the mark or the arrival time (F2)")
        )
        self.undo_button = self._button(_tr("&Undo"), _tr("Undo the last mark (Ctrl+Z)"))

        self.guests_label = QLabel(_tr("&Guests:"))
        self.guests = QSpinBox()
        self.guests.setRange(0, MAX_GUESTS)
        self.guests.setKeyboardTracking(False)  # typed digits count once Enter or Tab
        self.guests.setAccessibleName(_tr("Anonymous guests"))
        self.guests.setToolTip(_tr("People who came without giving a name"))
        self.guests_label.setBuddy(self.guests)
        self.fewer_guests = self._step_button("\N{MINUS SIGN}", _tr("One guest fewer"), -1)
        self.more_guests = self._step_button("+", _tr("One more guest"), 1)

        self.rest_label = QLabel(_tr("Everyone else:"))
        self.rest_absent = self._button(
            _tr("A&bsent"), _tr("Mark everyone not yet marked as absent")
        )
        self.rest_excused = self._button(
            _tr("E&xcused"), _tr("Mark everyone not yet marked as excused")
        )

        self.counts = QLabel()
        self.counts.setAccessibleName(_tr("Attendance so far"))
        self.feedback = QLabel()
        self.feedback.setAccessibleName(_tr("Last action"))
        self.feedback.setWordWrap(True)
        self.hint = QLabel(
            _tr(
                "Enter: present · Shift+Enter: late · Ctrl+E: excused · "
                "Ctrl+Backspace: clear · F2: change the mark or time · Ctrl+Z: undo"
            )
        )
        self.hint.setWordWrap(True)
        secondary_text(self.hint)  # readable: the placeholder colour is 3.9:1
        self._lay_out()

    def _button(self, text: str, description: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(description)
        button.setToolTip(description)
        return button

    def _step_button(self, text: str, description: str, step: int) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setAccessibleName(description)
        button.setToolTip(description)
        button.setAutoRaise(False)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the spin box is the key way
        button.clicked.connect(lambda: self.guests.setValue(self.guests.value() + step))
        return button

    def _lay_out(self) -> None:
        find = QHBoxLayout()
        find.addWidget(self.filter_label)
        find.addWidget(self.filter_edit, 1)
        marks = QHBoxLayout()
        for button in (
            self.present_button,
            self.late_button,
            self.excused_button,
            self.clear_button,
            self.change_button,
        ):
            marks.addWidget(button)
        marks.addStretch(1)
        marks.addWidget(self.undo_button)
        extra = QGridLayout()
        extra.addWidget(self.guests_label, 0, 0)
        guests = QHBoxLayout()
        guests.setSpacing(2)
        guests.addWidget(self.fewer_guests)
        guests.addWidget(self.guests)
        guests.addWidget(self.more_guests)
        extra.addLayout(guests, 0, 1)
        extra.addWidget(self.rest_label, 0, 3)
        extra.addWidget(self.rest_absent, 0, 4)
        extra.addWidget(self.rest_excused, 0, 5)
        extra.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(find)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts)
        layout.addLayout(marks)
        layout.addLayout(extra)
        layout.addWidget(self.feedback)
        layout.addWidget(self.hint)
        order: list[QWidget] = [
            self.filter_edit,
            self.table,
            self.present_button,
            self.late_button,
            self.excused_button,
            self.clear_button,
            self.change_button,
            self.undo_button,
            self.guests,
            self.rest_absent,
            self.rest_excused,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
