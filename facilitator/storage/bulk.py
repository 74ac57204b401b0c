"""Loading many rows at once: the demo data set and the benchmark's large vault.

The rows are plain named tuples whose fields are the table's columns, in order,
with explicit ids; values are Python values (``datetime.date``, ``bool``, the
domain's ``StrEnum`` members) and :func:`bulk_load` stores them exactly as the
SQLAlchemy models would (dates as ``YYYY-MM-DD``, times as ``HH:MM:SS.ffffff``,
datetimes as ``YYYY-MM-DD HH:MM:SS.ffffff``, booleans as 0/1, enums as their
values), so the ORM reads them back unchanged.

Everything goes in with multi-row ``INSERT ... VALUES`` statements on the
driver connection, in one transaction, with every constraint and trigger in
force (the full-text index is kept in step by its triggers as usual).
"""

from __future__ import annotations

import datetime as dt
import logging
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any, NamedTuple

from sqlalchemy import Connection

from facilitator.domain.enums import AttendanceStatus, ConsentKind, MemberStatus, Priority
from facilitator.storage.vault import Vault

log = logging.getLogger(__name__)

# Rows go in as multi-row INSERT ... VALUES statements of about this many values
# (SQLite allows 32,766).  With SQLCipher's memory security on, every heap
# allocation costs two system calls (mlock/munlock) once a connection's lookaside
# slots are taken, as they soon are by its cached statements; per-row statement
# work (binding, the IN-list CHECK constraints' set-up) then dominates, and
# executemany took ~150 s for the 400,000 attendance rows where 2,000-row
# statements take ~11 s (this machine, 2 cores).
_VALUES_PER_STATEMENT = 8000


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


_Converter = Callable[[Any], Any]


def _converter(annotation: Any) -> _Converter | None:
    """How one column's Python value becomes what SQLite stores (None: as it is)."""
    kinds = set(typing.get_args(annotation)) or {annotation}
    if dt.datetime in kinds:
        return sql_datetime
    if dt.date in kinds:
        return sql_date
    if dt.time in kinds:
        return sql_time
    if bool in kinds:
        return _sql_bool
    for kind in kinds:
        if isinstance(kind, type) and issubclass(kind, Enum):
            enum: type[Enum] = kind
            return lambda value: enum(value).value  # an unknown value raises ValueError
    return None


def _insert(
    connection: Connection, table: str, row_type: type[tuple[Any, ...]], rows: Sequence[Any]
) -> None:
    columns: tuple[str, ...] = row_type._fields  # type: ignore[attr-defined]
    hints = typing.get_type_hints(row_type)
    plan = [(i, c) for i, name in enumerate(columns) if (c := _converter(hints[name])) is not None]
    per_statement = max(1, _VALUES_PER_STATEMENT // len(columns))
    one_row = f"({', '.join('?' * len(columns))})"
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        values: list[Any] = []
        for row in chunk:
            converted = list(row)
            for i, convert in plan:
                converted[i] = convert(converted[i])
            values.extend(converted)
        connection.exec_driver_sql(head + ", ".join([one_row] * len(chunk)), tuple(values))


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

    The ids in ``data`` must not be taken yet (load into an empty vault).  Every
    constraint and the full-text triggers stay in force; on any error the
    transaction is rolled back and the vault is as it was.
    """
    with vault.engine.begin() as connection:
        for table, row_type in _ROW_TYPES.items():
            _insert(connection, table, row_type, getattr(data, table))
    with vault.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA optimize = 0x10002")
    vault.checkpoint()
    log.info("bulk-loaded %d rows", sum(data.counts().values()))
