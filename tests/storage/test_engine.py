"""The SQLCipher library is checked, and every connection is keyed and hardened."""

from __future__ import annotations

import threading

import pytest
import sqlcipher3

from facilitator.errors import UnsupportedSQLCipher
from facilitator.storage import engine as engine_module
from facilitator.storage.engine import _verified_library, verify_library
from facilitator.storage.vault import Vault

EXPECTED_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "2",  # FULL
    "secure_delete": "1",
    "foreign_keys": "1",
    "cipher_memory_security": "0",  # see storage/engine.py: costs 2-16x, guards little
    "temp_store": "2",  # MEMORY
    "cache_size": "-32768",  # 32 MiB of decrypted pages: see storage/engine.py
    "cipher_log_level": "NONE",
}


class _FakeCursor:
    """Answers PRAGMA cipher_version / compile_options like a given library would."""

    def __init__(self, version: str | None, options: list[str]) -> None:
        self._answers = {
            "PRAGMA cipher_version": [] if version is None else [(version,)],
            "PRAGMA compile_options": [(o,) for o in options],
        }
        self._rows: list[tuple[str]] = []

    def execute(self, sql: str) -> _FakeCursor:
        self._rows = self._answers[sql]
        return self

    def fetchone(self):
        return self._rows[0] if self._rows else None

    def fetchall(self):
        return list(self._rows)


# -- the library -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "options"),
    [
        ("3.4.2", frozenset({"TEMP_STORE=2"})),
        ("4.19.0 community", frozenset({"TEMP_STORE=1"})),
        ("4.19.0 community", frozenset({"TEMP_STORE=0", "THREADSAFE=1"})),
        ("", frozenset({"TEMP_STORE=3"})),
        ("5.0.0 community", frozenset({"TEMP_STORE=2"})),
    ],
)
def test_untrustworthy_sqlcipher_is_refused(version, options):
    with pytest.raises(UnsupportedSQLCipher) as info:
        _verified_library(version, options)
    assert "Reinstall" in str(info.value)


@pytest.mark.parametrize(
    ("version", "options"),
    [
        ("3.4.2 community", ["TEMP_STORE=2"]),  # distinct from the cached calls above
        (None, ["TEMP_STORE=2"]),  # a plain SQLite: no cipher_version at all
        ("4.5.6 community", ["TEMP_STORE=1", "ENABLE_FTS5"]),
    ],
)
def test_verify_library_reads_what_the_library_reports(version, options):
    with pytest.raises(UnsupportedSQLCipher):
        verify_library(_FakeCursor(version, options))


def test_the_installed_library_is_accepted():
    connection = sqlcipher3.connect(":memory:")
    try:
        cursor = connection.cursor()
        verify_library(cursor)
        version = cursor.execute("PRAGMA cipher_version").fetchone()[0]
        assert version.startswith("4.")
    finally:
        connection.close()


def test_opening_with_an_untrusted_library_fails_and_changes_nothing(
    vault, vault_dir, snapshot, passphrase, monkeypatch
):
    vault.close()
    before = snapshot(vault_dir)

    def old_library(cursor):
        verify_library(_FakeCursor("3.20.1 community", ["TEMP_STORE=2", "OLD=1"]))

    with monkeypatch.context() as patch:
        patch.setattr(engine_module, "verify_library", old_library)
        with pytest.raises(UnsupportedSQLCipher):
            Vault.open(vault_dir, passphrase)
    assert snapshot(vault_dir) == before

    Vault.open(vault_dir, passphrase).close()  # and the failed open left no lock


# -- every connection ------------------------------------------------------------------


def _pragmas(connection) -> dict[str, str]:
    return {
        name: str(connection.exec_driver_sql(f"PRAGMA {name}").scalar())
        for name in EXPECTED_PRAGMAS
    }


def test_every_connection_is_hardened(vault):
    seen: dict[str, tuple[int, dict[str, str]]] = {}

    def look(label: str) -> None:
        with vault.engine.connect() as connection:
            dbapi = connection.connection.dbapi_connection
            seen[label] = (id(dbapi), _pragmas(connection))

    # The main thread keeps its connection while the worker runs, so the worker
    # must get a second, separately set-up connection from the pool.
    with vault.engine.connect() as held:
        seen["main thread"] = (id(held.connection.dbapi_connection), _pragmas(held))
        worker = threading.Thread(target=look, args=("worker thread",))
        worker.start()
        worker.join()
    with vault.session() as session:
        seen["ORM session"] = (0, _pragmas(session.connection()))

    assert seen["main thread"][0] != seen["worker thread"][0], "two distinct connections"
    for label, (_conn, pragmas) in seen.items():
        assert pragmas == EXPECTED_PRAGMAS, label


def test_database_opens_only_with_the_raw_data_key(vault, vault_dir, passphrase):
    """The data key is SQLCipher's raw key; neither the passphrase nor another key opens it."""
    key = vault._data_key()
    vault.close()

    def tables_with(key_literal: str) -> int:
        connection = sqlcipher3.connect(str(vault_dir / "vault.db"))
        try:
            connection.execute("PRAGMA cipher_log_level = NONE")
            connection.execute(f'PRAGMA key = "{key_literal}"')
            return connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            connection.close()

    assert tables_with(f"x'{key.hex()}'") > 0
    for wrong in (f"x'{'00' * 32}'", passphrase, key.hex()):
        with pytest.raises(sqlcipher3.DatabaseError):
            tables_with(wrong)
