"""The first schema: groups, members, memberships, consents, milestones, sessions,
attendance, notes (with an FTS5 index), follow-ups.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the FTS5 DDL as it was at this revision (models may change later).
NOTES_FTS_DDL = (
    "CREATE VIRTUAL TABLE notes_fts USING fts5("
    "body, content='notes', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO notes_fts(notes_fts, rank) VALUES ('secure-delete', 1)",
    "CREATE TRIGGER notes_fts_ai AFTER INSERT ON notes BEGIN "
    "INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER notes_fts_ad AFTER DELETE ON notes BEGIN "
    "INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER notes_fts_au AFTER UPDATE OF body ON notes BEGIN "
    "INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body); END",
)


def upgrade() -> None:
    op.create_table(
        "groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("printed_title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("facilitator", sa.String(length=200), nullable=False),
        sa.Column("schedule_rule", sa.String(length=500), nullable=False),
        sa.Column("schedule_start", sa.Date(), nullable=True),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("archived", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("preferred_name", sa.String(length=100), nullable=False),
        sa.Column("pronouns", sa.String(length=50), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("emergency_contact", sa.String(length=300), nullable=False),
        sa.Column("date_joined", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status = 'active' OR status = 'inactive' OR status = 'left'", name="ck_members_status"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_consents_member", "consents", ["member_id", "kind"], unique=False)
    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_memberships_group", "memberships", ["group_id", "left_on"], unique=False)
    op.create_index("ix_memberships_member", "memberships", ["member_id"], unique=False)
    op.create_table(
        "milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_milestones_member", "milestones", ["member_id"], unique=False)
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("topic", sa.String(length=300), nullable=False),
        sa.Column("facilitator", sa.String(length=200), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("guest_count", sa.Integer(), nullable=False),
        sa.CheckConstraint("guest_count >= 0", name="ck_sessions_guests"),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sessions_date", "sessions", ["date"], unique=False)
    op.create_index("ix_sessions_group_date", "sessions", ["group_id", "date"], unique=False)
    op.create_table(
        "attendance",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("arrived_at", sa.Time(), nullable=True),
        sa.CheckConstraint(
            "status = 'present' OR status = 'late' OR status = 'excused' OR status = 'absent'",
            name="ck_attendance_status",
        ),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("session_id", "member_id"),
    )
    op.create_index("ix_attendance_member", "attendance", ["member_id", "session_id"], unique=False)
    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("priority", sa.String(length=8), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "priority = 'low' OR priority = 'normal' OR priority = 'high'",
            name="ck_follow_ups_priority",
        ),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_follow_ups_member", "follow_ups", ["member_id"], unique=False)
    op.create_index("ix_follow_ups_open_due", "follow_ups", ["done", "due_on"], unique=False)
    op.create_index("ix_follow_ups_session", "follow_ups", ["session_id"], unique=False)
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("template", sa.String(length=50), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "session_id is not null or member_id is not null", name="ck_notes_attached"
        ),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_notes_member", "notes", ["member_id"], unique=False)
    op.create_index("ix_notes_session", "notes", ["session_id"], unique=False)
    for statement in NOTES_FTS_DDL:
        op.execute(statement)


def downgrade() -> None:
    for trigger in ("notes_fts_ai", "notes_fts_ad", "notes_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS notes_fts")
    op.drop_index("ix_notes_session", table_name="notes")
    op.drop_index("ix_notes_member", table_name="notes")
    op.drop_table("notes")
    op.drop_index("ix_follow_ups_session", table_name="follow_ups")
    op.drop_index("ix_follow_ups_open_due", table_name="follow_ups")
    op.drop_index("ix_follow_ups_member", table_name="follow_ups")
    op.drop_table("follow_ups")
    op.drop_index("ix_attendance_member", table_name="attendance")
    op.drop_table("attendance")
    op.drop_index("ix_sessions_group_date", table_name="sessions")
    op.drop_index("ix_sessions_date", table_name="sessions")
    op.drop_table("sessions")
    op.drop_index("ix_milestones_member", table_name="milestones")
    op.drop_table("milestones")
    op.drop_index("ix_memberships_member", table_name="memberships")
    op.drop_index("ix_memberships_group", table_name="memberships")
    op.drop_table("memberships")
    op.drop_index("ix_consents_member", table_name="consents")
    op.drop_table("consents")
    op.drop_table("members")
    op.drop_table("groups")
