"""A damaged database or key file is reported as such, and nothing is changed.

SQLCipher gives the same error for a wrong key and a damaged first page; only
the envelope can tell a wrong passphrase apart.  After a good unwrap every
failure is damage (VaultDamaged), never WrongPassphrase.  A file cut by exactly
one page passes ``cipher_integrity_check`` (SQLite itself notices the short
file on the first read); a database whose pages all decrypt but whose content
is inconsistent is seen by ``integrity_check`` alone.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlcipher3
from vault_damage import corrupt_an_index

from facilitator.errors import (
    EnvelopeDamaged,
    VaultDamaged,
    VaultMissing,
    WrongPassphrase,
)
from facilitator.storage.envelope import Envelope
from facilitator.storage.vault import Vault

PAGE = 4096


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def _open_expecting(error: type[Exception], folder: Path, passphrase: str) -> Exception:
    with pytest.raises(error) as info:
        Vault.open(folder, passphrase)
    return info.value


# -- the database file ---------------------------------------------------------------

_DB_FLIPS = {
    "salt (first byte of page 1)": lambda size: 0,
    "page 1 just past the salt": lambda size: 16,
    "page 1 middle": lambda size: 2000,
    "page 1 reserve (HMAC)": lambda size: PAGE - 1,
    "middle page": lambda size: (size // PAGE // 2) * PAGE + 1234,
    "last page": lambda size: size - PAGE + 1500,
    "last byte of the file": lambda size: size - 1,
}


@pytest.mark.parametrize("where", list(_DB_FLIPS))
def test_flipped_byte_in_database_is_damage_not_wrong_passphrase(
    populated_vault_dir, snapshot, passphrase, where
):
    db = populated_vault_dir / "vault.db"
    original = db.read_bytes()
    _flip(db, _DB_FLIPS[where](len(original)))
    before = snapshot(populated_vault_dir)

    error = _open_expecting(VaultDamaged, populated_vault_dir, passphrase)

    assert not isinstance(error, WrongPassphrase)
    assert "passphrase was right" in str(error)
    assert snapshot(populated_vault_dir) == before, "files must be untouched (no -wal/-shm)"
    # Put the byte back: the vault opens, so the flip alone caused the refusal
    # and the failed attempt left no lock behind.
    db.write_bytes(original)
    Vault.open(populated_vault_dir, passphrase).close()


def test_file_cut_by_exactly_one_page_is_damage(populated_vault_dir, snapshot, passphrase):
    db = populated_vault_dir / "vault.db"
    original = db.read_bytes()
    db.write_bytes(original[:-PAGE])
    before = snapshot(populated_vault_dir)

    error = _open_expecting(VaultDamaged, populated_vault_dir, passphrase)

    assert not isinstance(error, WrongPassphrase)
    assert snapshot(populated_vault_dir) == before


def test_cut_by_one_page_really_passes_cipher_integrity_check(
    populated_vault_dir, tmp_path, passphrase
):
    """The trap the vault's second check exists for (re-measure if SQLCipher changes)."""
    key = Envelope.load(populated_vault_dir / "key.json").unseal(passphrase)
    copy = tmp_path / "cut.db"
    copy.write_bytes((populated_vault_dir / "vault.db").read_bytes()[:-PAGE])
    connection = sqlcipher3.connect(str(copy))
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        assert connection.execute("PRAGMA cipher_integrity_check").fetchall() == []
        try:
            result = connection.execute("PRAGMA integrity_check").fetchall()
        except sqlcipher3.DatabaseError:
            result = None
        assert result != [("ok",)]
    finally:
        connection.close()


