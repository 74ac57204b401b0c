"""Damage that only the structural check sees, for the tests of how it is found."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3

from facilitator.storage.envelope import Envelope


def corrupt_an_index(folder: Path, passphrase: str) -> None:
    """Point ix_sessions_date at another column: every page still decrypts and its HMAC
    is right (cipher_integrity_check and the schema load pass), but the index no longer
    matches its table, which only integrity_check sees."""
    key = Envelope.load(folder / "key.json").unseal(passphrase)
    connection = sqlcipher3.connect(str(folder / "vault.db"))
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        connection.execute("PRAGMA writable_schema = ON")
        changed = connection.execute(
            "UPDATE sqlite_master SET sql = replace(sql, '(date)', '(location)') "
            "WHERE name = 'ix_sessions_date'"
        ).rowcount
        connection.commit()
        assert changed == 1
        connection.execute("PRAGMA writable_schema = OFF")
    finally:
        connection.close()
    assert not (folder / "vault.db-wal").exists()
