"""Backing up from the desktop app: "Back up now…" and its progress (the words for it
are in :mod:`facilitator.ui.kit.backup_words`).

:class:`BackupNow` asks where to write (the file dialog), runs the backup on the
vault's job thread behind a small window-modal progress, then says where the
file is, how big it is, and that it was read back and verified.  Its
``status_changed`` signal carries the new :class:`BackupStatus` so the window can
update what it shows (the Reports page's box, the warning banner).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from facilitator.errors import UserFacingError
from facilitator.services.backups import BACKUP_SUFFIX, BackupDone
from facilitator.ui.kit.backup_words import done_text
from facilitator.ui.plumbing.backend import Backend, full_message


class BackupProgress(QProgressDialog):
    """A small window-modal "Backing up…" with no cancel button (a backup is quick and
    all-or-nothing)."""

    def __init__(self, text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Backing up"))
        self.setAccessibleName(self.tr("Backing up"))
        self.setLabelText(text)
        self.setCancelButton(None)
        self.setRange(0, 0)  # busy: no percentage to show
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def finish(self) -> None:
        self.close()
        self.deleteLater()


# -- "Back up now…" ---------------------------------------------------------------------
class BackupNow(QObject):
    """Choose a file, back up to it off the GUI thread, say how it went."""

    status_changed = Signal(object)  # BackupStatus, after a good backup
    running_changed = Signal(bool)

    def __init__(self, backend: Backend, parent: QWidget) -> None:
        super().__init__(parent)
        self._backend = backend
        self._widget = parent
        self.progress: BackupProgress | None = None
        self.last_done: BackupDone | None = None

    @property
    def running(self) -> bool:
        return self.progress is not None

    def suggested(self, folder: Path | None, today: dt.date) -> Path:
        name = f"Facilitator-backup-{today.isoformat()}{BACKUP_SUFFIX}"
        return (folder if folder is not None and folder.is_dir() else Path.home()) / name

    def start(self, folder: Path | None = None) -> None:
        """Ask where, then back up there (``folder``: where the dialog starts)."""
        if self.running:
            return
        window = self._widget.window()
        path = self._backend.messages.choose_save_file(
            window,
            self.tr("Back up to"),
            self.suggested(folder, dt.date.today()),
            self.tr("Facilitator backups (*.fbk)"),
        )
        if path is None:
            return
        self.progress = BackupProgress(
            self.tr("Backing up to %1…").replace("%1", str(path)), window
        )
        self.progress.open()
        self.running_changed.emit(True)
        task = self._backend.call(
            lambda s: s.backups.back_up_to(path),
            self._done,
            context=self,
            failed=self._failed,
        )
        if task is None:  # the vault was locked meanwhile
            self._stop()
        else:
            task.failed.connect(self._stop)  # a bug: the controller reports it

    def _stop(self, _exc: object = None) -> None:
        progress, self.progress = self.progress, None
        if progress is not None:
            progress.finish()
            self.running_changed.emit(False)

    def _done(self, done: BackupDone) -> None:
        self._stop()
        self.last_done = done
        self.status_changed.emit(done.status)
        self._backend.messages.information(
            self._widget.window(), self.tr("Backed up"), done_text(done)
        )

    def _failed(self, exc: UserFacingError) -> None:
        self._stop()
        self._backend.messages.warning(
            self._widget.window(), self.tr("No backup was made"), full_message(exc)
        )
