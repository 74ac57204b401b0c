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

Checkpoints (copying the WAL into ``vault.db``) are where the counter alone is not
enough: SQLite writes page 1 first, so a checkpoint cut short leaves a ``vault.db``
whose counter is the newest while other pages are older, and if the WAL is then lost
nothing is missing by the count.  So SQLite never checkpoints by itself
(``wal_autocheckpoint = 0``; closing a vault left open goes through the marked path,
storage/vault.py) and every checkpoint goes through :func:`checkpoint` or
:func:`_marked`, one at a time, with the record in stages: COPYING (the WAL must then
hold every counted commit by itself, :func:`log_counter`), COPIED (``vault.db`` holds
every commit up to the counter taken at COPYING; later ones must be in the WAL), then
cleared; the record keeps that counter (``copied``), and ``vault.db`` read alone must
hold at least it (:func:`check_log`: else it is an older copy of the file).

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
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Connection, Engine, event

from facilitator.errors import VaultDamaged, VaultError, VaultLocked
from facilitator.storage.engine import PRE_KEY_PRAGMAS, raw_key_literal
from facilitator.storage.files import atomic_write_bytes, atomic_writer, fsync_dir

log = logging.getLogger(__name__)

RECORD_NAME = "vault.commits"
WAL_SUFFIX = "-wal"

