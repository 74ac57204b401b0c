"""The session page from the keyboard and for the eyes (issue 16, defect 16, the session
side): Tab goes round the page instead of out onto the sidebar (which navigates when it
takes the focus), the topic is one Shift+Tab from the check-in box, a "Check in" button
is there, and the hints are readable (4.5:1, not the placeholder colour's 3.9:1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import GroupRecord
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.widgets import MIN_CONTRAST, contrast_ratio
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import SessionTarget
from facilitator.ui.session.page import SessionPage

TODAY = dt.date(2026, 11, 24)
Settle = Callable[[], None]


@pytest.fixture
def group(services: Services) -> GroupRecord:
    group = services.roster.create_group(
        GroupDraft(
            name="Tuesday Circle",
            schedule_rule="FREQ=WEEKLY;BYDAY=TU",
            schedule_start=dt.date(2026, 1, 6),
            start_time=dt.time(18, 30),
        )
    )
    services.roster.add_member(MemberDraft(first_name="Daniel"), group_id=group.id)
    return group


@pytest.fixture
def window(
    qtbot: QtBot, backend: Backend, privacy: Privacy, settle: Settle, group: GroupRecord
) -> tuple[QWidget, QListWidget, SessionPage]:
    """The page beside a sidebar that, like the real one, selects a row on focus."""
    window = QWidget()
    sidebar = QListWidget()
    sidebar.addItems(["Today", "Groups"])
    sidebar.setAccessibleName("Pages")
    page = SessionPage(backend, privacy)
    row = QHBoxLayout(window)
    row.addWidget(sidebar)
    row.addWidget(page, 1)
    qtbot.addWidget(window)
    window.resize(1300, 700)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.go_to(SessionTarget(group.id, TODAY, None))
    settle()
    return window, sidebar, page


def test_the_topic_is_one_shift_tab_from_the_check_in_box(
    qtbot: QtBot, window: tuple[QWidget, QListWidget, SessionPage]
) -> None:
    """issue 16 defect 16: the session topic took 14 Tabs to reach."""
    top, _sidebar, page = window
    page.check_in.filter_edit.setFocus()
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert top.focusWidget() is page.topic


def test_check_in_button_is_there_and_puts_the_cursor_in_the_check_in_box(
    qtbot: QtBot, window: tuple[QWidget, QListWidget, SessionPage]
) -> None:
    top, _sidebar, page = window
    button = page.check_in_button
    assert button.isVisible() and button.isEnabled() and button.accessibleName()
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    page.topic.setFocus()
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert top.focusWidget() is page.check_in.filter_edit
    top.grab().save("/tmp/attend/shots/session_page.png")


def _text_contrast(label: QLabel) -> float:
    palette = label.palette()
    return contrast_ratio(
        palette.color(label.foregroundRole()), palette.color(QPalette.ColorRole.Window)
    )


def test_hints_are_readable_at_4_5_to_1(window: tuple[QWidget, QListWidget, SessionPage]) -> None:
    """issue 16 defect 16: the check-in hint was in the placeholder colour, 3.9:1."""
    _top, _sidebar, page = window
    for label in (page.check_in.hint,):  # (the Back hint is the main window's now)
        assert _text_contrast(label) >= MIN_CONTRAST, label.text()
