"""The Members page on a real vault: the list, the filter, and a person's page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import QAbstractItemModel, QDate, QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel, QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import (
    AttendanceStatus,
    ConsentKind,
    GroupRecord,
    MemberRecord,
    MemberStatus,
    Priority,
)
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.members.attendance_grid import summary_text
from facilitator.ui.members.page import MembersPage
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import GroupTarget, MemberTarget, SessionTarget

TODAY = dt.date(2026, 11, 24)
MakePage = Callable[[], MembersPage]
PHONE = "07700 900123"
EMAIL = "sam.taylor@example.org"
SECRET = "Finding evenings hard since the move"


@dataclass
class World:
    group: GroupRecord
    other: GroupRecord
    sam: MemberRecord
    zoe: MemberRecord
    gone: MemberRecord


@pytest.fixture
def world(services: Services) -> World:
    roster = services.roster
    group = roster.create_group(GroupDraft("Tuesday Circle"))
    other = roster.create_group(GroupDraft("Grief Group"))
    sam = roster.add_member(
        MemberDraft(
            "Samuel",
            "Taylor",
            preferred_name="Sam",
            pronouns="he/him",
            phone=PHONE,
            email=EMAIL,
            emergency_contact="Jo Taylor 07700 900456",
            date_joined=dt.date(2026, 8, 1),
            notes=SECRET,
        ),
        group_id=group.id,
    )
    zoe = roster.add_member(MemberDraft("Zoë", "Adeyemi"), group_id=other.id)
    gone = roster.add_member(MemberDraft("Gwen", "Archer"))
    roster.set_status(gone.id, MemberStatus.LEFT)
    return World(group, other, sam, zoe, gone)


@pytest.fixture
def make_page(
    qtbot: QtBot, backend: Backend, privacy: Privacy, settle: Callable[[], None]
) -> MakePage:
    """The Members page, shown and read; called once the test has arranged its data."""

    def make() -> MembersPage:
        page = MembersPage(backend, privacy)
        qtbot.addWidget(page)
        page.resize(1100, 680)
        page.show()
        page.activate()
        settle()
        return page

    return make


def _names(page: MembersPage) -> list[str]:
    return [page.privacy.member(r) for r in page.proxy.records()]


def _cells(model: QAbstractItemModel) -> list[list[str]]:
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _choose(page: MembersPage, member: MemberRecord, settle: Callable[[], None]) -> None:
    page.go_to(MemberTarget(member.id))
    settle()
    assert page.person.data is not None and page.person.data.member.id == member.id


def _on_screen(page: MembersPage) -> str:
    """Every text the page shows: labels, tables (all tabs), window titles."""
    texts = [label.text() for label in page.findChildren(QLabel)]
    person = page.person
    for model in (
        page.model,
        person.groups.model,
        person.consents.model,
        person.milestones.model,
        person.notes.model,
        person.follow_ups.model,
    ):
        texts += [cell for row in _cells(model) for cell in row]
    texts.append(person.notes.editor.text_edit.toPlainText() if not page.privacy.on else "")
    return "\n".join(texts)


def test_the_list_shows_everyone_current_with_their_groups(
    make_page: MakePage, world: World
) -> None:
    page = make_page()
    assert _cells(page.proxy)[0][:3] == ["Sam Taylor", "Tuesday Circle", "Active"]
    assert _names(page) == ["Sam Taylor", "Zoë Adeyemi"]  # archived Gwen hidden
    assert page.count.text() == "2 of 3 members"
    page.status_box.setCurrentIndex(page.status_box.findData("archived"))
    assert _names(page) == ["Gwen Archer"]
    page.status_box.setCurrentIndex(page.status_box.findData("all"))
    assert _names(page) == ["Gwen Archer", "Sam Taylor", "Zoë Adeyemi"]
    assert page.count.text() == "3 members"


def test_typing_zoe_finds_zoe_with_the_diaeresis(
    qtbot: QtBot, make_page: MakePage, world: World, settle: Callable[[], None]
) -> None:
    page = make_page()
    assert page.focus_filter()
    qtbot.waitUntil(page.filter.hasFocus)
    qtbot.keyClicks(page.filter, "zoe")
    assert _names(page) == ["Zoë Adeyemi"]
    qtbot.keyClick(page.filter, Qt.Key.Key_Return)  # Enter shows the first one found
    settle()
    assert page.person.name.text() == "Zoë Adeyemi"
    page.filter.clear()
    qtbot.keyClicks(page.filter, "grief")  # a group's name finds its members
    assert _names(page) == ["Zoë Adeyemi"]


def test_ctrl_n_adds_a_newcomer_with_a_first_name_alone(
    qtbot: QtBot, make_page: MakePage, services: Services, world: World, settle: Callable[[], None]
) -> None:
    page = make_page()
    changes: list[object] = []
    page.changed.connect(lambda: changes.append(True))
    assert page.new_item()
    dialog = page.editor
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.first_name, "Rowan")
    qtbot.keyClick(dialog.first_name, Qt.Key.Key_Return)
    settle()
    stored = [m for m in services.roster.members() if m.first_name == "Rowan"]
    assert len(stored) == 1 and stored[0].last_name == ""
    assert "Rowan" in _names(page)
    assert page.selected_row() is not None and page.selected_row().id == stored[0].id  # type: ignore[union-attr]
    assert page.person.name.text() == "Rowan"
    assert changes


def test_a_bad_email_keeps_the_dialog_open_with_what_was_typed(
    qtbot: QtBot, make_page: MakePage, services: Services, world: World, settle: Callable[[], None]
) -> None:
    page = make_page()
    page.new_item()
    dialog = page.editor
    assert dialog is not None
    qtbot.keyClicks(dialog.first_name, "Rowan")
    qtbot.keyClicks(dialog.email, "rowan@nowhere")
    dialog.save_button.click()
    settle()
    assert dialog.isVisible()
    assert "e-mail address is not valid" in dialog.problem.text()
    assert (dialog.first_name.text(), dialog.email.text()) == ("Rowan", "rowan@nowhere")
    assert "Rowan" not in [m.first_name for m in services.roster.members()]


def test_edit_from_the_persons_page(
    qtbot: QtBot, make_page: MakePage, services: Services, world: World, settle: Callable[[], None]
) -> None:
    page = make_page()
    _choose(page, world.zoe, settle)
    page.person.edit_button.click()
    dialog = page.person.editor
    assert dialog is not None and dialog.first_name.text() == "Zoë"
    dialog.pronouns.clear()
    qtbot.keyClicks(dialog.pronouns, "she/her")
    qtbot.keyClicks(dialog.last_name, "-Okoro")
    dialog.save_button.click()
    settle()
    stored = services.roster.member(world.zoe.id)
    assert (stored.last_name, stored.pronouns) == ("Adeyemi-Okoro", "she/her")
    assert page.person.name.text() == "Zoë Adeyemi-Okoro"
    assert page.person.byline.text().startswith("she/her")
    assert "Zoë Adeyemi-Okoro" in _names(page)  # the list follows


def test_the_persons_page_shows_what_the_vault_holds(
    qtbot: QtBot, make_page: MakePage, services: Services, world: World, settle: Callable[[], None]
) -> None:
    roster, sam = services.roster, world.sam
    roster.record_consent(sam.id, ConsentKind.CONTACT_PHONE, recorded_on=dt.date(2026, 8, 1))
    roster.record_consent(sam.id, ConsentKind.CONTACT_EMAIL, given=False)
    roster.add_milestone(sam.id, "One year", dt.date(2025, 11, 2))
    roster.join_group(sam.id, world.other.id, dt.date(2026, 9, 1))
    roster.leave_group(sam.id, world.other.id, dt.date(2026, 10, 1))
    marks = [
        AttendanceStatus.PRESENT,
        AttendanceStatus.LATE,
        AttendanceStatus.ABSENT,
        None,
        AttendanceStatus.EXCUSED,
        AttendanceStatus.PRESENT,
    ]
    for week, mark in enumerate(marks):
        session = services.schedule.open_session(
            world.group.id, dt.date(2026, 10, 13) + dt.timedelta(weeks=week)
        )
        if mark is not None:
            services.attendance.mark(session.id, sam.id, mark)  # type: ignore[arg-type]
    services.notes.add("Talked about the new job", member_id=sam.id)
    services.follow_ups.add("Call about the housing referral", member_id=sam.id)

    page = make_page()
    _choose(page, sam, settle)
    person = page.person
    assert person.name.text() == "Sam Taylor"
    assert person.byline.text() == "he/him \N{MIDDLE DOT} Active"
    overview = person.overview.values
    assert overview["phone"].text() == PHONE
    assert overview["email"].text() == EMAIL
    assert overview["groups"].text() == (
        f'<a href="group:{world.group.id}">Tuesday Circle</a>'  # a link to the group's page
    )
    went: list[object] = []
    page.navigate.connect(went.append)
    overview["groups"].linkActivated.emit(f"group:{world.group.id}")
    assert went == [GroupTarget(world.group.id)]
    assert overview["consents"].text() == "Phone calls"
    assert overview["notes"].text() == SECRET
    history = services.attendance.history(sam.id)
    assert person.overview.summary.text() == summary_text(history)
    assert person.overview.summary.text() == (
        "Tuesday Circle: came to 3 of the last 6 sessions (1 late, 1 excused, 1 not marked)."
    )
    assert person.overview.grid.accessibleDescription() == summary_text(history)

    titles = [person.tabs.tabText(i) for i in range(person.tabs.count())]
    assert titles == [
        "Overview",
        "Groups (1)",
        "Consents (1)",
        "Milestones (1)",
        "Notes (1)",
        "Follow-ups (1 open)",
    ]
    assert [row[:3] for row in _cells(person.groups.model)] == [
        ["Tuesday Circle", "1 Aug 2026", "Current member"],
        ["Grief Group", "1 Sep 2026", "1 Oct 2026"],
    ]
    consents = {row[0]: row[1:3] for row in _cells(person.consents.model)}
    assert consents == {"Phone calls": ["Agreed", "Yes"], "E-mails": ["Declined", "No"]}
    assert _cells(person.milestones.model) == [["2 Nov 2025", "One year", "Yes"]]
    assert _cells(person.notes.model)[0][1] == "Talked about the new job"
    qtbot.waitUntil(lambda: person.notes.editor.ready)
    assert person.notes.editor.text() == "Talked about the new job"
    assert _cells(person.follow_ups.model)[0][1:] == [
        "Call about the housing referral",
        "Normal",
        "Open",
    ]


def test_consents_are_recorded_and_revoked(
    qtbot: QtBot, make_page: MakePage, services: Services, world: World, settle: Callable[[], None]
) -> None:
    page = make_page()
    _choose(page, world.sam, settle)
    panel = page.person.consents
    page.person.tabs.setCurrentWidget(panel)
    panel.kind_box.setCurrentIndex(panel.kind_box.findData(ConsentKind.CONTACT_TEXT))
    qtbot.keyClicks(panel.note_edit, "said so at the door")
    qtbot.keyClick(panel.note_edit, Qt.Key.Key_Return)
    settle()
    (stored,) = services.roster.consents(world.sam.id)
    assert (stored.kind, stored.in_force, stored.note) == (
        ConsentKind.CONTACT_TEXT,
        True,
        "said so at the door",
    )
    assert panel.note_edit.text() == ""
    assert _cells(panel.model)[0][:3] == ["Text messages", "Agreed", "Yes"]
    assert page.person.tabs.tabText(2) == "Consents (1)"

    panel.table.selectRow(0)
    assert panel.revoke_button.isEnabled()
    panel.revoke_button.click()
    settle()
    (revoked,) = services.roster.consents(world.sam.id)
    assert not revoked.in_force and revoked.revoked_on == TODAY
    assert _cells(panel.model)[0][2:5] == ["No", "24 Nov 2026", "24 Nov 2026"]
    assert page.person.overview.values["consents"].text() == "Nothing yet"


def test_a_milestone_is_added_and_removed(
    qtbot: QtBot,
    make_page: MakePage,
    services: Services,
    messages: RecordingMessages,
    world: World,
    settle: Callable[[], None],
) -> None:
    page = make_page()
    _choose(page, world.sam, settle)
    panel = page.person.milestones
    page.person.tabs.setCurrentWidget(panel)
    assert panel.date_edit.date() == QDate(2026, 11, 24)  # the services' today
    panel.add_button.click()  # no label: refused inline, nothing stored
    settle()
    assert panel.problem.isVisible() and "milestone is empty" in panel.problem.text()
    qtbot.keyClicks(panel.label_edit, "Six months")
    panel.date_edit.setDate(QDate(2026, 5, 24))
    panel.shared_box.setChecked(False)
    qtbot.keyClick(panel.label_edit, Qt.Key.Key_Return)
    settle()
    (stored,) = services.roster.milestones(world.sam.id)
    assert (stored.label, stored.date, stored.shared) == ("Six months", dt.date(2026, 5, 24), False)
    assert _cells(panel.model) == [["24 May 2026", "Six months", "No"]]
    assert not panel.problem.isVisible()

    panel.table.selectRow(0)
    messages.confirm_answer = False
    panel.remove_button.click()
    settle()
    assert services.roster.milestones(world.sam.id) == [stored]
    messages.confirm_answer = True
    panel.remove_button.click()
    settle()
    assert services.roster.milestones(world.sam.id) == []
    assert panel.model.rowCount() == 0


def test_join_leave_and_open_a_group(
    make_page: MakePage, services: Services, world: World, settle: Callable[[], None]
) -> None:
    page = make_page()
    went: list[object] = []
    page.navigate.connect(went.append)
    _choose(page, world.sam, settle)
    panel = page.person.groups
    page.person.tabs.setCurrentWidget(panel)
    assert [panel.join_box.itemText(i) for i in range(panel.join_box.count())] == ["Grief Group"]
    panel.join_button.click()
    settle()
    current = {m.group_name for m in services.roster.memberships(world.sam.id) if m.current}
    assert current == {"Tuesday Circle", "Grief Group"}
    assert page.model.row(page.model.find(lambda r: r.id == world.sam.id)).groups == (
        "Grief Group",
        "Tuesday Circle",
    )
    panel.table.selectRow(0)
    chosen = panel.selected()
    panel.open_button.click()
    assert went == [GroupTarget(chosen.group_id)]
    panel.leave_button.click()  # confirmed by the recorder
    settle()
    left = [m for m in services.roster.memberships(world.sam.id) if m.group_id == chosen.group_id]
    assert left[0].left_on == TODAY


def test_archive_and_reactivate_ask_first(
    make_page: MakePage,
    services: Services,
    messages: RecordingMessages,
    world: World,
    settle: Callable[[], None],
) -> None:
    page = make_page()
    _choose(page, world.zoe, settle)
    messages.confirm_answer = False
    page.person.archive_button.click()
    settle()
    assert services.roster.member(world.zoe.id).status == MemberStatus.ACTIVE
    messages.confirm_answer = True
    page.person.archive_button.click()
    settle()
    assert services.roster.member(world.zoe.id).status == MemberStatus.LEFT
    assert "Zoë Adeyemi" not in _names(page)  # the current list no longer shows her
    assert page.person.name.text() == "Zoë Adeyemi"  # her page stays open
    assert page.person.archive_button.text() == "&Reactivate…"
    page.person.archive_button.click()
    settle()
    assert services.roster.member(world.zoe.id).status == MemberStatus.ACTIVE
    assert "Zoë Adeyemi" in _names(page)
    assert [kind for kind, _ in messages.shown] == ["confirm", "confirm", "confirm"]


def test_follow_ups_are_marked_done_and_reopened(
    make_page: MakePage, services: Services, world: World, settle: Callable[[], None]
) -> None:
    follow_up = services.follow_ups.add(
        "Send the leaflet", member_id=world.sam.id, priority=Priority.HIGH
    )
    page = make_page()
    _choose(page, world.sam, settle)
    panel = page.person.follow_ups
    page.person.tabs.setCurrentWidget(panel)
    panel.table.selectRow(0)
    panel.done_button.click()
    settle()
    assert services.follow_ups.find(member_id=world.sam.id) == []  # no open ones left
    assert _cells(panel.model)[0][3] == "Done 24 Nov 2026"
    panel.table.selectRow(0)
    assert panel.done_button.text() == "Re&open"
    panel.done_button.click()
    settle()
    assert [f.id for f in services.follow_ups.find(member_id=world.sam.id)] == [follow_up.id]
    panel.new_button.click()
    assert panel.dialog is not None and panel.dialog.isVisible()
    panel.dialog.close()


def test_a_note_typed_on_the_persons_page_is_stored(
    qtbot: QtBot, make_page: MakePage, services: Services, world: World, settle: Callable[[], None]
) -> None:
    services.notes.add("An older note", member_id=world.sam.id)
    page = make_page()
    _choose(page, world.sam, settle)
    notes = page.person.notes
    page.person.tabs.setCurrentWidget(notes)
    qtbot.waitUntil(lambda: notes.editor.ready)
    notes.new_button.click()
    settle()
    qtbot.waitUntil(lambda: notes.editor.ready and notes.editor.note_id is not None)
    assert notes.editor.text() == ""
    qtbot.keyClicks(notes.editor.text_edit, "Seemed brighter")
    page.flush()
    settle()
    bodies = [n.body for n in services.notes.for_member(world.sam.id)]
    assert bodies == ["Seemed brighter", "An older note"]
    assert [row[1] for row in _cells(notes.model)] == ["Seemed brighter", "An older note"]


def test_an_older_note_chosen_from_the_list_opens_to_read_and_correct(
    qtbot: QtBot, make_page: MakePage, services: Services, world: World, settle: Callable[[], None]
) -> None:
    older = services.notes.add("First evening: quiet", member_id=world.sam.id)
    services.notes.add("Talked about the new job", member_id=world.sam.id)
    page = make_page()
    _choose(page, world.sam, settle)
    notes = page.person.notes
    page.person.tabs.setCurrentWidget(notes)
    qtbot.waitUntil(lambda: notes.editor.ready)
    assert notes.editor.text() == "Talked about the new job"  # the latest, as always

    def click(body: str) -> None:
        row = [notes.proxy.index(r, 1).data() for r in range(notes.proxy.rowCount())].index(body)
        rect = notes.table.visualRect(notes.proxy.index(row, 1))
        qtbot.mouseClick(notes.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        settle()
        qtbot.waitUntil(lambda: notes.editor.ready)

    click("First evening: quiet")
    assert notes.editor.text() == "First evening: quiet"
    assert notes.editor.heading.text().replace("&", "").startswith("Note written ")
    notes.editor.text_edit.moveCursor(notes.editor.text_edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(notes.editor.text_edit, "; asked for the leaflet")
    page.flush()
    settle()
    stored = {n.id: n.body for n in services.notes.for_member(world.sam.id)}
    assert stored[older.id] == "First evening: quiet; asked for the leaflet"
    assert sorted(stored.values()) == [
        "First evening: quiet; asked for the leaflet",
        "Talked about the new job",  # untouched
    ]
    assert [row[1] for row in _cells(notes.model)] == [
        "Talked about the new job",
        "First evening: quiet; asked for the leaflet",
    ]
    click("Talked about the new job")  # back to the latest, under its usual heading
    assert notes.editor.text() == "Talked about the new job"
    assert notes.editor.heading.text().replace("&", "") == "Note about this person"


def test_the_privacy_screen_hides_contact_details_and_notes(
    qtbot: QtBot,
    make_page: MakePage,
    privacy: Privacy,
    services: Services,
    world: World,
    settle: Callable[[], None],
) -> None:
    services.notes.add("Talked about the new job", member_id=world.sam.id)
    page = make_page()
    _choose(page, world.sam, settle)
    qtbot.waitUntil(lambda: page.person.notes.editor.ready)
    shown = _on_screen(page)
    for private in (PHONE, EMAIL, SECRET, "Talked about the new job", "Sam Taylor"):
        assert private in shown  # the check below can fail
    privacy.set_on(True)
    shown = _on_screen(page)
    for private in (PHONE, EMAIL, SECRET, "Talked about the new job", "Sam Taylor", "Zoë Adeyemi"):
        assert private not in shown
    assert page.person.name.text() == "Sam T."
    assert "Zoë A." in _names(page)
    assert page.person.notes.editor.stack.currentWidget() is page.person.notes.editor.hidden_label
    privacy.set_on(False)
    assert page.person.overview.values["phone"].text() == PHONE


def test_the_privacy_screen_shows_each_persons_usual_short_name_in_the_list(
    make_page: MakePage, privacy: Privacy, services: Services, world: World
) -> None:
    ada = services.roster.add_member(MemberDraft("Ada"))  # a first name alone
    mary = services.roster.add_member(MemberDraft("Mary Ann", "de la Cruz"))
    people = [services.roster.member(p.id) for p in (world.sam, world.zoe, world.gone, ada, mary)]
    page = make_page()
    page.status_box.setCurrentIndex(page.status_box.findData("all"))

    def listed() -> list[str]:
        return [row[0] for row in _cells(page.proxy)]

    assert sorted(listed()) == sorted(p.display_name for p in people)
    privacy.set_on(True)
    # the names the rest of the app shows (MemberRecord.short_name), in their order
    assert listed() == ["Ada", "Gwen A.", "Mary Ann d.", "Sam T.", "Zoë A."]
    assert sorted(listed()) == sorted(p.short_name for p in people)
    privacy.set_on(False)
    assert listed() == [
        "Ada",
        "Gwen Archer",
        "Mary Ann de la Cruz",
        "Sam Taylor",
        "Zoë Adeyemi",
    ]


def test_go_to_shows_a_person_the_filter_hid(
    qtbot: QtBot, make_page: MakePage, world: World, settle: Callable[[], None]
) -> None:
    page = make_page()
    qtbot.keyClicks(page.filter, "zoe")
    assert page.go_to(MemberTarget(world.sam.id))
    settle()
    assert page.filter.text() == ""
    assert page.selected_row() is not None and page.selected_row().id == world.sam.id  # type: ignore[union-attr]
    assert page.person.name.text() == "Sam Taylor"
    # an archived person: the status box opens up to everyone
    assert page.go_to(MemberTarget(world.gone.id))
    settle()
    assert page.status_box.currentData() == "all"
    assert page.selected_row().id == world.gone.id  # type: ignore[union-attr]
    assert page.person.archive_button.text() == "&Reactivate…"
    assert not page.go_to(GroupTarget(world.group.id))


def test_a_session_in_the_grid_opens_its_check_in(
    qtbot: QtBot, make_page: MakePage, services: Services, world: World, settle: Callable[[], None]
) -> None:
    session = services.schedule.open_session(world.group.id, dt.date(2026, 11, 17))
    services.attendance.mark(session.id, world.sam.id, AttendanceStatus.PRESENT)  # type: ignore[arg-type]
    page = make_page()
    went: list[object] = []
    page.navigate.connect(went.append)
    _choose(page, world.sam, settle)
    grid = page.person.overview.grid
    grid.setFocus()
    qtbot.waitUntil(grid.hasFocus)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert went == [SessionTarget(world.group.id, dt.date(2026, 11, 17), session.id)]


def test_an_empty_vault_says_how_to_begin(make_page: MakePage) -> None:
    page = make_page()
    assert "No members yet" in page.person.message.text()
    assert page.count.text() == "0 members"


def test_every_control_has_an_accessible_name(
    make_page: MakePage, world: World, settle: Callable[[], None]
) -> None:
    page = make_page()
    _choose(page, world.sam, settle)
    unnamed: list[str] = []
    for index in range(page.person.tabs.count()):
        page.person.tabs.setCurrentIndex(index)
        for w in page.findChildren(QWidget):
            if (
                w.isVisible()
                and w.focusPolicy() != Qt.FocusPolicy.NoFocus
                and not w.accessibleName()
                and not isinstance(w.parent(), QAbstractItemView)  # viewports
                and type(w.parent()).__name__ not in ("QComboBox", "QDateEdit", "QTabBar")
                and type(w).__name__ not in ("QTabBar", "QSplitterHandle")
            ):
                unnamed.append(f"{type(w).__name__} on tab {index}")
    assert unnamed == []


def test_a_click_on_a_column_header_sorts_by_it(
    qtbot: QtBot, make_page: MakePage, world: World, settle: Callable[[], None]
) -> None:
    page = make_page()
    page.status_box.setCurrentIndex(page.status_box.findData("all"))
    _choose(page, world.zoe, settle)
    header = page.table.horizontalHeader()

    def click(section: int) -> None:
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        qtbot.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
        )

    click(3)  # Joined: Sam (1 Aug 2026) before the two who joined today
    assert _names(page)[0] == "Sam Taylor"
    click(3)
    assert _names(page)[-1] == "Sam Taylor"
    click(0)
    assert _names(page) == ["Gwen Archer", "Sam Taylor", "Zoë Adeyemi"]
    click(0)
    assert _names(page) == ["Zoë Adeyemi", "Sam Taylor", "Gwen Archer"]
    assert page.selected_row() is not None and page.selected_row().id == world.zoe.id  # type: ignore[union-attr]


def _mnemonics(page: MembersPage) -> list[str]:
    """The Alt+letter keys of the visible labels (with buddies) and buttons."""
    keys: list[str] = []
    for w in page.findChildren(QWidget):
        if (isinstance(w, QLabel) and w.buddy() is not None) or isinstance(w, QAbstractButton):
            text = w.text() if w.isVisible() else ""
            found = re.search(r"&([^&])", text.replace("&&", ""))
            if found:
                keys.append(found.group(1).casefold())
    return keys


def test_the_alt_keys_are_unambiguous_and_leave_the_menus_alone(
    make_page: MakePage, world: World, settle: Callable[[], None]
) -> None:
    page = make_page()
    _choose(page, world.sam, settle)
    for index in range(page.person.tabs.count()):
        page.person.tabs.setCurrentIndex(index)
        keys = _mnemonics(page)
        assert len(keys) >= 5
        assert sorted(keys) == sorted(set(keys)), f"tab {index}: {sorted(keys)}"
        assert not set(keys) & set("fevh"), f"tab {index}: a menu's key is taken"
