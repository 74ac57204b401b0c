"""Fixtures shared by the command-line tests: isolated app folders, a passphrase file."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import PASSPHRASE

from facilitator.paths import AppPaths


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "data", tmp_path / "config", tmp_path / "log")


@pytest.fixture
def pwfile(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path
