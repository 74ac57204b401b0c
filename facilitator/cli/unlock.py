"""Opening an existing vault for a command: the one way every command unlocks.

Its own module so the command modules (commands, erasure, published) all import it
and none of them imports another's: they used to borrow it from ``commands``, which
imports them, a cycle.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator import app
from facilitator.cli.passphrase import from_file_or_env, prompt_existing


def open_existing(args: argparse.Namespace) -> app.OpenVault:
    """Unlock with --passphrase-file, FACILITATOR_PASSPHRASE, the keyring, or a prompt."""
    folder: Path = args.vault
    passphrase = from_file_or_env(args.passphrase_file)
    if passphrase is None:
        remembered = app.open_remembered(folder)
        if remembered is not None:
            return remembered
        passphrase = prompt_existing(folder)
    return app.open_vault(folder, passphrase)
