"""Check-in at the door and attendance afterwards.  Every mark is saved at once."""

from __future__ import annotations

import datetime as dt

from facilitator.domain import (
    AttendanceChange,
    AttendanceRecord,
    AttendanceStatus,
    CheckInRow,
    HistoryEntry,
    MemberRecord,
    SessionRecord,
)
from facilitator.errors import InvalidInput
from facilitator.services._common import SYSTEM_CLOCK, Clock
from facilitator.services.roster import MemberDraft
from facilitator.storage.repositories import UnitOfWork, UnitOfWorkFactory


class AttendanceService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock = SYSTEM_CLOCK) -> None:
        self._uow = uow
        self._clock = clock

    def check_in_list(self, session_id: int) -> list[CheckInRow]:
        """The group's current active members, plus anyone else marked at this session."""
        with self._uow() as uow:
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
            return self._mark(uow, session_id, member_id, status, arrived_at)

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
            return AttendanceChange(session_id, member_id, before, None)

    def undo(self, change: AttendanceChange) -> AttendanceChange:
        """Put the mark back as it was before ``change``."""
        with self._uow() as uow:
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
            return [
                self._mark(uow, session_id, e.member.id, status, None)
                for e in uow.members.roster(group_id)
                if e.member.status == "active" and e.member.id not in marked
            ]

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
