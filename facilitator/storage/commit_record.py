"""The vault's own record of its last commit, so that a lost or damaged WAL is never silent.

SQLite treats a write-ahead log that is missing, cut, or damaged in any frame as ending
just before the damage: every later commit is dropped, both integrity checks still
pass, and nothing says so.  Only something outside the log can tell.  So:

* **A commit counter in the database.**  Every transaction that wrote something adds
  one to SQLite's ``user_version`` (a 4-byte field of the database header, written
  and rolled back with the transaction: it lives in the same WAL as the commit).
* **The same counter in a small record beside it**, ``vault.commits``, authenticated
  with HMAC-SHA256 under a key derived from the data key (HKDF; nobody without the
  key can forge or raise it).  It is written after each commit has returned, with one
  ``write`` + ``fdatasync`` into one of two fixed 64-byte slots (counter mod 2): a
  write cut by a crash leaves the other slot, one commit older, valid.
* **Compared before the vault is opened**: the database's counter, read from a
  private copy of page 1 and the WAL (so nothing in the folder is checkpointed,
  rewritten or deleted, whatever is found), must be at least the record's.  If it is
  lower, commits that were reported saved are missing: :class:`VaultDamaged`, "recent
  changes may be missing", and the log is left exactly as it was.

Order, and the crashes in between: commit (fsync'd, ``synchronous=FULL``), then the
record.  A kill between them leaves the database one ahead of the record: fine.  The
record can be ahead of the database only if a commit that had returned is gone.  A
commit that failed rolls its increment back and writes no record.

What this does not see: the record rolled back together with the WAL (an older copy
of the whole folder put back, by a sync tool for instance) is a consistent older
vault, like a restored backup; a record older than the database alone loses nothing.
A missing record is damage once the database's counter is above zero (a vault whose
counter is still 0 when it is made or opened — new, or from before this record — gets
a record and one commit, checkpointed at once).  Restoring a backup starts a fresh
record at the backup's counter (``VACUUM INTO`` keeps ``user_version``).

Going on without the missing commits is the user's explicit choice (``facilitator
recover``, ``verify(accept_missing=True)``): the WAL is first copied, still
encrypted, into ``vault.db-wal.damaged-<time>`` in the folder, never deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import logging
import os
import shutil
import stat
import struct
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Connection, Engine, event

from facilitator.errors import VaultDamaged, VaultError
from facilitator.storage.engine import PRE_KEY_PRAGMAS, raw_key_literal
from facilitator.storage.files import atomic_write_bytes, atomic_writer, fsync_dir

log = logging.getLogger(__name__)

RECORD_NAME = "vault.commits"
WAL_SUFFIX = "-wal"

_MAGIC = b"FCLTRCR1"
_SLOT = 64
_BODY = struct.Struct(">8sQ")  # magic, counter
_MAC_BYTES = 32
_INFO = b"facilitator commit record v1"
_PENDING = "facilitator.commit_counter"  # connection.info: the counter this commit set
_SQLITE_MAX = 2**31 - 1  # user_version is a signed 32-bit integer
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

_MISSING = (
    "Recent changes to the vault may be missing: {count} change(s) reported saved "
    "cannot be read, because the vault's write-ahead log (vault.db-wal) is missing or "
    "damaged. Nothing has been changed and the log is kept as it is. Restore a backup "
    "of this vault (your passphrase was right)."
)
_NO_RECORD = (
    "The vault's record of saved changes (vault.commits) is missing, so recent changes "
    "may be missing without a word. Nothing has been changed. Restore a backup of this "
    "vault, or put the file back from a copy of the vault folder (your passphrase was "
    "right)."
)
_BAD_RECORD = (
    "The vault's record of saved changes (vault.commits) is damaged, so recent changes "
    "may be missing without a word. Nothing has been changed. Restore a backup of this "
    "vault (your passphrase was right)."
)
_UNREADABLE = (
    "The vault's database is damaged and cannot be opened safely. Nothing has been "
    "changed. Restore a backup of this vault (your passphrase was right)."
)
_NOT_WRITTEN = (
    "The change was saved, but the vault's record of saved changes could not be "
    "written. Check the disk (space, errors), then lock and unlock the vault."
)


def record_path(folder: Path) -> Path:
    return Path(folder) / RECORD_NAME


def record_key(data_key: bytes) -> bytes:
    """The record's HMAC key: its own key, derived from the data key."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(data_key)


def _slot(key: bytes, counter: int) -> bytes:
    body = _BODY.pack(_MAGIC, counter)
    mac = hmac.new(key, body, hashlib.sha256).digest()
    return (body + mac).ljust(_SLOT, b"\0")


