"""The export ledger (issue 13): every anonymised summary the vault has published,
so that each new export can be audited against all earlier ones.

Counts only — publications (when, period, group labels as printed, format, K) and
their cells (groups, dates, measure, the printed value or hidden, the true count) —
never a name, a member id or a note.  Each distinct cell is stored once and linked
to every publication that printed it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ledger_publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("group_labels", sa.Text(), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("k", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "ledger_cells",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("groups", sa.Text(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("true_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_ledger_cells_period", "ledger_cells", ["start", "end"])
    op.create_table(
        "ledger_publication_cells",
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("cell_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["publication_id"], ["ledger_publications.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["cell_id"], ["ledger_cells.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("publication_id", "cell_id"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("ledger_publication_cells")
    op.drop_index("ix_ledger_cells_period", table_name="ledger_cells")
    op.drop_table("ledger_cells")
    op.drop_table("ledger_publications")
