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

from facilitator.domain import (
    AttendanceChange,
    AttendanceRecord,
    AttendanceStatus,
    CheckInRow,
    CheckInScreen,
    HistoryEntry,
    MemberRecord,
    SessionRecord,
)
from facilitator.errors import InvalidInput
from facilitator.services._common import SYSTEM_CLOCK, Clock
from facilitator.services.roster import MemberDraft
from facilitator.services.schedule import open_session_in
from facilitator.storage.repositories import UnitOfWork, UnitOfWorkFactory


class AttendanceService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock = SYSTEM_CLOCK) -> None:
        self._uow = uow
        self._clock = clock
        # Undo: the session at the door and its steps, last on top.  A lock because the
        # desktop app calls from its job thread and tests from theirs.
        self._undo_lock = threading.Lock()
        self._undo_session: int | None = None
        self._undo_steps: list[tuple[AttendanceChange, ...]] = []

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
        return CheckInScreen(session, tuple(rows), steps)

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

    def check_in(self, session_id: int, member_id: int, *, late: bool = False) -> AttendanceChange:
        """Mark present (or late) with the arrival time now."""
        status = AttendanceStatus.LATE if late else AttendanceStatus.PRESENT
        arrived = self._clock.now().time().replace(second=0, microsecond=0)
        return self.mark(session_id, member_id, status, arrived_at=arrived)

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
        self._remember(session_id, [change])
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
        self._remember(session_id, [change])
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
        """Take back the last step at ``session_id`` (a mark, a newcomer's check-in, or
        everyone else at once) in one transaction: what it did, its last change first;
        empty when there is nothing to undo there.  The step is dropped only once undone,
        so a failed undo can be tried again."""
        with self._undo_lock:  # held throughout: a step is undone once
            if self._undo_session != session_id or not self._undo_steps:
                return []
            step = self._undo_steps[-1]
            with self._uow() as uow:
                # A member forgotten since has nothing to put back (and must not get a
                # mark again): their changes are passed over, not an error that would
                # keep the step, and Undo stuck on it, for the rest of the evening.
                known = uow.members.get_many({change.member_id for change in step})
                done = [self._undo_in(uow, c) for c in reversed(step) if c.member_id in known]
            self._undo_steps.pop()
        return done

    def undo_steps(self, session_id: int) -> int:
        """How many steps :meth:`undo_last` can take back at ``session_id``."""
        with self._undo_lock:
            return len(self._undo_steps) if self._undo_session == session_id else 0

    def _remember(self, session_id: int, changes: Sequence[AttendanceChange]) -> None:
        """One undo step (none for no change), once it is stored."""
        with self._undo_lock:
            self._at_door(session_id)
            if changes:
                self._undo_steps.append(tuple(changes))

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
        self._remember(session_id, changes)  # one step for them all
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
        today = self._clock.today()
        arrived = self._clock.now().time().replace(second=0, microsecond=0)
        status = AttendanceStatus.LATE if late else AttendanceStatus.PRESENT
        with self._uow() as uow:
            session = self._ensure_open(uow, session_id)
            fields = clean.as_fields()
            fields["date_joined"] = clean.date_joined or session.date
            member = uow.members.add(**fields)
            uow.members.join(member.id, session.group_id, min(session.date, today))
            change = self._mark(uow, session_id, member.id, status, arrived)
        self._remember(session_id, [change])
        return member, change

    def history(self, member_id: int) -> list[HistoryEntry]:
        with self._uow() as uow:
            return uow.attendance.history(member_id)

    @staticmethod
    def _ensure_open(uow: UnitOfWork, session_id: int) -> SessionRecord:
        session = uow.sessions.get(session_id)
        if session.cancelled:
            raise InvalidInput("This session was cancelled. Reinstate it before taking attendance.")
        return session
