"""The vault's integrity check that an unlock left for later, on a thread of its own.

Unlocking checks every page's HMAC before the main window comes up and leaves SQLite's
``integrity_check`` (about a second on a large vault) for afterwards: the controller
asks its :class:`DeferredChecks` to start one once the main window is shown.  The check
reads on its own connection, on its own thread (not the vault's job thread, so the
pages' calls do not wait for it), and its outcome comes back on the GUI thread:
``damaged(error)`` (the controller locks the vault and says so in the unlock window),
or ``unexpected(exception)`` for a bug.  :meth:`DeferredChecks.stop` (at lock and quit)
interrupts it; after that it reports nothing.
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject, QThreadPool, Signal, SignalInstance

from facilitator.errors import UserFacingError
from facilitator.ui.plumbing.workers import Task

log = logging.getLogger(__name__)


class BackgroundCheck(Protocol):
    """What the vault gives for the deferred check (``OpenVault.deferred_check()``)."""

    def run(self) -> bool:
        """Blocks; True if the vault passed, False if cancelled; raises VaultDamaged."""
        ...

    def cancel(self) -> None:
        """From any thread: stop soon."""
        ...


class CheckSource(Protocol):
    """The open vault (``OpenVault``), as far as the check is concerned."""

    def deferred_check(self) -> BackgroundCheck | None: ...


class IntegrityWatch(QObject):
    """Runs one :class:`BackgroundCheck` and reports it on the GUI thread, unless it
    was cancelled first.  It deletes itself once its thread has reported."""

    damaged = Signal(object)  # the UserFacingError (VaultDamaged) the check raised
    passed = Signal()
    unexpected = Signal(object)  # an exception that is not a UserFacingError

    def __init__(self, check: BackgroundCheck, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self._cancelled = False
        self._pool = QThreadPool(self)  # its own thread: neither the job thread nor Qt's
        self._pool.setMaxThreadCount(1)
        self.task: Task | None = None

    @property
    def running(self) -> bool:
        return self.task is not None and self.task.running

    def start(self) -> None:
        if self.task is not None:
            raise RuntimeError("an integrity watch runs once")
        self.task = Task(self._check.run, self)
        self.task.finished.connect(self._on_finished)
        self.task.failed.connect(self._on_failed)
        self.task.start(self._pool)
        log.info("the deferred integrity check started")

    def cancel(self) -> None:
        """Interrupt the check; nothing is reported afterwards, whatever it found."""
        if self._cancelled:
            return
        self._cancelled = True
        self._check.cancel()
        if self.task is None:
            self.deleteLater()  # never started: nothing will come back to delete it

    def wait(self) -> None:
        """Block until the check's thread is done (at quit, once the vault is locked)."""
        self._pool.waitForDone()

    def _on_finished(self, passed: object) -> None:
        self.deleteLater()
        if self._cancelled:
            log.info("the deferred integrity check was stopped")
        elif passed is True:
            self.passed.emit()

    def _on_failed(self, exc: object) -> None:
        self.deleteLater()
        if self._cancelled:
            return
        if isinstance(exc, UserFacingError):
            log.error("the deferred integrity check found damage")
            self.damaged.emit(exc)
        else:
            self.unexpected.emit(exc)


class DeferredChecks(QObject):
    """The controller's one check under way at a time: started after an unlock, stopped
    at lock and quit; what a stopped check finds is never reported."""

    damaged = Signal(object)  # the UserFacingError (VaultDamaged) the check raised
    unexpected = Signal(object)  # an exception that is not a UserFacingError

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.current: IntegrityWatch | None = None

    @property
    def running(self) -> bool:
        return self.current is not None

    def start(self, vault: CheckSource) -> None:
        """Run the check ``vault``'s unlock left out, if it left one (a vault just
        created, the demo's included, has none) and none is under way."""
        if self.current is not None:
            return
        check = vault.deferred_check()
        if check is None:
            return
        watch = IntegrityWatch(check, self)
        watch.damaged.connect(lambda exc: self._report(watch, self.damaged, exc))
        watch.unexpected.connect(lambda exc: self._report(watch, self.unexpected, exc))
        watch.passed.connect(lambda: self._ended(watch))
        self.current = watch
        watch.start()

    def stop(self) -> None:
        """Interrupt the check under way (locking the vault waits for it to stop)."""
        watch, self.current = self.current, None
        if watch is not None:
            watch.cancel()

    def wait(self) -> None:
        """Block until every check's thread is done (at quit, once the vault is locked)."""
        for watch in self.findChildren(IntegrityWatch):
            watch.wait()

    def _ended(self, watch: IntegrityWatch) -> bool:
        if self.current is not watch:
            return False  # stopped meanwhile
        self.current = None
        return True

    def _report(self, watch: IntegrityWatch, signal: SignalInstance, exc: object) -> None:
        if self._ended(watch):
            signal.emit(exc)
