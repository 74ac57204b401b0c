"""``facilitator check``: every test on the vault, without changing a byte of its folder.

Opening the vault itself would not do: SQLite's first connection recovers the WAL and
its last one checkpoints it into the database and deletes it, which destroys the
intact frames after a damaged one, and ``PRAGMA optimize`` may write statistics.  So
the check copies the encrypted database and its WAL (never the plaintext: SQLCipher
pages stay encrypted on disk) into a private temporary folder, under the vault's lock,
and works on the copy: the commit counter against the record (commit_record.py), the
page check, the structural check, and a count of groups and members.  The ``-shm``
index is not copied: SQLite rebuilds it from the WAL, as it does at every first open.

What it says: healthy (with the counts), or :class:`VaultDamaged` naming the part —
the key file, the database's pages or structure, the record of saved changes, or the
write-ahead log with the number of changes reported saved that cannot be read.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from facilitator.errors import VaultDamaged
from facilitator.storage import commit_record, keystore
from facilitator.storage.engine import make_engine
from facilitator.storage.integrity import CIPHER_CHECK, FULL_CHECK, run_check
from facilitator.storage.vault import Vault, VaultFiles, acquire_lock

log = logging.getLogger(__name__)

_PAGES = (
    "The vault's database is damaged: {which}. Nothing has been changed. Restore a "
    "backup of this vault (your passphrase was right)."
)


@dataclass(frozen=True, slots=True)
class CheckReport:
    groups: int
    members: int
    commits: int  # the commit counter, in the database and in the record


def check(folder: Path, passphrase: str) -> CheckReport:
    """Check the vault in ``folder`` with its passphrase (WrongPassphrase if wrong)."""
    files = VaultFiles(folder)
    envelope = Vault.read_envelope(folder)
    with _locked(files):
        return _check(files, envelope.unseal(passphrase))


def check_remembered(folder: Path) -> CheckReport | None:
    """The same with the key remembered in the OS keyring; None if there is none."""
    files = VaultFiles(folder)
    envelope = Vault.read_envelope(folder)
    data_key = keystore.recall(envelope.vault_id)
    if data_key is None or not envelope.matches(data_key):
        return None
    with _locked(files):
        return _check(files, data_key)


@contextlib.contextmanager
def _locked(files: VaultFiles) -> Iterator[None]:
    lock = acquire_lock(files)
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def _private_copy(files: VaultFiles) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="facilitator-check-"))
    try:
        copy = folder / files.db.name
        shutil.copyfile(files.db, copy)
        wal = files.db.with_name(files.db.name + commit_record.WAL_SUFFIX)
        if wal.is_file() and not wal.is_symlink():
            shutil.copyfile(wal, folder / wal.name)
        yield copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check(files: VaultFiles, data_key: bytes) -> CheckReport:
    state = commit_record.read_state(
        commit_record.record_path(files.folder), commit_record.record_key(data_key)
    )
    recorded = None if state is None else state.counter
    # A checkpoint cut short whose WAL is gone leaves a database that may not even
    # open: said first, for what it is.
    commit_record.check_log(files.db, data_key, state)
    with _private_copy(files) as copy:
        engine = make_engine(copy, data_key)
        try:
            try:  # the connection's own settings already read page 1
                connected = engine.connect()
            except DBAPIError as exc:
                log.error("the database could not be read: %s", type(exc.orig).__name__)
                raise VaultDamaged(_PAGES.format(which="it cannot be read")) from None
            with connected as connection:
                dbapi = connection.connection.dbapi_connection
                try:
                    counter = commit_record.read_counter(dbapi)
                    run_check(connection, CIPHER_CHECK, _PAGES.format(which="a page is altered"))
                except DBAPIError as exc:
                    log.error("the database could not be read: %s", type(exc.orig).__name__)
                    raise VaultDamaged(_PAGES.format(which="it cannot be read")) from None
                # Missing commits first: SQLite reads a damaged WAL as a shorter,
                # healthy one, so the checks below would pass.
                commit_record.compare(counter, recorded)
                try:
                    run_check(
                        connection, FULL_CHECK, _PAGES.format(which="its structure is broken")
                    )
                    groups = _count(connection, "groups")
                    members = _count(connection, "members")
                except DBAPIError as exc:
                    log.error("the database could not be read: %s", type(exc.orig).__name__)
                    raise VaultDamaged(_PAGES.format(which="it cannot be read")) from None
        finally:
            engine.dispose()
    return CheckReport(groups=groups, members=members, commits=counter)


def _count(connection: Connection, table: str) -> int:
    return int(connection.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar_one())
