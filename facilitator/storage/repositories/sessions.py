"""Sessions (meetings) with their attendance counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from facilitator.domain import SessionRecord
from facilitator.errors import NotFound
from facilitator.storage import models as m
from facilitator.storage.repositories._base import apply_changes, get_or_raise

SESSION_FIELDS = frozenset(
    {
        "date",
        "start_time",
        "end_time",
        "location",
        "topic",
        "facilitator",
        "cancelled",
        "guest_count",
    }
)

_ATTENDED = ("present", "late")


class SessionRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, group_id: int, **fields: Any) -> SessionRecord:
        get_or_raise(self._s, m.Group, group_id, "group")
        row = m.Session(group_id=group_id)
        apply_changes(row, fields, SESSION_FIELDS)
        self._s.add(row)
        self._s.flush()
        return self.get(row.id)

    def update(self, session_id: int, **changes: Any) -> SessionRecord:
        row = get_or_raise(self._s, m.Session, session_id, "session")
        apply_changes(row, changes, SESSION_FIELDS)
        self._s.flush()
        return self.get(session_id)

    def delete(self, session_id: int) -> None:
        self._s.delete(get_or_raise(self._s, m.Session, session_id, "session"))
        self._s.flush()

    def get(self, session_id: int) -> SessionRecord:
        found = self._query(m.Session.id == session_id)
        if not found:
            raise NotFound(f"No session with id {session_id} exists in this vault.")
        return found[0]

    def group_id_of(self, session_id: int) -> int:
        return get_or_raise(self._s, m.Session, session_id, "session").group_id

    def for_group(
        self,
        group_id: int,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        newest_first: bool = True,
    ) -> list[SessionRecord]:
        conditions: list[Any] = [m.Session.group_id == group_id]
        if start is not None:
            conditions.append(m.Session.date >= start)
        if end is not None:
            conditions.append(m.Session.date <= end)
        return self._query(*conditions, newest_first=newest_first)

    def between(
        self, start: dt.date, end: dt.date, *, group_ids: Sequence[int] | None = None
    ) -> list[SessionRecord]:
        conditions: list[Any] = [m.Session.date >= start, m.Session.date <= end]
        if group_ids is not None:
            conditions.append(m.Session.group_id.in_(group_ids))
        return self._query(*conditions, newest_first=False)

    def recent_held(
        self, group_id: int, *, on_or_before: dt.date, limit: int
    ) -> list[tuple[int, dt.date]]:
        """(id, date) of the group's latest sessions that took place and had attendance
        taken, newest first."""
        marked = select(m.Attendance.session_id).where(m.Attendance.session_id == m.Session.id)
        rows = self._s.execute(
            select(m.Session.id, m.Session.date)
            .where(
                m.Session.group_id == group_id,
                m.Session.date <= on_or_before,
                m.Session.cancelled.is_(False),
                marked.exists(),
            )
            .order_by(m.Session.date.desc(), m.Session.start_time.desc(), m.Session.id.desc())
            .limit(limit)
        )
        return [(sid, day) for sid, day in rows]

    def dates_by_group(self, start: dt.date, end: dt.date) -> set[tuple[int, dt.date]]:
        rows = self._s.execute(
            select(m.Session.group_id, m.Session.date).where(
                m.Session.date >= start, m.Session.date <= end
            )
        )
        return {(g, d) for g, d in rows}

    def all(self, *, group_id: int | None = None) -> list[SessionRecord]:
        conditions: list[Any] = [] if group_id is None else [m.Session.group_id == group_id]
        return self._query(*conditions, newest_first=False)

    def count(self) -> int:
        return self._s.scalar(select(func.count()).select_from(m.Session)) or 0

    # -- the one query behind every list -----------------------------------------
    def _select(self) -> Any:  # a Select; its generic form differs between SQLAlchemy 2.0 and 2.1
        counts = (
            select(
                m.Attendance.session_id.label("sid"),
                func.sum(case((m.Attendance.status.in_(_ATTENDED), 1), else_=0)).label("present"),
                func.count().label("marked"),
            )
            .group_by(m.Attendance.session_id)
            .subquery()
        )
        return (
            select(
                m.Session,
                m.Group.name,
                func.coalesce(counts.c.present, 0),
                func.coalesce(counts.c.marked, 0),
            )
            .join(m.Group, m.Group.id == m.Session.group_id)
            .outerjoin(counts, counts.c.sid == m.Session.id)
        )

    def _query(self, *conditions: Any, newest_first: bool = True) -> list[SessionRecord]:
        order = (
            (m.Session.date.desc(), m.Session.start_time.desc(), m.Session.id.desc())
            if newest_first
            else (m.Session.date, m.Session.start_time, m.Session.id)
        )
        query = self._select().where(*conditions).order_by(*order)
        return [
            SessionRecord(
                id=row.id,
                group_id=row.group_id,
                group_name=group_name,
                date=row.date,
                start_time=row.start_time,
                end_time=row.end_time,
                location=row.location,
                topic=row.topic,
                facilitator=row.facilitator,
                cancelled=row.cancelled,
                guest_count=row.guest_count,
                present_count=int(present),
                marked_count=int(marked),
            )
            for row, group_name, present, marked in self._s.execute(query)
        ]
