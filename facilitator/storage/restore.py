"""Restoring a backup (the file format and the writer: facilitator.storage.backup).

Restoring checks, in order, before anything is changed: the container and its
checksum (:class:`BackupDamaged`, exit 4, also for a file whose first bytes are
damaged; a later format with its checksum intact asks for an update, exit 1), the
target (:class:`VaultExists` without ``replace``; :class:`VaultInUse` if it is open
elsewhere), the passphrase (:class:`WrongPassphrase`, exit 3).  The vault is rebuilt
in a hidden staging folder next to the target and opened there (both integrity
checks, migrations if the backup is older).  Only then is an existing vault moved
aside to ``<DIR>.replaced-<time>`` and the staging folder renamed into place; the
aside copy is kept (still encrypted, under its old passphrase) and its path reported,
for the user to delete once satisfied.

Its own module because it opens the restored vault (:class:`Vault`), while the vault
writes backups: one module for both made ``storage.vault`` and ``storage.backup``
import each other.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from facilitator.errors import InvalidInput, VaultDamaged, VaultExists
from facilitator.storage import commit_record, untrusted
from facilitator.storage.backup import extract_db, read_layout, table_counts
from facilitator.storage.envelope import Envelope
from facilitator.storage.files import (
    atomic_writer,
    fsync_dir,
    make_private_dir,
    set_private_umask,
)
from facilitator.storage.vault import Vault, VaultFiles, acquire_lock
from facilitator.vault_folder import DB_NAME, ENVELOPE_NAME

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RestoreReport:
    folder: Path
    replaced: Path | None  # where the previous vault was moved, if there was one
    tables: dict[str, int]
    seconds: float


def _aside_name(folder: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = folder.with_name(f"{folder.name}.replaced-{stamp}")
    attempt = 1
    while aside.exists():
        attempt += 1
        aside = folder.with_name(f"{folder.name}.replaced-{stamp}-{attempt}")
    return aside


def _check_lock_file(files: VaultFiles) -> None:
    """The vault to be replaced must have a lock file that can be taken (or none): one
    that is a link, a folder or a pipe cannot show whether the vault is open elsewhere."""
    unfit = untrusted.entry_problem(files.lock)
    if unfit is not None:
        raise VaultDamaged(
            f"The vault in {files.folder} cannot be replaced: its lock file "
            f"({files.lock.name}) {unfit.reason}, so Facilitator cannot make sure that "
            "no other window has it open. Nothing has been changed. Close every Facilitator "
            f"window, remove {files.lock.name} from that folder, and restore again."
        )


def restore_backup(
    backup: Path, folder: Path, passphrase: str, *, replace: bool = False
) -> RestoreReport:
    """Restore ``backup`` into ``folder`` (see the module doc for the order of checks)."""
    started = time.perf_counter()
    set_private_umask()
    backup = Path(backup).expanduser()
    files = VaultFiles(Path(folder).expanduser().absolute())
    layout = read_layout(backup)
    envelope = Envelope.from_json(layout.envelope)  # EnvelopeDamaged (exit 4) if off
    untrusted.check_folder(files.folder, (), key_file=ENVELOPE_NAME)  # can it be listed?
    existing = files.folder.exists() and (files.exists() or any(files.folder.iterdir()))
    if existing and not replace:
        raise VaultExists(
            f"{files.folder} already holds a vault (or other files). Nothing has been "
            "changed. Restore into another folder, or add --replace to replace it (the "
            "current vault is kept aside)."
        )
    if existing and not files.folder.is_dir():
        raise InvalidInput(f"{files.folder} is a file, not a folder. Nothing has been changed.")
    if existing and files.exists():
        _check_lock_file(files)
    old_lock = acquire_lock(files) if existing and files.exists() else None
    try:
        data_key = envelope.unseal(passphrase)  # WrongPassphrase (exit 3)
        files.folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(
            tempfile.mkdtemp(dir=files.folder.parent, prefix=f".{files.folder.name}.restoring-")
        )
        try:
            os.chmod(staging, 0o700)
            with atomic_writer(staging / ENVELOPE_NAME) as handle:
                handle.write(layout.envelope)
            extract_db(backup, layout, staging / DB_NAME)
            # The restored vault's record of saved changes starts at the backup's
            # commit counter (see commit_record.py).
            commit_record.start_fresh(staging, staging / DB_NAME, data_key)
            # Both integrity checks, then migrations if the backup is older; damage
            # after a good unwrap is reported as VaultDamaged (exit 4).
            vault = Vault.open_with_key(staging, data_key)
            with vault, vault.engine.connect() as connection:
                tables = table_counts(connection)
            aside: Path | None = None
            if existing:
                aside = _aside_name(files.folder)
                files.folder.rename(aside)
            try:
                staging.rename(files.folder)
            except BaseException:
                if aside is not None:
                    aside.rename(files.folder)
                raise
            fsync_dir(files.folder.parent)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    finally:
        if old_lock is not None and old_lock.is_locked:
            old_lock.release()
    make_private_dir(files.folder)
    log.info("vault restored from a backup")
    return RestoreReport(files.folder, aside, tables, time.perf_counter() - started)
