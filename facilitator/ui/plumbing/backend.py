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

**Changes are reported, not guessed.**  The storage layer sees which kinds of
things (:class:`~facilitator.domain.changes.Change`) each committed write
changed; after every call the Backend emits ``changes(kinds, context)`` with what
that call wrote and who asked.  Pages listen (:mod:`facilitator.ui.plumbing.page`):
one that shows any of those kinds is stale and reads again when it is next shown.
:meth:`Backend.report_changes` gathers writes made outside its calls (the vault
jobs' own, a test's), and those of calls whose asker went away before the answer,
before a page is shown.

**Only the newest answer.**  A read asked again before its answer came (typing in a
search box, a filter chosen twice) goes through :meth:`Backend.latest`: an
answer to a request that a newer one with the same key has superseded is dropped.

``busy_changed(bool)`` says when the first call starts and the last one ends: the
main window shows a busy cursor meanwhile.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from facilitator.app import Services
from facilitator.domain.changes import Change
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
    changes = Signal(object, object)  # (Change, the QObject that asked or None): see above

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
        self._latest: dict[tuple[int, str], int] = {}  # (asker, key) -> newest request
        # What calls whose asker went away first wrote: reported by report_changes.
        self._orphaned = Change.NOTHING
        self._orphaned_lock = threading.Lock()  # added to on the job thread too

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
        written = [Change.NOTHING, Change.NOTHING]  # by others before the job; by the job
        gone = threading.Event()  # the asker went away before the answer

        def run() -> T:  # on the job thread, where every call's transactions run, in turn
            written[0] = services.changes()
            try:
                return job(services)
            finally:
                written[1] = services.changes()
                if gone.is_set():  # nobody hears the answer: report them when next asked
                    self._orphan(written[1])

        task = self._jobs.run(run, parent=context)
        self._started()
        reported = [False]

        def finished(result: object) -> None:
            reported[0] = True
            try:
                if done is not None:
                    done(result)  # type: ignore[arg-type]
            finally:
                self._ended()
                self._report(written[0], None)
                self._report(written[1], context)

        def raised(exc: object) -> None:
            reported[0] = True
            try:
                self._failed(exc, context, failed)
            finally:
                self._report(written[0], None)
                self._report(written[1], context)

        def deleted() -> None:  # the asker went away first: nobody hears the answer
            if not reported[0]:
                reported[0] = True
                gone.set()
                self._orphan(written[0] | written[1])  # those taken already (or nothing)
                with contextlib.suppress(RuntimeError):  # the Backend too (the vault locked)
                    self._ended()
                    self.report_changes()

        task.finished.connect(finished)
        task.failed.connect(raised)
        task.destroyed.connect(deleted)
        return task

    def latest(
        self,
        key: str,
        job: Callable[[Services], T],
        done: Callable[[T], object] | None = None,
        *,
        context: QObject,
        failed: Callable[[UserFacingError], object] | None = None,
    ) -> Task | None:
        """:meth:`call`, keeping only the newest answer: ``done`` (or ``failed``) is
        skipped if ``context`` has since asked again under the same ``key`` (or
        :meth:`drop` was called).  For reads whose older answers would show what is no
        longer asked for: the words typed before the last key press, a filter left."""
        number = self._ask(key, context)

        def newest(result: T) -> None:
            if self._latest.get((id(context), key)) == number and done is not None:
                done(result)

        def newest_failed(exc: UserFacingError) -> None:
            if self._latest.get((id(context), key)) != number:
                return
            if failed is not None:
                failed(exc)
            else:
                parent = context.window() if isinstance(context, QWidget) else None
                self._messages.warning(parent, _tr("Not done"), full_message(exc))

        return self.call(job, newest, context=context, failed=newest_failed)

    def drop(self, key: str, *, context: QObject) -> None:
        """Answers still on their way to ``context`` under ``key`` are not wanted any more."""
        self._ask(key, context)

    def _ask(self, key: str, context: QObject) -> int:
        slot = (id(context), key)
        if not any(k[0] == slot[0] for k in self._latest):  # forget the asker once deleted
            asker = slot[0]
            context.destroyed.connect(lambda: self._forget(asker))
        number = self._latest.get(slot, 0) + 1
        self._latest[slot] = number
        return number

    def _forget(self, asker: int) -> None:
        for slot in [k for k in self._latest if k[0] == asker]:
            del self._latest[slot]

    def report_changes(self) -> None:
        """Report writes made outside the Backend's calls (before a page is shown)."""
        with self._orphaned_lock:
            orphaned, self._orphaned = self._orphaned, Change.NOTHING
        if self._services is not None:
            self._report(self._services.changes() | orphaned, None)

    def _orphan(self, kinds: Change) -> None:
        """Keep what a call whose asker went away wrote, for :meth:`report_changes`."""
        with self._orphaned_lock:
            self._orphaned |= kinds

    def _report(self, kinds: Change, context: QObject | None) -> None:
        if kinds:
            with contextlib.suppress(RuntimeError):  # the Backend deleted: the vault locked
                self.changes.emit(kinds, context)

    def _started(self) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

    def _ended(self, _result: object = None) -> None:
        self._pending = max(self._pending - 1, 0)
        if self._pending == 0:
            # An answer may come after the vault locked and the Backend was deleted (the
            # asker outlived it): its answer handlers are closures, which Qt does not
            # disconnect as it did the Backend's own slots, and there is no one to tell.
            with contextlib.suppress(RuntimeError):
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
