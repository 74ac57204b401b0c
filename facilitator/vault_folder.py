"""Whether a folder holds a vault, answered without loading the storage layer.

The desktop app asks this before its first window (unlock, or first run), so it must
not import SQLAlchemy, SQLCipher or the services: :mod:`facilitator.app` does, and is
loaded in the background while the passphrase is typed.  The file names are
defined here, once; :mod:`facilitator.storage.vault` uses them.
"""

from __future__ import annotations

from pathlib import Path

DB_NAME = "vault.db"
ENVELOPE_NAME = "key.json"


def vault_exists(folder: Path) -> bool:
    """True if ``folder`` holds a vault's database or its key envelope."""
    folder = Path(folder).expanduser()
    return (folder / DB_NAME).exists() or (folder / ENVELOPE_NAME).exists()
