"""Backups: one encrypted, verified file; restore with the passphrase alone, safely."""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from facilitator import app
from facilitator.errors import (
    BackupDamaged,
    BackupFailed,
    VaultDamaged,
    VaultError,
    VaultExists,
    WrongPassphrase,
)
from facilitator.storage import backup as backup_module
from facilitator.storage.models import Member, Note
from facilitator.storage.vault import Vault

SQLITE_HEADER = b"SQLite format 3\x00"
CANARIES = {
    "name": "Quillonbright",
    "note": "spoke about the Marrowfield allotment dispute",
    "email": "ottoline.quillonbright@example.org",
}
Snapshot = Callable[[Path], dict[str, bytes]]


def _make_backup(folder: Path, passphrase: str, out: Path) -> backup_module.BackupReport:
    with app.open_vault(folder, passphrase) as opened:
        return opened.backup(out)


def _members(folder: Path, passphrase: str) -> list[str]:
    with Vault.open(folder, passphrase) as vault, vault.session() as s:
        return sorted(m.first_name for m in s.scalars(select(Member)))


def _counts(folder: Path, passphrase: str) -> dict[str, int]:
    with Vault.open(folder, passphrase) as vault, vault.engine.connect() as connection:
        return backup_module.table_counts(connection)


def _layout(path: Path) -> tuple[int, int, int]:
    """(envelope offset, database offset, database length) in a backup file."""
    raw = path.read_bytes()
    env_len = int.from_bytes(raw[18:22], "big")
    db_offset = 22 + env_len + 8
    return 22, db_offset, int.from_bytes(raw[22 + env_len : db_offset], "big")


def _flip(path: Path, offset: int, fix_checksum: bool = False) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    if fix_checksum:
        data[-32:] = hashlib.sha256(bytes(data[:-32])).digest()
    path.write_bytes(bytes(data))


def _exit_code(exc: pytest.ExceptionInfo[Exception]) -> int:
    return int(getattr(exc.value, "exit_code", -1))


@pytest.fixture
def backup_file(populated_vault_dir: Path, passphrase: str, tmp_path: Path) -> Path:
    out = tmp_path / "vault.fbk"
    _make_backup(populated_vault_dir, passphrase, out)
    return out


