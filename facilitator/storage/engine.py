"""The SQLCipher engine: every connection keyed and hardened the same way."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from facilitator.domain.folding import caseless, name_sort_key
from facilitator.errors import UnsupportedSQLCipher

# Run on every connection, in this order.  The raw key itself is given by the
# pysqlcipher dialect (``PRAGMA key`` from the URL) between the two groups.
#
# cipher_memory_security is OFF (SQLCipher's own default since 4.5).  ON, SQLCipher
# mlocks and wipes every allocation of its own; measured on the large demo vault it
# made the whole read workload 2x slower and a note search 16x slower (0.96 s against
# 0.06 s for four searches), while protecting only SQLCipher's internal buffers: the
# same decrypted rows live on, unlocked, in Python objects and Qt widgets.  Keeping
# memory out of swap is the operating system's job (encrypted swap / full-disk
# encryption, as the README advises).  The setting is process-wide and sticky: once any
# connection turns it on it stays on, so it is set explicitly here.
PRE_KEY_PRAGMAS = (
    "PRAGMA cipher_memory_security = OFF",
    "PRAGMA cipher_log_level = NONE",
)
# cache_size: 32 MiB of decrypted pages per connection (SQLite's default is 2 MiB).  Every
# page read from the file is decrypted and its HMAC checked, so a page cache too small for
# the working set pays that again and again: on the large demo vault (73 MB) the whole
# workload took 1.4x as long as on plain SQLite with the default, and 1.06x with this.
# The pages live in this process's memory only, as the rows built from them do anyway.
CACHE_KIB = 32 * 1024
POST_KEY_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    # Checkpoints only where the commit record marks them (storage/commit_record.py),
    # and the WAL file cut back to 4 MiB whenever SQLite starts it again.
    "PRAGMA wal_autocheckpoint = 0",
    "PRAGMA journal_size_limit = 4194304",
    "PRAGMA synchronous = FULL",
    "PRAGMA secure_delete = ON",
    "PRAGMA foreign_keys = ON",
    "PRAGMA temp_store = MEMORY",
    f"PRAGMA cache_size = -{CACHE_KIB}",
)


# SQL functions on every connection, for the repositories' queries (deterministic: the
# same input always gives the same output, so SQLite may use them in indexes and sorts).
SQL_FUNCTIONS = {"caseless": caseless, "name_sort_key": name_sort_key}


def raw_key_literal(data_key: bytes) -> str:
    """SQLCipher's raw-key syntax: the key is used as is, with no PBKDF2."""
    return f"x'{data_key.hex()}'"


@functools.cache
def _verified_library(cipher_version: str, compile_options: frozenset[str]) -> None:
    if not cipher_version.startswith("4."):
        raise UnsupportedSQLCipher(
            f"This SQLCipher library is version {cipher_version or 'unknown'}; Facilitator "
            "needs SQLCipher 4. Reinstall Facilitator so that it brings its own sqlcipher3."
        )
    if not ({"TEMP_STORE=2", "TEMP_STORE=3"} & compile_options):
        raise UnsupportedSQLCipher(
            "This SQLCipher library may write temporary files in clear (it was built "
            "without TEMP_STORE=2 or 3). Reinstall Facilitator so that it brings its own "
            "sqlcipher3."
        )


def verify_library(cursor: Any) -> None:
    """Refuse an SQLCipher that is not 4.x or may spill temporary tables to disk."""
    row = cursor.execute("PRAGMA cipher_version").fetchone()
    version = str(row[0]) if row else ""
    options = frozenset(str(r[0]) for r in cursor.execute("PRAGMA compile_options").fetchall())
    _verified_library(version, options)


def make_engine(db_path: Path, data_key: bytes) -> Engine:
    url = URL.create(
        "sqlite+pysqlcipher", password=raw_key_literal(data_key), database=str(db_path)
    )
    # hide_parameters: an error message must never carry a name or a note into a log.
    # QueuePool rather than the dialect's SingletonThreadPool: worker threads (the app
    # runs exports and imports off the GUI thread) each borrow a connection and give it
    # back, and no thread can have its connection closed under it by another.
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False},
        hide_parameters=True,
        poolclass=QueuePool,
    )

    @event.listens_for(engine, "connect", insert=True)
    def _before_key(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            verify_library(cursor)
            for pragma in PRE_KEY_PRAGMAS:
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine, "connect")
    def _after_key(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's legacy transaction handling would BEGIN before PRAGMAs;
        # these run outside any transaction.
        cursor = dbapi_connection.cursor()
        try:
            for pragma in POST_KEY_PRAGMAS:
                cursor.execute(pragma)
        finally:
            cursor.close()
        for name, function in SQL_FUNCTIONS.items():
            dbapi_connection.create_function(name, 1, function, deterministic=True)

    return engine
