"""Fixtures for the storage security tests.

The root ``tests/conftest.py`` gives a fresh vault per test (``vault``,
``vault_dir``), a fast Argon2id, an isolated HOME and keyring's ``fail``
backend.  ``tests`` is not a package, so its constants cannot be imported from
here: the passphrase is exposed as a fixture (and checked against the root
``vault`` fixture by every test that reopens that vault with it).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator.storage.envelope import KdfParams
from facilitator.storage.models import Group, Member, Session
from facilitator.storage.vault import Vault

# The same passphrase tests/conftest.py creates its ``vault`` fixture with.
PASSPHRASE = "correct horse battery staple"
PAGE_SIZE = 4096
SQLITE_HEADER = b"SQLite format 3\x00"
FAST_KDF = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (recursively), by relative path, with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture
def snapshot() -> Callable[[Path], dict[str, bytes]]:
    """``snapshot(folder)``: a dict of relative path -> bytes, to compare before/after."""
    return read_tree


@pytest.fixture(scope="session")
def _populated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: a closed vault with 200 members (long text) and 60 sessions."""
    folder = tmp_path_factory.mktemp("populated") / "vault"
    vault = Vault.create(folder, PASSPHRASE, kdf=FAST_KDF)
    try:
        with vault.unit_of_work() as session:
            for i in range(200):
                session.add(
                    Member(
                        first_name=f"Member{i:03d}",
                        last_name="Longsurname" * 5,
                        email=f"member{i:03d}@example.org",
                        notes=f"Free notes about member {i}. " * 20,
                    )
                )
            group = Group(name="Template group")
            session.add(group)
            session.flush()
            start = dt.date(2025, 1, 6)
            session.add_all(
                Session(
                    group_id=group.id,
                    date=start + dt.timedelta(weeks=week),
                    location=f"Room {week:03d}",
                )
                for week in range(60)
            )
    finally:
        vault.close()
    size = (folder / "vault.db").stat().st_size
    assert size % PAGE_SIZE == 0
    assert size >= 20 * PAGE_SIZE, "the populated vault should span many pages"
    return folder


@pytest.fixture
def populated_vault_dir(_populated_template: Path, vault_dir: Path) -> Path:
    """A fresh copy of the populated, closed vault in ``vault_dir``, free to damage."""
    shutil.copytree(_populated_template, vault_dir)
    return vault_dir
