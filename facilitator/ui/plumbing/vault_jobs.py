"""The vault's slow work — create, unlock, restore, fill the demo, digest, lock — off the
GUI thread.

Every job runs on one serial pool (see :func:`facilitator.ui.plumbing.workers.serial_pool`):
in order, on the same thread, so a lock asked for while a digest is being read
waits for it, and the vault's file lock is released by the thread that took it.
Each method returns a started :class:`~facilitator.ui.plumbing.workers.Task`.

Unlocking (with the passphrase, a remembered key, or after a restore) opens with
``full_check=False``: the slow half of the integrity check runs after the main window
is up, on a thread of its own (:mod:`facilitator.ui.frame.integrity_watch`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal

from facilitator.errors import UserFacingError
from facilitator.ui.plumbing.workers import Task, serial_pool

if TYPE_CHECKING:  # loaded by the jobs, on the job thread (see VaultJobs.warm_up)
    from facilitator.app import OpenVault, Services
    from facilitator.domain import TodayDigest

log = logging.getLogger(__name__)

# Shown on screen on purpose: the demo vault holds only made-up people.
DEMO_PASSPHRASE = "demo"  # noqa: S105


class Unlocked(NamedTuple):
    """An open vault, with what the first screen shows already read.  (A NamedTuple:
    the dataclasses module is not loaded on the way to the first window.)"""

    vault: OpenVault
    digest: TodayDigest
    remember_problem: str = ""  # why "remember on this computer" failed, if it was asked
    restored: bool = False  # the vault was just restored from a backup
    kept_aside: Path | None = None  # where the vault it replaced was moved, if there was one


def _ready(vault: OpenVault, remember: bool = False) -> Unlocked:
    """Read the Today digest (and remember the key if asked); lock again on failure."""
    try:
        problem = ""
        if remember:
            try:
                vault.remember_on_this_computer()
            except UserFacingError as exc:
                problem = exc.message
        return Unlocked(vault, vault.services.today.digest(), problem)
    except BaseException:
        vault.lock()
        raise


def _create(folder: Path, passphrase: str, remember: bool) -> Unlocked:
    from facilitator import app

    app.validate_new_passphrase(passphrase, (folder.name, folder.parent.name))
    if remember:  # decided before anything is made: a refusal leaves no vault behind
        app.require_keyring()
    return _ready(app.create_vault(folder, passphrase), remember)


def _unlock(folder: Path, passphrase: str) -> Unlocked:
    from facilitator import app

    reader = _DigestReader()
    return reader.unlocked(app.open_vault(folder, passphrase, full_check=False, first_read=reader))


def _restore(backup: Path, folder: Path, passphrase: str, replace_existing: bool) -> Unlocked:
    from facilitator import app

    report = app.restore(backup, folder, passphrase, replace=replace_existing)
    reader = _DigestReader()
    opened = app.open_vault(report.folder, passphrase, full_check=False, first_read=reader)
    return reader.unlocked(opened)._replace(restored=True, kept_aside=report.replaced)


def _remembered(folder: Path) -> Unlocked | None:
    from facilitator import app

    reader = _DigestReader()
    vault = app.open_remembered(folder, full_check=False, first_read=reader)
    return reader.unlocked(vault) if vault is not None else None


class _DigestReader:
    """Reads the Today digest as the vault opens: alongside its cipher check (see
    storage/vault.py), not after it."""

    def __init__(self) -> None:
        self._digest: TodayDigest | None = None

    def __call__(self, vault: OpenVault) -> None:
        self._digest = vault.services.today.digest()

    def unlocked(self, vault: OpenVault) -> Unlocked:
        assert self._digest is not None  # the open returns only once it is read
        return Unlocked(vault, self._digest)


def _demo(folder: Path) -> Unlocked:
    from facilitator import app

    vault = app.create_vault(folder, DEMO_PASSPHRASE)
    try:
        vault.populate_demo(scale="small", seed=0)
    except BaseException:
        vault.lock()
        raise
    return _ready(vault)


def _load_vault_code() -> None:
    """Load the vault's code (storage, SQLAlchemy, SQLCipher, the services) on the job
    thread while the passphrase is typed: the window came up without waiting for it,
    and the unlock that follows on the same thread does not wait for it either."""
    import facilitator.app  # noqa: F401


class VaultJobs(QObject):
    """Starts the vault's jobs on its own serial pool."""

    # The vault's code is loaded (:meth:`warm_up`): the app loads the main window now.
    warmed_up = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = serial_pool(self)

    def _start(self, job: Callable[[], object], parent: QObject | None) -> Task:
        return Task(job, parent or self).start(self._pool)

    def create(
        self, folder: Path, passphrase: str, *, remember: bool, parent: QObject | None = None
    ) -> Task:
        """``finished(Unlocked)``: a new vault in ``folder``."""
        return self._start(lambda: _create(folder, passphrase, remember), parent)

    def unlock(self, folder: Path, passphrase: str, parent: QObject | None = None) -> Task:
        """``finished(Unlocked)``, or ``failed(WrongPassphrase | VaultError | ...)``."""
        return self._start(lambda: _unlock(folder, passphrase), parent)

    def restore(
        self,
        backup: Path,
        folder: Path,
        passphrase: str,
        *,
        replace: bool,
        parent: QObject | None = None,
    ) -> Task:
        """``finished(Unlocked)`` with ``restored`` set: ``backup`` restored into ``folder``
        (a vault there is moved aside only with ``replace``: ``Unlocked.kept_aside``), then
        opened; or ``failed(BackupDamaged | WrongPassphrase | InvalidInput | ...)`` with
        nothing changed."""
        return self._start(lambda: _restore(backup, folder, passphrase, replace), parent)

    def remembered(self, folder: Path, parent: QObject | None = None) -> Task:
        """``finished(Unlocked | None)``: None when no key for this vault is remembered."""
        return self._start(lambda: _remembered(folder), parent)

    def demo(self, folder: Path, parent: QObject | None = None) -> Task:
        """``finished(Unlocked)``: a new vault in ``folder`` filled with fake people."""
        return self._start(lambda: _demo(folder), parent)

    def run(self, job: Callable[[], object], parent: QObject | None = None) -> Task:
        """``finished(result)`` of any job on the vault (see
        :mod:`facilitator.ui.plumbing.backend`)."""
        return self._start(job, parent)

    def warm_up(self) -> None:
        """Load the vault's code on the job thread while a start window waits for its
        passphrase; :attr:`warmed_up` says when (the window may be gone by then)."""
        self._start(_load_vault_code, self).finished.connect(lambda _none: self.warmed_up.emit())

    def digest(self, services: Services, parent: QObject | None = None) -> Task:
        """``finished(TodayDigest)``, read again."""
        return self._start(services.today.digest, parent)

    def lock(self, vault: OpenVault, parent: QObject | None = None) -> Task:
        """``finished(None)`` once the vault is locked (after any job before it)."""
        return self._start(vault.lock, parent)

    def wait(self) -> None:
        """Block until every job started so far has finished (at quit)."""
        self._pool.waitForDone()
