"""Attendance after the fact: the paper sign-in sheet typed in (issue 16).

One line per person on the check-in list, in its order, each with the marks the vault
holds already (so they can be corrected): a tick for "came", the arrival time written
on the sheet, and the mark (Present, Late, Excused, Absent, no mark).  Space ticks,
Tab goes on to the time, then to the mark, then to the next person.  Ticking offers
Present; a present mark without a time takes the session's start, and a late mark the
time typed (none when left empty — never the clock's).  Newcomers written on the sheet
are added by name at the bottom, and the guest count is there too.  It only asks: the
check-in panel saves everything in one transaction and one undo step
(:meth:`facilitator.services.attendance.AttendanceService.enter_paper_sheet`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain import (
    AttendanceStatus,
    CheckInRow,
    PaperMark,
    PaperNewcomer,
    SessionRecord,
)
from facilitator.ui.kit.closing import GuardedDialog
from facilitator.ui.kit.dates import long_date_text
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.widgets import ProblemBox, dialog_buttons, secondary_text
from facilitator.ui.session.mark_dialog import clock_field, field_text, parse_clock

MAX_GUESTS = 999
_MARKS: tuple[AttendanceStatus | None, ...] = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.ABSENT,
    None,
)


@dataclass(eq=False)
class SheetLine:
    """One person's line: their widgets, and the mark they had when the dialog opened."""

    came: QCheckBox
    time: QLineEdit
    mark: QComboBox
    member_id: int | None  # None: a newcomer, added when the sheet is saved
    name: str
    before: tuple[AttendanceStatus | None, dt.time | None] = (None, None)

    def status(self) -> AttendanceStatus | None:
        value = self.mark.currentData()
        return AttendanceStatus(value) if value else None


