"""Starting the desktop app reads its few options without the parser, and reads
them as the parser would."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.cli import build_parser, desktop_start
from facilitator.paths import AppPaths

DESKTOP_FORMS = [
    [],
    ["--demo"],
    ["--vault", "/tmp/circle vault"],
    ["--vault=/tmp/circle vault"],
    ["--vault", "relative/vault", "--demo"],
    ["--demo", "--vault=~/vault"],
]

OTHER_FORMS = [
    ["--help"],
    ["--version"],
    ["check"],
    ["--vault", "/tmp/v", "check"],
    ["--vault"],  # no folder: the parser says what is missing
    ["--vault", "--demo"],
    ["--vault="],
    ["--demo", "--demo"],
    ["--vault", "a", "--vault", "b"],
    ["--va", "/tmp/v"],  # an abbreviation: the parser's business
    ["-h"],
]


@pytest.mark.parametrize("argv", DESKTOP_FORMS)
def test_the_desktop_forms_read_as_the_parser_reads_them(argv: list[str], tmp_path: Path) -> None:
    paths = AppPaths.for_user()
    quick = desktop_start(argv)
    assert quick is not None
    vault, demo = quick
    parsed = build_parser(paths).parse_args(argv)
    assert parsed.command is None
    assert (vault or paths.default_vault, demo) == (parsed.vault, parsed.demo)


@pytest.mark.parametrize("argv", OTHER_FORMS)
def test_anything_else_is_left_to_the_parser(argv: list[str]) -> None:
    assert desktop_start(argv) is None
