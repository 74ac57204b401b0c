"""Which kinds of things the vault's committed transactions wrote (see domain/changes.py).

:func:`watch` listens to an engine: every statement that writes (``INSERT``,
``UPDATE``, ``DELETE``, ``REPLACE``, whatever wrote it — the ORM, a bulk statement,
raw SQL) names its table; the tables of a transaction count once it commits and
are forgotten if it rolls back.  :meth:`WriteLog.take` hands over the kinds
gathered since the last take.  Writes are seen, not declared by each caller, so a
new write cannot forget to say what it changed.

Only table names are looked at, never values.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from sqlalchemy import Connection, Engine, event

from facilitator.domain.changes import EVERYTHING, Change

_WRITE = re.compile(
    r"""^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)
        \s+["`\[]?(\w+)""",
    re.IGNORECASE | re.VERBOSE,
)

# Every table of storage/models.py (tests/storage/test_write_log.py checks that none is
# missing).  A table not named here is reported as EVERYTHING: a page reads once too
# often rather than showing what is no longer true.
TABLE_KINDS: dict[str, Change] = {
    "groups": Change.GROUPS,
    "members": Change.MEMBERS,
    "consents": Change.MEMBERS,
    "milestones": Change.MEMBERS,
    "memberships": Change.MEMBERSHIPS,
    "sessions": Change.SESSIONS,
    "attendance": Change.ATTENDANCE,
    "notes": Change.NOTES,
    "notes_fts": Change.NOTES,
    "follow_ups": Change.FOLLOW_UPS,
    "settings": Change.SETTINGS,
    "ledger_publications": Change.PUBLICATIONS,
    "ledger_cells": Change.PUBLICATIONS,
    "ledger_publication_cells": Change.PUBLICATIONS,
    "alembic_version": Change.NOTHING,  # the schema's revision: nothing a page shows
}


def kinds_written(statement: str) -> Change:
    """The kinds of things ``statement`` writes (NOTHING for a read or a pragma)."""
    found = _WRITE.match(statement)
    if found is None:
        return Change.NOTHING
    return TABLE_KINDS.get(found.group(1).lower(), EVERYTHING)


class WriteLog:
    """The kinds written by committed transactions since the last :meth:`take`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._written = Change.NOTHING

    def add(self, kinds: Change) -> None:
        with self._lock:
            self._written |= kinds

    def take(self) -> Change:
        """What was written since the last take (thread-safe: jobs commit on the job
        thread, the GUI takes too)."""
        with self._lock:
            written, self._written = self._written, Change.NOTHING
        return written


def watch(engine: Engine) -> WriteLog:
    """Start gathering what ``engine``'s committed transactions write."""
    log = WriteLog()
    pending = log  # the key, in connection.info, of what the open transaction wrote so far
    # (each watch its own: an engine may be watched twice, by two OpenVaults over it)

    @event.listens_for(engine, "before_cursor_execute")
    def _statement(
        connection: Connection,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        kinds = kinds_written(statement)
        if kinds:
            connection.info[pending] = connection.info.get(pending, Change.NOTHING) | kinds

    @event.listens_for(engine, "commit")
    def _committed(connection: Connection) -> None:
        log.add(connection.info.pop(pending, Change.NOTHING))

    @event.listens_for(engine, "rollback")
    def _rolled_back(connection: Connection) -> None:
        connection.info.pop(pending, None)

    return log


__all__ = ["TABLE_KINDS", "WriteLog", "kinds_written", "watch"]
