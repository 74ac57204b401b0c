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
from facilitator.storage.untrusted import UnfitFile, problem_error, read_small_file

FORMAT = "facilitator-key-envelope"
VERSION = 1
DATA_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
_KEY_CHECK_LABEL = b"facilitator key check v1"
# key.json is about 500 bytes; a backup carries it with a 4-byte length, bounded alike.
MAX_ENVELOPE_BYTES = 64 * 1024
_TOP_KEYS = {"format", "version", "vault_id", "kdf", "wrap", "key_check", "checksum"}
_KDF_KEYS = {"name", "memory_kib", "iterations", "lanes", "salt"}
_WRAP_KEYS = {"name", "nonce", "ciphertext"}


# The Argon2id costs a key file may ask for.  key.json is read before anything in it
# can be authenticated (the passphrase is needed first), so its cost is bounded before
# any derivation: a cost of 16 GiB hangs the machine, 2**32 KiB raises MemoryError.
# The app writes 256 MiB, 3 passes, 4 lanes (the tests 8 MiB, 1 pass, 1 lane); the
# bounds leave room to raise the cost four times over (about 3 s on a 2-core machine)
# and refuse anything past that as a damaged key file.
MIN_MEMORY_KIB = 8 * 1024
MAX_MEMORY_KIB = 1024 * 1024
MAX_ITERATIONS = 12
MAX_LANES = 16
MAX_WORK = 4 * 256 * 1024 * 3  # memory_kib x iterations: four times the default cost


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost.  Stored in the envelope so it can be raised later; only costs
    within the bounds above can be made, so the app never writes one it would refuse."""

    memory_kib: int = 256 * 1024
    iterations: int = 3
    lanes: int = 4

    def __post_init__(self) -> None:
        values = (self.memory_kib, self.iterations, self.lanes)
        if any(type(v) is not int for v in values):  # not bool, float or str
            raise ValueError("Argon2id parameters must be whole numbers")
        if not (
            MIN_MEMORY_KIB <= self.memory_kib <= MAX_MEMORY_KIB
            and 1 <= self.iterations <= MAX_ITERATIONS
            and 1 <= self.lanes <= MAX_LANES
            and self.memory_kib >= 8 * self.lanes
            and self.memory_kib * self.iterations <= MAX_WORK
        ):
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
        """Parse key.json strictly: its exact shape, whole-number costs within the
        bounds (checked here, before any derivation), exact field sizes, its checksum.
        Anything else is :class:`EnvelopeDamaged`, never a traceback."""
        try:
            if len(raw) > MAX_ENVELOPE_BYTES:
                raise ValueError("too large")
            body = json.loads(
                raw.decode("ascii"),
                object_pairs_hook=_no_duplicates,
                parse_constant=_no_constant,
            )
            if not isinstance(body, dict) or set(body) != _TOP_KEYS:
                raise ValueError("not a key envelope")
            checksum = body.pop("checksum")
            if not isinstance(checksum, str) or not hmac.compare_digest(
                hashlib.sha256(_canonical(body)).hexdigest(), checksum
            ):
                raise ValueError("checksum mismatch")
            kdf, wrap = body["kdf"], body["wrap"]
            if not isinstance(kdf, dict) or set(kdf) != _KDF_KEYS:
                raise ValueError("bad kdf")
            if not isinstance(wrap, dict) or set(wrap) != _WRAP_KEYS:
                raise ValueError("bad wrap")
            if body["format"] != FORMAT or type(body["version"]) is not int:
                raise ValueError("not a key envelope")
            if body["version"] != VERSION:
                raise ValueError("unknown envelope version")
            if kdf["name"] != "argon2id" or wrap["name"] != "aes-256-gcm":
                raise ValueError("unknown algorithm")
            vault_id = body["vault_id"]
            if not isinstance(vault_id, str) or str(uuid.UUID(vault_id)) != vault_id:
                raise ValueError("bad vault id")
            env = cls(
                vault_id=vault_id,
                # KdfParams refuses anything but whole numbers within the bounds.
                kdf=KdfParams(
                    memory_kib=kdf["memory_kib"],
                    iterations=kdf["iterations"],
                    lanes=kdf["lanes"],
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
        except (
            ValueError,  # also UnicodeError, json's errors
            TypeError,
            KeyError,
            AttributeError,
            OverflowError,
            RecursionError,  # deeply nested JSON
        ) as exc:
            raise EnvelopeDamaged(_DAMAGED) from exc
        return env

    @classmethod
    def load(cls, path: Path) -> Envelope:
        """Read key.json: a regular file (not a link, a pipe or a folder) of at most
        MAX_ENVELOPE_BYTES, read with that bound (see storage/untrusted.py)."""
        try:
            raw = read_small_file(path, MAX_ENVELOPE_BYTES)
        except UnfitFile as unfit:
            if unfit.missing:
                raise EnvelopeDamaged(
                    "The vault's key file (key.json) is missing, so the vault cannot be "
                    "unlocked. Put the key file back from a copy of this vault folder, or "
                    "restore a backup."
                ) from None
            raise problem_error(path.parent, path.name, unfit, key_file=path.name) from None
        return cls.from_json(raw)

    def save(self, path: Path) -> None:
        atomic_write_bytes(path, self.to_json())


_DAMAGED = (
    "The vault's key file (key.json) is damaged, so the vault cannot be unlocked. "
    "Put the key file back from a copy of this vault folder, or restore a backup."
)


def derive_kek(passphrase: str, kdf: KdfParams, salt: bytes) -> bytes:
    # KdfParams cannot be made outside the bounds; check again in case one was forced.
    KdfParams(kdf.memory_kib, kdf.iterations, kdf.lanes)
    if len(salt) != SALT_BYTES:
        raise ValueError("the salt must be 16 bytes")
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


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("a key appears twice")
    return dict(pairs)


def _no_constant(name: str) -> Any:
    raise ValueError("NaN and Infinity are not numbers a key file holds")


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
