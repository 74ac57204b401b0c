"""The slim strip at the top of the main window when a backup is due —
"No backup for 12 days.  [Back Up Now…]" — and the watch that keeps it current."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStyle, QWidget

from facilitator.services.backups import BackupSettings, BackupStatus
from facilitator.ui.kit.backup_words import backup_file_text, last_backup_text, warning_text
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.reports.page import ReportsPage

CHECK_MS = 60 * 60_000  # how often an open window asks again whether a backup is due


class BackupBanner(QFrame):
    back_up_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setAutoFillBackground(True)
        self.setAccessibleName(self.tr("Backup reminder"))
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(warning.pixmap(size, size))
        icon.setAccessibleName(self.tr("Warning"))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.text.setAccessibleName(self.tr("Backup reminder"))
        font = self.text.font()
        font.setBold(True)
        self.text.setFont(font)
        self.button = QPushButton(self.tr("Back Up Now…"))
        self.button.setAccessibleName(self.tr("Back up now"))
        self.button.clicked.connect(self.back_up_requested.emit)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 10, 4)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.text, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setVisible(False)

    def show_status(self, status: BackupStatus) -> None:
        """Shown only while a backup is due (never made, or older than the warning age)."""
        text = warning_text(status)
        self.text.setText(text)
        self.setToolTip(f"{last_backup_text(status)}\n{backup_file_text(status)}".strip())
        self.setVisible(bool(text))

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)


class BackupWatch(QObject):
    """The main window's view of the backups: the status last read (the controller uses
    its settings for Settings and for quitting), the banner, and a re-read every hour,
    after each backup and after the settings change."""

    def __init__(
        self, backend: Backend, reports: ReportsPage, *, remind: bool, parent: QObject
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._reports = reports
        self._remind = remind  # the banner; never for the throwaway demo vault
        self.status: BackupStatus | None = None
        self.banner = BackupBanner()
        self.banner.back_up_requested.connect(reports.back_up)
        reports.backup_status_changed.connect(self._read)
        reports.backup_now.running_changed.connect(self.banner.set_busy)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.read)
        self._timer.start()
        self.read()

    def read(self) -> None:
        """Ask the vault when the last good backup was made (and the backup settings)."""
        self._backend.call(lambda s: s.backups.status(), self.show, context=self)

    def show(self, status: BackupStatus) -> None:
        self._read(status)
        self._reports.show_backup_status(status)

    def _read(self, status: BackupStatus) -> None:
        self.status = status
        if self._remind:
            self.banner.show_status(status)

    def save(self, settings: BackupSettings) -> None:
        """Keep new backup settings in the vault (a problem is shown as a warning)."""
        self._backend.call(lambda s: s.backups.save_settings(settings), self.show, context=self)
