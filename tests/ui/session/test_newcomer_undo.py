"""Undo of a newcomer added at the door takes the new person off the list again
(issue 16, defect 9)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import SessionTarget
from facilitator.ui.session.page import SessionPage

TODAY = dt.date(2026, 11, 24)  # the services' clock: Tuesday 18:30
CTRL = Qt.KeyboardModifier.ControlModifier
Settle = Callable[[], None]


def _names(page: SessionPage) -> list[str]:
    model = page.check_in.model
    return [str(model.data(model.index(r, 0))) for r in range(model.rowCount())]


def test_undoing_a_newcomer_takes_them_off_the_list_and_the_roster(
    qtbot: QtBot, backend: Backend, privacy: Privacy, services: Services, settle: Settle
) -> None:
    """issue 16 defect 9: Undo cleared the mark but left the new person on the roster."""
    group = services.roster.create_group(
        GroupDraft(
            name="Tuesday Circle",
            schedule_rule="FREQ=WEEKLY;BYDAY=TU",
            schedule_start=dt.date(2026, 1, 6),
            start_time=dt.time(18, 30),
        )
    )
    services.roster.add_member(MemberDraft(first_name="Daniel"), group_id=group.id)
    page = SessionPage(backend, privacy)
    qtbot.addWidget(page)
    page.resize(1100, 680)
    page.show()
    page.go_to(SessionTarget(group.id, TODAY, None))
    settle()
    qtbot.keyClicks(page.check_in.filter_edit, "Kim Ode")
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Return)
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Return)  # yes, a newcomer
    settle()
    assert _names(page) == ["Daniel", "Kim Ode"]

    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Z, CTRL)
    settle()

    assert [e.member.first_name for e in services.roster.roster(group.id)] == ["Daniel"]
    assert "Kim" not in " ".join(m.first_name for m in services.roster.members())
    assert _names(page) == ["Daniel"]
    assert "no longer on the group's list" in page.check_in.feedback.text()
    assert not page.check_in.undo_button.isEnabled()


def test_a_newcomer_with_a_note_since_stays_and_the_screen_says_why(
    qtbot: QtBot, backend: Backend, privacy: Privacy, services: Services, settle: Settle
) -> None:
    group = services.roster.create_group(
        GroupDraft(
            name="Tuesday Circle",
            schedule_rule="FREQ=WEEKLY;BYDAY=TU",
            schedule_start=dt.date(2026, 1, 6),
        )
    )
    page = SessionPage(backend, privacy)
    qtbot.addWidget(page)
    page.show()
    page.go_to(SessionTarget(group.id, TODAY, None))
    settle()
    qtbot.keyClicks(page.check_in.filter_edit, "Kim")
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Return)
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Return)
    settle()
    kim = services.roster.roster(group.id)[0].member
    services.notes.add("Asked about the Thursday group.", member_id=kim.id)

    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Z, CTRL)
    settle()

    assert [e.member.first_name for e in services.roster.roster(group.id)] == ["Kim"]
    assert "stay on the group's list" in page.check_in.feedback.text()
    assert _names(page) == ["Kim"]
