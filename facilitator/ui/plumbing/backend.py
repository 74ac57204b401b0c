"""The pages' one way to the services: every call runs on the vault's job thread.

A page never calls a service on the GUI thread.  It asks the :class:`Backend`::

    self.backend.call(lambda s: s.roster.roster(group_id), self._show_roster, context=self)

The job gets the :class:`~facilitator.app.Services` and runs on the vault's
serial job thread (:mod:`facilitator.ui.plumbing.vault_jobs`), in the order calls were
made, so a mark made just before "lock" is saved before the vault closes.  Its
result comes back to ``done`` on the GUI thread — unless ``context`` (the
widget that asked) has been deleted meanwhile, in which case nobody hears it.

A :class:`~facilitator.errors.UserFacingError` goes to ``failed`` if given,
otherwise it is shown as a warning; anything else is a bug and is reported to
the controller (``crashed``), which logs it without names and shows the crash
dialog.  Once the vault is locked (:meth:`close`), calls are refused: they
would only find a closed vault.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from facilitator.app import Services
from facilitator.errors import UserFacingError
from facilitator.ui.dialogs.messages import Messages
from facilitator.ui.plumbing.vault_jobs import VaultJobs
from facilitator.ui.plumbing.workers import Task

log = logging.getLogger(__name__)

T = TypeVar("T")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Backend", text)


MAX_DETAILS = 12


def full_message(exc: UserFacingError) -> str:
    """The message and its details (e.g. which rows of a file are wrong), one per line."""
    details = list(exc.details[:MAX_DETAILS])
    if len(exc.details) > MAX_DETAILS:
        details.append(_tr("… and %1 more.").replace("%1", str(len(exc.details) - MAX_DETAILS)))
    return "\n".join((exc.message, *details))


class Backend(QObject):
    """Runs service calls off the GUI thread, in order, for the open vault's lifetime."""

    crashed = Signal(object)  # an unexpected exception (a bug): the controller reports it
    busy_changed = Signal(bool)  # True while any call is under way (for a busy cursor)

    def __init__(
        self,
        services: Services,
        jobs: VaultJobs,
        messages: Messages,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services: Services | None = services
        self._jobs = jobs
        self._messages = messages
        self._pending = 0

    @property
    def messages(self) -> Messages:
        """The dialogs (warnings, confirmations) for pages to use: the test seam."""
        return self._messages

    @property
    def is_open(self) -> bool:
        return self._services is not None

    @property
    def pending(self) -> int:
        """How many calls have been started and have not reported yet."""
        return self._pending

    def close(self) -> None:
        """The vault is being locked: refuse every later call."""
        self._services = None

    def call(
        self,
        job: Callable[[Services], T],
        done: Callable[[T], object] | None = None,
        *,
        context: QObject,
        failed: Callable[[UserFacingError], object] | None = None,
    ) -> Task | None:
        """Run ``job(services)`` on the job thread; ``done(result)`` on the GUI thread.

        Returns the started task, or None when the vault is already locked."""
        services = self._services
        if services is None:
            log.info("a call after the vault was locked was dropped")
            return None
        task = self._jobs.run(lambda: job(services), parent=context)
        self._started()
        if done is not None:
            task.finished.connect(done)
        task.finished.connect(self._ended)
        task.failed.connect(lambda exc: self._failed(exc, context, failed))
        return task

    def _started(self) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

    def _ended(self, _result: object = None) -> None:
        self._pending = max(self._pending - 1, 0)
        if self._pending == 0:
            self.busy_changed.emit(False)

    def _failed(
        self,
        exc: object,
        context: QObject,
        failed: Callable[[UserFacingError], object] | None,
    ) -> None:
        self._ended()
        if isinstance(exc, UserFacingError):
            if failed is not None:
                failed(exc)
            else:
                parent = context.window() if isinstance(context, QWidget) else None
                self._messages.warning(parent, _tr("Not done"), full_message(exc))
            return
        self.crashed.emit(exc)
