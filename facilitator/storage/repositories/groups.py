"""Groups."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from facilitator.domain import GroupRecord
from facilitator.errors import NotFound
from facilitator.storage import models as m
from facilitator.storage.repositories import convert
from facilitator.storage.repositories._base import apply_changes, get_or_raise

GROUP_FIELDS = frozenset(
    {
        "name",
        "printed_title",
        "description",
        "location",
        "facilitator",
        "schedule_rule",
        "schedule_start",
        "start_time",
        "end_time",
        "archived",
    }
)


class GroupRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def _current_counts(self) -> Any:
        return (
            select(m.Membership.group_id, func.count().label("n"))
            .where(m.Membership.left_on.is_(None))
            .group_by(m.Membership.group_id)
            .subquery()
        )

    def add(self, **fields: Any) -> GroupRecord:
        row = m.Group()
        apply_changes(row, fields, GROUP_FIELDS)
        self._s.add(row)
        self._s.flush()
        return convert.group(row)

    def update(self, group_id: int, **changes: Any) -> GroupRecord:
        row = get_or_raise(self._s, m.Group, group_id, "group")
        apply_changes(row, changes, GROUP_FIELDS)
        self._s.flush()
        return self.get(group_id)

    def get(self, group_id: int) -> GroupRecord:
        counts = self._current_counts()
        result = self._s.execute(
            select(m.Group, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.group_id == m.Group.id)
            .where(m.Group.id == group_id)
        ).first()
        if result is None:
            raise NotFound(f"No group with id {group_id} exists in this vault.")
        return convert.group(result[0], result[1])

    def id_by_name(self, name: str) -> int | None:
        """The group called ``name``, ignoring case and extra white space.  Compared in
        Python: SQLite's lower() folds ASCII letters only ("ÉTÉ" != "été")."""
        wanted = " ".join(name.split()).casefold()
        rows = self._s.execute(select(m.Group.id, m.Group.name).order_by(m.Group.id))
        return next(
            (gid for gid, gname in rows if " ".join(gname.split()).casefold() == wanted), None
        )

    def all(self, *, include_archived: bool = False) -> list[GroupRecord]:
        counts = self._current_counts()
        query = (
            select(m.Group, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.group_id == m.Group.id)
            .order_by(m.Group.archived, func.name_sort_key(m.Group.name), m.Group.id)
        )
        if not include_archived:
            query = query.where(m.Group.archived.is_(False))
        return [convert.group(g, n) for g, n in self._s.execute(query)]

    def count(self) -> int:
        return self._s.scalar(select(func.count()).select_from(m.Group)) or 0

    def any(self) -> bool:
        """Whether there is at least one (a count reads every row; this reads one)."""
        return self._s.scalar(select(m.Group.id).limit(1)) is not None
