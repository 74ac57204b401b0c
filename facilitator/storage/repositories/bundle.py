"""The whole vault as plain rows, for the full export (JSON bundle) and its import.

``dump`` reads every table with Core selects (no ORM objects are built: the large
vault has hundreds of thousands of attendance rows) and renumbers the ids of
groups, members and sessions 1..n in database-id order, so that the same data
always gives the same bundle.  ``load`` does the reverse for rows the services
have already validated: it gives each bundle id a fresh database id (after the
highest one in use) and inserts table by table in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Time, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.types import TypeEngine

from facilitator.storage import models as m
from facilitator.storage.bulk import sql_date, sql_datetime, sql_time

Row = dict[str, Any]
Tables = dict[str, list[Row]]

# The tables of a bundle, parents before children (the order they are loaded in).
TABLES: tuple[str, ...] = (
    "groups",
    "members",
    "memberships",
    "consents",
    "milestones",
    "sessions",
    "attendance",
    "notes",
    "follow_ups",
)


def _iso(value: dt.date | dt.time | None) -> str | None:
    """ISO text: dates ``YYYY-MM-DD``, times ``HH:MM:SS``, datetimes ``YYYY-MM-DDTHH:MM:SS``
    (fractions of a second only when there are any)."""
    return None if value is None else value.isoformat()


def _renumber(db_ids: Sequence[int]) -> dict[int, int]:
    return {db_id: local for local, db_id in enumerate(db_ids, start=1)}


class BundleRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    # -- export ------------------------------------------------------------------
    def dump(self) -> Tables:
        """Every row of every table as JSON-ready dicts with bundle-local ids."""
        groups, group_ids = self._dump_groups()
        members, member_ids = self._dump_members()
        sessions, session_ids = self._dump_sessions(group_ids)
        return {
            "groups": groups,
            "members": members,
            "memberships": self._dump_memberships(member_ids, group_ids),
            "consents": self._dump_consents(member_ids),
            "milestones": self._dump_milestones(member_ids),
            "sessions": sessions,
            "attendance": self._dump_attendance(session_ids, member_ids),
            "notes": self._dump_notes(session_ids, member_ids),
            "follow_ups": self._dump_follow_ups(session_ids, member_ids),
        }

    def _dump_groups(self) -> tuple[list[Row], dict[int, int]]:
        g = m.Group
        rows = self._s.execute(
            select(
                g.id,
                g.name,
                g.printed_title,
                g.description,
                g.location,
                g.facilitator,
                g.schedule_rule,
                g.schedule_start,
                g.start_time,
                g.end_time,
                g.archived,
            ).order_by(g.id)
        ).all()
        ids = _renumber([r[0] for r in rows])
        out = [
            {
                "id": ids[r.id],
                "name": r.name,
                "printed_title": r.printed_title,
                "description": r.description,
                "location": r.location,
                "facilitator": r.facilitator,
                "schedule_rule": r.schedule_rule,
                "schedule_start": _iso(r.schedule_start),
                "start_time": _iso(r.start_time),
                "end_time": _iso(r.end_time),
                "archived": bool(r.archived),
            }
            for r in rows
        ]
        return out, ids

    def _dump_members(self) -> tuple[list[Row], dict[int, int]]:
        p = m.Member
        rows = self._s.execute(
            select(
                p.id,
                p.first_name,
                p.last_name,
                p.preferred_name,
                p.pronouns,
                p.phone,
                p.email,
                p.emergency_contact,
                p.date_joined,
                p.status,
                p.notes,
            ).order_by(p.id)
        ).all()
        ids = _renumber([r[0] for r in rows])
        out = [
            {
                "id": ids[r.id],
                "first_name": r.first_name,
                "last_name": r.last_name,
                "preferred_name": r.preferred_name,
                "pronouns": r.pronouns,
                "phone": r.phone,
                "email": r.email,
                "emergency_contact": r.emergency_contact,
                "date_joined": _iso(r.date_joined),
                "status": r.status,
                "notes": r.notes,
            }
            for r in rows
        ]
        return out, ids

    def _dump_sessions(self, groups: dict[int, int]) -> tuple[list[Row], dict[int, int]]:
        s = m.Session
        rows = self._s.execute(
            select(
                s.id,
                s.group_id,
                s.date,
                s.start_time,
                s.end_time,
                s.location,
                s.topic,
                s.facilitator,
                s.cancelled,
                s.guest_count,
            ).order_by(s.id)
        ).all()
        ids = _renumber([r[0] for r in rows])
        out = [
            {
                "id": ids[r.id],
                "group": groups[r.group_id],
                "date": _iso(r.date),
                "start_time": _iso(r.start_time),
                "end_time": _iso(r.end_time),
                "location": r.location,
                "topic": r.topic,
                "facilitator": r.facilitator,
                "cancelled": bool(r.cancelled),
                "guest_count": r.guest_count,
            }
            for r in rows
        ]
        return out, ids

    def _dump_memberships(self, members: dict[int, int], groups: dict[int, int]) -> list[Row]:
        ms = m.Membership
        query = select(ms.member_id, ms.group_id, ms.joined_on, ms.left_on).order_by(ms.id)
        return [
            {
                "member": members[member_id],
                "group": groups[group_id],
                "joined_on": _iso(joined_on),
                "left_on": _iso(left_on),
            }
            for member_id, group_id, joined_on, left_on in self._s.execute(query)
        ]

    def _dump_consents(self, members: dict[int, int]) -> list[Row]:
        c = m.Consent
        query = select(c.member_id, c.kind, c.given, c.recorded_on, c.revoked_on, c.note).order_by(
            c.id
        )
        return [
            {
                "member": members[r.member_id],
                "kind": r.kind,
                "given": bool(r.given),
                "recorded_on": _iso(r.recorded_on),
                "revoked_on": _iso(r.revoked_on),
                "note": r.note,
            }
            for r in self._s.execute(query)
        ]

    def _dump_milestones(self, members: dict[int, int]) -> list[Row]:
        ml = m.Milestone
        query = select(ml.member_id, ml.label, ml.date, ml.shared).order_by(ml.id)
        return [
            {"member": members[member_id], "label": label, "date": _iso(day), "shared": bool(sh)}
            for member_id, label, day, sh in self._s.execute(query)
        ]

    def _dump_attendance(self, sessions: dict[int, int], members: dict[int, int]) -> list[Row]:
        a = m.Attendance
        query = select(a.session_id, a.member_id, a.status, a.arrived_at).order_by(
            a.session_id, a.member_id
        )
        return [
            {
                "session": sessions[session_id],
                "member": members[member_id],
                "status": status,
                "arrived_at": None if arrived_at is None else arrived_at.isoformat(),
            }
            for session_id, member_id, status, arrived_at in self._s.execute(query)
        ]

    def _dump_notes(self, sessions: dict[int, int], members: dict[int, int]) -> list[Row]:
        n = m.Note
        query = select(
            n.session_id, n.member_id, n.template, n.body, n.created_at, n.updated_at
        ).order_by(n.id)
        return [
            {
                "session": None if r.session_id is None else sessions[r.session_id],
                "member": None if r.member_id is None else members[r.member_id],
                "template": r.template,
                "body": r.body,
                "created_at": _iso(r.created_at),
                "updated_at": _iso(r.updated_at),
            }
            for r in self._s.execute(query)
        ]

    def _dump_follow_ups(self, sessions: dict[int, int], members: dict[int, int]) -> list[Row]:
        f = m.FollowUp
        query = select(
            f.description,
            f.member_id,
            f.session_id,
            f.due_on,
            f.priority,
            f.done,
            f.done_on,
            f.created_at,
        ).order_by(f.id)
        return [
            {
                "description": r.description,
                "member": None if r.member_id is None else members[r.member_id],
                "session": None if r.session_id is None else sessions[r.session_id],
                "due_on": _iso(r.due_on),
                "priority": r.priority,
                "done": bool(r.done),
                "done_on": _iso(r.done_on),
                "created_at": _iso(r.created_at),
            }
            for r in self._s.execute(query)
        ]

    # -- import ------------------------------------------------------------------
    def load(self, tables: Tables) -> dict[str, int]:
        """Insert validated rows (the bundle's shape, but with Python values: ``date``,
        ``time``, ``datetime``, ``bool``, enum values as text) and return the rows
        added per table.

        Bundle ids (``id`` and the ``group`` / ``member`` / ``session`` references)
        become new database ids after the highest in use, in the rows' order.  Every
        reference must name a row of the same bundle: the caller has checked that.
        Rows go in with ``executemany`` on the driver, stored as the models store them.
        """
        get = tables.get
        groups = self._new_ids(m.Group.id, get("groups", []))
        members = self._new_ids(m.Member.id, get("members", []))
        sessions = self._new_ids(m.Session.id, get("sessions", []))
        now = dt.datetime.now().replace(microsecond=0)

        def ref(ids: dict[int, int], key: str) -> _Getter:
            return lambda row: None if row.get(key) is None else ids[row[key]]

        group_of, member_of, session_of = (
            ref(groups, "group"),
            ref(members, "member"),
            ref(sessions, "session"),
        )

        def created(_row: Row) -> dt.datetime:
            return now

        plan: list[tuple[str, type[m.Base], dict[str, _Getter]]] = [
            ("groups", m.Group, {"id": ref(groups, "id"), "created_at": created}),
            ("members", m.Member, {"id": ref(members, "id"), "created_at": created}),
            ("memberships", m.Membership, {"member_id": member_of, "group_id": group_of}),
            ("consents", m.Consent, {"member_id": member_of}),
            ("milestones", m.Milestone, {"member_id": member_of}),
            ("sessions", m.Session, {"id": ref(sessions, "id"), "group_id": group_of}),
            ("attendance", m.Attendance, {"session_id": session_of, "member_id": member_of}),
            ("notes", m.Note, {"session_id": session_of, "member_id": member_of}),
            ("follow_ups", m.FollowUp, {"session_id": session_of, "member_id": member_of}),
        ]
        added: dict[str, int] = {}
        for table, model, computed in plan:
            rows = get(table, [])
            added[table] = len(rows)
            if rows:
                self._insert(model, rows, computed)
        return added

    def _new_ids(self, column: InstrumentedAttribute[int], rows: list[Row]) -> dict[int, int]:
        highest = self._s.scalar(select(func.max(column))) or 0
        return {row["id"]: highest + i for i, row in enumerate(rows, start=1)}

    def _insert(self, model: type[m.Base], rows: list[Row], computed: dict[str, _Getter]) -> None:
        names: list[str] = []
        getters: list[_Getter] = []
        for column in model.__table__.columns:
            getter = computed.get(column.name)
            if getter is None and column.name in rows[0]:
                getter = operator.itemgetter(column.name)
            if getter is None:
                continue  # the table's own id: SQLite numbers it
            store = _storage_form(column.type)
            names.append(column.name)
            getters.append(getter if store is None else _compose(store, getter))
        sql = (
            f"INSERT INTO {model.__tablename__} ({', '.join(names)}) "
            f"VALUES ({', '.join('?' * len(names))})"
        )
        values = [tuple(get(row) for get in getters) for row in rows]
        self._s.connection().exec_driver_sql(sql, values)


_Getter = Callable[[Row], Any]


def _sql_bool(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _storage_form(kind: TypeEngine[Any]) -> Callable[[Any], Any] | None:
    """How SQLAlchemy's SQLite types store a Python value (see storage/bulk.py)."""
    if isinstance(kind, DateTime):
        return sql_datetime
    if isinstance(kind, Date):
        return sql_date
    if isinstance(kind, Time):
        return sql_time
    if isinstance(kind, Boolean):
        return _sql_bool
    return None


def _compose(store: Callable[[Any], Any], get: _Getter) -> _Getter:
    return lambda row: store(get(row))
