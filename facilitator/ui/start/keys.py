"""The open vault's key service, as the File menu's key actions and the Change
Passphrase dialog reach it (on the job thread, through the Backend)."""

from __future__ import annotations

from facilitator.app import Services
from facilitator.services.vault_key import VaultKeyService


def vault_keys(services: Services) -> VaultKeyService:
    """The key service of an open vault (every vault the app opens has one)."""
    if services.keys is None:  # pragma: no cover - only a hand-built Services lacks it
        raise RuntimeError("this vault's services were built without its key")
    return services.keys
