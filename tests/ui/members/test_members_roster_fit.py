"""The Members page as a new facilitator met it: the filter matches what a person
searches by, not the Status column (issue 16 defect 11); a heading and one wording
for adding someone (defect 15); nothing cut off at the main window's default size
(defect 6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QHeaderView, QLabel
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import AttendanceStatus
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.frame.main_window import DEFAULT_SIZE, MainWindow
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.members.page import MembersPage
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import MemberTarget

MakePage = Callable[[], MembersPage]


@pytest.fixture
def roster(services: Services) -> None:
    grief = services.roster.create_group(GroupDraft("Grief Group"))
    services.roster.add_member(MemberDraft("Zoë", "Adeyemi"), group_id=grief.id)
    services.roster.add_member(
        MemberDraft("Otto", "Fink", date_joined=dt.date(2026, 3, 2)), group_id=grief.id
    )
    services.roster.add_member(MemberDraft("Björn", "Lund", preferred_name="Bo"))


@pytest.fixture
def make_page(
    qtbot: QtBot, backend: Backend, privacy: Privacy, settle: Callable[[], None]
) -> MakePage:
    def make() -> MembersPage:
        page = MembersPage(backend, privacy)
        qtbot.addWidget(page)
        page.resize(1100, 680)
        page.show()
        page.activate()
        settle()
        return page

    return make


def _listed(page: MembersPage, text: str) -> list[str]:
    page.filter.setText(text)
    return sorted(r.first_name for r in page.proxy.records())


def test_the_filter_does_not_match_the_status_column(make_page: MakePage, roster: None) -> None:
    """issue 16 defect 11: "a" lists only people whose name or group has an "a", not
    everyone whose status reads "Active"; the status words and dates find no one."""
    page = make_page()
    assert _listed(page, "") == ["Björn", "Otto", "Zoë"]  # all three are Active
    assert _listed(page, "a") == ["Zoë"]  # Adeyemi; Otto Fink and Björn "Bo" Lund have none
    assert _listed(page, "active") == []
    assert _listed(page, "mar") == []  # Otto joined in March: the date is not searched


def test_the_filter_still_finds_names_and_groups_ignoring_case_and_accents(
    make_page: MakePage, roster: None
) -> None:
    """issue 16 defect 11: names (first, last, preferred) and group names, folded."""
    page = make_page()
    assert _listed(page, "ZOE") == ["Zoë"]
    assert _listed(page, "bjorn") == ["Björn"]
    assert _listed(page, "bo lund") == ["Björn"]  # the preferred name
    assert _listed(page, "FINK") == ["Otto"]
    assert _listed(page, "grief") == ["Otto", "Zoë"]


def test_the_page_has_a_heading_and_adds_a_new_member(make_page: MakePage) -> None:
    """issue 16 defect 15: a heading like the other pages; "New member…" as elsewhere."""
    page = make_page()
    headings = [label.text() for label in page.findChildren(QLabel)]
    assert "Members" in headings
    assert page.new_button.text().replace("&", "") == "New member…"


# -- at the main window's default size (defect 6) ---------------------------------------
LONG_GROUP = "Winter Wellbeing Course"
GROUPS = ("Sunday Evening Circle", "Family & Friends", LONG_GROUP)
LONG_NAME = ("Alexandra", "Montgomery-Hill")  # 25 characters; a longer name elides


@pytest.fixture
def busy(services: Services) -> int:
    """A person with a long name in three groups (one with a long name), marks in each,
    a consent and a follow-up; and others to fill the list."""
    groups = [services.roster.create_group(GroupDraft(name)) for name in GROUPS]
    person = services.roster.add_member(
        MemberDraft(*LONG_NAME, date_joined=dt.date(2026, 1, 5)), group_id=groups[0].id
    )
    for group in groups[1:]:
        services.roster.join_group(person.id, group.id)
    for week in range(6):
        for group in groups:
            session = services.schedule.open_session(
                group.id, dt.date(2026, 9, 1) + dt.timedelta(weeks=week, days=group.id)
            )
            services.attendance.mark(session.id, person.id, AttendanceStatus.PRESENT)
    for first in ("Sam", "Priya", "Tomasz"):
        services.roster.add_member(MemberDraft(first, "Okafor"), group_id=groups[1].id)
    services.follow_ups.add("Call about the housing referral", member_id=person.id)
    return person.id


@pytest.fixture
def window(
    qtbot: QtBot,
    backend: Backend,
    privacy: Privacy,
    messages: RecordingMessages,
    tmp_path: Path,
    settle: Callable[[], None],
) -> MainWindow:
    """The main window at its default size, on the Members page."""
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    main = MainWindow(settings, messages, backend, privacy)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    assert (main.width(), main.height()) == DEFAULT_SIZE
    return main


def _members(window: MainWindow, settle: Callable[[], None], member_id: int) -> MembersPage:
    page = window.show_page("members")
    assert isinstance(page, MembersPage)
    settle()
    page.go_to(MemberTarget(member_id))
    settle()
    return page


def test_the_members_list_fits_its_side_at_the_default_size(
    window: MainWindow, busy: int, settle: Callable[[], None]
) -> None:
    """issue 16 defect 6: the list needs no sideways scrolling, every name fits its
    column, and the Groups column stretches (eliding, whole in its tooltip)."""
    page = _members(window, settle, busy)
    table = page.table
    header = table.horizontalHeader()
    shown = [c for c in range(header.count()) if not table.isColumnHidden(c)]
    assert sum(header.sectionSize(c) for c in shown) <= table.viewport().width()
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch
    metrics = table.fontMetrics()
    for row in range(page.proxy.rowCount()):
        name = page.proxy.index(row, 0)
        assert metrics.horizontalAdvance(name.data()) < header.sectionSize(0), name.data()
        assert name.data(Qt.ItemDataRole.ToolTipRole) == name.data()
        groups = page.proxy.index(row, 1)
        assert groups.data(Qt.ItemDataRole.ToolTipRole) == groups.data()


def test_every_tab_of_a_person_is_in_view_at_the_default_size(
    window: MainWindow, busy: int, settle: Callable[[], None]
) -> None:
    """issue 16 defect 6: the Follow-ups tab (and Overview) not hidden behind arrows."""
    page = _members(window, settle, busy)
    bar = page.person.tabs.tabBar()
    assert page.person.tabs.usesScrollButtons()  # only for a window narrower than this
    for index in range(bar.count()):
        rect = bar.tabRect(index)
        assert rect.left() >= 0 and rect.right() < bar.width(), bar.tabText(index)
        text = bar.tabText(index)
        assert bar.fontMetrics().horizontalAdvance(text) < rect.width(), text


def test_the_attendance_strips_show_whole_group_names(
    window: MainWindow, busy: int, settle: Callable[[], None]
) -> None:
    """issue 16 defect 6: "Winter Wellbeing Course", not "Winter Wellbei…"."""
    page = _members(window, settle, busy)
    grid = page.person.overview.grid
    assert grid.isVisible()
    metrics = grid.fontMetrics()
    for row in range(3):  # each group's strip: the names' room is the same on every row
        for name in GROUPS:
            assert metrics.horizontalAdvance(name) <= grid.name_rect(row).width(), name
    assert grid.height() >= grid.sizeHint().height()


def test_the_consent_note_field_is_wide_enough_to_read(
    window: MainWindow, busy: int, settle: Callable[[], None]
) -> None:
    """issue 16 defect 6: the consent note field shows its hint whole, not "e.g. s…"."""
    page = _members(window, settle, busy)
    person = page.person
    person.tabs.setCurrentWidget(person.consents)
    settle()
    edit = person.consents.note_edit
    hint = edit.placeholderText()
    assert edit.fontMetrics().horizontalAdvance(hint) + 16 < edit.width()
