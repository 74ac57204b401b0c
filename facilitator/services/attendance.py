"""Check-in at the door and attendance afterwards.  Every mark is saved at once.

The check-in screen is read in one call (:meth:`AttendanceService.checkin_screen`: a
planned session is opened — stored — and its list read in the same transaction), and
Undo lives here too: every mark, newcomer and "everyone else" is one step that
:meth:`AttendanceService.undo_last` takes back, last first.  The steps kept are those of
one session, the one at the door: reading another session's screen, or marking
there, starts afresh (as a facilitator expects: Undo never reaches back into another
evening).  They live in memory only, as long as the vault is open.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from facilitator.domain import (
    AttendanceChange,
    AttendanceRecord,
    AttendanceStatus,
    CheckInRow,
    CheckInScreen,
    HistoryEntry,
    MemberRecord,
    PaperMark,
    PaperNewcomer,
    SessionRecord,
    UndoneStep,
)
from facilitator.errors import InvalidInput
from facilitator.services._common import SYSTEM_CLOCK, Clock
from facilitator.services.roster import MemberDraft
from facilitator.services.schedule import open_session_in
from facilitator.storage.repositories import UnitOfWork, UnitOfWorkFactory

# The session is "on now" from this long before its start until this long after its end
# (or its start, when it has no end): a late mark made then takes the clock's time.
BEFORE_START = dt.timedelta(hours=2)
AFTER_END = dt.timedelta(hours=1)
UNTIMED_LENGTH = dt.timedelta(hours=2)
PAPER_LATE_AFTER = dt.timedelta(minutes=5)  # a late mark typed in later: start + this


def on_now(session: SessionRecord, now: dt.datetime) -> bool:
    """Is ``session`` happening at ``now`` (give or take the time around it)?  Only then
    is the clock a person's arrival time; a mark made the next morning from the paper
    sheet must not say "arrived 06:12" (issue 16, defect 3)."""
    if session.start_time is None:
        return now.date() == session.date
    start = dt.datetime.combine(session.date, session.start_time)
    if session.end_time is not None:
        end = dt.datetime.combine(session.date, session.end_time)
        if end < start:  # past midnight
            end += dt.timedelta(days=1)
    else:
        end = start + UNTIMED_LENGTH
    return start - BEFORE_START <= now <= end + AFTER_END


def suggested_arrival(session: SessionRecord, status: AttendanceStatus) -> dt.time | None:
    """The arrival time to offer for a mark typed in after the session: present at its
    start, late a few minutes after it (None when the session has no start time)."""
    if session.start_time is None or not status.attended:
        return None
    if status == AttendanceStatus.PRESENT:
        return session.start_time
    later = dt.datetime.combine(session.date, session.start_time) + PAPER_LATE_AFTER
    return later.time()


@dataclass(frozen=True, slots=True)
class _Step:
    """One undo step: the marks it changed, the people it created (with their record as
    created, to tell whether they were edited since), and the guest count (before,
    after) when it changed that too."""

    changes: tuple[AttendanceChange, ...]
    created: tuple[MemberRecord, ...] = ()
    group_id: int | None = None
    guests: tuple[int, int] | None = None


def _check_late(
    session: SessionRecord, status: AttendanceStatus | None, arrived: dt.time | None
) -> None:
    """A late arrival is after the start: "03:00" for a 19:00 session is a slip (a "7:05"
    from the sheet read as the morning), refused with the reason (review 16).  A session
    that runs past midnight, or has no start time, is not checked."""
    start, end = session.start_time, session.end_time
    if status != AttendanceStatus.LATE or arrived is None or start is None:
        return
    if end is not None and end < start:
        return  # crosses midnight: an arrival after midnight is later, not earlier
    if arrived < start:
        raise InvalidInput(
            f"A late arrival is after the session's start ({start:%H:%M}), and a time on "
            "the sheet is earlier. Check it (7:05 in the evening is 19:05), or mark "
            "that person present. Nothing was saved."
        )


class AttendanceService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock = SYSTEM_CLOCK) -> None:
        self._uow = uow
        self._clock = clock
        # Undo: the session at the door and its steps, last on top.  A lock because the
        # desktop app calls from its job thread and tests from theirs.
        self._undo_lock = threading.Lock()
        self._undo_session: int | None = None
        self._undo_steps: list[_Step] = []

    def checkin_screen(
        self, group_id: int, date: dt.date, session_id: int | None = None
    ) -> CheckInScreen:
        """Everything the check-in screen shows, in one transaction: the session
        (``session_id`` None: the group's session on ``date``, stored first if it was only
        planned), its list, and how many steps Undo can take back there."""
        with self._uow() as uow, uow.snapshot(may_write=session_id is None):
            if session_id is None:
                session = open_session_in(uow, group_id, date)
            else:
                session = uow.sessions.get(session_id)
            assert session.id is not None
            rows = self._check_in_rows(uow, session.id)
        with self._undo_lock:
            self._at_door(session.id)
            steps = len(self._undo_steps)
        return CheckInScreen(session, tuple(rows), steps, self._clock.now())

    def check_in_list(self, session_id: int) -> list[CheckInRow]:
        """The group's current active members, plus anyone else marked at this session."""
        with self._uow() as uow:
            return self._check_in_rows(uow, session_id)

    def _check_in_rows(self, uow: UnitOfWork, session_id: int) -> list[CheckInRow]:
        group_id = uow.sessions.group_id_of(session_id)
        marks = {a.member_id: a for a in uow.attendance.for_session(session_id)}
        roster = [e.member for e in uow.members.roster(group_id) if e.member.status == "active"]
        on_roster = {m.id for m in roster}
        extra = uow.members.get_many(set(marks) - on_roster)
        rows = [self._row(m, marks.get(m.id), True) for m in roster]
        rows += [self._row(m, marks.get(m.id), False) for m in extra.values()]
        return sorted(rows, key=lambda r: (r.member.display_name.casefold(), r.member.id))

    @staticmethod
    def _row(member: MemberRecord, mark: AttendanceRecord | None, on_roster: bool) -> CheckInRow:
        return CheckInRow(
            member=member,
            status=mark.status if mark else None,
            arrived_at=mark.arrived_at if mark else None,
            on_roster=on_roster,
        )

    def check_in(
        self,
        session_id: int,
        member_id: int,
        *,
        late: bool = False,
        arrived_at: dt.time | None = None,
    ) -> AttendanceChange:
        """Mark present (or late) at ``arrived_at``; without one, the clock's time while
        the session is on (:func:`on_now`), else a present mark takes the session's start
        and a late one no time at all — never the hour of typing it in."""
        status = AttendanceStatus.LATE if late else AttendanceStatus.PRESENT
        with self._uow() as uow:
            session = self._ensure_open(uow, session_id)
            arrived = arrived_at if arrived_at is not None else self._arrival(session, status)
            before = uow.attendance.get(session_id, member_id)
            if arrived is None and before is not None and before.status.attended:
                arrived = before.arrived_at  # relabelled: still the time they came in
            change = self._set(uow, session_id, member_id, status, arrived)
        self._remember(session_id, _Step((change,)))
        return change

    def _arrival(self, session: SessionRecord, status: AttendanceStatus) -> dt.time | None:
        now = self._clock.now()
        if on_now(session, now):
            return now.time().replace(second=0, microsecond=0)
        return session.start_time if status == AttendanceStatus.PRESENT else None

    def set_mark(
        self,
        session_id: int,
        member_id: int,
        status: AttendanceStatus | None,
        arrived_at: dt.time | None,
    ) -> AttendanceChange:
        """Store a mark exactly as given (the mark editor: a status, or None for no mark,
        and the arrival time, None for none), as one undo step."""
        with self._uow() as uow:
            _check_late(self._ensure_open(uow, session_id), status, arrived_at)
            if status is None:
                before = uow.attendance.get(session_id, member_id)
                uow.attendance.clear(session_id, member_id)
                change = AttendanceChange(session_id, member_id, before, None)
            else:
                change = self._set(uow, session_id, member_id, status, arrived_at)
        self._remember(session_id, _Step((change,)))
        return change

    @staticmethod
    def _set(
        uow: UnitOfWork,
        session_id: int,
        member_id: int,
        status: AttendanceStatus,
        arrived_at: dt.time | None,
    ) -> AttendanceChange:
        before = uow.attendance.get(session_id, member_id)
        stored = arrived_at if status.attended else None
        after = uow.attendance.set(session_id, member_id, status, stored)
        return AttendanceChange(session_id, member_id, before, after)

    def mark(
        self,
        session_id: int,
        member_id: int,
        status: AttendanceStatus,
        *,
        arrived_at: dt.time | None = None,
    ) -> AttendanceChange:
        with self._uow() as uow:
            self._ensure_open(uow, session_id)
            change = self._mark(uow, session_id, member_id, status, arrived_at)
        self._remember(session_id, _Step((change,)))
        return change

    @staticmethod
    def _mark(
        uow: UnitOfWork,
        session_id: int,
        member_id: int,
        status: AttendanceStatus,
        arrived_at: dt.time | None,
    ) -> AttendanceChange:
        before = uow.attendance.get(session_id, member_id)
        if not status.attended:
            arrived_at = None
        elif arrived_at is None and before is not None:
            arrived_at = before.arrived_at
        after = uow.attendance.set(session_id, member_id, status, arrived_at)
        return AttendanceChange(session_id, member_id, before, after)

    def clear(self, session_id: int, member_id: int) -> AttendanceChange:
        with self._uow() as uow:
            before = uow.attendance.get(session_id, member_id)
            uow.attendance.clear(session_id, member_id)
            change = AttendanceChange(session_id, member_id, before, None)
        self._remember(session_id, _Step((change,)))
        return change

    def undo(self, change: AttendanceChange) -> AttendanceChange:
        """Put the mark back as it was before ``change`` (not itself an undo step)."""
        with self._uow() as uow:
            return self._undo_in(uow, change)

    @staticmethod
    def _undo_in(uow: UnitOfWork, change: AttendanceChange) -> AttendanceChange:
        current = uow.attendance.get(change.session_id, change.member_id)
        if change.before is None:
            uow.attendance.clear(change.session_id, change.member_id)
            after = None
        else:
            after = uow.attendance.set(
                change.session_id,
                change.member_id,
                change.before.status,
                change.before.arrived_at,
            )
        return AttendanceChange(change.session_id, change.member_id, current, after)

    # -- undo at the door -------------------------------------------------------------
    def undo_last(self, session_id: int) -> list[AttendanceChange]:
        """Take back the last step at ``session_id``: what it did to the marks, its last
        change first (see :meth:`undo_last_step`, which says what else it undid)."""
        return list(self.undo_last_step(session_id).changes)

    def undo_last_step(self, session_id: int) -> UndoneStep:
        """Take back the last step at ``session_id`` (a mark, a newcomer's check-in,
        everyone else at once, or a paper sheet typed in) in one transaction; an empty
        :class:`UndoneStep` when there is nothing to undo there.  A newcomer created in
        the step is removed again, unless something else was recorded for them since
        (a note, a follow-up, another mark, their details edited): then they are kept and
        the answer says so.  The step is dropped only once undone, so a failed undo can
        be tried again."""
        with self._undo_lock:  # held throughout: a step is undone once
            if self._undo_session != session_id or not self._undo_steps:
                return UndoneStep()
            step = self._undo_steps[-1]
            with self._uow() as uow:
                # A member forgotten since has nothing to put back (and must not get a
                # mark again): their changes are passed over, not an error that would
                # keep the step, and Undo stuck on it, for the rest of the evening.
                known = uow.members.get_many({change.member_id for change in step.changes})
                done = [
                    self._undo_in(uow, c) for c in reversed(step.changes) if c.member_id in known
                ]
                removed, kept = self._remove_created(uow, step)
                guests = None
                if step.guests is not None:
                    guests = uow.sessions.update(session_id, guest_count=step.guests[0]).guest_count
            self._undo_steps.pop()
        return UndoneStep(tuple(done), removed, kept, guests)

    @staticmethod
    def _remove_created(uow: UnitOfWork, step: _Step) -> tuple[tuple[int, ...], tuple[int, ...]]:
        removed: list[int] = []
        kept: list[int] = []
        if step.group_id is None:
            return (), ()
        current = uow.members.get_many({member.id for member in step.created})
        for member in step.created:
            now = current.get(member.id)
            if now is None:
                continue  # forgotten since
            if now == member and uow.attendance.remove_newcomer(member.id, step.group_id):
                removed.append(member.id)
            else:
                kept.append(member.id)
        return tuple(removed), tuple(kept)

    def undo_steps(self, session_id: int) -> int:
        """How many steps :meth:`undo_last` can take back at ``session_id``."""
        with self._undo_lock:
            return len(self._undo_steps) if self._undo_session == session_id else 0

    def _remember(self, session_id: int, step: _Step) -> None:
        """One undo step (none when it changed nothing), once it is stored."""
        with self._undo_lock:
            self._at_door(session_id)
            if step.changes or step.created or step.guests is not None:
                self._undo_steps.append(step)

    def _at_door(self, session_id: int) -> None:
        """``session_id`` is now the session at the door (the caller holds the lock)."""
        if self._undo_session != session_id:
            self._undo_session = session_id
            self._undo_steps = []

    def mark_rest(
        self, session_id: int, status: AttendanceStatus = AttendanceStatus.ABSENT
    ) -> list[AttendanceChange]:
        """Mark every current member without a mark as absent (or excused)."""
        if status not in (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED):
            raise InvalidInput("Only “absent” or “excused” can be given to everyone else.")
        with self._uow() as uow:
            self._ensure_open(uow, session_id)
            group_id = uow.sessions.group_id_of(session_id)
            marked = {a.member_id for a in uow.attendance.for_session(session_id)}
            changes = [
                self._mark(uow, session_id, e.member.id, status, None)
                for e in uow.members.roster(group_id)
                if e.member.status == "active" and e.member.id not in marked
            ]
        self._remember(session_id, _Step(tuple(changes)))  # one step for them all
        return changes

    def undo_all(self, changes: list[AttendanceChange]) -> None:
        for change in reversed(changes):
            self.undo(change)

    def add_newcomer(
        self, session_id: int, draft: MemberDraft, *, late: bool = False
    ) -> tuple[MemberRecord, AttendanceChange]:
        """A newcomer at the door: a new member (a first name is enough) who joins the
        group and is checked in, all in one step."""
        clean = draft.cleaned()
        status = AttendanceStatus.LATE if late else AttendanceStatus.PRESENT
        with self._uow() as uow:
            session = self._ensure_open(uow, session_id)
            member = self._add_newcomer(uow, session, clean)
            change = self._set(uow, session_id, member.id, status, self._arrival(session, status))
        self._remember(session_id, _Step((change,), (member,), session.group_id))
        return member, change

    def _add_newcomer(
        self, uow: UnitOfWork, session: SessionRecord, clean: MemberDraft
    ) -> MemberRecord:
        fields = clean.as_fields()
        fields["date_joined"] = clean.date_joined or session.date
        member = uow.members.add(**fields)
        uow.members.join(member.id, session.group_id, min(session.date, self._clock.today()))
        return member

    # -- after the fact: the paper sheet ------------------------------------------------
    def enter_paper_sheet(
        self,
        session_id: int,
        marks: Sequence[PaperMark],
        newcomers: Sequence[PaperNewcomer] = (),
        guests: int | None = None,
    ) -> tuple[list[AttendanceChange], list[MemberRecord]]:
        """Type in a paper sign-in sheet after the session, all in one transaction and one
        undo step: each mark as given (an arrival time is stored as written, never the
        clock's; a present mark without one takes the session's start), the newcomers
        added to the group and marked, and the guest count.  Lines whose mark does not
        change are left alone.  The answer: the changes, and the newcomers added."""
        drafts = [
            MemberDraft(first_name=n.first_name, last_name=n.last_name).cleaned() for n in newcomers
        ]
        if guests is not None and guests < 0:
            raise InvalidInput("The number of guests cannot be negative.")
        with self._uow() as uow:
            session = self._ensure_open(uow, session_id)
            changes: list[AttendanceChange] = []
            current = {a.member_id: a for a in uow.attendance.for_session(session_id)}
            for line in marks:
                arrived = line.arrived_at
                _check_late(session, line.status, arrived)
                if arrived is None and line.status == AttendanceStatus.PRESENT:
                    arrived = session.start_time
                before = current.get(line.member_id)
                if line.status is None:
                    if before is not None:
                        uow.attendance.clear(session_id, line.member_id)
                        changes.append(AttendanceChange(session_id, line.member_id, before, None))
                    continue
                stored = arrived if line.status.attended else None
                if before is not None and (before.status, before.arrived_at) == (
                    line.status,
                    stored,
                ):
                    continue
                changes.append(self._set(uow, session_id, line.member_id, line.status, arrived))
            created: list[MemberRecord] = []
            for draft, newcomer in zip(drafts, newcomers, strict=True):
                member = self._add_newcomer(uow, session, draft)
                created.append(member)
                arrived = newcomer.arrived_at
                _check_late(session, newcomer.status, arrived)
                if arrived is None and newcomer.status == AttendanceStatus.PRESENT:
                    arrived = session.start_time
                changes.append(self._set(uow, session_id, member.id, newcomer.status, arrived))
            guest_step = None
            if guests is not None and guests != session.guest_count:
                uow.sessions.update(session_id, guest_count=guests)
                guest_step = (session.guest_count, guests)
        step = _Step(tuple(changes), tuple(created), session.group_id, guest_step)
        self._remember(session_id, step)
        return changes, created

    def history(self, member_id: int) -> list[HistoryEntry]:
        with self._uow() as uow:
            return uow.attendance.history(member_id)

    @staticmethod
    def _ensure_open(uow: UnitOfWork, session_id: int) -> SessionRecord:
        session = uow.sessions.get(session_id)
        if session.cancelled:
            raise InvalidInput("This session was cancelled. Reinstate it before taking attendance.")
        return session
