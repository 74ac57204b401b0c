"""The command line.  Thin: parses arguments, calls the app's services, prints.

Exit status: 0 ok, 1 invalid input, 2 usage or no passphrase, 3 wrong passphrase,
4 vault damaged or missing, 5 vault open elsewhere, 130 interrupted.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.errors import UserFacingError
from facilitator.paths import AppPaths

if TYPE_CHECKING:
    import argparse

log = logging.getLogger("facilitator.cli")

EXIT_INTERNAL = 70


def build_parser(paths: AppPaths) -> argparse.ArgumentParser:
    """The whole command line's parser (:mod:`facilitator.cli.parser`)."""
    from facilitator.cli.parser import build_parser as build

    return build(paths)


def desktop_start(argv: Sequence[str]) -> tuple[Path | None, bool] | None:
    """``facilitator``, ``--demo``, ``--vault DIR`` (or ``--vault=DIR``), each at most
    once, read without building the parser: (the vault folder or None for the default,
    demo).  None for anything else, which the parser reads.  Starting the desktop app
    is the common case, and making the parser (every command's) takes 5 ms; the
    result is the parser's own for these forms (tests/cli/test_desktop_start.py)."""
    vault: Path | None = None
    demo = False
    rest = list(argv)
    while rest:
        word = rest.pop(0)
        if word == "--demo" and not demo:
            demo = True
        elif word.startswith("--vault=") and vault is None and len(word) > len("--vault="):
            vault = Path(word.removeprefix("--vault="))
        elif word == "--vault" and vault is None and rest and rest[0][:1] not in ("", "-"):
            vault = Path(rest.pop(0))
        else:
            return None
    return vault, demo


def main(argv: Sequence[str] | None = None, paths: AppPaths | None = None) -> int:
    paths = paths or AppPaths.for_user()
    quick = desktop_start(sys.argv[1:] if argv is None else argv)
    if quick is None:
        try:
            args = build_parser(paths).parse_args(argv)
        except SystemExit as exc:
            return int(exc.code or 0)
        if args.command is not None:
            return _command(args)
        quick = args.vault, args.demo
    from facilitator.ui import run

    vault, demo = quick
    return run(vault or paths.default_vault, demo=demo)


def _command(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="facilitator: %(levelname)s: %(message)s")
    try:
        # Here, not at the top: the desktop app (no command) must not wait for the
        # storage layer, SQLAlchemy and reportlab that the commands need.
        from facilitator.cli import commands

        return commands.dispatch(args)
    except UserFacingError as exc:
        sys.stderr.write(f"facilitator: error: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("facilitator: interrupted; nothing was half-written.\n")
        return 130
    except BrokenPipeError:
        return 0
