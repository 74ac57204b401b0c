"""The desktop app's options are read without building every command's parser
(``desktop_options``); whatever that shortcut accepts, the full parser must read the
same way, and everything else is left to the full parser."""

from __future__ import annotations

import argparse
import contextlib
import io
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from facilitator.cli.parser import build_parser, desktop_options
from facilitator.paths import AppPaths

PATHS = AppPaths(Path("/data"), Path("/config"), Path("/log"))
TOKENS = (
    "--vault",
    "--vault=/elsewhere",
    "/some/dir",
    "--demo",
    "--demo=1",
    "--va",
    "--v",
    "--version",
    "-h",
    "--help",
    "init",
    "backup",
    "--",
    "",
    "--bogus",
)


def _full(argv: list[str]) -> argparse.Namespace | None:
    """What the full parser reads, or None where it stops (help, version, an error)."""
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        try:
            return build_parser(PATHS).parse_args(argv)
        except SystemExit:
            return None


@given(st.lists(st.sampled_from(TOKENS), max_size=5))
@example(["--v", "/some/dir"])  # --version or --vault: ambiguous to the full parser
@example(["--vault", "--demo"])
@example(["--", "--demo"])
def test_what_the_shortcut_reads_the_full_parser_reads_alike(argv: list[str]) -> None:
    quick = desktop_options(argv, PATHS)
    if quick is None:
        return  # left to the full parser
    full = _full(argv)
    assert full is not None, f"{argv} starts the app but is an error to the full parser"
    assert (full.command, full.vault, full.demo) == (None, quick.vault, quick.demo)


@pytest.mark.parametrize(
    ("argv", "vault", "demo"),
    [
        ([], Path("/data/vault"), False),
        (["--demo"], Path("/data/vault"), True),
        (["--vault", "/v"], Path("/v"), False),
        (["--vault=/v", "--demo"], Path("/v"), True),
    ],
)
def test_the_desktop_apps_own_options_take_the_shortcut(
    argv: list[str], vault: Path, demo: bool
) -> None:
    args = desktop_options(argv, PATHS)
    assert args is not None
    assert (args.command, args.vault, args.demo) == (None, vault, demo)


@pytest.mark.parametrize(
    "argv",
    [["init"], ["--vault", "/v", "backup"], ["-h"], ["--version"], ["--va", "/v"], ["--demo=1"]],
)
def test_commands_help_abbreviations_and_mistakes_go_to_the_full_parser(argv: list[str]) -> None:
    assert desktop_options(argv, PATHS) is None
