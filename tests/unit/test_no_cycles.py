"""No import cycle anywhere in the package, the desktop app included
(docs/architecture.md, "Layers"): a cycle means two modules cannot be read, tested or
moved apart.

Imports inside functions count (grimp reads every import statement, not only the ones
at the top), so a cycle cannot be hidden by importing late.
"""

from __future__ import annotations

import graphlib
from collections.abc import Mapping

import grimp
import pytest

PACKAGE = "facilitator"


def _cycle(imports: Mapping[str, set[str]]) -> tuple[str, ...] | None:
    """One import cycle among ``imports`` (module -> modules it imports), or None."""
    try:
        graphlib.TopologicalSorter(imports).prepare()
    except graphlib.CycleError as exc:
        return tuple(exc.args[1])
    return None


@pytest.fixture(scope="module")
def package_imports() -> dict[str, set[str]]:
    graph = grimp.build_graph(PACKAGE)
    return {
        module: set(graph.find_modules_directly_imported_by(module)) for module in graph.modules
    }


def test_the_package_has_no_import_cycle(
    package_imports: dict[str, set[str]],
) -> None:
    assert _cycle(package_imports) is None


def test_the_storage_layer_is_in_the_graph(package_imports: dict[str, set[str]]) -> None:
    # A folder without __init__.py is invisible to grimp, and its cycles with it.
    assert "facilitator.storage.vault" in package_imports
    assert "facilitator.storage.backup" in package_imports["facilitator.storage.vault"]
    assert "facilitator.ui.plumbing.backend" in package_imports["facilitator.ui.members.page"]


def test_the_check_finds_a_cycle() -> None:
    imports = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    found = _cycle(imports)
    assert found is not None
    assert set(found) == {"a", "b", "c"}
    assert _cycle({"a": {"b"}, "b": set()}) is None
