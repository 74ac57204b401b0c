"""The Today page from hand-made digests: no vault involved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from facilitator.domain import (
    FollowUpRecord,
    OutreachSuggestion,
    SessionRecord,
    TodayDigest,
    UpcomingMilestone,
)
from facilitator.domain.enums import ConsentKind, Priority
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import FollowUpTarget, MemberTarget, SessionTarget
from facilitator.ui.today.page import TodayPage
from facilitator.ui.today.sections import Section, SectionSpec

TODAY = dt.date(2026, 11, 24)  # a Tuesday
MakePage = Callable[[TodayDigest], TodayPage]


@pytest.fixture
def make_page(qtbot: QtBot, backend: Backend, privacy: Privacy) -> MakePage:
    """The Today page showing a digest."""

    def make(digest: TodayDigest) -> TodayPage:
        page = TodayPage(backend, privacy)
        qtbot.addWidget(page)
        page.show_digest(digest)
        page.show()
        return page

    return make


def _full_digest() -> TodayDigest:
    return TodayDigest(
        today=TODAY,
        todays_sessions=(
            SessionRecord(
                id=7,
                group_id=1,
                group_name="Tuesday Recovery Circle",
                date=TODAY,
                start_time=dt.time(18, 30),
                end_time=dt.time(20, 0),
                location="St Mark's hall",
                topic="Boundaries",
                present_count=9,
                guest_count=2,
                marked_count=11,
            ),
            SessionRecord(id=None, group_id=2, group_name="Grief Group", date=TODAY),
        ),
        upcoming_sessions=(
            SessionRecord(
                id=None,
                group_id=3,
                group_name="Family Group",
                date=TODAY + dt.timedelta(days=1),
                start_time=dt.time(19, 0),
            ),
            SessionRecord(
                id=8,
                group_id=2,
                group_name="Grief Group",
                date=TODAY + dt.timedelta(days=3),
                cancelled=True,
            ),
        ),
        overdue_follow_ups=(
            FollowUpRecord(
                id=1,
                description="Call about the housing referral",
                due_on=TODAY - dt.timedelta(days=4),
                priority=Priority.HIGH,
                member_id=5,
                member_name="Sam Okafor",
            ),
        ),
        due_soon_follow_ups=(
            FollowUpRecord(
                id=2,
                description="Book the hall for December",
                due_on=TODAY + dt.timedelta(days=1),
            ),
        ),
        outreach=(
            OutreachSuggestion(
                member_id=6,
                member_name="Priya Shah",
                group_id=1,
                group_name="Tuesday Recovery Circle",
                missed_in_a_row=4,
                last_attended=dt.date(2026, 10, 20),
                channels=(ConsentKind.CONTACT_PHONE, ConsentKind.CONTACT_EMAIL),
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


def test_every_section_shows_its_records(make_page: MakePage) -> None:
    page = make_page(_full_digest())
    rows = {key: section.row_texts() for key, section in page.sections.items()}

    today = rows["todays_sessions"]
    assert [r[1] for r in today] == ["Tuesday Recovery Circle", "Grief Group"]
    assert today[0][2:] == ["St Mark's hall", "Boundaries", "11 attended"]  # 9 + 2 guests
    assert today[1][4] == "Planned"

    assert rows["upcoming_sessions"][0][:1] == ["Tomorrow"]
    assert rows["upcoming_sessions"][0][2] == "Family Group"
    assert rows["upcoming_sessions"][1][3] == "Cancelled"

    overdue = rows["overdue_follow_ups"][0]
    assert overdue == ["4 days overdue", "Call about the housing referral", "Sam Okafor", "High"]
    assert rows["due_soon_follow_ups"][0][:2] == ["Tomorrow", "Book the hall for December"]

    outreach = rows["outreach"][0]
    assert outreach[:3] == ["Priya Shah", "Tuesday Recovery Circle", "4 in a row"]
    assert outreach[4] == "Phone call, E-mail"

    milestone = rows["milestones"][0]
    assert milestone[1:] == ["Jo Marsh", "Sober — 2 years"]

    for section in page.sections.values():
        assert section.tree.isVisible()
        assert not section.empty.isVisible()
    assert page.sections["todays_sessions"].heading.text() == "Today's sessions (2)"
    assert "2026" in page.title.text()


def test_empty_sections_say_so(make_page: MakePage) -> None:
    page = make_page(TodayDigest(today=TODAY))
    expected = {
        "todays_sessions": "No sessions today.",
        "upcoming_sessions": "No sessions in the coming week.",
        "overdue_follow_ups": "No overdue follow-ups.",
        "due_soon_follow_ups": "No follow-ups due this week.",
        "outreach": "Nobody has missed several sessions in a row.",
        "milestones": "No milestones this week.",
    }
    for key, text in expected.items():
        section = page.sections[key]
        assert section.empty.text() == text
        assert section.empty.isVisible(), key
        assert not section.tree.isVisible(), key
        assert section.row_texts() == []


def test_counts_read_as_english_without_a_translation(make_page: MakePage) -> None:
    one_day_late = FollowUpRecord(id=3, description="x", due_on=TODAY - dt.timedelta(days=1))
    page = make_page(TodayDigest(today=TODAY, overdue_follow_ups=(one_day_late,)))
    assert page.sections["overdue_follow_ups"].row_texts()[0][0] == "1 day overdue"


def test_a_new_digest_replaces_the_old_one(make_page: MakePage) -> None:
    page = make_page(_full_digest())
    page.show_digest(TodayDigest(today=TODAY + dt.timedelta(days=1)))
    assert page.sections["outreach"].row_texts() == []
    assert page.sections["outreach"].empty.isVisible()
    assert page.sections["outreach"].heading.text() == "Suggested outreach"


def test_every_control_has_an_accessible_name(make_page: MakePage) -> None:
    page = make_page(_full_digest())
    from PySide6.QtWidgets import QWidget

    unnamed = [
        type(w).__name__
        for w in page.findChildren(QWidget)
        if w.focusPolicy() != 0 and not w.accessibleName() and w.isVisible()
    ]
    assert unnamed == []


def test_every_row_leads_where_it_says(make_page: MakePage) -> None:
    page = make_page(_full_digest())
    digest = _full_digest()
    went: list[object] = []
    page.navigate.connect(went.append)
    page.sections["todays_sessions"].activate_row(0)
    page.sections["todays_sessions"].activate_row(1)
    page.sections["overdue_follow_ups"].activate_row(0)
    page.sections["outreach"].activate_row(0)
    page.sections["milestones"].activate_row(0)
    tonight = digest.todays_sessions
    assert went == [
        SessionTarget(tonight[0].group_id, TODAY, tonight[0].id),
        SessionTarget(tonight[1].group_id, TODAY, None),  # planned: opened when shown
        FollowUpTarget(digest.overdue_follow_ups[0].id, "overdue"),
        MemberTarget(digest.outreach[0].member_id),
        MemberTarget(digest.milestones[0].member_id),
    ]


def test_the_privacy_screen_shortens_every_name(make_page: MakePage, privacy: Privacy) -> None:
    page = make_page(_full_digest())
    digest = _full_digest()
    full = digest.outreach[0].member_name
    assert " " in full
    assert page.sections["outreach"].row_texts()[0][0] == full
    privacy.set_on(True)
    shown = page.sections["outreach"].row_texts()[0][0]
    assert shown == f"{full.split()[0]} {full.split()[-1][0]}."
    everything = str([s.row_texts() for s in page.sections.values()])
    for record in (*digest.overdue_follow_ups, *digest.outreach, *digest.milestones):
        assert record.member_name not in everything or " " not in record.member_name
    privacy.set_on(False)
    assert page.sections["outreach"].row_texts()[0][0] == full


def test_a_long_list_says_how_many_there_are_and_where_the_rest_are(make_page: MakePage) -> None:
    import dataclasses

    digest = dataclasses.replace(_full_digest(), overdue_total=148, outreach_total=1)
    page = make_page(digest)
    overdue = page.sections["overdue_follow_ups"]
    shown = len(digest.overdue_follow_ups)
    assert overdue.heading.text() == "Overdue follow-ups (148)"
    assert len(overdue.row_texts()) == shown
    assert overdue.more.isVisibleTo(page)
    assert overdue.more.text() == (
        f"The first {shown} of 148 — the Follow-ups page lists them all."
    )
    outreach = page.sections["outreach"]
    assert outreach.heading.text() == "Suggested outreach (1)"
    assert not outreach.more.isVisibleTo(page)


def test_outreach_names_the_worst_group_and_counts_the_others(make_page: MakePage) -> None:
    import dataclasses

    base = _full_digest()
    one = dataclasses.replace(base.outreach[0], other_groups=("Grief Group", "Family Group"))
    page = make_page(dataclasses.replace(base, outreach=(one,)))
    row = page.sections["outreach"].row_texts()[0]
    assert row[1] == "Tuesday Recovery Circle and 2 others"


def test_a_sections_columns_fit_its_new_rows_and_stay_fitted_through_resizes(
    qtbot: QtBot,
) -> None:
    """Rows are measured when they are set (not again on every resize): new, longer rows
    must still widen their column, and a narrower window still trims it."""
    spec = SectionSpec("k", "Things", "None.", ("What", "When"), main_column=0)
    section = Section(spec)
    qtbot.addWidget(section)
    section.resize(900, 300)
    section.show()
    qtbot.waitExposed(section)

    section.set_rows([["Tuesday Circle", "Tue"]])
    short = section.tree.columnWidth(1)
    section.set_rows([["Tuesday Circle", "Tuesday 24 November 2026, 19:00 to 20:30"]])
    long = section.tree.columnWidth(1)
    section.resize(300, 300)
    qtbot.waitUntil(lambda: section.tree.columnWidth(1) < long)
    section.resize(900, 300)
    qtbot.waitUntil(lambda: section.tree.columnWidth(1) == long)

    assert long > short + 100
