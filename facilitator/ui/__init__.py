"""The desktop app (PySide6).  Importing this package loads no Qt: :func:`run` does."""

from __future__ import annotations

import re
import sys
from pathlib import Path


def run(vault_folder: Path, *, demo: bool = False) -> int:
    """Start the desktop app on the vault in ``vault_folder``; return the exit status.

    With ``demo`` the folder is ignored: a throwaway vault of made-up people is
    made in a fresh private temporary folder and deleted when the app quits.
    """
    from facilitator.ui import system_check

    missing = system_check.missing_libraries()
    if missing:
        sys.stderr.write(system_check.advice(missing))
        return 1
    try:
        from facilitator.ui.frame.application import run_app
    except ImportError as exc:
        # A library the check above does not know of (another distribution, a
        # newer Qt): still a sentence, not a traceback, when it is a system one.
        library = re.search(r"([\w.+-]+\.so(?:\.\d+)*)", str(exc))
        if library is None:
            raise
        sys.stderr.write(system_check.advice({library.group(1): None}))
        return 1
    return run_app(Path(vault_folder), demo=demo)
