"""Follow-ups: what to do, for whom, by when."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from facilitator.domain import FollowUpRecord, Priority
from facilitator.services._common import SYSTEM_CLOCK, Clock, clean_text
from facilitator.storage.repositories import UnitOfWorkFactory


class FollowUpFilter(StrEnum):
    OPEN = "open"
    OVERDUE = "overdue"
    DONE = "done"
    ALL = "all"


class FollowUpService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock = SYSTEM_CLOCK) -> None:
        self._uow = uow
        self._clock = clock

    def today(self) -> dt.date:
        """The day "due tomorrow" and "overdue" are counted from (the services' clock)."""
        return self._clock.today()

    def add(
        self,
        description: str,
        *,
        due_on: dt.date | None = None,
        priority: Priority = Priority.NORMAL,
        member_id: int | None = None,
        session_id: int | None = None,
    ) -> FollowUpRecord:
        text = clean_text(description, "follow-up", max_length=2000, required=True)
        with self._uow() as uow:
            return uow.follow_ups.add(
                description=text,
                due_on=due_on,
                priority=Priority(priority).value,
                member_id=member_id,
                session_id=session_id,
            )

    def edit(
        self,
        follow_up_id: int,
        *,
        description: str,
        due_on: dt.date | None,
        priority: Priority,
    ) -> FollowUpRecord:
        text = clean_text(description, "follow-up", max_length=2000, required=True)
        with self._uow() as uow:
            return uow.follow_ups.update(
                follow_up_id, description=text, due_on=due_on, priority=Priority(priority).value
            )

    def complete(self, follow_up_id: int, done: bool = True) -> FollowUpRecord:
        """Mark done (today) or open again."""
        with self._uow() as uow:
            return uow.follow_ups.update(
                follow_up_id, done=done, done_on=self._clock.today() if done else None
            )

    def delete(self, follow_up_id: int) -> None:
        with self._uow() as uow:
            uow.follow_ups.delete(follow_up_id)

    def find(
        self,
        which: FollowUpFilter = FollowUpFilter.OPEN,
        *,
        member_id: int | None = None,
        session_id: int | None = None,
    ) -> list[FollowUpRecord]:
        """Open ones soonest first (undated last); done ones after."""
        which = FollowUpFilter(which)  # "overdue" from the command line is not the member
        today = self._clock.today()
        with self._uow() as uow:
            if which is FollowUpFilter.OVERDUE:
                return uow.follow_ups.find(
                    done=False, due_before=today, member_id=member_id, session_id=session_id
                )
            done = {FollowUpFilter.OPEN: False, FollowUpFilter.DONE: True}.get(which)
            return uow.follow_ups.find(done=done, member_id=member_id, session_id=session_id)
