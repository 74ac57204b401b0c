"""Errors a person can act on, typed by what they should do next.

Every error a user can cause or fix is a :class:`UserFacingError`.  Its message
says what happened and what to do; ``exit_code`` is the command line's exit
status for it.  Messages never contain names, notes or secrets: they are shown
on screen and may be logged.
"""

from __future__ import annotations


class UserFacingError(Exception):
    """An error whose message is written for the person using the app."""

    exit_code = 1

    def __init__(self, message: str, *, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"  {line}" for line in self.details)


class InvalidInput(UserFacingError):
    """Input the user gave is wrong (a bad row, an unknown group, an empty name)."""

    exit_code = 1


class NotFound(InvalidInput):
    """Something the user named does not exist."""


class UsageError(UserFacingError):
    """The command was called wrongly, or no passphrase could be obtained."""

    exit_code = 2


class NoPassphrase(UsageError):
    """No passphrase source was available (no file, no variable, no keyring, no terminal)."""


class WrongPassphrase(UserFacingError):
    """The passphrase does not unlock this vault's key envelope."""

    exit_code = 3


class VaultError(UserFacingError):
    """The vault cannot be used as it is on disk."""

    exit_code = 4


class VaultMissing(VaultError):
    """There is no vault where one was expected."""


class VaultDamaged(VaultError):
    """The database file is damaged; only a backup can bring the data back."""


class EnvelopeDamaged(VaultError):
    """The small key envelope file next to the database is damaged or missing."""


class BackupDamaged(VaultError):
    """A backup file is cut short or altered; it cannot be restored (never a wrong passphrase)."""


class BackupFailed(VaultError):
    """A backup could not be written or did not verify; no backup file was left behind."""


class VaultExists(UserFacingError):
    """A vault already exists where a new one was to be created."""

    exit_code = 1


class VaultInUse(UserFacingError):
    """Another running Facilitator (app or command line) has this vault open."""

    exit_code = 5


class UnsupportedSQLCipher(UserFacingError):
    """The installed SQLCipher library is not one this app can trust."""

    exit_code = 4


class KeyringUnavailable(UserFacingError):
    """No secure OS keyring is available, so the key cannot be remembered."""

    exit_code = 1


class VaultLocked(UserFacingError):
    """The vault was locked; unlock it again to continue."""

    exit_code = 1


class LeakFound(UserFacingError):
    """An export's final text still identifies a member, so it was refused and not written.

    ``kind`` says what was found ("a member's name", "a phone number", ...); ``where``
    says in which part of the export ("the topic of the session on 2026-05-04 in
    group 2", "the name of group 3", "the place field": numbers, dates and field
    names only); ``session_id`` is the session whose topic it was, so that the topic
    can be left out.  The message says the same and never the value itself.
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        where: str = "",
        session_id: int | None = None,
        details: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message, details=details)
        self.kind = kind
        self.where = where
        self.session_id = session_id


class VaultUnreadable(VaultError):
    """A file or the folder of the vault cannot be read: its permissions, not damage."""
