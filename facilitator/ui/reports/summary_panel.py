"""The Reports page's anonymised summary: choose, preview what will be hidden, export.

A person picks a group (or all), the period, the smallest count to show (K, 11 by
default), whether to list session topics, and PDF or CSV.  "Preview" builds the very
report the export writes (off the GUI thread) and shows its table by month, with
every hidden cell marked "<11" (one mark, whatever the reason it is hidden).
"Export…" asks where to write, then builds, checks (the leak guard) and writes the
file on the vault's job thread.  A refusal says where (a group by its number, a topic
by its session's date, or the rest of the text) and what kind of identifier was
found, never the value; when it was a topic, "Leave that topic out and export again"
writes the same summary without that session's topic.

The panel only ever holds the anonymised report, never a member record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.app import Services
from facilitator.domain import GroupRecord
from facilitator.domain.summary import NOT_COUNTED, Measure, MonthKey, SummaryReport
from facilitator.errors import LeakFound, UserFacingError
from facilitator.services.summary import (
    DEFAULT_K,
    MAX_K,
    MIN_K,
    GroupLabels,
    Preset,
    SummaryFormat,
    SummaryOptions,
    SummaryPrinted,
    SummaryWritten,
)
from facilitator.ui.kit.dates import DateStyle, date_format, date_text, month_text
from facilitator.ui.kit.printing import (
    AskPrinter,
    OpenFile,
    PrintFailed,
    ask_with_dialog,
    new_printer,
    open_with_system,
    paint_pdf,
)
from facilitator.ui.plumbing.backend import Backend, full_message

AnyIndex = QModelIndex | QPersistentModelIndex
ALL = -1  # the group box's data for "All groups"
CUSTOM = ""  # the period box's data for "Custom"


def _preset_titles(tr: Any) -> dict[Preset, str]:
    return {
        Preset.THIS_MONTH: tr("This month"),
        Preset.LAST_MONTH: tr("Last month"),
        Preset.THIS_QUARTER: tr("This quarter"),
        Preset.LAST_QUARTER: tr("Last quarter"),
        Preset.YEAR_TO_DATE: tr("Year to date"),
        Preset.LAST_12_MONTHS: tr("Last 12 months"),
    }


HIDDEN_FILL = QColor("#fff1c2")
HIDDEN_INK = QColor("#5a4500")


def _measure_titles(tr: Any) -> dict[Measure, str]:
    return {
        Measure.SESSIONS_HELD: tr("Sessions held"),
        Measure.SESSIONS_CANCELLED: tr("Cancelled"),
        Measure.ATTENDANCES: tr("Members present"),
        Measure.AVERAGE_ATTENDANCE: tr("Average per session"),
        Measure.GUESTS: tr("Guests"),
        Measure.DIFFERENT_PEOPLE: tr("Different people"),
        Measure.CAME_ONCE: tr("Came once"),
        Measure.CAME_2_TO_3: tr("Came 2-3 times"),
        Measure.CAME_4_PLUS: tr("Came 4+ times"),
        Measure.NEWCOMERS: tr("New to the group"),
        Measure.FOLLOW_UPS_OPENED: tr("Follow-ups opened"),
        Measure.FOLLOW_UPS_COMPLETED: tr("Follow-ups done"),
    }


class PreviewModel(QAbstractTableModel):
    """One table of a report: a row per month and the whole period, a column per
    measure, exactly as it will print; hidden cells are shaded and say why."""

    ORDER = (
        Measure.SESSIONS_HELD,
        Measure.SESSIONS_CANCELLED,
        Measure.ATTENDANCES,
        Measure.AVERAGE_ATTENDANCE,
        Measure.GUESTS,
        Measure.DIFFERENT_PEOPLE,
        Measure.CAME_ONCE,
        Measure.CAME_2_TO_3,
        Measure.CAME_4_PLUS,
        Measure.NEWCOMERS,
        Measure.FOLLOW_UPS_OPENED,
        Measure.FOLLOW_UPS_COMPLETED,
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._report: SummaryReport | None = None
        self._group: int | None = None
        self._titles = _measure_titles(self.tr)

    def show(self, report: SummaryReport | None, group: int | None) -> None:
        self.beginResetModel()
        self._report, self._group = report, group
        self.endResetModel()

    @property
    def _rows(self) -> tuple[MonthKey, ...]:
        return self._report.rows if self._report else ()

    def text(self, row: int, column: int) -> str:
        """What the cell shows (for tests and the accessible text)."""
        return str(self.data(self.index(row, column)))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ORDER) + 1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        report = self._report
        if report is None or not index.isValid():
            return None
        month = self._rows[index.row()]
        if index.column() == 0:
            return self._month_data(month, role)
        cell = report.cell(self._group, month, self.ORDER[index.column() - 1])
        value: Any = None
        if cell is NOT_COUNTED and role in (
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            value = self.tr("Counted for the whole period only")
        elif role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            value = cell.text
        elif role == Qt.ItemDataRole.TextAlignmentRole:
            value = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif cell.suppressed and role == Qt.ItemDataRole.BackgroundRole:
            value = QBrush(HIDDEN_FILL)
        elif cell.suppressed and role == Qt.ItemDataRole.ForegroundRole:
            value = QBrush(HIDDEN_INK)
        elif cell.suppressed and role == Qt.ItemDataRole.ToolTipRole:
            value = self._why(report, cell.text)
        return value

    def _month_data(self, month: MonthKey, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return month or self.tr("Whole period")
        if role == Qt.ItemDataRole.FontRole and month is None:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _why(self, report: SummaryReport, text: str) -> str:
        """One explanation for every hidden cell: the mark does not say why it is hidden
        (two marks would tell which hidden counts are small)."""
        why = self.tr(
            "Hidden: a count from 1 to %1, or a value hidden so that no small count can be "
            "worked out from this or earlier summaries. Prints as %2."
        )
        return why.replace("%1", str(report.k - 1)).replace("%2", text)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return self.tr("Month")
        measure = self.ORDER[section - 1]
        if measure.monthly:
            return self._titles[measure]
        # Counts of people are printed for the whole period only: their month cells
        # are empty, and the heading says why.
        return self.tr("%1\n(whole period)").replace("%1", self._titles[measure])


class SummaryPanel(QGroupBox):
    """The anonymised summary box of the Reports page.

    ``ask_printer`` (Qt's print dialog) and ``open_file`` (the system's viewer) are
    attributes, replaced in tests."""

    exported = Signal()  # a summary was written or printed (recorded in the export ledger)

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.ask_printer: AskPrinter = ask_with_dialog
        self.open_file: OpenFile = open_with_system
        self._presets: dict[Preset, tuple[dt.date, dt.date]] = {}
        self._last_ended: dt.date | None = None
        self._saved: Path | None = None
        self._working = False
        self._report: SummaryReport | None = None
        self._export_job: Callable[[Services, frozenset[int]], SummaryWritten] | None = None
        self._left_out: frozenset[int] = frozenset()  # sessions whose topics are left out
        self._refused_session: int | None = None
        title = self.tr("Anonymised summary for a funder")
        self.setTitle(title)
        self.setAccessibleName(title)

        explain = QLabel(
            self.tr(
                "Numbers per group and month with nobody identifiable: no names, contact "
                "details or dates of individuals; small counts hidden; topics only if you "
                "ask, with names removed; notes never. Preview shows which numbers will be "
                "hidden before anything is written."
            )
        )
        explain.setWordWrap(True)
        explain.setAccessibleName(self.tr("What an anonymised summary holds"))
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(self._choices())
        layout.addWidget(self.in_progress)
        layout.addLayout(self._buttons())
        self._preview_area(layout)
        for signal in (
            self.group.currentIndexChanged,
            self.start.dateChanged,
            self.end.dateChanged,
            self.k.valueChanged,
            self.topics.toggled,
            self.numbered.toggled,
        ):
            signal.connect(self._options_changed)
        self.start.dateChanged.connect(self._dates_typed)
        self.end.dateChanged.connect(self._dates_typed)
        self.preset.currentIndexChanged.connect(self._preset_chosen)

    def _choices(self) -> QFormLayout:
        self.group = QComboBox()
        self.group.setAccessibleName(self.tr("Group to summarise"))
        self.preset = self._preset_box()
        self.start = self._date_edit(self.tr("First day of the period"))
        self.end = self._date_edit(self.tr("Last day of the period"))
        self.k = QSpinBox()
        self.k.setRange(MIN_K, MAX_K)
        self.k.setValue(DEFAULT_K)
        self.k.setAccessibleName(self.tr("Smallest count shown"))
        self.k.setToolTip(
            self.tr("Counts from 1 to one less than this are hidden (11 is the usual rule).")
        )
        self.topics = QCheckBox(self.tr("Include session &topics (names and contacts removed)"))
        self.topics.setAccessibleName(self.tr("Include session topics"))
        self.numbered = QCheckBox(
            self.tr("&Number the groups (Group 1, 2, …) instead of naming them")
        )
        self.numbered.setAccessibleName(self.tr("Number the groups instead of naming them"))
        self.pdf = QRadioButton(self.tr("&PDF, to read or print"))
        self.pdf.setAccessibleName(self.tr("Export as PDF"))
        self.csv = QRadioButton(self.tr("&CSV, for a spreadsheet"))
        self.csv.setAccessibleName(self.tr("Export as CSV"))
        self.pdf.setChecked(True)
        formats = QButtonGroup(self)
        formats.addButton(self.pdf)
        formats.addButton(self.csv)
        period = QHBoxLayout()
        period.addWidget(self.preset)
        period.addWidget(self.start)
        to = QLabel(self.tr("to"))
        to.setAccessibleName(self.tr("to"))
        period.addWidget(to)
        period.addWidget(self.end)
        period.addStretch(1)
        kinds = QHBoxLayout()
        kinds.addWidget(self.pdf)
        kinds.addWidget(self.csv)
        kinds.addStretch(1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.group.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        form.addRow(self._label(self.tr("&Group:"), self.group), self.group)
        form.addRow(self._label(self.tr("Peri&od:"), self.preset), period)
        self.in_progress = QLabel()
        self.in_progress.setWordWrap(True)
        self.in_progress.setAccessibleName(self.tr("Why this period cannot be exported yet"))
        self.in_progress.setVisible(False)
        form.addRow(self._label(self.tr("&Smallest count shown:"), self.k), self.k)
        form.addRow("", self.topics)
        form.addRow("", self.numbered)
        form.addRow(self._label(self.tr("Format:"), self.pdf), kinds)
        return form

    def _preset_box(self) -> QComboBox:
        """The named periods; choosing one fills the dates."""
        box = QComboBox()
        box.setAccessibleName(self.tr("Period"))
        for preset, text in _preset_titles(self.tr).items():
            box.addItem(text, preset.value)
        box.addItem(self.tr("Custom"), CUSTOM)
        box.setToolTip(
            self.tr(
                "This month, this quarter and the year to date can be previewed now and "
                "exported or printed once their last month has ended."
            )
        )
        return box

    def _buttons(self) -> QHBoxLayout:
        self.preview_button = QPushButton(self.tr("Pre&view"))
        self.preview_button.setAccessibleName(self.tr("Preview the summary"))
        self.preview_button.clicked.connect(self.preview)
        self.export_button = QPushButton(self.tr("E&xport summary…"))
        self.export_button.setAccessibleName(self.tr("Export the anonymised summary"))
        self.export_button.clicked.connect(self.export)
        self.print_button = QPushButton(self.tr("Pr&int…"))
        self.print_button.setAccessibleName(self.tr("Print the anonymised summary"))
        self.print_button.setToolTip(
            self.tr("Print the summary as its PDF: recorded as published, like an export.")
        )
        self.print_button.clicked.connect(self.print_summary)
        self.open_button = QPushButton(self.tr("Open the saved summar&y"))
        self.open_button.setAccessibleName(self.tr("Open the saved summary"))
        self.open_button.clicked.connect(self.open_saved)
        self.open_button.setVisible(False)
        self.leave_out_button = QPushButton(self.tr("&Leave that topic out and export again"))
        self.leave_out_button.setAccessibleName(
            self.tr("Leave the refused topic out and export again")
        )
        self.leave_out_button.clicked.connect(self.leave_topic_out)
        self.leave_out_button.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.leave_out_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        return buttons

    def _preview_area(self, layout: QVBoxLayout) -> None:
        self.table_choice = QComboBox()
        self.table_choice.setAccessibleName(self.tr("Table to preview"))
        self.table_choice.currentIndexChanged.connect(self._show_table)
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Preview of the summary table"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(self.table.fontMetrics().height() * 16)
        self.hidden = QLabel()
        self.hidden.setWordWrap(True)
        self.hidden.setAccessibleName(self.tr("How many numbers will be hidden"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Summary result"))
        choice_row = QHBoxLayout()
        shown = QLabel(self.tr("Previe&w table:"))
        shown.setBuddy(self.table_choice)
        choice_row.addWidget(shown)
        choice_row.addWidget(self.table_choice, 1)
        layout.addLayout(choice_row)
        layout.addWidget(self.hidden)
        layout.addWidget(self.table)
        layout.addWidget(self.status)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(date_format(DateStyle.PLAIN))
        edit.setAccessibleName(name)
        return edit

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    # -- choices -----------------------------------------------------------------------
    def activate(self) -> None:
        """Read the groups, the named periods' dates and the default period (the year
        to date, this month included: a new vault shows its first month)."""

        def job(services: Services) -> _Choices:
            groups = services.roster.groups(include_archived=True)
            presets = {preset: services.summary.preset_period(preset) for preset in Preset}
            return groups, presets, services.summary.last_ended_day()

        self.backend.call(job, self._show_choices, context=self)

    def _show_choices(self, found: _Choices) -> None:
        groups, self._presets, self._last_ended = found
        start, end = self._presets[DEFAULT_PRESET]
        chosen = self.group.currentData()
        first = self.group.count() == 0
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItem(self.tr("All groups"), ALL)
        for group in groups:
            label = group.name
            if group.archived:
                label = self.tr("%1 (archived)").replace("%1", group.name)
            self.group.addItem(label, group.id)
        at = self.group.findData(chosen) if chosen is not None else 0
        self.group.setCurrentIndex(max(at, 0))
        self.group.blockSignals(False)
        if first:
            self.preset.setCurrentIndex(self.preset.findData(DEFAULT_PRESET.value))
            self._set_period(start, end)
            self.preview()
        self._period_checked()

    # -- the period --------------------------------------------------------------------
    def _set_period(self, start: dt.date, end: dt.date) -> None:
        for edit, day in ((self.start, start), (self.end, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        self._options_changed()
        self._period_checked()

    def _preset_chosen(self) -> None:
        """A named period fills the dates (Custom leaves them as they are)."""
        data = self.preset.currentData()
        if data and Preset(data) in self._presets:
            self._set_period(*self._presets[Preset(data)])

    def _dates_typed(self) -> None:
        """Dates typed or picked: the period is a custom one, unless they are a preset's."""
        period = self.period()
        named = next((p for p, dates in self._presets.items() if dates == period), None)
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.findData(named.value if named else CUSTOM))
        self.preset.blockSignals(False)
        self._period_checked()

    def publishable(self) -> bool:
        """True when the period's months have all ended: only then is it published."""
        last = self._last_ended
        return last is not None and self.period()[1] <= last

    def _period_checked(self) -> None:
        """Export and Print only for whole months that have ended; say why otherwise."""
        last = self._last_ended
        allowed = self.publishable()
        self.export_button.setEnabled(allowed and not self._working)
        self.print_button.setEnabled(allowed and not self._working)
        self.in_progress.setVisible(last is not None and not allowed)
        if last is not None and not allowed:
            this_month = last + dt.timedelta(days=1)
            self.in_progress.setText(
                self.tr(
                    "This period includes %1, a month still going on: Preview shows it so "
                    "far; it can be exported or printed from %2. A published summary counts "
                    "whole months only, so that two summaries can never be subtracted to "
                    "show a few days. To export now, choose Last month, Last quarter, Last "
                    "12 months or an end before %1."
                )
                .replace("%1", month_text(this_month))
                .replace("%2", date_text(_month_after(this_month)))
            )

    def group_id(self) -> int | None:
        data = self.group.currentData()
        return None if data in (None, ALL) else int(data)

    def period(self) -> tuple[dt.date, dt.date]:
        return self.start.date().toPython(), self.end.date().toPython()  # type: ignore[return-value]

    def labels(self) -> GroupLabels:
        return GroupLabels.NUMBERS if self.numbered.isChecked() else GroupLabels.NAMES

    def chosen_format(self) -> SummaryFormat:
        return SummaryFormat.CSV if self.csv.isChecked() else SummaryFormat.PDF

    def _options_changed(self) -> None:
        self._offer_leave_out(None)
        if self._report is not None:
            self.hidden.setText(
                self.tr("The choices have changed: press Preview to see the new table.")
            )

    # -- preview -----------------------------------------------------------------------
    def preview(self) -> None:
        group, (start, end) = self.group_id(), self.period()
        k, topics, labels = self.k.value(), self.topics.isChecked(), self.labels()

        def job(services: Services) -> SummaryReport:
            return services.summary.build(
                SummaryOptions(
                    group_id=group, start=start, end=end, k=k, include_topics=topics, labels=labels
                ),
                month_in_progress=True,
            )

        self.hidden.setText(self.tr("Preparing the preview…"))
        # Choices changed and Preview pressed again meanwhile: only the newest is shown.
        self.backend.latest(
            "preview", job, self._show_report, context=self, failed=self._preview_failed
        )

    def _show_report(self, report: SummaryReport) -> None:
        self._report = report
        self.table_choice.blockSignals(True)
        self.table_choice.clear()
        for group in report.groups:
            self.table_choice.addItem(group.name or self.tr("All groups"), group.id)
        self.table_choice.blockSignals(False)
        self._show_table()
        counted = report.count_cells
        text = self.tr(
            "In the whole summary %1 of %2 numbers will be hidden, each shown as %3: every "
            "count from 1 to %4, and others where needed so that no small count can be "
            "worked out, from this summary or together with those already published."
        )
        text = (
            text.replace("%1", str(report.suppressed_count))
            .replace("%2", str(counted))
            .replace("%3", f"<{report.k}")
            .replace("%4", str(report.k - 1))
        )
        if report.already_published:
            # Earlier summaries already narrowed these (a month's counts of people after
            # a longer summary held that month, for one): say so, never which.
            text += " " + self.tr(
                "%1 of the hidden small counts could already be narrowed from summaries "
                "published before; they stay hidden, but this summary cannot protect them "
                "any more."
            ).replace("%1", str(len(report.already_published)))
        self.hidden.setText(text)

    def _preview_failed(self, exc: UserFacingError) -> None:
        self.hidden.setText(full_message(exc))

    def _show_table(self) -> None:
        report = self._report
        if report is None:
            self.model.show(None, None)
            return
        data = self.table_choice.currentData()
        self.model.show(report, data if isinstance(data, int) else None)

    # -- export ------------------------------------------------------------------------
    def export(self) -> None:
        group, (start, end) = self.group_id(), self.period()
        k, topics, fmt = self.k.value(), self.topics.isChecked(), self.chosen_format()
        labels = self.labels()
        suffix = f".{fmt.value}"
        suggested = Path.home() / (
            f"attendance-summary-{start.isoformat()}-to-{end.isoformat()}{suffix}"
        )
        filters = (
            self.tr("CSV files (*.csv)")
            if fmt is SummaryFormat.CSV
            else self.tr("PDF files (*.pdf)")
        )
        path = self.backend.messages.choose_save_file(
            self, self.tr("Export the anonymised summary"), suggested, filters
        )
        if path is None:
            return
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)

        def job(services: Services, left_out: frozenset[int]) -> SummaryWritten:
            return services.summary.export(
                path,
                SummaryOptions(
                    format=fmt,
                    group_id=group,
                    start=start,
                    end=end,
                    k=k,
                    include_topics=topics,
                    labels=labels,
                    leave_out_sessions=left_out,
                ),
            )

        self._export_job = job
        self._left_out = frozenset()
        self._run_export(path)

    def leave_topic_out(self) -> None:
        """Export again, as last asked, without the topic of the session refused last."""
        if self._export_job is None or self._refused_session is None:
            return
        self._left_out = self._left_out | {self._refused_session}
        self._run_export(None)

    def _run_export(self, path: Path | None) -> None:
        job = self._export_job
        if job is None:
            return
        self._offer_leave_out(None)
        text = self.tr("Writing %1…").replace("%1", path.name) if path else self.tr("Writing…")
        self._busy(True, text)
        left_out = self._left_out  # read here, on the GUI thread, not by the job
        self.backend.call(
            lambda services: job(services, left_out),
            self._written,
            context=self,
            failed=self._failed,
        )

    def _written(self, written: SummaryWritten) -> None:
        if written.format is SummaryFormat.PDF:
            text = self.tr("Wrote %1 (%2 pages, readable by you only); %3 of %4 numbers hidden.")
            text = text.replace("%2", str(written.pages))
        else:
            text = self.tr("Wrote %1 (readable by you only); %3 of %4 numbers hidden.")
        text = (
            text.replace("%1", str(written.path))
            .replace("%3", str(written.hidden_cells))
            .replace("%4", str(written.count_cells))
        )
        if self._left_out:
            left = self.tr("Topics left out: %1.").replace("%1", str(len(self._left_out)))
            text = f"{text}\n{left}"
        self._busy(False, text)
        self._saved = written.path
        self.open_button.setVisible(True)
        self.exported.emit()

    def _failed(self, exc: UserFacingError) -> None:
        """The refusal as the service worded it: where (a group by its number, a topic by
        its session's date, the rest) and what kind of identifier, never the value; for
        a topic, the offer to leave it out."""
        self._busy(False, full_message(exc))
        refused = exc.session_id if isinstance(exc, LeakFound) else None
        self._offer_leave_out(refused)

    def _offer_leave_out(self, session_id: int | None) -> None:
        self._refused_session = session_id
        self.leave_out_button.setVisible(session_id is not None)
        if session_id is not None:
            self.leave_out_button.setFocus()

    def _busy(self, busy: bool, text: str) -> None:
        self._working = busy
        self.preview_button.setEnabled(not busy)
        self._period_checked()
        self.status.setText(text)

    # -- print and open ------------------------------------------------------------------
    def print_summary(self) -> None:
        """Ask which printer, then publish the summary (audited, checked, recorded in the
        export ledger as an export is: a print is a publication) and print its PDF from
        memory: no file is written."""
        if not self.publishable():
            return
        printer = new_printer()
        printer.setDocName(self.tr("Attendance summary"))
        if not self.ask_printer(printer, self.window()):
            return
        group, (start, end) = self.group_id(), self.period()
        options = SummaryOptions(
            group_id=group,
            start=start,
            end=end,
            k=self.k.value(),
            include_topics=self.topics.isChecked(),
            labels=self.labels(),
        )
        self._export_job = None  # "leave that topic out" applies to a saved export only
        self._offer_leave_out(None)
        self._busy(True, self.tr("Preparing the summary for the printer…"))

        def printed(result: SummaryPrinted) -> None:
            try:
                pages = paint_pdf(result.data, printer)
            except PrintFailed as exc:
                failure = self.tr("The summary was not printed: %1").replace("%1", str(exc))
                self._busy(False, failure)
                self.exported.emit()  # recorded as published all the same (the safe side)
                return
            text = self.tr("Sent %1 pages to the printer; %2 of %3 numbers hidden.")
            self._busy(
                False,
                text.replace("%1", str(pages))
                .replace("%2", str(result.hidden_cells))
                .replace("%3", str(result.count_cells)),
            )
            self.exported.emit()

        self.backend.call(
            lambda services: services.summary.publish_for_print(options),
            printed,
            context=self,
            # A refusal says why; leaving a topic out is offered for a saved export.
            failed=lambda exc: self._busy(False, full_message(exc)),
        )

    def open_saved(self) -> None:
        """Open the file saved last in the computer's own viewer (a local file)."""
        if self._saved is None:
            return
        if not self.open_file(self._saved):
            self.status.setText(
                self.tr("No program on this computer opened the file; open it from its folder.")
            )


_Choices = tuple[list[GroupRecord], dict[Preset, tuple[dt.date, dt.date]], dt.date]
DEFAULT_PRESET = Preset.YEAR_TO_DATE  # facilitator.defaults.DEFAULT_PERIOD


def _month_after(first: dt.date) -> dt.date:
    """The first day of the month after the one that starts on ``first``."""
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


__all__ = ["PreviewModel", "SummaryPanel"]
