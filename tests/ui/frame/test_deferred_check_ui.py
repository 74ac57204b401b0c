"""The integrity check left for after unlocking, in the desktop app.

Unlocking checks every page's HMAC and opens; SQLite's integrity_check then runs on a
thread of its own once the main window is up.  A vault whose pages all decrypt but
whose index no longer matches its table (as in tests/storage/test_damage.py) gets as
far as the main window, then is locked again with the unlock window's damage message
and its offer to restore a backup.  Locking while the check runs reports nothing.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Connection
from vault_damage import corrupt_an_index

from facilitator import app
from facilitator.errors import VaultDamaged
from facilitator.services.roster import GroupDraft
from facilitator.services.schedule import SessionDraft
from facilitator.storage import integrity
from facilitator.ui.frame.application import Controller
from facilitator.ui.frame.integrity_watch import IntegrityWatch
from facilitator.ui.frame.main_window import MainWindow
from facilitator.ui.start.unlock import UnlockWindow

MakeController = Callable[..., Controller]


def _vault_with_sessions(folder: Path, passphrase: str) -> None:
    with app.create_vault(folder, passphrase) as opened:
        s = opened.services
        group = s.roster.create_group(GroupDraft(name="Tuesday circle"))
        start = dt.date(2026, 1, 6)
        for week in range(12):
            s.schedule.add_session(
                group.id,
                SessionDraft(date=start + dt.timedelta(weeks=week), location=f"Hall {week}"),
            )


def _unlock(qtbot: QtBot, controller: Controller, passphrase: str) -> MainWindow:
    """Type the passphrase, press Enter; the main window the controller then showed."""
    window = controller.show_unlock(controller.folder)
    shown: list[object] = []
    # Connected after the controller's own slot: runs once it has shown the main window.
    window.opened.connect(lambda _result: shown.append(controller.window))
    qtbot.keyClicks(window.passphrase, passphrase)
    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
    assert window.task is not None
    with qtbot.waitSignal(window.task.finished, timeout=20_000):
        pass
    assert len(shown) == 1
    main = shown[0]
    assert isinstance(main, MainWindow), "the vault opened: the main window came up"
    return main


def _checks_heard(qtbot: QtBot, controller: Controller) -> None:
    """Wait until every check has reported back and been dealt with (each deletes its
    watch once it has)."""
    qtbot.waitUntil(lambda: not controller.findChildren(IntegrityWatch), timeout=20_000)


@pytest.fixture
def corrupt_vault(vault_dir: Path, strong_passphrase: str) -> Path:
    _vault_with_sessions(vault_dir, strong_passphrase)
    corrupt_an_index(vault_dir, strong_passphrase)
    return vault_dir


def test_damage_found_after_unlocking_locks_and_offers_a_backup(
    qtbot: QtBot,
    make_controller: MakeController,
    messages: RecordingMessages,
    corrupt_vault: Path,
    strong_passphrase: str,
) -> None:
    controller = make_controller(corrupt_vault)
    main = _unlock(qtbot, controller, strong_passphrase)
    assert main.isVisible()

    qtbot.waitUntil(lambda: isinstance(controller.window, UnlockWindow), timeout=20_000)
    window = controller.window
    assert isinstance(window, UnlockWindow)
    assert controller.unlocked is None and controller.backend is None
    assert window.problem_box.isVisibleTo(window)
    assert "damaged" in window.problem.text()
    assert "backup" in window.problem.text()
    assert window.restore_button.isVisibleTo(window)
    assert window.restore_button.isEnabled()
    assert messages.shown == []  # said in the window: no dialog, no crash
    # The vault was let go (else VaultInUse), and the full check refuses it.
    controller.jobs.wait()
    with pytest.raises(VaultDamaged):
        app.open_vault(corrupt_vault, strong_passphrase)


def test_a_healthy_vault_stays_unlocked_once_the_check_has_passed(
    qtbot: QtBot,
    make_controller: MakeController,
    messages: RecordingMessages,
    vault_dir: Path,
    strong_passphrase: str,
) -> None:
    _vault_with_sessions(vault_dir, strong_passphrase)
    controller = make_controller(vault_dir)
    main = _unlock(qtbot, controller, strong_passphrase)
    unlocked = controller.unlocked
    assert unlocked is not None
    storage = unlocked.vault.vault
    assert storage.check_deferred, "the unlock left the full check for later"

    qtbot.waitUntil(lambda: not storage.check_deferred, timeout=20_000)  # it passed
    _checks_heard(qtbot, controller)

    assert not controller.checks.running
    assert controller.main_window is main and main.isVisible()
    assert controller.unlocked is unlocked and storage.is_open
    assert messages.shown == []


def test_locking_while_the_check_runs_reports_nothing(
    qtbot: QtBot,
    make_controller: MakeController,
    messages: RecordingMessages,
    monkeypatch: pytest.MonkeyPatch,
    corrupt_vault: Path,
    strong_passphrase: str,
) -> None:
    """The check on the damaged vault is held until the user has locked; whether it is
    then interrupted or finds the damage, nothing reaches the screen."""
    started, release = threading.Event(), threading.Event()
    real_check = integrity.run_check

    def held(connection: Connection, pragma: str, damaged: str) -> None:
        started.set()
        release.wait(20)
        real_check(connection, pragma, damaged)

    monkeypatch.setattr(integrity, "run_check", held)
    controller = make_controller(corrupt_vault)
    try:
        main = _unlock(qtbot, controller, strong_passphrase)
        qtbot.waitUntil(started.is_set, timeout=20_000)
        qtbot.keyClick(main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Lock
    finally:
        release.set()
    window = controller.window
    assert isinstance(window, UnlockWindow)
    controller.jobs.wait()  # the vault is closed, so its check has stopped
    _checks_heard(qtbot, controller)

    assert controller.window is window
    assert not window.problem_box.isVisibleTo(window)
    assert not window.restore_button.isVisibleTo(window)
    assert messages.shown == []
