"""The layer rules of docs/architecture.md ("Layers"), checked on the source (AST, no
imports run)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "facilitator"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _files(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def _violations(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path in _files(layer):
        for name in sorted(_imports(path)):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                bad.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    return bad


def test_the_layers_exist() -> None:
    # An empty layer would make the rules below pass vacuously.
    for layer in ("ui", "storage", "domain", "services", "exports"):
        assert _files(layer), layer


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("ui", ("facilitator.storage", "sqlalchemy", "sqlcipher3", "alembic")),
        (
            "exports",
            (
                "facilitator.storage",
                "facilitator.services",
                "facilitator.ui",
                "facilitator.cli",
                "facilitator.app",
                "PySide6",
                "sqlalchemy",
                "sqlcipher3",
            ),
        ),
        ("storage", ("PySide6", "facilitator.ui", "facilitator.services", "facilitator.cli")),
        ("services", ("PySide6", "facilitator.ui", "sqlalchemy", "sqlcipher3", "alembic")),
        (
            "domain",
            (
                "facilitator.storage",
                "facilitator.services",
                "facilitator.ui",
                "facilitator.app",
                "PySide6",
                "sqlalchemy",
            ),
        ),
    ],
)
def test_layer_imports_only_what_it_may(layer: str, forbidden: tuple[str, ...]) -> None:
    assert _violations(layer, forbidden) == []


def test_the_rule_catches_a_forbidden_import(tmp_path: Path) -> None:
    # The checker itself must be able to fail.
    sample = tmp_path / "bad.py"
    sample.write_text("from facilitator.storage.vault import Vault\nimport sqlalchemy.orm\n")
    assert {"facilitator.storage.vault", "sqlalchemy.orm"} <= _imports(sample)
