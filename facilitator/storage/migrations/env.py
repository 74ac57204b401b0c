"""Alembic environment: migrations always run on the vault's own open connection."""

from __future__ import annotations

from alembic import context

from facilitator.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable by running alembic by hand
    raise RuntimeError("Facilitator migrations run only from inside the app (vault open).")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only ALTER by copying tables
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
