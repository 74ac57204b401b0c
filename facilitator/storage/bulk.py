"""Loading many rows at once: the demo data set and the benchmark's large vault.

The rows are plain named tuples whose fields are the table's columns, in order,
with explicit ids; values are Python values (``datetime.date``, ``bool``, the
domain's ``StrEnum`` members) and :func:`bulk_load` stores them exactly as the
SQLAlchemy models would (dates as ``YYYY-MM-DD``, times as ``HH:MM:SS.ffffff``,
datetimes as ``YYYY-MM-DD HH:MM:SS.ffffff``, booleans as 0/1, enums as their
values), so the ORM reads them back unchanged.

Everything goes in with ``executemany`` on the driver connection, in one
transaction.  The full-text index is filled once at the end (``'rebuild'``)
instead of row by row through the insert trigger, which is put back as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any, NamedTuple

from facilitator.domain.enums import AttendanceStatus, ConsentKind, MemberStatus, Priority
from facilitator.storage.vault import Vault

log = logging.getLogger(__name__)

_FTS_INSERT_TRIGGER = "notes_fts_ai"


class GroupRow(NamedTuple):
    id: int
    name: str
    printed_title: str
    description: str
    location: str
    facilitator: str
    schedule_rule: str
    schedule_start: dt.date | None
    start_time: dt.time | None
    end_time: dt.time | None
    archived: bool
    created_at: dt.datetime


class MemberRow(NamedTuple):
    id: int
    first_name: str
    last_name: str
    preferred_name: str
    pronouns: str
    phone: str
    email: str
    emergency_contact: str
    date_joined: dt.date | None
    status: MemberStatus
    notes: str
    created_at: dt.datetime


class MembershipRow(NamedTuple):
    id: int
    member_id: int
    group_id: int
    joined_on: dt.date
    left_on: dt.date | None


class ConsentRow(NamedTuple):
    id: int
    member_id: int
    kind: ConsentKind
    given: bool
    recorded_on: dt.date
    revoked_on: dt.date | None
    note: str


class MilestoneRow(NamedTuple):
    id: int
    member_id: int
    label: str
    date: dt.date
    shared: bool


class SessionRow(NamedTuple):
    id: int
    group_id: int
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    location: str
    topic: str
    facilitator: str
    cancelled: bool
    guest_count: int


class AttendanceRow(NamedTuple):
    session_id: int
    member_id: int
    status: AttendanceStatus
    arrived_at: dt.time | None


class NoteRow(NamedTuple):
    id: int
    session_id: int | None
    member_id: int | None
    template: str
    body: str
    created_at: dt.datetime
    updated_at: dt.datetime


class FollowUpRow(NamedTuple):
    id: int
    description: str
    member_id: int | None
    session_id: int | None
    due_on: dt.date | None
    priority: Priority
    done: bool
    done_on: dt.date | None
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class DemoData:
    """Rows for every table, parents before children.  Each attribute is named after its table."""

    groups: list[GroupRow] = field(default_factory=list)
    members: list[MemberRow] = field(default_factory=list)
    memberships: list[MembershipRow] = field(default_factory=list)
    consents: list[ConsentRow] = field(default_factory=list)
    milestones: list[MilestoneRow] = field(default_factory=list)
    sessions: list[SessionRow] = field(default_factory=list)
    attendance: list[AttendanceRow] = field(default_factory=list)
    notes: list[NoteRow] = field(default_factory=list)
    follow_ups: list[FollowUpRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Rows per table, in load order."""
        return {f.name: len(getattr(self, f.name)) for f in fields(self)}


# -- values as SQLAlchemy's SQLite types store them ------------------------------


def sql_date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def sql_time(value: dt.time | None) -> str | None:
    return None if value is None else value.isoformat("microseconds")


def sql_datetime(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(" ", "microseconds")


def _sql_bool(value: bool) -> int:
    return 1 if value else 0


def _sql_enum(value: Enum | str) -> str:
    return value.value if isinstance(value, Enum) else value


_Converter = Callable[[Any], Any]


def _converter(annotation: Any) -> _Converter | None:
    """How to turn one column's Python value into what SQLite stores (None: as is)."""
    kinds = set(typing.get_args(annotation)) or {annotation}
    if dt.datetime in kinds:
        return sql_datetime
    if dt.date in kinds:
        return sql_date
    if dt.time in kinds:
        return sql_time
    if bool in kinds:
        return _sql_bool
    if any(isinstance(k, type) and issubclass(k, Enum) for k in kinds):
        return _sql_enum
    return None


def _sql_rows(
    row_type: type[tuple[Any, ...]], rows: Sequence[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    hints = typing.get_type_hints(row_type)
    columns: list[str] = list(row_type._fields)  # type: ignore[attr-defined]
    plan = [(i, c) for i, name in enumerate(columns) if (c := _converter(hints[name])) is not None]
    if not plan:
        return [tuple(row) for row in rows]
    out: list[tuple[Any, ...]] = []
    append = out.append
    for row in rows:
        values = list(row)
        for i, convert in plan:
            values[i] = convert(values[i])
        append(tuple(values))
    return out


def _insert_sql(table: str, row_type: type[tuple[Any, ...]]) -> str:
    columns: tuple[str, ...] = row_type._fields  # type: ignore[attr-defined]
    marks = ", ".join("?" * len(columns))
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"


_ROW_TYPES: dict[str, type[tuple[Any, ...]]] = {
    "groups": GroupRow,
    "members": MemberRow,
    "memberships": MembershipRow,
    "consents": ConsentRow,
    "milestones": MilestoneRow,
    "sessions": SessionRow,
    "attendance": AttendanceRow,
    "notes": NoteRow,
    "follow_ups": FollowUpRow,
}


def is_empty(vault: Vault) -> bool:
    """True when no table of the data model holds a row."""
    probe = " OR ".join(f"EXISTS (SELECT 1 FROM {table})" for table in _ROW_TYPES)
    with vault.engine.connect() as connection:
        return not connection.exec_driver_sql(f"SELECT {probe}").scalar_one()


def bulk_load(vault: Vault, data: DemoData) -> None:
    """Insert every row of ``data`` in one transaction, then refresh the planner's statistics.

    The ids in ``data`` must not be taken yet (load into an empty vault).  On any
    error the transaction is rolled back and the vault is as it was.
    """
    with vault.engine.begin() as connection:
        trigger_sql = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            (_FTS_INSERT_TRIGGER,),
        ).scalar_one()
        connection.exec_driver_sql(f"DROP TRIGGER {_FTS_INSERT_TRIGGER}")
        for table, row_type in _ROW_TYPES.items():
            rows = _sql_rows(row_type, getattr(data, table))
            if rows:
                connection.exec_driver_sql(_insert_sql(table, row_type), rows)
        # One pass over all notes is much faster than one trigger call per note.
        connection.exec_driver_sql("INSERT INTO notes_fts(notes_fts) VALUES ('rebuild')")
        connection.exec_driver_sql(trigger_sql)
    with vault.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA optimize = 0x10002")
    vault.checkpoint()
    log.info("bulk-loaded %d rows", sum(data.counts().values()))
