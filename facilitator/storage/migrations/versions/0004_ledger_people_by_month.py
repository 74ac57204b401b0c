"""The export ledger: which publications printed a count of people for every month.

Until 7 December 2026 a summary printed its months' counts of people (different
people, came once / 2-3 / 4+, newcomers) as table cells, hidden or not; since then it
prints them for the whole period only and records the months' as counted, not printed
(``exports/audit.py``, ``unprinted``).  The ledger tells the two apart by a cell's dates
against its publication's period, which would take an older publication's hidden
month cells for counted-only ones and leave them unprotected.  Every publication made
before this revision is marked ``people_by_month``: its months count as printed
periods.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ledger_publications") as batch:
        batch.add_column(
            sa.Column("people_by_month", sa.Boolean(), nullable=False, server_default=sa.text("0"))
        )
    op.execute("UPDATE ledger_publications SET people_by_month = 1")


def downgrade() -> None:
    with op.batch_alter_table("ledger_publications") as batch:
        batch.drop_column("people_by_month")
