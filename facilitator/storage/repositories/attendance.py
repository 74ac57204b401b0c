"""Attendance marks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import and_, delete, func, or_, select, union
from sqlalchemy.orm import Session, aliased

from facilitator.domain import AttendanceRecord, AttendanceStatus, HistoryEntry
from facilitator.storage import models as m
from facilitator.storage.repositories import convert
from facilitator.storage.repositories._base import get_or_raise

_STATUS = {s.value: s for s in AttendanceStatus}  # a dict lookup, not an Enum call, per row
# Pairs per statement in ``statuses``: some 60 KB of SQL, well under SQLite's 1 MB limit.
_PAIRS_PER_STATEMENT = 5000


class AttendanceRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, session_id: int, member_id: int) -> AttendanceRecord | None:
        row = self._s.get(m.Attendance, (session_id, member_id))
        return convert.attendance(row) if row else None

    def set(
        self,
        session_id: int,
        member_id: int,
        status: AttendanceStatus,
        arrived_at: dt.time | None,
    ) -> AttendanceRecord:
        row = self._s.get(m.Attendance, (session_id, member_id))
        if row is None:
            get_or_raise(self._s, m.Session, session_id, "session")
            get_or_raise(self._s, m.Member, member_id, "member")
            row = m.Attendance(session_id=session_id, member_id=member_id)
            self._s.add(row)
        row.status = status.value
        row.arrived_at = arrived_at
        self._s.flush()
        return convert.attendance(row)

    def clear(self, session_id: int, member_id: int) -> None:
        row = self._s.get(m.Attendance, (session_id, member_id))
        if row is not None:
            self._s.delete(row)
            self._s.flush()

    def for_session(self, session_id: int) -> list[AttendanceRecord]:
        rows = self._s.scalars(select(m.Attendance).where(m.Attendance.session_id == session_id))
        return [convert.attendance(r) for r in rows]

    def statuses(self, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], AttendanceStatus]:
        """(session id, member id) -> mark, for those of these pairs that have one.

        Each pair is looked up in the primary key, and the pairs are written into the
        SQL as numbers (each rendered by ``int()``): the Today digest asks for some
        3,000 on the benchmark's vault.  Matching the sessions' and the members' ids
        apart read 20,000 marks (15 ms); SQLAlchemy's rendering of 6,000 literals took
        10 ms, and binding them would take more (see in_ids); this takes 5."""
        wanted = sorted({(int(session_id), int(member_id)) for session_id, member_id in pairs})
        found: dict[tuple[int, int], AttendanceStatus] = {}
        connection = self._s.connection()
        for start in range(0, len(wanted), _PAIRS_PER_STATEMENT):
            values = ",".join(f"({s},{p})" for s, p in wanted[start : start + _PAIRS_PER_STATEMENT])
            rows = connection.exec_driver_sql(
                "SELECT a.session_id, a.member_id, a.status "
                f"FROM (VALUES {values}) AS wanted JOIN attendance AS a "
                "ON a.session_id = wanted.column1 AND a.member_id = wanted.column2"
            ).all()  # one fetchall, not a fetchone per row
            found.update(((sid, mid), _STATUS[status]) for sid, mid, status in rows)
        return found

    def history(self, member_id: int) -> list[HistoryEntry]:
        """The member's sessions, newest first: every one they were marked at, and every
        session of their groups while they belonged (unmarked ones have status None).

        The sessions' ids come first, from two index searches (their marks; each
        membership's span of its group's sessions), and only those sessions are read:
        testing every session of the vault took 38 ms on the large demo, this 3."""
        marked = select(m.Attendance.session_id.label("id")).where(
            m.Attendance.member_id == member_id
        )
        while_member = (
            select(m.Session.id)
            .join(
                m.Membership,
                and_(
                    m.Membership.group_id == m.Session.group_id,
                    m.Session.date >= m.Membership.joined_on,
                    or_(m.Membership.left_on.is_(None), m.Session.date <= m.Membership.left_on),
                ),
            )
            .where(m.Membership.member_id == member_id)
        )
        ids = union(marked, while_member).subquery("ids")
        mark = aliased(m.Attendance)
        rows = self._s.execute(
            select(
                m.Session.id,
                m.Session.group_id,
                m.Group.name,
                m.Session.date,
                m.Session.cancelled,
                mark.status,
            )
            .join(ids, ids.c.id == m.Session.id)
            .join(m.Group, m.Group.id == m.Session.group_id)
            .outerjoin(mark, (mark.session_id == m.Session.id) & (mark.member_id == member_id))
            .order_by(m.Session.date.desc(), m.Session.id.desc())
        )
        return [
            HistoryEntry(
                session_id=sid,
                group_id=gid,
                group_name=gname,
                date=date,
                cancelled=cancelled,
                status=_STATUS[status] if status else None,
            )
            for sid, gid, gname, date, cancelled, status in rows
        ]

    def count(self) -> int:
        return self._s.scalar(select(func.count()).select_from(m.Attendance)) or 0

    def any(self) -> bool:
        """Whether there is at least one (a count reads every row; this reads one)."""
        return self._s.scalar(select(m.Attendance.session_id).limit(1)) is not None

    # -- a newcomer taken back ---------------------------------------------------------
    def remove_newcomer(self, member_id: int, group_id: int) -> bool:
        """Delete a member added at the door, as Undo takes that step back: only when
        nothing else was recorded for them since (a note, a follow-up, a consent, a
        milestone, a mark, another group).  True when they were removed; False when they
        are kept (or already gone).  The caller has already taken their mark back."""
        if self._s.get(m.Member, member_id) is None:
            return False
        for model, column in (
            (m.Attendance, m.Attendance.member_id),
            (m.Note, m.Note.member_id),
            (m.FollowUp, m.FollowUp.member_id),
            (m.Consent, m.Consent.member_id),
            (m.Milestone, m.Milestone.member_id),
        ):
            found = self._s.scalar(
                select(func.count()).select_from(model).where(column == member_id)
            )
            if found:
                return False
        memberships = list(
            self._s.scalars(select(m.Membership).where(m.Membership.member_id == member_id))
        )
        if {row.group_id for row in memberships} - {group_id}:
            return False
        if len(memberships) > 1 or any(row.left_on is not None for row in memberships):
            return False  # their leaving (or a return) was recorded since (review 16)
        self._s.execute(delete(m.Membership).where(m.Membership.member_id == member_id))
        self._s.execute(delete(m.Member).where(m.Member.id == member_id))
        self._s.flush()
        return True
