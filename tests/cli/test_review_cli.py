"""Outside review of issue 15: command lines that worked before the one-parser-per-kind
``export`` and no longer do."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import PASSPHRASE, run

from facilitator import app
from facilitator.paths import AppPaths


def test_options_before_the_export_kind_still_work(
    paths: AppPaths, tmp_path: Path, pwfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "vault"
    app.create_vault(folder, PASSPHRASE).lock()
    out = tmp_path / "summary.csv"
    code = run(
        paths, "export", "--vault", folder, "--passphrase-file", pwfile,
        "summary", "--out", out,
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert out.exists()


def test_a_vault_given_before_the_command_is_the_one_used(
    paths: AppPaths, tmp_path: Path, pwfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "vault"
    app.create_vault(folder, PASSPHRASE).lock()
    out = tmp_path / "summary.csv"
    code = run(
        paths, "--vault", folder, "export", "summary", "--passphrase-file", pwfile,
        "--out", out,
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert out.exists()
