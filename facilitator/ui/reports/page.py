"""The Reports page: the anonymised summary for a funder, backups, bringing people in
from a spreadsheet, and taking everything out.

- The anonymised summary (:mod:`facilitator.ui.reports.summary_panel`): choose the
  groups and months, preview which counts will be hidden, export PDF or CSV.
- What you have published (:mod:`facilitator.ui.reports.published_panel`): every summary
  written from this vault, which each new one is checked against, and clearing
  that record behind a plain warning.
- Backups: when the last good one was made, where automatic ones go, and
  "Back up now…" (:mod:`facilitator.ui.reports.backup_now`).
- Import a roster from a CSV file (all or nothing; see the README's CSV format),
  optionally into a group, created if it does not exist.
- Import a Facilitator bundle (a full export from this or another vault).
- Export everything as a readable bundle, after saying plainly what that means.

Files are read and written on the vault's job thread, never on the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator.app import Services
from facilitator.domain import GroupRecord
from facilitator.domain.changes import EVERYTHING, Change
from facilitator.errors import InvalidInput, UserFacingError
from facilitator.services.backups import BackupStatus
from facilitator.services.bundle import CONFIDENTIALITY_NOTICE, BundleSummary
from facilitator.services.importer import RosterImportReport
from facilitator.ui.dialogs.roster_preview import encoding_labels
from facilitator.ui.kit.backup_words import automatic_text, backup_file_text, last_backup_text
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend, full_message
from facilitator.ui.plumbing.page import Page
from facilitator.ui.reports.backup_now import BackupNow
from facilitator.ui.reports.published_panel import PublishedPanel
from facilitator.ui.reports.sheets_box import SheetsBox
from facilitator.ui.reports.summary_panel import SummaryPanel


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path.name} could not be read: {exc.strerror}.") from None


class ReportsPage(Page):
    # What the page shows: the summary, what was published, the groups and the backups.
    kinds = EVERYTHING & ~(Change.NOTES | Change.FOLLOW_UPS)

    backup_status_changed = Signal(object)  # BackupStatus, read again or after a backup

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(backend, privacy, parent)
        self.setAccessibleName(self.tr("Reports"))
        self._groups: list[GroupRecord] = []
        self.backup_status: BackupStatus | None = None

        title = QLabel(self.tr("Reports, imports and exports"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.5)
        title.setFont(font)
        title.setAccessibleName(self.tr("Reports, imports and exports"))

        self.roster_group = QComboBox()
        self.roster_group.setAccessibleName(self.tr("Group the imported people join"))
        self.roster_group.setEditable(True)
        self.import_roster_button = self._button(
            self.tr("Import a &roster (CSV)…"),
            self.tr("Import a roster from a CSV file"),
            self.import_roster,
        )
        roster_box = self._box(
            self.tr("Bring people in from a spreadsheet"),
            self.tr(
                "Save the sheet as CSV with a header row (first_name is required; "
                "last_name, preferred_name, pronouns, phone, email, emergency_contact, "
                "date_joined may follow). Everyone is added, or — if any row is wrong — "
                "nobody, and the message says which row to fix. People already in the "
                "vault are not added twice."
            ),
            self.import_roster_button,
        )
        group_label = QLabel(self.tr("&Join the group (optional, created if new):"))
        group_label.setBuddy(self.roster_group)
        box_layout = roster_box.layout()
        assert isinstance(box_layout, QVBoxLayout)
        box_layout.insertWidget(1, group_label)
        box_layout.insertWidget(2, self.roster_group)

        backup_box = self._backup_box()

        self.import_bundle_button = self._button(
            self.tr("Import a &bundle…"),
            self.tr("Import a Facilitator bundle"),
            self.import_bundle,
        )
        bundle_box = self._box(
            self.tr("Bring in a full export"),
            self.tr(
                "A bundle written by “Export everything” (here or on another computer) is "
                "added to this vault: all of it, or nothing if anything in it is wrong."
            ),
            self.import_bundle_button,
        )
        self.export_button = self._button(
            self.tr("&Export everything…"),
            self.tr("Export everything as a readable file"),
            self.export_everything,
        )
        export_box = self._box(
            self.tr("Take everything out"),
            self.tr(
                "Writes every group, person, attendance mark, note and follow-up to one "
                "file that is NOT encrypted — anyone who gets the file can read it. Use it "
                "to move to another computer, and delete it as soon as you are done."
            ),
            self.export_button,
        )

        self.status = self._status_label()

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 12, 16, 16)
        column.setSpacing(14)
        column.addWidget(title)
        self._panels(column)
        for box in (backup_box, roster_box, bundle_box, export_box):
            row = QHBoxLayout()
            row.addWidget(box, 3)
            row.addStretch(1)
            column.addLayout(row)
        column.addWidget(self.status)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.setAccessibleName(self.tr("Reports"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._buttons = (self.import_roster_button, self.import_bundle_button, self.export_button)
        self._tab_order()

    def focus_chain(self) -> list[QWidget]:
        """The page's controls in the order Tab visits them: the order they are on the
        screen, top to bottom, left to right (issue 16 defect 16: the roster's group box
        came after its own Import button, as the widgets were made)."""
        summary, published, sheets = self.summary, self.published, self.sheets
        return [
            sheets.group,
            sheets.date,
            sheets.print_button,
            sheets.save_button,
            sheets.open_button,
            summary.group,
            summary.preset,
            summary.start,
            summary.end,
            summary.k,
            summary.topics,
            summary.numbered,
            summary.pdf,
            summary.csv,
            summary.preview_button,
            summary.export_button,
            summary.print_button,
            summary.leave_out_button,
            summary.open_button,
            summary.table_choice,
            summary.table,
            published.table,
            published.clear_button,
            self.back_up_button,
            self.roster_group,
            self.import_roster_button,
            self.import_bundle_button,
            self.export_button,
        ]

    def _tab_order(self) -> None:
        chain = self.focus_chain()
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _panels(self, column: QVBoxLayout) -> None:
        """The sign-in sheets, the anonymised summary, and what has been published
        (refreshed on activate)."""
        self.sheets = SheetsBox(self.backend, self.privacy)
        sheets_row = QHBoxLayout()
        sheets_row.addWidget(self.sheets, 3)
        sheets_row.addStretch(1)
        column.addLayout(sheets_row)
        self.summary = SummaryPanel(self.backend)
        self.published = PublishedPanel(self.backend)
        column.addWidget(self.summary)
        column.addWidget(self.published)
        self.summary.exported.connect(self.published.refresh)

    def _backup_box(self) -> QGroupBox:
        self.backup_now = BackupNow(self.backend, self)
        self.backup_now.status_changed.connect(self._backup_read)
        self.back_up_button = self._button(
            self.tr("Back &up now…"), self.tr("Back up now"), self.back_up
        )
        self.backup_now.running_changed.connect(
            lambda running: self.back_up_button.setEnabled(not running)
        )
        box = self._box(
            self.tr("Backups"),
            self.tr(
                "A backup is one encrypted file that opens with your passphrase alone, on "
                "any computer. Keep one on a USB stick or another drive, away from this "
                "laptop."
            ),
            self.back_up_button,
        )
        self.last_backup = QLabel()
        self.last_backup.setWordWrap(True)
        self.last_backup.setAccessibleName(self.tr("Last good backup"))
        self.backup_file = QLabel()
        self.backup_file.setWordWrap(True)
        self.backup_file.setAccessibleName(self.tr("Last backup file"))
        self.automatic_backup = QLabel()
        self.automatic_backup.setWordWrap(True)
        self.automatic_backup.setAccessibleName(self.tr("Automatic backup"))
        font = self.last_backup.font()
        font.setBold(True)
        self.last_backup.setFont(font)
        layout = box.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.last_backup)
        layout.insertWidget(1, self.backup_file)
        layout.insertWidget(2, self.automatic_backup)
        return box

    def _status_label(self) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setAccessibleName(self.tr("Result"))
        return label

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    def _box(self, title: str, text: str, button: QPushButton) -> QGroupBox:
        box = QGroupBox(title)
        box.setAccessibleName(title)
        layout = QVBoxLayout(box)
        explain = QLabel(text)
        explain.setWordWrap(True)
        explain.setAccessibleName(title)
        layout.addWidget(explain)
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    # -- reading -----------------------------------------------------------------
    def activate(self) -> None:
        self.summary.activate()
        self.published.refresh()
        self.backend.call(lambda s: s.roster.groups(), self._show_groups, context=self)
        self.backend.call(lambda s: s.backups.status(), self._backup_read, context=self)

    # -- backups -------------------------------------------------------------------
    def show_backup_status(self, status: BackupStatus) -> None:
        """Show when the last good backup was made and where automatic ones go."""
        self.backup_status = status
        self.last_backup.setText(last_backup_text(status))
        self.backup_file.setText(backup_file_text(status))
        self.backup_file.setVisible(bool(self.backup_file.text()))
        self.automatic_backup.setText(automatic_text(status))

    def _backup_read(self, status: BackupStatus) -> None:
        self.show_backup_status(status)
        self.backup_status_changed.emit(status)

    def back_up(self) -> None:
        """Back up now: choose a file, write it, verify it, say so."""
        folder = self.backup_status.settings.folder if self.backup_status else None
        self.backup_now.start(folder)

    def _show_groups(self, groups: list[GroupRecord]) -> None:
        self._groups = groups
        self.sheets.show_groups(groups)
        typed = self.roster_group.currentText()
        self.roster_group.clear()
        self.roster_group.addItem("")
        self.roster_group.addItems([g.name for g in groups])
        self.roster_group.setCurrentText(typed)

    def _busy(self, busy: bool, text: str = "") -> None:
        for button in self._buttons:
            button.setEnabled(not busy)
        if text:
            self.status.setText(text)

    def _failed(self, exc: UserFacingError) -> None:
        self._busy(False, full_message(exc))

    # -- import ------------------------------------------------------------------
    def import_roster(self) -> None:
        path = self.backend.messages.choose_open_file(
            self, self.tr("Import a roster"), Path.home(), self.tr("CSV files (*.csv)")
        )
        if path is None:
            return
        group = self.roster_group.currentText().strip() or None
        try:
            raw = _read(path)
            encoding = self.backend.messages.roster_preview(self, raw, private=self.privacy.on)
        except InvalidInput as exc:
            self._failed(exc)
            return
        if encoding is None:
            self._busy(False, self.tr("Nothing was imported."))
            return

        def job(services: Services) -> RosterImportReport:
            return services.importer.import_roster(raw, group_name=group, encoding=encoding)

        self._busy(True, self.tr("Importing %1…").replace("%1", path.name))
        self.backend.call(job, self._roster_imported, context=self, failed=self._failed)

    def _roster_imported(self, report: RosterImportReport) -> None:
        text = self.tr("Added %1 people; %2 were already in the vault.")
        text = text.replace("%1", str(report.added)).replace("%2", str(report.already_present))
        if report.group_name:
            joined = (
                self.tr("They joined the new group “%1”.")
                if report.group_created
                else self.tr("They joined “%1”.")
            )
            text += " " + joined.replace("%1", report.group_name)
        if report.encoding != "utf-8":
            text += " " + self.tr("The file was read as %1.").replace(
                "%1", encoding_labels()[report.encoding]
            )
        if report.ignored_columns:
            text += " " + self.tr("Columns not used: %1.").replace(
                "%1", ", ".join(report.ignored_columns)
            )
        self._busy(False, text)
        self.activate()

    def import_bundle(self) -> None:
        path = self.backend.messages.choose_open_file(
            self,
            self.tr("Import a bundle"),
            Path.home(),
            self.tr("Facilitator bundles (*.json)"),
        )
        if path is None:
            return

        def job(services: Services) -> BundleSummary:
            return services.bundle.import_bundle(_read(path))

        self._busy(True, self.tr("Importing %1…").replace("%1", path.name))
        self.backend.call(job, self._bundle_imported, context=self, failed=self._failed)

    def _bundle_imported(self, summary: BundleSummary) -> None:
        self._busy(False, self.tr("Imported: %1.").replace("%1", str(summary)))
        self.activate()

    # -- export --------------------------------------------------------------------
    def export_everything(self) -> None:
        if not self.backend.messages.confirm(
            self,
            self.tr("Export everything, unencrypted?"),
            self.tr(
                "The file will hold everyone's names, contact details and every note, in "
                "plain text.\n\n%1"
            ).replace("%1", CONFIDENTIALITY_NOTICE),
            self.tr("Export"),
        ):
            return
        suggested = Path.home() / f"facilitator-export-{dt.date.today().isoformat()}.json"
        path = self.backend.messages.choose_save_file(
            self,
            self.tr("Export everything"),
            suggested,
            self.tr("Facilitator bundles (*.json)"),
        )
        if path is None:
            return

        def job(services: Services) -> BundleSummary:
            return services.bundle.export_full(path)

        self._busy(True, self.tr("Writing %1…").replace("%1", path.name))
        self.backend.call(
            job,
            lambda summary: self._busy(
                False,
                self.tr("Wrote %1 (readable by you only): %2. Delete it when you are done.")
                .replace("%1", str(path))
                .replace("%2", str(summary)),
            ),
            context=self,
            failed=self._failed,
        )
