"""Fixtures for the storage security tests.

The root ``tests/conftest.py`` gives a fresh vault per test (``vault``,
``vault_dir``), a fast Argon2id, an isolated HOME and keyring's ``fail``
backend.  ``tests`` is not a package, so its constants cannot be imported from
here: the passphrase is exposed as a fixture (and checked against the root
fixture's vault by every test that opens one with it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator.storage.models import Member
from facilitator.storage.vault import Vault

# The same passphrase tests/conftest.py creates its ``vault`` fixture with.
PASSPHRASE = "correct horse battery staple"
PAGE_SIZE = 4096
SQLITE_HEADER = b"SQLite format 3\x00"


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


@pytest.fixture
def populated_vault_dir(vault: Vault, vault_dir: Path) -> Path:
    """A closed vault holding 200 members with long text (several dozen pages)."""
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
    vault.close()
    size = (vault_dir / "vault.db").stat().st_size
    assert size % PAGE_SIZE == 0
    assert size >= 20 * PAGE_SIZE, "the populated vault should span many pages"
    return vault_dir
