"""Issue 16 defect 14: after a lock the unlock window comes up centred on the screen,
inside it, with its messages wrapped rather than running off the edge."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect
from pytestqt.qtbot import QtBot

from facilitator import app
from facilitator.ui.frame.application import Controller
from facilitator.ui.frame.main_window import MainWindow
from facilitator.ui.start.unlock import UnlockWindow

TOLERANCE = 24  # pixels: window frames differ between platforms

LONG_FOLDER = "vault-" + "x" * 180  # a path with no space to break at


def _assert_centred_inside(window: UnlockWindow) -> None:
    screen = window.screen()
    assert screen is not None
    available: QRect = screen.availableGeometry()
    frame = window.frameGeometry()
    assert available.contains(frame), (available, frame)
    assert abs(frame.center().x() - available.center().x()) <= TOLERANCE, (available, frame)
    assert abs(frame.center().y() - available.center().y()) <= TOLERANCE, (available, frame)


def test_unlock_window_after_a_lock_is_centred_and_wraps_its_messages(
    qtbot: QtBot,
    make_controller: Callable[..., Controller],
    wait_for_main: Callable[[Controller], MainWindow],
    tmp_path: Path,
    strong_passphrase: str,
) -> None:
    """issue 16 defect 14"""
    folder = tmp_path / LONG_FOLDER
    app.create_vault(folder, strong_passphrase).lock()
    controller = make_controller(folder)
    unlock = controller.show_unlock(folder)
    qtbot.waitExposed(unlock)
    _assert_centred_inside(unlock)

    controller.jobs.unlock(folder, strong_passphrase, parent=unlock).finished.connect(
        unlock.opened.emit
    )
    main = wait_for_main(controller)
    main.move(0, 0)  # the main window in a corner, as a person may leave it
    main.resize(300, 200)

    controller.lock()
    window = controller.window
    assert isinstance(window, UnlockWindow)
    qtbot.waitExposed(window)
    _assert_centred_inside(window)

    long_message = " ".join(["The vault could not be opened for a reason that takes words."] * 8)
    window.show_problem(long_message)
    for label in (window.problem, window.status):
        assert label.wordWrap()
    qtbot.waitUntil(window.problem.isVisible)
    assert window.problem.width() <= window.width()
    assert window.problem.sizeHint().width() <= window.width()
    assert window.problem.geometry().right() <= window.width()
    _assert_centred_inside(window)
    # The folder's path has no space in it: it still breaks instead of widening the window.
    screen = window.screen()
    assert screen is not None
    assert window.frameGeometry().width() <= screen.availableGeometry().width()
    assert window.where.sizeHint().width() <= window.width()
    controller.jobs.wait()
