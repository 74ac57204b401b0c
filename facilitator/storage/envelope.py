"""The key envelope: the vault's random data key, wrapped by the passphrase.

A random 256-bit *data key* is the raw SQLCipher key of the database.  The
passphrase derives a key-encryption key with Argon2id; AES-256-GCM wraps the
data key with it.  The envelope is a small JSON file::

    {
      "format": "facilitator-key-envelope",
      "version": 1,
      "vault_id": "<uuid4>",
      "kdf": {"name": "argon2id", "memory_kib": 262144, "iterations": 3,
              "lanes": 4, "salt": "<base64, 16 bytes>"},
      "wrap": {"name": "aes-256-gcm", "nonce": "<base64, 12 bytes>",
               "ciphertext": "<base64, 32-byte key + 16-byte tag>"},
      "key_check": "<base64, 16 bytes>",
      "checksum": "<hex sha-256 of everything above>"
    }

Everything but the checksum is bound to the ciphertext as AES-GCM associated
data, so nobody can lower the KDF cost of an envelope unnoticed.  The checksum
is not a secret: it tells a damaged file (a flipped byte, a truncated write)
apart from a wrong passphrase, which AES-GCM alone cannot do.  ``key_check``
lets a data key remembered in the OS keyring be checked against this vault
before it is used (a SHA-256 based fingerprint of the key; it reveals nothing).

Changing the passphrase writes a new envelope (new salt, new nonce) around the
same data key: the database is not touched.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from facilitator.errors import EnvelopeDamaged, InvalidInput, WrongPassphrase
from facilitator.storage.files import atomic_write_bytes

FORMAT = "facilitator-key-envelope"
VERSION = 1
DATA_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
_KEY_CHECK_LABEL = b"facilitator key check v1"


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost.  Stored in the envelope so it can be raised later."""

    memory_kib: int = 256 * 1024
    iterations: int = 3
    lanes: int = 4

    def __post_init__(self) -> None:
        if self.memory_kib < 8 * self.lanes or self.iterations < 1 or self.lanes < 1:
            raise ValueError("Argon2id parameters out of range")


DEFAULT_KDF = KdfParams()


def key_check(data_key: bytes) -> bytes:
    """A 16-byte fingerprint of the data key (reveals nothing about it)."""
    return hashlib.sha256(_KEY_CHECK_LABEL + data_key).digest()[:16]


