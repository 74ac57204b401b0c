"""The layer rules as import-linter contracts (``[tool.importlinter]`` in pyproject.toml;
docs/architecture.md, "Layers" and "The desktop app in wings"); imports inside functions
and under ``TYPE_CHECKING`` count.  No import cycle: test_no_cycles.py."""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_are_kept(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0
