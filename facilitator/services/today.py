"""The Today digest: what a facilitator needs to see when they open the app.

It is read on unlock and on every refresh of the first screen, so it stays quick on
a vault of 100 groups and 400,000 attendance marks (benchmarks/today_digest.py): a
handful of aggregate queries, and its lists cut short to ``limit`` items with their
totals alongside.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from facilitator.domain import (
    AttendanceStatus,
    ConsentRecord,
    GroupRecord,
    MemberRecord,
    OutreachSuggestion,
    TodayDigest,
    UpcomingMilestone,
)
from facilitator.domain.enums import CONTACT_CHANNELS, ConsentKind
from facilitator.services._common import SYSTEM_CLOCK, Clock
from facilitator.services.first_steps import FirstSteps, dismiss_first_steps, read_first_steps
from facilitator.services.schedule import sessions_of
from facilitator.storage.repositories import UnitOfWork, UnitOfWorkFactory

LIST_LIMIT = 50  # items per list in a digest; the totals say how many there are in all
LOOK_BACK = 8  # sessions held before the last ``missed_threshold`` that outreach reads


def consents_in_force(consents: Iterable[ConsentRecord]) -> frozenset[ConsentKind]:
    """The kinds the member's latest answer (by date recorded, then by id) agrees to and
    that has not been revoked.  A later "no" overrides an earlier "yes"."""
    latest: dict[ConsentKind, ConsentRecord] = {}
    for consent in sorted(consents, key=lambda c: (c.recorded_on, c.id)):
        latest[consent.kind] = consent
    return frozenset(kind for kind, answer in latest.items() if answer.in_force)


def contact_channels(consents: list[ConsentRecord]) -> tuple[ConsentKind, ...]:
    """The outreach channels the member's latest answers allow, in a stable order."""
    allowed = consents_in_force(consents)
    return tuple(k for k in CONTACT_CHANNELS if k in allowed)


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


_Run = tuple[int, int, dt.date | None]  # group id, sessions missed in a row, last attended


def _missed_runs(
    uow: UnitOfWork, group_ids: list[int], today: dt.date, threshold: int
) -> dict[int, list[_Run]]:
    """Member id -> their runs of ``threshold`` or more missed sessions, one per group,
    among each group's latest ``threshold + LOOK_BACK`` sessions held."""
    recent = uow.sessions.recent_held(group_ids, on_or_before=today, limit=threshold + LOOK_BACK)
    recent = {g: held for g, held in recent.items() if len(held) >= threshold}
    # Who came to one of a group's last ``threshold`` sessions cannot have missed as many
    # in a row there: SQLite finds the others, and only their marks are read (3,000
    # rather than 20,000 on the benchmark's vault).
    maybe = uow.members.absent_from(
        {g: [s for s, _ in held[:threshold]] for g, held in recent.items()}
    )
    if not maybe:
        return {}
    marks = uow.attendance.statuses(
        (s, member_id) for group_id, member_id, _joined in maybe for s, _ in recent[group_id]
    )
    runs: dict[int, list[_Run]] = defaultdict(list)
    for group_id, member_id, joined_on in maybe:
        missed, last = missed_in_a_row(member_id, joined_on, recent[group_id], marks, today=today)
        if missed >= threshold:
            runs[member_id].append((group_id, missed, last))
    return runs


