"""Issue 16, defect 18: a minimal Linux without Qt's system libraries gets the
packages to install by name, not Qt's abort or a traceback about a ``.so`` file."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from facilitator import ui
from facilitator.ui import system_check

README = Path(__file__).resolve().parents[2] / "README.md"


def _nowhere(_name: str) -> bool:
    return False


def _without(*absent: str) -> system_check.Loader:
    def load(name: str) -> object:
        if name in absent:
            raise OSError(f"{name}: cannot open shared object file")
        return object()

    return load


def test_a_missing_xcb_library_is_named_with_its_package() -> None:
    missing = system_check.missing_libraries(
        {"DISPLAY": ":0"},
        load=_without("libxcb-icccm.so.4", "libxcb-keysyms.so.1"),
        found=_nowhere,
        system="linux",
    )
    assert missing == {
        "libxcb-icccm.so.4": "libxcb-icccm4",
        "libxcb-keysyms.so.1": "libxcb-keysyms1",
    }
    text = system_check.advice(missing)
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1\n" in text
    assert "Traceback" not in text


def test_offscreen_and_wayland_do_not_need_the_x11_plugin_libraries() -> None:
    load = _without(*system_check.XCB)
    assert (
        system_check.missing_libraries(
            {"QT_QPA_PLATFORM": "offscreen"}, load=load, found=_nowhere, system="linux"
        )
        == {}
    )
    assert (
        system_check.missing_libraries(
            {"WAYLAND_DISPLAY": "wayland-0"}, load=load, found=_nowhere, system="linux"
        )
        == {}
    )
    assert system_check.missing_libraries(
        {}, load=load, found=_nowhere, system="linux"
    )  # xcb by default


def test_other_systems_are_not_checked() -> None:
    assert (
        system_check.missing_libraries(
            {}, load=_without(*system_check.CORE), found=_nowhere, system="win32"
        )
        == {}
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux shared objects")
def test_this_machine_has_what_the_test_suite_needs() -> None:
    """The real finder and loader on the real machine: the suite runs Qt offscreen here."""
    assert system_check.missing_libraries({"QT_QPA_PLATFORM": "offscreen"}) == {}
    assert system_check.missing_libraries({"QT_QPA_PLATFORM": "offscreen"}, found=_nowhere) == {}


def test_a_library_found_in_the_usual_folders_is_not_loaded() -> None:
    """Loading every library with ctypes cost 28 ms at each start: one found on disk is
    not loaded; one not found there is (it may live elsewhere on purpose)."""
    loaded: list[str] = []

    def load(name: str) -> object:
        loaded.append(name)
        return object()

    everywhere = system_check.missing_libraries(
        {}, load=load, found=lambda _n: True, system="linux"
    )
    assert everywhere == {} and loaded == []
    system_check.missing_libraries({}, load=load, found=_nowhere, system="linux")
    assert set(loaded) == {*system_check.CORE, *system_check.XCB}


def test_the_app_says_what_to_install_and_exits(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        system_check, "missing_libraries", lambda: {"libxcb-cursor.so.0": "libxcb-cursor0"}
    )
    assert ui.run(Path("unused"), demo=True) == 1
    err = capsys.readouterr().err
    assert "sudo apt-get install libxcb-cursor0" in err


def test_an_unknown_missing_library_is_a_sentence_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(system_check, "missing_libraries", lambda: {})
    monkeypatch.setattr(
        "builtins.__import__",
        _failing_import("libfoo-7.so.2: cannot open shared object file"),
    )
    assert ui.run(Path("unused"), demo=True) == 1
    err = capsys.readouterr().err
    assert "libfoo-7.so.2" in err and "apt-get" not in err


def _failing_import(message: str):  # type: ignore[no-untyped-def]
    real = __import__

    def fake(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "facilitator.ui.frame.application":
            raise ImportError(message)
        return real(name, *args, **kwargs)

    return fake


def test_the_readme_quick_start_installs_every_package_named_here() -> None:
    """The README's install line (before the two commands) and the check agree."""
    text = README.read_text(encoding="utf-8")
    quick = text[text.index("## Quick start") : text.index("## What it does")]
    (line,) = re.findall(r"sudo apt-get install ([^\n`]+)", quick)
    named = set(line.split())
    assert "python3-venv" in named
    assert set(system_check.ALL_PACKAGES) <= named
    assert quick.index("sudo apt-get install") < quick.index("pip install")
