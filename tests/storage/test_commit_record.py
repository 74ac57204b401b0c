"""The record of saved changes (``vault.commits``): its traps, one by one.

A crash between a commit and its record must not raise a false alarm; a record ahead of
the database is missing commits; a record cut mid-write falls back to its other slot; a
record forged without the key, damaged, missing or replaced by a folder is damage (never
a traceback); a vault from before the record gets one; a restore starts a fresh one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import select

from facilitator.errors import VaultDamaged
from facilitator.storage import commit_record
from facilitator.storage.envelope import Envelope
from facilitator.storage.models import Member
from facilitator.storage.vault import Vault

RECORD = commit_record.RECORD_NAME


def _add(vault: Vault, *names: str) -> None:
    for name in names:
        with vault.unit_of_work() as session:
            session.add(Member(first_name=name))


def _key(folder: Path, passphrase: str) -> bytes:
    return Envelope.load(folder / "key.json").unseal(passphrase)


def _recorded(folder: Path, passphrase: str) -> int | None:
    key = commit_record.record_key(_key(folder, passphrase))
    return commit_record.read_record(folder / RECORD, key)


def _names(folder: Path, passphrase: str) -> list[str]:
    vault = Vault.open(folder, passphrase)
    try:
        with vault.unit_of_work() as session:
            return list(session.scalars(select(Member.first_name).order_by(Member.id)))
    finally:
        vault.close()


def _crash_copy(vault_dir: Path, into: Path) -> Path:
    """The folder as a power cut would leave it while the vault is open."""
    return Path(shutil.copytree(vault_dir, into, ignore=shutil.ignore_patterns("*-shm")))


def test_every_write_advances_the_record_and_reads_do_not(vault, vault_dir, passphrase):
    start = _recorded(vault_dir, passphrase)
    assert start is not None and start >= 1
    _add(vault, "Ann", "Bo")
    assert _recorded(vault_dir, passphrase) == start + 2
    with vault.unit_of_work() as session:
        session.scalars(select(Member)).all()
    assert _recorded(vault_dir, passphrase) == start + 2
    with pytest.raises(RuntimeError), vault.unit_of_work() as session:
        session.add(Member(first_name="Rolled back"))
        session.flush()
        raise RuntimeError("the caller fails: the transaction rolls back")
    assert _recorded(vault_dir, passphrase) == start + 2
    vault.close()
    assert _names(vault_dir, passphrase) == ["Ann", "Bo"]


def test_a_crash_between_the_commit_and_its_record_is_no_false_alarm(
    vault, vault_dir, passphrase, tmp_path, monkeypatch
):
    _add(vault, "Ann")
    # The next commit returns, and the process dies before its record is written.
    monkeypatch.setattr(commit_record.CommitRecord, "advance", lambda self, counter: None)
    _add(vault, "Bo")
    crashed = _crash_copy(vault_dir, tmp_path / "crashed")
    vault.close()
    assert _names(crashed, passphrase) == ["Ann", "Bo"]


def test_a_record_ahead_of_the_database_is_missing_commits(vault, vault_dir, passphrase):
    _add(vault, "Ann")
    vault.close()
    key = commit_record.record_key(_key(vault_dir, passphrase))
    recorded = _recorded(vault_dir, passphrase)
    assert recorded is not None
    commit_record.create_record(vault_dir / RECORD, key, recorded + 3)
    with pytest.raises(VaultDamaged, match="3 change"):
        Vault.open(vault_dir, passphrase)


def test_a_record_cut_while_it_was_written_falls_back_to_its_other_slot(
    vault, vault_dir, passphrase, tmp_path
):
    _add(vault, "Ann", "Bo")
    crashed = _crash_copy(vault_dir, tmp_path / "crashed")  # cut while Bo's was written
    vault.close()
    key = commit_record.record_key(_key(crashed, passphrase))
    state = commit_record.read_state(crashed / RECORD, key)
    assert state is not None and not state.checkpointing
    record = crashed / RECORD
    raw = bytearray(record.read_bytes())
    latest = (state.sequence % 2) * 64
    raw[latest : latest + 64] = bytes(64)  # the last write never reached the disk
    record.write_bytes(bytes(raw))
    assert _recorded(crashed, passphrase) == state.counter - 1
    assert _names(crashed, passphrase) == ["Ann", "Bo"]


@pytest.mark.parametrize(
    "damage",
    ["both slots flipped", "forged without the key", "cut", "emptied", "a folder", "a symlink"],
)
def test_a_damaged_or_forged_record_is_damage(vault, vault_dir, passphrase, damage):
    _add(vault, "Ann")
    vault.close()
    record = vault_dir / RECORD
    raw = bytearray(record.read_bytes())
    if damage == "both slots flipped":
        raw[20] ^= 1
        raw[84] ^= 1
        record.write_bytes(bytes(raw))
    elif damage == "forged without the key":
        commit_record.create_record(record, b"\0" * 32, 10**6)
    elif damage == "cut":
        record.write_bytes(bytes(raw[:100]))
    elif damage == "emptied":
        record.write_bytes(b"")
    elif damage == "a folder":
        record.unlink()
        record.mkdir()
    else:  # to a good record elsewhere: not followed
        good = vault_dir.parent / "elsewhere"
        good.write_bytes(bytes(raw))
        record.unlink()
        record.symlink_to(good)
    with pytest.raises(VaultDamaged, match=r"record of saved changes|vault\.commits"):
        Vault.open(vault_dir, passphrase)


def test_a_missing_record_is_damage(vault, vault_dir, passphrase):
    _add(vault, "Ann")
    vault.close()
    (vault_dir / RECORD).unlink()
    with pytest.raises(VaultDamaged, match=r"record of saved changes \(vault.commits\) is missing"):
        Vault.open(vault_dir, passphrase)


def test_a_vault_from_before_the_record_gets_one(vault, vault_dir, passphrase):
    _add(vault, "Ann")
    vault.close()
    # As an older version left it: no record, and no counter in the database.
    (vault_dir / RECORD).unlink()
    connection = sqlcipher3.connect(str(vault_dir / "vault.db"))
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{_key(vault_dir, passphrase).hex()}'\"")
        connection.execute("PRAGMA user_version = 0")
        connection.commit()
    finally:
        connection.close()
    assert _names(vault_dir, passphrase) == ["Ann"]
    assert (_recorded(vault_dir, passphrase) or 0) >= 1
    # From now on the record is required: losing it is damage, not an old vault.
    (vault_dir / RECORD).unlink()
    with pytest.raises(VaultDamaged, match="is missing"):
        Vault.open(vault_dir, passphrase)


def test_a_restore_starts_a_fresh_record_at_the_backups_counter(
    vault, vault_dir, passphrase, tmp_path
):
    _add(vault, "Ann")
    vault.backup(tmp_path / "b.fbk")
    at_backup = _recorded(vault_dir, passphrase)
    _add(vault, "Bo", "Cy")
    vault.close()
    from facilitator.storage.restore import restore_backup

    target = tmp_path / "restored"
    restore_backup(tmp_path / "b.fbk", target, passphrase)
    assert _recorded(target, passphrase) == at_backup
    assert _names(target, passphrase) == ["Ann"]
    # In place of the vault: the old one is moved aside whole, WAL and record with it.
    report = restore_backup(tmp_path / "b.fbk", vault_dir, passphrase, replace=True)
    assert report.replaced is not None and (report.replaced / RECORD).is_file()
    assert _names(vault_dir, passphrase) == ["Ann"]
