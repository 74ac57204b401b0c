"""Recurring schedules and sessions (ScheduleService and the rule helpers).

The expected dates come from the calendar, by hand:

    November 2026            December 2026
    Mo Tu We Th Fr Sa Su     Mo Tu We Th Fr Sa Su
                       1         1  2  3  4  5  6
     2  3  4  5  6  7  8      7  8  9 10 11 12 13
     9 10 11 12 13 14 15     14 15 16 17 18 19 20
    16 17 18 19 20 21 22     21 22 23 24 25 26 27
    23 24 25 26 27 28 29     28 29 30 31
    30
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from facilitator.app import Services
from facilitator.domain import AttendanceStatus, GroupRecord
from facilitator.errors import InvalidInput
from facilitator.services.roster import MemberDraft
from facilitator.services.schedule import (
    SessionDraft,
    describe_rule,
    monthly_rule,
    occurrences,
    validate_rule,
    weekly_rule,
)

NOV_1, DEC_31 = dt.date(2026, 11, 1), dt.date(2026, 12, 31)


def nov(*days: int) -> list[dt.date]:
    return [dt.date(2026, 11, d) for d in days]


def dec(*days: int) -> list[dt.date]:
    return [dt.date(2026, 12, d) for d in days]


def group_with(rule: str, start: dt.date) -> GroupRecord:
    return GroupRecord(id=1, name="G", printed_title="", schedule_rule=rule, schedule_start=start)


# -- the rule helpers (no vault) -------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "start", "expected"),
    [
        (weekly_rule(1), dt.date(2026, 11, 3), nov(3, 10, 17, 24) + dec(1, 8, 15, 22, 29)),
        (weekly_rule(1), dt.date(2026, 11, 17), nov(17, 24) + dec(1, 8, 15, 22, 29)),
        (weekly_rule(3, interval=2), dt.date(2026, 11, 5), nov(5, 19) + dec(3, 17, 31)),
        (weekly_rule(3, interval=2), dt.date(2026, 11, 12), nov(12, 26) + dec(10, 24)),
        (monthly_rule(0, 1), dt.date(2026, 11, 1), nov(2) + dec(7)),  # first Monday
        (monthly_rule(4, -1), dt.date(2026, 11, 1), nov(27) + dec(25)),  # last Friday
        (
            "FREQ=WEEKLY;BYDAY=TU,TH",
            dt.date(2026, 11, 24),
            nov(24, 26) + dec(1, 3, 8, 10, 15, 17, 22, 24, 29, 31),
        ),
        ("FREQ=WEEKLY;BYDAY=TU;COUNT=3", dt.date(2026, 11, 3), nov(3, 10, 17)),
        (
            "FREQ=WEEKLY;BYDAY=WE;UNTIL=20261209",
            dt.date(2026, 11, 3),
            nov(4, 11, 18, 25) + dec(2, 9),
        ),
    ],
)
def test_occurrences_in_november_and_december_2026(
    rule: str, start: dt.date, expected: list[dt.date]
) -> None:
    assert occurrences(group_with(rule, start), NOV_1, DEC_31) == expected


def test_occurrences_include_both_ends_of_the_range() -> None:
    group = group_with(weekly_rule(1), dt.date(2026, 11, 3))
    assert occurrences(group, dt.date(2026, 11, 10), dt.date(2026, 11, 24)) == nov(10, 17, 24)
    assert occurrences(group, dt.date(2026, 11, 11), dt.date(2026, 11, 16)) == []
    assert (
        occurrences(group, dt.date(2026, 11, 24), dt.date(2026, 11, 10)) == []
    )  # end before start


def test_no_schedule_means_no_occurrences() -> None:
    assert occurrences(group_with("", dt.date(2026, 11, 3)), NOV_1, DEC_31) == []
    no_start = GroupRecord(id=1, name="G", printed_title="", schedule_rule=weekly_rule(1))
    assert occurrences(no_start, NOV_1, DEC_31) == []


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("RRULE:freq=weekly;byday=tu", "FREQ=WEEKLY;BYDAY=TU"),
        ("  rrule: FREQ=WEEKLY; BYDAY=TU; ", "FREQ=WEEKLY;BYDAY=TU"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_validate_rule_canonicalises(typed: str | None, canonical: str) -> None:
    assert validate_rule(typed, dt.date(2026, 11, 3)) == canonical


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("", "No regular schedule"),
        (weekly_rule(1), "Every Tuesday"),
        (weekly_rule(3, interval=2), "Every other Thursday"),
        (weekly_rule(0, interval=3), "Every 3 weeks on Monday"),
        ("FREQ=WEEKLY;BYDAY=TU,TH", "Every Tuesday and Thursday"),
        (monthly_rule(0, 1), "Monthly on the first Monday"),
        (monthly_rule(2, 3), "Monthly on the third Wednesday"),
        (monthly_rule(4, -1), "Monthly on the last Friday"),
        ("FREQ=DAILY", "Daily"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "Monthly"),
    ],
)
def test_describe_rule(rule: str, text: str) -> None:
    assert describe_rule(rule) == text


def test_rule_builders() -> None:
    assert weekly_rule(1) == "FREQ=WEEKLY;BYDAY=TU"
    assert weekly_rule(6, interval=2) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU"
    assert monthly_rule(0, 1) == "FREQ=MONTHLY;BYDAY=1MO"
    for bad in (lambda: weekly_rule(7), lambda: weekly_rule(1, interval=0)):
        with pytest.raises(InvalidInput):
            bad()
    with pytest.raises(InvalidInput):
        monthly_rule(0, 5)


# -- sessions in the vault -------------------------------------------------------


def test_planned_sessions_are_merged_with_opened_ones_without_duplicates(
    services: Services, make_group, today: dt.date
) -> None:
    group = make_group()

    before = services.schedule.sessions_between(dt.date(2026, 11, 23), dt.date(2026, 12, 6))
    assert [(s.date, s.planned) for s in before] == [
        (dt.date(2026, 11, 24), True),
        (dt.date(2026, 12, 1), True),
    ]
    assert before[0].start_time == dt.time(19, 0)
    assert before[0].group_name == "Tuesday Circle"

    opened = services.schedule.open_session(group.id)

    after = services.schedule.sessions_between(dt.date(2026, 11, 23), dt.date(2026, 12, 6))
    assert [(s.date, s.id) for s in after] == [(today, opened.id), (dt.date(2026, 12, 1), None)]
    assert [s.date for s in services.schedule.planned(group, NOV_1, dt.date(2026, 12, 6))] == nov(
        3, 10, 17
    ) + dec(1)


def test_sessions_between_sorts_by_date_then_time_and_skips_archived_groups(
    services: Services, make_group
) -> None:
    early = make_group("Early", start_time=dt.time(10, 0), end_time=dt.time(11, 0))
    late = make_group("Late", start_time=dt.time(19, 0), end_time=dt.time(20, 0))
    gone = make_group("Gone")
    services.roster.set_archived(gone.id)
    extra = services.schedule.add_session(
        late.id, SessionDraft(date=dt.date(2026, 11, 25), start_time=dt.time(12, 0), topic="Extra")
    )

    found = services.schedule.sessions_between(dt.date(2026, 11, 24), dt.date(2026, 11, 25))
    assert [(s.group_name, s.date, s.id) for s in found] == [
        ("Early", dt.date(2026, 11, 24), None),
        ("Late", dt.date(2026, 11, 24), None),
        ("Late", dt.date(2026, 11, 25), extra.id),
    ]
    only_early = services.schedule.sessions_between(
        dt.date(2026, 11, 24), dt.date(2026, 11, 25), group_ids=[early.id]
    )
    assert [s.group_id for s in only_early] == [early.id]


def test_open_session_creates_once_with_the_groups_times_and_place(
    services: Services, make_group, today: dt.date
) -> None:
    group = make_group()

    first = services.schedule.open_session(group.id)
    second = services.schedule.open_session(group.id, today)

    assert first.id is not None
    assert second == first
    assert first.date == today
    assert (first.start_time, first.end_time) == (dt.time(19, 0), dt.time(20, 30))
    assert first.location == "Community centre, room 2"
    assert first.facilitator == "Robin"
    assert not first.cancelled
    assert len(services.schedule.sessions_between(today, today)) == 1


def test_cancelling_a_planned_session_saves_it_as_cancelled(services: Services, make_group) -> None:
    group = make_group()
    [planned] = services.schedule.sessions_between(dt.date(2026, 12, 1), dt.date(2026, 12, 1))

    cancelled = services.schedule.cancel(planned)

    assert cancelled.id is not None
    assert cancelled.cancelled
    assert cancelled.start_time == dt.time(19, 0)
    [listed] = services.schedule.sessions_between(dt.date(2026, 12, 1), dt.date(2026, 12, 1))
    assert (listed.id, listed.cancelled) == (cancelled.id, True)
    assert services.schedule.planned(group, dt.date(2026, 12, 1), dt.date(2026, 12, 1)) == []

    reinstated = services.schedule.cancel(cancelled, cancelled=False)
    assert reinstated.id == cancelled.id
    assert not reinstated.cancelled


def test_cancelling_a_stale_planned_session_cancels_the_one_opened_meanwhile(
    services: Services, make_group
) -> None:
    make_group()
    [planned] = services.schedule.sessions_between(dt.date(2026, 12, 1), dt.date(2026, 12, 1))
    opened = services.schedule.open_session(planned.group_id, dt.date(2026, 12, 1))

    cancelled = services.schedule.cancel(planned)

    assert cancelled.id == opened.id
    [listed] = services.schedule.sessions_between(dt.date(2026, 12, 1), dt.date(2026, 12, 1))
    assert (listed.id, listed.cancelled) == (opened.id, True)


def test_a_cancelled_session_takes_no_attendance(
    services: Services, make_group, make_member
) -> None:
    group = make_group()
    sam = make_member("Sam", group=group)
    session = services.schedule.cancel(services.schedule.open_session(group.id))

    with pytest.raises(InvalidInput, match="cancelled"):
        services.attendance.check_in(session.id, sam.id)
    with pytest.raises(InvalidInput, match="cancelled"):
        services.attendance.mark_rest(session.id)
    with pytest.raises(InvalidInput, match="cancelled"):
        services.attendance.add_newcomer(session.id, MemberDraft(first_name="Kim"))
    assert [m.first_name for m in services.roster.members()] == ["Sam"]
    assert services.schedule.session(session.id).marked_count == 0

    services.schedule.cancel(session, cancelled=False)
    services.attendance.check_in(session.id, sam.id)
    assert services.schedule.session(session.id).present_count == 1


def test_group_sessions_upcoming_soonest_first_and_past_newest_first_with_counts(
    services: Services, make_group, make_member, today: dt.date
) -> None:
    group = make_group()
    people = [
        make_member(n, group=group, joined_on=dt.date(2026, 11, 1)) for n in ("Alex", "Jo", "Sam")
    ]
    statuses = {
        dt.date(2026, 11, 3): [
            AttendanceStatus.PRESENT,
            AttendanceStatus.LATE,
            AttendanceStatus.ABSENT,
        ],
        dt.date(2026, 11, 10): [AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED],
        dt.date(2026, 11, 17): [AttendanceStatus.ABSENT],
    }
    ids = {}
    for day, marks in statuses.items():
        session = services.schedule.open_session(group.id, day)
        ids[day] = session.id
        for person, status in zip(people, marks, strict=False):
            services.attendance.mark(session.id, person.id, status)
    services.schedule.set_guest_count(ids[dt.date(2026, 11, 10)], 2)
    tonight = services.schedule.open_session(group.id)

    upcoming, past = services.schedule.group_sessions(group.id)

    # Today (opened) and the planned Tuesdays up to 28 days ahead.
    assert [s.date for s in upcoming] == [today, *dec(1, 8, 15, 22)]
    assert upcoming[0].id == tonight.id
    assert all(s.planned for s in upcoming[1:])
    assert [(s.date, s.present_count, s.marked_count) for s in past] == [
        (dt.date(2026, 11, 17), 0, 1),
        (dt.date(2026, 11, 10), 1, 2),
        (dt.date(2026, 11, 3), 2, 3),
    ]
    assert past[1].attendance_total == 3  # one present and two guests

    soon, last = services.schedule.group_sessions(group.id, upcoming_days=7, past_limit=1)
    assert [s.date for s in soon] == [today, dt.date(2026, 12, 1)]
    assert [s.date for s in last] == [dt.date(2026, 11, 17)]


def test_negative_guest_count_is_rejected(offline: Services) -> None:
    with pytest.raises(InvalidInput, match="guests"):
        offline.schedule.set_guest_count(1, -1)


def test_session_details_can_be_edited(services: Services, make_group) -> None:
    group = make_group()
    session = services.schedule.open_session(group.id)
    backwards = SessionDraft(date=session.date, start_time=dt.time(19), end_time=dt.time(18))
    with pytest.raises(InvalidInput, match="end time"):
        services.schedule.update_session(session.id, backwards)
    with pytest.raises(InvalidInput, match="end time"):
        services.schedule.add_session(group.id, replace(backwards, date=dt.date(2026, 11, 25)))
    assert services.schedule.session(session.id).start_time == dt.time(19)
    assert len(services.schedule.sessions_between(session.date, dt.date(2026, 11, 25))) == 1

    services.schedule.update_session(
        session.id,
        SessionDraft(date=session.date, start_time=dt.time(18), location=" Library "),
    )
    services.schedule.set_topic(session.id, "  Boundaries  ")
    stored = services.schedule.session(session.id)
    assert (stored.start_time, stored.location, stored.topic) == (
        dt.time(18),
        "Library",
        "Boundaries",
    )
