"""A writer process for the WAL-damage and SIGKILL tests: it reports each commit on a pipe.

Usage: ``python commit_writer_child.py VAULT_DIR PASSPHRASE COUNT``

Opens the vault, prints ``open``, then adds COUNT members one commit each (through the
roster service, as the app does) and prints ``saved <i>`` (one ``os.write`` per line,
so a line is whole or absent) only after the service returned, i.e. after the commit
was reported saved.  Then prints ``waiting`` and blocks on stdin until the parent kills
it: the vault is never closed, so the write-ahead log still holds every commit.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from facilitator.app import OpenVault
from facilitator.services.roster import MemberDraft
from facilitator.storage.vault import Vault


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode("ascii"))


def main() -> None:
    folder, passphrase, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    opened = OpenVault(Vault.open(folder, passphrase))
    _say("open")
    for i in range(count):
        opened.services.roster.add_member(MemberDraft(first_name=f"Reported {i:03d}"))
        _say(f"saved {i}")
    _say("waiting")
    sys.stdin.read()  # never closed cleanly: the parent SIGKILLs this process


if __name__ == "__main__":
    main()
