"""Groups, members, memberships, consents and milestones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, NamedTuple

from facilitator.domain import (
    ConsentKind,
    ConsentRecord,
    GroupRecord,
    MemberRecord,
    MembershipRecord,
    MemberStatus,
    MilestoneRecord,
    PersonPage,
    RosterEntry,
)
from facilitator.domain.records import display_name_of, short_name_of
from facilitator.errors import InvalidInput
from facilitator.services._common import SYSTEM_CLOCK, Clock, clean_email, clean_phone, clean_text
from facilitator.services.notes import MAX_NOTE_LENGTH
from facilitator.services.schedule import validate_rule
from facilitator.storage.repositories import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class GroupDraft:
    """What a person fills in to create or edit a group."""

    name: str
    printed_title: str = ""
    description: str = ""
    location: str = ""
    facilitator: str = ""
    schedule_rule: str = ""
    schedule_start: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None


@dataclass(frozen=True, slots=True)
class MemberDraft:
    """What a person fills in to add or edit a member.  A first name is enough."""

    first_name: str
    last_name: str = ""
    preferred_name: str = ""
    pronouns: str = ""
    phone: str = ""
    email: str = ""
    emergency_contact: str = ""
    date_joined: dt.date | None = None
    status: MemberStatus = MemberStatus.ACTIVE
    notes: str = ""

    def cleaned(self) -> MemberDraft:
        """The draft with white space tidied, or InvalidInput naming the field."""
        return MemberDraft(
            first_name=clean_text(self.first_name, "first name", max_length=100, required=True),
            last_name=clean_text(self.last_name, "last name", max_length=100),
            preferred_name=clean_text(self.preferred_name, "preferred name", max_length=100),
            pronouns=clean_text(self.pronouns, "pronouns", max_length=50),
            phone=clean_phone(self.phone),
            email=clean_email(self.email),
            emergency_contact=clean_text(
                self.emergency_contact, "emergency contact", max_length=300
            ),
            date_joined=self.date_joined,
            status=MemberStatus(self.status),
            notes=clean_text(self.notes, "notes", max_length=MAX_NOTE_LENGTH, free_text=True),
        )

    def as_fields(self) -> dict[str, Any]:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["status"] = self.status.value
        return values


class MemberListRow(NamedTuple):
    """One line of the list of all members: what it shows of a person (names, status,
    date joined) and the names of their current groups, sorted ignoring case.  Its
    ``display_name`` and ``short_name`` are a :class:`MemberRecord`'s, so the privacy
    screen shows a name in the list as everywhere else.

    A named tuple, not a frozen dataclass: the page gets 5,000 of these, and a frozen
    dataclass's ``__init__`` (a ``object.__setattr__`` a field) takes 3x as long."""

    id: int
    first_name: str
    last_name: str
    preferred_name: str
    status: MemberStatus
    date_joined: dt.date | None
    groups: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        return display_name_of(self.first_name, self.last_name, self.preferred_name)

    @property
    def short_name(self) -> str:
        return short_name_of(self.first_name, self.last_name, self.preferred_name)

    @classmethod
    def of(cls, member: MemberRecord, groups: Iterable[str] = ()) -> MemberListRow:
        """The line for a member read in full (e.g. the person just edited)."""
        return cls(
            member.id,
            member.first_name,
            member.last_name,
            member.preferred_name,
            member.status,
            member.date_joined,
            tuple(sorted(groups, key=lambda n: (n.casefold(), n))),
        )


def _group_fields(draft: GroupDraft) -> dict[str, Any]:
    name = clean_text(draft.name, "group name", max_length=200, required=True)
    rule = validate_rule(draft.schedule_rule, draft.schedule_start)
    if rule and draft.schedule_start is None:
        raise InvalidInput("A group with a schedule needs the date of its first meeting.")
    if draft.start_time and draft.end_time and draft.end_time <= draft.start_time:
        raise InvalidInput("The group's end time is before its start time.")
    return {
        "name": name,
        "printed_title": clean_text(draft.printed_title, "printed title", max_length=200),
        "description": clean_text(
            draft.description, "description", max_length=MAX_NOTE_LENGTH, free_text=True
        ),
        "location": clean_text(draft.location, "location", max_length=200),
        "facilitator": clean_text(draft.facilitator, "facilitator", max_length=200),
        "schedule_rule": rule,
        "schedule_start": draft.schedule_start,
        "start_time": draft.start_time,
        "end_time": draft.end_time,
    }


