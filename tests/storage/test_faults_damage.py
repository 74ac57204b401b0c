"""Damage not covered by test_damage.py: a lost or damaged WAL, random flips, random cuts.

test_damage.py flips bytes at chosen places, cuts the file by chosen amounts
(1, 7, 100, one page, one page + 5, half, all but 100 bytes) and damages the
envelope.  Here: the -wal file of a vault that was not closed cleanly is lost,
cut or flipped (it must open with every commit, or report damage; never wrong
data, never "wrong passphrase"); bytes flipped in random pages
(seeded); the file cut at random lengths; and bytes appended to it.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from facilitator.errors import VaultDamaged, WrongPassphrase
from facilitator.storage.models import Member
from facilitator.storage.vault import Vault

PAGE = 4096
SEED = 5_2026
RANDOM_FLIPS = 40
RANDOM_CUTS = 12


def _names(folder: Path, passphrase: str) -> list[str]:
    """Open, run both checks, and list the members' first names in id order."""
    vault = Vault.open(folder, passphrase)
    try:
        vault.check()
        with vault.unit_of_work() as session:
            return list(session.scalars(select(Member.first_name).order_by(Member.id)))
    finally:
        vault.close()


# -- the WAL ---------------------------------------------------------------------------


def _add(vault: Vault, names: list[str]) -> None:
    for name in names:  # one commit each: each is a state the vault may come back in
        with vault.unit_of_work() as session:
            session.add(Member(first_name=name))


@pytest.fixture
def crashed(vault: Vault, vault_dir: Path, tmp_path: Path) -> tuple[Path, list[str], list[str]]:
    """A copy of the vault as a crash would leave it: ``first`` checkpointed into
    vault.db, ``later`` committed in the -wal file only (never checkpointed)."""
    first = [f"Checkpointed {i}" for i in range(20)]
    later = [f"Only in the WAL {i}" for i in range(30)]
    _add(vault, first)
    vault.checkpoint()
    _add(vault, later)
    copy = tmp_path / "crashed"
    copy.mkdir(mode=0o700)
    for name in ("vault.db", "vault.db-wal", "key.json", "vault.commits"):
        shutil.copy2(vault_dir / name, copy / name)
    assert (copy / "vault.db-wal").stat().st_size > 30 * PAGE // 2
    vault.close()
    return copy, first, later


def test_a_crashed_vault_with_its_wal_has_every_commit(crashed, passphrase):
    folder, first, later = crashed
    assert _names(folder, passphrase) == first + later


def test_a_crashed_vault_without_its_wal_says_recent_changes_are_missing(crashed, passphrase):
    folder, _first, _later = crashed
    (folder / "vault.db-wal").unlink()
    with pytest.raises(VaultDamaged, match="Recent changes to the vault may be missing"):
        _names(folder, passphrase)


def _committed_prefix(folder: Path, passphrase: str, first: list[str], later: list[str]) -> str:
    """Open the vault: it must hold ``first`` plus all of ``later`` (every commit
    returned, so every one was reported saved), or be refused as damaged (see
    test_wal_damage.py).  Returns which."""
    try:
        names = _names(folder, passphrase)
    except WrongPassphrase as exc:  # pragma: no cover - the failure this guards against
        pytest.fail(f"damage reported as a wrong passphrase: {exc}")
    except VaultDamaged:
        return "damaged"
    assert names[: len(first)] == first, "checkpointed data was lost or changed"
    rest = names[len(first) :]
    assert rest == later, f"{len(later) - len(rest)} saved commit(s) lost without a word"
    return f"{len(rest)} of {len(later)} WAL commits"


def test_a_cut_wal_gives_a_committed_state_or_damage(crashed, passphrase, tmp_path):
    folder, first, later = crashed
    wal = (folder / "vault.db-wal").read_bytes()
    rng = random.Random(SEED)
    cuts = [1, 32, PAGE, PAGE + 24 + 1] + [rng.randrange(1, len(wal)) for _ in range(6)]
    outcomes = []
    for cut in cuts:
        case = Path(shutil.copytree(folder, tmp_path / f"cut-{cut}"))
        (case / "vault.db-wal").write_bytes(wal[:-cut])
        outcomes.append(_committed_prefix(case, passphrase, first, later))
    print(f"\nWAL cuts tried: {len(cuts)}: {outcomes}")


