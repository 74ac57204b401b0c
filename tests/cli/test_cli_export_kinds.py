"""``export full|sheet|summary``: one parser per kind, each taking its own options only,
with the defaults of facilitator/facilitator/defaults.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator import defaults
from facilitator.cli import main
from facilitator.cli.parser import build_parser
from facilitator.paths import AppPaths

SHEET_ONLY = (
    ("--date", "2026-11-24"),
    ("--names", "initials"),
    ("--blank-rows", "3"),
    ("--column", "Phone"),
    ("--leave-blank", "place"),
)
SUMMARY_ONLY = (
    ("--from", "2026-01-01"),
    ("--to", "2026-03-31"),
    ("--min-cell", "5"),
    ("--include-topics",),
    ("--group-labels", "numbers"),
)
BOTH = (("--group", "Tuesday"), ("--paper", "a4"))


@pytest.mark.parametrize(
    ("kind", "option"),
    [("full", o) for o in (*SHEET_ONLY, *SUMMARY_ONLY, *BOTH)]
    + [("sheet", o) for o in SUMMARY_ONLY]
    + [("summary", o) for o in SHEET_ONLY],
)
def test_each_kind_refuses_the_options_of_the_others(
    paths: AppPaths,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    option: tuple[str, ...],
) -> None:
    # Even set to its default value ("--names full" with a summary): it means nothing
    # there, and the old cross-check let a default through unnoticed.
    out = tmp_path / "out.pdf"
    assert (
        main(["export", kind, "--vault", str(tmp_path / "v"), "--out", str(out), *option], paths)
        == 2
    )
    assert option[0] in capsys.readouterr().err
    assert not out.exists()


def test_an_option_set_to_its_default_is_refused_with_another_kind(
    paths: AppPaths, tmp_path: Path
) -> None:
    out = str(tmp_path / "out.csv")
    assert main(["export", "summary", "--out", out, "--names", defaults.DEFAULT_NAMES], paths) == 2
    assert main(["export", "full", "--out", out, "--paper", defaults.DEFAULT_PAPER], paths) == 2


def test_the_refusal_names_the_option_never_its_value(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "out.json")
    argv = ["export", "full", "--out", out, "--group", "Canary Recovery Tuesday", "--to=1999"]
    assert main(argv, paths) == 2
    err = capsys.readouterr().err
    assert "--group, --to cannot be used with 'export full'" in err
    assert "Canary" not in err and "1999" not in err
    assert main(["list", "groups", "--vault", str(tmp_path), "Canary"], paths) == 2
    assert "Canary" not in capsys.readouterr().err


def test_each_kind_takes_its_own_options_with_the_shared_defaults(paths: AppPaths) -> None:
    parser = build_parser(paths)
    sheet = parser.parse_args(["export", "sheet", "--out", "s.pdf", *sum(SHEET_ONLY, ())])
    assert (sheet.kind, sheet.names, sheet.blank_rows) == ("sheet", "initials", 3)
    summary = parser.parse_args(["export", "summary", "--out", "s.csv", *sum(SUMMARY_ONLY, ())])
    assert (summary.kind, summary.min_cell, summary.group_labels) == ("summary", 5, "numbers")
    plain = parser.parse_args(["export", "summary", "--out", "s.csv"])
    assert plain.min_cell == defaults.DEFAULT_K
    assert plain.group_labels == defaults.DEFAULT_GROUP_LABELS
    assert plain.paper == defaults.DEFAULT_PAPER


def test_the_help_of_a_kind_lists_its_own_options_and_defaults(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "summary", "--help"], paths) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert f"(default: {defaults.DEFAULT_K})" in text
    assert "--min-cell" in text and "--leave-blank" not in text
    assert main(["export", "sheet", "--help"], paths) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert f"(default: {defaults.DEFAULT_BLANK_ROWS})" in text
    assert "--leave-blank" in text and "--min-cell" not in text


def test_export_without_a_kind_is_a_usage_error(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export"], paths) == 2
    assert "KIND" in capsys.readouterr().err