class PaperSheetDialog(GuardedDialog):
    """Tick who came, type the times; see the module's description."""

    def __init__(
        self,
        session: SessionRecord,
        rows: Sequence[CheckInRow],
        privacy: Privacy,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.privacy = privacy
        self.setWindowTitle(self.tr("Enter from the paper sheet"))
        self.setAccessibleName(self.tr("Enter attendance from the paper sheet"))
        self.setMinimumSize(560, 480)
        start = field_text(session.start_time)
        intro = self.tr(
            "%1. Tick who came (Space), then Tab to the time written on the sheet. "
            "Present without a time: the start, %2. Late: the time you type. "
            "Everything is saved together; Ctrl+Z on the check-in screen takes it all back."
        )
        self.intro = secondary_text(
            QLabel(
                intro.replace("%1", long_date_text(session.date)).replace(
                    "%2", start or self.tr("no time")
                )
            )
        )
        self.intro.setWordWrap(True)
        self.lines: list[SheetLine] = []
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 1)
        for column, text in enumerate((self.tr("Came"), self.tr("Arrived"), self.tr("Mark"))):
            self.grid.addWidget(QLabel(f"<b>{text}</b>"), 0, column)
        self._members = {row.member.id: row.member for row in rows}
        for row in rows:
            self._add_line(row.member.id, privacy.member(row.member), row.status, row.arrived_at)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addLayout(self.grid)
        inner_layout.addStretch(1)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setWidget(inner)
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        extra = self._build_extra()

        self.problem = ProblemBox(name=self.tr("Problem"))
        buttons, self.ok = dialog_buttons(self, self.tr("Save the sheet"))
        buttons.accepted.connect(self._save)
        self.set_main_button(self.ok)  # Enter saves; Escape after ticking asks first
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.area, 1)
        layout.addLayout(extra)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._buttons = buttons
        self._chain()
        self._answer: tuple[list[PaperMark], list[PaperNewcomer], int | None] = ([], [], None)
        # The privacy screen switched while the sheet is open: the names follow (review 16).
        privacy.follow(self, self._show_names)
        if self.lines:
            self.lines[0].came.setFocus()

    def _build_extra(self) -> QHBoxLayout:
        """Below the lines: a newcomer's name and Add, and the guest count."""
        self.newcomer = QLineEdit()
        self.newcomer.setAccessibleName(self.tr("A newcomer's name from the sheet"))
        self.newcomer.setPlaceholderText(self.tr("First name (and last name)"))
        self.newcomer.setMaxLength(200)
        self.newcomer.installEventFilter(self)  # Enter there adds the name, not saves
        newcomer_label = QLabel(self.tr("&Newcomer:"))
        newcomer_label.setBuddy(self.newcomer)
        self.add_button = QPushButton(self.tr("&Add"))
        self.add_button.setAccessibleName(self.tr("Add the newcomer to the sheet"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_newcomer)
        self.guests = QSpinBox()
        self.guests.setRange(0, MAX_GUESTS)
        self.guests.setValue(self.session.guest_count)
        self.guests.setAccessibleName(self.tr("Anonymous guests"))
        guests_label = QLabel(self.tr("&Guests:"))
        guests_label.setBuddy(self.guests)
        extra = QHBoxLayout()
        extra.addWidget(newcomer_label)
        extra.addWidget(self.newcomer, 1)
        extra.addWidget(self.add_button)
        extra.addSpacing(16)
        extra.addWidget(guests_label)
        extra.addWidget(self.guests)
        return extra

    # -- lines ------------------------------------------------------------------------------
    def _add_line(
        self,
        member_id: int | None,
        name: str,
        status: AttendanceStatus | None,
        arrived: dt.time | None,
    ) -> SheetLine:
        shown = name if member_id is not None else self.tr("%1 (newcomer)").replace("%1", name)
        came = QCheckBox(shown)
        came.setAccessibleName(self.tr("%1 came").replace("%1", shown))
        time = clock_field(self.tr("%1's arrival time").replace("%1", name), arrived)
        time.setPlaceholderText(field_text(self.session.start_time) or "hh:mm")
        mark = QComboBox()
        mark.setAccessibleName(self.tr("%1's mark").replace("%1", name))
        for value, text in zip(
            _MARKS,
            (
                self.tr("Present"),
                self.tr("Late"),
                self.tr("Excused"),
                self.tr("Absent"),
                self.tr("No mark"),
            ),
            strict=True,
        ):
            mark.addItem(text, value.value if value else "")
        line = SheetLine(came, time, mark, member_id, name, (status, arrived))
        mark.setCurrentIndex(_MARKS.index(status))
        came.setChecked(status is not None and status.attended)
        came.toggled.connect(lambda on: self._ticked(line, on))
        mark.currentIndexChanged.connect(lambda _i: self._mark_chosen(line))
        row = len(self.lines) + 1
        self.grid.addWidget(came, row, 0)
        self.grid.addWidget(time, row, 1)
        self.grid.addWidget(mark, row, 2)
        self.lines.append(line)
        return line

    def _name_line(self, line: SheetLine, name: str) -> None:
        shown = name if line.member_id is not None else self.tr("%1 (newcomer)").replace("%1", name)
        line.came.setText(shown)
        line.came.setAccessibleName(self.tr("%1 came").replace("%1", shown))
        line.time.setAccessibleName(self.tr("%1's arrival time").replace("%1", name))
        line.mark.setAccessibleName(self.tr("%1's mark").replace("%1", name))

    def _show_names(self) -> None:
        for line in self.lines:
            member = self._members.get(line.member_id) if line.member_id is not None else None
            if member is not None:
                line.name = self.privacy.member(member)
                self._name_line(line, line.name)

    def _ticked(self, line: SheetLine, on: bool) -> None:
        status = line.status()
        if on and not (status and status.attended):
            line.mark.setCurrentIndex(_MARKS.index(AttendanceStatus.PRESENT))
        elif not on and status and status.attended:
            before = line.before[0]
            keep = before if before is not None and not before.attended else None
            line.mark.setCurrentIndex(_MARKS.index(keep))
            line.time.clear()

    def _mark_chosen(self, line: SheetLine) -> None:
        status = line.status()
        attended = status is not None and status.attended
        if line.came.isChecked() != attended:
            line.came.blockSignals(True)
            line.came.setChecked(attended)
            line.came.blockSignals(False)
        line.time.setEnabled(attended)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the newcomer's box adds the name (with the box empty, it saves)."""
        if (
            watched is self.newcomer
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.newcomer.text().strip()
        ):
            self.add_newcomer()
            return True
        return super().eventFilter(watched, event)

    def input_changed(self) -> bool:
        """Ticks, times and marks changed, or a newcomer added (a line of its own)."""
        return super().input_changed() or any(line.member_id is None for line in self.lines)

    def add_newcomer(self) -> None:
        name = " ".join(self.newcomer.text().split())
        if not name:
            self.newcomer.setFocus()
            return
        line = self._add_line(None, name, AttendanceStatus.PRESENT, None)
        self.newcomer.clear()
        self._chain()
        self.problem.clear()
        line.time.setFocus()
        self.area.ensureWidgetVisible(line.came)

    def _chain(self) -> None:
        order: list[QWidget] = []
        for line in self.lines:
            order += [line.came, line.time, line.mark]
            line.time.setEnabled(line.came.isChecked())
        order += [self.newcomer, self.add_button, self.guests]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(self.guests, self._buttons)

    # -- the answer -------------------------------------------------------------------------
    def _save(self) -> None:
        marks: list[PaperMark] = []
        newcomers: list[PaperNewcomer] = []
        for line in self.lines:
            status = line.status()
            try:
                typed = parse_clock(line.time.text()) if line.time.isEnabled() else None
            except ValueError:
                self.problem.show_problem(
                    self.tr("Type each arrival time as hours:minutes, for example 19:05.")
                )
                line.time.setFocus()
                line.time.selectAll()
                return
            if status is not None and status == AttendanceStatus.PRESENT and typed is None:
                typed = self.session.start_time
            arrived = typed if status is not None and status.attended else None
            if line.member_id is None:
                if status is not None and status.attended:
                    first, _, last = line.name.partition(" ")
                    newcomers.append(PaperNewcomer(first, last.strip(), status, arrived))
            elif (status, arrived) != line.before:
                marks.append(PaperMark(line.member_id, status, arrived))
        guests = self.guests.value()
        self._answer = (
            marks,
            newcomers,
            guests if guests != self.session.guest_count else None,
        )
        self.accept()

    def entries(self) -> tuple[list[PaperMark], list[PaperNewcomer], int | None]:
        """After ``accept()``: the marks that changed, the newcomers, and the guest count
        (None: unchanged)."""
        return self._answer
