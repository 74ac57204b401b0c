"""The desktop app's fast unlock: ``full_check=False`` checks every page's HMAC at open and
leaves ``integrity_check`` to ``Vault.deferred_check()``, run beside the vault's work.

A vault whose pages all decrypt but whose index no longer matches its table (made as in
test_damage.py) is the case only ``integrity_check`` sees: it opens fast, and the deferred
check then reports it.  A migration writes, so when one is due the full check runs first.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import Connection, func, select
from sqlalchemy.exc import DatabaseError
from vault_damage import corrupt_an_index

from facilitator.app import OpenVault, open_vault
from facilitator.errors import VaultDamaged, WrongPassphrase
from facilitator.storage import integrity, migrate
from facilitator.storage import models as m
from facilitator.storage import vault as vault_module
from facilitator.storage.vault import Vault

PAGE = 4096
Snapshot = Callable[[Path], dict[str, bytes]]

TEST_REVISION = '''"""Test-only revision: adds a column to members."""

import sqlalchemy as sa
from alembic import op

revision = "9001test"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("members", sa.Column("test_extra", sa.Text(), nullable=True))
'''


@pytest.fixture
def corrupt_vault_dir(populated_vault_dir: Path, passphrase: str) -> Path:
    corrupt_an_index(populated_vault_dir, passphrase)
    return populated_vault_dir


@pytest.fixture
def a_migration_due(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The real migrations plus one newer test revision, used instead of the real ones."""
    head = migrate.head_revision()
    folder = tmp_path / "migrations"
    shutil.copytree(migrate._SCRIPT_LOCATION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9001_test.py").write_text(TEST_REVISION.format(down=head))
    monkeypatch.setattr(migrate, "_SCRIPT_LOCATION", str(folder))
    assert migrate.head_revision() == "9001test"
    return head


def test_a_corrupt_index_opens_fast_and_the_deferred_check_then_finds_it(
    corrupt_vault_dir: Path, passphrase: str, snapshot: Snapshot
) -> None:
    vault = Vault.open(corrupt_vault_dir, passphrase, full_check=False)
    try:
        assert vault.check_deferred
        check = vault.deferred_check()
        assert check is not None
        with pytest.raises(VaultDamaged) as info:
            check.run()
        assert not isinstance(info.value, WrongPassphrase)
        assert "damaged" in str(info.value)
        assert "backup" in str(info.value)
        assert vault.check_deferred, "a failed check is still owed"
    finally:
        vault.close()


def test_the_full_check_at_open_still_refuses_a_corrupt_index(
    corrupt_vault_dir: Path, passphrase: str, snapshot: Snapshot
) -> None:
    before = snapshot(corrupt_vault_dir)

    for open_it in (
        lambda: Vault.open(corrupt_vault_dir, passphrase),  # the default: the CLI's
        lambda: Vault.open(corrupt_vault_dir, passphrase, full_check=True),
    ):
        with pytest.raises(VaultDamaged):
            open_it()

    assert snapshot(corrupt_vault_dir) == before


def test_a_page_that_fails_its_hmac_is_still_refused_at_a_fast_open(
    populated_vault_dir: Path, passphrase: str, snapshot: Snapshot
) -> None:
    """The cipher check stays at unlock: a flipped byte never reaches the main window."""
    db = populated_vault_dir / "vault.db"
    data = bytearray(db.read_bytes())
    data[(len(data) // PAGE // 2) * PAGE + 1234] ^= 0x01
    db.write_bytes(bytes(data))
    before = snapshot(populated_vault_dir)

    with pytest.raises(VaultDamaged):
        Vault.open(populated_vault_dir, passphrase, full_check=False)

    assert snapshot(populated_vault_dir) == before


def test_with_a_migration_due_a_fast_open_still_refuses_a_corrupt_index(
    corrupt_vault_dir: Path, passphrase: str, snapshot: Snapshot, a_migration_due: str
) -> None:
    before = snapshot(corrupt_vault_dir)

    with pytest.raises(VaultDamaged):
        Vault.open(corrupt_vault_dir, passphrase, full_check=False)

    # Refused before migrating: no pre-migration copy, no new column, nothing written.
    assert snapshot(corrupt_vault_dir) == before
    assert not list(corrupt_vault_dir.glob("pre-migration-*"))


def test_with_a_migration_due_a_healthy_vault_is_checked_in_full_and_migrated(
    populated_vault_dir: Path, passphrase: str, a_migration_due: str
) -> None:
    vault = Vault.open(populated_vault_dir, passphrase, full_check=False)
    try:
        assert migrate.current_revision(vault.engine) == "9001test"
        assert vault.migration_copy is not None
        assert not vault.check_deferred, "the full check ran before the migration"
        assert vault.deferred_check() is None
    finally:
        vault.close()


def test_a_healthy_vault_passes_the_deferred_check_once(
    populated_vault_dir: Path, passphrase: str
) -> None:
    vault = Vault.open(populated_vault_dir, passphrase, full_check=False)
    try:
        check = vault.deferred_check()
        assert check is not None
        assert check.run() is True
        assert not vault.check_deferred
        assert vault.deferred_check() is None
    finally:
        vault.close()


def test_a_full_open_leaves_nothing_to_check(populated_vault_dir: Path, passphrase: str) -> None:
    with Vault.open(populated_vault_dir, passphrase) as vault:
        assert not vault.check_deferred
        assert vault.deferred_check() is None


def test_a_check_cancelled_or_outlived_by_its_vault_does_not_run(
    populated_vault_dir: Path, passphrase: str
) -> None:
    vault = Vault.open(populated_vault_dir, passphrase, full_check=False)
    cancelled, outlived = vault.deferred_check(), vault.deferred_check()
    assert cancelled is not None and outlived is not None
    cancelled.cancel()
    assert cancelled.run() is False
    vault.close()
    assert outlived.run() is False


def test_locking_interrupts_a_check_under_way(
    populated_vault_dir: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A statement that would never end on the check's own connection: close() must
    interrupt it (sqlite3_interrupt) and wait for it, then checkpoint and close."""
    started = threading.Event()

    def endless(connection: Connection, pragma: str, damaged: str) -> None:
        started.set()
        connection.exec_driver_sql(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
        ).fetchall()

    monkeypatch.setattr(integrity, "run_check", endless)
    vault = Vault.open(populated_vault_dir, passphrase, full_check=False)
    check = vault.deferred_check()
    assert check is not None
    results: list[object] = []

    def run() -> None:
        try:
            results.append(check.run())
        except Exception as exc:  # noqa: BLE001 - reported to the test below
            results.append(exc)

    runner = threading.Thread(target=run, daemon=True)
    runner.start()
    assert started.wait(10)
    closer = threading.Thread(target=vault.close, daemon=True)
    closer.start()
    closer.join(10)
    runner.join(10)

    assert not closer.is_alive(), "close() did not stop the check"
    assert results == [False]
    assert not vault.is_open
    assert not (populated_vault_dir / "vault.db-wal").exists() or (
        (populated_vault_dir / "vault.db-wal").stat().st_size == 0
    ), "the WAL was checkpointed after the check stopped"
    Vault.open(populated_vault_dir, passphrase).close()  # and the lock was released


# -- the first read, alongside the cipher check ---------------------------------------
def _members(vault: Vault) -> int:
    with vault.unit_of_work() as session:
        return int(session.execute(select(func.count()).select_from(m.Member)).scalar_one())


def test_the_first_read_runs_while_the_cipher_check_is_under_way(
    populated_vault_dir: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each side waits (a bounded wait) for the other to have started: run one after the
    other, one of the waits would run out."""
    checking, reading = threading.Event(), threading.Event()
    seen: dict[str, object] = {}
    real_check = vault_module.run_check

    def check(connection: Connection, pragma: str, damaged: str) -> None:
        checking.set()
        seen["read during the check"] = reading.wait(10)
        seen["check thread"] = threading.current_thread()
        real_check(connection, pragma, damaged)

    def first_read(vault: Vault) -> None:
        reading.set()
        seen["check during the read"] = checking.wait(10)
        seen["members"] = _members(vault)
        seen["read thread"] = threading.current_thread()

    monkeypatch.setattr(vault_module, "run_check", check)
    vault = Vault.open(populated_vault_dir, passphrase, full_check=False, first_read=first_read)
    vault.close()

    assert seen["read during the check"] is True
    assert seen["check during the read"] is True
    assert seen["members"] == 200
    assert seen["read thread"] is threading.current_thread()
    assert seen["check thread"] is not threading.current_thread()


@pytest.mark.parametrize("reading", ["succeeds", "fails"])
def test_a_page_that_fails_its_hmac_fails_the_open_whatever_the_first_read_did(
    populated_vault_dir: Path, passphrase: str, snapshot: Snapshot, reading: str
) -> None:
    """What the first read found never comes out of an open whose check failed."""
    db = populated_vault_dir / "vault.db"
    data = bytearray(db.read_bytes())
    data[(len(data) // PAGE - 2) * PAGE + 1234] ^= 0x01  # a page the read below skips
    db.write_bytes(bytes(data))
    before = snapshot(populated_vault_dir)
    read: list[int] = []

    def first_read(vault: Vault) -> None:
        with vault.unit_of_work() as session:
            read.append(len(session.execute(select(m.Group.id)).all()))
        if reading == "fails":
            raise RuntimeError("the first read failed for its own reasons")

    with pytest.raises(VaultDamaged) as info:
        Vault.open(populated_vault_dir, passphrase, full_check=False, first_read=first_read)

    assert "damaged" in str(info.value)
    assert snapshot(populated_vault_dir) == before
    with pytest.raises(VaultDamaged):  # refused again, not "in use": the lock was let go
        Vault.open(populated_vault_dir, passphrase, full_check=False)


def test_a_first_read_that_fails_closes_the_vault_again(
    populated_vault_dir: Path, passphrase: str
) -> None:
    def first_read(_vault: Vault) -> None:
        raise RuntimeError("no digest today")

    with pytest.raises(RuntimeError, match="no digest today"):
        Vault.open(populated_vault_dir, passphrase, full_check=False, first_read=first_read)

    Vault.open(populated_vault_dir, passphrase).close()  # the lock was released


def test_a_first_read_that_sqlite_fails_on_is_told_as_damage(
    populated_vault_dir: Path, passphrase: str
) -> None:
    """As SQLite reports a malformed file that the cipher check let through: the user is
    told the vault is damaged (and what to do), rather than shown a crash."""

    def first_read(_vault: Vault) -> None:
        malformed = sqlcipher3.dbapi2.DatabaseError("database disk image is malformed")
        raise DatabaseError("SELECT …", None, malformed)

    with pytest.raises(VaultDamaged) as info:
        Vault.open(populated_vault_dir, passphrase, full_check=False, first_read=first_read)

    assert "backup" in str(info.value)


def test_with_a_migration_due_the_first_read_comes_after_the_checks_and_the_migration(
    populated_vault_dir: Path, passphrase: str, a_migration_due: str
) -> None:
    revisions: list[str | None] = []

    def first_read(vault: Vault) -> None:
        revisions.append(migrate.current_revision(vault.engine))

    vault = Vault.open(populated_vault_dir, passphrase, full_check=False, first_read=first_read)
    try:
        assert revisions == ["9001test"]
        assert not vault.check_deferred, "the full check ran before the migration"
    finally:
        vault.close()


def test_the_app_hands_the_first_read_the_open_vault_it_returns(
    populated_vault_dir: Path, passphrase: str
) -> None:
    given: list[OpenVault] = []
    opened = open_vault(populated_vault_dir, passphrase, full_check=False, first_read=given.append)
    try:
        assert given == [opened]
        assert len(opened.services.roster.member_list()) == 200
    finally:
        opened.lock()
