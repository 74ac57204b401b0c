"""The export defaults are written once (facilitator/defaults.py) and every
reader agrees with them: the parser, the option objects, the dialogs' service."""

from __future__ import annotations

import ast
from pathlib import Path

from facilitator import defaults
from facilitator.cli.parser import build_parser
from facilitator.exports.sheets import SheetOptions
from facilitator.exports.summary_options import GroupLabels, SummaryOptions
from facilitator.paths import AppPaths
from facilitator.services import summary

DEFAULTS = Path(defaults.__file__)


def test_the_defaults_module_imports_nothing() -> None:
    # The parser reads it on every run: it must not pull any layer in.
    tree = ast.parse(DEFAULTS.read_text(encoding="utf-8"))
    imported = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        or (isinstance(node, ast.ImportFrom) and node.module != "__future__")
    ]
    assert imported == []


def test_the_option_objects_default_to_them() -> None:
    options = SummaryOptions()
    assert options.k == defaults.DEFAULT_K == summary.DEFAULT_K
    assert options.labels is GroupLabels(defaults.DEFAULT_GROUP_LABELS)
    assert (summary.MIN_K, summary.MAX_K) == (defaults.MIN_K, defaults.MAX_K)
    sheet = SheetOptions()
    assert sheet.blank_rows == defaults.DEFAULT_BLANK_ROWS
    assert sheet.names.value == defaults.DEFAULT_NAMES


def test_the_command_line_defaults_to_them(tmp_path: Path) -> None:
    parser = build_parser(AppPaths(tmp_path / "data", tmp_path / "config", tmp_path / "log"))
    summary_args = parser.parse_args(["export", "summary", "--out", str(tmp_path / "s.pdf")])
    assert summary_args.min_cell == defaults.DEFAULT_K
    assert summary_args.group_labels == defaults.DEFAULT_GROUP_LABELS
    assert summary_args.paper == defaults.DEFAULT_PAPER
    sheet_args = parser.parse_args(["export", "sheet", "--out", str(tmp_path / "s.pdf")])
    assert sheet_args.blank_rows == defaults.DEFAULT_BLANK_ROWS
    assert sheet_args.names == defaults.DEFAULT_NAMES
