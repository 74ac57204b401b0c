"""One read per screen: a person's page and the check-in screen, each one service call
in one transaction and one snapshot; check-in undo kept by the attendance service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from facilitator.app import OpenVault, Services
from facilitator.domain import AttendanceStatus, ConsentKind, PersonPage, Priority
from facilitator.errors import InvalidInput
from facilitator.services._common import Clock
from facilitator.services.attendance import AttendanceService
from facilitator.services.followups import FollowUpFilter
from facilitator.services.roster import MemberDraft
from facilitator.storage.repositories import UnitOfWork, UnitOfWorkFactory

PRESENT, LATE = AttendanceStatus.PRESENT, AttendanceStatus.LATE
ABSENT, EXCUSED = AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED


class Counted:
    """A unit-of-work factory that counts the transactions it opens (and can fail)."""

    def __init__(self, inner: UnitOfWorkFactory) -> None:
        self.inner = inner
        self.opened = 0
        self.failing = False

    def __call__(self) -> AbstractContextManager[UnitOfWork]:
        return self._open()

    @contextmanager
    def _open(self) -> Iterator[UnitOfWork]:
        if self.failing:
            raise InvalidInput("The vault could not be written (test).")
        self.opened += 1
        with self.inner() as uow:
            yield uow


@pytest.fixture
def counted(opened: OpenVault) -> Counted:
    return Counted(opened.unit_of_work)


@pytest.fixture
def counted_services(counted: Counted, clock: Clock) -> Services:
    return Services.build(counted, clock)


@contextmanager
def begins(opened: OpenVault) -> Iterator[list[object]]:
    """Every transaction the vault's engine begins inside the block."""
    found: list[object] = []

    def begun(connection: Any) -> None:
        found.append(connection)

    engine = opened.vault.engine
    event.listen(engine, "begin", begun)
    try:
        yield found
    finally:
        event.remove(engine, "begin", begun)


def commits(opened: OpenVault) -> int:
    """The vault's count of commits that wrote (commit_record: PRAGMA user_version)."""
    with opened.vault.engine.connect() as connection:
        return int(connection.exec_driver_sql("PRAGMA user_version").scalar_one())


# -- a person's page ---------------------------------------------------------------------
@pytest.fixture
def sam_id(services: Services, make_group, make_member) -> int:
    """Sam with something on every tab: groups, a consent, a milestone, attendance, a
    note, an open and a done follow-up; another group he could join, an archived one."""
    tuesday = make_group("Tuesday Circle")
    make_group("Thursday Group", schedule_rule="", schedule_start=None)
    archived = make_group("Old Group", schedule_rule="", schedule_start=None)
    services.roster.set_archived(archived.id)
    sam = make_member("Sam", group=tuesday, joined_on=dt.date(2026, 11, 1))
    services.roster.record_consent(sam.id, ConsentKind.CONTACT_PHONE)
    services.roster.add_milestone(sam.id, "One year", dt.date(2025, 11, 30))
    session = services.schedule.open_session(tuesday.id)
    assert session.id is not None
    services.attendance.check_in(session.id, sam.id, late=True)
    services.notes.add("Doing better", member_id=sam.id)
    services.follow_ups.add("Call about housing", member_id=sam.id, priority=Priority.HIGH)
    done = services.follow_ups.add("Send the leaflet", member_id=sam.id)
    services.follow_ups.complete(done.id)
    return sam.id


def test_a_persons_page_holds_what_its_eight_reads_held(services: Services, sam_id: int) -> None:
    page = services.roster.person_page(sam_id)

    assert page == PersonPage(
        member=services.roster.member(sam_id),
        memberships=tuple(services.roster.memberships(sam_id)),
        consents=tuple(services.roster.consents(sam_id)),
        milestones=tuple(services.roster.milestones(sam_id)),
        history=tuple(services.attendance.history(sam_id)),
        notes=tuple(services.notes.for_member(sam_id)),
        follow_ups=tuple(services.follow_ups.find(FollowUpFilter.ALL, member_id=sam_id)),
        groups=tuple(services.roster.groups()),
        today=services.follow_ups.today(),
    )
    assert [g.name for g in page.groups] == ["Thursday Group", "Tuesday Circle"]
    assert [f.done for f in page.follow_ups] == [False, True]
    assert page.current_groups == ("Tuesday Circle",)
    assert [h.status for h in page.history] == [LATE]


