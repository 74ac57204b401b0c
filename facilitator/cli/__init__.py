"""The command line.  Thin: parses arguments, calls the app's services, prints.

Exit status: 0 ok, 1 invalid input, 2 usage or no passphrase, 3 wrong passphrase,
4 vault damaged or missing, 5 vault open elsewhere, 130 interrupted.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from facilitator.cli.parser import build_parser, desktop_options
from facilitator.errors import UserFacingError
from facilitator.paths import AppPaths

if TYPE_CHECKING:
    import argparse

__all__ = ["build_parser", "main"]

log = logging.getLogger("facilitator.cli")


def main(argv: Sequence[str] | None = None, paths: AppPaths | None = None) -> int:
    paths = paths or AppPaths.for_user()
    args = desktop_options(argv, paths)
    if args is None:
        try:
            args = build_parser(paths).parse_args(argv)
        except SystemExit as exc:
            return int(exc.code or 0)
    if args.command is not None:
        return _command(args)
    from facilitator.ui import run

    return run(args.vault, demo=args.demo)


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
