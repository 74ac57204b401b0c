"""SQLAlchemy 2.0 typed models: the vault's schema.

Dates are stored as ISO text (sortable), enums as their string values.  The
full-text index over notes (``notes_fts``) is an FTS5 external-content table
kept in step by triggers; it lives inside the encrypted file like everything
else.  The schema itself is created and changed only by Alembic migrations.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


# CHECK constraints are written as OR chains, not ``IN (...)``: with SQLCipher's
# cipher_memory_security on, an IN list in a CHECK made every insert ~25x slower
# (measured: 40,000 attendance rows 4.9 s with IN, 0.15 s with OR).


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class Group(Base):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    printed_title: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    facilitator: Mapped[str] = mapped_column(String(200), default="")
    schedule_rule: Mapped[str] = mapped_column(String(500), default="")
    schedule_start: Mapped[dt.date | None] = mapped_column(Date)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (
        CheckConstraint(
            "status = 'active' OR status = 'inactive' OR status = 'left'", name="ck_members_status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100), default="")
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    pronouns: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    emergency_contact: Mapped[str] = mapped_column(String(300), default="")
    date_joined: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (
        Index("ix_memberships_group", "group_id", "left_on"),
        Index("ix_memberships_member", "member_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    joined_on: Mapped[dt.date] = mapped_column(Date)
    left_on: Mapped[dt.date | None] = mapped_column(Date)


class Consent(Base):
    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_member", "member_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    given: Mapped[bool] = mapped_column(Boolean)
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    revoked_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class Milestone(Base):
    __tablename__ = "milestones"
    __table_args__ = (Index("ix_milestones_member", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date] = mapped_column(Date)
    shared: Mapped[bool] = mapped_column(Boolean, default=True)


class Session(Base):
    """One meeting of a group (not an ORM session)."""

    __tablename__ = "sessions"
    __table_args__ = (
        Index("ix_sessions_group_date", "group_id", "date"),
        Index("ix_sessions_date", "date"),
        CheckConstraint("guest_count >= 0", name="ck_sessions_guests"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    location: Mapped[str] = mapped_column(String(200), default="")
    topic: Mapped[str] = mapped_column(String(300), default="")
    facilitator: Mapped[str] = mapped_column(String(200), default="")
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    guest_count: Mapped[int] = mapped_column(Integer, default=0)


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (
        Index("ix_attendance_member", "member_id", "session_id"),
        CheckConstraint(
            "status = 'present' OR status = 'late' OR status = 'excused' OR status = 'absent'",
            name="ck_attendance_status",
        ),
    )

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(16))
    arrived_at: Mapped[dt.time | None] = mapped_column(Time)


class Note(Base):
    __tablename__ = "notes"
    __table_args__ = (
        Index("ix_notes_session", "session_id"),
        Index("ix_notes_member", "member_id"),
        CheckConstraint(
            "session_id is not null or member_id is not null", name="ck_notes_attached"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    template: Mapped[str] = mapped_column(String(50), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)


class FollowUp(Base):
    __tablename__ = "follow_ups"
    __table_args__ = (
        Index("ix_follow_ups_open_due", "done", "due_on"),
        Index("ix_follow_ups_member", "member_id"),
        Index("ix_follow_ups_session", "session_id"),
        CheckConstraint(
            "priority = 'low' OR priority = 'normal' OR priority = 'high'",
            name="ck_follow_ups_priority",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    description: Mapped[str] = mapped_column(Text)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    priority: Mapped[str] = mapped_column(String(8), default="normal")
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Setting(Base):
    """A setting kept inside the vault (e.g. where backups go); never names or notes."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# -- the export ledger (issue 13): what the anonymised summaries have published -------
# Counts only: never a name, a member id or a note.  A cell is stored once however
# many exports printed it (a re-export of an identical table publishes the same
# cells), and publications link to their cells.


class LedgerPublication(Base):
    """One anonymised summary the vault has written (see domain/ledger.py)."""

    __tablename__ = "ledger_publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    made_at: Mapped[dt.datetime] = mapped_column(DateTime)
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)
    group_labels: Mapped[str] = mapped_column(Text)
    """The labels as printed, as a JSON list of strings."""
    format: Mapped[str] = mapped_column(String(8))
    k: Mapped[int] = mapped_column(Integer)
    people_by_month: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    """Made before counts of people were printed for the whole period only (migration
    0004): its months' counts of people were table cells."""


class LedgerCell(Base):
    """One distinct published count.  ``id`` is derived from the cell's content (see
    storage/repositories/ledger.py), so that the same cell from any export has the
    same id and is stored once."""

    __tablename__ = "ledger_cells"
    __table_args__ = (Index("ix_ledger_cells_period", "start", "end"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    groups: Mapped[str] = mapped_column(Text)
    """The group ids it counts, sorted, comma-separated ("3" or "1,2,3")."""
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)
    measure: Mapped[str] = mapped_column(String(40))
    value: Mapped[int | None] = mapped_column(Integer)
    """What was printed; NULL when the cell was hidden."""
    true_value: Mapped[int] = mapped_column(Integer)


class LedgerLink(Base):
    """Which cells a publication printed (or hid)."""

    __tablename__ = "ledger_publication_cells"
    # No index on cell_id: cells are only ever removed all together, after the links
    # (see LedgerRepository.clear), so no lookup by cell is needed; it would double
    # the table, which grows by ~15,000 rows with each large export.
    __table_args__ = ({"sqlite_with_rowid": False},)

    publication_id: Mapped[int] = mapped_column(
        ForeignKey("ledger_publications.id", ondelete="CASCADE"), primary_key=True
    )
    cell_id: Mapped[int] = mapped_column(
        ForeignKey("ledger_cells.id", ondelete="CASCADE"), primary_key=True
    )
