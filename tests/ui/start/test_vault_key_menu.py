"""Issue 16 defect 12: "Change Passphrase…" and "Remember on This Computer" in the
desktop app's File menu, through the real main window on a real vault."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from facilitator import app
from facilitator.errors import WrongPassphrase
from facilitator.storage import keystore
from facilitator.storage.keystore import KeyringStatus
from facilitator.ui.frame.application import Controller
from facilitator.ui.frame.main_window import MainWindow
from facilitator.ui.start.change_passphrase import ChangePassphraseDialog
from facilitator.ui.start.unlock import UnlockWindow

NEW = "pepper marsh glacier kettle"


def _open(
    qtbot: QtBot,
    make_controller: Callable[..., Controller],
    wait_for_main: Callable[[Controller], MainWindow],
    folder: Path,
    passphrase: str,
) -> tuple[Controller, MainWindow]:
    app.create_vault(folder, passphrase).lock()
    controller = make_controller(folder)
    window = controller.show_unlock(folder)
    qtbot.keyClicks(window.passphrase, passphrase)
    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
    return controller, wait_for_main(controller)


def _file_menu_action(main: MainWindow, name: str) -> QAction:
    file_menu = main.menuBar().actions()[0].menu()
    assert file_menu is not None
    file_menu.aboutToShow.emit()  # as opening the menu does: the keyring is asked then
    found = [a for a in file_menu.actions() if a.objectName() == name]
    assert found, [a.text() for a in file_menu.actions()]
    return found[0]


def _dialog(qtbot: QtBot, main: MainWindow) -> ChangePassphraseDialog:
    _file_menu_action(main, "change_passphrase").trigger()
    dialog = main.key_actions.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def _change(qtbot: QtBot, dialog: ChangePassphraseDialog, current: str, new: str) -> None:
    for field, text in ((dialog.current, current), (dialog.new, new), (dialog.again, new)):
        field.clear()
        qtbot.keyClicks(field, text)
    assert dialog.change_button.isEnabled(), dialog.why_not_ready()
    qtbot.keyClick(dialog.again, Qt.Key.Key_Return)  # Enter changes
    assert dialog.changing and dialog.busy.isVisibleTo(dialog)  # busy while Argon2id runs
    assert not dialog.form.isEnabled()
    qtbot.waitUntil(lambda: not dialog.changing, timeout=20_000)


def test_change_passphrase_from_the_file_menu(
    qtbot: QtBot,
    make_controller: Callable[..., Controller],
    wait_for_main: Callable[[Controller], MainWindow],
    messages: RecordingMessages,
    tmp_path: Path,
    strong_passphrase: str,
) -> None:
    """issue 16 defect 12"""
    folder = tmp_path / "vault"
    controller, main = _open(qtbot, make_controller, wait_for_main, folder, strong_passphrase)
    dialog = _dialog(qtbot, main)

    # A weak new one: the button waits, and says why.
    qtbot.keyClicks(dialog.current, strong_passphrase)
    qtbot.keyClicks(dialog.new, "sunflower2024")
    qtbot.keyClicks(dialog.again, "sunflower2024")
    assert not dialog.change_button.isEnabled()
    assert "too easy to guess" in dialog.reason.text()
    assert "stolen" in dialog.why_strong.text()

    # A wrong current passphrase: said clearly, nothing changed, the dialog stays.
    _change(qtbot, dialog, "not the passphrase at all", NEW)
    assert dialog.isVisible()
    assert "current passphrase is not right" in dialog.problem.text()
    assert dialog.problem.isVisibleTo(dialog)
    assert dialog.current.text() == ""

    _change(qtbot, dialog, strong_passphrase, NEW)
    qtbot.waitUntil(lambda: main.key_actions.dialog is None)
    assert any(kind == "information" and "new passphrase" in text for kind, text in messages.shown)

    controller.lock()
    unlock = controller.window
    assert isinstance(unlock, UnlockWindow)
    controller.jobs.wait()
    with pytest.raises(WrongPassphrase):
        app.open_vault(folder, strong_passphrase)
    app.open_vault(folder, NEW).lock()


class MemoryKeyring:
    """A secure keyring double: keys in a dict."""

    def __init__(self) -> None:
        self.keys: dict[str, bytes] = {}

    def remember(self, vault_id: str, data_key: bytes) -> KeyringStatus:
        self.keys[vault_id] = data_key
        return KeyringStatus(True, "Test Keychain")

    def recall(self, vault_id: str) -> bytes | None:
        return self.keys.get(vault_id)

    def forget(self, vault_id: str) -> bool:
        return self.keys.pop(vault_id, None) is not None


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    double = MemoryKeyring()
    monkeypatch.setattr(keystore, "status", lambda: KeyringStatus(True, "Test Keychain"))
    for name in ("remember", "recall", "forget"):
        monkeypatch.setattr(keystore, name, getattr(double, name))
    yield double


def test_remember_on_this_computer_says_what_it_means_first(
    qtbot: QtBot,
    make_controller: Callable[..., Controller],
    wait_for_main: Callable[[Controller], MainWindow],
    messages: RecordingMessages,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    strong_passphrase: str,
) -> None:
    """issue 16 defect 12"""
    _controller, main = _open(
        qtbot, make_controller, wait_for_main, tmp_path / "vault", strong_passphrase
    )
    action = _file_menu_action(main, "remember_key")
    assert action.isCheckable()
    qtbot.waitUntil(action.isEnabled)  # the keyring has answered
    assert not action.isChecked()

    messages.confirm_answer = False  # "Cancel" after reading what it means
    action.trigger()
    kind, text = messages.shown[-1]
    assert kind == "confirm"
    assert "anyone who can log in to this computer account" in text
    assert not action.isChecked()
    assert not memory_keyring.keys

    messages.confirm_answer = True
    action.trigger()
    qtbot.waitUntil(action.isChecked, timeout=10_000)
    assert len(memory_keyring.keys) == 1

    action.trigger()  # unchecking forgets it
    qtbot.waitUntil(lambda: not action.isChecked(), timeout=10_000)
    assert not memory_keyring.keys
    assert messages.shown[-1][0] == "information"


def test_the_keyring_is_asked_when_the_file_menu_opens_not_at_unlock(
    qtbot: QtBot,
    make_controller: Callable[..., Controller],
    wait_for_main: Callable[[Controller], MainWindow],
    tmp_path: Path,
    strong_passphrase: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The question stood in the job thread's queue before Today's read, and loaded the
    keyring's modules while the main window was first shown (issue 16's harness: the
    main window after unlock 57 → 174 ms on its first build)."""
    asked: list[object] = []
    real = app.keyring_status
    monkeypatch.setattr(app, "keyring_status", lambda: asked.append(1) or real())
    controller, main = _open(
        qtbot, make_controller, wait_for_main, tmp_path / "v", strong_passphrase
    )
    qtbot.waitUntil(lambda: controller.backend is not None and controller.backend.pending == 0)
    assert asked == [] and not main.key_actions.status_asked
    _file_menu_action(main, "remember_key")
    qtbot.waitUntil(lambda: controller.backend is not None and controller.backend.pending == 0)
    assert asked == [1]
    _file_menu_action(main, "remember_key")  # asked once
    qtbot.waitUntil(lambda: controller.backend is not None and controller.backend.pending == 0)
    assert asked == [1]
