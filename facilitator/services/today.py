"""The Today digest: what a facilitator needs to see when they open the app."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from facilitator.domain import (
    AttendanceStatus,
    ConsentRecord,
    MemberRecord,
    OutreachSuggestion,
    TodayDigest,
    UpcomingMilestone,
)
from facilitator.domain.enums import CONTACT_CHANNELS, ConsentKind
from facilitator.services._common import SYSTEM_CLOCK, Clock
from facilitator.services.schedule import ScheduleService
from facilitator.storage.repositories import UnitOfWork, UnitOfWorkFactory


def contact_channels(consents: list[ConsentRecord]) -> tuple[ConsentKind, ...]:
    """The outreach channels the member's latest answers allow, in a stable order."""
    latest: dict[ConsentKind, ConsentRecord] = {}
    for consent in sorted(consents, key=lambda c: (c.recorded_on, c.id)):
        latest[consent.kind] = consent
    return tuple(k for k in CONTACT_CHANNELS if k in latest and latest[k].in_force)


def missed_in_a_row(
    member_id: int,
    joined_on: dt.date,
    sessions: list[tuple[int, dt.date]],
    marks: dict[tuple[int, int], AttendanceStatus],
    *,
    today: dt.date | None = None,
) -> tuple[int, dt.date | None]:
    """Consecutive most-recent sessions missed (absent or not marked), and the date of
    the last one attended.  ``sessions`` are newest first.  Excused absences are
    neither counted nor break the run; sessions before the member joined end it.
    A session on or after ``today`` may still be under way: there only a mark counts,
    not the lack of one (someone not checked in yet has not missed it)."""
    missed = 0
    for session_id, day in sessions:
        if day < joined_on:
            break
        status = marks.get((session_id, member_id))
        if status is not None and status.attended:
            return missed, day
        if status is AttendanceStatus.EXCUSED:
            continue
        if status is None and today is not None and day >= today:
            continue
        missed += 1
    return missed, None


def next_anniversary(date: dt.date, today: dt.date) -> tuple[dt.date, int]:
    """When ``date`` next falls on or after today, and the whole years it marks then."""
    if date >= today:
        return date, 0
    for year in (today.year, today.year + 1):
        try:
            candidate = date.replace(year=year)
        except ValueError:  # 29 February in a common year: celebrate on the 28th
            candidate = dt.date(year, 2, 28)
        if candidate >= today:
            return candidate, year - date.year
    raise AssertionError("unreachable")  # pragma: no cover


class TodayService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        schedule: ScheduleService,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._uow = uow
        self._schedule = schedule
        self._clock = clock

    def digest(
        self,
        *,
        missed_threshold: int = 3,
        upcoming_days: int = 7,
        due_soon_days: int = 7,
        milestone_days: int = 7,
    ) -> TodayDigest:
        today = self._clock.today()
        sessions = self._schedule.sessions_between(today, today + dt.timedelta(days=upcoming_days))
        with self._uow() as uow:
            overdue = uow.follow_ups.find(done=False, due_before=today)
            due_soon = uow.follow_ups.find(
                done=False, due_from=today, due_to=today + dt.timedelta(days=due_soon_days)
            )
            outreach = self._outreach(uow, today, missed_threshold)
            milestones = self._milestones(uow, today, milestone_days)
        return TodayDigest(
            today=today,
            todays_sessions=tuple(s for s in sessions if s.date == today),
            upcoming_sessions=tuple(s for s in sessions if s.date > today),
            overdue_follow_ups=tuple(overdue),
            due_soon_follow_ups=tuple(due_soon),
            outreach=tuple(outreach),
            milestones=tuple(milestones),
        )

    @staticmethod
    def _outreach(uow: UnitOfWork, today: dt.date, threshold: int) -> list[OutreachSuggestion]:
        groups = uow.groups.all()
        rosters = uow.members.current_rosters([g.id for g in groups])
        recent = {
            g.id: uow.sessions.recent_held(g.id, on_or_before=today, limit=threshold + 8)
            for g in groups
        }
        all_ids = [sid for held in recent.values() for sid, _day in held]
        marks = {
            (a.session_id, a.member_id): a.status for a in uow.attendance.for_sessions(all_ids)
        }
        candidates: list[tuple[int, int, int, dt.date | None]] = []
        for group in groups:
            held = recent[group.id]
            if len(held) < threshold:
                continue
            for member_id, joined_on in rosters[group.id]:
                missed, last = missed_in_a_row(member_id, joined_on, held, marks, today=today)
                if missed >= threshold:
                    candidates.append((group.id, member_id, missed, last))
        if not candidates:
            return []
        member_ids = [c[1] for c in candidates]
        consents = uow.members.consents_of(member_ids)
        people: dict[int, MemberRecord] = uow.members.get_many(member_ids)
        names = {g.id: g.name for g in groups}
        result = []
        for group_id, member_id, missed, last in candidates:
            channels = contact_channels(consents[member_id])
            if not channels:
                continue
            person = people[member_id]
            result.append(
                OutreachSuggestion(
                    member_id=member_id,
                    member_name=person.display_name,
                    group_id=group_id,
                    group_name=names[group_id],
                    missed_in_a_row=missed,
                    last_attended=last,
                    channels=channels,
                    phone=person.phone,
                    email=person.email,
                )
            )
        return sorted(result, key=lambda o: (-o.missed_in_a_row, o.member_name.casefold()))

    @staticmethod
    def _milestones(uow: UnitOfWork, today: dt.date, days: int) -> list[UpcomingMilestone]:
        horizon = today + dt.timedelta(days=days)
        found: dict[int, list[UpcomingMilestone]] = defaultdict(list)
        for milestone, member in uow.members.shared_milestones_of_active_members():
            when, years = next_anniversary(milestone.date, today)
            if when <= horizon:
                found[member.id].append(
                    UpcomingMilestone(
                        member_id=member.id,
                        member_name=member.display_name,
                        label=milestone.label,
                        date=milestone.date,
                        anniversary=when,
                        years=years,
                    )
                )
        return sorted(
            (m for ms in found.values() for m in ms),
            key=lambda m: (m.anniversary, m.member_name.casefold()),
        )