class RosterService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock = SYSTEM_CLOCK) -> None:
        self._uow = uow
        self._clock = clock

    # -- groups ----------------------------------------------------------------
    def create_group(self, draft: GroupDraft) -> GroupRecord:
        values = _group_fields(draft)
        with self._uow() as uow:
            self._ensure_unique_name(uow, values["name"], None)
            return uow.groups.add(**values)

    def update_group(self, group_id: int, draft: GroupDraft) -> GroupRecord:
        values = _group_fields(draft)
        with self._uow() as uow:
            self._ensure_unique_name(uow, values["name"], group_id)
            return uow.groups.update(group_id, **values)

    def set_archived(self, group_id: int, archived: bool = True) -> GroupRecord:
        with self._uow() as uow:
            return uow.groups.update(group_id, archived=archived)

    def groups(self, *, include_archived: bool = False) -> list[GroupRecord]:
        with self._uow() as uow:
            return uow.groups.all(include_archived=include_archived)

    def group(self, group_id: int) -> GroupRecord:
        with self._uow() as uow:
            return uow.groups.get(group_id)

    def find_group(self, name: str) -> GroupRecord:
        """The group with this name (case-insensitive), or InvalidInput (naming no group:
        a message may be logged or seen over a shoulder)."""
        with self._uow() as uow:
            group_id = uow.groups.id_by_name(name)
            if group_id is None:
                known = bool(uow.groups.all(include_archived=True))
                raise InvalidInput(
                    "No group has that name."
                    + (
                        " `facilitator list groups` shows them."
                        if known
                        else " The vault has no groups yet."
                    )
                )
            return uow.groups.get(group_id)

    @staticmethod
    def _ensure_unique_name(uow: UnitOfWork, name: str, group_id: int | None) -> None:
        existing = uow.groups.id_by_name(name)
        if existing is not None and existing != group_id:
            raise InvalidInput("A group with that name already exists. Choose another name.")

    # -- members ---------------------------------------------------------------
    def add_member(self, draft: MemberDraft, *, group_id: int | None = None) -> MemberRecord:
        clean = draft.cleaned()
        if clean.date_joined is None:
            clean = replace(clean, date_joined=self._clock.today())
        with self._uow() as uow:
            member = uow.members.add(**clean.as_fields())
            if group_id is not None:
                uow.members.join(member.id, group_id, clean.date_joined or self._clock.today())
            return member

    def update_member(self, member_id: int, draft: MemberDraft) -> MemberRecord:
        clean = draft.cleaned()
        with self._uow() as uow:
            return uow.members.update(member_id, **clean.as_fields())

    def set_status(self, member_id: int, status: MemberStatus) -> MemberRecord:
        with self._uow() as uow:
            return uow.members.update(member_id, status=status.value)

    def member(self, member_id: int) -> MemberRecord:
        with self._uow() as uow:
            return uow.members.get(member_id)

    def members(
        self,
        *,
        statuses: Sequence[MemberStatus] | None = None,
        group_id: int | None = None,
        search: str = "",
    ) -> list[MemberRecord]:
        with self._uow() as uow:
            found = uow.members.all(statuses=statuses, group_id=group_id)
        words = search.casefold().split()
        if not words:
            return found
        return [m for m in found if all(w in _haystack(m) for w in words)]

    def person_page(self, member_id: int) -> PersonPage:
        """Everything a person's page shows, in one transaction and one snapshot of the
        vault (eight reads that each saw the latest commit could show a note on one tab
        and not on another, had a change come between them)."""
        with self._uow() as uow, uow.snapshot():
            return PersonPage(
                member=uow.members.get(member_id),
                memberships=tuple(uow.members.memberships_of(member_id)),
                consents=tuple(uow.members.consents_of([member_id])[member_id]),
                milestones=tuple(uow.members.milestones_of(member_id)),
                history=tuple(uow.attendance.history(member_id)),
                notes=tuple(uow.notes.for_member(member_id)),
                follow_ups=tuple(uow.follow_ups.find(member_id=member_id)),  # open and done
                groups=tuple(uow.groups.all(include_archived=False)),
                today=self._clock.today(),
            )

    def member_list(self, *, statuses: Sequence[MemberStatus] | None = None) -> list[MemberListRow]:
        """Every member with the names of their current groups (the Members page's list),
        by id: the page sorts them by the column chosen and the name it shows.  Only what
        the list shows is read (no contact details, no notes): two queries in all,
        whatever the number of members.  Opening a person reads them in full (member)."""
        with self._uow() as uow:
            listed = uow.members.listing(statuses=statuses)
        return list(map(MemberListRow._make, listed))

    # -- memberships -------------------------------------------------------------
    def join_group(
        self, member_id: int, group_id: int, joined_on: dt.date | None = None
    ) -> MembershipRecord:
        with self._uow() as uow:
            current = uow.members.current_membership(member_id, group_id)
            if current is not None:
                return current
            return uow.members.join(member_id, group_id, joined_on or self._clock.today())

    def leave_group(
        self, member_id: int, group_id: int, left_on: dt.date | None = None
    ) -> MembershipRecord:
        with self._uow() as uow:
            current = uow.members.current_membership(member_id, group_id)
            if current is None:
                raise InvalidInput("That person is not a current member of this group.")
            day = left_on or self._clock.today()
            if day < current.joined_on:
                raise InvalidInput("The leaving date is before the date they joined.")
            return uow.members.leave(current.id, day)

    def roster(self, group_id: int, *, include_former: bool = False) -> list[RosterEntry]:
        with self._uow() as uow:
            return uow.members.roster(group_id, include_former=include_former)

    def memberships(self, member_id: int) -> list[MembershipRecord]:
        with self._uow() as uow:
            return uow.members.memberships_of(member_id)

    # -- consents and milestones ------------------------------------------------
    def record_consent(
        self,
        member_id: int,
        kind: ConsentKind,
        *,
        given: bool = True,
        recorded_on: dt.date | None = None,
        note: str = "",
    ) -> ConsentRecord:
        """Record what the member agreed to (or declined).  Earlier records of the kind
        that are still in force are revoked on the same day, so one answer stands."""
        day = recorded_on or self._clock.today()
        with self._uow() as uow:
            for earlier in uow.members.consents_of([member_id])[member_id]:
                if earlier.kind == kind and earlier.in_force:
                    uow.members.revoke_consent(earlier.id, day)
            return uow.members.add_consent(
                member_id, kind, given, day, clean_text(note, "note", max_length=500)
            )

    def revoke_consent(self, consent_id: int, revoked_on: dt.date | None = None) -> ConsentRecord:
        with self._uow() as uow:
            return uow.members.revoke_consent(consent_id, revoked_on or self._clock.today())

    def consents(self, member_id: int) -> list[ConsentRecord]:
        with self._uow() as uow:
            return uow.members.consents_of([member_id])[member_id]

    def add_milestone(
        self, member_id: int, label: str, date: dt.date, *, shared: bool = True
    ) -> MilestoneRecord:
        text = clean_text(label, "milestone", max_length=200, required=True)
        with self._uow() as uow:
            return uow.members.add_milestone(member_id, text, date, shared)

    def remove_milestone(self, milestone_id: int) -> None:
        with self._uow() as uow:
            uow.members.delete_milestone(milestone_id)

    def milestones(self, member_id: int) -> list[MilestoneRecord]:
        with self._uow() as uow:
            return uow.members.milestones_of(member_id)


def _haystack(member: MemberRecord) -> str:
    return " ".join(
        (member.first_name, member.last_name, member.preferred_name, member.email, member.phone)
    ).casefold()
