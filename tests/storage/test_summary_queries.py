"""The summary's exact counts (SummaryRepository) on a small vault worked out by hand.

Period: September and October 2026; "today" is 24 November 2026.

Tuesday group (T):
  2026-08-25  Ann present                       (before the period: Ann is no newcomer)
  2026-09-01  Ann present, Bob late, Cat absent, 2 guests
  2026-09-08  Ann present, Bob present          topic "Sleep"
  2026-09-15  cancelled                         topic "Cancelled talk"
  2026-09-22  no marks, no guests               (attendance not taken: not held)
  2026-09-29  no marks, 3 guests                (held: guests came)
  2026-10-06  Ann present, Cat present, Dan excused, 1 guest
  2026-10-13  Ann present
  2026-11-03  Ann present                       (after the period)
Thursday group (H):
  2026-09-03  Ann present, Eve present
  2026-10-01  Eve present, 3 guests
  2026-10-29  cancelled
Follow-ups:
  f1 on T 09-01, opened 2026-09-02, done 2026-10-05
  f2 no session, opened 2026-10-10, open
  f3 on H 09-03, opened 2026-08-01 (before), done 2026-09-30
  f4 on T 09-01, opened 2026-11-02 (after), open
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from facilitator.app import OpenVault
from facilitator.domain import AttendanceStatus, MemberStatus
from facilitator.domain.summary import UNATTACHED, MonthStats, SummaryCounts
from facilitator.services._common import Clock
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import SessionDraft
from facilitator.storage import models as m
from facilitator.storage.vault import Vault

TODAY = dt.date(2026, 11, 24)
START, END = dt.date(2026, 9, 1), dt.date(2026, 10, 31)
P, L, A, E = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.ABSENT,
    AttendanceStatus.EXCUSED,
)


@pytest.fixture
def opened(vault: Vault) -> Iterator[OpenVault]:
    with OpenVault(vault, Clock.fixed(dt.datetime.combine(TODAY, dt.time(18, 30)))) as o:
        yield o


@pytest.fixture
def ids(opened: OpenVault) -> dict[str, int]:
    s = opened.services
    t = s.roster.create_group(GroupDraft(name="Tuesday"))
    h = s.roster.create_group(GroupDraft(name="Thursday"))
    s.roster.create_group(GroupDraft(name="Quiet group"))  # no sessions: all zeros
    names = ["Ann", "Bob", "Cat", "Dan", "Eve"]
    people = {n: s.roster.add_member(MemberDraft(first_name=n)).id for n in names}

    def session(
        group: int,
        day: str,
        marks: dict[str, AttendanceStatus],
        *,
        guests: int = 0,
        topic: str = "",
        cancelled: bool = False,
    ) -> int:
        made = s.schedule.add_session(group, SessionDraft(date=dt.date.fromisoformat(day)))
        assert made.id is not None
        for name, status in marks.items():
            s.attendance.mark(made.id, people[name], status)
        if guests:
            s.schedule.set_guest_count(made.id, guests)
        if topic:
            s.schedule.set_topic(made.id, topic)
        if cancelled:
            s.schedule.cancel(s.schedule.session(made.id))
        return made.id

    session(t.id, "2026-08-25", {"Ann": P})
    t0901 = session(t.id, "2026-09-01", {"Ann": P, "Bob": L, "Cat": A}, guests=2)
    session(t.id, "2026-09-08", {"Ann": P, "Bob": P}, topic="Sleep")
    session(t.id, "2026-09-15", {}, cancelled=True, topic="Cancelled talk")
    session(t.id, "2026-09-22", {})
    session(t.id, "2026-09-29", {}, guests=3)
    session(t.id, "2026-10-06", {"Ann": P, "Cat": P, "Dan": E}, guests=1)
    session(t.id, "2026-10-13", {"Ann": P})
    session(t.id, "2026-11-03", {"Ann": P})
    h0903 = session(h.id, "2026-09-03", {"Ann": P, "Eve": P})
    session(h.id, "2026-10-01", {"Eve": P}, guests=3)
    session(h.id, "2026-10-29", {}, cancelled=True)

    follow_ups = [
        (t0901, "2026-09-02", "2026-10-05"),
        (None, "2026-10-10", None),
        (h0903, "2026-08-01", "2026-09-30"),
        (t0901, "2026-11-02", None),
    ]
    with opened.unit_of_work() as uow:
        for session_id, opened_on, done_on in follow_ups:
            made = uow.follow_ups.add(description="Task", session_id=session_id)
            row = uow.session.get(m.FollowUp, made.id)
            assert row is not None
            row.created_at = dt.datetime.fromisoformat(opened_on + " 21:00")
            if done_on:
                row.done, row.done_on = True, dt.date.fromisoformat(done_on)
    return {"T": t.id, "H": h.id, **people}


def counts(
    opened: OpenVault, *, group_id: int | None = None, include_topics: bool = False
) -> SummaryCounts:
    with opened.unit_of_work() as uow:
        return uow.summary.counts(
            START, END, today=TODAY, group_id=group_id, include_topics=include_topics
        )


def test_each_group_and_month_is_counted_by_hand(opened: OpenVault, ids: dict[str, int]) -> None:
    found = counts(opened)
    t, h = ids["T"], ids["H"]
    assert found.get(t, "2026-09") == MonthStats(
        t,
        "2026-09",
        sessions_held=3,
        sessions_cancelled=1,
        attendances=4,
        different_people=2,
        came_once=0,
        came_2_to_3=2,
        came_4_plus=0,
        newcomers=1,
        guests=5,
        follow_ups_opened=1,
        follow_ups_completed=0,
    )
    assert found.get(t, "2026-10") == MonthStats(
        t,
        "2026-10",
        sessions_held=2,
        attendances=3,
        different_people=2,
        came_once=1,
        came_2_to_3=1,
        came_4_plus=0,
        newcomers=1,
        guests=1,
        follow_ups_completed=1,
    )
    assert found.get(t, None) == MonthStats(
        t,
        None,
        sessions_held=5,
        sessions_cancelled=1,
        attendances=7,
        different_people=3,
        came_once=1,
        came_2_to_3=1,
        came_4_plus=1,
        newcomers=2,
        guests=6,
        follow_ups_opened=1,
        follow_ups_completed=1,
    )
    assert found.get(h, "2026-09") == MonthStats(
        h,
        "2026-09",
        sessions_held=1,
        attendances=2,
        different_people=2,
        came_once=2,
        came_2_to_3=0,
        came_4_plus=0,
        newcomers=2,
        follow_ups_completed=1,
    )
    assert found.get(h, None) == MonthStats(
        h,
        None,
        sessions_held=2,
        sessions_cancelled=1,
        attendances=3,
        different_people=2,
        came_once=1,
        came_2_to_3=1,
        came_4_plus=0,
        newcomers=2,
        guests=3,
        follow_ups_completed=1,
    )


def test_all_groups_count_people_once(opened: OpenVault, ids: dict[str, int]) -> None:
    found = counts(opened)
    # Ann came to 2 Tuesday sessions and 1 Thursday session in September: one person,
    # three sessions; the newcomers are per group (Ann was new to Thursday).
    assert found.get(None, "2026-09") == MonthStats(
        None,
        "2026-09",
        sessions_held=4,
        sessions_cancelled=1,
        attendances=6,
        different_people=3,
        came_once=1,
        came_2_to_3=2,
        came_4_plus=0,
        newcomers=3,
        guests=5,
        follow_ups_opened=1,
        follow_ups_completed=1,
    )
    assert found.get(None, None) == MonthStats(
        None,
        None,
        sessions_held=7,
        sessions_cancelled=2,
        attendances=10,
        different_people=4,
        came_once=1,
        came_2_to_3=2,
        came_4_plus=1,
        newcomers=4,
        guests=9,
        follow_ups_opened=2,
        follow_ups_completed=2,
    )
    assert found.get(UNATTACHED, "2026-10").follow_ups_opened == 1


def test_the_groups_reported_and_one_group_alone(opened: OpenVault, ids: dict[str, int]) -> None:
    found = counts(opened)
    assert list(found.group_names.values()) == ["Quiet group", "Thursday", "Tuesday"]
    quiet = next(iter(found.group_names))
    assert found.get(quiet, None) == MonthStats(quiet, None)
    alone = counts(opened, group_id=ids["T"])
    assert list(alone.group_names) == [ids["T"]]
    # "All groups" is that group; follow-ups without a session are left out.
    assert alone.get(None, None) == MonthStats(
        None,
        None,
        sessions_held=5,
        sessions_cancelled=1,
        attendances=7,
        different_people=3,
        came_once=1,
        came_2_to_3=1,
        came_4_plus=1,
        newcomers=2,
        guests=6,
        follow_ups_opened=1,
        follow_ups_completed=1,
    )
    assert alone.get(UNATTACHED, "2026-10").follow_ups_opened == 0


def test_topics_only_when_asked_and_only_of_held_sessions(
    opened: OpenVault, ids: dict[str, int]
) -> None:
    assert counts(opened).topics == {}
    assert counts(opened, include_topics=True).topics == {ids["T"]: ("Sleep",)}


def test_an_archived_group_is_reported_only_for_a_period_it_met_in(
    opened: OpenVault, ids: dict[str, int]
) -> None:
    opened.services.roster.set_archived(ids["H"])
    with opened.unit_of_work() as uow:
        later = uow.summary.counts(dt.date(2026, 12, 1), dt.date(2026, 12, 31), today=TODAY)
    assert ids["H"] in counts(opened).group_names
    assert ids["H"] not in later.group_names
    assert later.get(None, None) == MonthStats(None, None)


def test_the_leak_guard_reads_every_member_whatever_their_status(
    opened: OpenVault, ids: dict[str, int]
) -> None:
    """What the export is checked against: everyone's names and contact details, those
    who left or never came included, as the whole member records give them."""
    opened.services.roster.add_member(
        MemberDraft(
            first_name="Fay",
            last_name="Quill",
            preferred_name="Fee",
            phone="07700 900777",
            email="fay@example.org",
            emergency_contact="Gus (brother)",
            status=MemberStatus.LEFT,
        )
    )
    with opened.unit_of_work() as uow:
        rows = uow.summary.identifying()
        members = uow.members.all(by_name=False)
    fields = ("first_name", "last_name", "preferred_name", "phone", "email", "emergency_contact")
    assert [tuple(row) for row in rows] == [
        tuple(getattr(member, name) for name in fields) for member in members
    ]
    assert len(rows) == 6
    assert rows[-1] == ("Fay", "Quill", "Fee", "07700 900777", "fay@example.org", "Gus (brother)")
