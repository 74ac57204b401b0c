"""First steps on an empty vault's Today page: each step a button that does it, a tick
once done, gone when all are done or dismissed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.services.first_steps import roster_template
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.frame.main_window import MainWindow
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.today.first_steps import DONE_MARK, TODO_MARK

MakeWindow = Callable[[], MainWindow]


@pytest.fixture
def make_window(
    qtbot: QtBot,
    backend: Backend,
    privacy: Privacy,
    messages: RecordingMessages,
    tmp_path: Path,
    settle: Callable[[], None],
) -> MakeWindow:
    def make() -> MainWindow:
        settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
        main = MainWindow(settings, messages, backend, privacy)
        qtbot.addWidget(main)
        main.show()
        main.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
        main.today.read()
        settle()
        return main

    return make


def _marks(main: MainWindow) -> dict[str, str]:
    return {key: mark.text() for key, mark in main.today.first_steps.marks.items()}


def test_an_empty_vault_shows_four_steps_to_do(make_window: MakeWindow) -> None:
    main = make_window()
    panel = main.today.first_steps
    assert panel.isVisible()
    assert set(_marks(main).values()) == {TODO_MARK}
    assert not panel.check_in.isEnabled()  # no group to check in yet
    for button in panel.buttons():
        assert button.accessibleName()


def test_the_buttons_do_each_step(
    qtbot: QtBot,
    make_window: MakeWindow,
    settle: Callable[[], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    main = make_window()
    panel = main.today.first_steps
    qtbot.mouseClick(panel.new_group, Qt.MouseButton.LeftButton)
    settle()
    assert main.current_key == "groups"
    assert main.groups.editor is not None and main.groups.editor.isVisible()  # New group
    main.groups.editor.close()
    main.back()
    qtbot.mouseClick(panel.add_people, Qt.MouseButton.LeftButton)
    settle()
    assert main.current_key == "members"
    assert main.members.editor is not None and main.members.editor.isVisible()  # New member
    main.members.editor.close()
    main.back()
    qtbot.mouseClick(panel.import_roster, Qt.MouseButton.LeftButton)
    settle()
    assert main.current_key == "reports"
    # The import's button takes the focus (the window's, once it is active again).
    assert main.focusWidget() is main.reports.import_roster_button
    main.back()
    started: list[bool] = []
    monkeypatch.setattr(main.reports, "back_up", lambda: started.append(True))
    qtbot.mouseClick(panel.back_up, Qt.MouseButton.LeftButton)
    assert started == [True]  # Back Up Now, as from the File menu


def test_each_step_is_ticked_once_done_and_the_list_goes_when_all_are(
    qtbot: QtBot,
    make_window: MakeWindow,
    services: Services,
    settle: Callable[[], None],
    tmp_path: Path,
) -> None:
    group = services.roster.create_group(GroupDraft(name="Tuesday Circle"))
    sam = services.roster.add_member(MemberDraft(first_name="Sam"), group_id=group.id)
    main = make_window()
    panel = main.today.first_steps
    assert _marks(main) == {
        "group": DONE_MARK,
        "people": DONE_MARK,
        "check_in": TODO_MARK,
        "backup": TODO_MARK,
    }
    assert panel.marks["group"].accessibleName() == "Done"
    assert panel.check_in.isEnabled()
    with qtbot.waitSignal(main.today.navigate) as led:
        qtbot.mouseClick(panel.check_in, Qt.MouseButton.LeftButton)
    target = led.args[0]
    assert getattr(target, "group_id", None) == group.id  # tonight's session, or its sessions
    settle()
    session = services.schedule.open_session(group.id, dt.date(2026, 11, 24))
    assert session.id is not None
    services.attendance.check_in(session.id, sam.id)
    services.backups.back_up_to(tmp_path / "first.fbk")
    main.show_page("today")
    main.today.read()
    settle()
    assert not panel.isVisible()  # all four done


def test_dismissed_it_stays_away(
    qtbot: QtBot, make_window: MakeWindow, services: Services, settle: Callable[[], None]
) -> None:
    main = make_window()
    qtbot.mouseClick(main.today.first_steps.dismiss_button, Qt.MouseButton.LeftButton)
    settle()
    assert not main.today.first_steps.isVisible()
    assert services.today.first_steps().dismissed  # kept in the vault, no name or path
    main.today.read()
    settle()
    assert not main.today.first_steps.isVisible()


def test_the_roster_template_is_saved_where_chosen(
    qtbot: QtBot,
    make_window: MakeWindow,
    messages: RecordingMessages,
    settle: Callable[[], None],
    tmp_path: Path,
) -> None:
    main = make_window()
    messages.file_answer = tmp_path / "my-roster.csv"
    qtbot.mouseClick(main.today.first_steps.save_template, Qt.MouseButton.LeftButton)
    settle()
    assert ("choose_save_file", "roster-template.csv") in messages.shown
    assert messages.file_answer.read_bytes() == roster_template()
    assert any(kind == "information" for kind, _ in messages.shown)
    messages.file_answer = tmp_path / "no-such-folder" / "roster.csv"
    qtbot.mouseClick(main.today.first_steps.save_template, Qt.MouseButton.LeftButton)
    settle()
    warnings = [text for kind, text in messages.shown if kind == "warning"]
    assert warnings and "no-such-folder" not in warnings[-1]  # says what, not where