def test_a_persons_page_is_one_service_call_in_one_transaction(
    counted_services: Services, counted: Counted, opened: OpenVault, sam_id: int
) -> None:
    with begins(opened) as begun:
        counted_services.roster.person_page(sam_id)

    assert counted.opened == 1
    assert len(begun) == 1


def test_a_persons_page_is_one_snapshot_of_the_vault(
    opened: OpenVault, services: Services, clock: Clock, sam_id: int
) -> None:
    """A note stored by another connection while the page is being read (after its
    first query) is on none of its tabs; the next read shows it."""

    @contextmanager
    def written_meanwhile() -> Iterator[UnitOfWork]:
        with opened.unit_of_work() as uow:
            read_member = uow.members.get

            def get(member_id: int) -> Any:
                found = read_member(member_id)
                services.notes.add("Written meanwhile", member_id=member_id)
                return found

            uow.members.get = get  # type: ignore[method-assign]
            yield uow

    page = Services.build(written_meanwhile, clock).roster.person_page(sam_id)

    assert [n.body for n in page.notes] == ["Doing better"]
    again = services.roster.person_page(sam_id)
    assert {n.body for n in again.notes} == {"Doing better", "Written meanwhile"}


def test_reading_a_page_is_not_counted_as_a_write(
    opened: OpenVault, services: Services, sam_id: int
) -> None:
    before = commits(opened)
    services.roster.person_page(sam_id)
    assert commits(opened) == before


# -- the check-in screen -------------------------------------------------------------------
def test_the_check_in_screen_opens_a_planned_session_in_one_transaction(
    counted_services: Services,
    counted: Counted,
    opened: OpenVault,
    services: Services,
    make_group,
    make_member,
    today: dt.date,
) -> None:
    group = make_group()
    make_member("Sam", group=group)
    make_member("Alex", group=group)
    before = commits(opened)

    with begins(opened) as begun:
        screen = counted_services.attendance.checkin_screen(group.id, today)

    assert (counted.opened, len(begun)) == (1, 1)
    assert commits(opened) == before + 1  # the session was stored: one write
    assert screen.session.id is not None
    assert services.schedule.session(screen.session.id).date == today
    assert [(r.member.first_name, r.status) for r in screen.rows] == [
        ("Alex", None),
        ("Sam", None),
    ]
    assert screen.undo_steps == 0
    # Read again (by date, as a planned session's target is): the same session.
    again = services.attendance.checkin_screen(group.id, today)
    assert again.session == screen.session
    assert commits(opened) == before + 1
    assert [s.id for s in services.schedule.all_sessions(group.id)] == [screen.session.id]


def test_the_check_in_screen_of_a_stored_session_only_reads(
    opened: OpenVault, services: Services, make_group, make_member, today: dt.date
) -> None:
    group = make_group()
    sam = make_member("Sam", group=group)
    session = services.schedule.open_session(group.id, today)
    assert session.id is not None
    services.attendance.check_in(session.id, sam.id)
    before = commits(opened)

    screen = services.attendance.checkin_screen(group.id, today, session.id)

    assert commits(opened) == before
    assert screen.session == services.schedule.session(session.id)
    assert screen.rows == tuple(services.attendance.check_in_list(session.id))
    assert screen.undo_steps == 1


# -- undo at the door ------------------------------------------------------------------------
def statuses(services: Services, session_id: int) -> dict[str, AttendanceStatus | None]:
    return {r.member.first_name: r.status for r in services.attendance.check_in_list(session_id)}


@pytest.fixture
def evening(services: Services, make_group, make_member, today: dt.date) -> tuple[int, int, int]:
    """Tonight's session and two members on its list: (session, Sam, Alex)."""
    group = make_group()
    sam = make_member("Sam", group=group)
    alex = make_member("Alex", group=group)
    session = services.attendance.checkin_screen(group.id, today).session
    assert session.id is not None
    return session.id, sam.id, alex.id


