"""Follow-ups ("call Sam about the housing referral by Friday")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from facilitator.domain import FollowUpRecord
from facilitator.storage import models as m
from facilitator.storage.repositories import convert
from facilitator.storage.repositories._base import apply_changes, get_or_raise

FOLLOW_UP_FIELDS = frozenset(
    {"description", "member_id", "session_id", "due_on", "priority", "done", "done_on"}
)


class FollowUpRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, **fields: Any) -> FollowUpRecord:
        if fields.get("member_id") is not None:
            get_or_raise(self._s, m.Member, fields["member_id"], "member")
        if fields.get("session_id") is not None:
            get_or_raise(self._s, m.Session, fields["session_id"], "session")
        row = m.FollowUp()
        apply_changes(row, fields, FOLLOW_UP_FIELDS)
        self._s.add(row)
        self._s.flush()
        return self.get(row.id)

    def update(self, follow_up_id: int, **changes: Any) -> FollowUpRecord:
        row = get_or_raise(self._s, m.FollowUp, follow_up_id, "follow-up")
        apply_changes(row, changes, FOLLOW_UP_FIELDS)
        self._s.flush()
        return self.get(follow_up_id)

    def delete(self, follow_up_id: int) -> None:
        self._s.delete(get_or_raise(self._s, m.FollowUp, follow_up_id, "follow-up"))
        self._s.flush()

    def get(self, follow_up_id: int) -> FollowUpRecord:
        get_or_raise(self._s, m.FollowUp, follow_up_id, "follow-up")
        return self._query(m.FollowUp.id == follow_up_id)[0]

    def find(
        self,
        *,
        done: bool | None = None,
        due_before: dt.date | None = None,
        due_from: dt.date | None = None,
        due_to: dt.date | None = None,
        member_id: int | None = None,
        session_id: int | None = None,
        limit: int | None = None,
    ) -> list[FollowUpRecord]:
        conditions = _conditions(
            done=done,
            due_before=due_before,
            due_from=due_from,
            due_to=due_to,
            member_id=member_id,
            session_id=session_id,
        )
        return self._query(*conditions, limit=limit)

    def count(
        self,
        *,
        done: bool | None = None,
        due_before: dt.date | None = None,
        due_from: dt.date | None = None,
        due_to: dt.date | None = None,
        member_id: int | None = None,
        session_id: int | None = None,
    ) -> int:
        """How many ``find`` would give with the same filters (without a limit)."""
        conditions = _conditions(
            done=done,
            due_before=due_before,
            due_from=due_from,
            due_to=due_to,
            member_id=member_id,
            session_id=session_id,
        )
        query = select(func.count()).select_from(m.FollowUp).where(*conditions)
        return self._s.scalar(query) or 0

    def _query(self, *conditions: Any, limit: int | None = None) -> list[FollowUpRecord]:
        query = (
            select(m.FollowUp, m.Member.first_name, m.Member.preferred_name, m.Member.last_name)
            .outerjoin(m.Member, m.Member.id == m.FollowUp.member_id)
            .where(*conditions)
            .order_by(
                m.FollowUp.done,
                m.FollowUp.due_on.is_(None),
                m.FollowUp.due_on,
                m.FollowUp.id,
            )
            .limit(limit)
        )
        result = []
        for row, first, preferred, last in self._s.execute(query):
            name = f"{preferred or first or ''} {last or ''}".strip()
            result.append(convert.follow_up(row, name))
        return result


def _conditions(
    *,
    done: bool | None,
    due_before: dt.date | None,
    due_from: dt.date | None,
    due_to: dt.date | None,
    member_id: int | None,
    session_id: int | None,
) -> list[Any]:
    conditions: list[Any] = []
    if done is not None:
        conditions.append(m.FollowUp.done.is_(done))
    if due_before is not None:
        conditions.append(m.FollowUp.due_on < due_before)
    if due_from is not None:
        conditions.append(m.FollowUp.due_on >= due_from)
    if due_to is not None:
        conditions.append(m.FollowUp.due_on <= due_to)
    if member_id is not None:
        conditions.append(m.FollowUp.member_id == member_id)
    if session_id is not None:
        conditions.append(m.FollowUp.session_id == session_id)
    return conditions
