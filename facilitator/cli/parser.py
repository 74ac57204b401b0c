"""The command line's parser: every command, its options and their help.

Built on every run but the desktop app's (see desktop_options): keep what it imports
light (the commands themselves load in :mod:`facilitator.cli.commands`, once one is
given).
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from facilitator import __version__
from facilitator.defaults import (
    DEFAULT_BLANK_ROWS,
    DEFAULT_GROUP_LABELS,
    DEFAULT_K,
    DEFAULT_NAMES,
    DEFAULT_PAPER,
)
from facilitator.paths import AppPaths
from facilitator.services.roster_encoding import ENCODINGS


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are ours: a message and exit status 2."""

    # Called with what this parser (and the sub-parsers below it) read.
    after_parse: Callable[[argparse.Namespace], None] | None = None

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if self.after_parse is not None:
            self.after_parse(parsed)
        return parsed, extras

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"facilitator: error: {message}\n")
        raise SystemExit(2)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """argparse's, but an argument no parser took is named by its option only: its
        value may be a name ("--group 'Alcohol Recovery Tuesday'" given to 'export
        full'), and messages never repeat values."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            self.error(_unrecognized(parsed, extras))
        return parsed


def _unrecognized(parsed: argparse.Namespace, extras: Sequence[str]) -> str:
    options = list(dict.fromkeys(a.partition("=")[0] for a in extras if a.startswith("-")))
    command = " ".join(
        str(part) for part in (parsed.command, getattr(parsed, "kind", None)) if part
    )
    if options and command:
        return f"{', '.join(options)} cannot be used with '{command}'."
    if options:
        return f"unrecognized arguments: {' '.join(options)}"
    return "an argument was given that is not an option of this command (see --help)."


def _vault_arg(parser: argparse.ArgumentParser, default: Path, *, command: bool = True) -> None:
    """``--vault DIR``.  On a command's parser it has no default of its own
    (``SUPPRESS``): argparse lets a sub-parser's default overwrite what the parser
    above it read, so ``facilitator --vault DIR export …`` used the default vault
    (review 15).  The top-level parser's ``--vault`` (the desktop app's) always sets
    one, given or default; a ``--vault`` after the command replaces it."""
    parser.add_argument(
        "--vault",
        type=Path,
        default=argparse.SUPPRESS if command else default,
        metavar="DIR",
        help=f"the vault folder (default: {default})",
    )


def _passphrase_arg(parser: argparse.ArgumentParser, new: bool = False) -> None:
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help=(
            "read the new vault's passphrase from FILE"
            if new
            else "read the passphrase from FILE (else FACILITATOR_PASSPHRASE, the keyring, "
            "or a prompt)"
        ),
    )


def _export_parser(sub: Any, default_vault: Path) -> None:
    """``export KIND``: one parser per kind, so that each accepts its own options only
    (an option of another kind is a usage error, said by argparse itself)."""
    p = sub.add_parser(
        "export",
        help="full: everything, identifiable; sheet: a sign-in sheet PDF; "
        "summary: an anonymised summary (PDF or CSV)",
    )
    p.after_parse = functools.partial(_export_defaults, p)
    _shared_export_args(p, default_vault)
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True, parser_class=_Parser)
    full = _export_kind(
        kinds, "full", "everything, identifiable, as a JSON bundle (plaintext)", default_vault
    )
    del full  # no options of its own
    _sheet_args(_export_kind(kinds, "sheet", "a sign-in sheet PDF", default_vault))
    _summary_args(
        _export_kind(kinds, "summary", "an anonymised summary (PDF or CSV)", default_vault)
    )


def _export_kind(
    kinds: Any, name: str, help_text: str, default_vault: Path
) -> argparse.ArgumentParser:
    """One kind's parser with the options every export has."""
    p: argparse.ArgumentParser = kinds.add_parser(name, help=help_text)
    _shared_export_args(p, default_vault)
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    return p


def _shared_export_args(p: argparse.ArgumentParser, default_vault: Path) -> None:
    """--vault, --passphrase-file and --out, taken before the kind or after it
    ("export --vault DIR summary --out F" worked with one flat parser, so it still does).
    argparse lets a sub-parser's defaults overwrite what the parser above it read, so
    here they have none; :class:`_ExportParser` fills them in once both have read."""
    p.add_argument(
        "--vault",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help=f"the vault folder (default: {default_vault})",
    )
    p.add_argument(
        "--passphrase-file",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="FILE",
        help="read the passphrase from FILE (else FACILITATOR_PASSPHRASE, the keyring, "
        "or a prompt)",
    )
    p.add_argument("--out", type=Path, default=argparse.SUPPRESS, metavar="FILE", help="(required)")


