"""review16: "one rule for every place a passphrase is chosen" (issue 16 defect 17).
The app's Change Passphrase counts the vault folder's name as a known word; the
first-run window (vault_jobs._create) and the CLI's init/passwd do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.errors import InvalidInput
from facilitator.services.vault_key import VaultKeyService

FOLDER = "harbourside-tuesday-circle"


class _Holder:
    def change_passphrase(self, new_passphrase: str) -> None:
        raise AssertionError("a weak passphrase was accepted")

    def remember_key(self) -> object:
        return None

    def forget_key(self) -> bool:
        return False

    def is_key_remembered(self) -> bool:
        return False


def test_review16_change_passphrase_refuses_the_folders_name() -> None:
    """Held: in the app's Change Passphrase the folder's name is a known word."""
    keys = VaultKeyService(_Holder(), lambda _p: None, lambda: (FOLDER,))
    with pytest.raises(InvalidInput):
        keys.change_passphrase("correct horse battery staple", FOLDER)


def test_review16_first_run_refuses_the_folders_name_as_passphrase(tmp_path: Path) -> None:
    from facilitator.ui.plumbing.vault_jobs import _create

    folder = tmp_path / FOLDER
    try:
        unlocked = _create(folder, FOLDER, False)
    except InvalidInput:
        return
    unlocked.vault.lock()
    pytest.fail("a vault was created with its folder's name as the passphrase")
