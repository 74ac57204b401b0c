"""The command line called in-process, as the CLI tests call it
(import as ``from cli_run import PASSPHRASE, run``)."""

from __future__ import annotations

from pathlib import Path

from facilitator.cli import main
from facilitator.paths import AppPaths

PASSPHRASE = "correct horse battery staple"


def run(paths: AppPaths, *argv: str | Path) -> int:
    return main([str(a) for a in argv], paths=paths)
