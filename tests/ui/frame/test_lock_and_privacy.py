"""Auto-lock after idle, the privacy screen, and what the settings file may hold."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator import app
from facilitator.services.roster import MemberDraft
from facilitator.ui.frame.application import SETTINGS_FILE, Controller
from facilitator.ui.frame.main_window import MainWindow
from facilitator.ui.start.unlock import UnlockWindow

MakeController = Callable[..., Controller]
WaitForMain = Callable[[Controller], MainWindow]
OpenMain = Callable[[Path], tuple[Controller, MainWindow]]
PASSPHRASE = "lantern orchard seventy quietly"


@pytest.fixture
def open_main(
    qtbot: QtBot, make_controller: MakeController, wait_for_main: WaitForMain
) -> OpenMain:
    """The whole app on a folder, unlocked through its window."""

    def make(folder: Path) -> tuple[Controller, MainWindow]:
        controller = make_controller(folder)
        window = controller.show_unlock(folder)
        qtbot.keyClicks(window.passphrase, PASSPHRASE)
        qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
        return controller, wait_for_main(controller)

    return make


def _vault_with_a_person(folder: Path) -> None:
    opened = app.create_vault(folder, PASSPHRASE)
    try:
        opened.services.roster.add_member(
            MemberDraft(first_name="Samira", last_name="Tahir-Whitfield", phone="555-0199")
        )
    finally:
        opened.lock()


def test_idle_time_locks_the_vault_and_drops_the_window(
    qtbot: QtBot, open_main: OpenMain, vault_dir: Path
) -> None:
    _vault_with_a_person(vault_dir)
    controller, _main = open_main(vault_dir)
    assert controller.idle.active
    assert controller.idle.interval_ms == 5 * 60_000  # the default: five minutes
    backend = controller.backend
    assert backend is not None
    controller.idle.set_interval(150)
    qtbot.waitUntil(lambda: isinstance(controller.window, UnlockWindow), timeout=5_000)
    assert controller.main_window is None
    assert controller.unlocked is None
    assert not backend.is_open
    assert not controller.idle.active
    controller.jobs.wait()
    # closed for real: its lock is released, so it opens again (VaultInUse otherwise)
    app.open_vault(vault_dir, PASSPHRASE).lock()


def test_any_key_or_click_starts_the_idle_time_again(
    qtbot: QtBot, open_main: OpenMain, vault_dir: Path
) -> None:
    _vault_with_a_person(vault_dir)
    controller, main = open_main(vault_dir)
    interval = 4_000
    controller.idle.set_interval(interval)
    timer = controller.idle._timer
    qtbot.waitUntil(lambda: timer.remainingTime() < interval - 300, timeout=5_000)
    qtbot.keyClick(main.sidebar, Qt.Key.Key_Down)
    assert timer.remainingTime() > interval - 100
    qtbot.waitUntil(lambda: timer.remainingTime() < interval - 300, timeout=5_000)
    qtbot.mouseClick(main.sidebar.viewport(), Qt.MouseButton.LeftButton)
    assert timer.remainingTime() > interval - 100
    assert isinstance(controller.window, MainWindow)


def test_the_idle_time_is_a_setting_kept_between_runs(
    open_main: OpenMain, vault_dir: Path, messages: RecordingMessages
) -> None:
    _vault_with_a_person(vault_dir)
    controller, main = open_main(vault_dir)
    messages.preferences_answer = 2
    assert main.preferences_action.shortcut().toString() in {"Ctrl+,", "Ctrl+Comma"}
    main.preferences_action.trigger()
    assert ("preferences", "5") in messages.shown
    assert controller.idle.interval_ms == 2 * 60_000
    controller.lock()
    controller.jobs.wait()  # a new run starts once this one has closed the vault
    again, _ = open_main(vault_dir)
    assert again.auto_lock_minutes == 2
    messages.preferences_answer = None  # cancelled: nothing changes
    again.edit_preferences()
    assert again.auto_lock_minutes == 2


def test_the_privacy_screen_is_switched_by_key_and_remembered_across_lock(
    qtbot: QtBot, open_main: OpenMain, vault_dir: Path, config_dir: Path
) -> None:
    _vault_with_a_person(vault_dir)
    controller, main = open_main(vault_dir)
    assert not main.privacy_label.isVisible()
    qtbot.keyClick(
        main, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert controller.privacy.on
    assert main.privacy_action.isChecked()
    assert main.privacy_label.isVisible()
    controller.lock()
    controller.jobs.wait()  # a new run starts once this one has closed the vault
    again, main = open_main(vault_dir)
    assert again.privacy.on and main.privacy_action.isChecked()


def test_the_settings_file_holds_no_names_and_no_paths(
    open_main: OpenMain, vault_dir: Path, config_dir: Path
) -> None:
    _vault_with_a_person(vault_dir)
    controller, main = open_main(vault_dir)
    main.show_page("members")
    main.privacy_action.trigger()
    controller.lock()
    text = (config_dir / SETTINGS_FILE).read_text(encoding="utf-8", errors="replace")
    assert "main_window" in text and "privacy" in text
    for secret in ("Samira", "Tahir", "555-0199", str(vault_dir), PASSPHRASE):
        assert secret not in text
