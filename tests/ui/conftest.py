"""Fixtures for the desktop app's tests: a controller on a fresh folder, with the
dialogs replaced by a recorder (the Messages test seam)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from doubles import RecordingMessages
from pytestqt.qtbot import QtBot

from facilitator import app
from facilitator.app import OpenVault, Services
from facilitator.services._common import Clock
from facilitator.ui.frame.application import Controller, ui_settings
from facilitator.ui.frame.main_window import MainWindow
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.vault_jobs import VaultJobs


@pytest.fixture
def messages() -> RecordingMessages:
    return RecordingMessages()


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    return tmp_path / "config"


@pytest.fixture
def make_controller(
    qtbot: QtBot, messages: RecordingMessages, config_dir: Path
) -> Iterator[Callable[..., Controller]]:
    made: list[Controller] = []

    def make(folder: Path, *, demo: bool = False) -> Controller:
        controller = Controller(folder, ui_settings(config_dir), messages=messages, demo=demo)
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.shutdown()
        if controller.window is not None:
            controller.window.close()
            controller.window.deleteLater()


@pytest.fixture
def strong_passphrase() -> str:
    return "lantern orchard seventy quietly"


@pytest.fixture
def wait_for_main(qtbot: QtBot) -> Callable[[Controller], MainWindow]:
    """Wait until the controller shows its main window, and return it."""

    def wait(controller: Controller) -> MainWindow:
        qtbot.waitUntil(lambda: controller.main_window is not None, timeout=20_000)
        window = controller.main_window
        assert window is not None
        qtbot.waitExposed(window)
        return window

    return wait


# -- pages on a real vault ---------------------------------------------------------
TONIGHT = dt.datetime(2026, 11, 24, 18, 30)  # a Tuesday evening


@pytest.fixture
def open_vault(tmp_path: Path) -> Iterator[OpenVault]:
    """A fresh vault (fast KDF), its services on a clock fixed at :data:`TONIGHT`."""
    created = app.create_vault(tmp_path / "page-vault", "correct horse battery staple")
    opened = OpenVault(created.vault, Clock.fixed(TONIGHT))
    yield opened
    opened.lock()


@pytest.fixture
def backend(qtbot: QtBot, open_vault: OpenVault, messages: RecordingMessages) -> Iterator[Backend]:
    jobs = VaultJobs()
    made = Backend(open_vault.services, jobs, messages)
    crashes: list[object] = []
    made.crashed.connect(crashes.append)
    yield made
    made.close()
    jobs.wait()
    assert not crashes, f"a background call failed: {crashes!r}"


@pytest.fixture
def privacy() -> Privacy:
    return Privacy()


@pytest.fixture
def settle(qtbot: QtBot, backend: Backend) -> Callable[[], None]:
    """Wait until every call the pages made has come back (and been shown)."""

    def wait() -> None:
        qtbot.waitUntil(lambda: backend.pending == 0, timeout=10_000)

    return wait


@pytest.fixture
def services(open_vault: OpenVault) -> Services:
    """The same services, called directly (on the test's thread) to arrange data."""
    return open_vault.services
