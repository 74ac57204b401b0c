"""review16: a lock (Ctrl+L or idle) while an editor dialog holds typed input.  Issue 16
defect 2: "closing a dialog with typed input must ask first"; a lock cannot wait for an
answer, but what was typed must not vanish without a word."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from doubles import RecordingMessages
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitator import app
from facilitator.ui.editors.member_dialog import MemberDialog
from facilitator.ui.frame.application import Controller
from facilitator.ui.frame.main_window import MainWindow

PASSPHRASE = "lantern orchard seventy quietly"


def test_review16_a_lock_does_not_silently_discard_a_dialogs_typed_input(
    qtbot: QtBot,
    tmp_path: Path,
    make_controller: Callable[..., Controller],
    wait_for_main: Callable[[Controller], MainWindow],
    messages: RecordingMessages,
) -> None:
    folder = tmp_path / "vault"
    app.create_vault(folder, PASSPHRASE).lock()
    controller = make_controller(folder)
    window = controller.show_unlock(folder)
    window.passphrase.setText(PASSPHRASE)
    window.unlock()
    main = wait_for_main(controller)
    qtbot.waitUntil(lambda: controller.backend is not None and controller.backend.pending == 0)
    main.show_page("members").new_item()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MemberDialog))
    dialog.first_name.setText("Kim")  # typed, not saved yet
    before = list(messages.shown)

    controller.lock()  # as the idle timer does
    qtbot.wait(200)

    told = [m for m in messages.shown[len(before) :] if m[0] in ("warning", "confirm")]
    assert told, "the typed 'Kim' was discarded without a word"


def test_review16_a_lock_hides_every_open_editor_dialog(
    qtbot: QtBot,
    tmp_path: Path,
    make_controller: Callable[..., Controller],
    wait_for_main: Callable[[Controller], MainWindow],
) -> None:
    """Held: no editor dialog with a typed name stays on screen over the unlock window."""
    folder = tmp_path / "vault"
    app.create_vault(folder, PASSPHRASE).lock()
    controller = make_controller(folder)
    window = controller.show_unlock(folder)
    window.passphrase.setText(PASSPHRASE)
    window.unlock()
    main = wait_for_main(controller)
    qtbot.waitUntil(lambda: controller.backend is not None and controller.backend.pending == 0)
    main.show_page("members").new_item()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MemberDialog))
    dialog.first_name.setText("Kim")

    controller.lock()
    qtbot.wait(200)

    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert not any(isinstance(w, (MemberDialog, MainWindow)) for w in shown)
