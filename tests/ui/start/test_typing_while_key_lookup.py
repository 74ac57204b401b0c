"""Issue 16 defect 5: the passphrase typed while the keyring is still being asked for
a remembered key is kept, and Enter unlocks with it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator import app
from facilitator.storage import keystore
from facilitator.ui.frame.application import Controller
from facilitator.ui.frame.main_window import MainWindow
from facilitator.ui.start.unlock import UnlockWindow


class SlowKeyring:
    """A keyring double whose look-up blocks until the test releases it, then finds
    no key (or the one given)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.asked = threading.Event()
        self.key: bytes | None = None

    def recall(self, _vault_id: str) -> bytes | None:
        self.asked.set()
        self.release.wait(timeout=30)
        return self.key


@pytest.fixture
def slow_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowKeyring]:
    double = SlowKeyring()
    monkeypatch.setattr(keystore, "recall", double.recall)
    yield double
    double.release.set()  # never leave the job thread waiting


def _unlock_window(
    qtbot: QtBot, make_controller: Callable[..., Controller], folder: Path, passphrase: str
) -> tuple[Controller, UnlockWindow]:
    app.create_vault(folder, passphrase).lock()
    controller = make_controller(folder)
    controller.start()
    window = controller.window
    assert isinstance(window, UnlockWindow)
    qtbot.waitExposed(window)
    return controller, window


def test_keys_typed_while_the_keyring_is_asked_all_arrive_and_enter_unlocks(
    qtbot: QtBot,
    make_controller: Callable[..., Controller],
    wait_for_main: Callable[[Controller], MainWindow],
    slow_keyring: SlowKeyring,
    tmp_path: Path,
    strong_passphrase: str,
) -> None:
    """issue 16 defect 5"""
    controller, window = _unlock_window(qtbot, make_controller, tmp_path / "v", strong_passphrase)
    qtbot.waitUntil(slow_keyring.asked.is_set, timeout=10_000)  # the look-up is under way

    assert window.passphrase.isEnabled()
    assert window.passphrase.hasFocus() or window.focusWidget() is window.passphrase
    qtbot.keyClicks(window.passphrase, strong_passphrase)
    assert window.passphrase.text() == strong_passphrase  # not one character lost

    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)  # before the look-up is done
    assert "Unlocking" in window.status.text()
    slow_keyring.release.set()  # no key remembered: the typed passphrase unlocks

    main = wait_for_main(controller)
    assert controller.unlocked is not None
    assert main.isVisible()


def test_typing_goes_on_after_the_keyring_finds_nothing(
    qtbot: QtBot,
    make_controller: Callable[..., Controller],
    slow_keyring: SlowKeyring,
    tmp_path: Path,
    strong_passphrase: str,
) -> None:
    """issue 16 defect 5: the first half typed during the look-up, the rest after."""
    controller, window = _unlock_window(qtbot, make_controller, tmp_path / "v", strong_passphrase)
    qtbot.waitUntil(slow_keyring.asked.is_set, timeout=10_000)
    half = len(strong_passphrase) // 2
    qtbot.keyClicks(window.passphrase, strong_passphrase[:half])
    task = window.task
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=10_000):
        slow_keyring.release.set()
    assert controller.window is window  # nothing remembered: still asking
    assert not window.status.isVisibleTo(window)
    qtbot.keyClicks(window.passphrase, strong_passphrase[half:])
    assert window.passphrase.text() == strong_passphrase
