"""The entry point, the demo vault, the crash path and the background worker."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QThread, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from facilitator import app, ui
from facilitator.ui.frame.application import Controller
from facilitator.ui.frame.crash import crash_report, install_excepthook
from facilitator.ui.frame.main_window import MainWindow
from facilitator.ui.plumbing.workers import Task, serial_pool
from facilitator.ui.start.first_run import NEW_VAULT_FOLDER, FirstRunWindow

MakeController = Callable[..., Controller]


def test_importing_the_ui_package_loads_no_qt() -> None:
    code = "import sys, facilitator.ui; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_run_shows_the_first_run_window_and_returns_the_exit_status(
    qtbot: QtBot, tmp_path: Path
) -> None:
    seen: list[str] = []

    def look_and_quit() -> None:
        seen.extend(type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible())
        QCoreApplication.exit(7)

    hook = sys.excepthook
    QTimer.singleShot(200, look_and_quit)
    assert ui.run(tmp_path / "vault") == 7
    assert "FirstRunWindow" in seen
    assert QCoreApplication.applicationName() == "Facilitator"
    assert sys.excepthook is hook  # put back


@pytest.mark.slow
def test_the_demo_opens_a_filled_throwaway_vault_and_deletes_it(
    qtbot: QtBot, make_controller: MakeController, wait_for_main: Callable[[Controller], MainWindow]
) -> None:
    controller = make_controller(Path("/nonexistent/ignored"), demo=True)
    controller.start()
    main = wait_for_main(controller)
    demo_dir = controller.demo_dir
    assert demo_dir is not None and (demo_dir / "vault").is_dir()
    assert (demo_dir.stat().st_mode & 0o077) == 0
    assert "fake data, deleted when you quit" in main.banner.text()
    assert "demo" in main.windowTitle()
    assert any(s.row_texts() for s in main.today.sections.values())

    controller.lock()
    assert "demo" in controller.window.hint.text()  # type: ignore[union-attr]
    controller.shutdown()
    assert not demo_dir.exists()


def test_choosing_a_folder_puts_the_vault_inside_it_unless_it_is_empty(
    qtbot: QtBot, make_controller: MakeController, messages: object, tmp_path: Path
) -> None:
    controller = make_controller(tmp_path / "vault")
    controller.start()
    window = controller.window
    assert isinstance(window, FirstRunWindow)
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "letter.txt").write_text("x", encoding="utf-8")
    messages.folder_answer = documents  # type: ignore[attr-defined]
    window.choose_button.click()
    assert window.target == documents / NEW_VAULT_FOLDER
    assert window.folder_edit.text() == str(documents / NEW_VAULT_FOLDER)

    empty = tmp_path / "Empty"
    empty.mkdir()
    messages.folder_answer = empty  # type: ignore[attr-defined]
    window.choose_button.click()
    assert window.target == empty


def test_a_folder_that_holds_a_vault_offers_to_unlock_it(
    qtbot: QtBot, make_controller: MakeController, messages: object, vault_dir: Path
) -> None:
    app.create_vault(vault_dir, "lantern orchard seventy quietly").lock()
    controller = make_controller(vault_dir.parent / "elsewhere")
    controller.start()
    window = controller.window
    assert isinstance(window, FirstRunWindow)
    messages.folder_answer = vault_dir  # type: ignore[attr-defined]
    window.choose_button.click()
    assert not window.create_button.isEnabled()
    assert "already a vault" in window.reason.text()
    window.open_existing_button.click()
    assert type(controller.window).__name__ == "UnlockWindow"


def test_every_focusable_control_of_the_start_windows_has_an_accessible_name(
    qtbot: QtBot, make_controller: MakeController, tmp_path: Path
) -> None:
    controller = make_controller(tmp_path / "vault")
    controller.start()
    first_run = controller.window
    unlock = controller.show_unlock(tmp_path / "vault")
    for window in (first_run, unlock):
        assert window is not None
        unnamed = [
            type(w).__name__
            for w in window.findChildren(QWidget)
            if w.focusPolicy().value and not w.accessibleName()
        ]
        assert unnamed == []


def test_a_crash_report_has_the_type_and_frames_but_never_the_message() -> None:
    def inner() -> None:
        raise KeyError("Sam's phone number 07700 900123")

    def outer() -> None:
        try:
            inner()
        except KeyError as exc:
            raise ValueError("note: relapsed on Friday") from exc

    with pytest.raises(ValueError) as caught:
        outer()
    report = crash_report(caught.type, caught.value, caught.tb)
    assert "ValueError" in report and "KeyError" in report
    assert "in outer" in report and "in inner" in report
    assert "07700" not in report and "relapsed" not in report and "Sam" not in report


def test_the_excepthook_logs_and_tells_the_user(caplog: pytest.LogCaptureFixture) -> None:
    shown: list[bool] = []
    restore = install_excepthook(lambda: shown.append(True))
    try:
        try:
            raise RuntimeError("Priya Shah")
        except RuntimeError as exc:
            sys.excepthook(RuntimeError, exc, exc.__traceback__)
    finally:
        restore()
    assert shown == [True]
    assert "RuntimeError" in caplog.text
    assert "Priya" not in caplog.text


def test_a_task_reports_on_the_gui_thread(qtbot: QtBot) -> None:
    gui = QThread.currentThread()
    ran_on: list[str] = []
    where: list[bool] = []

    def job() -> int:
        ran_on.append(threading.current_thread().name)
        return 42

    task = Task(job)
    task.finished.connect(lambda _result: where.append(QThread.currentThread() is gui))
    with qtbot.waitSignal(task.finished, timeout=5_000) as blocker:
        task.start()
    assert blocker.args == [42]
    assert where == [True]
    assert ran_on and ran_on[0] != threading.current_thread().name
    assert not task.running


def test_a_failing_task_hands_over_its_exception(qtbot: QtBot) -> None:
    def job() -> None:
        raise OSError("disk full")

    task = Task(job)
    with qtbot.waitSignal(task.failed, timeout=5_000) as blocker:
        task.start(serial_pool())
    assert isinstance(blocker.args[0], OSError)
    assert blocker.args[0].__traceback__ is not None
    with pytest.raises(RuntimeError):
        task.start()
