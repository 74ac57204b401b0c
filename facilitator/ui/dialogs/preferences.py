"""Settings: how long the app waits before it locks itself, and backups.

The idle time is kept on this computer (the window settings file); the backup
settings are kept inside the vault (encrypted, they travel with it), read and
written through the backend by the controller.  The dialog only edits them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator.services.backups import KEEP_RANGE, WARN_RANGE, BackupSettings
from facilitator.ui.kit.closing import GuardedDialog
from facilitator.ui.kit.idle import MINUTES_RANGE
from facilitator.ui.kit.widgets import ProblemBox


class FolderChooser(Protocol):
    """What the dialog needs of :class:`~facilitator.ui.dialogs.messages.Messages`
    (which opens this dialog: a Protocol, so neither module imports the other both ways)."""

    def choose_folder(self, parent: QWidget | None, title: str, start: Path) -> Path | None: ...


@dataclass(frozen=True, slots=True)
class Preferences:
    minutes: int  # lock after this many idle minutes
    backups: BackupSettings | None  # None: not read from the vault (yet): left unchanged


class PreferencesDialog(GuardedDialog):
    def __init__(
        self, chosen: Preferences, messages: FolderChooser, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._messages = messages
        self._backups = chosen.backups
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))

        self.minutes = QSpinBox()
        self.minutes.setRange(*MINUTES_RANGE)
        self.minutes.setValue(chosen.minutes)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setAccessibleName(self.tr("Lock after this many idle minutes"))
        explain = QLabel(
            self.tr(
                "When nobody has touched the keyboard or mouse for this long, Facilitator "
                "locks the vault: every screen is cleared and the passphrase is needed "
                "again. Shorter is safer on a laptop others can reach."
            )
        )
        explain.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Lock after idle:"), self.minutes)

        self.backup_box = self._backup_section(chosen.backups or BackupSettings())
        self.problem = ProblemBox()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setAccessibleName(self.tr("OK"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.set_main_button(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(explain)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.backup_box)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        for first, second in (
            (self.minutes, self.automatic),
            (self.automatic, self.choose_button),
            (self.choose_button, self.keep),
            (self.keep, self.warn),
            (self.warn, self.ok_button),
            (self.ok_button, cancel),
        ):
            self.setTabOrder(first, second)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def _backup_section(self, settings: BackupSettings) -> QGroupBox:
        box = QGroupBox(self.tr("Backups"))
        box.setAccessibleName(self.tr("Backups"))
        self.automatic = QCheckBox(self.tr("&Back up automatically when Facilitator closes"))
        self.automatic.setAccessibleName(self.tr("Back up automatically when Facilitator closes"))
        self.automatic.setChecked(settings.automatic)
        self.folder = QLineEdit(str(settings.folder) if settings.folder else "")
        self.folder.setReadOnly(True)
        self.folder.setPlaceholderText(self.tr("No folder chosen"))
        self.folder.setAccessibleName(self.tr("Folder for automatic backups"))
        self.choose_button = QPushButton(self.tr("C&hoose…"))
        self.choose_button.setAccessibleName(self.tr("Choose the folder for automatic backups"))
        self.choose_button.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)
        self.keep = QSpinBox()
        self.keep.setRange(*KEEP_RANGE)
        self.keep.setValue(settings.keep)
        self.keep.setSuffix(self.tr(" backups"))
        self.keep.setAccessibleName(self.tr("Keep this many automatic backups"))
        self.warn = QSpinBox()
        self.warn.setRange(*WARN_RANGE)
        self.warn.setValue(settings.warn_after_days)
        self.warn.setSuffix(self.tr(" days without a backup"))
        self.warn.setAccessibleName(self.tr("Warn when the last backup is older than this"))

        form = QFormLayout()
        folder_label = QLabel(self.tr("&Folder:"))
        folder_label.setBuddy(self.choose_button)
        form.addRow(folder_label, folder_row)
        form.addRow(self.tr("&Keep the last:"), self.keep)
        form.addRow(self.tr("&Warn after:"), self.warn)
        explain = QLabel(
            self.tr(
                "Each backup is one encrypted file that opens with your passphrase alone, "
                "on any computer. Choose a folder on a USB stick or another drive, so that "
                "a lost or broken laptop does not take your records with it. Older "
                "automatic backups in that folder are removed, the newest ones kept; "
                "nothing else in it is touched."
            )
        )
        explain.setWordWrap(True)
        layout = QVBoxLayout(box)
        layout.addWidget(self.automatic)
        layout.addLayout(form)
        layout.addWidget(explain)
        if self._backups is None:
            box.setEnabled(False)
            unread = QLabel(
                self.tr("The backup settings are still being read; open Settings again.")
            )
            unread.setWordWrap(True)
            layout.addWidget(unread)
        return box

    def choose_folder(self) -> None:
        start = Path(self.folder.text()) if self.folder.text() else Path.home()
        chosen = self._messages.choose_folder(
            self, self.tr("Choose the folder for automatic backups"), start
        )
        if chosen is not None:
            self.folder.setText(str(chosen))
            self.problem.clear()

    def chosen(self) -> Preferences:
        if self._backups is None:
            return Preferences(self.minutes.value(), None)
        folder = self.folder.text().strip()
        backups = BackupSettings(
            automatic=self.automatic.isChecked(),
            folder=Path(folder) if folder else None,
            keep=self.keep.value(),
            warn_after_days=self.warn.value(),
        )
        return Preferences(self.minutes.value(), backups)

    def accept(self) -> None:
        backups = self.chosen().backups
        if backups is not None and backups.automatic and backups.folder is None:
            self.problem.show_problem(
                self.tr(
                    "Choose the folder automatic backups go to (a USB stick, for example), "
                    "or turn automatic backup off."
                )
            )
            self.choose_button.setFocus()
            return
        super().accept()
