"""The session screen on a real vault, driven from the keyboard like at the door."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import AttendanceStatus, CheckInRow, GroupRecord
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import SessionTarget
from facilitator.ui.session.checkin_model import NewcomerRow
from facilitator.ui.session.page import SessionPage

TODAY = dt.date(2026, 11, 24)  # the services' clock: Tuesday 18:30
PEOPLE = (
    ("Samira", "Tahir", "0411 222 333"),
    ("Sam", "Okafor", ""),
    ("Zoë", "Martin", ""),
    ("Daniel", "Kim", ""),
    ("Beatriz", "Lopez", ""),
)
Settle = Callable[[], None]
MakePage = Callable[[SessionTarget], SessionPage]


@pytest.fixture
def group(services: Services) -> GroupRecord:
    group = services.roster.create_group(
        GroupDraft(
            name="Tuesday Circle",
            location="St Mark's hall",
            schedule_rule="FREQ=WEEKLY;BYDAY=TU",
            schedule_start=dt.date(2026, 1, 6),
            start_time=dt.time(18, 30),
            end_time=dt.time(20, 0),
        )
    )
    for first, last, phone in PEOPLE:
        services.roster.add_member(
            MemberDraft(first_name=first, last_name=last, phone=phone), group_id=group.id
        )
    return group


@pytest.fixture
def session_id(services: Services, group: GroupRecord) -> int:
    session = services.schedule.open_session(group.id, TODAY)
    assert session.id is not None
    return session.id


@pytest.fixture
def make_page(qtbot: QtBot, backend: Backend, privacy: Privacy, settle: Settle) -> MakePage:
    """The session page, shown, gone to a session and read."""

    def make(target: SessionTarget) -> SessionPage:
        page = SessionPage(backend, privacy)
        qtbot.addWidget(page)
        page.resize(1100, 680)
        page.show()
        page.activate()
        page.go_to(target)
        settle()
        return page

    return make


def _marks(services: Services, session_id: int) -> dict[str, AttendanceStatus | None]:
    return {r.member.first_name: r.status for r in services.attendance.check_in_list(session_id)}


def _shown(page: SessionPage) -> dict[str, str]:
    """Name → status text, as the list shows them."""
    model = page.check_in.model
    return {
        str(model.data(model.index(r, 0))): str(model.data(model.index(r, 1)))
        for r in range(model.rowCount())
    }


def _check_in(qtbot: QtBot, page: SessionPage, letters: str, *, late: bool = False) -> None:
    qtbot.keyClicks(page.check_in.filter_edit, letters)
    modifier = Qt.KeyboardModifier.ShiftModifier if late else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Return, modifier)


def test_keyboard_check_in_of_three_people(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    settle: Settle,
    group: GroupRecord,
    session_id: int,
) -> None:
    page = make_page(SessionTarget(group.id, TODAY, session_id))
    assert page.title.text() == "Tuesday Circle"
    assert "St Mark's hall" in page.details.text()
    qtbot.waitUntil(page.check_in.filter_edit.hasFocus)  # the cursor is where typing goes

    qtbot.keyClicks(page.check_in.filter_edit, "da")
    assert [r.member.first_name for r in page.check_in.model.rows if isinstance(r, CheckInRow)] == [
        "Daniel"
    ]
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Return)
    assert page.check_in.filter_edit.text() == ""  # ready for the next person
    _check_in(qtbot, page, "zoe")  # accents ignored
    _check_in(qtbot, page, "lop")  # last names count
    settle()

    shown = _shown(page)
    assert shown["Daniel Kim"] == "Present"
    assert shown["Zoë Martin"] == "Present"
    assert shown["Beatriz Lopez"] == "Present"
    assert shown["Sam Okafor"].endswith("not marked")
    assert _marks(services, session_id) == {
        "Beatriz": AttendanceStatus.PRESENT,
        "Daniel": AttendanceStatus.PRESENT,
        "Sam": None,
        "Samira": None,
        "Zoë": AttendanceStatus.PRESENT,
    }
    assert page.check_in.counts.text() == "3 present · 0 late · 0 guests"


def test_arrow_keys_move_the_selection_and_the_cursor_stays(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    settle: Settle,
    group: GroupRecord,
    session_id: int,
) -> None:
    page = make_page(SessionTarget(group.id, TODAY, session_id))
    qtbot.keyClicks(page.check_in.filter_edit, "sa")  # Sam Okafor, Samira Tahir
    first = page.check_in.selected()
    assert isinstance(first, CheckInRow) and first.member.first_name == "Sam"
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Down)
    second = page.check_in.selected()
    assert isinstance(second, CheckInRow) and second.member.first_name == "Samira"
    assert page.check_in.filter_edit.text() == "sa"  # still typing there
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Return)
    settle()
    assert _marks(services, session_id)["Samira"] == AttendanceStatus.PRESENT
    assert _marks(services, session_id)["Sam"] is None


def test_shift_enter_marks_late_with_the_arrival_time(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    settle: Settle,
    group: GroupRecord,
    session_id: int,
) -> None:
    page = make_page(SessionTarget(group.id, TODAY, session_id))
    _check_in(qtbot, page, "dan", late=True)
    settle()
    marks = {r.member.first_name: r for r in services.attendance.check_in_list(session_id)}
    assert marks["Daniel"].status == AttendanceStatus.LATE
    assert marks["Daniel"].arrived_at == dt.time(18, 30)  # now, by the services' clock
    assert _shown(page)["Daniel Kim"].startswith("Late, arrived ")
    assert page.check_in.counts.text() == "0 present · 1 late · 0 guests"


def test_ctrl_e_excuses_and_ctrl_backspace_clears(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    settle: Settle,
    group: GroupRecord,
    session_id: int,
) -> None:
    page = make_page(SessionTarget(group.id, TODAY, session_id))
    qtbot.keyClicks(page.check_in.filter_edit, "bea")
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert _marks(services, session_id)["Beatriz"] == AttendanceStatus.EXCUSED
    assert _shown(page)["Beatriz Lopez"] == "Excused"
    # Beatriz stays selected after the mark: clear it again.
    qtbot.keyClick(
        page.check_in.filter_edit, Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier
    )
    settle()
    assert _marks(services, session_id)["Beatriz"] is None


def test_a_newcomer_by_first_name_alone_joins_and_is_present(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    settle: Settle,
    group: GroupRecord,
    session_id: int,
) -> None:
    page = make_page(SessionTarget(group.id, TODAY, session_id))
    qtbot.keyClicks(page.check_in.filter_edit, "Priya")
    rows = page.check_in.model.rows
    assert rows == [NewcomerRow("Priya")]  # nobody matches: one row offers to add her
    assert _shown(page) == {"Add “Priya” as a newcomer": "New member"}
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Return)
    settle()
    # A typo must not become a member: the first Enter only asks.
    assert "Press Enter again" in page.check_in.feedback.text()
    assert "Priya" not in [m.first_name for m in services.roster.members()]
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(page.check_in.filter_edit, "a")  # typed again: asked again
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Return)
    settle()
    assert "Priya" not in [m.first_name for m in services.roster.members()]
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Return)
    settle()

    assert _marks(services, session_id)["Priya"] == AttendanceStatus.PRESENT
    roster = [e.member.first_name for e in services.roster.roster(group.id)]
    assert "Priya" in roster
    assert _shown(page)["Priya"] == "Present"
    assert page.check_in.filter_edit.text() == ""
    assert "Priya joined the group" in page.check_in.feedback.text()


def test_ctrl_z_undoes_the_last_marks_in_turn(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    settle: Settle,
    group: GroupRecord,
    session_id: int,
) -> None:
    page = make_page(SessionTarget(group.id, TODAY, session_id))
    _check_in(qtbot, page, "dan")
    _check_in(qtbot, page, "dan", late=True)  # changed mind: late
    # Undo at once, before the marks have come back: still the last mark first.
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert _marks(services, session_id)["Daniel"] == AttendanceStatus.PRESENT
    assert _shown(page)["Daniel Kim"] == "Present"
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert _marks(services, session_id)["Daniel"] is None  # back to unmarked
    assert _shown(page)["Daniel Kim"].endswith("not marked")
    assert not page.check_in.undo_button.isEnabled()
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert page.check_in.feedback.text() == "Nothing to undo."


def test_mark_everyone_else_absent_then_undo_in_one_step(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    settle: Settle,
    group: GroupRecord,
    session_id: int,
) -> None:
    page = make_page(SessionTarget(group.id, TODAY, session_id))
    _check_in(qtbot, page, "sami")
    settle()
    page.check_in.rest_absent.click()
    settle()
    marks = _marks(services, session_id)
    assert marks.pop("Samira") == AttendanceStatus.PRESENT
    assert set(marks.values()) == {AttendanceStatus.ABSENT}
    assert _shown(page)["Sam Okafor"] == "Absent"

    page.check_in.undo_button.click()
    settle()
    marks = _marks(services, session_id)
    assert marks.pop("Samira") == AttendanceStatus.PRESENT  # the earlier mark stays
    assert set(marks.values()) == {None}
    assert _shown(page)["Sam Okafor"].endswith("not marked")

    page.check_in.rest_excused.click()
    settle()
    assert _marks(services, session_id)["Daniel"] == AttendanceStatus.EXCUSED


def test_the_guest_counter_is_saved(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    settle: Settle,
    group: GroupRecord,
    session_id: int,
) -> None:
    page = make_page(SessionTarget(group.id, TODAY, session_id))
    page.check_in.more_guests.click()
    page.check_in.more_guests.click()
    page.check_in.more_guests.click()
    page.check_in.fewer_guests.click()
    settle()
    assert services.schedule.session(session_id).guest_count == 2
    assert page.check_in.counts.text() == "0 present · 0 late · 2 guests"
    page.check_in.guests.setFocus()
    qtbot.keyClick(page.check_in.guests, Qt.Key.Key_Up)  # the keyboard way
    settle()
    assert services.schedule.session(session_id).guest_count == 3

    again = make_page(SessionTarget(group.id, TODAY, session_id))
    assert again.check_in.guests.value() == 3


def test_opening_a_planned_session_creates_it(
    qtbot: QtBot, make_page: MakePage, services: Services, settle: Settle, group: GroupRecord
) -> None:
    next_week = TODAY + dt.timedelta(days=7)
    assert services.schedule.all_sessions(group.id) == []
    page = make_page(SessionTarget(group.id, next_week, None))
    sessions = services.schedule.all_sessions(group.id)
    assert [s.date for s in sessions] == [next_week]
    assert page.session is not None and page.session.id == sessions[0].id
    assert "1 December 2026" in page.details.text()
    assert len(_shown(page)) == len(PEOPLE)
    _check_in(qtbot, page, "zo")
    settle()
    assert sessions[0].id is not None
    assert _marks(services, sessions[0].id)["Zoë"] == AttendanceStatus.PRESENT


def test_topic_is_saved_when_editing_ends(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    settle: Settle,
    group: GroupRecord,
    session_id: int,
) -> None:
    page = make_page(SessionTarget(group.id, TODAY, session_id))
    page.topic.setFocus()
    qtbot.keyClicks(page.topic, "Boundaries")
    qtbot.keyClick(page.topic, Qt.Key.Key_Return)
    settle()
    assert services.schedule.session(session_id).topic == "Boundaries"


def test_a_cancelled_session_says_so_and_can_be_restored(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    settle: Settle,
    group: GroupRecord,
    session_id: int,
) -> None:
    services.schedule.cancel(services.schedule.session(session_id))
    page = make_page(SessionTarget(group.id, TODAY, session_id))
    assert page.cancelled_box.isVisible()
    assert "cancelled" in page.cancelled_label.text()
    assert not page.check_in.present_button.isEnabled()
    _check_in(qtbot, page, "dan")
    settle()
    assert _marks(services, session_id)["Daniel"] is None  # nothing marked while cancelled
    assert "restore it" in page.check_in.feedback.text()

    page.restore_button.click()
    settle()
    assert not services.schedule.session(session_id).cancelled
    assert not page.cancelled_box.isVisible()
    _check_in(qtbot, page, "dan")
    settle()
    assert _marks(services, session_id)["Daniel"] == AttendanceStatus.PRESENT


def test_the_session_note_is_saved_as_typed(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    settle: Settle,
    group: GroupRecord,
    session_id: int,
) -> None:
    page = make_page(SessionTarget(group.id, TODAY, session_id))
    assert page.note.ready
    qtbot.keyClicks(page.note.text_edit, "Themes: trust")
    qtbot.waitUntil(
        lambda: [n.body for n in services.notes.for_session(session_id)] == ["Themes: trust"],
        timeout=5000,
    )
    qtbot.keyClicks(page.note.text_edit, "!")
    page.flush()  # before the vault locks
    settle()
    assert [n.body for n in services.notes.for_session(session_id)] == ["Themes: trust!"]


def test_follow_up_for_the_session_and_for_the_selected_person(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    settle: Settle,
    group: GroupRecord,
    session_id: int,
) -> None:
    from facilitator.ui.editors.followup_dialog import FollowUpDialog

    page = make_page(SessionTarget(group.id, TODAY, session_id))
    assert not page.person_follow_up.isEnabled()  # nobody selected yet
    page.session_follow_up.click()
    dialog = page.editor
    assert isinstance(dialog, FollowUpDialog)
    settle()
    qtbot.keyClicks(dialog.what, "Book the hall for December")
    dialog.save_button.click()
    settle()
    found = services.follow_ups.find(session_id=session_id)
    assert [(f.description, f.member_id) for f in found] == [("Book the hall for December", None)]

    qtbot.keyClicks(page.check_in.filter_edit, "sami")
    assert page.person_follow_up.isEnabled()
    assert "Samira Tahir" in page.person_follow_up.accessibleName()
    page.person_follow_up.click()
    dialog = page.editor
    assert isinstance(dialog, FollowUpDialog)
    settle()
    qtbot.keyClicks(dialog.what, "Call about the housing referral")
    dialog.save_button.click()
    settle()
    samira = next(m for m in services.roster.members() if m.first_name == "Samira")
    mine = services.follow_ups.find(member_id=samira.id)
    assert [(f.description, f.session_id) for f in mine] == [
        ("Call about the housing referral", session_id)
    ]


def test_privacy_screen_hides_full_names_phone_and_note(
    qtbot: QtBot,
    make_page: MakePage,
    privacy: Privacy,
    services: Services,
    settle: Settle,
    group: GroupRecord,
    session_id: int,
) -> None:
    services.notes.add("Samira spoke about her relapse.", session_id=session_id)
    page = make_page(SessionTarget(group.id, TODAY, session_id))
    _check_in(qtbot, page, "sami")
    settle()
    assert "Samira Tahir" in _shown(page)
    privacy.set_on(True)
    settle()
    shown = _shown(page)
    assert "Samira T." in shown and "Samira Tahir" not in shown
    visible = _visible_text(page)
    assert "Tahir" not in visible
    assert "relapse" not in visible
    assert "0411" not in visible
    assert page.note.text_edit.isReadOnly()


def _visible_text(page: QWidget) -> str:
    texts = [_shown_values(page)]
    for widget in page.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        texts.append(widget.accessibleName())
        texts.append(widget.toolTip())
    return "\n".join(texts)


def _shown_values(page: QWidget) -> str:
    assert isinstance(page, SessionPage)
    return "\n".join(f"{k} {v}" for k, v in _shown(page).items())


def test_every_control_has_an_accessible_name(
    make_page: MakePage, group: GroupRecord, session_id: int
) -> None:
    page = make_page(SessionTarget(group.id, TODAY, session_id))
    internal = {
        "QScrollBar",
        "QComboBoxListView",
        "QSplitterHandle",
        "QHeaderView",
        "QLineEditIconButton",  # the filter's clear button (Escape does the same)
    }
    for widget in page.findChildren(QWidget):
        name = widget.metaObject().className()
        if name in internal or widget.objectName().startswith("qt_") or name == "QWidget":
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(
            widget, QAbstractButton
        ):
            continue
        assert widget.accessibleName(), f"{name} {getattr(widget, 'text', lambda: '')()}"


def test_tab_order_goes_filter_list_marks_then_note(
    make_page: MakePage, group: GroupRecord, session_id: int
) -> None:
    """Issue 16 changed this: the heading's buttons and the topic come first, in screen
    order (the page's Tab order then goes round: tests/ui/session/test_session_keyboard.py)."""
    page = make_page(SessionTarget(group.id, TODAY, session_id))
    panel = page.check_in
    stops = [page.check_in_button]
    for _ in range(17):
        stops.append(_next_tab_stop(stops[-1]))
    assert stops == [
        page.check_in_button,
        page.paper_button,
        page.sheet_button,
        page.topic,
        panel.filter_edit,
        panel.table,
        panel.present_button,
        panel.late_button,
        panel.excused_button,
        panel.clear_button,
        panel.change_button,
        panel.guests,  # (Undo is off: nothing to undo yet)
        panel.rest_absent,
        panel.rest_excused,
        page.note.text_edit,
        page.note.template_box,
        page.note.insert_button,
        page.session_follow_up,  # (the person's follow-up is off: nobody selected)
    ]
    assert panel.filter_label.buddy() is panel.filter_edit
    assert page.topic_label.buddy() is page.topic
    assert panel.guests_label.buddy() is panel.guests


def _next_tab_stop(widget: QWidget) -> QWidget:
    current = widget.nextInFocusChain()
    while not (
        current.focusPolicy() & Qt.FocusPolicy.TabFocus
        and current.isVisible()
        and current.isEnabled()
        and current.focusProxy() is None
    ):
        current = current.nextInFocusChain()
    return current


def test_typing_on_the_list_goes_to_the_filter(
    qtbot: QtBot, make_page: MakePage, group: GroupRecord, session_id: int
) -> None:
    page = make_page(SessionTarget(group.id, TODAY, session_id))
    qtbot.keyClicks(page.check_in.table, "be")
    assert page.check_in.filter_edit.text() == "be"
    row = page.check_in.selected()
    assert isinstance(row, CheckInRow) and row.member.first_name == "Beatriz"


def test_enter_with_nothing_typed_marks_nobody_and_twice_changes_nothing(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    settle: Settle,
    group: GroupRecord,
    session_id: int,
) -> None:
    page = make_page(SessionTarget(group.id, TODAY, session_id))
    assert page.check_in.selected() is None  # nothing typed: nobody selected
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Return)
    settle()
    assert set(_marks(services, session_id).values()) == {None}

    _check_in(qtbot, page, "dan")
    settle()
    qtbot.keyClick(page.check_in.filter_edit, Qt.Key.Key_Return)  # Daniel is still selected
    settle()
    assert "already marked present" in page.check_in.feedback.text()
    assert _marks(services, session_id)["Daniel"] == AttendanceStatus.PRESENT


def test_a_big_group_shows_everyone_and_filters(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    settle: Settle,
    group: GroupRecord,
    session_id: int,
) -> None:
    for n in range(120):
        services.roster.add_member(
            MemberDraft(first_name=f"Person{n:03d}", last_name="Example"), group_id=group.id
        )
    page = make_page(SessionTarget(group.id, TODAY, session_id))
    assert page.check_in.model.rowCount() == 120 + len(PEOPLE)
    _check_in(qtbot, page, "person077")
    settle()
    assert _marks(services, session_id)["Person077"] == AttendanceStatus.PRESENT
    assert page.check_in.model.rowCount() == 120 + len(PEOPLE)  # the filter is empty again
