"""“Remember on this computer”: the data key in the OS keyring, or nowhere.

Only a backend known to keep secrets in the operating system's own store is used, and
it is recognised by **class identity** (``type(backend) is Allowed``), not by a list of
bad names and not by ``isinstance``: any other class, including a subclass of an
allowed one (a subclass can override ``set_password`` to write a file) and every
keyrings.alt file backend, is refused with the reason.  keyring's ``ChainerBackend``
is resolved to its members and the first allowed member is used *directly*, never
through the chainer (which would hand the secret to whichever member comes first,
plaintext or not).  Where nothing allowed exists (a headless Linux machine has only
keyring's ``fail`` backend) the feature is unavailable and the reason is given; there
is never a plaintext fallback.  Every write is read back, because some backends accept
a secret and silently keep nothing.

The keyring entry is named by the vault's random id, never by a path or a name.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import secrets
from dataclasses import dataclass

import keyring
import keyring.backend
import keyring.errors

from facilitator.errors import KeyringUnavailable

log = logging.getLogger(__name__)

SERVICE = "Facilitator vault key"

# (module, class, what people call it): the OS stores.  libsecret's backend and
# KWallet 4's are the same Secret Service / KWallet stores through another door.
_ALLOWED_NAMES = (
    ("keyring.backends.SecretService", "Keyring", "Secret Service"),
    ("keyring.backends.libsecret", "Keyring", "Secret Service (libsecret)"),
    ("keyring.backends.kwallet", "DBusKeyring", "KWallet"),
    ("keyring.backends.kwallet", "DBusKeyringKWallet4", "KWallet 4"),
    ("keyring.backends.macOS", "Keyring", "macOS Keychain"),
    ("keyring.backends.Windows", "WinVaultKeyring", "Windows Credential Locker"),
)
_CHAINER = ("keyring.backends.chainer", "ChainerBackend")


def allowed_backends() -> dict[type, str]:
    """The allowed backend classes (those that import on this system), with a name
    for people."""
    allowed: dict[type, str] = {}
    for module_name, class_name, human in _ALLOWED_NAMES:
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError):  # not on this platform or version
            continue
        if isinstance(cls, type):
            allowed[cls] = human
    return allowed


@dataclass(frozen=True, slots=True)
class KeyringStatus:
    available: bool
    backend: str  # a human name for the backend, e.g. "Secret Service"
    reason: str = ""  # why it is unavailable


def _qualified(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_chainer(backend: object) -> bool:
    cls = type(backend)
    return (cls.__module__, cls.__qualname__) == _CHAINER and cls is getattr(
        importlib.import_module(_CHAINER[0]), _CHAINER[1], None
    )


def _members(backend: keyring.backend.KeyringBackend) -> list[keyring.backend.KeyringBackend]:
    if _is_chainer(backend):
        return list(backend.backends)  # type: ignore[attr-defined]
    return [backend]


_NO_SECURE = (
    "no secure system keyring was found on this computer (on Linux, a Secret Service "
    "such as GNOME Keyring or KWallet must be running), so the passphrase is asked for "
    "each time"
)


def _choose() -> tuple[keyring.backend.KeyringBackend | None, KeyringStatus]:
    """The allowed backend to use, and the status to report."""
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 - a broken keyring install must not stop the app
        log.warning("keyring could not be loaded: %s", type(exc).__name__)
        return None, KeyringStatus(False, "none", "the keyring library could not load a backend")
    allowed = allowed_backends()
    members = _members(backend)
    for member in members:
        human = allowed.get(type(member))  # class identity: a subclass is not found
        if human is not None:
            return member, KeyringStatus(True, human)
    refused = [_qualified(m) for m in members]
    log.debug("keyring backends refused (not an OS store): %s", ", ".join(refused))
    shown = [r for r in refused if not r.startswith("keyring.backends.fail.")]
    if not shown:
        return None, KeyringStatus(False, "none", _NO_SECURE)
    return None, KeyringStatus(
        False,
        "none",
        f"the keyring in use ({', '.join(shown)}) is not one known to keep secrets in "
        "the operating system's own store (Secret Service, KWallet, macOS Keychain, "
        "Windows Credential Locker), so the key is not given to it and the passphrase "
        "is asked for each time",
    )


def status() -> KeyringStatus:
    return _choose()[1]


def _unavailable(state: KeyringStatus) -> KeyringUnavailable:
    return KeyringUnavailable(f"The key cannot be remembered on this computer: {state.reason}.")


def require() -> KeyringStatus:
    """The allowed keyring's status, after storing, reading back and removing a
    throwaway entry; KeyringUnavailable if that fails.  Called before a vault is made
    with "remember", so that a refusal leaves nothing behind."""
    backend, state = _choose()
    if backend is None:
        raise _unavailable(state)
    probe, value = f"probe-{secrets.token_hex(8)}", secrets.token_hex(32)
    try:
        backend.set_password(SERVICE, probe, value)
        kept = backend.get_password(SERVICE, probe) == value
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailable(
            f"The system keyring ({state.backend}) refused to store a key: "
            f"{type(exc).__name__}. Nothing has been made; unlock the keyring, or leave "
            "out “remember”."
        ) from None
    finally:
        with contextlib.suppress(keyring.errors.KeyringError):
            backend.delete_password(SERVICE, probe)
    if not kept:
        raise KeyringUnavailable(
            f"The system keyring ({state.backend}) did not keep a key. Nothing has been "
            "made; leave out “remember”, and the passphrase is asked for each time."
        )
    return state


def remember(vault_id: str, data_key: bytes) -> KeyringStatus:
    backend, state = _choose()
    if backend is None:
        raise _unavailable(state)
    try:
        backend.set_password(SERVICE, vault_id, data_key.hex())
        stored = backend.get_password(SERVICE, vault_id)
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
    backend, _state = _choose()
    if backend is None:
        return None
    try:
        value = backend.get_password(SERVICE, vault_id)
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
    backend, _state = _choose()
    if backend is None:
        return False
    try:
        backend.delete_password(SERVICE, vault_id)
    except keyring.errors.KeyringError:  # PasswordDeleteError among them
        return False
    return True