@pytest.mark.parametrize("cut", [1, 7, 100, PAGE + 5, "half", "all but 100 bytes"])
def test_file_cut_short_is_damage(populated_vault_dir, snapshot, passphrase, cut):
    db = populated_vault_dir / "vault.db"
    data = db.read_bytes()
    if cut == "half":
        data = data[: len(data) // 2]
    elif cut == "all but 100 bytes":
        data = data[:100]
    else:
        data = data[:-cut]
    db.write_bytes(data)
    before = snapshot(populated_vault_dir)

    _open_expecting(VaultDamaged, populated_vault_dir, passphrase)

    assert snapshot(populated_vault_dir) == before


def test_consistently_encrypted_but_corrupt_database_is_damage(
    populated_vault_dir, snapshot, passphrase
):
    """Every page decrypts and its HMAC is right, yet an index no longer matches its
    table: cipher_integrity_check and the schema load pass; only integrity_check sees it."""
    corrupt_an_index(populated_vault_dir, passphrase)
    before = snapshot(populated_vault_dir)

    error = _open_expecting(VaultDamaged, populated_vault_dir, passphrase)

    assert not isinstance(error, WrongPassphrase)
    assert snapshot(populated_vault_dir) == before


def test_empty_database_file_is_damage_not_a_new_empty_vault(
    populated_vault_dir, snapshot, passphrase
):
    (populated_vault_dir / "vault.db").write_bytes(b"")
    before = snapshot(populated_vault_dir)

    _open_expecting(VaultDamaged, populated_vault_dir, passphrase)

    assert snapshot(populated_vault_dir) == before, "no fresh schema may be written into it"


def test_damage_with_a_wrong_passphrase_is_still_wrong_passphrase(populated_vault_dir, snapshot):
    """The envelope is checked first: a wrong passphrase never reads the database."""
    _flip(populated_vault_dir / "vault.db", 3 * PAGE + 10)
    before = snapshot(populated_vault_dir)

    _open_expecting(WrongPassphrase, populated_vault_dir, "not the passphrase")

    assert snapshot(populated_vault_dir) == before


# -- the key envelope (key.json) -----------------------------------------------------


def _flip_inside(field: str):
    """Flip one byte in the middle of a field's value in key.json."""

    def damage(path: Path) -> None:
        raw = path.read_bytes()
        body = json.loads(raw)
        value = {
            "ciphertext": body["wrap"]["ciphertext"],
            "nonce": body["wrap"]["nonce"],
            "salt": body["kdf"]["salt"],
            "checksum": body["checksum"],
            "vault_id": body["vault_id"],
            "key_check": body["key_check"],
        }[field]
        start = raw.index(value.encode("ascii"))
        _flip(path, start + len(value) // 2)

    return damage


def _flip_at(offset: int):
    return lambda path: _flip(path, offset)


def _truncate(keep):
    return lambda path: path.write_bytes(path.read_bytes()[: keep(len(path.read_bytes()))])


_ENVELOPE_DAMAGE = {
    "flipped byte in ciphertext": _flip_inside("ciphertext"),
    "flipped byte in nonce": _flip_inside("nonce"),
    "flipped byte in salt": _flip_inside("salt"),
    "flipped byte in key_check": _flip_inside("key_check"),
    "flipped byte in vault_id": _flip_inside("vault_id"),
    "flipped byte in checksum": _flip_inside("checksum"),
    "flipped first byte": _flip_at(0),
    "truncated to half": _truncate(lambda n: n // 2),
    "truncated by 10 bytes": _truncate(lambda n: n - 10),
    "truncated to nothing": _truncate(lambda n: 0),
    "zeros": lambda path: path.write_bytes(bytes(len(path.read_bytes()))),
    "binary garbage": lambda path: path.write_bytes(bytes(range(256)) * 2),
    "other JSON": lambda path: path.write_bytes(b'{"hello": "world"}\n'),
    "JSON list": lambda path: path.write_bytes(b"[1, 2, 3]\n"),
    "deleted": lambda path: path.unlink(),
}


@pytest.mark.parametrize("damage", list(_ENVELOPE_DAMAGE))
def test_damaged_key_file_is_envelope_damaged(populated_vault_dir, snapshot, passphrase, damage):
    key_file = populated_vault_dir / "key.json"
    original = key_file.read_bytes()
    _ENVELOPE_DAMAGE[damage](key_file)
    before = snapshot(populated_vault_dir)

    error = _open_expecting(EnvelopeDamaged, populated_vault_dir, passphrase)

    assert not isinstance(error, WrongPassphrase | VaultDamaged)
    assert "key.json" in str(error)
    assert snapshot(populated_vault_dir) == before
    key_file.write_bytes(original)
    Vault.open(populated_vault_dir, passphrase).close()


def test_each_failure_has_its_own_message(populated_vault_dir, tmp_path, passphrase):
    def fresh(name: str) -> Path:
        return Path(shutil.copytree(populated_vault_dir, tmp_path / name))

    wrong = _open_expecting(WrongPassphrase, fresh("wrong"), "not the passphrase")

    damaged_db = fresh("damaged db")
    _flip(damaged_db / "vault.db", 5 * PAGE + 77)
    damaged = _open_expecting(VaultDamaged, damaged_db, passphrase)

    damaged_key = fresh("damaged key")
    _flip_inside("ciphertext")(damaged_key / "key.json")
    envelope = _open_expecting(EnvelopeDamaged, damaged_key, passphrase)

    lost_key = fresh("lost key")
    (lost_key / "key.json").unlink()
    no_key = _open_expecting(EnvelopeDamaged, lost_key, passphrase)

    missing = _open_expecting(VaultMissing, tmp_path / "nowhere", passphrase)

    messages = [str(e) for e in (wrong, damaged, envelope, no_key, missing)]
    assert len(set(messages)) == len(messages), messages
    assert "passphrase" in str(wrong).lower()
    assert "key.json" not in str(damaged)
    assert "key.json" in str(envelope)
    assert "missing" in str(no_key)
