"""Every vault file is readable by its owner only, whatever the umask was."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.storage.models import Member
from facilitator.storage.vault import Vault


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The usual desktop umask (022), restored afterwards whatever the code set."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _modes(folder: Path) -> dict[str, str]:
    return {p.name: oct(_mode(p)) for p in folder.iterdir()}


def test_new_vault_is_private_under_a_loose_umask(loose_umask, tmp_path, passphrase):
    folder = tmp_path / "vault"
    vault = Vault.create(folder, passphrase)
    try:
        with vault.unit_of_work() as session:
            session.add(Member(first_name="Private"))
        names = {p.name for p in folder.iterdir()}
        assert {"vault.db", "key.json", "vault.lock", "vault.db-wal", "vault.db-shm"} <= names
        assert _mode(folder) == 0o700
        assert set(_modes(folder).values()) == {"0o600"}, _modes(folder)
    finally:
        vault.close()
    assert set(_modes(folder).values()) == {"0o600"}, _modes(folder)


def test_reopened_vault_and_new_key_file_stay_private(loose_umask, vault, vault_dir, passphrase):
    vault.close()
    os.umask(0o022)  # Vault.create tightened it; a later open starts loose again

    reopened = Vault.open(vault_dir, passphrase)
    try:
        with reopened.unit_of_work() as session:
            session.add(Member(first_name="Private"))
        reopened.change_passphrase("a brand new passphrase")
        assert (vault_dir / "vault.db-wal").exists()
        assert set(_modes(vault_dir).values()) == {"0o600"}, _modes(vault_dir)
    finally:
        reopened.close()
    assert _mode(vault_dir) == 0o700
    assert set(_modes(vault_dir).values()) == {"0o600"}, _modes(vault_dir)


def test_existing_loose_folder_is_tightened_on_create(loose_umask, tmp_path, passphrase):
    folder = tmp_path / "chosen folder"
    folder.mkdir(mode=0o755)
    assert _mode(folder) == 0o755

    Vault.create(folder, passphrase).close()

    assert _mode(folder) == 0o700
