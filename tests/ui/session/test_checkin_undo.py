"""Undo at the door as the session screen shows it, with the steps kept by the attendance
service: they outlast the screen being read again, not a visit to another session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import AttendanceStatus, GroupRecord
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import SessionTarget
from facilitator.ui.session.page import SessionPage

TODAY = dt.date(2026, 11, 24)  # the services' clock: Tuesday 18:30
Settle = Callable[[], None]
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def group(services: Services) -> GroupRecord:
    group = services.roster.create_group(
        GroupDraft(
            name="Tuesday Circle",
            schedule_rule="FREQ=WEEKLY;BYDAY=TU",
            schedule_start=dt.date(2026, 1, 6),
            start_time=dt.time(18, 30),
            end_time=dt.time(20, 0),
        )
    )
    for first in ("Daniel", "Beatriz"):
        services.roster.add_member(MemberDraft(first_name=first), group_id=group.id)
    return group


@pytest.fixture
def page(qtbot: QtBot, backend: Backend, privacy: Privacy, settle: Settle) -> SessionPage:
    page = SessionPage(backend, privacy)
    qtbot.addWidget(page)
    page.resize(1100, 680)
    page.show()
    page.activate()
    return page


def _daniel(services: Services, session_id: int) -> AttendanceStatus | None:
    marks = {r.member.first_name: r.status for r in services.attendance.check_in_list(session_id)}
    return marks["Daniel"]


def test_undo_outlasts_the_screen_being_read_again(
    qtbot: QtBot, page: SessionPage, services: Services, settle: Settle, group: GroupRecord
) -> None:
    page.go_to(SessionTarget(group.id, TODAY, None))  # planned: opened by the screen's read
    settle()
    assert page.session is not None and page.session.id is not None
    session_id = page.session.id
    assert not page.check_in.undo_button.isEnabled()
    qtbot.keyClicks(page.check_in.filter_edit, "dan")
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Return)
    assert page.check_in.undo_button.isEnabled()  # at once, before the mark is back
    settle()

    page.activate()  # shown again (e.g. back from another page): read again
    settle()

    assert page.check_in.undo_button.isEnabled()
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Z, CTRL)
    settle()
    assert _daniel(services, session_id) is None
    assert "Daniel is back to" in page.check_in.feedback.text()
    assert not page.check_in.undo_button.isEnabled()


def test_undo_does_not_reach_back_after_another_session(
    qtbot: QtBot, page: SessionPage, services: Services, settle: Settle, group: GroupRecord
) -> None:
    page.go_to(SessionTarget(group.id, TODAY, None))
    settle()
    assert page.session is not None and page.session.id is not None
    tonight = page.session.id
    qtbot.keyClicks(page.check_in.filter_edit, "dan")
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Return)
    settle()

    page.go_to(SessionTarget(group.id, TODAY - dt.timedelta(days=7), None))  # last week
    settle()
    assert not page.check_in.undo_button.isEnabled()
    page.go_to(SessionTarget(group.id, TODAY, tonight))  # and back
    settle()

    assert not page.check_in.undo_button.isEnabled()
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Z, CTRL)
    settle()
    assert page.check_in.feedback.text() == "Nothing to undo."
    assert _daniel(services, tonight) == AttendanceStatus.PRESENT
