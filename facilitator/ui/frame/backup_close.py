"""The automatic backup when the app closes (never on an idle lock).

The controller starts one :class:`CloseBackup` when the user quits with the
vault open.  It runs ``BackupService.on_close`` on the vault's job thread —
after every save already asked for, so the backup holds them — behind a small
window-modal progress, then emits ``finished(True)`` to quit.  If the backup
fails (the USB stick is not plugged in, the disk is full) the user chooses:
try again, quit without a backup (``finished(True)``), or cancel and stay open
(``finished(False)``).  Either way the vault is closed exactly as before, by
the controller.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from facilitator.errors import UserFacingError
from facilitator.services.backups import BackupDone
from facilitator.ui.dialogs.messages import CloseChoice, Messages
from facilitator.ui.plumbing.backend import Backend, full_message
from facilitator.ui.reports.backup_now import BackupProgress

log = logging.getLogger(__name__)


class CloseBackup(QObject):
    finished = Signal(bool)  # True: quit now; False: the user chose to stay

    def __init__(
        self,
        backend: Backend,
        messages: Messages,
        window: QWidget,
        folder: Path | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._messages = messages
        self._window = window
        self._folder = folder
        self.progress: BackupProgress | None = None
        self.done: BackupDone | None = None

    def start(self) -> None:
        text = (
            self.tr("Backing up to %1…").replace("%1", str(self._folder))
            if self._folder is not None
            else self.tr("Backing up…")
        )
        self.progress = BackupProgress(text, self._window)
        self.progress.open()
        task = self._backend.call(
            lambda s: s.backups.on_close(), self._finished, context=self, failed=self._failed
        )
        if task is None:  # the vault is already closed: nothing to back up
            self._stop()
            self.finished.emit(True)
            return
        task.failed.connect(self._crashed)

    def _stop(self) -> None:
        progress, self.progress = self.progress, None
        if progress is not None:
            progress.finish()

    def _finished(self, done: BackupDone | None) -> None:
        self._stop()
        self.done = done
        self.finished.emit(True)

    def _failed(self, exc: UserFacingError) -> None:
        self._ask(full_message(exc))

    def _crashed(self, exc: object) -> None:
        if isinstance(exc, UserFacingError):
            return  # handled by _failed
        self._ask(self.tr("Something unexpected went wrong; the details are in the log."))

    def _ask(self, text: str) -> None:
        self._stop()
        log.info("the automatic backup at closing failed")
        choice = self._messages.backup_failed(self._window, text)
        if choice is CloseChoice.RETRY:
            self.start()
        else:
            self.finished.emit(choice is CloseChoice.QUIT)