def test_undo_takes_back_the_last_step_first(
    services: Services, evening: tuple[int, int, int]
) -> None:
    session_id, sam, alex = evening
    attendance = services.attendance
    attendance.check_in(session_id, sam)
    attendance.check_in(session_id, sam, late=True)  # changed mind: late
    attendance.mark(session_id, alex, EXCUSED)
    attendance.clear(session_id, alex)
    assert attendance.undo_steps(session_id) == 4

    [undone] = attendance.undo_last(session_id)  # the clear
    assert (undone.member_id, undone.after and undone.after.status) == (alex, EXCUSED)
    attendance.undo_last(session_id)  # the excuse
    assert statuses(services, session_id) == {"Alex": None, "Sam": LATE}
    attendance.undo_last(session_id)
    assert statuses(services, session_id) == {"Alex": None, "Sam": PRESENT}
    attendance.undo_last(session_id)
    assert statuses(services, session_id) == {"Alex": None, "Sam": None}
    assert attendance.undo_steps(session_id) == 0
    assert attendance.undo_last(session_id) == []  # nothing to undo


def test_everyone_else_is_one_step_and_nobody_left_is_none(
    services: Services, evening: tuple[int, int, int]
) -> None:
    session_id, sam, _alex = evening
    attendance = services.attendance
    attendance.check_in(session_id, sam)
    assert len(attendance.mark_rest(session_id)) == 1
    assert attendance.mark_rest(session_id, EXCUSED) == []  # nobody left: no step
    assert attendance.undo_steps(session_id) == 2

    undone = attendance.undo_last(session_id)

    assert [c.after for c in undone] == [None]
    assert statuses(services, session_id) == {"Alex": None, "Sam": PRESENT}
    assert attendance.undo_steps(session_id) == 1


def test_a_newcomer_is_one_step_undo_clears_the_mark_and_removes_the_member(
    services: Services, evening: tuple[int, int, int]
) -> None:
    """Issue 16 defect 9 changed this: the newcomer goes too (they were kept before)."""
    session_id, _sam, _alex = evening
    kim, _change = services.attendance.add_newcomer(session_id, MemberDraft(first_name="Kim"))

    services.attendance.undo_last(session_id)

    assert statuses(services, session_id) == {"Alex": None, "Sam": None}
    assert kim.id not in {m.id for m in services.roster.members()}


def test_undo_steps_belong_to_the_session_at_the_door(
    services: Services, make_group, evening: tuple[int, int, int], today: dt.date
) -> None:
    session_id, sam, _alex = evening
    attendance = services.attendance
    group_id = services.schedule.session(session_id).group_id
    attendance.check_in(session_id, sam)
    # Read again (the page shown again): the step stays.
    assert attendance.checkin_screen(group_id, today, session_id).undo_steps == 1

    other = attendance.checkin_screen(make_group("Thursday Group").id, today)
    assert other.session.id is not None
    assert other.undo_steps == 0
    assert attendance.undo_steps(session_id) == 0  # another evening's screen: forgotten
    assert attendance.checkin_screen(group_id, today, session_id).undo_steps == 0
    assert attendance.undo_last(session_id) == []
    assert statuses(services, session_id)["Sam"] is PRESENT


def test_undo_is_not_asked_of_another_session(
    services: Services, make_group, evening: tuple[int, int, int], today: dt.date
) -> None:
    session_id, sam, _alex = evening
    services.attendance.check_in(session_id, sam)
    other = services.schedule.open_session(make_group("Thursday Group").id, today)
    assert other.id is not None

    assert services.attendance.undo_last(other.id) == []

    assert statuses(services, session_id)["Sam"] is PRESENT
    assert services.attendance.undo_steps(session_id) == 1


def test_a_failed_undo_keeps_its_step_to_try_again(
    opened: OpenVault, services: Services, clock: Clock, evening: tuple[int, int, int]
) -> None:
    session_id, sam, _alex = evening
    flaky = Counted(opened.unit_of_work)
    attendance = AttendanceService(flaky, clock)
    attendance.check_in(session_id, sam)

    flaky.failing = True
    with pytest.raises(InvalidInput):
        attendance.undo_last(session_id)
    assert attendance.undo_steps(session_id) == 1
    assert statuses(services, session_id)["Sam"] is PRESENT

    flaky.failing = False
    assert len(attendance.undo_last(session_id)) == 1
    assert statuses(services, session_id)["Sam"] is None
    assert attendance.undo_steps(session_id) == 0


def test_a_refused_mark_is_no_step(
    services: Services, evening: tuple[int, int, int], today: dt.date
) -> None:
    session_id, sam, _alex = evening
    session = services.schedule.session(session_id)
    services.schedule.cancel(session)

    with pytest.raises(InvalidInput, match="cancelled"):
        services.attendance.check_in(session_id, sam)

    assert services.attendance.undo_steps(session_id) == 0
