"""The Groups page on a real vault: the list, the roster, the sessions, archiving,
privacy and keyboard use.  The services' clock is Tuesday 24 November 2026, 18:30.

    November 2026: Tuesdays 3, 10, 17, 24; December: 1, 8, ...
"""

from __future__ import annotations

import datetime as dt
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import AttendanceStatus, GroupRecord, MemberRecord, MemberStatus
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import monthly_rule, weekly_rule
from facilitator.ui.groups.member_picker import MemberPicker
from facilitator.ui.groups.page import GroupsPage
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.table_model import RowsFilter, RowsModel
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import GroupTarget, MemberTarget, SessionTarget

TONIGHT = dt.date(2026, 11, 24)
Settle = Callable[[], None]
MakePage = Callable[[], GroupsPage]


@dataclass
class Vault:
    circle: GroupRecord  # Tuesday Circle: weekly on Tuesdays from 3 Nov 2026
    grief: GroupRecord  # Grief Group: the first Monday of the month
    sam: MemberRecord
    priya: MemberRecord
    jo: MemberRecord
    alex: MemberRecord  # in no group


@pytest.fixture
def vault(services: Services) -> Vault:
    roster = services.roster
    circle = roster.create_group(
        GroupDraft(
            name="Tuesday Circle",
            schedule_rule=weekly_rule(1),
            schedule_start=dt.date(2026, 11, 3),
            start_time=dt.time(19, 0),
            end_time=dt.time(20, 30),
            location="St Mark's hall",
            facilitator="Robin Ellis",
        )
    )
    grief = roster.create_group(
        GroupDraft(
            name="Grief Group",
            schedule_rule=monthly_rule(0, 1),
            schedule_start=dt.date(2026, 1, 5),
        )
    )

    def member(first: str, last: str, phone: str, joined: dt.date, *groups: int) -> MemberRecord:
        made = roster.add_member(MemberDraft(first_name=first, last_name=last, phone=phone))
        for group_id in groups:
            roster.join_group(made.id, group_id, joined)
        return made

    return Vault(
        circle=circle,
        grief=grief,
        sam=member("Sam", "Taylor", "07700 900123", dt.date(2026, 3, 2), circle.id, grief.id),
        priya=member("Priya", "Shah", "07700 900456", dt.date(2025, 9, 8), circle.id),
        jo=member("Jo", "Marsh", "", dt.date(2026, 11, 3), circle.id),
        alex=member("Alex", "Quinn", "07700 900789", dt.date(2026, 1, 1)),
    )


@pytest.fixture
def make_page(qtbot: QtBot, backend: Backend, privacy: Privacy, settle: Settle) -> MakePage:
    """The Groups page, shown and read; called once the test has arranged its data."""

    def make() -> GroupsPage:
        page = GroupsPage(backend, privacy)
        qtbot.addWidget(page)
        page.resize(1100, 680)
        page.show()
        page.activate()
        settle()
        return page

    return make


