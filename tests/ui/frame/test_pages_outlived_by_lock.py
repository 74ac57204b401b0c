"""After a lock, the pages of the old window are gone: nothing that outlives them
(the privacy screen, the settings, the controller) may still call into them.

Issue 16 defect 1: Members, a person's page or a check-in screen visited, a lock,
an unlock, then Ctrl+Shift+P showed one "Something went wrong" per page visited
(a lambda connected to the long-lived privacy screen called a deleted page).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator import app
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.frame.application import Controller
from facilitator.ui.frame.main_window import SIDEBAR_PAGES, MainWindow
from facilitator.ui.plumbing.navigation import MemberTarget, SessionTarget
from facilitator.ui.start.unlock import UnlockWindow

MakeController = Callable[..., Controller]
WaitForMain = Callable[[Controller], MainWindow]
PASSPHRASE = "lantern orchard seventy quietly"


def _vault_with_a_session(folder: Path) -> tuple[int, int, int]:
    """A vault with one person in one group, and today's session: (group, member, session)."""
    opened = app.create_vault(folder, PASSPHRASE)
    try:
        services = opened.services
        group = services.roster.create_group(GroupDraft(name="Evening Circle"))
        member = services.roster.add_member(
            MemberDraft(first_name="Samira", last_name="Tahir-Whitfield"), group_id=group.id
        )
        session = services.schedule.open_session(group.id, dt.date.today())
        assert session.id is not None
        return group.id, member.id, session.id
    finally:
        opened.lock()


def _settle(qtbot: QtBot, controller: Controller) -> None:
    qtbot.waitUntil(
        lambda: controller.backend is not None and controller.backend.pending == 0,
        timeout=10_000,
    )


def _unlock(qtbot: QtBot, controller: Controller, wait_for_main: WaitForMain) -> MainWindow:
    window = controller.window
    assert isinstance(window, UnlockWindow)
    qtbot.waitUntil(window.passphrase.isEnabled, timeout=10_000)
    window.passphrase.clear()
    qtbot.keyClicks(window.passphrase, PASSPHRASE)
    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
    return wait_for_main(controller)


def _toggle_privacy(qtbot: QtBot, main: MainWindow) -> None:
    qtbot.keyClick(
        main, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )


def _lock_and_unlock(
    qtbot: QtBot, controller: Controller, main: MainWindow, wait_for_main: WaitForMain
) -> MainWindow:
    _settle(qtbot, controller)
    qtbot.keyClick(main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert controller.main_window is None
    controller.jobs.wait()
    # The old window is deleted later (its C++ side, as Qt does): let that happen.
    qtbot.waitUntil(lambda: not _alive(main), timeout=5_000)
    return _unlock(qtbot, controller, wait_for_main)


def _alive(widget: MainWindow) -> bool:
    from shiboken6 import isValid

    return bool(isValid(widget))


def _no_trouble(messages: RecordingMessages, caplog: pytest.LogCaptureFixture) -> None:
    assert [kind for kind, _ in messages.shown if kind == "crash"] == []
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_privacy_toggle_after_lock_reaches_no_deleted_page(
    qtbot: QtBot,
    make_controller: MakeController,
    wait_for_main: WaitForMain,
    messages: RecordingMessages,
    vault_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """issue 16 defect 1: Members, a person's page and a check-in screen, then lock,
    unlock and Ctrl+Shift+P twice: no "Something went wrong", no error logged."""
    caplog.set_level(logging.INFO)
    group_id, member_id, session_id = _vault_with_a_session(vault_dir)
    controller = make_controller(vault_dir)
    controller.show_unlock(vault_dir)
    main = _unlock(qtbot, controller, wait_for_main)
    main.show_page("members")
    _settle(qtbot, controller)
    main.go_to(MemberTarget(member_id))
    _settle(qtbot, controller)
    main.go_to(SessionTarget(group_id, dt.date.today(), session_id))
    _settle(qtbot, controller)
    main = _lock_and_unlock(qtbot, controller, main, wait_for_main)
    for _ in range(2):
        _toggle_privacy(qtbot, main)
        _settle(qtbot, controller)
    _no_trouble(messages, caplog)


def test_every_page_survives_lock_unlock_and_privacy(
    qtbot: QtBot,
    make_controller: MakeController,
    wait_for_main: WaitForMain,
    messages: RecordingMessages,
    vault_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """issue 16 defect 1: every page (and a person, a session) visited, then two rounds
    of lock, unlock and the privacy screen on and off: nothing reaches a deleted page,
    and the pages of the new window still follow the privacy screen."""
    caplog.set_level(logging.INFO)
    group_id, member_id, session_id = _vault_with_a_session(vault_dir)
    controller = make_controller(vault_dir)
    controller.show_unlock(vault_dir)
    main = _unlock(qtbot, controller, wait_for_main)
    for _round in range(2):
        for key in SIDEBAR_PAGES:
            main.show_page(key)
            _settle(qtbot, controller)
        main.go_to(MemberTarget(member_id))
        _settle(qtbot, controller)
        main.go_to(SessionTarget(group_id, dt.date.today(), session_id))
        _settle(qtbot, controller)
        main = _lock_and_unlock(qtbot, controller, main, wait_for_main)
        for _ in range(2):
            _toggle_privacy(qtbot, main)
            _settle(qtbot, controller)
    # The live pages still listen: the privacy screen on, the members list abbreviates.
    main.show_page("members")
    _settle(qtbot, controller)
    _toggle_privacy(qtbot, main)
    _settle(qtbot, controller)
    assert controller.privacy.on
    shown = main.members.grab()  # drawn without error
    assert not shown.isNull()
    _no_trouble(messages, caplog)
