"""Backups: one encrypted file that restores a vault with the passphrase alone.

The file (``.fbk`` by convention) is a small container, all integers big-endian::

    magic      16 bytes  b"FCLTR-BACKUP\\r\\n\\x1a\\n"
    version     2 bytes  1
    env_len     4 bytes  length of the key envelope
    envelope  env_len    the vault's key.json, byte for byte (the data key wrapped
                         by the passphrase with Argon2id + AES-256-GCM)
    db_len      8 bytes  length of the database
    database   db_len    a ``VACUUM INTO`` copy of vault.db: SQLCipher 4, the same
                         data key and cipher settings, so it is encrypted throughout
    sha256     32 bytes  SHA-256 of everything above

The SHA-256 is not a secret and not a MAC (SQLCipher's per-page HMAC and the
envelope's AES-GCM authenticate the contents): it tells a damaged file apart from
a wrong passphrase, which both would otherwise report as "file is not a database".

Writing: checkpoint, count every table's rows, ``VACUUM INTO`` a private temporary
folder next to the target, pack the container atomically at 0600, then read the
written file back, open its database with the data key, run both integrity checks
and compare the row counts.  Any failure removes the file (:class:`BackupFailed`).

Restoring is in facilitator.storage.restore (it opens the restored vault, and the
vault writes backups with this module).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import struct
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from facilitator.errors import (
    BackupDamaged,
    BackupFailed,
    InvalidInput,
)
from facilitator.storage import commit_record
from facilitator.storage.engine import make_engine
from facilitator.storage.envelope import MAX_ENVELOPE_BYTES
from facilitator.storage.files import (
    atomic_writer,
    set_private_umask,
)
from facilitator.storage.untrusted import UnfitFile, open_regular
from facilitator.vault_folder import DB_NAME

log = logging.getLogger(__name__)

MAGIC = b"FCLTR-BACKUP\r\n\x1a\n"
VERSION = 1
_HEAD = struct.Struct(">HI")
_DB_LEN = struct.Struct(">Q")
_DIGEST = 32
_CHUNK = 1 << 20

_DAMAGED = (
    "The backup file {path} is damaged (cut short or altered), so it cannot be "
    "restored. Nothing has been changed. Use another backup."
)


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: Path
    bytes: int
    tables: dict[str, int]
    seconds: float


@dataclass(frozen=True, slots=True)
class _Layout:
    envelope: bytes
    db_offset: int
    db_len: int


# -- counting and checking ------------------------------------------------------------


def table_counts(connection: Connection) -> dict[str, int]:
    """Rows per table (every table but SQLite's own), by name."""
    names = [
        str(r[0])
        for r in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        )
    ]
    counts: dict[str, int] = {}
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        row = connection.exec_driver_sql(f"SELECT count(*) FROM {quoted}").scalar_one()
        counts[name] = int(row)
    return counts


def _integrity_ok(connection: Connection) -> bool:
    if connection.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall():
        return False
    result = connection.exec_driver_sql("PRAGMA integrity_check").fetchall()
    return [tuple(r) for r in result] == [("ok",)]


# -- the container --------------------------------------------------------------------


def _copy(src: IO[bytes], dst: IO[bytes], length: int, digest: hashlib._Hash | None) -> None:
    left = length
    while left:
        chunk = src.read(min(_CHUNK, left))
        if not chunk:
            raise EOFError("short read")
        if digest is not None:
            digest.update(chunk)
        dst.write(chunk)
        left -= len(chunk)


def _pack(out: Path, envelope: bytes, db_copy: Path) -> None:
    db_len = db_copy.stat().st_size
    digest = hashlib.sha256()
    with atomic_writer(out) as handle, db_copy.open("rb") as db:
        head = MAGIC + _HEAD.pack(VERSION, len(envelope)) + envelope + _DB_LEN.pack(db_len)
        digest.update(head)
        handle.write(head)
        _copy(db, handle, db_len, digest)
        handle.write(digest.digest())


