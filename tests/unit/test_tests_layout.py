"""The desktop app's tests follow its wings: a test of ``facilitator/ui/groups/`` lives in
``tests/ui/groups/`` (docs/architecture.md, "The desktop app in wings"), so whoever
changes a wing finds its tests beside the same name.

The test folders have no ``__init__.py`` (pytest's default import mode puts each folder
on the path and imports a test file by its base name), so two test files with one base
name anywhere under ``tests/`` would stop the collection: the names are checked here
too, with a message that says which.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
UI_TESTS = TESTS / "ui"
WINGS = ROOT / "facilitator" / "ui"


def _wings() -> set[str]:
    return {p.parent.name for p in WINGS.glob("*/__init__.py")}


def _misplaced(ui_tests: Path, wings: set[str]) -> list[str]:
    """UI test files that are not in a folder named after one of the wings."""
    bad = []
    for path in sorted(ui_tests.rglob("test_*.py")):
        where = path.relative_to(ui_tests).parts
        if len(where) != 2 or where[0] not in wings:
            bad.append(str(path.relative_to(ui_tests)))
    return bad


def _shared_names(tests: Path) -> dict[str, list[str]]:
    """Base names used by more than one test file."""
    seen: defaultdict[str, list[str]] = defaultdict(list)
    for path in sorted(tests.rglob("test_*.py")):
        seen[path.name].append(str(path.relative_to(tests)))
    return {name: paths for name, paths in seen.items() if len(paths) > 1}


def test_the_wings_and_their_tests_exist() -> None:
    # An empty list would make the checks below pass vacuously.
    wings = _wings()
    assert {"frame", "start", "groups", "members", "session", "kit"} <= wings
    assert list(UI_TESTS.glob("*/test_*.py"))


def test_every_ui_test_file_is_in_the_folder_of_a_wing() -> None:
    assert _misplaced(UI_TESTS, _wings()) == []


def test_no_two_test_files_share_a_base_name() -> None:
    assert _shared_names(TESTS) == {}


def test_the_checks_find_a_stray_file_and_a_shared_name(tmp_path: Path) -> None:
    (tmp_path / "ui" / "groups").mkdir(parents=True)
    (tmp_path / "ui" / "gruops").mkdir()
    (tmp_path / "ui" / "groups" / "test_page.py").touch()
    (tmp_path / "ui" / "gruops" / "test_list.py").touch()  # a wing that does not exist
    (tmp_path / "ui" / "test_loose.py").touch()  # not in a wing's folder
    (tmp_path / "ui" / "groups" / "deeper").mkdir()
    (tmp_path / "ui" / "groups" / "deeper" / "test_page.py").touch()
    assert _misplaced(tmp_path / "ui", {"groups"}) == [
        "groups/deeper/test_page.py",
        "gruops/test_list.py",
        "test_loose.py",
    ]
    assert _shared_names(tmp_path) == {
        "test_page.py": ["ui/groups/deeper/test_page.py", "ui/groups/test_page.py"]
    }
