"""The schedule part of the group editor: how often the group meets, on which
days, from when, and — as the person picks — the rule in words and the next dates."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from facilitator.domain import GroupRecord
from facilitator.errors import InvalidInput
from facilitator.services.schedule import occurrences
from facilitator.ui.groups.text import (
    ORDINALS,
    Repeat,
    ScheduleChoice,
    build_rule,
    day_names,
    ordinal_names,
    parse_rule,
    schedule_words,
    short_day_names,
    tr,
)
from facilitator.ui.kit.dates import DateStyle, date_format, weekday_date_text

NEXT_DATES = 4  # how many coming dates the preview lists


def next_dates(rule: str, start: dt.date, today: dt.date, count: int = NEXT_DATES) -> list[dt.date]:
    """The first ``count`` meeting dates on or after ``today`` (and ``start``)."""
    probe = GroupRecord(id=0, name="", printed_title="", schedule_rule=rule, schedule_start=start)
    first = max(start, today)
    return occurrences(probe, first, first + dt.timedelta(days=400))[:count]


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class ScheduleFields(QObject):
    """The schedule's fields, placed as rows of the dialog's form (:meth:`add_to`)."""

    changed = Signal()

    def __init__(self, today: dt.date, parent: QWidget) -> None:
        super().__init__(parent)
        self.today = today
        self._custom_rule = ""
        self.repeat = QComboBox(parent)
        self.repeat.setAccessibleName(tr("Repeats"))
        for text, repeat in (
            (tr("No regular schedule"), Repeat.NONE),
            (tr("Weekly"), Repeat.WEEKLY),
            (tr("Every few weeks"), Repeat.EVERY_N_WEEKS),
            (tr("Monthly, on one weekday"), Repeat.MONTHLY),
        ):
            self.repeat.addItem(text, repeat)

        self.days_box, self.day_boxes = self._weekday_boxes(parent)
        self.interval = QSpinBox(parent)
        self.interval.setRange(2, 12)
        self.interval.setValue(2)
        self.interval.setAccessibleName(tr("Weeks between meetings"))
        self.interval.setSuffix(tr(" weeks"))
        self.interval.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.monthly_box, self.ordinal, self.month_day = self._monthly(parent)

        self.custom = QLineEdit(parent)
        self.custom.setReadOnly(True)
        self.custom.setAccessibleName(tr("Schedule rule (kept as it is)"))

        self.start = QDateEdit(parent)
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat(date_format(DateStyle.PLAIN))
        self.start.setAccessibleName(tr("First meeting"))
        self.start.setDate(_qdate(today))

        self.preview = QLabel(parent)
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName(tr("The schedule in words"))

        self.repeat.currentIndexChanged.connect(self._on_repeat)
        self.interval.valueChanged.connect(self._update)
        self.ordinal.currentIndexChanged.connect(self._update)
        self.month_day.currentIndexChanged.connect(self._update)
        self.start.dateChanged.connect(self._update)
        for box in self.day_boxes:
            box.toggled.connect(self._update)
        self._form: QFormLayout | None = None

    @staticmethod
    def _weekday_boxes(parent: QWidget) -> tuple[QWidget, list[QCheckBox]]:
        box = QWidget(parent)
        box.setAccessibleName(tr("Meeting days"))
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        checks: list[QCheckBox] = []
        for short, full in zip(short_day_names(), day_names(), strict=True):
            check = QCheckBox(short)
            check.setAccessibleName(full)
            # Never narrower than its text: the row widens the dialog instead of showing
            # "Mo", "We" (issue 16 defect 6).
            check.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            checks.append(check)
            row.addWidget(check)
        row.addStretch(1)
        return box, checks

    @staticmethod
    def _monthly(parent: QWidget) -> tuple[QWidget, QComboBox, QComboBox]:
        box = QWidget(parent)
        box.setAccessibleName(tr("Which weekday of the month"))
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        ordinal = QComboBox()
        ordinal.setAccessibleName(tr("Which one in the month"))
        for number in ORDINALS:
            ordinal.addItem(ordinal_names()[number], number)
        day = QComboBox()
        day.setAccessibleName(tr("Weekday of the month"))
        for index, name in enumerate(day_names()):
            day.addItem(name, index)
        row.addWidget(ordinal)
        row.addWidget(day)
        row.addStretch(1)
        return box, ordinal, day

    def add_to(self, form: QFormLayout) -> None:
        """Put the fields in ``form``, each with its label (and mnemonic)."""
        self._form = form
        rows: list[tuple[str, QWidget]] = [
            (tr("&Repeats:"), self.repeat),
            (tr("&On:"), self.days_box),
            (tr("E&very:"), self.interval),
            (tr("On &the:"), self.monthly_box),
            (tr("Rule:"), self.custom),
            (tr("First &meeting:"), self.start),
            ("", self.preview),
        ]
        buddies = {self.days_box: self.day_boxes[0], self.monthly_box: self.ordinal}
        for text, field in rows:
            if not text:
                form.addRow(field)
                continue
            label = QLabel(text)
            label.setBuddy(buddies.get(field, field))
            form.addRow(label, field)
        self._on_repeat()

    # -- values -----------------------------------------------------------------------
    def set_schedule(self, rule: str, start: dt.date | None) -> None:
        choice = parse_rule(rule)
        self._custom_rule = choice.rule
        if choice.repeat is Repeat.CUSTOM and self.repeat.findData(Repeat.CUSTOM) < 0:
            self.repeat.addItem(tr("Custom rule (kept as it is)"), Repeat.CUSTOM)
        self.custom.setText(choice.rule)
        for index, box in enumerate(self.day_boxes):
            box.setChecked(index in choice.weekdays and choice.repeat is not Repeat.MONTHLY)
        if choice.repeat is Repeat.EVERY_N_WEEKS:
            self.interval.setValue(choice.interval)
        if choice.repeat is Repeat.MONTHLY:
            self.ordinal.setCurrentIndex(self.ordinal.findData(choice.ordinal))
            self.month_day.setCurrentIndex(choice.weekdays[0])
        if start is not None:
            self.start.setDate(_qdate(start))
        self.repeat.setCurrentIndex(self.repeat.findData(choice.repeat))
        self._on_repeat()

    def choice(self) -> ScheduleChoice:
        repeat = self.repeat.currentData()
        assert isinstance(repeat, Repeat)
        if repeat is Repeat.MONTHLY:
            return ScheduleChoice(
                repeat, (self.month_day.currentIndex(),), ordinal=self.ordinal.currentData()
            )
        checked = tuple(i for i, box in enumerate(self.day_boxes) if box.isChecked())
        return ScheduleChoice(repeat, checked, self.interval.value(), rule=self._custom_rule)

    def rule(self) -> str:
        """The rule chosen ("" for none); InvalidInput when it is incomplete."""
        return build_rule(self.choice())

    def start_date(self) -> dt.date | None:
        """The first meeting's date, when the group has a schedule."""
        if self.choice().repeat is Repeat.NONE:
            return None
        return self.start_day()

    def start_day(self) -> dt.date:
        qdate = self.start.date()
        return dt.date(qdate.year(), qdate.month(), qdate.day())

    # -- what is shown ----------------------------------------------------------------
    def _on_repeat(self) -> None:
        repeat = self.repeat.currentData()
        if self._form is not None:
            weekly = repeat in (Repeat.WEEKLY, Repeat.EVERY_N_WEEKS)
            self._form.setRowVisible(self.days_box, weekly)
            self._form.setRowVisible(self.interval, repeat is Repeat.EVERY_N_WEEKS)
            self._form.setRowVisible(self.monthly_box, repeat is Repeat.MONTHLY)
            self._form.setRowVisible(self.custom, repeat is Repeat.CUSTOM)
            self._form.setRowVisible(self.start, repeat is not Repeat.NONE)
        self._update()

    def _update(self) -> None:
        self.preview.setText(self.preview_text())
        self.preview.setAccessibleDescription(self.preview.text())
        self.changed.emit()

    def preview_text(self) -> str:
        try:
            rule = self.rule()
        except InvalidInput as exc:
            return exc.message
        if not rule:
            return tr("No regular schedule: add each session by hand.")
        start = self.start_day()
        dates = ", ".join(weekday_date_text(d) for d in next_dates(rule, start, self.today))
        if not dates:
            return schedule_words(rule)
        return tr("%1. Next: %2").replace("%1", schedule_words(rule)).replace("%2", dates)
