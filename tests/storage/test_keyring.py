"""“Remember on this computer”: only a real keyring, read back, never a plaintext fallback."""

from __future__ import annotations

import os
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.backends.null
import keyring.backends.SecretService
import keyring.errors
import pytest
from sqlalchemy import select

from facilitator.errors import KeyringUnavailable
from facilitator.storage import keystore
from facilitator.storage.models import Member
from facilitator.storage.vault import Vault


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A working keyring that keeps secrets in a dict (stands in for Secret Service)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        try:
            del self.store[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError("not found") from None


class ForgetfulKeyring(MemoryKeyring):
    """Accepts a secret but gives back something else."""

    def get_password(self, service, username):
        stored = super().get_password(service, username)
        return None if stored is None else "ab" * 32


class RefusingKeyring(MemoryKeyring):
    def set_password(self, service, username, password):
        raise keyring.errors.PasswordSetError("locked collection")


# Defining a backend class registers it with keyring's auto-detection; take these
# test-only classes out again so no other test can ever be given one by accident.
for _cls in (MemoryKeyring, ForgetfulKeyring, RefusingKeyring):
    keyring.backend.KeyringBackend._classes.discard(_cls)


@pytest.fixture
def memory_is_allowed(monkeypatch):
    """The test stores stand in for an OS store: each added to the allowlist by identity."""
    real = keystore.allowed_backends
    extra = {MemoryKeyring: "Memory test store", ForgetfulKeyring: "Forgetful test store"}
    extra[RefusingKeyring] = "Refusing test store"
    monkeypatch.setattr(keystore, "allowed_backends", lambda: {**real(), **extra})


def _files_containing(secret_forms: list[bytes], *folders: Path) -> list[Path]:
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                if any(form in data or form in data.lower() for form in secret_forms):
                    found.append(path)
    return found


def _secret_forms(key: bytes) -> list[bytes]:
    return [key, key.hex().encode(), key.hex().upper().encode()]


# -- no usable keyring ----------------------------------------------------------------


@pytest.mark.parametrize(
    "backend", [keyring.backends.fail.Keyring, keyring.backends.null.Keyring], ids=["fail", "null"]
)
def test_no_secure_keyring_means_nothing_is_remembered_anywhere(
    vault, vault_dir, passphrase, backend
):
    keyring.set_keyring(backend())
    key = vault._data_key()

    state = keystore.status()
    assert state.available is False
    assert state.reason

    with pytest.raises(KeyringUnavailable) as info:
        vault.remember_key()
    assert state.reason in str(info.value)
    assert not vault.is_key_remembered()
    assert vault.forget_key() is False

    if backend is keyring.backends.null.Keyring:
        assert keyring.get_password(keystore.SERVICE, vault.vault_id) is None
    assert keystore.recall(vault.vault_id) is None
    home = Path(os.environ["HOME"])
    assert _files_containing(_secret_forms(key), home, vault_dir) == []

    vault.close()
    assert Vault.open_remembered(vault_dir) is None
    assert _files_containing(_secret_forms(key), home, vault_dir) == []


# -- a working keyring -------------------------------------------------------------------


def test_working_keyring_remembers_opens_and_forgets(vault, vault_dir, memory_is_allowed):
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    with vault.unit_of_work() as session:
        session.add(Member(first_name="Remembered"))
    key = vault._data_key()

    state = vault.remember_key()

    assert state.available is True
    assert vault.is_key_remembered()
    # One entry, named by the vault's random id: no path, no name in the keyring.
    assert list(backend.store) == [(keystore.SERVICE, vault.vault_id)]
    assert str(vault_dir) not in keystore.SERVICE + vault.vault_id
    assert bytes.fromhex(backend.store[(keystore.SERVICE, vault.vault_id)]) == key
    vault.close()
    assert _files_containing(_secret_forms(key), Path(os.environ["HOME"]), vault_dir) == []

    reopened = Vault.open_remembered(vault_dir)
    assert reopened is not None
    try:
        with reopened.unit_of_work() as session:
            assert session.scalars(select(Member.first_name)).all() == ["Remembered"]
        assert reopened.forget_key() is True
        assert backend.store == {}
        assert not reopened.is_key_remembered()
    finally:
        reopened.close()

    assert Vault.open_remembered(vault_dir) is None


def test_remembered_key_of_another_vault_is_not_used(
    vault, vault_dir, tmp_path, passphrase, memory_is_allowed
):
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    other = Vault.create(tmp_path / "other", passphrase)
    try:
        other_key = other._data_key()
    finally:
        other.close()
    # Someone put another vault's key under this vault's id.
    backend.set_password(keystore.SERVICE, vault.vault_id, other_key.hex())
    vault.close()

    assert Vault.open_remembered(vault_dir) is None
    Vault.open(vault_dir, passphrase).close()  # and the vault was not left locked


def test_keyring_that_keeps_something_else_is_unavailable(vault, memory_is_allowed):
    backend = ForgetfulKeyring()
    keyring.set_keyring(backend)

    with pytest.raises(KeyringUnavailable):
        vault.remember_key()

    assert backend.store == {}, "the half-written entry must be removed"
    assert not vault.is_key_remembered()


def test_keyring_that_refuses_to_store_is_unavailable(vault, memory_is_allowed):
    backend = RefusingKeyring()
    keyring.set_keyring(backend)

    with pytest.raises(KeyringUnavailable):
        vault.remember_key()

    assert backend.store == {}
    assert keystore.recall(vault.vault_id) is None


# -- the allowlist: OS stores only, by class identity ---------------------------------


class PlaintextFileKeyring(keyring.backend.KeyringBackend):
    """What keyrings.alt's PlaintextKeyring does: the secret in a file under HOME."""

    priority = 1

    @property
    def file(self) -> Path:
        return Path(os.environ["HOME"]) / "keyring_pass.cfg"

    def get_password(self, service, username):
        if not self.file.exists():
            return None
        for line in self.file.read_text().splitlines():
            key, _, value = line.partition("=")
            if key == f"{service}/{username}":
                return value
        return None

    def set_password(self, service, username, password):
        with self.file.open("a") as handle:
            handle.write(f"{service}/{username}={password}\n")

    def delete_password(self, service, username):
        raise keyring.errors.PasswordDeleteError("not supported")


class TrivialSubclass(PlaintextFileKeyring):
    """A trivial subclass: a name no list of bad names contains."""


class SecretServiceInDisguise(keyring.backends.SecretService.Keyring, PlaintextFileKeyring):
    """A subclass of an allowed class (isinstance says Secret Service) that writes a file."""

    priority = 1

    get_password = PlaintextFileKeyring.get_password
    set_password = PlaintextFileKeyring.set_password
    delete_password = PlaintextFileKeyring.delete_password


for _cls in (PlaintextFileKeyring, TrivialSubclass, SecretServiceInDisguise):
    keyring.backend.KeyringBackend._classes.discard(_cls)


@pytest.mark.parametrize(
    "backend",
    [PlaintextFileKeyring, TrivialSubclass, SecretServiceInDisguise],
    ids=["plaintext file", "trivial subclass of it", "subclass of Secret Service"],
)
def test_backend_not_on_the_allowlist_is_refused_with_the_reason(
    vault, vault_dir, passphrase, backend
):
    keyring.set_keyring(backend())
    key = vault._data_key()

    state = keystore.status()
    assert state.available is False
    assert backend.__qualname__ in state.reason
    assert "operating system" in state.reason
    with pytest.raises(KeyringUnavailable) as info:
        vault.remember_key()
    assert backend.__qualname__ in str(info.value)
    with pytest.raises(KeyringUnavailable):
        keystore.require()

    home = Path(os.environ["HOME"])
    assert _files_containing(_secret_forms(key), home, vault_dir) == []
    assert not (home / "keyring_pass.cfg").exists()
    vault.close()
    assert Vault.open_remembered(vault_dir) is None  # the passphrase is needed


def test_allowlist_is_the_os_stores_by_class():
    import keyring.backends.kwallet
    import keyring.backends.macOS
    import keyring.backends.Windows

    allowed = keystore.allowed_backends()
    for cls in (
        keyring.backends.SecretService.Keyring,
        keyring.backends.kwallet.DBusKeyring,
        keyring.backends.macOS.Keyring,
        keyring.backends.Windows.WinVaultKeyring,
    ):
        assert cls in allowed
    assert SecretServiceInDisguise not in allowed
    assert keyring.backends.fail.Keyring not in allowed
    assert keyring.backends.null.Keyring not in allowed


def test_chainer_uses_only_its_allowed_member_directly(
    vault, vault_dir, monkeypatch, memory_is_allowed
):
    """keyring's chainer would give the secret to its first member (here a plaintext
    file); the allowed member is used directly instead."""
    import keyring.backends.chainer

    plaintext, memory = TrivialSubclass(), MemoryKeyring()
    monkeypatch.setattr(keyring.backends.chainer.ChainerBackend, "backends", [plaintext, memory])
    keyring.set_keyring(keyring.backends.chainer.ChainerBackend())
    key = vault._data_key()

    state = vault.remember_key()

    assert state.available and state.backend == "Memory test store"
    assert bytes.fromhex(memory.store[(keystore.SERVICE, vault.vault_id)]) == key
    assert not plaintext.file.exists()
    vault.close()
    reopened = Vault.open_remembered(vault_dir)
    assert reopened is not None
    reopened.close()


def test_chainer_of_refused_members_only_is_refused(monkeypatch):
    import keyring.backends.chainer

    monkeypatch.setattr(
        keyring.backends.chainer.ChainerBackend, "backends", [TrivialSubclass(), MemoryKeyring()]
    )
    keyring.set_keyring(keyring.backends.chainer.ChainerBackend())

    state = keystore.status()

    assert state.available is False
    assert "TrivialSubclass" in state.reason and "MemoryKeyring" in state.reason