def _parse(key: bytes, slot: bytes) -> int | None:
    body, mac = slot[: _BODY.size], slot[_BODY.size : _BODY.size + _MAC_BYTES]
    if not hmac.compare_digest(hmac.new(key, body, hashlib.sha256).digest(), mac):
        return None
    magic, counter = _BODY.unpack(body)
    return int(counter) if magic == _MAGIC else None


def read_record(path: Path, key: bytes) -> int | None:
    """The record's counter; None if there is no record.  VaultDamaged if neither slot
    is intact (or the file is not a record)."""
    try:
        # Not followed if it is a symlink; its size is checked before anything is read.
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:  # a symlink or an unreadable file in its place
        log.error("the commit record could not be opened: %s", type(exc).__name__)
        raise VaultDamaged(_BAD_RECORD) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != 2 * _SLOT:
            raise VaultDamaged(_BAD_RECORD)
        raw = os.read(fd, 2 * _SLOT)
    except OSError as exc:  # a folder in its place, a read error
        log.error("the commit record could not be read: %s", type(exc).__name__)
        raise VaultDamaged(_BAD_RECORD) from None
    finally:
        os.close(fd)
    if len(raw) != 2 * _SLOT:
        raise VaultDamaged(_BAD_RECORD)
    counters = [c for c in (_parse(key, raw[:_SLOT]), _parse(key, raw[_SLOT:])) if c is not None]
    if not counters:
        raise VaultDamaged(_BAD_RECORD)
    return max(counters)


def create_record(path: Path, key: bytes, counter: int) -> None:
    """A new record holding ``counter`` in both slots, written atomically."""
    atomic_write_bytes(path, _slot(key, counter) * 2)


# -- the database's counter, read without touching the folder ---------------------------


@contextlib.contextmanager
def _private_copy(db: Path) -> Iterator[Path]:
    """Page 1 of ``db`` (where ``user_version`` lives) in a sparse file of the same size,
    and its WAL, in a private temporary folder.  Encrypted bytes only; SQLite may
    recover, checkpoint or delete the copy's WAL as it likes."""
    folder = Path(tempfile.mkdtemp(prefix="facilitator-probe-"))
    try:
        copy = folder / db.name
        with db.open("rb") as src, copy.open("wb") as dst:
            dst.write(src.read(4096))
            dst.truncate(os.fstat(src.fileno()).st_size)
        wal = db.with_name(db.name + WAL_SUFFIX)
        if wal.is_file() and not wal.is_symlink():
            shutil.copyfile(wal, folder / wal.name)
        yield copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def read_counter(connection: Any) -> int:
    """``user_version`` on a keyed DB-API connection."""
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def database_counter(db: Path, data_key: bytes) -> int:
    """The counter of the last commit SQLite can read from ``db`` and its WAL."""
    with _private_copy(db) as copy:
        connection = sqlcipher3.connect(str(copy))
        try:
            for pragma in PRE_KEY_PRAGMAS:
                connection.execute(pragma)
            connection.execute(f'PRAGMA key = "{raw_key_literal(data_key)}"')
            return read_counter(connection)
        except sqlcipher3.DatabaseError as exc:
            log.error("the database header could not be read: %s", type(exc).__name__)
            raise VaultDamaged(_UNREADABLE) from None
        finally:
            connection.close()


@dataclass(frozen=True, slots=True)
class Verified:
    """What :func:`verify` found."""

    counter: int  # the database's commit counter, as SQLite reads it
    recorded: int | None  # the record's (None: no record yet, a vault from before it)
    missing: int = 0  # commits reported saved that were given up (accept_missing)
    kept_aside: tuple[Path, ...] = ()  # the damaged log (and record) kept in the folder


def verify(folder: Path, db: Path, data_key: bytes, *, accept_missing: bool = False) -> Verified:
    """Compare the database's counter (``db`` and its WAL, read from a private copy)
    with the record's; VaultDamaged if commits reported saved are missing or the record
    is missing or damaged.

    ``accept_missing`` (the user chose to go on with what can still be read): instead,
    copy the WAL and a damaged record aside into dated files in the folder (never
    deleted: the frames after the damage are still there, encrypted), and start the
    record again at the database's counter.  SQLite then uses the log up to the damage.
    """
    key = record_key(data_key)
    path = record_path(folder)
    counter = database_counter(db, data_key)
    try:
        recorded = read_record(path, key)
        compare(counter, recorded)
    except VaultDamaged:
        if not accept_missing:
            raise
        return _set_aside(folder, db, key, counter)
    return Verified(counter, recorded)


