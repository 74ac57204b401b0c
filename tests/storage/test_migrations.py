"""Migrations: a new vault is at head, a newer vault is refused, an upgrade keeps a copy."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import select

from facilitator.errors import VaultError
from facilitator.storage import migrate
from facilitator.storage.models import Member
from facilitator.storage.vault import Vault

SQLITE_HEADER = b"SQLite format 3\x00"

SECOND_REVISION = '''"""Test-only revision: adds a column to members."""

import sqlalchemy as sa
from alembic import op

revision = "0002test"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("members", sa.Column("test_extra", sa.Text(), nullable=True))
'''


@pytest.fixture
def scripts_with_a_second_revision(tmp_path, monkeypatch) -> str:
    """A copy of the real migrations plus one newer revision, used instead of the real ones."""
    head = migrate.head_revision()
    folder = tmp_path / "migrations"
    shutil.copytree(migrate._SCRIPT_LOCATION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "0002_test.py").write_text(SECOND_REVISION.format(down=head))
    monkeypatch.setattr(migrate, "_SCRIPT_LOCATION", str(folder))
    assert migrate.head_revision() == "0002test"
    return head


def _columns(connection, table: str) -> set[str]:
    return {row[1] for row in connection.execute(f"PRAGMA table_info({table})").fetchall()}


def test_new_vault_is_at_the_head_revision(vault, vault_dir):
    assert migrate.current_revision(vault.engine) == migrate.head_revision()
    assert vault.migration_copy is None
    assert not list(vault_dir.glob("pre-migration-*"))


def test_reopening_a_current_vault_makes_no_copy(vault, vault_dir, passphrase):
    vault.close()
    reopened = Vault.open(vault_dir, passphrase)
    try:
        assert reopened.migration_copy is None
    finally:
        reopened.close()
    assert not list(vault_dir.glob("pre-migration-*"))


def test_vault_from_a_newer_version_is_refused_untouched(vault, vault_dir, snapshot, passphrase):
    with vault.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999future'")
    vault.close()
    before = snapshot(vault_dir)

    with pytest.raises(VaultError) as info:
        Vault.open(vault_dir, passphrase)

    assert "newer version" in str(info.value)
    assert snapshot(vault_dir) == before, "no migration, no copy"


def test_upgrade_keeps_an_encrypted_copy_and_migrates(
    vault, vault_dir, passphrase, scripts_with_a_second_revision
):
    old_head = scripts_with_a_second_revision
    with vault.unit_of_work() as session:
        session.add(Member(first_name="Zebedee", last_name="Premigration"))
    key = vault._data_key()
    vault.close()

    upgraded = Vault.open(vault_dir, passphrase)
    try:
        copy = upgraded.migration_copy
        assert migrate.current_revision(upgraded.engine) == "0002test"
        with upgraded.engine.connect() as connection:
            assert "test_extra" in {
                row[1] for row in connection.exec_driver_sql("PRAGMA table_info(members)")
            }
        with upgraded.unit_of_work() as session:
            assert session.scalars(select(Member.last_name)).all() == ["Premigration"]
    finally:
        upgraded.close()

    assert copy is not None
    assert copy.parent == vault_dir
    assert copy.name.startswith(f"pre-migration-{old_head}-") and copy.suffix == ".db"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    raw = copy.read_bytes()
    assert not raw.startswith(SQLITE_HEADER)
    assert b"Zebedee" not in raw and b"Premigration" not in raw

    connection = sqlcipher3.connect(str(copy))
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (old_head,)
        ]
        assert connection.execute("SELECT last_name FROM members").fetchall() == [("Premigration",)]
        assert "test_extra" not in _columns(connection, "members")
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        connection.close()

    other = sqlcipher3.connect(str(copy))
    try:
        other.execute("PRAGMA cipher_log_level = NONE")
        other.execute(f"PRAGMA key = \"x'{'11' * 32}'\"")
        with pytest.raises(sqlcipher3.DatabaseError):
            other.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        other.close()


def test_migrated_vault_opens_again_without_another_copy(
    vault, vault_dir, passphrase, scripts_with_a_second_revision
):
    vault.close()
    Vault.open(vault_dir, passphrase).close()
    copies = sorted(Path(p).name for p in vault_dir.glob("pre-migration-*"))
    assert len(copies) == 1

    again = Vault.open(vault_dir, passphrase)
    try:
        assert again.migration_copy is None
    finally:
        again.close()
    assert sorted(p.name for p in vault_dir.glob("pre-migration-*")) == copies
