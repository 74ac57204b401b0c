"""Arrival times that are true, newcomers that Undo takes back, and a paper sign-in sheet
typed in after the session (AttendanceService; issue 16 defects 3 and 9)."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.app import OpenVault, Services
from facilitator.domain import AttendanceStatus, PaperMark, PaperNewcomer
from facilitator.errors import InvalidInput
from facilitator.services._common import Clock
from facilitator.services.attendance import on_now
from facilitator.services.roster import MemberDraft

PRESENT, LATE = AttendanceStatus.PRESENT, AttendanceStatus.LATE
ABSENT, EXCUSED = AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED
NEXT_MORNING = dt.datetime(2026, 11, 25, 6, 12)  # the group meets Tuesdays 19:00-20:30


def marks(services: Services, session_id: int) -> dict[str, tuple[object, object]]:
    return {
        r.member.first_name: (r.status, r.arrived_at)
        for r in services.attendance.check_in_list(session_id)
    }


def roster(services: Services, group_id: int) -> list[str]:
    return sorted(e.member.first_name for e in services.roster.roster(group_id))


def test_a_late_mark_the_next_morning_does_not_take_the_clock_time(
    opened: OpenVault, services: Services, make_group, make_member
) -> None:
    """issue 16 defect 3: "Late, arrived 06:12" for a 19:00 session."""
    group = make_group()
    sam = make_member("Sam", group=group)
    jo = make_member("Jo", group=group)
    session = services.schedule.open_session(group.id)
    morning = Services.build(opened.unit_of_work, Clock.fixed(NEXT_MORNING))

    late = morning.attendance.check_in(session.id, sam.id, late=True)
    present = morning.attendance.check_in(session.id, jo.id)

    assert late.after is not None and late.after.arrived_at != dt.time(6, 12)
    assert late.after.arrived_at is None  # no time given: none stored
    assert present.after is not None and present.after.arrived_at == dt.time(19, 0)
    given = morning.attendance.check_in(session.id, sam.id, late=True, arrived_at=dt.time(19, 20))
    assert given.after is not None and given.after.arrived_at == dt.time(19, 20)


def test_during_the_session_the_clock_is_the_arrival_time(
    services: Services, make_group, make_member
) -> None:
    group = make_group()
    sam = make_member("Sam", group=group)
    session = services.schedule.open_session(group.id)  # the clock: 18:30 that evening
    change = services.attendance.check_in(session.id, sam.id, late=True)
    assert change.after is not None and change.after.arrived_at == dt.time(18, 30)


def test_on_now_spans_the_session_with_some_time_around_it(services: Services, make_group) -> None:
    session = services.schedule.open_session(make_group().id)  # 24 Nov, 19:00-20:30
    day = session.date
    assert on_now(session, dt.datetime.combine(day, dt.time(17, 30)))
    assert on_now(session, dt.datetime.combine(day, dt.time(21, 15)))
    assert not on_now(session, dt.datetime.combine(day, dt.time(22, 0)))
    assert not on_now(session, NEXT_MORNING)
    assert not on_now(session, dt.datetime.combine(day - dt.timedelta(days=7), dt.time(19)))


def test_an_arrival_time_is_changed_in_one_undo_step(
    services: Services, make_group, make_member
) -> None:
    group = make_group()
    sam = make_member("Sam", group=group)
    session = services.schedule.open_session(group.id)
    services.attendance.check_in(session.id, sam.id, late=True)

    services.attendance.set_mark(session.id, sam.id, LATE, dt.time(19, 25))
    assert marks(services, session.id) == {"Sam": (LATE, dt.time(19, 25))}
    assert services.attendance.undo_steps(session.id) == 2

    services.attendance.undo_last(session.id)
    assert marks(services, session.id) == {"Sam": (LATE, dt.time(18, 30))}
    services.attendance.set_mark(session.id, sam.id, None, None)
    assert marks(services, session.id) == {"Sam": (None, None)}


def test_undoing_a_newcomer_removes_the_person_created_in_that_step(
    services: Services, make_group, make_member
) -> None:
    """issue 16 defect 9: the mark was cleared but the new person stayed on the roster."""
    group = make_group()
    make_member("Sam", group=group)
    session = services.schedule.open_session(group.id)
    kim, _change = services.attendance.add_newcomer(session.id, MemberDraft(first_name="Kim"))
    assert roster(services, group.id) == ["Kim", "Sam"]

    undone = services.attendance.undo_last_step(session.id)

    assert roster(services, group.id) == ["Sam"]
    assert undone.removed == (kim.id,) and undone.kept == ()
    assert [m.first_name for m in services.roster.members()] == ["Sam"]
    assert services.attendance.undo_steps(session.id) == 0


@pytest.mark.parametrize("since", ["note", "follow-up", "mark", "edited"])
def test_a_newcomer_with_something_recorded_since_is_kept(
    opened: OpenVault, services: Services, make_group, since: str
) -> None:
    """issue 16 defect 9: undo keeps a newcomer about whom something else was recorded."""
    group = make_group()
    session = services.schedule.open_session(group.id)
    kim, _change = services.attendance.add_newcomer(session.id, MemberDraft(first_name="Kim"))
    if since == "note":
        services.notes.add("Came with a friend.", member_id=kim.id)
    elif since == "follow-up":
        services.follow_ups.add("Call on Thursday", member_id=kim.id)
    elif since == "mark":  # elsewhere (at this door, marking another session ends Undo)
        elsewhere = Services.build(opened.unit_of_work, Clock.fixed(NEXT_MORNING))
        other = elsewhere.schedule.open_session(group.id, dt.date(2026, 11, 17))
        elsewhere.attendance.mark(other.id, kim.id, PRESENT)
    else:
        services.roster.update_member(kim.id, MemberDraft(first_name="Kim", last_name="Ode"))
    assert services.attendance.undo_steps(session.id) == 1

    undone = services.attendance.undo_last_step(session.id)

    assert undone.kept == (kim.id,) and undone.removed == ()
    assert roster(services, group.id) == ["Kim"]
    assert marks(services, session.id) == {"Kim": (None, None)}


def test_a_paper_sheet_is_entered_in_one_transaction_and_one_undo_step(
    opened: OpenVault, services: Services, make_group, make_member
) -> None:
    group = make_group()
    sam = make_member("Sam", group=group)
    jo = make_member("Jo", group=group)
    alex = make_member("Alex", group=group)
    session = services.schedule.open_session(group.id)
    services.attendance.mark(session.id, alex.id, EXCUSED)
    morning = Services.build(opened.unit_of_work, Clock.fixed(NEXT_MORNING))
    steps = morning.attendance.undo_steps(session.id)

    changes, created = morning.attendance.enter_paper_sheet(
        session.id,
        [
            PaperMark(sam.id, PRESENT),
            PaperMark(jo.id, LATE, dt.time(19, 40)),
            PaperMark(alex.id, EXCUSED),  # unchanged: no change recorded
        ],
        [PaperNewcomer("Kim", status=LATE, arrived_at=dt.time(19, 10))],
        guests=2,
    )

    assert len(changes) == 3 and [m.first_name for m in created] == ["Kim"]
    assert marks(morning, session.id) == {
        "Alex": (EXCUSED, None),
        "Jo": (LATE, dt.time(19, 40)),
        "Kim": (LATE, dt.time(19, 10)),
        "Sam": (PRESENT, dt.time(19, 0)),  # present: the session's start
    }
    assert morning.schedule.session(session.id).guest_count == 2
    assert morning.attendance.undo_steps(session.id) == steps + 1

    morning.attendance.undo_last(session.id)  # the whole sheet at once

    assert marks(morning, session.id) == {
        "Alex": (EXCUSED, None),
        "Jo": (None, None),
        "Sam": (None, None),
    }
    assert roster(morning, group.id) == ["Alex", "Jo", "Sam"]
    assert morning.schedule.session(session.id).guest_count == 0


def test_a_paper_sheet_with_a_bad_line_stores_nothing(
    services: Services, make_group, make_member
) -> None:
    group = make_group()
    sam = make_member("Sam", group=group)
    session = services.schedule.open_session(group.id)
    with pytest.raises(InvalidInput):
        services.attendance.enter_paper_sheet(
            session.id, [PaperMark(sam.id, PRESENT)], [PaperNewcomer(" ")]
        )
    with pytest.raises(Exception):  # noqa: B017 - a member that is not there
        services.attendance.enter_paper_sheet(
            session.id, [PaperMark(sam.id, PRESENT), PaperMark(10_000, PRESENT)]
        )
    assert marks(services, session.id) == {"Sam": (None, None)}
    assert services.attendance.undo_steps(session.id) == 0
