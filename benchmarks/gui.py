"""In-process Qt measurements (offscreen): the main window after unlock, and the app's
whole unlock flow from Enter to the main window painted."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import timed


def application() -> Any:
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if existing is not None:
        return existing
    qInstallMessageHandler(_quiet)
    return QApplication(["benchmark"])


def _quiet(_kind: Any, _context: Any, message: str) -> None:
    """Qt's messages, except the offscreen platform's about what it cannot do."""
    if "This plugin does not support" not in message:
        print(message, file=sys.stderr)


def wait(until: Callable[[], bool], limit: float = 120.0) -> None:
    """Run the event loop until ``until()``: sleeping in it between checks, as the app's
    own loop sleeps (a loop that spins on processEvents() takes the job thread's time)."""
    from PySide6.QtTest import QTest

    end = time.perf_counter() + limit
    while not until():
        QTest.qWait(1)
        if time.perf_counter() > end:
            raise SystemExit("timed out waiting for the app")


def main_window_after_unlock(opened: Any, digest: Any, settings_file: Path) -> float:
    """Seconds from an open vault, its Today digest read as it opened (as the app's
    unlock job reads it), to the main window built, shown and painted: what the
    controller does once the unlock job reports."""
    from PySide6.QtCore import QSettings

    from facilitator.ui.dialogs.messages import Messages
    from facilitator.ui.frame.main_window import MainWindow
    from facilitator.ui.kit.privacy import Privacy
    from facilitator.ui.plumbing.backend import Backend
    from facilitator.ui.plumbing.vault_jobs import VaultJobs

    app = application()
    jobs = VaultJobs()
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    messages = Messages()
    holder: list[Any] = []

    def show() -> None:
        backend = Backend(opened.services, jobs, messages)
        window = MainWindow(settings, messages, backend, Privacy(False), digest=digest)
        window.show()
        window.raise_()
        window.activateWindow()
        app.processEvents()
        window.repaint()
        wait(lambda: backend.pending == 0)
        holder[:] = [window, backend]

    seconds = timed(show)
    window, backend = holder
    backend.close()
    window.close()
    window.deleteLater()
    jobs.wait()
    app.processEvents()
    return seconds


def unlock_flow(folder: Path, passphrase: str, settings_file: Path) -> float:
    """Seconds from Enter in the real unlock window to the main window painted (the
    app's own controller, jobs and windows); the vault is locked again afterwards."""
    from PySide6.QtCore import QSettings

    from facilitator.ui.dialogs.messages import Messages
    from facilitator.ui.frame.application import Controller

    app = application()
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    controller = Controller(folder, settings, messages=Messages())
    window = controller.show_unlock(folder)
    app.processEvents()
    window.passphrase.setText(passphrase)
    started = time.perf_counter()
    window.unlock()
    wait(lambda: controller.main_window is not None)
    main = controller.main_window
    assert main is not None
    main.repaint()
    seconds = time.perf_counter() - started
    controller.shutdown()
    controller.dispose()
    app.processEvents()
    return seconds
