"""The follow-up editor on a real vault: typed by keyboard, checked inline, saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import FollowUpRecord
from facilitator.domain.enums import Priority
from facilitator.services.followups import FollowUpFilter
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.editors.followup_dialog import (
    FRIDAY,
    NEXT_WEEK,
    NO_DATE,
    ON_A_DATE,
    TOMORROW,
    FollowUpDialog,
    quick_date,
)
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend

TODAY = dt.date(2026, 11, 24)  # Tuesday (the fixtures' clock)
MakeDialog = Callable[..., tuple[FollowUpDialog, list[FollowUpRecord]]]


@pytest.fixture
def make_dialog(
    qtbot: QtBot, backend: Backend, privacy: Privacy, settle: Callable[[], None]
) -> MakeDialog:
    """The follow-up editor, open and read, and what it saved."""

    def make(**kwargs: object) -> tuple[FollowUpDialog, list[FollowUpRecord]]:
        dialog = FollowUpDialog(backend, privacy, None, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(dialog)
        saved: list[FollowUpRecord] = []
        dialog.saved.connect(saved.append)
        dialog.open()
        qtbot.waitExposed(dialog)
        settle()
        return dialog, saved

    return make


def test_quick_dates_count_from_today() -> None:
    assert quick_date(TOMORROW, TODAY) == dt.date(2026, 11, 25)
    assert quick_date(FRIDAY, TODAY) == dt.date(2026, 11, 27)
    assert quick_date(FRIDAY, dt.date(2026, 11, 27)) == dt.date(2026, 12, 4)  # on a Friday
    assert quick_date(NEXT_WEEK, TODAY) == dt.date(2026, 12, 1)
    assert quick_date(NO_DATE, TODAY) is None
    assert quick_date(ON_A_DATE, TODAY) is None


def test_a_follow_up_for_a_member_is_added_by_keyboard(
    qtbot: QtBot, make_dialog: MakeDialog, settle: Callable[[], None], services: Services
) -> None:
    sam = services.roster.add_member(MemberDraft("Sam", "Okafor"))
    dialog, saved = make_dialog(member_id=sam.id)
    assert dialog.windowTitle() == "New follow-up"
    assert dialog.whom.isVisible()
    assert dialog.whom.text() == "Sam Okafor"
    assert dialog.due_choice.currentText() == "No due date"
    assert not dialog.due_date.isVisible()

    assert dialog.what.hasFocus()
    qtbot.keyClicks(dialog.what, "Call about the housing referral")
    qtbot.keyClick(dialog.what, Qt.Key.Key_Tab)
    assert dialog.due_choice.hasFocus()
    qtbot.keyClicks(dialog.due_choice, "T")
    assert dialog.due_choice.currentText() == "Tomorrow (Wed 25 Nov)"
    assert dialog.due_date.isVisible()
    qtbot.keyClick(dialog.due_choice, Qt.Key.Key_Tab)
    assert dialog.due_date.hasFocus()
    for _ in range(4):  # Tab steps through the date's parts, then on
        if dialog.priority.hasFocus():
            break
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.priority.hasFocus()
    qtbot.keyClicks(dialog.priority, "H")
    assert dialog.priority.currentText() == "High"
    qtbot.keyClick(dialog.priority, Qt.Key.Key_Return)
    settle()

    assert len(saved) == 1
    assert not dialog.isVisible()
    stored = services.follow_ups.find(FollowUpFilter.OPEN)
    assert [(f.description, f.due_on, f.priority, f.member_id) for f in stored] == [
        ("Call about the housing referral", dt.date(2026, 11, 25), Priority.HIGH, sam.id)
    ]
    assert saved[0] == stored[0]


def test_an_empty_what_is_refused_inline_and_nothing_is_lost(
    qtbot: QtBot, make_dialog: MakeDialog, settle: Callable[[], None], services: Services
) -> None:
    dialog, saved = make_dialog()
    assert not dialog.whom.isVisible()  # for nobody in particular
    dialog.due_choice.setCurrentIndex(dialog.due_choice.findData(FRIDAY))
    dialog.priority.setCurrentIndex(dialog.priority.findData(Priority.LOW))
    qtbot.keyClicks(dialog.what, "   ")
    dialog.save_button.click()
    settle()

    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert "empty" in dialog.problem.text()
    assert dialog.what.hasFocus()
    assert dialog.due() == dt.date(2026, 11, 27)
    assert dialog.chosen_priority() is Priority.LOW
    assert saved == []
    assert services.follow_ups.find(FollowUpFilter.ALL) == []

    qtbot.keyClicks(dialog.what, "Book the hall")
    assert not dialog.problem.isVisible()  # typing clears the complaint
    dialog.save_button.click()
    settle()
    assert [f.due_on for f in services.follow_ups.find(FollowUpFilter.ALL)] == [
        dt.date(2026, 11, 27)
    ]


def test_a_date_of_ones_own_and_back_to_none(qtbot: QtBot, make_dialog: MakeDialog) -> None:
    dialog, _ = make_dialog()
    dialog.due_choice.setCurrentIndex(dialog.due_choice.findData(ON_A_DATE))
    assert dialog.due_date.isVisible()
    assert dialog.due_date.hasFocus()
    assert dialog.due() == TODAY
    qtbot.keyClick(dialog.due_date, Qt.Key.Key_Up)  # one day on: that is "Tomorrow"
    assert dialog.due() == dt.date(2026, 11, 25)
    assert dialog.due_choice.currentData() == TOMORROW
    qtbot.keyClick(dialog.due_date, Qt.Key.Key_Up)
    assert dialog.due() == dt.date(2026, 11, 26)
    assert dialog.due_choice.currentData() == ON_A_DATE
    dialog.due_choice.setCurrentIndex(dialog.due_choice.findData(NO_DATE))
    assert dialog.due() is None
    assert not dialog.due_date.isVisible()


def test_editing_shows_what_is_stored_and_saves_the_change(
    qtbot: QtBot, make_dialog: MakeDialog, settle: Callable[[], None], services: Services
) -> None:
    group = services.roster.create_group(GroupDraft("Tuesday Circle"))
    session = services.schedule.open_session(group.id, TODAY)
    original = services.follow_ups.add(
        "Order more tea", due_on=dt.date(2026, 11, 20), session_id=session.id
    )
    dialog, saved = make_dialog(follow_up=original)
    assert dialog.windowTitle() == "Edit follow-up"
    assert dialog.whom.text() == "Tuesday Circle, Tue 24 Nov"
    assert dialog.what.text() == "Order more tea"
    assert dialog.due() == dt.date(2026, 11, 20)  # overdue dates are kept
    assert dialog.due_choice.currentData() == ON_A_DATE
    assert dialog.chosen_priority() is Priority.NORMAL

    dialog.what.selectAll()
    qtbot.keyClicks(dialog.what, "Order tea and biscuits")
    dialog.due_choice.setCurrentIndex(dialog.due_choice.findData(NEXT_WEEK))
    dialog.save_button.click()
    settle()
    stored = services.follow_ups.find(FollowUpFilter.ALL)
    assert [(f.id, f.description, f.due_on, f.session_id) for f in stored] == [
        (original.id, "Order tea and biscuits", dt.date(2026, 12, 1), session.id)
    ]
    assert saved == stored


def test_a_failed_save_is_shown_inline(
    make_dialog: MakeDialog, settle: Callable[[], None], services: Services
) -> None:
    gone = services.follow_ups.add("Ring the council")
    dialog, saved = make_dialog(follow_up=gone)
    services.follow_ups.delete(gone.id)
    dialog.save_button.click()
    settle()
    assert dialog.isVisible()
    assert dialog.problem.isVisible() and dialog.problem.text()
    assert dialog.what.text() == "Ring the council"
    assert dialog.save_button.isEnabled()
    assert saved == []


def test_the_privacy_screen_shortens_the_name(
    make_dialog: MakeDialog, privacy: Privacy, services: Services
) -> None:
    sam = services.roster.add_member(MemberDraft("Samira", "Tahir", phone="07700 900123"))
    privacy.set_on(True)
    dialog, _ = make_dialog(member_id=sam.id)
    assert dialog.whom.text() == "Samira T."
    privacy.set_on(False)
    assert dialog.whom.text() == "Samira Tahir"


def test_every_control_has_an_accessible_name(make_dialog: MakeDialog, services: Services) -> None:
    sam = services.roster.add_member(MemberDraft("Sam", "Okafor"))
    dialog, _ = make_dialog(member_id=sam.id)
    dialog.due_choice.setCurrentIndex(dialog.due_choice.findData(FRIDAY))
    unnamed = [
        type(w).__name__
        for w in dialog.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and w.isVisible()
        and not w.accessibleName()
        and not isinstance(w.parent(), (type(dialog.due_date), type(dialog.what)))
    ]
    assert unnamed == []
