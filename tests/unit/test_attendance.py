"""Check-in at the door and attendance afterwards (AttendanceService)."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.app import OpenVault, Services
from facilitator.domain import AttendanceStatus, MemberStatus
from facilitator.errors import InvalidInput, NotFound
from facilitator.services._common import Clock
from facilitator.services.roster import MemberDraft

PRESENT, LATE = AttendanceStatus.PRESENT, AttendanceStatus.LATE
ABSENT, EXCUSED = AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED


def statuses(services: Services, session_id: int) -> dict[str, AttendanceStatus | None]:
    return {r.member.first_name: r.status for r in services.attendance.check_in_list(session_id)}


def test_check_in_present_then_late_with_the_arrival_time_of_the_clock(
    services: Services, opened: OpenVault, make_group, make_member
) -> None:
    group = make_group()
    sam = make_member("Sam", group=group)
    session = services.schedule.open_session(group.id)

    first = services.attendance.check_in(session.id, sam.id)
    assert first.before is None
    assert first.after is not None
    assert (first.after.status, first.after.arrived_at) == (PRESENT, dt.time(18, 30))

    later = Services.build(opened.unit_of_work, Clock.fixed(dt.datetime(2026, 11, 24, 19, 12, 45)))
    second = later.attendance.check_in(session.id, sam.id, late=True)

    assert second.before == first.after
    assert second.after is not None
    assert (second.after.status, second.after.arrived_at) == (LATE, dt.time(19, 12))
    [row] = services.attendance.check_in_list(session.id)
    assert (row.status, row.arrived_at, row.on_roster) == (LATE, dt.time(19, 12), True)
    assert services.schedule.session(session.id).present_count == 1


def test_absence_has_no_arrival_time_and_a_later_mark_keeps_the_earlier_one(
    services: Services, make_group, make_member
) -> None:
    group = make_group()
    sam = make_member("Sam", group=group)
    session = services.schedule.open_session(group.id)

    services.attendance.check_in(session.id, sam.id)
    relabelled = services.attendance.mark(session.id, sam.id, LATE)
    assert relabelled.after is not None
    assert relabelled.after.arrived_at == dt.time(18, 30)  # still the time they came in

    absent = services.attendance.mark(session.id, sam.id, ABSENT, arrived_at=dt.time(19))
    assert absent.after is not None
    assert absent.after.arrived_at is None
    assert services.schedule.session(session.id).present_count == 0


def test_undo_restores_the_previous_mark_including_no_mark(
    services: Services, make_group, make_member
) -> None:
    group = make_group()
    sam = make_member("Sam", group=group)
    session = services.schedule.open_session(group.id)

    present = services.attendance.check_in(session.id, sam.id)
    late = services.attendance.mark(session.id, sam.id, LATE, arrived_at=dt.time(19, 5))

    services.attendance.undo(late)
    [row] = services.attendance.check_in_list(session.id)
    assert (row.status, row.arrived_at) == (PRESENT, dt.time(18, 30))

    redo = services.attendance.undo(present)
    assert statuses(services, session.id) == {"Sam": None}
    assert services.schedule.session(session.id).marked_count == 0

    services.attendance.undo(redo)  # undoing the undo brings the mark back
    assert statuses(services, session.id) == {"Sam": PRESENT}


def test_clear_removes_a_mark(services: Services, make_group, make_member) -> None:
    group = make_group()
    sam = make_member("Sam", group=group)
    session = services.schedule.open_session(group.id)
    services.attendance.check_in(session.id, sam.id)

    change = services.attendance.clear(session.id, sam.id)

    assert change.before is not None
    assert change.before.status is PRESENT
    assert statuses(services, session.id) == {"Sam": None}


def test_mark_rest_marks_only_unmarked_current_active_members(
    services: Services, make_group, make_member
) -> None:
    group = make_group()
    early = dt.date(2026, 1, 1)
    alex = make_member("Alex", group=group, joined_on=early)
    make_member("Sam", group=group, joined_on=early)
    lee = make_member("Lee", group=group, joined_on=early)
    jo = make_member("Jo", group=group, joined_on=early)
    kim = make_member("Kim", group=group, joined_on=early)
    make_member("Pat", group=make_group("Other"), joined_on=early)
    services.roster.set_status(jo.id, MemberStatus.INACTIVE)
    services.roster.leave_group(kim.id, group.id, dt.date(2026, 10, 1))
    session = services.schedule.open_session(group.id)
    services.attendance.check_in(session.id, alex.id)
    services.attendance.mark(session.id, lee.id, EXCUSED)

    changes = services.attendance.mark_rest(session.id)

    assert [(c.before, c.after.status if c.after else None) for c in changes] == [(None, ABSENT)]
    assert statuses(services, session.id) == {"Alex": PRESENT, "Lee": EXCUSED, "Sam": ABSENT}
    everyone = {m.first_name for m in services.roster.members()}
    assert everyone == {"Alex", "Sam", "Lee", "Jo", "Kim", "Pat"}
    assert services.schedule.session(session.id).marked_count == 3

    services.attendance.undo_all(changes)
    assert statuses(services, session.id) == {"Alex": PRESENT, "Lee": EXCUSED, "Sam": None}


def test_mark_rest_as_excused_and_undo_all(services: Services, make_group, make_member) -> None:
    group = make_group()
    alex = make_member("Alex", group=group)
    make_member("Sam", group=group)
    make_member("Jo", group=group)
    session = services.schedule.open_session(group.id)
    services.attendance.check_in(session.id, alex.id)

    changes = services.attendance.mark_rest(session.id, EXCUSED)

    assert len(changes) == 2
    assert statuses(services, session.id) == {"Alex": PRESENT, "Jo": EXCUSED, "Sam": EXCUSED}
    assert services.attendance.mark_rest(session.id) == []  # nobody left

    services.attendance.undo_all(changes)
    assert statuses(services, session.id) == {"Alex": PRESENT, "Jo": None, "Sam": None}


def test_mark_rest_only_takes_absent_or_excused(offline: Services) -> None:
    for status in (PRESENT, LATE):
        with pytest.raises(InvalidInput, match="absent"):
            offline.attendance.mark_rest(1, status)


def test_a_newcomer_is_added_joined_and_checked_in_in_one_step(
    services: Services, make_group, make_member, today: dt.date
) -> None:
    group = make_group()
    make_member("Sam", group=group)
    session = services.schedule.open_session(group.id)

    kim, change = services.attendance.add_newcomer(session.id, MemberDraft(first_name=" Kim "))

    assert kim.first_name == "Kim"
    assert (kim.last_name, kim.phone, kim.email) == ("", "", "")
    assert kim.date_joined == today
    assert change.after is not None
    assert (change.after.status, change.after.arrived_at) == (PRESENT, dt.time(18, 30))
    roster = {e.member.first_name: e.joined_on for e in services.roster.roster(group.id)}
    assert roster == {"Kim": today, "Sam": today}
    rows = services.attendance.check_in_list(session.id)
    assert [(r.member.first_name, r.status, r.on_roster) for r in rows] == [
        ("Kim", PRESENT, True),
        ("Sam", None, True),
    ]


def test_a_late_newcomer_at_last_weeks_session_joined_that_day(
    services: Services, make_group
) -> None:
    group = make_group()
    last_week = dt.date(2026, 11, 17)
    session = services.schedule.open_session(group.id, last_week)

    kim, change = services.attendance.add_newcomer(
        session.id, MemberDraft(first_name="Kim"), late=True
    )

    assert change.after is not None
    assert change.after.status is LATE
    assert kim.date_joined == last_week
    assert [e.joined_on for e in services.roster.roster(group.id)] == [last_week]
    assert [h.status for h in services.attendance.history(kim.id)] == [LATE]


def test_a_newcomer_needs_a_first_name(offline: Services) -> None:
    with pytest.raises(InvalidInput, match="first name"):
        offline.attendance.add_newcomer(1, MemberDraft(first_name=" "))


def test_check_in_list_shows_visitors_marked_here_but_not_inactive_or_former_members(
    services: Services, make_group, make_member
) -> None:
    group = make_group()
    early = dt.date(2026, 1, 1)
    make_member("Sam", group=group, joined_on=early, last_name="Brown")
    make_member("Ann", group=group, joined_on=early, last_name="Zed")
    jo = make_member("Jo", group=group, joined_on=early)
    kim = make_member("Kim", group=group, joined_on=early)
    visitor = make_member("Pat", group=make_group("Thursday Group"))
    services.roster.set_status(jo.id, MemberStatus.INACTIVE)
    services.roster.leave_group(kim.id, group.id, dt.date(2026, 6, 1))
    session = services.schedule.open_session(group.id)

    services.attendance.check_in(session.id, visitor.id)

    rows = services.attendance.check_in_list(session.id)
    assert [(r.member.display_name, r.status, r.on_roster) for r in rows] == [
        ("Ann Zed", None, True),
        ("Pat", PRESENT, False),
        ("Sam Brown", None, True),
    ]


def test_marking_an_unknown_member_is_not_found(services: Services, make_group) -> None:
    session = services.schedule.open_session(make_group().id)
    with pytest.raises(NotFound):
        services.attendance.check_in(session.id, 999)
    with pytest.raises(NotFound):
        services.attendance.check_in(999, 1)


def test_history_lists_sessions_since_joining_newest_first(
    services: Services, make_group, make_member
) -> None:
    tuesday = make_group("Tuesday Circle")
    thursday = make_group("Thursday Group", schedule_rule="", schedule_start=None)
    monday = make_group("Monday Group", schedule_rule="", schedule_start=None)
    sam = make_member("Sam", group=tuesday, joined_on=dt.date(2026, 11, 5))
    services.roster.join_group(sam.id, monday.id, dt.date(2026, 10, 1))
    services.roster.leave_group(sam.id, monday.id, dt.date(2026, 11, 1))

    def session(group_id: int, day: int, month: int = 11) -> int:
        opened = services.schedule.open_session(group_id, dt.date(2026, month, day))
        assert opened.id is not None
        return opened.id

    before_joining = session(tuesday.id, 3)
    services.attendance.mark(before_joining, sam.id, ABSENT)  # marked, so it is listed
    nov_10 = session(tuesday.id, 10)
    services.attendance.check_in(nov_10, sam.id)
    session(tuesday.id, 17)  # not marked
    services.attendance.check_in(session(thursday.id, 19), sam.id)  # a visit
    session(thursday.id, 12)  # not theirs, not marked
    services.attendance.check_in(session(tuesday.id, 24), sam.id, late=True)
    session(monday.id, 26, month=10)  # while a member, not marked
    session(monday.id, 2)  # after leaving

    history = services.attendance.history(sam.id)

    assert [(h.group_name, h.date, h.status) for h in history] == [
        ("Tuesday Circle", dt.date(2026, 11, 24), LATE),
        ("Thursday Group", dt.date(2026, 11, 19), PRESENT),
        ("Tuesday Circle", dt.date(2026, 11, 17), None),
        ("Tuesday Circle", dt.date(2026, 11, 10), PRESENT),
        ("Tuesday Circle", dt.date(2026, 11, 3), ABSENT),
        ("Monday Group", dt.date(2026, 10, 26), None),
    ]
    assert history[1].group_id == thursday.id


def test_history_leaves_out_unmarked_sessions_before_joining(
    services: Services, make_group, make_member
) -> None:
    group = make_group()
    sam = make_member("Sam", group=group, joined_on=dt.date(2026, 11, 15))
    services.schedule.open_session(group.id, dt.date(2026, 11, 10))
    cancelled = services.schedule.cancel(
        services.schedule.open_session(group.id, dt.date(2026, 11, 17))
    )

    history = services.attendance.history(sam.id)

    assert [(h.session_id, h.cancelled, h.status) for h in history] == [(cancelled.id, True, None)]
