"""Repositories: the only place that queries the vault.  They return domain records."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

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


UnitOfWorkFactory = Callable[[], AbstractContextManager[UnitOfWork]]


def unit_of_work_factory(make_session: Callable[[], Session]) -> UnitOfWorkFactory:
    """Each call opens one transaction: committed at the end of the block, else rolled back."""

    @contextmanager
    def unit_of_work() -> Iterator[UnitOfWork]:
        with make_session() as session, session.begin():
            yield UnitOfWork(session)

    return unit_of_work


__all__ = ["UnitOfWork", "UnitOfWorkFactory", "unit_of_work_factory"]
