"""The aggregate queries behind the Today digest, and the digest against the plain rule.

The digest reads each group's latest held sessions in one query, and the older
sessions' marks only for members who missed all of the latest few; these tests
hold both to what reading everything would give.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from facilitator.app import OpenVault, Services
from facilitator.domain import AttendanceStatus, ConsentKind, MemberStatus
from facilitator.services.schedule import SessionDraft
from facilitator.services.today import LOOK_BACK, contact_channels, missed_in_a_row

STATUSES = (*AttendanceStatus, None, None)  # None: not marked


def day(month: int, d: int) -> dt.date:
    return dt.date(2026, month, d)


def test_recent_held_newest_first_by_date_then_start_time(
    opened: OpenVault, services: Services, make_group, make_member, today: dt.date
) -> None:
    group = make_group()
    other = make_group("Empty Group")
    sam = make_member("Sam", group=group)

    def held(date: dt.date, start: dt.time | None, *, mark: bool = True) -> int:
        session = services.schedule.add_session(group.id, SessionDraft(date=date, start_time=start))
        assert session.id is not None
        if mark:
            services.attendance.mark(session.id, sam.id, AttendanceStatus.ABSENT)
        return session.id

    oldest = held(day(10, 27), dt.time(19))
    untimed = held(day(11, 3), None)
    evening = held(day(11, 3), dt.time(19))
    morning = held(day(11, 3), dt.time(9))
    held(day(11, 10), dt.time(19), mark=False)  # nobody marked: attendance not taken
    cancelled = held(day(11, 17), dt.time(19))
    services.schedule.cancel(services.schedule.session(cancelled))
    newest = held(day(11, 20), dt.time(19))
    held(day(11, 26), dt.time(19))  # after ``on_or_before``

    with opened.unit_of_work() as uow:

        def ids(limit: int) -> list[int]:
            found = uow.sessions.recent_held([group.id, other.id], on_or_before=today, limit=limit)
            assert found[other.id] == []
            return [sid for sid, _day in found[group.id]]

        assert ids(10) == [newest, evening, morning, untimed, oldest]
        # The limit falls among 3 November's sessions: the later ones are kept.
        assert ids(3) == [newest, evening, morning]
        assert ids(2) == [newest, evening]
        assert ids(1) == [newest]
        assert uow.sessions.recent_held([], on_or_before=today, limit=3) == {}


def test_statuses_of_some_members_at_some_sessions(
    opened: OpenVault, services: Services, make_group, make_member
) -> None:
    group = make_group()
    sam, alex = make_member("Sam", group=group), make_member("Alex", group=group)
    first = services.schedule.open_session(group.id, day(11, 3))
    second = services.schedule.open_session(group.id, day(11, 10))
    assert first.id is not None
    assert second.id is not None
    services.attendance.mark(first.id, sam.id, AttendanceStatus.LATE)
    services.attendance.mark(first.id, alex.id, AttendanceStatus.EXCUSED)
    services.attendance.mark(second.id, sam.id, AttendanceStatus.ABSENT)

    with opened.unit_of_work() as uow:
        everyone = [(s, p) for s in (first.id, second.id) for p in (sam.id, alex.id)]
        assert uow.attendance.statuses(everyone) == {
            (first.id, sam.id): AttendanceStatus.LATE,
            (first.id, alex.id): AttendanceStatus.EXCUSED,
            (second.id, sam.id): AttendanceStatus.ABSENT,
        }
        # Alex at the first session only; Alex has no mark at the second.
        assert uow.attendance.statuses([(first.id, alex.id), (second.id, alex.id)]) == {
            (first.id, alex.id): AttendanceStatus.EXCUSED
        }
        assert uow.attendance.statuses([]) == {}


def test_absent_from_finds_who_came_to_none_of_their_groups_sessions(
    opened: OpenVault, services: Services, make_group, make_member
) -> None:
    tuesday, thursday = make_group(), make_group("Thursday Circle")
    came = make_member("Came", group=tuesday, joined_on=day(10, 1))
    late = make_member("Late", group=tuesday, joined_on=day(10, 1))
    excused = make_member("Excused", group=tuesday, joined_on=day(10, 1))
    unmarked = make_member("Unmarked", group=tuesday, joined_on=day(10, 1))
    elsewhere = make_member("Elsewhere", group=tuesday, joined_on=day(10, 1))
    services.roster.join_group(elsewhere.id, thursday.id, day(10, 1))
    left = make_member("Left", group=tuesday, joined_on=day(10, 1))
    services.roster.leave_group(left.id, tuesday.id, day(11, 1))
    inactive = make_member("Inactive", group=tuesday, joined_on=day(10, 1))
    services.roster.set_status(inactive.id, MemberStatus.INACTIVE)
    first = services.schedule.open_session(tuesday.id, day(11, 3))
    second = services.schedule.open_session(tuesday.id, day(11, 10))
    other = services.schedule.open_session(thursday.id, day(11, 5))
    assert first.id is not None and second.id is not None and other.id is not None
    services.attendance.mark(first.id, came.id, AttendanceStatus.PRESENT)
    services.attendance.mark(second.id, late.id, AttendanceStatus.LATE)
    services.attendance.mark(first.id, excused.id, AttendanceStatus.EXCUSED)
    services.attendance.mark(other.id, elsewhere.id, AttendanceStatus.PRESENT)

    with opened.unit_of_work() as uow:
        found = uow.members.absent_from({tuesday.id: [first.id, second.id], thursday.id: []})
        only_second = uow.members.absent_from({tuesday.id: [second.id]})

    # Came to Thursday's session, not to Tuesday's: still absent from Tuesday's.  Those
    # who left or are inactive are not asked after; a group given no sessions is skipped.
    assert sorted(found) == sorted(
        (tuesday.id, p.id, day(10, 1)) for p in (excused, unmarked, elsewhere)
    )
    assert sorted(mid for _g, mid, _j in only_second) == sorted(
        p.id for p in (came, excused, unmarked, elsewhere)
    )
    with opened.unit_of_work() as uow:
        assert uow.members.absent_from({}) == []


def test_session_counts_are_per_session(
    services: Services, make_group, make_member, today: dt.date
) -> None:
    group = make_group()
    people = [make_member(name, group=group).id for name in ("Sam", "Alex", "Jo")]
    tonight = services.schedule.open_session(group.id)
    last_week = services.schedule.open_session(group.id, today - dt.timedelta(days=7))
    assert tonight.id is not None
    assert last_week.id is not None
    services.attendance.check_in(tonight.id, people[0])
    services.attendance.check_in(tonight.id, people[1], late=True)
    services.attendance.mark(tonight.id, people[2], AttendanceStatus.EXCUSED)
    services.attendance.mark(last_week.id, people[0], AttendanceStatus.ABSENT)

    listed = services.schedule.sessions_between(today - dt.timedelta(days=7), today)

    assert [(s.date, s.present_count, s.marked_count) for s in listed] == [
        (last_week.date, 0, 1),
        (today, 2, 3),
    ]


def test_the_session_attended_just_before_the_missed_ones_counts(
    services: Services, make_group, make_member
) -> None:
    group = make_group()
    sam = make_member("Sam", group=group, joined_on=day(10, 1))
    services.roster.record_consent(sam.id, ConsentKind.CONTACT_PHONE, recorded_on=day(10, 1))
    statuses = {day(10, 27): AttendanceStatus.PRESENT}
    statuses |= dict.fromkeys((day(11, 3), day(11, 10), day(11, 17)), AttendanceStatus.ABSENT)
    for when, status in statuses.items():
        session = services.schedule.open_session(group.id, when)
        assert session.id is not None
        services.attendance.mark(session.id, sam.id, status)

    [suggestion] = services.today.digest(missed_threshold=3).outreach

    assert (suggestion.missed_in_a_row, suggestion.last_attended) == (3, day(10, 27))
    assert services.today.digest(missed_threshold=4).outreach == ()


@pytest.mark.parametrize("seed", range(6))
def test_outreach_is_what_the_plain_rule_gives_on_random_attendance(
    opened: OpenVault, services: Services, make_group, make_member, today: dt.date, seed: int
) -> None:
    rng = random.Random(seed)
    groups = [make_group(name) for name in ("Tuesday Circle", "Second Tuesday")]
    joined: dict[tuple[int, int], dt.date] = {}
    people = []
    for n in range(10):
        member = make_member(f"Person {n}")
        people.append(member.id)
        for group in rng.sample(groups, rng.choice((1, 1, 2))):
            when = today - dt.timedelta(days=rng.choice((200, 200, 60, 30, 10)))
            services.roster.join_group(member.id, group.id, when)
            joined[(group.id, member.id)] = when
        if rng.random() < 0.7:
            services.roster.record_consent(member.id, ConsentKind.CONTACT_PHONE, recorded_on=today)
    marks: dict[tuple[int, int], AttendanceStatus] = {}
    held: dict[int, list[tuple[int, dt.date]]] = {}
    with opened.unit_of_work() as uow:
        for group in groups:
            # Tonight's session too (partly marked) for even seeds.
            for weeks in range(16, -1 if seed % 2 == 0 else 0, -1):
                session = uow.sessions.add(group.id, date=today - dt.timedelta(weeks=weeks))
                assert session.id is not None
                held.setdefault(group.id, []).insert(0, (session.id, session.date))
                for (gid, mid), _when in joined.items():
                    status = rng.choice(STATUSES) if gid == group.id else None
                    if status is not None:
                        uow.attendance.set(session.id, mid, status, None)
                        marks[(session.id, mid)] = status
    consents = {mid: services.roster.consents(mid) for mid in people}

    for threshold in (1, 2, 3, 4):
        expected: dict[int, list[tuple[int, int, dt.date | None]]] = {}
        for (group_id, member_id), when in joined.items():
            latest = held[group_id][: threshold + LOOK_BACK]
            missed, last = missed_in_a_row(member_id, when, latest, marks, today=today)
            if missed >= threshold and contact_channels(consents[member_id]):
                expected.setdefault(member_id, []).append((group_id, missed, last))

        outreach = services.today.digest(missed_threshold=threshold).outreach

        assert sorted(o.member_id for o in outreach) == sorted(expected)
        for suggestion in outreach:
            runs = expected[suggestion.member_id]
            assert suggestion.missed_in_a_row == max(missed for _g, missed, _l in runs)
            assert 1 + len(suggestion.other_groups) == len(runs)
