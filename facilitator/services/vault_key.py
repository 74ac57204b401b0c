"""The open vault's key, for the desktop app: change the passphrase, remember the key on
this computer or forget it (issue 16 defect 12: these were on the command line only).

The command line does the same through :class:`facilitator.app.OpenVault` (``passwd``,
``remember``, ``forget``); both end in the vault's own methods, and a new passphrase meets
the one rule of :mod:`facilitator.services.passphrase_strength`.  The work is slow
(Argon2id twice for a change: the current passphrase checked, the new one derived), so
the app calls it on the vault's job thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from facilitator.errors import InvalidInput
from facilitator.services.passphrase_strength import require_strong


class KeyHolder(Protocol):
    """What the vault offers (storage's ``Vault``)."""

    def change_passphrase(self, new_passphrase: str) -> None: ...

    def remember_key(self) -> object: ...

    def forget_key(self) -> bool: ...

    def is_key_remembered(self) -> bool: ...


class VaultKeyService:
    def __init__(
        self,
        holder: KeyHolder,
        check_current: Callable[[str], object],
        extra_words: Callable[[], tuple[str, ...]] = tuple,
    ) -> None:
        """``check_current(passphrase)`` raises WrongPassphrase unless ``passphrase`` opens
        this vault now; ``extra_words()``: words a guesser would try (the folder's name)."""
        self._holder = holder
        self._check_current = check_current
        self._extra_words = extra_words

    def change_passphrase(self, current: str, new: str) -> None:
        """Re-wrap the key under ``new`` once ``current`` is proven.  WrongPassphrase if
        ``current`` is not the vault's; InvalidInput if ``new`` is not strong or is the
        same.  A key remembered on this computer stays remembered (it is the same key)."""
        if not current:
            raise InvalidInput("Type the passphrase the vault has now.")
        require_strong(new, self._extra_words())
        if new == current:
            raise InvalidInput("The new passphrase is the one the vault has now. Choose another.")
        self._check_current(current)
        self._holder.change_passphrase(new)

    def remember(self) -> None:
        """Keep the key in this computer's secure keyring (KeyringUnavailable, with the
        reason, if there is none or it refuses)."""
        self._holder.remember_key()

    def forget(self) -> bool:
        """Remove the key from the keyring; True if it was there."""
        return self._holder.forget_key()

    def is_remembered(self) -> bool:
        return self._holder.is_key_remembered()