def _set_aside(folder: Path, db: Path, key: bytes, counter: int) -> Verified:
    record = record_path(folder)
    try:
        recorded, record_damaged = read_record(record, key), False
    except VaultDamaged:
        recorded, record_damaged = None, True
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept: list[Path] = []
    wal = db.with_name(db.name + WAL_SUFFIX)
    if wal.is_file() and not wal.is_symlink():
        # Copied, not moved: SQLite still reads the log up to the damage.
        aside = _free_name(wal.with_name(f"{wal.name}.damaged-{stamp}"))
        with wal.open("rb") as src, atomic_writer(aside) as dst:
            shutil.copyfileobj(src, dst)
        kept.append(aside)
    if record_damaged:
        aside = _free_name(record.with_name(f"{record.name}.damaged-{stamp}"))
        record.rename(aside)
        fsync_dir(folder)
        kept.append(aside)
    create_record(record, key, counter)
    missing = max(0, (recorded or 0) - counter)
    log.warning("went on without %d missing commit(s); the log was kept aside", missing)
    return Verified(counter, counter, missing=missing, kept_aside=tuple(kept))


def _free_name(path: Path) -> Path:
    candidate, attempt = path, 1
    while candidate.exists():
        attempt += 1
        candidate = path.with_name(f"{path.name}-{attempt}")
    return candidate


def compare(counter: int, recorded: int | None) -> None:
    if recorded is None:
        if counter > 0:
            log.error("the commit record is missing")
            raise VaultDamaged(_NO_RECORD)
        return
    if counter < recorded:
        log.error("%d commit(s) reported saved are missing", recorded - counter)
        raise VaultDamaged(_MISSING.format(count=recorded - counter))


# -- writing it with every commit -------------------------------------------------------


class CommitRecord:
    """The open record of a vault: advanced after every commit that wrote something."""

    def __init__(self, path: Path, key: bytes, counter: int) -> None:
        self._lock = threading.Lock()
        self._key = key
        self._last = counter
        self._fd: int | None = os.open(path, os.O_RDWR | _NOFOLLOW | getattr(os, "O_BINARY", 0))

    def advance(self, counter: int) -> None:
        """Record ``counter`` (once its commit has returned); never moves back."""
        with self._lock:
            if self._fd is None or counter <= self._last:
                return
            try:
                os.lseek(self._fd, (counter % 2) * _SLOT, os.SEEK_SET)
                os.write(self._fd, _slot(self._key, counter))
                getattr(os, "fdatasync", os.fsync)(self._fd)
            except OSError as exc:
                log.error("the commit record could not be written: %s", type(exc).__name__)
                raise VaultError(_NOT_WRITTEN) from None
            self._last = counter

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


def install(engine: Engine, record: CommitRecord) -> None:
    """Count every commit of ``engine`` that wrote something and record it afterwards.

    The increment runs inside the transaction just before COMMIT (SQLAlchemy's
    ``commit`` event); the record is written once the DB-API commit has returned
    (the dialect's ``do_commit``).  A transaction that only read commits as before.
    """

    @event.listens_for(engine, "commit")
    def _count(connection: Connection) -> None:
        dbapi = connection.connection.dbapi_connection
        if dbapi is None or not dbapi.in_transaction:
            return
        counter = read_counter(dbapi) + 1
        if counter > _SQLITE_MAX:  # pragma: no cover - two thousand million commits
            counter = 1
        dbapi.execute(f"PRAGMA user_version = {int(counter)}")
        connection.info[_PENDING] = counter

    dialect = engine.dialect
    commit = dialect.do_commit

    def do_commit(dbapi_connection: Any) -> None:
        pending = dbapi_connection.info.pop(_PENDING, None)
        commit(dbapi_connection)
        if pending is not None:
            record.advance(pending)

    setattr(dialect, "do_commit", do_commit)  # noqa: B010 - this engine's dialect only


def bump(engine: Engine) -> None:
    """One commit that only advances the counter (a vault's first, or a legacy one's)."""
    with engine.begin() as connection:
        dbapi = connection.connection.dbapi_connection
        assert dbapi is not None
        # Anything that opens a write transaction, so that the commit event counts it.
        dbapi.execute("BEGIN IMMEDIATE")


def start_fresh(folder: Path, db: Path, data_key: bytes) -> int:
    """A new record at the database's counter (a restored backup's folder)."""
    counter = database_counter(db, data_key)
    create_record(record_path(folder), record_key(data_key), counter)
    return counter