def _export_defaults(parser: argparse.ArgumentParser, parsed: argparse.Namespace) -> None:
    """``export``: the options every kind shares get their defaults here, after the
    kind's parser has read the rest (see :func:`_shared_export_args`)."""
    if getattr(parsed, "kind", None) is None:
        return
    if getattr(parsed, "out", None) is None:
        parser.error("the following arguments are required: --out")
    # No --vault default here: the top-level parser always holds one (given before
    # the command, or the default); setting it here would overwrite the given one.
    if not hasattr(parsed, "passphrase_file"):
        parsed.passphrase_file = None


def _paper_arg(p: argparse.ArgumentParser, help_text: str) -> None:
    p.add_argument(
        "--paper", choices=("auto", "a4", "letter"), default=DEFAULT_PAPER, help=help_text
    )


def _sheet_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--group", metavar="NAME", help="the group")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the session's date")
    p.add_argument(
        "--names",
        choices=("full", "initials", "none"),
        default=DEFAULT_NAMES,
        help=f"full names, first name and initial, or no names (default: {DEFAULT_NAMES})",
    )
    p.add_argument(
        "--blank-rows",
        type=int,
        default=DEFAULT_BLANK_ROWS,
        metavar="N",
        help=f"rows for newcomers (default: {DEFAULT_BLANK_ROWS})",
    )
    p.add_argument("--column", action="append", default=[], metavar="TITLE", help="an extra column")
    p.add_argument(
        "--leave-blank",
        action="append",
        default=[],
        choices=("place", "facilitator", "title"),
        help="print this field blank (a blank title prints 'Meeting')",
    )
    _paper_arg(p, "paper size (default: from the locale)")


def _summary_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--group", metavar="NAME", help="one group only")
    p.add_argument(
        "--from",
        dest="start",
        metavar="YYYY-MM-DD",
        help="first day (default: 1 January; in January, 1 January last year)",
    )
    p.add_argument(
        "--to",
        dest="end",
        metavar="YYYY-MM-DD",
        help="last day (default: the end of last month: only whole months that have ended "
        "are published)",
    )
    p.add_argument(
        "--min-cell",
        type=int,
        default=DEFAULT_K,
        metavar="K",
        help=f"counts from 1 to K-1 are shown as <K (default: {DEFAULT_K})",
    )
    p.add_argument("--include-topics", action="store_true", help="session topics, redacted")
    p.add_argument(
        "--group-labels",
        choices=("names", "numbers"),
        default=DEFAULT_GROUP_LABELS,
        help=f"print groups by name, or as Group 1, Group 2 ... (default: {DEFAULT_GROUP_LABELS})",
    )
    _paper_arg(p, "paper size of a PDF (default: from the locale)")


def _desktop_args(parser: argparse.ArgumentParser, default_vault: Path) -> None:
    """The options of the desktop app (no command)."""
    _vault_arg(parser, default_vault, command=False)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start the desktop app on a throwaway vault full of fake data",
    )


class _NotOnlyDesktop(Exception):
    """Raised by _DesktopParser instead of printing a usage error."""


class _DesktopParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _NotOnlyDesktop(message)


def desktop_options(argv: Sequence[str] | None, paths: AppPaths) -> argparse.Namespace | None:
    """The desktop app's options, when ``argv`` holds those and nothing else: read
    without building every command's parser, which the desktop app's start would wait
    for (argparse looks on disk for a translation of each of its own messages).  None
    for anything else (a command, help, the version, a mistake): build_parser reads
    that, and says what is wrong.  The options are the full parser's own
    (_desktop_args), and abbreviations are left to it."""
    parser = _DesktopParser(prog="facilitator", add_help=False, allow_abbrev=False)
    _desktop_args(parser, paths.default_vault)
    try:
        args, rest = parser.parse_known_args(argv)
    except _NotOnlyDesktop:
        return None
    if rest:
        return None
    args.command = None
    return args


def _import_parser(sub: Any, default_vault: Path) -> None:
    p = sub.add_parser("import", help="import a roster CSV, or a JSON bundle from 'export full'")
    p.add_argument("file", type=Path, metavar="FILE")
    _vault_arg(p, default_vault)
    _passphrase_arg(p)
    p.add_argument("--group", metavar="NAME", help="CSV only: add everyone to this group")
    p.add_argument(
        "--encoding",
        choices=tuple(ENCODINGS),
        metavar="NAME",
        help="CSV only: the file's encoding, when it is not UTF-8 and the guess was wrong "
        "(one of: " + ", ".join(ENCODINGS) + ")",
    )


