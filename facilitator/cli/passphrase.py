"""Where a passphrase comes from, in order: --passphrase-file, FACILITATOR_PASSPHRASE,
the OS keyring (only to open an existing vault), an interactive prompt.  With none of
these and no terminal, a clear message and exit status 2."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from facilitator.errors import NoPassphrase, UsageError
from facilitator.services.passphrase_strength import WHAT_MAKES_STRONG, WHY_STRONG

ENV_PASSPHRASE = "FACILITATOR_PASSPHRASE"  # noqa: S105 - a variable name
ENV_NEW_PASSPHRASE = "FACILITATOR_NEW_PASSPHRASE"  # noqa: S105


def read_passphrase_file(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"The passphrase file {path} does not exist.") from None
    except OSError as exc:
        raise UsageError(f"The passphrase file {path} cannot be read: {exc.strerror}.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"The passphrase file {path} is not UTF-8 text.") from None
    # One trailing line ending is not part of the passphrase (echo adds it).
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith("\n"):
        text = text[:-1]
    if not text:
        raise UsageError(f"The passphrase file {path} is empty.")
    return text


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _no_passphrase(what: str) -> NoPassphrase:
    return NoPassphrase(
        f"No passphrase {what}. Give one with --passphrase-file FILE or the "
        f"{ENV_PASSPHRASE} environment variable, or run the command in a terminal."
    )


def from_file_or_env(passphrase_file: Path | None) -> str | None:
    """The passphrase from the first two sources, or None if neither is given."""
    if passphrase_file is not None:
        return read_passphrase_file(passphrase_file)
    value = os.environ.get(ENV_PASSPHRASE)
    return value if value else None


def prompt_existing(folder: Path) -> str:
    if not _interactive():
        raise _no_passphrase("was given to unlock the vault")
    value = getpass.getpass(f"Passphrase for the vault in {folder}: ")
    if not value:
        raise UsageError("No passphrase was typed.")
    return value


def prompt_backup(path: Path) -> str:
    if not _interactive():
        raise _no_passphrase("was given to open the backup")
    value = getpass.getpass(f"Passphrase of the backup {path} (the vault's when it was made): ")
    if not value:
        raise UsageError("No passphrase was typed.")
    return value


def prompt_new(label: str = "New passphrase") -> str:
    if not _interactive():
        raise _no_passphrase("was given for the new vault")
    # Before it is typed: why it must be strong, and what makes one (issue 16 defect 17).
    sys.stderr.write(f"{WHY_STRONG}\n{WHAT_MAKES_STRONG}\n")
    first = getpass.getpass(f"{label}: ")
    second = getpass.getpass(f"{label} again: ")
    if first != second:
        raise UsageError("The two passphrases differ. Nothing was changed.")
    if not first:
        raise UsageError("No passphrase was typed.")
    return first


def new_passphrase(passphrase_file: Path | None) -> str:
    """The new vault's passphrase: file, then environment, then a prompt typed twice."""
    return from_file_or_env(passphrase_file) or prompt_new()


def replacement_passphrase(new_passphrase_file: Path | None) -> str:
    """For ``passwd``: --new-passphrase-file, FACILITATOR_NEW_PASSPHRASE, or a prompt."""
    if new_passphrase_file is not None:
        return read_passphrase_file(new_passphrase_file)
    value = os.environ.get(ENV_NEW_PASSPHRASE)
    if value:
        return value
    if not _interactive():
        raise NoPassphrase(
            "No new passphrase was given. Give one with --new-passphrase-file FILE or the "
            f"{ENV_NEW_PASSPHRASE} environment variable, or run the command in a terminal."
        )
    return prompt_new("New passphrase")
