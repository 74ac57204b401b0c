"""Arrival times on the session screen (issue 16, defect 3): a late mark made after the
session asks for the time instead of taking the clock's, F2 changes any mark's time in
one undo step, and a double-click never silently replaces a mark."""

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
from facilitator.ui.session.mark_dialog import parse_clock
from facilitator.ui.session.page import SessionPage

TODAY = dt.date(2026, 11, 24)  # the services' clock: Tuesday 18:30, the session starts then
LAST_WEEK = TODAY - dt.timedelta(days=7)
LATE, PRESENT = AttendanceStatus.LATE, AttendanceStatus.PRESENT
SHIFT = Qt.KeyboardModifier.ShiftModifier
Settle = Callable[[], None]


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
def page(qtbot: QtBot, backend: Backend, privacy: Privacy) -> SessionPage:
    page = SessionPage(backend, privacy)
    qtbot.addWidget(page)
    page.resize(1100, 680)
    page.show()
    page.activate()
    return page


def _open(page: SessionPage, settle: Settle, group: GroupRecord, day: dt.date) -> int:
    page.go_to(SessionTarget(group.id, day, None))
    settle()
    assert page.session is not None and page.session.id is not None
    return page.session.id


def _mark(services: Services, session_id: int, name: str) -> tuple[object, object]:
    rows = {r.member.first_name: r for r in services.attendance.check_in_list(session_id)}
    return rows[name].status, rows[name].arrived_at


def _select(qtbot: QtBot, page: SessionPage, letters: str) -> None:
    page.check_in.filter_edit.clear()
    qtbot.keyClicks(page.check_in.filter_edit, letters)


def test_late_after_the_session_asks_for_the_time_instead_of_the_clock(
    qtbot: QtBot, page: SessionPage, services: Services, settle: Settle, group: GroupRecord
) -> None:
    """issue 16 defect 3: "Late, arrived 06:12" when marking from the paper sheet later."""
    session_id = _open(page, settle, group, LAST_WEEK)
    _select(qtbot, page, "dan")
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Return, SHIFT)
    settle()
    assert _mark(services, session_id, "Daniel") != (LATE, dt.time(18, 30))  # not the clock

    dialog = page.check_in.mark_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.choices[LATE].isChecked()
    assert dialog.time.text() == "18:35"  # a few minutes after the start, selected
    assert dialog.focusWidget() is dialog.time
    dialog.grab().save("/tmp/attend/shots/mark_dialog.png")
    qtbot.keyClicks(dialog.time, "19:20")
    qtbot.keyClick(dialog.time, Qt.Key.Key_Return)
    settle()

    assert _mark(services, session_id, "Daniel") == (LATE, dt.time(19, 20))
    assert page.check_in.mark_dialog is None
    shown = page.check_in.model.data(page.check_in.model.index(1, 1))
    assert "19:20" in str(shown)


def test_at_the_door_late_takes_the_clock_and_f2_changes_it_in_one_undo_step(
    qtbot: QtBot, page: SessionPage, services: Services, settle: Settle, group: GroupRecord
) -> None:
    session_id = _open(page, settle, group, TODAY)
    _select(qtbot, page, "dan")
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Return, SHIFT)
    settle()
    assert page.check_in.mark_dialog is None  # at the door: no question, the clock
    assert _mark(services, session_id, "Daniel") == (LATE, dt.time(18, 30))
    assert "F2" in page.check_in.feedback.text()

    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_F2)
    dialog = page.check_in.mark_dialog
    assert dialog is not None and dialog.time.text() == "18:30"
    dialog.time.selectAll()
    qtbot.keyClicks(dialog.time, "18:47")
    qtbot.keyClick(dialog.time, Qt.Key.Key_Return)
    settle()
    assert _mark(services, session_id, "Daniel") == (LATE, dt.time(18, 47))

    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert _mark(services, session_id, "Daniel") == (LATE, dt.time(18, 30))


def test_a_double_click_on_a_marked_row_opens_the_editor_and_keeps_the_mark(
    qtbot: QtBot, page: SessionPage, services: Services, settle: Settle, group: GroupRecord
) -> None:
    """issue 16 defect 3: double-clicking a row silently marked Present over Late."""
    session_id = _open(page, settle, group, TODAY)
    daniel = next(
        r.member.id
        for r in services.attendance.check_in_list(session_id)
        if r.member.first_name == "Daniel"
    )
    services.attendance.mark(session_id, daniel, LATE, arrived_at=dt.time(19, 5))
    page.activate()
    settle()
    table = page.check_in.table
    row = next(
        r
        for r in range(page.check_in.model.rowCount())
        if "Daniel" in str(page.check_in.model.data(page.check_in.model.index(r, 0)))
    )
    centre = table.visualRect(page.check_in.model.index(row, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    settle()

    assert _mark(services, session_id, "Daniel") == (LATE, dt.time(19, 5))
    dialog = page.check_in.mark_dialog
    assert dialog is not None and dialog.choices[LATE].isChecked()
    assert dialog.time.text() == "19:05"
    dialog.reject()

    beatriz = next(
        r
        for r in range(page.check_in.model.rowCount())
        if "Beatriz" in str(page.check_in.model.data(page.check_in.model.index(r, 0)))
    )
    centre = table.visualRect(page.check_in.model.index(beatriz, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    settle()
    assert _mark(services, session_id, "Beatriz") == (PRESENT, dt.time(18, 30))  # unmarked


def test_a_mistyped_time_is_refused_with_a_reason(
    qtbot: QtBot, page: SessionPage, services: Services, settle: Settle, group: GroupRecord
) -> None:
    session_id = _open(page, settle, group, LAST_WEEK)
    _select(qtbot, page, "bea")
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Return, SHIFT)
    dialog = page.check_in.mark_dialog
    assert dialog is not None
    dialog.time.selectAll()
    qtbot.keyClicks(dialog.time, "25:70")
    qtbot.keyClick(dialog.time, Qt.Key.Key_Return)
    settle()
    assert dialog.isVisible() and "hours:minutes" in dialog.problem.text()
    assert _mark(services, session_id, "Beatriz") == (None, None)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("19:05", dt.time(19, 5)),
        ("1905", dt.time(19, 5)),
        ("7:05 pm", dt.time(19, 5)),
        ("7", dt.time(7)),
        ("", None),
    ],
)
def test_times_are_read_as_people_type_them(typed: str, expected: dt.time | None) -> None:
    assert parse_clock(typed) == expected
