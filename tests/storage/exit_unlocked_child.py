"""Opens a vault, commits a few members, and ends the process without locking it.

Usage: ``python exit_unlocked_child.py VAULT_DIR PASSPHRASE exit|raise``.  Prints the
number of marked checkpoints it ran (``marked <n>``) just before ending: a plain
``sys.exit`` or an uncaught exception (a bug), as a script or a builder could."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from facilitator.storage import commit_record
from facilitator.storage.models import Member
from facilitator.storage.vault import Vault

runs: list[str] = []
_real = commit_record._marked


def _counting(record: object, execute: object, mode: str) -> object:
    runs.append(mode)
    return _real(record, execute, mode)  # type: ignore[arg-type]


def main() -> None:
    commit_record._marked = _counting  # type: ignore[assignment]
    vault = Vault.open(Path(sys.argv[1]), sys.argv[2])
    for i in range(5):
        with vault.unit_of_work() as session:
            session.add(Member(first_name=f"Reported {i}", notes="n" * 3000))
    os.write(1, f"marked {len(runs)}\n".encode("ascii"))
    if sys.argv[3] == "raise":
        raise RuntimeError("an unexpected error with the vault still open")
    sys.exit(0)


if __name__ == "__main__":
    main()