def test_a_flipped_byte_in_the_wal_gives_a_committed_state_or_damage(crashed, passphrase, tmp_path):
    folder, first, later = crashed
    wal = (folder / "vault.db-wal").read_bytes()
    rng = random.Random(SEED + 1)
    positions = [0, 10, 40, 100] + [rng.randrange(32, len(wal)) for _ in range(8)]
    outcomes = []
    for position in positions:
        case = Path(shutil.copytree(folder, tmp_path / f"flip-{position}"))
        damaged = bytearray(wal)
        damaged[position] ^= rng.randrange(1, 256)
        (case / "vault.db-wal").write_bytes(bytes(damaged))
        outcomes.append(_committed_prefix(case, passphrase, first, later))
    print(f"\nWAL flips tried: {len(positions)}: {outcomes}")


def test_a_cleanly_closed_vault_does_not_need_its_wal(vault, vault_dir, passphrase):
    names = [f"Person {i}" for i in range(10)]
    _add(vault, names)
    vault.close()
    wal = vault_dir / "vault.db-wal"
    if wal.exists():
        assert wal.stat().st_size == 0, "close must checkpoint and truncate the WAL"
        wal.unlink()
    assert _names(vault_dir, passphrase) == names


# -- the database file ------------------------------------------------------------------


def _expect_damage(folder: Path, passphrase: str, snapshot: Callable) -> None:
    before = snapshot(folder)
    with pytest.raises(VaultDamaged) as info:
        Vault.open(folder, passphrase)
    assert not isinstance(info.value, WrongPassphrase)
    assert info.value.exit_code == 4
    assert "passphrase was right" in str(info.value)
    assert snapshot(folder) == before, "a refused open must leave every file as it was"


def test_random_flips_in_random_pages_are_damage(populated_vault_dir, passphrase, snapshot):
    db = populated_vault_dir / "vault.db"
    original = db.read_bytes()
    pages = len(original) // PAGE
    rng = random.Random(SEED + 2)
    tried = []
    for _ in range(RANDOM_FLIPS):
        page = rng.randrange(pages)
        offset = page * PAGE + rng.randrange(PAGE)
        damaged = bytearray(original)
        damaged[offset] ^= rng.randrange(1, 256)
        db.write_bytes(bytes(damaged))
        _expect_damage(populated_vault_dir, passphrase, snapshot)
        tried.append(offset)
    print(f"\nrandom flips tried: {len(tried)} in {len({o // PAGE for o in tried})} pages")
    db.write_bytes(original)
    assert len(_names(populated_vault_dir, passphrase)) == 200


def test_random_cuts_are_damage(populated_vault_dir, passphrase, snapshot):
    db = populated_vault_dir / "vault.db"
    original = db.read_bytes()
    rng = random.Random(SEED + 3)
    cuts = [2 * PAGE, PAGE - 1, PAGE + 1] + [
        rng.randrange(1, len(original)) for _ in range(RANDOM_CUTS)
    ]
    for cut in cuts:
        db.write_bytes(original[:-cut])
        _expect_damage(populated_vault_dir, passphrase, snapshot)
    print(f"\nrandom cuts tried: {len(cuts)}")


@pytest.mark.parametrize("extra", ["a page of zeros", "a page of noise", "a few bytes"])
def test_bytes_appended_give_the_same_data_or_damage(populated_vault_dir, passphrase, extra):
    db = populated_vault_dir / "vault.db"
    expected = _names(populated_vault_dir, passphrase)
    rng = random.Random(SEED + 4)
    tail = {
        "a page of zeros": bytes(PAGE),
        "a page of noise": rng.randbytes(PAGE),
        "a few bytes": b"\x00junk",
    }[extra]
    db.write_bytes(db.read_bytes() + tail)
    try:
        names = _names(populated_vault_dir, passphrase)
    except WrongPassphrase as exc:  # pragma: no cover
        pytest.fail(f"damage reported as a wrong passphrase: {exc}")
    except VaultDamaged:
        return
    assert names == expected
