"""The Today page by keyboard: Tab visits the lists in screen order, and today's
sessions carry a Check in button."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from facilitator.domain import (
    FollowUpRecord,
    OutreachSuggestion,
    SessionRecord,
    TodayDigest,
    UpcomingMilestone,
)
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import SessionTarget
from facilitator.ui.today.page import TWO_COLUMNS_FROM, TodayPage

TODAY = dt.date(2026, 11, 24)
MakePage = Callable[[int], TodayPage]


def _digest() -> TodayDigest:
    """One row or more in every section, so that all six lists are on screen."""
    return TodayDigest(
        today=TODAY,
        todays_sessions=(
            SessionRecord(id=7, group_id=1, group_name="Tuesday Circle", date=TODAY),
            SessionRecord(id=8, group_id=2, group_name="Grief Group", date=TODAY, cancelled=True),
        ),
        upcoming_sessions=(
            SessionRecord(
                id=None, group_id=3, group_name="Family Group", date=TODAY + dt.timedelta(days=1)
            ),
        ),
        overdue_follow_ups=(
            FollowUpRecord(id=1, description="Call back", due_on=TODAY - dt.timedelta(days=2)),
        ),
        due_soon_follow_ups=(
            FollowUpRecord(id=2, description="Book the hall", due_on=TODAY + dt.timedelta(days=1)),
        ),
        outreach=(
            OutreachSuggestion(
                member_id=6,
                member_name="Priya Shah",
                group_id=1,
                group_name="Tuesday Circle",
                missed_in_a_row=4,
                last_attended=None,
                channels=(),
            ),
        ),
        milestones=(
            UpcomingMilestone(
                member_id=9,
                member_name="Jo Marsh",
                label="Sober",
                date=dt.date(2024, 11, 27),
                anniversary=dt.date(2026, 11, 27),
                years=2,
            ),
        ),
    )


@pytest.fixture
def make_page(qtbot: QtBot, backend: Backend, privacy: Privacy) -> MakePage:
    def make(width: int) -> TodayPage:
        page = TodayPage(backend, privacy)
        qtbot.addWidget(page)
        page.resize(width, 1400)
        page.show_digest(_digest())
        page.show()
        page.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
        return page

    return make


def _trees_by_tab(page: TodayPage) -> list[str]:
    """The sections' lists in the order Tab visits them, from the first list on."""
    trees = {section.tree: key for key, section in page.sections.items()}
    start: QWidget = page.sections["todays_sessions"].tree
    order, widget = [], start
    for _ in range(200):
        if widget in trees and trees[widget] not in order:
            order.append(trees[widget])
        widget = widget.nextInFocusChain()
        if widget is start:
            break
    return order


def _trees_by_screen(page: TodayPage) -> list[str]:
    """The lists as laid out: columns left to right, each top to bottom."""
    at = {key: section.tree.mapTo(page, QPoint(0, 0)) for key, section in page.sections.items()}
    return sorted(at, key=lambda key: (at[key].x(), at[key].y()))


@pytest.mark.parametrize("width", [800, 1600])
def test_tab_visits_the_lists_in_screen_order(
    make_page: MakePage, qtbot: QtBot, width: int
) -> None:
    """issue 16 defect 16: Today's six lists were visited out of screen order."""
    page = make_page(width)
    assert page.two_columns == (width >= TWO_COLUMNS_FROM)
    assert all(section.tree.isVisible() for section in page.sections.values())
    assert _trees_by_tab(page) == _trees_by_screen(page)
    # And really, by Tab: from each list the next Tab stop among the lists is the next.
    screen = _trees_by_screen(page)
    lists = {page.sections[key].tree: key for key in screen}
    for here, there in itertools.pairwise(screen):
        page.sections[here].tree.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(page.sections[here].tree.hasFocus)
        for _ in range(10):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            if QApplication.focusWidget() in lists:
                break
        assert lists.get(QApplication.focusWidget()) == there


def test_todays_sessions_have_a_check_in_button_that_opens_the_check_in(
    make_page: MakePage, qtbot: QtBot
) -> None:
    """issue 16, visible ways: a Check in button on Today's session rows (not on a
    cancelled one), reached by Tab right after the list."""
    page = make_page(800)
    section = page.sections["todays_sessions"]
    buttons = section.buttons
    assert len(buttons) == 1  # the cancelled session has none
    button = buttons[0]
    assert isinstance(button, QPushButton)
    assert button.isVisible() and button.text() == "Check in"
    assert "Tuesday Circle" in button.accessibleName()
    assert section.tree.columnWidth(section.tree.columnCount() - 1) >= button.sizeHint().width()
    with qtbot.waitSignal(page.navigate) as led:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert led.args == [SessionTarget(1, TODAY, 7)]
    section.tree.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(section.tree.hasFocus)
    qtbot.keyClick(section.tree, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is button  # the next Tab stop after its list