def read_layout(path: Path) -> _Layout:
    """Parse the header and check the whole file's SHA-256 (BackupDamaged if anything is off).

    The file is the one the person chose, so a symbolic link is followed; anything but
    a regular file (a folder, a pipe: opened without blocking, see storage/untrusted.py)
    is refused as input (exit 1).  A file that does not start like a backup, or whose
    version or lengths are off, is damage (exit 4), as the README says: a flipped first
    byte is damage, not "wrong input".  Only a file whose trailing SHA-256 is intact
    and whose version is higher is a later format (exit 1: update Facilitator)."""
    damaged = BackupDamaged(_DAMAGED.format(path=path))
    try:
        fd = open_regular(path, follow_symlinks=True)
    except UnfitFile as unfit:
        if unfit.missing:
            raise InvalidInput(f"The backup file {path} does not exist.") from None
        raise InvalidInput(f"The backup file {path} {unfit.reason}.") from None
    try:
        with os.fdopen(fd, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            fixed = handle.read(len(MAGIC) + _HEAD.size)
            if len(fixed) != len(MAGIC) + _HEAD.size or fixed[: len(MAGIC)] != MAGIC:
                raise BackupDamaged(
                    f"{path} is not a Facilitator backup, or its first bytes are damaged, so "
                    "it cannot be restored. Nothing has been changed. Use another backup."
                )
            version, env_len = _HEAD.unpack(fixed[len(MAGIC) :])
            if version != VERSION:
                if version < VERSION or not _intact(handle, size):
                    raise damaged
                raise InvalidInput(
                    f"{path} is a backup from a newer version of Facilitator (format "
                    f"{version}). Update Facilitator to restore it."
                )
            if env_len > MAX_ENVELOPE_BYTES:
                raise damaged
            envelope = handle.read(env_len)
            raw_len = handle.read(_DB_LEN.size)
            if len(envelope) != env_len or len(raw_len) != _DB_LEN.size:
                raise damaged
            (db_len,) = _DB_LEN.unpack(raw_len)
            db_offset = len(fixed) + env_len + _DB_LEN.size
            if db_offset + db_len + _DIGEST != size:
                raise damaged
            digest = hashlib.sha256(fixed + envelope + raw_len)
            left = db_len
            while left:
                chunk = handle.read(min(_CHUNK, left))
                if not chunk:
                    raise damaged
                digest.update(chunk)
                left -= len(chunk)
            if handle.read(_DIGEST) != digest.digest():
                raise damaged
    except OSError as exc:
        raise InvalidInput(f"The backup file {path} cannot be read: {exc.strerror}.") from None
    return _Layout(envelope=envelope, db_offset=db_offset, db_len=db_len)


def _intact(handle: IO[bytes], size: int) -> bool:
    """Whether the file's last 32 bytes are the SHA-256 of all before them (a later
    format keeps this trailer, so an intact later file is told apart from damage)."""
    if size < len(MAGIC) + _HEAD.size + _DIGEST:
        return False
    handle.seek(0)
    digest = hashlib.sha256()
    left = size - _DIGEST
    while left:
        chunk = handle.read(min(_CHUNK, left))
        if not chunk:
            return False
        digest.update(chunk)
        left -= len(chunk)
    return handle.read(_DIGEST) == digest.digest()


def extract_db(path: Path, layout: _Layout, target: Path) -> None:
    try:
        fd = open_regular(path, follow_symlinks=True)
    except UnfitFile as unfit:  # replaced since its layout was read
        raise InvalidInput(f"The backup file {path} {unfit.reason}.") from None
    with os.fdopen(fd, "rb") as src, atomic_writer(target) as dst:
        src.seek(layout.db_offset)
        _copy(src, dst, layout.db_len, None)


@contextlib.contextmanager
def _private_tempdir(near: Path, prefix: str) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(dir=near, prefix=prefix))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _verify_db(db: Path, data_key: bytes) -> dict[str, int] | None:
    """Row counts of an extracted database if it opens and passes both checks, else None."""
    engine: Engine = make_engine(db, data_key)
    try:
        with engine.connect() as connection:
            if not _integrity_ok(connection):
                return None
            return table_counts(connection)
    except DBAPIError as exc:
        log.error("backup copy could not be read: %s", type(exc.orig).__name__)
        return None
    finally:
        engine.dispose()


# -- writing --------------------------------------------------------------------------


def write_backup(engine: Engine, data_key: bytes, envelope: bytes, out: Path) -> BackupReport:
    """Write and verify a backup of the open vault behind ``engine`` (see the module doc)."""
    started = time.perf_counter()
    set_private_umask()
    out = Path(out).expanduser().absolute()
    if not out.parent.is_dir():
        raise InvalidInput(f"The folder {out.parent} does not exist.")
    if out.is_dir():
        raise InvalidInput(f"{out} is a folder; give a file name for the backup.")
    if out.exists() and not out.is_file():  # a pipe, a device, a socket: never replaced
        raise InvalidInput(f"{out} is not a regular file; give a file name for the backup.")
    with _private_tempdir(out.parent, ".facilitator-backup-") as work:
        copy = work / DB_NAME
        try:
            with engine.connect() as connection:
                commit_record.checkpoint(connection)
                before = table_counts(connection)
                connection.exec_driver_sql("VACUUM INTO ?", (str(copy),))
                after = table_counts(connection)
        except DBAPIError as exc:
            log.error("backup copy failed: %s", type(exc.orig).__name__)
            raise BackupFailed(
                "The backup could not be written (the vault could not be copied). "
                "No backup file was made. Run “facilitator check”, and try again."
            ) from None
        if before != after:
            raise BackupFailed(
                "The vault changed while the backup was being made. No backup file was "
                "made; try again."
            )
        _pack(out, envelope, copy)
        copy.unlink()
        try:
            layout = read_layout(out)
            extract_db(out, layout, copy)
            if layout.envelope != envelope:
                raise BackupDamaged("envelope differs")
        except (BackupDamaged, InvalidInput):
            counts: dict[str, int] | None = None
        else:
            counts = _verify_db(copy, data_key)
    if counts != before:
        with contextlib.suppress(FileNotFoundError):
            out.unlink()
        log.error("backup verification failed; the file was removed")
        raise BackupFailed(
            f"The backup written to {out} did not read back correctly, so it was removed. "
            "Check the disk (space, errors), and try again, perhaps to another drive."
        )
    size = out.stat().st_size
    log.info("backup written and verified (%d bytes)", size)
    return BackupReport(out, size, before, time.perf_counter() - started)
