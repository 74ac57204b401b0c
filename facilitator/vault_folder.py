"""Whether a folder holds a vault, answered without loading the storage layer.

The desktop app asks this before its first window (unlock, or first run), so it must
not import SQLAlchemy, SQLCipher or the services: :mod:`facilitator.app` does, and is
loaded in the background while the passphrase is typed.  The file names are
defined here, once; :mod:`facilitator.storage.vault` uses them.
"""

from __future__ import annotations

import os
from pathlib import Path

DB_NAME = "vault.db"
ENVELOPE_NAME = "key.json"


def vault_exists(folder: Path) -> bool:
    """True if ``folder`` holds a vault's database or its key envelope, in any form (a
    link, a folder, even one that cannot be looked at): whatever is there must never be
    taken for an empty place to make a new vault in.  Opening it then says what is
    wrong with it."""
    folder = Path(folder).expanduser()
    return _present(folder / DB_NAME) or _present(folder / ENVELOPE_NAME)


def _present(path: Path) -> bool:
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:  # there or not, it cannot be seen (permissions): not "absent"
        return True
    return True