_MAGIC_V1 = b"FCLTRCR1"  # magic, counter (before the checkpoint mark)
_MAGIC = b"FCLTRCR2"
_SLOT = 64
_BODY_V1 = struct.Struct(">8sQ")
_BODY = struct.Struct(">8sQQQ")  # magic, write sequence, counter, flags
# flags: the stage of a checkpoint in its low 2 bits, and above them the counter the
# database file itself held whole at the end of the last complete checkpoint.
COPYING = 1  # a checkpoint may be writing into vault.db: the WAL must hold every commit
COPIED = 2  # vault.db holds every commit up to ``copied``; later ones only in the WAL
_STAGE_BITS = 2
_MODULO = 2**31  # user_version is a signed 32-bit integer: the counter wraps to 1
_MAC_BYTES = 32
_PAGE = 4096  # SQLCipher's page size
_SALT = 16  # SQLCipher's salt: the first bytes of page 1, in clear
_INFO = b"facilitator commit record v1"
_PENDING = "facilitator.commit_counter"  # connection.info: the counter this commit set
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
_TORN = (
    "Recent changes to the vault may be missing or incomplete: the vault was stopped "
    "while it was copying its write-ahead log (vault.db-wal) into the database, and "
    "that log is now missing or damaged, so the database may hold only part of them. "
    "Nothing has been changed and the log is kept as it is. Restore a backup of this "
    "vault (your passphrase was right)."
)
_OLDER = (
    "The vault's database file (vault.db) is older than the vault's record of saved "
    "changes: it was put back from an older copy (a sync tool, a backup program, a "
    "file's previous version), so changes reported saved may be missing. Nothing has "
    "been changed. Restore a backup of this vault (your passphrase was right)."
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


@dataclass(frozen=True, slots=True)
class RecordState:
    """What the record says: the last commit reported saved, and whether a checkpoint
    (the WAL being copied into the database file) had begun and not yet finished."""

    counter: int
    stage: int = 0  # 0, COPYING or COPIED
    copied: int = 0  # the counter vault.db held whole after the last complete checkpoint
    sequence: int = 0  # which write this was: the later of the two slots wins

    @property
    def checkpointing(self) -> bool:
        return self.stage != 0


def _slot(key: bytes, state: RecordState) -> bytes:
    flags = (state.copied << _STAGE_BITS) | state.stage
    body = _BODY.pack(_MAGIC, state.sequence, state.counter, flags)
    mac = hmac.new(key, body, hashlib.sha256).digest()
    return (body + mac).ljust(_SLOT, b"\0")


def _parse(key: bytes, slot: bytes) -> RecordState | None:
    for size in (_BODY.size, _BODY_V1.size):
        body, mac = slot[:size], slot[size : size + _MAC_BYTES]
        if hmac.compare_digest(hmac.new(key, body, hashlib.sha256).digest(), mac):
            break
    else:
        return None
    if size == _BODY.size and body[:8] == _MAGIC:
        _magic, sequence, counter, flags = _BODY.unpack(body)
        stage = int(flags) & ((1 << _STAGE_BITS) - 1)
        if stage not in (0, COPYING, COPIED):
            return None
        return RecordState(int(counter), stage, int(flags) >> _STAGE_BITS, int(sequence))
    if size == _BODY_V1.size and body[:8] == _MAGIC_V1:  # one slot per counter, mod 2
        _magic, counter = _BODY_V1.unpack(body)
        return RecordState(int(counter), 0, 0, int(counter))
    return None


def read_state(path: Path, key: bytes) -> RecordState | None:
    """The record's latest intact write; None if there is no record.  VaultDamaged if
    neither slot is intact (or the file is not a record)."""
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
    states = [s for s in (_parse(key, raw[:_SLOT]), _parse(key, raw[_SLOT:])) if s is not None]
    if not states:
        raise VaultDamaged(_BAD_RECORD)
    return max(states, key=lambda s: (s.sequence, s.counter))


def read_record(path: Path, key: bytes) -> int | None:
    """The record's counter; None if there is no record (see :func:`read_state`)."""
    state = read_state(path, key)
    return None if state is None else state.counter


def create_record(path: Path, key: bytes, counter: int) -> None:
    """A new record holding ``counter`` in both slots, written atomically."""
    state = RecordState(counter)
    atomic_write_bytes(path, _slot(key, state) * 2)


# -- the database's counter, read without touching the folder ---------------------------


@contextlib.contextmanager
def _private_copy(db: Path, *, log_only: bool = False, with_log: bool = True) -> Iterator[Path]:
    """Page 1 of ``db`` (where ``user_version`` lives) in a sparse file of the same size,
    and its WAL, in a private temporary folder.  Encrypted bytes only; SQLite may
    recover, checkpoint or delete the copy's WAL as it likes.

    ``log_only``: of page 1 only its first 16 bytes (SQLCipher's salt, needed to check
    any page), so that page 1, and with it the counter, can only come from the WAL.
    ``with_log`` False: page 1 as the file itself holds it, without the WAL."""
    folder = Path(tempfile.mkdtemp(prefix="facilitator-probe-"))
    try:
        copy = folder / db.name
        with db.open("rb") as src, copy.open("wb") as dst:
            first = src.read(_PAGE)
            dst.write(first[:_SALT].ljust(len(first), b"\0") if log_only else first)
            dst.truncate(os.fstat(src.fileno()).st_size)
        wal = db.with_name(db.name + WAL_SUFFIX)
        if with_log and wal.is_file() and not wal.is_symlink():
            shutil.copyfile(wal, folder / wal.name)
        yield copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def read_counter(connection: Any) -> int:
    """``user_version`` on a keyed DB-API connection."""
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def _counter_of(copy: Path, data_key: bytes) -> int | None:
    connection = sqlcipher3.connect(str(copy))
    try:
        for pragma in PRE_KEY_PRAGMAS:
            connection.execute(pragma)
        connection.execute(f'PRAGMA key = "{raw_key_literal(data_key)}"')
        return read_counter(connection)
    except sqlcipher3.DatabaseError as exc:
        log.info("page 1 could not be read: %s", type(exc).__name__)
        return None
    finally:
        connection.close()


def database_counter(db: Path, data_key: bytes) -> int:
    """The counter of the last commit SQLite can read from ``db`` and its WAL."""
    with _private_copy(db) as copy:
        counter = _counter_of(copy, data_key)
    if counter is None:
        log.error("the database header could not be read")
        raise VaultDamaged(_UNREADABLE)
    return counter


def file_counter(db: Path, data_key: bytes) -> int | None:
    """The counter of page 1 as ``vault.db`` itself holds it, without its WAL."""
    with _private_copy(db, with_log=False) as copy:
        return _counter_of(copy, data_key)


def log_counter(db: Path, data_key: bytes) -> int | None:
    """The counter of the last commit the WAL of ``db`` holds whole by itself (every
    commit writes page 1); None if it holds none (missing, emptied, damaged from its
    first frame)."""
    with _private_copy(db, log_only=True) as copy:
        return _counter_of(copy, data_key)


def behind(counter: int, recorded: int) -> int:
    """How many commits ``counter`` is behind ``recorded`` (0 if not behind), the
    counter wrapping as user_version does (serial-number arithmetic, RFC 1982)."""
    gap = (recorded - counter) % _MODULO
    return gap if 0 < gap < _MODULO // 2 else 0


def check_log(db: Path, data_key: bytes, state: RecordState | None) -> None:
    """What the database file itself must hold, and what its WAL must, by the record's
    checkpoint stage: VaultDamaged if either falls short.

    - ``vault.db`` alone (page 1 without the WAL) must count at least ``copied``, the
      commits a complete checkpoint had written into it: else it is an older copy of
      the file put back under a newer WAL (a sync tool, a file's "previous version").
    - COPYING (a checkpoint had begun and not finished): vault.db may hold some pages
      of newer commits and not others, and only the WAL, read again from its start,
      completes it; so the WAL alone must hold every commit the record counts.
    - COPIED (the copy had finished, the WAL was being emptied): the same for the
      commits after ``copied`` (another thread's, which the emptying copies too)."""
    if state is None:
        return
    needed = state.stage == COPYING or (
        state.stage == COPIED and behind(state.copied, state.counter) > 0
    )
    if state.copied:
        # Mid-copy the file may not even read alone (page 1 already counts pages not
        # yet written): then the WAL decides.  Read, it must not be older.
        own = file_counter(db, data_key)
        if (own is None and not needed) or (own is not None and behind(own, state.copied)):
            log.error("the database file is older than its last checkpoint")
            raise VaultDamaged(_OLDER)
    if not needed:
        return
    logged = log_counter(db, data_key)
    if logged is None or behind(logged, state.counter):
        log.error("a checkpoint was cut short and the log does not hold its commits")
        raise VaultDamaged(_TORN)


@dataclass(frozen=True, slots=True)
class Verified:
    """What :func:`verify` found."""

    counter: int  # the database's commit counter, as SQLite reads it
    state: RecordState | None  # the record's (None: no record yet, a vault from before it)
    missing: int = 0  # commits reported saved that were given up (accept_missing)
    kept_aside: tuple[Path, ...] = ()  # the damaged log (and record) kept in the folder


def verify(folder: Path, db: Path, data_key: bytes, *, accept_missing: bool = False) -> Verified:
    """Compare the database's counter (``db`` and its WAL, read from a private copy)
    with the record's; VaultDamaged if commits reported saved are missing, if a
    checkpoint was cut short and the WAL no longer completes it, or if the record is
    missing or damaged.

    ``accept_missing`` (the user chose to go on with what can still be read): instead,
    copy the WAL and a damaged record aside into dated files in the folder (never
    deleted: the frames after the damage are still there, encrypted), and start the
    record again at the database's counter.  SQLite then uses the log up to the damage.
    """
    key = record_key(data_key)
    path = record_path(folder)
    counter = database_counter(db, data_key)
    try:
        state = read_state(path, key)
        compare(counter, None if state is None else state.counter)
        check_log(db, data_key, state)
    except VaultDamaged:
        if not accept_missing:
            raise
        return _set_aside(folder, db, key, counter)
    return Verified(counter, state)


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
    missing = behind(counter, recorded or 0)
    log.warning("went on without %d missing commit(s); the log was kept aside", missing)
    return Verified(counter, RecordState(counter), missing=missing, kept_aside=tuple(kept))


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
    missing = behind(counter, recorded)
    if missing:
        log.error("%d commit(s) reported saved are missing", missing)
        raise VaultDamaged(_MISSING.format(count=missing))


# -- writing it with every commit -------------------------------------------------------


class CommitRecord:
    """The open record of a vault: advanced after every commit that wrote something,
    and marked through each checkpoint (COPYING, then COPIED, then cleared).

    Every write goes to the slot the previous one did not (its sequence, mod 2), so a
    write cut by a crash leaves the previous state whole: one commit older (no loss
    can hide behind that: the database is then one ahead), or the stage before
    (COPYING: the copy had not begun; COPIED: it had finished; cleared: the WAL was
    emptied).  Checkpoints run one at a time (``self.checkpoints``)."""

    def __init__(self, path: Path, key: bytes, state: RecordState) -> None:
        self._lock = threading.Lock()
        self.checkpoints = threading.Lock()
        self._key = key
        self._state = state
        self._copying = 0  # the counter taken when the running checkpoint began
        self.next_log_check = 0  # beyond LOG_LIMIT: the WAL size for the next try (install)
        self._fd: int | None = os.open(path, os.O_RDWR | _NOFOLLOW | getattr(os, "O_BINARY", 0))

    @property
    def closed(self) -> bool:
        return self._fd is None

    def _write(self, counter: int, stage: int, copied: int) -> None:
        """Under the lock."""
        state = RecordState(counter, stage, copied, self._state.sequence + 1)
        if self._fd is None:
            raise VaultLocked("The vault is locked. Unlock it to continue.")
        try:
            os.lseek(self._fd, (state.sequence % 2) * _SLOT, os.SEEK_SET)
            os.write(self._fd, _slot(self._key, state))
            getattr(os, "fdatasync", os.fsync)(self._fd)
        except OSError as exc:
            log.error("the commit record could not be written: %s", type(exc).__name__)
            raise VaultError(_NOT_WRITTEN) from None
        self._state = state

    def advance(self, counter: int) -> None:
        """Record ``counter`` (once its commit has returned); never moves back."""
        with self._lock:
            now = self._state
            if behind(now.counter, counter):
                self._write(counter, now.stage, now.copied)

    def stage(self, stage: int) -> int:
        """Write ``stage`` (COPYING, COPIED or 0): COPYING before a checkpoint may write
        into the database file (the counter it returns is one that checkpoint is sure
        to copy: every commit recorded has returned); COPIED once it has copied the
        whole WAL; 0 once the WAL is emptied (or left whole, after a passive one)."""
        with self._lock:
            now = self._state
            copied = now.copied
            if stage == COPIED:
                copied = self._copying
            elif stage == COPYING:
                self._copying = now.counter
            if (stage, copied) != (now.stage, now.copied):
                self._write(now.counter, stage, copied)
            return now.counter

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


_RECORDS: weakref.WeakKeyDictionary[Engine, CommitRecord] = weakref.WeakKeyDictionary()
# A checkpoint of a larger log than this is made after the commit that grows it past it
# (SQLite's own automatic checkpoint, off on every connection, would run unmarked).
# The WAL file is also kept to this size when SQLite starts it again
# (``journal_size_limit``, engine.py): without it, once one large transaction had grown
# the file, every later commit would find it over the limit.
LOG_LIMIT = 4 * 1024 * 1024


def install(engine: Engine, record: CommitRecord) -> None:
    """Count every commit of ``engine`` that wrote something and record it afterwards.

    The increment runs inside the transaction just before COMMIT (SQLAlchemy's
    ``commit`` event); the record is written once the DB-API commit has returned
    (the dialect's ``do_commit``).  A transaction that only read commits as before.
    Once the vault is locked (the record closed) no transaction may write: it is
    rolled back (VaultLocked).  A commit that leaves the WAL over :data:`LOG_LIMIT` is
    followed by a (passive, marked) checkpoint, unless one is already running.
    """
    _RECORDS[engine] = record
    wal = Path(str(engine.url.database) + WAL_SUFFIX)

    @event.listens_for(engine, "commit")
    def _count(connection: Connection) -> None:
        dbapi = connection.connection.dbapi_connection
        if dbapi is None or not dbapi.in_transaction:
            return
        if record.closed:
            raise VaultLocked("The vault is locked. Unlock it to continue.")
        counter = read_counter(dbapi) % (_MODULO - 1) + 1  # 1 .. 2**31 - 1, then 1
        dbapi.execute(f"PRAGMA user_version = {int(counter)}")
        connection.info[_PENDING] = counter

    dialect = engine.dialect
    commit = dialect.do_commit

    def do_commit(dbapi_connection: Any) -> None:
        pending = dbapi_connection.info.pop(_PENDING, None)
        commit(dbapi_connection)
        if pending is not None:
            record.advance(pending)
            with contextlib.suppress(OSError):
                size = wal.stat().st_size
                if size <= LOG_LIMIT:
                    record.next_log_check = 0
                elif size > max(LOG_LIMIT, record.next_log_check) and record.checkpoints.acquire(
                    blocking=False
                ):
                    # Tried again only after another quarter of the limit: a reader
                    # that keeps SQLite from starting the WAL again would otherwise
                    # make every commit checkpoint.
                    record.next_log_check = size + LOG_LIMIT // 4
                    try:
                        _marked(record, dbapi_connection.cursor().execute, "PASSIVE")
                    finally:
                        record.checkpoints.release()

    setattr(dialect, "do_commit", do_commit)  # noqa: B010 - this engine's dialect only


def _marked(record: CommitRecord | None, execute: Any, mode: str) -> tuple[int, int, int]:
    """``PRAGMA wal_checkpoint(mode)`` with the record marked COPYING while it runs and
    cleared once it has copied the whole WAL (which it leaves whole).  A checkpoint
    that raised or did not copy everything leaves the mark: the database file may
    hold part of it, until one completes."""
    if record is not None:
        record.stage(COPYING)
    busy, frames, done = execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
    if record is not None and not busy and frames == done:
        record.stage(COPIED)
        record.stage(0)
    return int(busy), int(frames), int(done)


def checkpoint(connection: Connection, *, truncate: bool = True) -> tuple[int, int, int]:
    """Copy the WAL into the database file, the record marked while pages may be
    written there (see the module doc), and then, if ``truncate``, empty the WAL file.

    In steps, so that no crash leaves a record that reads wrong: COPYING; RESTART
    copies every frame and leaves the log whole; COPIED (the database file holds
    every commit up to the counter taken at COPYING); TRUNCATE empties the log — and
    copies any commit another thread made meanwhile, which COPIED covers: those are
    above its counter, so the WAL must hold them; then cleared.  One checkpoint at a
    time.  Returns SQLite's (busy, frames in the log, frames copied) of the last step."""
    record = _RECORDS.get(connection.engine)
    if record is None:
        result = connection.exec_driver_sql("PRAGMA wal_checkpoint(RESTART)").one()
        if truncate and not result[0]:
            result = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        return int(result[0]), int(result[1]), int(result[2])
    with record.checkpoints:
        record.stage(COPYING)
        busy, frames, done = connection.exec_driver_sql("PRAGMA wal_checkpoint(RESTART)").one()
        if busy or frames != done:
            return int(busy), int(frames), int(done)  # the mark stays (see _marked)
        record.stage(COPIED)
        if truncate:
            busy, frames, done = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
            if busy:
                return int(busy), int(frames), int(done)  # COPIED stays
        record.stage(0)
        return int(busy), int(frames), int(done)


@contextlib.contextmanager
def log_kept(db: Path, data_key: bytes) -> Iterator[None]:
    """While the body runs (closing an engine that must not checkpoint: a vault that
    failed to open), a read-only connection holds the database: SQLite's last
    connection to close copies the WAL into the database, unmarked, and deletes it,
    and a read-only one cannot.  The WAL stays as it is.  (An empty or absent WAL has
    nothing to copy: SQLite removes it, as it always did.)"""
    holder = None
    wal = Path(str(db) + WAL_SUFFIX)
    try:
        if not wal.is_file() or wal.stat().st_size == 0:
            raise FileNotFoundError(wal.name)
        holder = sqlcipher3.connect(f"{Path(db).absolute().as_uri()}?mode=ro", uri=True)
        for pragma in PRE_KEY_PRAGMAS:
            holder.execute(pragma)
        holder.execute(f'PRAGMA key = "{raw_key_literal(data_key)}"')
        read_counter(holder)  # a read: from now on it holds the database open
    except FileNotFoundError:
        pass  # nothing to keep
    except (OSError, sqlcipher3.Error) as exc:
        log.info("the log could not be held: %s", type(exc).__name__)
    try:
        yield
    finally:
        if holder is not None:
            holder.close()


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
