"""Run a callable off the GUI thread and hear about it on the GUI thread.

A :class:`Task` is a QObject living on the GUI thread.  Its callable runs on a
QThreadPool; whatever it returns arrives as ``finished(result)``, whatever it
raises as ``failed(exception)`` (the exception keeps its traceback).  Both
signals are emitted on the GUI thread, so anything may be connected to them,
lambdas included.

:func:`serial_pool` makes a pool with exactly one thread that never expires:
jobs run one after another, in order, always on the same thread.  The vault's
lifecycle (create, unlock, lock) uses one, because the vault's file lock
belongs to the thread that took it (filelock's default ``thread_local=True``):
a vault opened on one thread and closed on another would stay locked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance, Slot

log = logging.getLogger(__name__)


def serial_pool(parent: QObject | None = None) -> QThreadPool:
    """A pool running one job at a time, in submission order, on one lasting thread."""
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(1)
    pool.setExpiryTimeout(-1)  # the one thread is never retired and replaced
    return pool


class _Runnable(QRunnable):
    """Calls the job on a pool thread and reports through the task's private signals."""

    def __init__(self, job: Callable[[], object], task: Task) -> None:
        super().__init__()  # auto-delete: the pool owns and deletes it after run()
        self._job = job
        self._task = task  # keeps the task alive until it has reported

    def run(self) -> None:
        try:
            result = self._job()
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none swallowed
            self._report(self._task._raised, exc)
        else:
            self._report(self._task._returned, result)

    @staticmethod
    def _report(signal: SignalInstance, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the task's window was deleted meanwhile: nobody is listening
            log.info("a background job finished after its window was closed")


class Task(QObject):
    """One job for a pool.  Create it on the GUI thread, connect, then :meth:`start`."""

    finished = Signal(object)  # the job's return value
    failed = Signal(object)  # the exception it raised

    # Emitted on the pool thread; queued to this object's (the GUI) thread.
    _returned = Signal(object)
    _raised = Signal(object)

    def __init__(self, job: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job: Callable[[], object] | None = job
        self._running = False
        self._returned.connect(self._on_returned)
        self._raised.connect(self._on_raised)

    @property
    def running(self) -> bool:
        """True from :meth:`start` until ``finished`` or ``failed`` has been emitted."""
        return self._running

    def start(self, pool: QThreadPool | None = None) -> Task:
        if self._job is None:
            raise RuntimeError("a task runs only once")
        job, self._job = self._job, None
        self._running = True
        (pool or QThreadPool.globalInstance()).start(_Runnable(job, self))
        return self

    @Slot(object)
    def _on_returned(self, result: object) -> None:
        self._running = False
        self.finished.emit(result)

    @Slot(object)
    def _on_raised(self, exc: object) -> None:
        self._running = False
        self.failed.emit(exc)