def _column(model: RowsFilter | RowsModel, column: int) -> list[str]:
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def _row_texts(model: RowsFilter | RowsModel) -> list[list[str]]:
    return [
        [model.data(model.index(row, c)) for c in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def _select(page: GroupsPage, name: str) -> None:
    row = _column(page.proxy, 0).index(name)
    page.list.selectRow(row)


def _select_roster_row(page: GroupsPage, name: str) -> None:
    row = _column(page.roster.proxy, 0).index(name)
    page.roster.table.selectRow(row)


# -- the list and the roster -------------------------------------------------------------
def test_the_list_shows_each_group_with_its_schedule_and_members(
    make_page: MakePage, vault: Vault, settle: Settle
) -> None:
    page = make_page()
    assert _row_texts(page.proxy) == [
        ["Grief Group", "Monthly on the first Monday", "1"],
        ["Tuesday Circle", "Every Tuesday", "3"],
    ]
    # The first group is shown, its roster read.
    assert page.title.text() == "Grief Group"
    assert _column(page.roster.proxy, 0) == ["Sam Taylor"]
    _select(page, "Tuesday Circle")
    settle()
    assert page.title.text() == "Tuesday Circle"
    assert page.subtitle.text() == "Every Tuesday, 19:00\N{EN DASH}20:30 · St Mark's hall"
    assert _row_texts(page.roster.proxy) == [
        ["Jo Marsh", "", "3 Nov 2026", "Active"],
        ["Priya Shah", "07700 900456", "8 Sep 2025", "Active"],
        ["Sam Taylor", "07700 900123", "2 Mar 2026", "Active"],
    ]
    assert page.roster.count.text() == "3 members"


def test_only_the_shown_groups_roster_is_read_and_sessions_wait_for_their_tab(
    make_page: MakePage,
    services: Services,
    vault: Vault,
    settle: Settle,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read: list[str] = []
    roster, sessions = services.roster.roster, services.schedule.group_sessions
    monkeypatch.setattr(
        services.roster, "roster", lambda *a, **k: read.append("roster") or roster(*a, **k)
    )
    monkeypatch.setattr(
        services.schedule,
        "group_sessions",
        lambda *a, **k: read.append("sessions") or sessions(*a, **k),
    )
    page = make_page()
    assert read == ["roster"]  # one group's roster; no sessions yet
    page.show_tab("sessions")
    settle()
    assert read == ["roster", "sessions"]
    page.show_tab("roster")  # already shown for this group: not read again
    settle()
    assert read == ["roster", "sessions"]


def test_the_roster_filters_as_you_type_and_sorts_by_column(
    qtbot: QtBot, make_page: MakePage, vault: Vault, settle: Settle
) -> None:
    page = make_page()
    page.go_to(GroupTarget(vault.circle.id, "roster"))
    settle()
    assert page.focus_filter() is True  # Ctrl+F
    assert page.roster.filter.hasFocus()
    qtbot.keyClicks(page.roster.filter, "sha")
    assert _column(page.roster.proxy, 0) == ["Priya Shah"]
    assert page.roster.count.text() == "Showing 1 of 3 members"
    page.roster.filter.clear()
    qtbot.keyClicks(page.roster.filter, "0123")  # part of a phone number
    assert _column(page.roster.proxy, 0) == ["Sam Taylor"]
    page.roster.filter.clear()

    header = page.roster.table.horizontalHeader()
    joined = QPoint(header.sectionViewportPosition(2) + header.sectionSize(2) // 2, 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=joined)
    assert _column(page.roster.proxy, 0) == ["Priya Shah", "Sam Taylor", "Jo Marsh"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=joined)
    assert _column(page.roster.proxy, 0) == ["Jo Marsh", "Sam Taylor", "Priya Shah"]


def test_adding_an_existing_member_with_the_keyboard(
    qtbot: QtBot, make_page: MakePage, services: Services, vault: Vault, settle: Settle
) -> None:
    page = make_page()
    changed: list[bool] = []
    page.changed.connect(lambda: changed.append(True))
    _select(page, "Tuesday Circle")
    settle()
    qtbot.mouseClick(page.roster.add_button, Qt.MouseButton.LeftButton)
    settle()
    picker = page.roster.editor
    assert isinstance(picker, MemberPicker) and picker.isVisible()
    assert _column(picker.proxy, 0) == ["Alex Quinn"]  # the only one not in the group
    qtbot.keyClicks(picker.filter, "ale")
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    settle()
    assert not picker.isVisible()
    assert [e.member.first_name for e in services.roster.roster(vault.circle.id)] == [
        "Alex",
        "Jo",
        "Priya",
        "Sam",
    ]
    assert "Alex Quinn" in _column(page.roster.proxy, 0)
    assert page.roster.selected() is not None
    assert page.roster.selected().member.id == vault.alex.id  # type: ignore[union-attr]
    assert _column(page.proxy, 2) == ["1", "4"]  # the member count, read again
    assert changed


def test_the_picker_says_so_when_nothing_matches(
    qtbot: QtBot, make_page: MakePage, vault: Vault, settle: Settle
) -> None:
    page = make_page()  # Grief Group: only Sam is in it
    page.roster.add_existing()
    settle()
    picker = page.roster.editor
    assert isinstance(picker, MemberPicker)
    assert picker.count.text() == "3 members not in this group"
    qtbot.keyClicks(picker.filter, "nobody")
    assert picker.count.text() == "Showing 0 of 3 members"
    assert not picker.ok_button.isEnabled()
    picker.reject()


def test_removing_a_member_from_the_group_asks_first(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    vault: Vault,
    settle: Settle,
    messages: RecordingMessages,
) -> None:
    page = make_page()
    _select(page, "Tuesday Circle")
    settle()
    _select_roster_row(page, "Priya Shah")
    messages.confirm_answer = False
    qtbot.mouseClick(page.roster.remove_button, Qt.MouseButton.LeftButton)
    settle()
    assert messages.shown[-1][0] == "confirm"
    assert "Take Priya Shah off the roster of Tuesday Circle?" in messages.shown[-1][1]
    assert len(services.roster.roster(vault.circle.id)) == 3  # said no: nothing changed

    messages.confirm_answer = True
    qtbot.mouseClick(page.roster.remove_button, Qt.MouseButton.LeftButton)
    settle()
    assert _column(page.roster.proxy, 0) == ["Jo Marsh", "Sam Taylor"]
    assert [e.member.first_name for e in services.roster.roster(vault.circle.id)] == ["Jo", "Sam"]
    (former,) = [
        e
        for e in services.roster.roster(vault.circle.id, include_former=True)
        if e.left_on is not None
    ]
    assert former.member.id == vault.priya.id and former.left_on == TONIGHT
    # Former members can be shown again.
    qtbot.mouseClick(page.roster.include_former, Qt.MouseButton.LeftButton)
    settle()
    assert ["Priya Shah", "07700 900456", "8 Sep 2025", "Left the group 24 Nov 2026"] in (
        _row_texts(page.roster.proxy)
    )
    _select_roster_row(page, "Priya Shah")
    assert not page.roster.remove_button.isEnabled()


def test_archiving_a_member_takes_them_off_every_roster_and_restore_brings_them_back(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    vault: Vault,
    settle: Settle,
    messages: RecordingMessages,
) -> None:
    page = make_page()
    _select(page, "Tuesday Circle")
    settle()
    _select_roster_row(page, "Sam Taylor")
    assert page.roster.archive_button.accessibleName() == "Archive member"
    qtbot.mouseClick(page.roster.archive_button, Qt.MouseButton.LeftButton)
    settle()
    assert messages.shown[-1][0] == "confirm"
    assert services.roster.member(vault.sam.id).status is MemberStatus.LEFT
    assert all(not m.current for m in services.roster.memberships(vault.sam.id))
    assert "Sam Taylor" not in _column(page.roster.proxy, 0)
    assert _column(page.proxy, 2) == ["0", "2"]

    page.roster.include_former.setChecked(True)
    settle()
    _select_roster_row(page, "Sam Taylor")
    assert page.roster.archive_button.accessibleName() == "Restore member"
    qtbot.mouseClick(page.roster.archive_button, Qt.MouseButton.LeftButton)
    settle()
    assert services.roster.member(vault.sam.id).status is MemberStatus.ACTIVE
    assert vault.sam.id in {e.member.id for e in services.roster.roster(vault.circle.id)}


class _FakeMemberDialog(QObject):
    """Stands in for facilitator.ui.editors.member_dialog.MemberDialog (its own tests cover it)."""

    saved = Signal(object)
    made: ClassVar[list[_FakeMemberDialog]] = []

    def __init__(
        self,
        backend: Backend,
        privacy: Privacy,
        parent: QWidget | None = None,
        *,
        member: MemberRecord | None = None,
        group_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.member, self.group_id, self.opened = member, group_id, False
        _FakeMemberDialog.made.append(self)

    def open(self) -> None:
        self.opened = True


@pytest.fixture
def fake_member_dialog(monkeypatch: pytest.MonkeyPatch) -> type[_FakeMemberDialog]:
    module = types.ModuleType("facilitator.ui.editors.member_dialog")
    module.MemberDialog = _FakeMemberDialog  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "facilitator.ui.editors.member_dialog", module)
    _FakeMemberDialog.made = []
    return _FakeMemberDialog


def test_new_and_edit_member_open_the_member_dialog_and_show_what_it_saved(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    vault: Vault,
    settle: Settle,
    fake_member_dialog: type[_FakeMemberDialog],
) -> None:
    page = make_page()
    _select(page, "Tuesday Circle")
    settle()
    qtbot.mouseClick(page.roster.new_button, Qt.MouseButton.LeftButton)
    (dialog,) = fake_member_dialog.made
    assert dialog.opened and dialog.group_id == vault.circle.id and dialog.member is None
    # The dialog saves a newcomer into the group, then says so.
    newcomer = services.roster.add_member(MemberDraft(first_name="Dee"), group_id=vault.circle.id)
    dialog.saved.emit(newcomer)
    settle()
    assert "Dee" in _column(page.roster.proxy, 0)
    assert page.roster.selected().member.id == newcomer.id  # type: ignore[union-attr]

    _select_roster_row(page, "Priya Shah")
    qtbot.mouseClick(page.roster.edit_button, Qt.MouseButton.LeftButton)
    edit = fake_member_dialog.made[-1]
    assert edit.member == vault.priya and edit.opened
    services.roster.update_member(vault.priya.id, MemberDraft(first_name="Priya", last_name="Ali"))
    edit.saved.emit(services.roster.member(vault.priya.id))
    settle()
    assert "Priya Ali" in _column(page.roster.proxy, 0)


def test_the_real_member_dialog_adds_a_newcomer_to_the_group(
    qtbot: QtBot, make_page: MakePage, services: Services, vault: Vault, settle: Settle
) -> None:
    page = make_page()
    _select(page, "Tuesday Circle")
    settle()
    page.roster.new_member()
    dialog = page.roster.editor
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.first_name, "Morgan")  # type: ignore[attr-defined]
    qtbot.keyClick(dialog.first_name, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    settle()
    assert "Morgan" in _column(page.roster.proxy, 0)
    assert "Morgan" in [e.member.first_name for e in services.roster.roster(vault.circle.id)]


def test_enter_or_double_click_on_a_member_opens_their_page(
    qtbot: QtBot, make_page: MakePage, vault: Vault, settle: Settle
) -> None:
    page = make_page()
    went: list[object] = []
    page.navigate.connect(went.append)
    page.go_to(GroupTarget(vault.circle.id, "roster"))
    settle()
    page.roster.table.setFocus()
    _select_roster_row(page, "Sam Taylor")
    qtbot.keyClick(page.roster.table, Qt.Key.Key_Return)
    _select_roster_row(page, "Jo Marsh")
    index = page.roster.table.currentIndex()
    page.roster.table.doubleClicked.emit(index)
    assert went == [MemberTarget(vault.sam.id), MemberTarget(vault.jo.id)]


# -- sessions ---------------------------------------------------------------------------
@pytest.fixture
def history(services: Services, vault: Vault) -> dict[str, int]:
    """3 Nov held (2 present, 1 absent, 2 guests); 10 Nov cancelled; 17 Nov opened
    without marks."""
    schedule, attendance = services.schedule, services.attendance
    held = schedule.open_session(vault.circle.id, dt.date(2026, 11, 3))
    assert held.id is not None
    attendance.mark(held.id, vault.sam.id, AttendanceStatus.PRESENT)
    attendance.mark(held.id, vault.priya.id, AttendanceStatus.LATE)
    attendance.mark(held.id, vault.jo.id, AttendanceStatus.ABSENT)
    schedule.set_guest_count(held.id, 2)
    (planned,) = schedule.planned(vault.circle, dt.date(2026, 11, 10), dt.date(2026, 11, 10))
    cancelled = schedule.cancel(planned)
    opened = schedule.open_session(vault.circle.id, dt.date(2026, 11, 17))
    return {"held": held.id, "cancelled": cancelled.id or 0, "opened": opened.id or 0}


def test_sessions_show_tonight_planned_and_the_past_with_counts(
    make_page: MakePage, vault: Vault, history: dict[str, int], settle: Settle
) -> None:
    page = make_page()
    page.go_to(GroupTarget(vault.circle.id, "sessions"))
    settle()
    assert page.tabs.currentWidget() is page.sessions
    upcoming = _row_texts(page.sessions.upcoming)
    assert upcoming[0] == ["Today, Tue 24 Nov 2026", "19:00\N{EN DASH}20:30", "", "Planned"]
    assert upcoming[1][0] == "Tue 1 Dec 2026"
    assert len(upcoming) == 9  # 24 Nov and the next eight weeks
    assert _row_texts(page.sessions.past) == [
        ["Tue 17 Nov 2026", "", "0", "0", "0", "No attendance taken"],
        ["Tue 10 Nov 2026", "", "0", "0", "0", "Cancelled"],
        ["Tue 3 Nov 2026", "", "2", "2", "3", "Held"],
    ]
    assert page.sessions.past_heading.text() == "&Past sessions (3)"
    # Tonight is selected: Enter opens its check-in.
    assert page.sessions.selected() is not None
    assert page.sessions.selected().date == TONIGHT  # type: ignore[union-attr]


def test_opening_check_in_leads_to_the_session(
    qtbot: QtBot, make_page: MakePage, vault: Vault, history: dict[str, int], settle: Settle
) -> None:
    page = make_page()
    went: list[object] = []
    page.navigate.connect(went.append)
    page.go_to(GroupTarget(vault.circle.id, "sessions"))
    settle()
    qtbot.mouseClick(page.sessions.open_button, Qt.MouseButton.LeftButton)  # tonight
    page.sessions.past_table.setFocus()
    page.sessions.past_table.selectRow(2)  # 3 Nov
    assert page.sessions.upcoming_table.selectionModel().selectedRows() == []
    qtbot.keyClick(page.sessions.past_table, Qt.Key.Key_Return)
    assert went == [
        SessionTarget(vault.circle.id, TONIGHT, None),
        SessionTarget(vault.circle.id, dt.date(2026, 11, 3), history["held"]),
    ]


def test_cancelling_a_planned_session_stores_it_and_restore_undoes_it(
    qtbot: QtBot, make_page: MakePage, services: Services, vault: Vault, settle: Settle
) -> None:
    page = make_page()
    changed: list[bool] = []
    page.changed.connect(lambda: changed.append(True))
    page.go_to(GroupTarget(vault.circle.id, "sessions"))
    settle()
    page.sessions.upcoming_table.selectRow(1)  # Tue 1 Dec, planned
    assert page.sessions.cancel_button.accessibleName() == "Cancel session"
    qtbot.mouseClick(page.sessions.cancel_button, Qt.MouseButton.LeftButton)
    settle()
    row = _row_texts(page.sessions.upcoming)[1]
    assert row[0] == "Tue 1 Dec 2026" and row[3] == "Cancelled"
    upcoming, _past = services.schedule.group_sessions(vault.circle.id)
    stored = next(s for s in upcoming if s.date == dt.date(2026, 12, 1))
    assert stored.cancelled and stored.id is not None
    assert changed
    # Still selected: the same button restores it.
    assert page.sessions.selected().date == dt.date(2026, 12, 1)  # type: ignore[union-attr]
    assert page.sessions.cancel_button.accessibleName() == "Restore session"
    qtbot.mouseClick(page.sessions.cancel_button, Qt.MouseButton.LeftButton)
    settle()
    assert _row_texts(page.sessions.upcoming)[1][3] == "Opened"
    assert not services.schedule.session(stored.id).cancelled


def test_cancelling_a_session_with_attendance_asks_first(
    make_page: MakePage,
    services: Services,
    vault: Vault,
    history: dict[str, int],
    settle: Settle,
    messages: RecordingMessages,
) -> None:
    page = make_page()
    page.go_to(GroupTarget(vault.circle.id, "sessions"))
    settle()
    page.sessions.past_table.selectRow(2)  # 3 Nov, marked
    messages.confirm_answer = False
    page.sessions.toggle_cancelled()
    settle()
    assert "Attendance was taken" in messages.shown[-1][1]
    assert not services.schedule.session(history["held"]).cancelled


def test_adding_an_extra_session(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    vault: Vault,
    history: dict[str, int],
    settle: Settle,
) -> None:
    from PySide6.QtCore import QDate

    page = make_page()
    page.go_to(GroupTarget(vault.circle.id, "sessions"))
    settle()
    qtbot.mouseClick(page.sessions.add_button, Qt.MouseButton.LeftButton)
    dialog = page.sessions.editor
    assert dialog is not None and dialog.isVisible()
    assert dialog.start_time.text() == "19:00"  # the group's times to start with
    dialog.date.setDate(QDate(2026, 11, 17))  # already has a session
    qtbot.keyClicks(dialog.topic, "Christmas planning")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle()
    assert dialog.isVisible()
    assert dialog.problem.message.startswith("The group already has a session on Tue 17 Nov")
    dialog.date.setDate(QDate(2026, 11, 28))  # a Saturday
    dialog.end_time.setText("18:00")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle()
    assert dialog.problem.message.startswith("The session ends before it starts")
    dialog.end_time.setText("21:00")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle()
    assert not dialog.isVisible()
    assert ["Sat 28 Nov 2026", "19:00\N{EN DASH}21:00", "Christmas planning", "Opened"] in (
        _row_texts(page.sessions.upcoming)
    )
    assert page.sessions.selected().date == dt.date(2026, 11, 28)  # type: ignore[union-attr]
    stored = [s for s in services.schedule.all_sessions(vault.circle.id) if s.topic]
    assert [(s.date, s.topic) for s in stored] == [(dt.date(2026, 11, 28), "Christmas planning")]


# -- archiving groups, navigation ---------------------------------------------------------
def test_archiving_a_group_hides_it_until_archived_groups_are_shown(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    vault: Vault,
    settle: Settle,
    messages: RecordingMessages,
) -> None:
    page = make_page()
    _select(page, "Tuesday Circle")
    settle()
    page.show_tab("details")
    details = page.details
    assert details.values["facilitator"].text() == "Robin Ellis"
    assert details.values["schedule"].text() == "Every Tuesday"
    assert details.values["members"].text() == "3 current members"
    qtbot.mouseClick(details.archive_button, Qt.MouseButton.LeftButton)
    settle()
    assert "Archive Tuesday Circle?" in messages.shown[-1][1]
    assert services.roster.group(vault.circle.id).archived
    assert _column(page.proxy, 0) == ["Grief Group"]

    page.show_archived.setFocus()
    qtbot.keyClick(page.show_archived, Qt.Key.Key_Space)
    settle()
    assert _column(page.proxy, 0) == ["Grief Group", "Tuesday Circle (archived)"]
    _select(page, "Tuesday Circle (archived)")
    settle()
    assert not page.roster.new_button.isEnabled()  # nothing is added to an archived group
    assert details.archive_button.accessibleName() == "Unarchive group"
    qtbot.mouseClick(details.archive_button, Qt.MouseButton.LeftButton)
    settle()
    assert not services.roster.group(vault.circle.id).archived
    assert _column(page.proxy, 0) == ["Grief Group", "Tuesday Circle"]
    assert page.title.text() == "Tuesday Circle"


def test_going_to_an_archived_group_shows_it(
    qtbot: QtBot,
    backend: Backend,
    privacy: Privacy,
    services: Services,
    vault: Vault,
    settle: Settle,
) -> None:
    services.roster.set_archived(vault.circle.id)
    page = GroupsPage(backend, privacy)
    qtbot.addWidget(page)
    page.show()
    page.activate()  # as the main window does: activate, then go_to
    page.go_to(GroupTarget(vault.circle.id, "details"))
    settle()
    assert page.show_archived.isChecked()
    assert page.group is not None and page.group.id == vault.circle.id
    assert page.tabs.currentWidget() is page.details
    assert page.details.values["state"].text().startswith("Archived")


# -- privacy, keyboard, accessibility ------------------------------------------------------
def test_the_privacy_screen_hides_phones_and_shortens_names(
    make_page: MakePage, privacy: Privacy, vault: Vault, settle: Settle
) -> None:
    page = make_page()
    page.go_to(GroupTarget(vault.circle.id, "roster"))
    settle()
    privacy.set_on(True)
    rows = _row_texts(page.roster.proxy)
    assert [r[:2] for r in rows] == [
        ["Jo M.", ""],
        ["Priya S.", "Hidden"],
        ["Sam T.", "Hidden"],
    ]
    page.show_tab("details")
    assert page.details.values["facilitator"].text() == "Robin E."
    page.show_tab("roster")
    page.roster.add_existing()
    settle()
    picker = page.roster.editor
    assert isinstance(picker, MemberPicker)
    assert _row_texts(picker.proxy) == [["Alex Q.", "Hidden", "Active"]]
    shown = str(_row_texts(page.roster.proxy)) + str(_row_texts(picker.proxy))
    for secret in ("Taylor", "Shah", "Marsh", "Quinn", "07700", "Ellis"):
        assert secret not in shown
    for label in page.findChildren(QLabel):
        assert "Taylor" not in label.text() and "07700" not in label.text()
    privacy.set_on(False)
    assert _column(page.roster.proxy, 0)[0] == "Jo Marsh"


def test_every_control_has_an_accessible_name(
    make_page: MakePage, vault: Vault, history: dict[str, int], settle: Settle
) -> None:
    page = make_page()

    def unnamed(root: QWidget) -> list[str]:
        return [
            f"{type(w).__name__} {w.objectName()}"
            for w in root.findChildren(QWidget)
            if w.isVisible()
            and w.focusPolicy() != Qt.FocusPolicy.NoFocus
            and not w.accessibleName()
            and not w.objectName().startswith("qt_")  # Qt's own parts (viewports, ...)
            and type(w).__name__ not in ("QScrollBar", "QSplitterHandle")
            and not isinstance(w.parent(), QAbstractItemView)  # a table's internal widgets
        ]

    for tab in ("roster", "sessions", "details"):
        page.show_tab(tab)
        settle()
        assert unnamed(page) == [], tab
    page.show_tab("roster")
    page.roster.add_existing()
    settle()
    assert page.roster.editor is not None
    assert unnamed(page.roster.editor) == []
    page.roster.editor.close()
    page.show_tab("sessions")
    page.sessions.add_session()
    assert page.sessions.editor is not None
    assert unnamed(page.sessions.editor) == []


def test_enter_on_a_group_goes_into_its_tab_and_ctrl_f_without_a_roster_finds_groups(
    qtbot: QtBot, make_page: MakePage, vault: Vault, settle: Settle
) -> None:
    page = make_page()
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Return)
    assert page.roster.table.hasFocus()
    page.show_tab("sessions")
    settle()
    assert page.focus_filter() is True
    assert page.group_filter.hasFocus()
    qtbot.keyClicks(page.group_filter, "tues")
    assert _column(page.proxy, 0) == ["Tuesday Circle"]
    assert page.new_item() is True
    assert page.editor is not None and page.editor.isVisible()
    page.editor.reject()


def test_each_alt_letter_leads_to_one_place_on_each_tab(
    make_page: MakePage, vault: Vault, settle: Settle
) -> None:
    from PySide6.QtWidgets import QAbstractButton

    page = make_page()
    menus = {"f", "e", "v", "h"}  # the main window's File, Edit, View, Help
    for tab in ("roster", "sessions", "details"):
        page.show_tab(tab)
        settle()
        texts = [page.tabs.tabText(i) for i in range(page.tabs.count())]
        texts += [
            w.text()
            for w in page.findChildren(QWidget)
            if isinstance(w, QLabel | QAbstractButton) and w.isVisible()
        ]
        letters = [t.split("&")[1][0].casefold() for t in texts if "&" in t.replace("&&", "")]
        assert len(letters) == len(set(letters)), (tab, sorted(letters))
        assert not menus & set(letters), tab
        assert len(letters) >= 9


def test_finding_a_group_shows_the_first_match(
    qtbot: QtBot, make_page: MakePage, vault: Vault, settle: Settle
) -> None:
    page = make_page()
    assert page.title.text() == "Grief Group"
    qtbot.keyClicks(page.group_filter, "every tues")  # words of the schedule match too
    settle()
    assert _column(page.proxy, 0) == ["Tuesday Circle"]
    assert page.title.text() == "Tuesday Circle"
    assert _column(page.roster.proxy, 0) == ["Jo Marsh", "Priya Shah", "Sam Taylor"]
    qtbot.keyClicks(page.group_filter, "xyz")
    assert page.right.currentWidget() is page.empty
    assert page.empty.text().startswith("No group matches")
