"""The sidebar and the Back button: the keyboard reaches them without changing page."""

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
from facilitator.services.roster import GroupDraft
from facilitator.ui.frame.main_window import SIDEBAR_PAGES, MainWindow
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import SearchTarget, SessionTarget

MakeWindow = Callable[[], MainWindow]


@pytest.fixture
def make_window(
    qtbot: QtBot, backend: Backend, privacy: Privacy, messages: RecordingMessages, tmp_path: Path
) -> MakeWindow:
    """The main window on the test's vault (no controller), shown and active."""

    def make() -> MainWindow:
        settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
        main = MainWindow(settings, messages, backend, privacy)
        qtbot.addWidget(main)
        main.show()
        main.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
        return main

    return make


@pytest.mark.parametrize("where", ["session", "search"])
def test_tab_onto_the_sidebar_does_not_change_the_page(
    qtbot: QtBot, make_window: MakeWindow, services: Services, settle: object, where: str
) -> None:
    """issue 16 defect 16: one Tab from the check-in screen's last control onto the
    sidebar selected its first row and showed Today."""
    group = services.roster.create_group(GroupDraft(name="Tuesday Circle"))
    main = make_window()
    if where == "session":
        main.go_to(SessionTarget(group.id, dt.date(2026, 11, 24)))
    else:
        main.go_to(SearchTarget())
    settle()  # type: ignore[operator]
    main.sidebar.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(main.sidebar.hasFocus)
    settle()  # type: ignore[operator]
    assert main.current_key == where
    assert main.sidebar.currentRow() == -1  # no row chosen by getting focus
    # A deliberate choice still leads: Down, then the page of that row.
    qtbot.keyClick(main.sidebar, Qt.Key.Key_Down)
    settle()  # type: ignore[operator]
    assert main.current_key in SIDEBAR_PAGES


def test_tab_from_a_page_onto_the_sidebar_keeps_its_row(
    qtbot: QtBot, make_window: MakeWindow, settle: object
) -> None:
    """issue 16 defect 16: getting focus by Tab does not change the sidebar's row."""
    main = make_window()
    main.show_page("reports")
    settle()  # type: ignore[operator]
    main.sidebar.setFocus(Qt.FocusReason.BacktabFocusReason)
    qtbot.waitUntil(main.sidebar.hasFocus)
    assert main.current_key == "reports"
    assert main.sidebar.currentRow() == SIDEBAR_PAGES.index("reports")
    # Enter on the row shown, a click on another: the click leads there.
    rect = main.sidebar.visualItemRect(main.sidebar.item(SIDEBAR_PAGES.index("groups")))
    qtbot.mouseClick(main.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle()  # type: ignore[operator]
    assert main.current_key == "groups"


def test_the_back_button_does_what_alt_left_does(
    qtbot: QtBot, make_window: MakeWindow, services: Services, settle: object
) -> None:
    """issue 16, visible ways: a Back button beside the Alt+Left hint, disabled when there
    is nothing to go back to."""
    group = services.roster.create_group(GroupDraft(name="Tuesday Circle"))
    main = make_window()
    settle()  # type: ignore[operator]
    assert main.back_button.isVisible()
    assert not main.back_button.isEnabled()
    assert "Alt+Left" in main.back_hint.text()
    main.go_to(SessionTarget(group.id, dt.date(2026, 11, 24)))
    settle()  # type: ignore[operator]
    assert main.back_button.isEnabled()
    assert not main.back_button.icon().isNull()  # an arrow, enabled or not
    qtbot.mouseClick(main.back_button, Qt.MouseButton.LeftButton)
    settle()  # type: ignore[operator]
    assert main.current_key == "today"
    assert not main.back_button.isEnabled()
    assert main.back_button.accessibleName()


def test_tabbing_round_the_check_in_screen_never_leaves_it(
    qtbot: QtBot, make_window: MakeWindow, services: Services, settle: object
) -> None:
    """issue 16 defect 16, by real Tab presses: round the whole window from the check-in
    box, through the Back button and the sidebar, the check-in screen stays."""
    group = services.roster.create_group(GroupDraft(name="Tuesday Circle"))
    main = make_window()
    main.go_to(SessionTarget(group.id, dt.date(2026, 11, 24)))
    settle()  # type: ignore[operator]
    box = main.session.check_in.filter_edit
    box.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(box.hasFocus)
    visited = []
    for _ in range(80):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        settle()  # type: ignore[operator]
        assert main.current_key == "session"
        visited.append(QApplication.focusWidget())
        if QApplication.focusWidget() is box:
            break
    assert main.sidebar in visited and main.back_button in visited
    # The keyboard meets them as the eye does: Back, then the pages under it.
    assert visited.index(main.back_button) < visited.index(main.sidebar)
