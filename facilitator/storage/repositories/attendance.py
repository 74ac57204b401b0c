"""Attendance marks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import and_, func, or_, select, union
from sqlalchemy.orm import Session, aliased

from facilitator.domain import AttendanceRecord, AttendanceStatus, HistoryEntry
from facilitator.storage import models as m
from facilitator.storage.repositories import convert
from facilitator.storage.repositories._base import get_or_raise, in_ids

_STATUS = {s.value: s for s in AttendanceStatus}  # a dict lookup, not an Enum call, per row


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

    def for_sessions(self, session_ids: Sequence[int]) -> list[AttendanceRecord]:
        if not session_ids:
            return []
        rows = self._s.scalars(
            select(m.Attendance).where(m.Attendance.session_id.in_(list(session_ids)))
        )
        return [convert.attendance(r) for r in rows]

    def statuses(
        self, session_ids: Sequence[int], *, member_ids: Iterable[int] | None = None
    ) -> dict[tuple[int, int], AttendanceStatus]:
        """(session id, member id) -> mark, for the marks at these sessions (of these
        members only, if given).  Plain columns, no ORM objects: the Today digest reads
        thousands of them."""
        if not session_ids:
            return {}
        query = select(m.Attendance.session_id, m.Attendance.member_id, m.Attendance.status)
        query = query.where(in_ids(m.Attendance.session_id, session_ids))
        if member_ids is not None:
            query = query.where(in_ids(m.Attendance.member_id, sorted(set(member_ids))))
        return {(sid, mid): _STATUS[status] for sid, mid, status in self._s.execute(query)}

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
