"""Composition root: opens or creates the vault and builds the services on it.

The desktop app and the command line both start here; neither touches storage
directly.  No widgets here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.domain.changes import Change
from facilitator.services import passphrase_strength
from facilitator.services._common import SYSTEM_CLOCK, Clock
from facilitator.services.attendance import AttendanceService
from facilitator.services.backups import BackupService, BackupWriter
from facilitator.services.bundle import BundleService
from facilitator.services.erasure import ErasureService, VaultCopies
from facilitator.services.followups import FollowUpService
from facilitator.services.importer import ImportService
from facilitator.services.ledger import LedgerService
from facilitator.services.notes import NotesService
from facilitator.services.roster import RosterService
from facilitator.services.schedule import ScheduleService
from facilitator.services.sheets import SheetService
from facilitator.services.summary import SummaryService
from facilitator.services.today import TodayService
from facilitator.services.vault_key import VaultKeyService
from facilitator.storage import changes, inspection, keystore
from facilitator.storage.backup import BackupReport
from facilitator.storage.envelope import check_passphrase
from facilitator.storage.integrity import IntegrityCheck
from facilitator.storage.keystore import KeyringStatus
from facilitator.storage.repositories import UnitOfWorkFactory, unit_of_work_factory
from facilitator.storage.restore import RestoreReport, restore_backup
from facilitator.storage.vault import Vault, VaultFiles

if TYPE_CHECKING:
    from facilitator.services.demo import DemoSummary

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Services:
    roster: RosterService
    schedule: ScheduleService
    attendance: AttendanceService
    notes: NotesService
    follow_ups: FollowUpService
    today: TodayService
    importer: ImportService
    bundle: BundleService
    sheets: SheetService
    summary: SummaryService
    erasure: ErasureService
    backups: BackupService
    ledger: LedgerService
    # What the vault's committed writes changed since this was last called (kinds only):
    # the desktop app marks the pages that show those kinds stale.
    changes: Callable[[], Change] = lambda: Change.NOTHING
    # The open vault's key: passphrase change, remember / forget on this computer.
    keys: VaultKeyService | None = None

    @classmethod
    def build(
        cls,
        uow: UnitOfWorkFactory,
        clock: Clock = SYSTEM_CLOCK,
        backup_writer: BackupWriter | None = None,
        vault_copies: VaultCopies | None = None,
        changes: Callable[[], Change] | None = None,
        *,
        keys: VaultKeyService | None = None,
    ) -> Services:
        return cls(
            roster=RosterService(uow, clock),
            schedule=ScheduleService(uow, clock),
            attendance=AttendanceService(uow, clock),
            notes=NotesService(uow),
            follow_ups=FollowUpService(uow, clock),
            today=TodayService(uow, clock),
            importer=ImportService(uow, clock),
            bundle=BundleService(uow, clock),
            sheets=SheetService(uow, clock),
            summary=SummaryService(uow, clock),
            erasure=ErasureService(uow, clock, vault_copies),
            backups=BackupService(uow, clock, backup_writer),
            ledger=LedgerService(uow),
            changes=changes or (lambda: Change.NOTHING),
            keys=keys,
        )


class OpenVault:
    """An unlocked vault and the services working on it.  ``lock()`` drops both."""

    def __init__(self, vault: Vault, clock: Clock = SYSTEM_CLOCK) -> None:
        self._vault = vault
        self.unit_of_work: UnitOfWorkFactory = unit_of_work_factory(vault.session)
        written = changes.watch(vault.engine)
        self.services = Services.build(
            self.unit_of_work,
            clock,
            backup_writer=vault.backup,
            vault_copies=vault,
            changes=written.take,
            keys=VaultKeyService(
                vault,
                check_current=lambda passphrase: Vault.read_envelope(vault.files.folder).unseal(
                    passphrase
                ),
                extra_words=lambda: (vault.files.folder.name,),
            ),
        )

    @property
    def folder(self) -> Path:
        return self._vault.files.folder

    @property
    def is_open(self) -> bool:
        return self._vault.is_open

    @property
    def vault(self) -> Vault:
        """The storage object, for exports, backups and tests (not for the UI)."""
        return self._vault

    def populate_demo(self, scale: str = "small", seed: int = 0) -> DemoSummary:
        """Fill this new, empty vault with made-up people (``--demo`` and the ``demo``
        command); the storage object stays here, behind the composition root."""
        from facilitator.services.demo import populate_demo  # loaded only for a demo

        summary = populate_demo(self._vault, scale=scale, seed=seed)
        # A demo is not a first evening: Today's first-steps checklist would only ask
        # for a backup of a throwaway vault (issue 16).
        self.services.today.dismiss_first_steps()
        return summary

    @property
    def missing_changes(self) -> int:
        """Changes reported saved that an open with ``accept_missing`` gave up (0 if none)."""
        return self._vault.verified.missing

    @property
    def kept_aside(self) -> tuple[Path, ...]:
        """The damaged log (and record) that open kept in the vault folder, if any."""
        return self._vault.verified.kept_aside

    def check(self) -> None:
        """Both integrity checks again; raises VaultDamaged."""
        self._vault.check()

    def deferred_check(self) -> IntegrityCheck | None:
        """The integrity check an open with ``full_check=False`` left out, to run on a
        thread of its own while the vault is in use (``run()``, ``cancel()``; locking
        stops it); None if nothing was left out."""
        return self._vault.deferred_check()

    def backup(self, path: Path) -> BackupReport:
        """Write an encrypted one-file backup to ``path`` and verify it (BackupFailed if not)."""
        return self._vault.backup(path)

    def change_passphrase(self, new_passphrase: str) -> None:
        self._vault.change_passphrase(new_passphrase)

    def remember_on_this_computer(self) -> KeyringStatus:
        return self._vault.remember_key()

    def lock(self) -> None:
        self._vault.close()

    close = lock

    def __enter__(self) -> OpenVault:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.is_open:
            self.lock()


def vault_exists(folder: Path) -> bool:
    return VaultFiles(folder).exists()


def create_vault(folder: Path, passphrase: str, clock: Clock = SYSTEM_CLOCK) -> OpenVault:
    return OpenVault(Vault.create(folder, passphrase), clock)


def open_vault(
    folder: Path,
    passphrase: str,
    clock: Clock = SYSTEM_CLOCK,
    *,
    full_check: bool = True,
    first_read: Callable[[OpenVault], None] | None = None,
    accept_missing: bool = False,
) -> OpenVault:
    """``full_check=False``: only the cipher check before opening; the rest is left to
    :meth:`OpenVault.deferred_check` (the desktop app's unlock).  ``first_read``: what
    the caller reads first, done while the cipher check runs (see storage/vault.py).
    ``accept_missing``: the user chose to go on with what can still be read when recent
    changes are missing; the damaged log is kept aside (``OpenVault.kept_aside``)."""
    if first_read is None:
        vault = Vault.open(folder, passphrase, full_check=full_check, accept_missing=accept_missing)
        return OpenVault(vault, clock)
    reader = _FirstRead(clock, first_read)
    return reader.result(
        Vault.open(
            folder,
            passphrase,
            full_check=full_check,
            first_read=reader,
            accept_missing=accept_missing,
        )
    )


def open_remembered(
    folder: Path,
    clock: Clock = SYSTEM_CLOCK,
    *,
    full_check: bool = True,
    first_read: Callable[[OpenVault], None] | None = None,
) -> OpenVault | None:
    """Open with the key remembered in the OS keyring, if there is one for this vault."""
    reader = _FirstRead(clock, first_read) if first_read is not None else None
    vault = Vault.open_remembered(folder, full_check=full_check, first_read=reader)
    if vault is None:
        return None
    return reader.result(vault) if reader is not None else OpenVault(vault, clock)


class _FirstRead:
    """Builds the OpenVault for ``work`` as soon as the vault can be read, so that the
    work can run while the vault is still being checked; the same OpenVault is then
    the one returned."""

    def __init__(self, clock: Clock, work: Callable[[OpenVault], None]) -> None:
        self._clock = clock
        self._work = work
        self._opened: OpenVault | None = None

    def __call__(self, vault: Vault) -> None:
        self._opened = OpenVault(vault, self._clock)
        self._work(self._opened)

    def result(self, vault: Vault) -> OpenVault:
        assert self._opened is not None and self._opened.vault is vault
        return self._opened


def check_vault(folder: Path, passphrase: str) -> inspection.CheckReport:
    """Every check on the vault, changing nothing in its folder (raises VaultDamaged,
    naming the part that is damaged)."""
    return inspection.check(folder, passphrase)


def check_remembered(folder: Path) -> inspection.CheckReport | None:
    """The same with the key remembered in the OS keyring; None if there is none."""
    return inspection.check_remembered(folder)


def forget_remembered(folder: Path) -> bool:
    """Remove this vault's key from the OS keyring without unlocking it."""
    return keystore.forget(Vault.read_envelope(folder).vault_id)


def restore(file: Path, folder: Path, passphrase: str, replace: bool = False) -> RestoreReport:
    """Restore a backup into ``folder``; an existing vault is replaced only with ``replace``
    (and then kept aside: ``RestoreReport.replaced``)."""
    return restore_backup(file, folder, passphrase, replace=replace)


def keyring_status() -> KeyringStatus:
    return keystore.status()


def require_keyring() -> KeyringStatus:
    """The secure keyring's status after a throwaway write and read-back, or
    KeyringUnavailable (with the reason) before anything is made."""
    return keystore.require()


def validate_new_passphrase(passphrase: str, extra_words: tuple[str, ...] = ()) -> None:
    """InvalidInput, with the reason, unless ``passphrase`` is strong enough for a vault
    (services/passphrase_strength.py: the one rule for the app and the command line)."""
    check_passphrase(passphrase)
    passphrase_strength.require_strong(passphrase, extra_words)
