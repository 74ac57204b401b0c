"""Repositories: the only place that queries the vault.  They return domain records."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from sqlalchemy.orm import Session

from facilitator.storage.repositories.attendance import AttendanceRepository
from facilitator.storage.repositories.bundle import BundleRepository
from facilitator.storage.repositories.erasure import ErasureRepository
from facilitator.storage.repositories.followups import FollowUpRepository
from facilitator.storage.repositories.groups import GroupRepository
from facilitator.storage.repositories.ledger import LedgerRepository
from facilitator.storage.repositories.members import MemberRepository
from facilitator.storage.repositories.notes import NoteRepository
from facilitator.storage.repositories.sessions import SessionRepository
from facilitator.storage.repositories.settings import SettingsRepository
from facilitator.storage.repositories.summary import SummaryRepository


class UnitOfWork:
    """One transaction and the repositories that work inside it."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.groups = GroupRepository(session)
        self.members = MemberRepository(session)
        self.sessions = SessionRepository(session)
        self.attendance = AttendanceRepository(session)
        self.notes = NoteRepository(session)
        self.follow_ups = FollowUpRepository(session)
        self.bundle = BundleRepository(session)
        self.summary = SummaryRepository(session)
        self.erasure = ErasureRepository(session)
        self.settings = SettingsRepository(session)
        self.ledger = LedgerRepository(session)

    def flush(self) -> None:
        self.session.flush()

    @contextmanager
    def snapshot(self, *, may_write: bool = False) -> Iterator[None]:
        """The reads inside see one state of the vault.

        pysqlite (the driver's legacy transaction control) opens a transaction only
        before a write, so each SELECT of a unit of work that only reads sees the
        latest commit: a screen read in several queries could mix two states (a note
        written by another thread between two of them).  Here they share one read
        transaction (a deferred BEGIN: WAL keeps its snapshot from the first read).  If
        nothing was written it ends with the block, so the commit that follows is still
        a read's (not counted by the commit record); if something was, the unit of
        work's own commit (or rollback) ends it.  ``may_write``: take the write lock at
        once (BEGIN IMMEDIATE), so that a write after the reads cannot find the snapshot
        stale (SQLITE_BUSY_SNAPSHOT) when another connection committed in between."""
        dbapi: Any = self.session.connection().connection.dbapi_connection
        if dbapi.in_transaction:  # already writing: one transaction anyway
            yield
            return
        changes = dbapi.total_changes
        dbapi.execute("BEGIN IMMEDIATE" if may_write else "BEGIN")
        try:
            yield
        finally:
            if dbapi.in_transaction and dbapi.total_changes == changes:
                dbapi.execute("ROLLBACK")  # it only read: nothing to keep or count


UnitOfWorkFactory = Callable[[], AbstractContextManager[UnitOfWork]]


def unit_of_work_factory(make_session: Callable[[], Session]) -> UnitOfWorkFactory:
    """Each call opens one transaction: committed at the end of the block, else rolled back."""

    @contextmanager
    def unit_of_work() -> Iterator[UnitOfWork]:
        with make_session() as session, session.begin():
            yield UnitOfWork(session)

    return unit_of_work


__all__ = ["UnitOfWork", "UnitOfWorkFactory", "unit_of_work_factory"]