class TodayService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._uow = uow
        self._clock = clock

    def first_steps(self) -> FirstSteps:
        """Which of a new vault's first steps are done (the Today page's checklist)."""
        return read_first_steps(self._uow, self._clock)

    def dismiss_first_steps(self) -> None:
        """Hide the first-steps checklist for good (a flag in the vault's settings)."""
        dismiss_first_steps(self._uow)

    def digest(
        self,
        *,
        missed_threshold: int = 3,
        upcoming_days: int = 7,
        due_soon_days: int = 7,
        milestone_days: int = 7,
        limit: int = LIST_LIMIT,
    ) -> TodayDigest:
        """Today's sessions (all of them), and at most ``limit`` of each other list,
        soonest or most pressing first, with the ``*_total`` of each."""
        today = self._clock.today()
        soon = today + dt.timedelta(days=due_soon_days)
        with self._uow() as uow:
            groups = uow.groups.all()
            sessions = sessions_of(uow, groups, today, today + dt.timedelta(days=upcoming_days))
            upcoming = [s for s in sessions if s.date > today]
            follow_ups = uow.follow_ups
            overdue = follow_ups.find(done=False, due_before=today, limit=limit)
            due_soon = follow_ups.find(done=False, due_from=today, due_to=soon, limit=limit)
            # Counted only when a list is full: then there may be more.
            overdue_total = len(overdue)
            if overdue_total >= limit:
                overdue_total = follow_ups.count(done=False, due_before=today)
            soon_total = len(due_soon)
            if soon_total >= limit:
                soon_total = follow_ups.count(done=False, due_from=today, due_to=soon)
            outreach = self._outreach(uow, groups, today, missed_threshold)
            milestones = self._milestones(uow, today, milestone_days)
        return TodayDigest(
            today=today,
            todays_sessions=tuple(s for s in sessions if s.date == today),
            upcoming_sessions=tuple(upcoming[:limit]),
            overdue_follow_ups=tuple(overdue),
            due_soon_follow_ups=tuple(due_soon),
            outreach=tuple(outreach[:limit]),
            milestones=tuple(milestones[:limit]),
            overdue_total=overdue_total,
            due_soon_total=soon_total,
            upcoming_total=len(upcoming),
            outreach_total=len(outreach),
            milestones_total=len(milestones),
        )

    @staticmethod
    def _outreach(
        uow: UnitOfWork, groups: list[GroupRecord], today: dt.date, threshold: int
    ) -> list[OutreachSuggestion]:
        """Active members who missed ``threshold`` or more of a group's latest sessions in
        a row and agreed to be contacted: most missed first.

        One suggestion per member, whatever the number of groups they missed: it names
        the group where the absence is worst (most sessions missed in a row; on a tie,
        the one they were last seen at longest ago, then the group's name), and lists
        the other groups they also missed in ``other_groups``, in the same order."""
        names = {g.id: g.name for g in groups}
        missed_by = _missed_runs(uow, list(names), today, threshold)
        if not missed_by:
            return []
        consents = uow.members.consents_of(missed_by)
        reachable = {mid: contact_channels(consents[mid]) for mid in missed_by}
        people: dict[int, MemberRecord] = uow.members.get_many(
            mid for mid, channels in reachable.items() if channels
        )
        result = []
        for member_id, person in people.items():
            worst, *others = sorted(
                missed_by[member_id],
                key=lambda g: (-g[1], g[2] or dt.date.min, names[g[0]].casefold(), g[0]),
            )
            group_id, missed, last = worst
            result.append(
                OutreachSuggestion(
                    member_id=member_id,
                    member_name=person.display_name,
                    group_id=group_id,
                    group_name=names[group_id],
                    missed_in_a_row=missed,
                    last_attended=last,
                    channels=reachable[member_id],
                    phone=person.phone,
                    email=person.email,
                    other_groups=tuple(names[g] for g, _missed, _last in others),
                )
            )
        return sorted(
            result, key=lambda o: (-o.missed_in_a_row, o.member_name.casefold(), o.member_id)
        )

    @staticmethod
    def _milestones(uow: UnitOfWork, today: dt.date, days: int) -> list[UpcomingMilestone]:
        """Milestones falling within ``days`` of today that the member both marked as
        shared and agreed, by a SHARE_MILESTONES consent in force, to have shared."""
        horizon = today + dt.timedelta(days=days)
        found: list[UpcomingMilestone] = []
        for milestone, name in uow.members.shared_milestones_of_active_members():
            when, years = next_anniversary(milestone.date, today)
            if when <= horizon:
                found.append(
                    UpcomingMilestone(
                        member_id=milestone.member_id,
                        member_name=name,
                        label=milestone.label,
                        date=milestone.date,
                        anniversary=when,
                        years=years,
                    )
                )
        consents = uow.members.consents_of(m.member_id for m in found)
        agreed = {
            member_id
            for member_id, theirs in consents.items()
            if ConsentKind.SHARE_MILESTONES in consents_in_force(theirs)
        }
        return sorted(
            (m for m in found if m.member_id in agreed),
            key=lambda m: (m.anniversary, m.member_name.casefold(), m.member_id),
        )
