"""The Follow-ups page on a real vault (clock fixed at TONIGHT, Tuesday 24 Nov 2026)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QScrollBar, QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import FollowUpRecord
from facilitator.domain.enums import Priority
from facilitator.services.followups import FollowUpFilter
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.followups.page import FollowUpsPage
from facilitator.ui.followups.rows import DONE, DUE, PRIORITY, WHAT, WHOM
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import FollowUpTarget, MemberTarget, SessionTarget

TODAY = dt.date(2026, 11, 24)


def _days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def page(
    qtbot: QtBot, backend: Backend, privacy: Privacy, settle: Callable[[], None]
) -> Callable[[], FollowUpsPage]:
    def make() -> FollowUpsPage:
        made = FollowUpsPage(backend, privacy)
        qtbot.addWidget(made)
        made.resize(1100, 680)
        made.show()
        made.activate()
        settle()
        return made

    return make


def _rows(page: FollowUpsPage, column: int = WHAT) -> list[str]:
    proxy = page.proxy
    return [str(proxy.index(row, column).data()) for row in range(proxy.rowCount())]


def _select(page: FollowUpsPage, what: str) -> FollowUpRecord:
    row = _rows(page).index(what)
    page.select_row(row)
    page.table.setFocus()
    record = page.current()
    assert record is not None and record.description == what
    return record


def _arrange(services: Services) -> dict[str, FollowUpRecord]:
    sam = services.roster.add_member(MemberDraft("Samira", "Tahir", phone="07700 900123"))
    jo = services.roster.add_member(MemberDraft("Jo", "Marsh"))
    fu = services.follow_ups
    made = {
        "late": fu.add("Call about the housing referral", due_on=_days(-3), member_id=sam.id),
        "soon": fu.add("Send the leaflet", due_on=_days(1), member_id=jo.id),
        "undated": fu.add("Find a co-facilitator", priority=Priority.HIGH),
        "very late": fu.add("Book the hall", due_on=_days(-1), priority=Priority.LOW),
    }
    old = fu.add("Return the keys", due_on=_days(-10), member_id=jo.id)
    made["done"] = fu.complete(old.id)
    return made


def test_a_follow_up_added_by_keyboard_is_listed_under_open(
    page: Callable[[], FollowUpsPage], qtbot: QtBot, services: Services, settle: Callable[[], None]
) -> None:
    shown = page()
    assert shown.status.text() == "No open follow-ups."
    changed: list[bool] = []
    shown.changed.connect(lambda: changed.append(True))

    assert shown.new_item()
    dialog = shown.editor
    assert dialog is not None and dialog.isVisible()
    settle()
    qtbot.keyClicks(dialog.what, "Ring the council")
    qtbot.keyClick(dialog.what, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.due_choice, "T")
    for _ in range(5):
        if dialog.priority.hasFocus():
            break
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.priority, "H")
    qtbot.keyClick(dialog.priority, Qt.Key.Key_Return)
    settle()

    assert not dialog.isVisible()
    assert _rows(shown) == ["Ring the council"]
    assert _rows(shown, DUE) == ["Tomorrow"]
    assert _rows(shown, PRIORITY) == ["High"]
    assert shown.current() is not None and shown.current().description == "Ring the council"
    assert shown.status.text() == "1 open"
    assert changed == [True]
    stored = services.follow_ups.find(FollowUpFilter.OPEN)
    assert [(f.description, f.due_on, f.priority) for f in stored] == [
        ("Ring the council", _days(1), Priority.HIGH)
    ]


def test_the_filters_show_open_overdue_done_and_all(
    page: Callable[[], FollowUpsPage], services: Services, settle: Callable[[], None]
) -> None:
    _arrange(services)
    shown = page()
    assert shown.showing == "open"
    assert shown.show_buttons["open"].isChecked()
    assert _rows(shown) == [
        "Call about the housing referral",
        "Book the hall",
        "Send the leaflet",
        "Find a co-facilitator",
    ]
    assert _rows(shown, DUE) == ["3 days overdue", "1 day overdue", "Tomorrow", "No date"]
    assert _rows(shown, WHOM) == ["Samira Tahir", "", "Jo Marsh", ""]

    shown.show_buttons["overdue"].click()
    settle()
    assert shown.showing == "overdue"
    assert _rows(shown) == ["Call about the housing referral", "Book the hall"]
    assert _rows(shown, DUE) == ["3 days overdue", "1 day overdue"]
    assert shown.status.text() == "2 overdue"
    late = shown.proxy.index(0, DUE)
    assert late.data(Qt.ItemDataRole.FontRole).bold()  # and said in words, not colour

    shown.show_buttons["done"].click()
    settle()
    assert _rows(shown) == ["Return the keys"]
    assert _rows(shown, DONE) == ["Tue 24 Nov"]
    assert shown.proxy.index(0, DONE).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked

    shown.show_buttons["all"].click()
    settle()
    assert len(_rows(shown)) == 5
    assert _rows(shown)[-1] == "Return the keys"  # done ones after the open ones


def test_the_text_filter_narrows_the_list(
    page: Callable[[], FollowUpsPage], qtbot: QtBot, services: Services
) -> None:
    _arrange(services)
    shown = page()
    assert shown.focus_filter()
    assert shown.filter.hasFocus()
    qtbot.keyClicks(shown.filter, "samira")
    assert _rows(shown) == ["Call about the housing referral"]
    shown.filter.clear()
    qtbot.keyClicks(shown.filter, "nothing like this")
    assert _rows(shown) == []
    assert shown.status.text() == "No follow-ups match “nothing like this”."


def test_marking_done_moves_it_from_open_to_done(
    page: Callable[[], FollowUpsPage], qtbot: QtBot, services: Services, settle: Callable[[], None]
) -> None:
    made = _arrange(services)
    shown = page()
    changed: list[bool] = []
    shown.changed.connect(lambda: changed.append(True))
    _select(shown, "Book the hall")
    assert shown.done_button.text() == "&Mark done"
    qtbot.keyClick(shown.table, Qt.Key.Key_Space)
    settle()

    assert "Book the hall" not in _rows(shown)
    assert len(_rows(shown)) == 3
    assert shown.current() is not None  # the next one is selected: Space again goes on
    assert made["very late"].id in {f.id for f in services.follow_ups.find(FollowUpFilter.DONE)}
    assert changed == [True]

    shown.set_show("done")
    settle()
    assert "Book the hall" in _rows(shown)
    _select(shown, "Book the hall")
    assert shown.done_button.text() == "&Reopen"
    shown.done_button.click()
    settle()
    assert "Book the hall" not in _rows(shown)
    reopened = [
        f for f in services.follow_ups.find(FollowUpFilter.OPEN) if f.description == "Book the hall"
    ]
    assert len(reopened) == 1 and not reopened[0].done


def test_ticking_the_box_marks_it_done(
    page: Callable[[], FollowUpsPage], services: Services, settle: Callable[[], None]
) -> None:
    _arrange(services)
    shown = page()
    row = _rows(shown).index("Send the leaflet")
    box = shown.proxy.index(row, DONE)
    assert shown.proxy.flags(box) & Qt.ItemFlag.ItemIsUserCheckable
    shown.proxy.setData(box, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    settle()
    assert "Send the leaflet" not in _rows(shown)
    assert "Send the leaflet" in [
        f.description for f in services.follow_ups.find(FollowUpFilter.DONE)
    ]


def test_deleting_asks_first(
    page: Callable[[], FollowUpsPage],
    qtbot: QtBot,
    services: Services,
    settle: Callable[[], None],
    messages: RecordingMessages,
) -> None:
    _arrange(services)
    shown = page()
    _select(shown, "Send the leaflet")
    messages.confirm_answer = False
    shown.delete_button.click()
    settle()
    assert messages.shown[-1][0] == "confirm"
    assert "Send the leaflet" in messages.shown[-1][1]
    assert "Send the leaflet" in _rows(shown)

    messages.confirm_answer = True
    qtbot.keyClick(shown.table, Qt.Key.Key_Delete)
    settle()
    assert "Send the leaflet" not in _rows(shown)
    assert "Send the leaflet" not in [
        f.description for f in services.follow_ups.find(FollowUpFilter.ALL)
    ]


def test_enter_edits_the_selected_one(
    page: Callable[[], FollowUpsPage], qtbot: QtBot, services: Services, settle: Callable[[], None]
) -> None:
    made = _arrange(services)
    shown = page()
    _select(shown, "Send the leaflet")
    qtbot.keyClick(shown.table, Qt.Key.Key_Return)
    dialog = shown.editor
    assert dialog is not None and dialog.isVisible()
    assert dialog.follow_up == made["soon"]
    settle()
    assert dialog.whom.text() == "Jo Marsh"
    dialog.what.selectAll()
    qtbot.keyClicks(dialog.what, "Send the leaflet on sleep")
    dialog.save_button.click()
    settle()
    assert "Send the leaflet on sleep" in _rows(shown)
    assert shown.current() is not None and shown.current().id == made["soon"].id
    stored = [f for f in services.follow_ups.find(FollowUpFilter.ALL) if f.id == made["soon"].id]
    assert stored[0].description == "Send the leaflet on sleep"


def test_go_to_selects_the_filter_and_the_row(
    page: Callable[[], FollowUpsPage], services: Services, settle: Callable[[], None]
) -> None:
    made = _arrange(services)
    shown = page()
    assert shown.go_to(FollowUpTarget(made["very late"].id, "overdue"))
    settle()
    assert shown.showing == "overdue"
    assert shown.show_buttons["overdue"].isChecked()
    assert shown.current() == made["very late"]

    assert shown.go_to(FollowUpTarget(made["done"].id))  # not open: the list widens to all
    settle()
    assert shown.showing == "all"
    assert shown.current() == made["done"]

    assert shown.go_to(FollowUpTarget(None, "open"))
    settle()
    assert shown.showing == "open"
    assert not shown.go_to(MemberTarget(1))


def test_open_person_and_open_session(
    page: Callable[[], FollowUpsPage], services: Services, settle: Callable[[], None]
) -> None:
    made = _arrange(services)
    group = services.roster.create_group(GroupDraft("Tuesday Recovery Circle"))
    session = services.schedule.open_session(group.id, dt.date(2026, 11, 17))
    services.follow_ups.add("Order more tea", due_on=_days(2), session_id=session.id)
    shown = page()
    went: list[object] = []
    shown.navigate.connect(went.append)

    assert "Tuesday Recovery Circle, Tue 17 Nov" in _rows(shown, WHOM)
    _select(shown, "Call about the housing referral")
    assert shown.person_button.isEnabled() and not shown.session_button.isEnabled()
    shown.person_button.click()
    assert went == [MemberTarget(made["late"].member_id or 0)]

    _select(shown, "Order more tea")
    assert shown.session_button.isEnabled() and not shown.person_button.isEnabled()
    shown.session_button.click()
    settle()
    assert went[-1] == SessionTarget(group.id, dt.date(2026, 11, 17), session.id)


def test_the_privacy_screen_shortens_names(
    page: Callable[[], FollowUpsPage], privacy: Privacy, services: Services
) -> None:
    _arrange(services)
    shown = page()
    assert "Samira Tahir" in _rows(shown, WHOM)
    privacy.set_on(True)
    texts = [
        str(shown.proxy.index(r, c).data())
        for r in range(shown.proxy.rowCount())
        for c in range(shown.proxy.columnCount())
    ]
    assert "Samira T." in texts
    assert not any("Tahir" in t or "Marsh" in t or "07700" in t for t in texts)
    privacy.set_on(False)
    assert "Samira Tahir" in _rows(shown, WHOM)


def test_every_control_has_an_accessible_name(
    page: Callable[[], FollowUpsPage], services: Services
) -> None:
    _arrange(services)
    shown = page()
    unnamed = [
        type(w).__name__
        for w in shown.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and w.isVisible()
        and not w.accessibleName()
        and not isinstance(w, QScrollBar)
        and not isinstance(w.parent(), QAbstractScrollArea)  # a view's viewport
        and w.parent() is not shown.filter  # the line edit's clear button
    ]
    assert unnamed == []
