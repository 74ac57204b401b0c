"""ORM rows to domain records (ORM objects never leave storage)."""

from __future__ import annotations

from facilitator.domain import (
    AttendanceRecord,
    AttendanceStatus,
    ConsentKind,
    ConsentRecord,
    FollowUpRecord,
    GroupRecord,
    MemberRecord,
    MemberStatus,
    MilestoneRecord,
    NoteRecord,
    Priority,
)
from facilitator.storage import models as m


def group(row: m.Group, member_count: int = 0) -> GroupRecord:
    return GroupRecord(
        id=row.id,
        name=row.name,
        printed_title=row.printed_title,
        description=row.description,
        location=row.location,
        facilitator=row.facilitator,
        schedule_rule=row.schedule_rule,
        schedule_start=row.schedule_start,
        start_time=row.start_time,
        end_time=row.end_time,
        archived=row.archived,
        member_count=member_count,
    )


def member(row: m.Member) -> MemberRecord:
    return MemberRecord(
        id=row.id,
        first_name=row.first_name,
        last_name=row.last_name,
        preferred_name=row.preferred_name,
        pronouns=row.pronouns,
        phone=row.phone,
        email=row.email,
        emergency_contact=row.emergency_contact,
        date_joined=row.date_joined,
        status=MemberStatus(row.status),
        notes=row.notes,
    )


def consent(row: m.Consent) -> ConsentRecord:
    return ConsentRecord(
        id=row.id,
        member_id=row.member_id,
        kind=ConsentKind(row.kind),
        given=row.given,
        recorded_on=row.recorded_on,
        revoked_on=row.revoked_on,
        note=row.note,
    )


def milestone(row: m.Milestone) -> MilestoneRecord:
    return MilestoneRecord(
        id=row.id, member_id=row.member_id, label=row.label, date=row.date, shared=row.shared
    )


def attendance(row: m.Attendance) -> AttendanceRecord:
    return AttendanceRecord(
        session_id=row.session_id,
        member_id=row.member_id,
        status=AttendanceStatus(row.status),
        arrived_at=row.arrived_at,
    )


def note(row: m.Note) -> NoteRecord:
    return NoteRecord(
        id=row.id,
        body=row.body,
        session_id=row.session_id,
        member_id=row.member_id,
        template=row.template,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def follow_up(row: m.FollowUp, member_name: str = "") -> FollowUpRecord:
    return FollowUpRecord(
        id=row.id,
        description=row.description,
        due_on=row.due_on,
        priority=Priority(row.priority),
        member_id=row.member_id,
        session_id=row.session_id,
        done=row.done,
        done_on=row.done_on,
        member_name=member_name,
    )
