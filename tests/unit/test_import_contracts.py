"""The layer rules as import-linter contracts (``[tool.importlinter]`` in pyproject.toml;
docs/architecture.md, "Layers" and "The desktop app in wings"); imports inside functions
and under ``TYPE_CHECKING`` count.  No import cycle: test_no_cycles.py."""

from __future__ import annotations

import logging
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_are_kept(monkeypatch) -> None:
    """import-linter configures logging with ``dictConfig``, which disables every logger
    that exists already (the app's among them): a test of the log run after this one in
    the same process saw nothing.  Their state is put back."""
    monkeypatch.chdir(ROOT)
    loggers = [
        (logger, logger.disabled)
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    try:
        assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0
    finally:
        for logger, disabled in loggers:
            logger.disabled = disabled
