"""The key envelope: Argon2id cost, what key.json holds, tampering, passphrase change."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import sys
import uuid

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select

from facilitator.errors import EnvelopeDamaged, InvalidInput, WrongPassphrase
from facilitator.storage import envelope as envelope_module
from facilitator.storage.envelope import Envelope, KdfParams, derive_kek, new_data_key
from facilitator.storage.models import Member
from facilitator.storage.vault import Vault

FAST = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)


def _canonical(body: dict) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("ascii")


def _with_checksum(body: dict) -> bytes:
    """key.json as a tamperer would write it: valid checksum over the edited fields."""
    body = dict(body)
    body.pop("checksum", None)
    body["checksum"] = hashlib.sha256(_canonical(body)).hexdigest()
    return json.dumps(body, indent=2, sort_keys=True).encode("ascii") + b"\n"


# -- the Argon2id cost -------------------------------------------------------------


def test_default_kdf_is_argon2id_256_mib_t3_p4():
    assert KdfParams() == KdfParams(memory_kib=262144, iterations=3, lanes=4)


def test_module_default_before_tests_patch_it_is_the_full_cost(monkeypatch):
    """tests/conftest.py lowers DEFAULT_KDF for speed; a fresh import shows the real one."""
    spec = importlib.util.spec_from_file_location("_fresh_envelope", envelope_module.__file__)
    assert spec is not None and spec.loader is not None
    fresh = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "_fresh_envelope", fresh)
    spec.loader.exec_module(fresh)

    assert (fresh.DEFAULT_KDF.memory_kib, fresh.DEFAULT_KDF.iterations) == (262144, 3)
    assert fresh.DEFAULT_KDF.lanes == 4


def test_key_file_with_default_cost_records_argon2id_parameters_and_salt():
    # The only real-cost Argon2id derivation in the suite (~0.6 s).
    sealed = Envelope.seal(new_data_key(), "correct horse battery staple", kdf=KdfParams())
    body = json.loads(sealed.to_json())

    assert body["kdf"]["name"] == "argon2id"
    assert body["kdf"]["memory_kib"] == 262144
    assert body["kdf"]["iterations"] == 3
    assert body["kdf"]["lanes"] == 4
    assert len(base64.b64decode(body["kdf"]["salt"], validate=True)) == 16
    assert body["wrap"]["name"] == "aes-256-gcm"
    assert len(base64.b64decode(body["wrap"]["nonce"], validate=True)) == 12
    assert len(base64.b64decode(body["wrap"]["ciphertext"], validate=True)) == 32 + 16
    assert Envelope.from_json(sealed.to_json()).kdf == KdfParams()


@pytest.mark.parametrize(
    "bad", [dict(memory_kib=0), dict(iterations=0), dict(lanes=0), dict(memory_kib=7, lanes=1)]
)
def test_nonsense_kdf_parameters_are_refused(bad):
    with pytest.raises(ValueError):
        KdfParams(**{"memory_kib": 8192, "iterations": 1, "lanes": 1, **bad})


def test_new_vault_key_file_is_what_the_vault_was_created_with(vault, vault_dir):
    body = json.loads((vault_dir / "key.json").read_bytes())

    assert body["vault_id"] == vault.vault_id
    assert str(uuid.UUID(body["vault_id"])) == body["vault_id"]
    assert (body["kdf"]["memory_kib"], body["kdf"]["iterations"], body["kdf"]["lanes"]) == (
        vault.kdf.memory_kib,
        vault.kdf.iterations,
        vault.kdf.lanes,
    )
    assert len(base64.b64decode(body["kdf"]["salt"])) == 16


def test_two_vaults_never_share_salt_nonce_or_key(tmp_path, passphrase):
    first = Vault.create(tmp_path / "a", passphrase)
    second = Vault.create(tmp_path / "b", passphrase)
    try:
        a, b = (json.loads((v.files.envelope).read_bytes()) for v in (first, second))
        assert a["kdf"]["salt"] != b["kdf"]["salt"]
        assert a["wrap"]["nonce"] != b["wrap"]["nonce"]
        assert a["vault_id"] != b["vault_id"]
        assert first._data_key() != second._data_key()
    finally:
        first.close()
        second.close()


def test_empty_passphrase_is_refused_and_no_vault_is_made(tmp_path):
    for blank in ("", "   "):
        with pytest.raises(InvalidInput):
            Vault.create(tmp_path / "v", blank)
    assert not (tmp_path / "v").exists()


# -- tampering ------------------------------------------------------------------------


def _tamper_kdf(field: str, new):
    def edit(body: dict) -> None:
        body["kdf"][field] = new(body["kdf"][field])

    return edit


def _tamper_top(field: str, new):
    def edit(body: dict) -> None:
        body[field] = new(body[field])

    return edit


def _other_b64(length: int):
    return lambda old: base64.b64encode(bytes(length)).decode()  # all zeros, not the old value


_TAMPERING = {
    "memory lowered": _tamper_kdf("memory_kib", lambda old: old // 2),
    "memory raised": _tamper_kdf("memory_kib", lambda old: old * 2),
    "iterations raised": _tamper_kdf("iterations", lambda old: old + 1),
    "lanes raised": _tamper_kdf("lanes", lambda old: old + 1),
    "salt replaced": _tamper_kdf("salt", _other_b64(16)),
    "vault_id replaced": _tamper_top("vault_id", lambda old: str(uuid.uuid4())),
    "key_check replaced": _tamper_top("key_check", _other_b64(16)),
}


@pytest.mark.parametrize("tampering", list(_TAMPERING))
def test_tampered_header_with_fixed_checksum_never_yields_a_key(
    vault, vault_dir, snapshot, passphrase, tampering
):
    vault.close()
    key_file = vault_dir / "key.json"
    body = json.loads(key_file.read_bytes())
    _TAMPERING[tampering](body)
    key_file.write_bytes(_with_checksum(body))
    try:
        tampered = Envelope.load(key_file)  # the checksum was recomputed
    except EnvelopeDamaged:
        pass  # a cost out of bounds (4 MiB here) is refused before any derivation
    else:
        with pytest.raises((WrongPassphrase, EnvelopeDamaged)):
            tampered.unseal(passphrase)

    before = snapshot(vault_dir)
    with pytest.raises((WrongPassphrase, EnvelopeDamaged)):
        Vault.open(vault_dir, passphrase)
    assert snapshot(vault_dir) == before


def test_header_is_bound_as_associated_data(passphrase):
    """With the right key-encryption key, a changed header alone makes unwrapping fail."""
    data_key = new_data_key()
    sealed = Envelope.seal(data_key, passphrase, kdf=FAST)
    kek = derive_kek(passphrase, sealed.kdf, sealed.salt)
    assert AESGCM(kek).decrypt(sealed.nonce, sealed.ciphertext, sealed._associated_data()) == (
        data_key
    )
    with pytest.raises(InvalidTag):
        AESGCM(kek).decrypt(sealed.nonce, sealed.ciphertext, None)

    body = json.loads(sealed.to_json())
    body["vault_id"] = str(uuid.uuid4())  # does not change the KEK, only the header
    tampered = Envelope.from_json(_with_checksum(body))
    assert derive_kek(passphrase, tampered.kdf, tampered.salt) == kek
    with pytest.raises(WrongPassphrase):
        tampered.unseal(passphrase)


def test_envelope_round_trip_and_wrong_passphrase(passphrase):
    data_key = new_data_key()
    sealed = Envelope.from_json(Envelope.seal(data_key, passphrase, kdf=FAST).to_json())

    assert sealed.unseal(passphrase) == data_key
    assert sealed.matches(data_key)
    assert not sealed.matches(new_data_key())
    with pytest.raises(WrongPassphrase):
        sealed.unseal(passphrase + "!")


def test_key_file_does_not_contain_the_key_or_passphrase(vault, vault_dir, passphrase):
    raw = (vault_dir / "key.json").read_bytes()
    key = vault._data_key()

    assert key not in raw
    assert key.hex().encode() not in raw.lower()
    assert base64.b64encode(key) not in raw
    assert passphrase.encode() not in raw


# -- changing the passphrase ------------------------------------------------------------


def test_change_passphrase_rewraps_only_the_key(vault, vault_dir, snapshot, passphrase):
    with vault.unit_of_work() as session:
        session.add(Member(first_name="Kept", last_name="Through"))
    vault.close()  # checkpoints the WAL into vault.db
    old_body = json.loads((vault_dir / "key.json").read_bytes())
    db_closed = (vault_dir / "vault.db").read_bytes()

    vault = Vault.open(vault_dir, passphrase)
    vault.checkpoint()
    while_open = snapshot(vault_dir)
    vault.change_passphrase("a completely new passphrase")
    after_change = snapshot(vault_dir)
    vault.close()

    # The database and its WAL were not touched by the change itself, nor by the
    # open/close around it; only key.json differs, and no temporary file is left.
    assert after_change.keys() == while_open.keys()
    assert {name for name in while_open if while_open[name] != after_change[name]} == {"key.json"}
    assert (vault_dir / "vault.db").read_bytes() == db_closed

    new_body = json.loads((vault_dir / "key.json").read_bytes())
    assert new_body["vault_id"] == old_body["vault_id"]
    assert new_body["kdf"]["salt"] != old_body["kdf"]["salt"]
    assert new_body["wrap"]["nonce"] != old_body["wrap"]["nonce"]
    assert new_body["wrap"]["ciphertext"] != old_body["wrap"]["ciphertext"]
    assert new_body["key_check"] == old_body["key_check"], "same data key inside"

    with pytest.raises(WrongPassphrase):
        Vault.open(vault_dir, passphrase)
    reopened = Vault.open(vault_dir, "a completely new passphrase")
    try:
        with reopened.unit_of_work() as session:
            assert session.scalars(select(Member.last_name)).all() == ["Through"]
    finally:
        reopened.close()


def test_change_passphrase_can_change_the_kdf_cost(vault, vault_dir):
    stronger = KdfParams(memory_kib=16 * 1024, iterations=2, lanes=2)
    vault.change_passphrase("another passphrase here", kdf=stronger)
    vault.close()

    assert Vault.read_envelope(vault_dir).kdf == stronger
    Vault.open(vault_dir, "another passphrase here").close()
