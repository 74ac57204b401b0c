"""The desktop app (PySide6).  Importing this package loads no Qt: :func:`run` does."""

from __future__ import annotations

from pathlib import Path


def run(vault_folder: Path, *, demo: bool = False) -> int:
    """Start the desktop app on the vault in ``vault_folder``; return the exit status.

    With ``demo`` the folder is ignored: a throwaway vault of made-up people is
    made in a fresh private temporary folder and deleted when the app quits.
    """
    from facilitator.ui.frame.application import run_app

    return run_app(Path(vault_folder), demo=demo)