def _check_parsers(sub: Any, default_vault: Path) -> None:
    p = sub.add_parser(
        "check",
        help="check the vault without changing anything: exit 0 healthy, 4 damaged",
    )
    _vault_arg(p, default_vault)
    _passphrase_arg(p)
    p = sub.add_parser(
        "recover",
        help="open a vault whose recent changes are missing with what can still be read "
        "(the damaged log is kept aside in the vault folder)",
    )
    _vault_arg(p, default_vault)
    _passphrase_arg(p)


def _forget_member_parser(sub: Any, default_vault: Path) -> None:
    p = sub.add_parser(
        "forget-member",
        help="forget a member for good: their data deleted, attendance kept as guests, "
        "mentions redacted",
    )
    p.add_argument(
        "--vault", type=Path, default=default_vault, metavar="DIR", help="the vault folder"
    )
    p.add_argument("--passphrase-file", type=Path, metavar="FILE")
    p.add_argument("--member", type=int, required=True, metavar="ID", help="the member's id")
    p.add_argument("--yes", action="store_true", help="do not ask before forgetting")


def _published_parser(sub: Any, default_vault: Path) -> None:
    p = sub.add_parser(
        "published",
        help="list the anonymised summaries this vault has published (each new one is "
        "checked against them); --clear forgets them",
    )
    p.add_argument(
        "--vault", type=Path, default=default_vault, metavar="DIR", help="the vault folder"
    )
    p.add_argument("--passphrase-file", type=Path, metavar="FILE")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument(
        "--clear",
        action="store_true",
        help="forget the record: later summaries are no longer checked against these",
    )
    p.add_argument("--yes", action="store_true", help="--clear: do not ask first")


def build_parser(paths: AppPaths) -> argparse.ArgumentParser:
    default_vault = paths.default_vault
    parser = _Parser(
        prog="facilitator",
        description="Facilitator: rosters, attendance and private notes for peer-support "
        "groups, in an encrypted vault on this computer. With no command, the desktop app "
        "starts.",
    )
    parser.add_argument("--version", action="version", version=f"facilitator {__version__}")
    _desktop_args(parser, default_vault)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("init", help="create a new, empty vault")
    _vault_arg(p, default_vault)
    _passphrase_arg(p, new=True)
    p.add_argument(
        "--remember",
        action="store_true",
        help="also remember the key in this computer's keyring (if there is a secure one)",
    )

    p = sub.add_parser("demo", help="create a vault filled with fake data")
    _vault_arg(p, default_vault)
    _passphrase_arg(p, new=True)
    p.add_argument("--scale", choices=("small", "large"), default="small")
    p.add_argument("--seed", type=int, default=0, metavar="N")

    _import_parser(sub, default_vault)

    p = sub.add_parser("list", help="list groups, members or sessions")
    p.add_argument("what", choices=("groups", "members", "sessions"))
    _vault_arg(p, default_vault)
    _passphrase_arg(p)
    p.add_argument("--group", metavar="NAME", help="only this group's members or sessions")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")

    _export_parser(sub, default_vault)

    _check_parsers(sub, default_vault)

    p = sub.add_parser(
        "backup", help="write one encrypted file that restores the vault with the passphrase"
    )
    _vault_arg(p, default_vault)
    _passphrase_arg(p)
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")

    p = sub.add_parser("restore", help="restore a vault from a backup file")
    p.add_argument("file", type=Path, metavar="FILE")
    _vault_arg(p, default_vault)
    p.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="read the backup's passphrase from FILE (else FACILITATOR_PASSPHRASE or a prompt)",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="replace the vault in DIR (it is moved aside to DIR.replaced-<time>, not deleted)",
    )

    p = sub.add_parser("passwd", help="change the vault's passphrase")
    _vault_arg(p, default_vault)
    _passphrase_arg(p)
    p.add_argument("--new-passphrase-file", type=Path, metavar="FILE")

    p = sub.add_parser("remember", help="remember the vault's key in this computer's keyring")
    _vault_arg(p, default_vault)
    _passphrase_arg(p)

    p = sub.add_parser("forget", help="remove the vault's key from this computer's keyring")
    _vault_arg(p, default_vault)

    _forget_member_parser(sub, default_vault)
    _published_parser(sub, default_vault)
    return parser
