"""Opening a vault: wrong passphrase, missing vault, vault already open, stale locks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

import facilitator
from facilitator.errors import (
    VaultDamaged,
    VaultExists,
    VaultInUse,
    VaultLocked,
    VaultMissing,
    WrongPassphrase,
)
from facilitator.storage.models import Member
from facilitator.storage.vault import Vault


def _member_count(vault: Vault) -> int:
    with vault.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(Member)) or 0


# -- wrong passphrase ------------------------------------------------------------


def test_right_passphrase_opens_the_data(populated_vault_dir, passphrase):
    vault = Vault.open(populated_vault_dir, passphrase)
    try:
        assert _member_count(vault) == 200
    finally:
        vault.close()


@pytest.mark.parametrize(
    "wrong",
    ["correct horse battery stapler", "CORRECT HORSE BATTERY STAPLE", "x"],
)
def test_wrong_passphrase_is_reported_and_changes_nothing(
    populated_vault_dir, snapshot, passphrase, wrong
):
    before = snapshot(populated_vault_dir)

    with pytest.raises(WrongPassphrase) as info:
        Vault.open(populated_vault_dir, wrong)

    assert "passphrase" in str(info.value).lower()
    after = snapshot(populated_vault_dir)
    assert after.keys() == before.keys(), "no file (no -wal/-shm) may appear or vanish"
    assert after == before, "every file must stay byte-identical"
    assert not (populated_vault_dir / "vault.db-wal").exists()
    assert not (populated_vault_dir / "vault.db-shm").exists()
    # The failed attempt released its lock: the right passphrase still opens it.
    Vault.open(populated_vault_dir, passphrase).close()


# -- missing vault -------------------------------------------------------------


def test_folder_that_does_not_exist_is_vault_missing(tmp_path, passphrase):
    folder = tmp_path / "no such folder"

    with pytest.raises(VaultMissing) as info:
        Vault.open(folder, passphrase)

    assert str(folder) in str(info.value)
    assert not folder.exists(), "opening must not create the folder"


def test_empty_folder_is_vault_missing(tmp_path, passphrase):
    folder = tmp_path / "empty"
    folder.mkdir()

    with pytest.raises(VaultMissing):
        Vault.open(folder, passphrase)

    assert list(folder.iterdir()) == [], "opening must not create any file"


def test_database_deleted_but_key_file_present_is_damage(vault, vault_dir, snapshot, passphrase):
    vault.close()
    (vault_dir / "vault.db").unlink()
    before = snapshot(vault_dir)

    with pytest.raises(VaultDamaged) as info:
        Vault.open(vault_dir, passphrase)

    assert "vault.db" in str(info.value)
    assert not isinstance(info.value, VaultMissing)
    assert snapshot(vault_dir) == before
    assert not (vault_dir / "vault.db").exists(), "an empty database must not be created"


def test_create_refuses_a_folder_that_holds_a_vault(vault, vault_dir, snapshot, passphrase):
    vault.close()
    before = snapshot(vault_dir)

    with pytest.raises(VaultExists):
        Vault.create(vault_dir, "another passphrase entirely")

    assert snapshot(vault_dir) == before
    Vault.open(vault_dir, passphrase).close()


# -- already open / stale lock ---------------------------------------------------------


def test_second_open_of_an_open_vault_is_vault_in_use(vault, vault_dir, passphrase):
    with vault.unit_of_work() as session:
        session.add(Member(first_name="Ada"))
    files_before = sorted(p.name for p in vault_dir.iterdir())

    with pytest.raises(VaultInUse):
        Vault.open(vault_dir, passphrase)
    with pytest.raises(VaultInUse):
        Vault.open_with_key(vault_dir, vault._data_key())

    # The first holder is unaffected and no file appeared.
    assert sorted(p.name for p in vault_dir.iterdir()) == files_before
    assert _member_count(vault) == 1

    vault.close()
    again = Vault.open(vault_dir, passphrase)
    try:
        assert _member_count(again) == 1
    finally:
        again.close()


def test_lock_file_left_behind_without_a_holder_does_not_block(vault, vault_dir, passphrase):
    vault.close()
    lock = vault_dir / "vault.lock"
    assert lock.exists(), "the lock file stays after close; only the flock on it matters"
    lock.write_bytes(b"12345\n")  # e.g. a pid some other tool wrote into it

    Vault.open(vault_dir, passphrase).close()


_CHILD = """
import sys
from pathlib import Path
from facilitator.storage.models import Member
from facilitator.storage.vault import Vault

vault = Vault.open(Path(sys.argv[1]), sys.stdin.readline().rstrip("\\n"))
with vault.unit_of_work() as session:
    session.add(Member(first_name="Written before the crash"))
print("open", flush=True)
sys.stdin.read()  # hold the vault open until killed
"""


def test_vault_held_by_another_process_then_killed(vault, vault_dir, passphrase):
    vault.close()
    env = dict(os.environ)
    root = str(Path(facilitator.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(vault_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(passphrase + "\n")
        child.stdin.flush()
        line = child.stdout.readline()
        assert line == "open\n", child.stderr.read() if child.stderr else line

        with pytest.raises(VaultInUse):
            Vault.open(vault_dir, passphrase)

        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate(timeout=30)

    assert child.returncode == -signal.SIGKILL
    assert (vault_dir / "vault.lock").exists()
    reopened = Vault.open(vault_dir, passphrase)
    try:
        reopened.check()
        with reopened.unit_of_work() as session:
            names = session.scalars(select(Member.first_name)).all()
        assert names == ["Written before the crash"], "committed data survives a crash"
    finally:
        reopened.close()


def test_locking_drops_the_key_and_every_use_is_refused(vault, vault_dir, passphrase):
    vault.lock()
    vault.close()  # a second close is harmless

    assert not vault.is_open
    for use in (vault.session, lambda: vault.engine, vault._data_key, vault.checkpoint):
        with pytest.raises(VaultLocked):
            use()
    with pytest.raises(VaultLocked):
        vault.change_passphrase("a new passphrase for a locked vault")
    Vault.open(vault_dir, passphrase).close()  # the lock file was released
