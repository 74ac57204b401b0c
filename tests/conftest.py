"""Shared fixtures: a fresh encrypted vault per test, no real keyring, no real home."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import keyring.backends.fail
import pytest

from facilitator.storage import envelope
from facilitator.storage.envelope import KdfParams
from facilitator.storage.vault import Vault

PASSPHRASE = "correct horse battery staple"
# Argon2id at a test cost: the real default (256 MiB, t=3, p=4) is tested on its own.
FAST_KDF = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv("FACILITATOR_PASSPHRASE", raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.set_keyring(keyring.backends.fail.Keyring())
    monkeypatch.setattr(envelope, "DEFAULT_KDF", FAST_KDF)


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def vault(vault_dir: Path) -> Iterator[Vault]:
    v = Vault.create(vault_dir, PASSPHRASE)
    try:
        yield v
    finally:
        if v.is_open:
            v.close()