def test_round_trip_restores_every_row(
    populated_vault_dir: Path, passphrase: str, tmp_path: Path
) -> None:
    out = tmp_path / "vault.fbk"
    report = _make_backup(populated_vault_dir, passphrase, out)
    assert report.path == out.absolute()
    assert report.bytes == out.stat().st_size
    assert report.tables["members"] == 200
    assert report.seconds >= 0
    target = tmp_path / "elsewhere" / "restored"
    restored = app.restore(out, target, passphrase)
    assert restored.replaced is None
    assert restored.tables == report.tables
    assert _counts(target, passphrase) == _counts(populated_vault_dir, passphrase)
    assert _members(target, passphrase) == _members(populated_vault_dir, passphrase)
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    for path in target.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    # No staging or temporary folders are left next to the target or the backup.
    assert sorted(p.name for p in target.parent.iterdir()) == ["restored"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_backup_is_private_and_has_no_plaintext(
    vault: Vault, passphrase: str, tmp_path: Path
) -> None:
    with vault.unit_of_work() as s:
        member = Member(
            first_name="Ottoline",
            last_name=CANARIES["name"],
            email=CANARIES["email"],
        )
        s.add(member)
        s.flush()
        s.add(Note(member_id=member.id, body=CANARIES["note"]))
    out = tmp_path / "canary.fbk"
    vault.backup(out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = out.read_bytes().lower()
    assert SQLITE_HEADER.lower() not in data
    for label, text in CANARIES.items():
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert text.lower().encode(encoding) not in data, label
    vault.close()
    restored = tmp_path / "restored"
    app.restore(out, restored, passphrase)
    with Vault.open(restored, passphrase) as reopened, reopened.session() as s:
        assert s.scalars(select(Member.email)).one() == CANARIES["email"]
        assert s.scalars(select(Note.body)).one() == CANARIES["note"]


def test_backup_after_passwd_uses_the_new_passphrase(vault: Vault, tmp_path: Path) -> None:
    vault.change_passphrase("a brand new passphrase")
    out = tmp_path / "v.fbk"
    vault.backup(out)
    with pytest.raises(WrongPassphrase):
        app.restore(out, tmp_path / "r", "correct horse battery staple")
    app.restore(out, tmp_path / "r", "a brand new passphrase")


def test_failed_verification_removes_the_file(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup_module, "_verify_db", lambda _db, _key: None)
    out = tmp_path / "bad.fbk"
    with pytest.raises(BackupFailed) as exc:
        vault.backup(out)
    assert exc.value.exit_code == 4
    assert "removed" in str(exc.value)
    assert not out.exists()
    assert list(tmp_path.glob(".*")) == []


@pytest.mark.parametrize("where", ["envelope", "database", "end"])
def test_damaged_backup_is_damage_never_wrong_passphrase(
    backup_file: Path, tmp_path: Path, passphrase: str, where: str
) -> None:
    env_offset, db_offset, db_len = _layout(backup_file)
    offset = {"envelope": env_offset + 40, "database": db_offset + db_len // 2, "end": -1}[where]
    _flip(backup_file, offset)
    for attempt in (passphrase, "not the passphrase"):
        with pytest.raises(BackupDamaged) as exc:
            app.restore(backup_file, tmp_path / "r", attempt)
        assert _exit_code(exc) == 4
    assert not (tmp_path / "r").exists()


def test_truncated_backup_is_damage(backup_file: Path, tmp_path: Path, passphrase: str) -> None:
    data = backup_file.read_bytes()
    backup_file.write_bytes(data[: len(data) - 4096 - 32])
    with pytest.raises(BackupDamaged):
        app.restore(backup_file, tmp_path / "r", passphrase)


def test_damaged_page_with_a_consistent_checksum_is_still_damage(
    backup_file: Path,
    tmp_path: Path,
    passphrase: str,
    populated_vault_dir: Path,
    snapshot: Snapshot,
) -> None:
    # Damage the checksum cannot see (e.g. a bug, or damage before packing): SQLCipher's
    # page HMAC catches it after a good unwrap: VaultDamaged, and the old vault stays.
    _, db_offset, db_len = _layout(backup_file)
    _flip(backup_file, db_offset + db_len // 2, fix_checksum=True)
    before = snapshot(populated_vault_dir)
    with pytest.raises(VaultDamaged) as exc:
        app.restore(backup_file, populated_vault_dir, passphrase, replace=True)
    assert _exit_code(exc) == 4
    assert snapshot(populated_vault_dir) == before
    assert sorted(p.name for p in populated_vault_dir.parent.iterdir()) == sorted(
        p.name for p in populated_vault_dir.parent.iterdir() if not p.name.startswith(".")
    )


def test_not_a_backup_is_clear(tmp_path: Path, passphrase: str) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello", encoding="utf-8")
    with pytest.raises(Exception, match="not a Facilitator backup") as exc:
        app.restore(bogus, tmp_path / "r", passphrase)
    assert not isinstance(exc.value, WrongPassphrase)


def test_refuses_to_overwrite_without_replace(
    backup_file: Path, populated_vault_dir: Path, passphrase: str, snapshot: Snapshot
) -> None:
    before = snapshot(populated_vault_dir)
    with pytest.raises(VaultExists) as exc:
        app.restore(backup_file, populated_vault_dir, passphrase)
    assert "--replace" in str(exc.value)
    assert snapshot(populated_vault_dir) == before


def test_wrong_passphrase_leaves_everything_untouched(
    backup_file: Path, populated_vault_dir: Path, snapshot: Snapshot
) -> None:
    parent = populated_vault_dir.parent
    before = snapshot(parent)
    with pytest.raises(WrongPassphrase) as exc:
        app.restore(backup_file, populated_vault_dir, "not the passphrase", replace=True)
    assert _exit_code(exc) == 3
    assert snapshot(parent) == before
    assert sorted(p.name for p in parent.iterdir() if p.name.startswith(".")) == []


def test_replace_keeps_the_old_vault_aside(
    vault: Vault, vault_dir: Path, passphrase: str, tmp_path: Path
) -> None:
    with vault.unit_of_work() as s:
        s.add(Member(first_name="InBackup", last_name="X"))
    out = tmp_path / "v.fbk"
    vault.backup(out)
    with vault.unit_of_work() as s:
        s.add(Member(first_name="AfterBackup", last_name="Y"))
    vault.change_passphrase("the old vault's later passphrase")
    vault.close()
    report = app.restore(out, vault_dir, passphrase, replace=True)
    assert report.replaced is not None
    assert report.replaced.name.startswith(f"{vault_dir.name}.replaced-")
    assert _members(vault_dir, passphrase) == ["InBackup"]
    # The previous vault is intact and still opens with its own passphrase.
    assert _members(report.replaced, "the old vault's later passphrase") == [
        "AfterBackup",
        "InBackup",
    ]
    assert stat.S_IMODE(report.replaced.stat().st_mode) == 0o700


def test_replace_refuses_a_vault_open_elsewhere(
    tmp_path: Path, passphrase: str, vault: Vault, vault_dir: Path
) -> None:
    out = tmp_path / "v.fbk"
    vault.backup(out)
    with pytest.raises(Exception, match="already open") as exc:
        app.restore(out, vault_dir, passphrase, replace=True)
    assert _exit_code(exc) == 5
    assert vault.is_open
    assert vault_dir.is_dir()


def test_errors_are_vault_errors() -> None:
    assert issubclass(BackupDamaged, VaultError)
    assert issubclass(BackupFailed, VaultError)
