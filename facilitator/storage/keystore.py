"""“Remember on this computer”: the data key in the OS keyring, or nowhere.

Only a real keyring backend is used (Secret Service, macOS Keychain, Windows
Credential Locker, KWallet).  Where only keyring's ``fail`` or ``null``
backend exists (a headless Linux machine), the feature is unavailable and the
reason is given; there is never a plaintext fallback.  Every write is read
back, because some backends accept a secret and silently keep nothing.

The keyring entry is named by the vault's random id, never by a path or a name.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import keyring
import keyring.backend
import keyring.errors

from facilitator.errors import KeyringUnavailable

log = logging.getLogger(__name__)

SERVICE = "Facilitator vault key"

# Backends that store nothing or refuse everything; also plaintext/file ones.
_UNSAFE_BACKENDS = {
    "keyring.backends.fail.Keyring",
    "keyring.backends.null.Keyring",
    "keyrings.alt.file.PlaintextKeyring",
    "keyrings.alt.file.EncryptedKeyring",
}


@dataclass(frozen=True, slots=True)
class KeyringStatus:
    available: bool
    backend: str  # a human name for the backend, e.g. "Secret Service"
    reason: str = ""  # why it is unavailable


def _qualified(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _real_backends(backend: keyring.backend.KeyringBackend) -> list[keyring.backend.KeyringBackend]:
    inner = getattr(backend, "backends", None)  # the chainer wraps several
    candidates = list(inner) if inner is not None else [backend]
    return [b for b in candidates if _qualified(b) not in _UNSAFE_BACKENDS]


def status() -> KeyringStatus:
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 - a broken keyring install must not stop the app
        log.warning("keyring could not be loaded: %s", type(exc).__name__)
        return KeyringStatus(False, "none", "the keyring library could not load a backend")
    real = _real_backends(backend)
    if not real:
        return KeyringStatus(
            False,
            "none",
            "no secure system keyring was found on this computer (on Linux, a Secret "
            "Service such as GNOME Keyring or KWallet must be running), so the "
            "passphrase is asked for each time",
        )
    name = getattr(real[0], "name", type(real[0]).__name__)
    return KeyringStatus(True, str(name))


def _unavailable(state: KeyringStatus) -> KeyringUnavailable:
    return KeyringUnavailable(f"The key cannot be remembered on this computer: {state.reason}.")


def remember(vault_id: str, data_key: bytes) -> KeyringStatus:
    state = status()
    if not state.available:
        raise _unavailable(state)
    try:
        keyring.set_password(SERVICE, vault_id, data_key.hex())
        stored = keyring.get_password(SERVICE, vault_id)
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailable(
            f"The system keyring ({state.backend}) refused to store the key: "
            f"{type(exc).__name__}. The passphrase will be asked for each time."
        ) from None
    if stored != data_key.hex():
        forget(vault_id)
        raise KeyringUnavailable(
            f"The system keyring ({state.backend}) did not keep the key. "
            "The passphrase will be asked for each time."
        )
    return state


def recall(vault_id: str) -> bytes | None:
    """The remembered data key for this vault, or None."""
    if not status().available:
        return None
    try:
        value = keyring.get_password(SERVICE, vault_id)
    except keyring.errors.KeyringError:
        return None
    if not value:
        return None
    try:
        key = bytes.fromhex(value)
    except ValueError:
        return None
    return key if len(key) == 32 else None


def forget(vault_id: str) -> bool:
    """Remove the remembered key.  True if one was removed."""
    if not status().available:
        return False
    try:
        keyring.delete_password(SERVICE, vault_id)
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError:
        return False
    return True
