"""Members, their memberships, consents and milestones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, String, func, select, type_coerce
from sqlalchemy.orm import Session

from facilitator.domain import (
    AttendanceStatus,
    ConsentKind,
    ConsentRecord,
    MemberRecord,
    MembershipRecord,
    MemberStatus,
    MilestoneRecord,
    RosterEntry,
)
from facilitator.domain.folding import caseless, name_sort_key
from facilitator.storage import models as m
from facilitator.storage.repositories import convert
from facilitator.storage.repositories._base import apply_changes, get_or_raise, in_ids

MEMBER_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "preferred_name",
        "pronouns",
        "phone",
        "email",
        "emergency_contact",
        "date_joined",
        "status",
        "notes",
    }
)


# Names in a reader's order, whatever their case and accents (see engine.name_sort_key).
_BY_NAME = (
    func.name_sort_key(m.Member.first_name),
    func.name_sort_key(m.Member.last_name),
    m.Member.id,
)

# A member as plain columns (named as MemberRecord's fields).
_MEMBER_COLUMNS = (
    m.Member.id,
    m.Member.first_name,
    m.Member.last_name,
    m.Member.preferred_name,
    m.Member.pronouns,
    m.Member.phone,
    m.Member.email,
    m.Member.emergency_contact,
    m.Member.date_joined,
    m.Member.status,
    m.Member.notes,
)
_MEMBER_FIELDS = tuple(column.key for column in _MEMBER_COLUMNS)
_STATUS = {s.value: s for s in MemberStatus}  # a dict lookup, not an Enum call, per row
_ATTENDED = [s.value for s in AttendanceStatus if s.attended]
_KINDS = {k.value: k for k in ConsentKind}
_CONSENT_COLUMNS = (
    m.Consent.id,
    m.Consent.member_id,
    m.Consent.kind,
    m.Consent.given,
    m.Consent.recorded_on,
    m.Consent.revoked_on,
    m.Consent.note,
)

# What a list of everyone shows of a person (see MemberRepository.listing).  The date
# comes as its ISO text and is parsed here: SQLAlchemy's own Date processing took 2 ms of
# the 5,000 rows' 7; date.fromisoformat, 0.3.
_LISTED_COLUMNS = (
    m.Member.id,
    m.Member.first_name,
    m.Member.last_name,
    m.Member.preferred_name,
    m.Member.status,
    type_coerce(m.Member.date_joined, String).label("date_joined"),
)
# (id, first name, last name, preferred name, status, date joined, current groups' names)
ListedMember = tuple[int, str, str, str, MemberStatus, dt.date | None, tuple[str, ...]]


def _group_order(name: str) -> tuple[str, str]:
    return name.casefold(), name


def _member_record(row: Sequence[Any]) -> MemberRecord:
    values = dict(zip(_MEMBER_FIELDS, row, strict=True))
    values["status"] = _STATUS[values["status"]]
    return MemberRecord(**values)


def _membership_record(row: m.Membership, group_name: str) -> MembershipRecord:
    return MembershipRecord(
        id=row.id,
        member_id=row.member_id,
        group_id=row.group_id,
        group_name=group_name,
        joined_on=row.joined_on,
        left_on=row.left_on,
    )


def _sort_by_name(members: list[MemberRecord]) -> list[MemberRecord]:
    """``members`` in the order ``ORDER BY name_sort_key(first_name),
    name_sort_key(last_name), id`` gives (Python compares the keys by code point, as
    SQLite compares their UTF-8 bytes).  Each distinct name is keyed once, in a memo
    that lives for this call only (no names kept in memory after it)."""
    memo: dict[str, str] = {}

    def key(name: str) -> str:
        found = memo.get(name)
        if found is None:
            found = memo[name] = name_sort_key(name) or ""
        return found

    return sorted(members, key=lambda r: (key(r.first_name), key(r.last_name), r.id))


class MemberRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    # -- people --------------------------------------------------------------
    def add(self, **fields: Any) -> MemberRecord:
        row = m.Member()
        apply_changes(row, fields, MEMBER_FIELDS)
        self._s.add(row)
        self._s.flush()
        return convert.member(row)

    def update(self, member_id: int, **changes: Any) -> MemberRecord:
        row = get_or_raise(self._s, m.Member, member_id, "member")
        apply_changes(row, changes, MEMBER_FIELDS)
        self._s.flush()
        return convert.member(row)

    def get(self, member_id: int) -> MemberRecord:
        return convert.member(get_or_raise(self._s, m.Member, member_id, "member"))

    def get_many(self, member_ids: Iterable[int]) -> dict[int, MemberRecord]:
        ids = sorted(set(member_ids))
        if not ids:
            return {}
        rows = self._s.execute(select(*_MEMBER_COLUMNS).where(in_ids(m.Member.id, ids)))
        return {record.id: record for record in map(_member_record, rows)}

    def all(
        self,
        *,
        statuses: Sequence[MemberStatus] | None = None,
        group_id: int | None = None,
        by_name: bool = True,
    ) -> list[MemberRecord]:
        """Members in a reader's order of names (see engine.name_sort_key), then by id;
        by id only when not ``by_name`` (for a caller that sorts them its own way).

        Read as plain columns and sorted here: on the large demo's 5,000 members, ORM
        rows sorted in SQL by the name key (10,000 calls of a Python function, and
        SQLite's sorter under cipher_memory_security) took 90 ms; this 35 (30 by id)."""
        query = select(*_MEMBER_COLUMNS).order_by(m.Member.id)
        if statuses:
            query = query.where(m.Member.status.in_([s.value for s in statuses]))
        if group_id is not None:
            query = query.where(
                m.Member.id.in_(
                    select(m.Membership.member_id).where(
                        m.Membership.group_id == group_id, m.Membership.left_on.is_(None)
                    )
                )
            )
        found = [_member_record(row) for row in self._s.execute(query)]
        return _sort_by_name(found) if by_name else found

    def count(self) -> int:
        return self._s.scalar(select(func.count()).select_from(m.Member)) or 0

    def any(self) -> bool:
        """Whether there is at least one (a count reads every row; this reads one)."""
        return self._s.scalar(select(m.Member.id).limit(1)) is not None

    def find_same_person(self, first: str, last: str, phone: str, email: str) -> int | None:
        """An existing member with the same names and contact details, ignoring case in
        any script ("ÉMILE" is "émile"; "Zoe" is not "Zoë").  The exact phone comes first:
        SQLite tests the terms in order, so the Python function runs on few rows."""
        return self._s.scalar(
            select(m.Member.id)
            .where(
                m.Member.phone == phone,
                func.caseless(m.Member.email) == caseless(email),
                func.caseless(m.Member.first_name) == caseless(first),
                func.caseless(m.Member.last_name) == caseless(last),
            )
            .order_by(m.Member.id)
            .limit(1)
        )

    # -- memberships -----------------------------------------------------------
    def current_membership(self, member_id: int, group_id: int) -> MembershipRecord | None:
        row = self._s.scalar(
            select(m.Membership).where(
                m.Membership.member_id == member_id,
                m.Membership.group_id == group_id,
                m.Membership.left_on.is_(None),
            )
        )
        return self._membership(row) if row else None

    def join(self, member_id: int, group_id: int, joined_on: dt.date) -> MembershipRecord:
        get_or_raise(self._s, m.Member, member_id, "member")
        get_or_raise(self._s, m.Group, group_id, "group")
        row = m.Membership(member_id=member_id, group_id=group_id, joined_on=joined_on)
        self._s.add(row)
        self._s.flush()
        return self._membership(row)

    def leave(self, membership_id: int, left_on: dt.date) -> MembershipRecord:
        row = get_or_raise(self._s, m.Membership, membership_id, "membership")
        row.left_on = left_on
        self._s.flush()
        return self._membership(row)

    def memberships_of(self, member_id: int) -> list[MembershipRecord]:
        """With their groups' names, in one query (not one more per membership)."""
        rows = self._s.execute(
            select(m.Membership, m.Group.name)
            .join(m.Group, m.Group.id == m.Membership.group_id)
            .where(m.Membership.member_id == member_id)
            .order_by(m.Membership.joined_on, m.Membership.id)
        )
        return [_membership_record(row, name) for row, name in rows]

    def _membership(self, row: m.Membership) -> MembershipRecord:
        group_name = self._s.scalar(select(m.Group.name).where(m.Group.id == row.group_id))
        return _membership_record(row, group_name or "")

    def roster(self, group_id: int, *, include_former: bool = False) -> list[RosterEntry]:
        query = (
            select(m.Member, m.Membership)
            .join(m.Membership, m.Membership.member_id == m.Member.id)
            .where(m.Membership.group_id == group_id)
            .order_by(*_BY_NAME)
        )
        if not include_former:
            query = query.where(m.Membership.left_on.is_(None))
        return [
            RosterEntry(
                member=convert.member(member),
                membership_id=ms.id,
                joined_on=ms.joined_on,
                left_on=ms.left_on,
            )
            for member, ms in self._s.execute(query)
        ]

    def listing(self, *, statuses: Sequence[MemberStatus] | None = None) -> list[ListedMember]:
        """Every member (of ``statuses``, if given) as the columns a list of everyone
        shows, with the names of their current groups sorted ignoring case; by id.  No
        contact details, pronouns or notes are read.

        Two SQLAlchemy Core selects on the session's connection (not through the ORM's
        loading): on the large demo's 5,000 members, whole members read through the
        session took 40-60 ms for the Members page; this about 14 (the same two
        statements in raw SQL: 7)."""
        connection = self._s.connection()
        query = select(*_LISTED_COLUMNS).order_by(m.Member.id)
        if statuses:
            query = query.where(m.Member.status.in_([s.value for s in statuses]))
        groups = self._current_groups(connection)
        status, day, no_groups = _STATUS, dt.date.fromisoformat, ()
        return [
            (
                member_id,
                first,
                last,
                preferred,
                status[state],
                day(joined) if joined else None,
                groups.get(member_id, no_groups),
            )
            for member_id, first, last, preferred, state, joined in connection.execute(query).all()
        ]

    @staticmethod
    def _current_groups(connection: Connection) -> dict[int, tuple[str, ...]]:
        """Member id -> names of the groups they belong to now, sorted ignoring case."""
        found: dict[int, list[str]] = {}
        for member_id, name in connection.execute(
            select(m.Membership.member_id, m.Group.name)
            .join(m.Group, m.Group.id == m.Membership.group_id)
            .where(m.Membership.left_on.is_(None))
        ).all():
            found.setdefault(member_id, []).append(name)
        return {
            member_id: tuple(sorted(names, key=_group_order) if len(names) > 1 else names)
            for member_id, names in found.items()
        }

    def absent_from(
        self, sessions_by_group: Mapping[int, Sequence[int]]
    ) -> list[tuple[int, int, dt.date]]:
        """(group id, member id, joined on) of each active member's current membership
        of these groups who came (present or late) to none of the group's given
        sessions (a group given none is left out).

        One query, the marks read and matched in SQLite: the Today digest asks this of
        every group's latest sessions, where reading each mark and roster into Python
        took 20 ms on the benchmark's vault (6,000 marks, 2,000 memberships) and this 3.
        The sessions' marks are gathered once (``MATERIALIZED``): left to SQLite's
        choice, the same test per membership took 12."""
        pairs = [(g, s) for g, ids in sessions_by_group.items() for s in ids]
        if not pairs:
            return []
        came = (
            select(m.Session.group_id, m.Attendance.member_id)
            .distinct()
            .join(m.Session, m.Session.id == m.Attendance.session_id)
            .where(
                in_ids(m.Attendance.session_id, [s for _g, s in pairs]),
                m.Attendance.status.in_(_ATTENDED),
            )
            .cte("came")
            .prefix_with("MATERIALIZED")
        )
        rows = self._s.execute(
            select(m.Membership.group_id, m.Membership.member_id, m.Membership.joined_on)
            .join(m.Member, m.Member.id == m.Membership.member_id)
            .where(
                in_ids(m.Membership.group_id, {g for g, _s in pairs}),
                m.Membership.left_on.is_(None),
                m.Member.status == MemberStatus.ACTIVE.value,
                ~select(came.c.member_id)
                .where(
                    came.c.group_id == m.Membership.group_id,
                    came.c.member_id == m.Membership.member_id,
                )
                .exists(),
            )
        )
        return [(group_id, member_id, joined_on) for group_id, member_id, joined_on in rows]

    # -- consents --------------------------------------------------------------
    def add_consent(
        self,
        member_id: int,
        kind: ConsentKind,
        given: bool,
        recorded_on: dt.date,
        note: str = "",
    ) -> ConsentRecord:
        get_or_raise(self._s, m.Member, member_id, "member")
        row = m.Consent(
            member_id=member_id, kind=kind.value, given=given, recorded_on=recorded_on, note=note
        )
        self._s.add(row)
        self._s.flush()
        return convert.consent(row)

    def revoke_consent(self, consent_id: int, revoked_on: dt.date) -> ConsentRecord:
        row = get_or_raise(self._s, m.Consent, consent_id, "consent")
        row.revoked_on = revoked_on
        self._s.flush()
        return convert.consent(row)

    def consents_of(self, member_ids: Iterable[int]) -> dict[int, list[ConsentRecord]]:
        ids = sorted(set(member_ids))
        result: dict[int, list[ConsentRecord]] = {i: [] for i in ids}
        if not ids:
            return result
        # Plain columns, no ORM rows: the Today digest reads the consents of everyone it
        # may suggest contacting (hundreds on the benchmark's vault; 9 ms as ORM rows, 3).
        rows = self._s.execute(
            select(*_CONSENT_COLUMNS)
            .where(in_ids(m.Consent.member_id, ids))
            .order_by(m.Consent.recorded_on, m.Consent.id)
        )
        for consent_id, member_id, kind, given, recorded_on, revoked_on, note in rows:
            result[member_id].append(
                ConsentRecord(
                    id=consent_id,
                    member_id=member_id,
                    kind=_KINDS[kind],
                    given=given,
                    recorded_on=recorded_on,
                    revoked_on=revoked_on,
                    note=note,
                )
            )
        return result

    # -- milestones ------------------------------------------------------------
    def add_milestone(
        self, member_id: int, label: str, date: dt.date, shared: bool
    ) -> MilestoneRecord:
        get_or_raise(self._s, m.Member, member_id, "member")
        row = m.Milestone(member_id=member_id, label=label, date=date, shared=shared)
        self._s.add(row)
        self._s.flush()
        return convert.milestone(row)

    def delete_milestone(self, milestone_id: int) -> None:
        self._s.delete(get_or_raise(self._s, m.Milestone, milestone_id, "milestone"))
        self._s.flush()

    def milestones_of(self, member_id: int) -> list[MilestoneRecord]:
        rows = self._s.scalars(
            select(m.Milestone).where(m.Milestone.member_id == member_id).order_by(m.Milestone.date)
        )
        return [convert.milestone(r) for r in rows]

    def shared_milestones_of_active_members(self) -> list[tuple[MilestoneRecord, str]]:
        """Every milestone marked shared of an active member, with the member's display
        name (columns only: no member rows built)."""
        rows = self._s.execute(
            select(
                m.Milestone.id,
                m.Milestone.member_id,
                m.Milestone.label,
                m.Milestone.date,
                m.Member.first_name,
                m.Member.preferred_name,
                m.Member.last_name,
            )
            .join(m.Member, m.Member.id == m.Milestone.member_id)
            .where(m.Milestone.shared.is_(True), m.Member.status == MemberStatus.ACTIVE.value)
        )
        return [
            (
                MilestoneRecord(id=mid, member_id=member_id, label=label, date=date, shared=True),
                MemberRecord(
                    id=member_id, first_name=first, preferred_name=preferred, last_name=last
                ).display_name,
            )
            for mid, member_id, label, date, first, preferred, last in rows
        ]