@dataclass(frozen=True, slots=True)
class Envelope:
    vault_id: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    ciphertext: bytes
    key_check: bytes

    # -- making and opening ---------------------------------------------------
    @classmethod
    def seal(
        cls,
        data_key: bytes,
        passphrase: str,
        *,
        kdf: KdfParams | None = None,
        vault_id: str | None = None,
    ) -> Envelope:
        check_passphrase(passphrase)
        if len(data_key) != DATA_KEY_BYTES:
            raise ValueError("the data key must be 32 bytes")
        env = cls(
            vault_id=vault_id or str(uuid.uuid4()),
            kdf=kdf or DEFAULT_KDF,
            salt=os.urandom(SALT_BYTES),
            nonce=os.urandom(NONCE_BYTES),
            ciphertext=b"",
            key_check=key_check(data_key),
        )
        kek = derive_kek(passphrase, env.kdf, env.salt)
        ciphertext = AESGCM(kek).encrypt(env.nonce, data_key, env._associated_data())
        return replace(env, ciphertext=ciphertext)

    def unseal(self, passphrase: str) -> bytes:
        """The data key, or :class:`WrongPassphrase`."""
        kek = derive_kek(passphrase, self.kdf, self.salt)
        try:
            data_key = AESGCM(kek).decrypt(self.nonce, self.ciphertext, self._associated_data())
        except InvalidTag:
            raise WrongPassphrase(
                "That passphrase does not unlock this vault. Check the keyboard layout "
                "and Caps Lock, and try again."
            ) from None
        if not hmac.compare_digest(key_check(data_key), self.key_check):
            raise EnvelopeDamaged(_DAMAGED)
        return data_key

    def rewrap(
        self, data_key: bytes, new_passphrase: str, *, kdf: KdfParams | None = None
    ) -> Envelope:
        return Envelope.seal(data_key, new_passphrase, kdf=kdf, vault_id=self.vault_id)

    def matches(self, data_key: bytes) -> bool:
        return hmac.compare_digest(key_check(data_key), self.key_check)

    # -- the file ------------------------------------------------------------
    def _header(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": self.vault_id,
            "kdf": {
                "name": "argon2id",
                "memory_kib": self.kdf.memory_kib,
                "iterations": self.kdf.iterations,
                "lanes": self.kdf.lanes,
                "salt": _b64(self.salt),
            },
        }

    def _associated_data(self) -> bytes:
        header = self._header()
        header["key_check"] = _b64(self.key_check)
        return _canonical(header)

    def to_json(self) -> bytes:
        body = self._header()
        body["wrap"] = {
            "name": "aes-256-gcm",
            "nonce": _b64(self.nonce),
            "ciphertext": _b64(self.ciphertext),
        }
        body["key_check"] = _b64(self.key_check)
        body["checksum"] = hashlib.sha256(_canonical(body)).hexdigest()
        return json.dumps(body, indent=2, sort_keys=True).encode("ascii") + b"\n"

    @classmethod
    def from_json(cls, raw: bytes) -> Envelope:
        try:
            body = json.loads(raw.decode("ascii"))
            if not isinstance(body, dict):
                raise TypeError("not an object")
            checksum = body.pop("checksum")
            if not hmac.compare_digest(hashlib.sha256(_canonical(body)).hexdigest(), str(checksum)):
                raise ValueError("checksum mismatch")
            if body["format"] != FORMAT:
                raise ValueError("not a key envelope")
            if body["version"] != VERSION:
                raise ValueError("unknown envelope version")
            kdf, wrap = body["kdf"], body["wrap"]
            if kdf["name"] != "argon2id" or wrap["name"] != "aes-256-gcm":
                raise ValueError("unknown algorithm")
            env = cls(
                vault_id=str(uuid.UUID(body["vault_id"])),
                kdf=KdfParams(
                    memory_kib=int(kdf["memory_kib"]),
                    iterations=int(kdf["iterations"]),
                    lanes=int(kdf["lanes"]),
                ),
                salt=_unb64(kdf["salt"]),
                nonce=_unb64(wrap["nonce"]),
                ciphertext=_unb64(wrap["ciphertext"]),
                key_check=_unb64(body["key_check"]),
            )
            if (
                len(env.salt) != SALT_BYTES
                or len(env.nonce) != NONCE_BYTES
                or len(env.ciphertext) != DATA_KEY_BYTES + 16
                or len(env.key_check) != 16
            ):
                raise ValueError("wrong field sizes")
        except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError) as exc:
            raise EnvelopeDamaged(_DAMAGED) from exc
        return env

    @classmethod
    def load(cls, path: Path) -> Envelope:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise EnvelopeDamaged(
                "The vault's key file (key.json) is missing, so the vault cannot be unlocked. "
                "Put the key file back from a copy of this vault folder, or restore a backup."
            ) from None
        return cls.from_json(raw)

    def save(self, path: Path) -> None:
        atomic_write_bytes(path, self.to_json())


_DAMAGED = (
    "The vault's key file (key.json) is damaged, so the vault cannot be unlocked. "
    "Put the key file back from a copy of this vault folder, or restore a backup."
)


def derive_kek(passphrase: str, kdf: KdfParams, salt: bytes) -> bytes:
    return Argon2id(
        salt=salt,
        length=32,
        iterations=kdf.iterations,
        lanes=kdf.lanes,
        memory_cost=kdf.memory_kib,
    ).derive(passphrase.encode("utf-8"))


def check_passphrase(passphrase: str) -> None:
    """Reject passphrases no one should use for a vault (empty or blank)."""
    if not passphrase or not passphrase.strip():
        raise InvalidInput("The passphrase is empty. Choose a passphrase of several words.")


def new_data_key() -> bytes:
    return os.urandom(DATA_KEY_BYTES)


def _canonical(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode("ascii")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise TypeError("expected base64 text")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except binascii.Error as exc:
        raise ValueError("bad base64") from exc
