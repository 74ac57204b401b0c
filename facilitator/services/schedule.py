"""A group's recurring schedule (RFC 5545 RRULE via python-dateutil) and its sessions.

A session exists in the vault once it is opened (checked in), edited or
cancelled.  Until then the schedule only *plans* it: planned sessions come
back as :class:`SessionRecord` with ``id`` None, merged with the real ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dateutil import rrule

from facilitator.domain import GroupRecord, SessionRecord
from facilitator.errors import InvalidInput, NotFound
from facilitator.services._common import SYSTEM_CLOCK, Clock, clean_text
from facilitator.storage.repositories import UnitOfWork, UnitOfWorkFactory

_ALLOWED_FREQ = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def validate_rule(rule: str | None, start: dt.date | None = None) -> str:
    """The rule in canonical form (no ``RRULE:`` prefix), or "" for none.

    Raises InvalidInput for anything python-dateutil cannot read, for rules more
    frequent than daily, and for rules that carry their own DTSTART.
    """
    text = (rule or "").strip().upper()
    if text.startswith("RRULE:"):
        text = text[6:].strip()
    # "FREQ=WEEKLY; BYDAY=TU;" is read as FREQ=WEEKLY;BYDAY=TU.
    text = ";".join(p.strip() for p in text.split(";") if p.strip())
    if not text:
        return ""
    parts = dict(p.split("=", 1) for p in text.split(";") if "=" in p)
    if parts.get("FREQ") not in _ALLOWED_FREQ:
        raise InvalidInput(
            "The schedule must repeat daily, weekly, monthly or yearly "
            "(for example FREQ=WEEKLY;BYDAY=TU)."
        )
    if "DTSTART" in text:
        raise InvalidInput("Give the first meeting's date separately, not inside the rule.")
    if any(ch.isspace() for ch in text):  # several lines (RRULE + EXDATE, ...) or stray words
        raise InvalidInput("The schedule must be one rule, for example FREQ=WEEKLY;BYDAY=TU.")
    if not parts.get("INTERVAL", "1").isdigit() or int(parts.get("INTERVAL", "1")) < 1:
        # dateutil loops for ever on INTERVAL=0 and fails later on a negative one.
        raise InvalidInput("The schedule's INTERVAL must be a whole number, 1 or more.")
    if {"BYHOUR", "BYMINUTE", "BYSECOND"} & parts.keys():
        # They would plan several meetings on one day; the group has its own times.
        raise InvalidInput(
            "The schedule gives the meeting days only; set the times on the group, "
            "not with BYHOUR, BYMINUTE or BYSECOND."
        )
    first = dt.datetime.combine(start or dt.date(2000, 1, 1), dt.time())
    try:
        parsed = rrule.rrulestr(text, dtstart=first)
    except (ValueError, TypeError):
        raise InvalidInput(
            "The schedule rule cannot be read; write it like FREQ=WEEKLY;BYDAY=TU."
        ) from None
    if not isinstance(parsed, rrule.rrule) or parsed.after(first, inc=True) is None:
        raise InvalidInput(
            "The schedule never gives a meeting date; check its days, COUNT and UNTIL."
        )
    return text


def weekly_rule(weekday: int, *, interval: int = 1) -> str:
    """``weekday`` 0 = Monday.  ``interval`` 2 = every other week."""
    if not 0 <= weekday <= 6 or interval < 1:
        raise InvalidInput("Choose a weekday and how often the group meets.")
    step = f";INTERVAL={interval}" if interval > 1 else ""
    return f"FREQ=WEEKLY{step};BYDAY={_WEEKDAYS[weekday]}"


def monthly_rule(weekday: int, ordinal: int) -> str:
    """E.g. the first Monday (ordinal 1) or the last Friday (ordinal -1) of each month."""
    if not 0 <= weekday <= 6 or ordinal not in _ORDINALS:
        raise InvalidInput("Choose a weekday and which one of the month.")
    return f"FREQ=MONTHLY;BYDAY={ordinal}{_WEEKDAYS[weekday]}"


def describe_rule(rule: str) -> str:
    """A short plain-English description, e.g. "Every other Thursday"."""
    if not rule:
        return "No regular schedule"
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    interval = int(parts.get("INTERVAL", "1"))
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    freq = parts.get("FREQ", "")
    if freq == "WEEKLY" and days:
        names = " and ".join(_DAY_NAMES[_WEEKDAYS.index(d[-2:])] for d in days)
        every = {1: "Every", 2: "Every other"}.get(interval, f"Every {interval} weeks on")
        return f"{every} {names}"
    if freq == "MONTHLY" and len(days) == 1 and days[0][:-2].lstrip("+-").isdigit():
        ordinal = _ORDINALS.get(int(days[0][:-2]), days[0][:-2])
        return f"Monthly on the {ordinal} {_DAY_NAMES[_WEEKDAYS.index(days[0][-2:])]}"
    return {"DAILY": "Daily", "WEEKLY": "Weekly", "MONTHLY": "Monthly", "YEARLY": "Yearly"}.get(
        freq, rule
    )


def occurrences(group: GroupRecord, start: dt.date, end: dt.date) -> list[dt.date]:
    """The dates the group's schedule foresees from ``start`` to ``end`` inclusive."""
    if not group.schedule_rule or group.schedule_start is None or end < start:
        return []
    first = _fast_forward(group.schedule_rule, group.schedule_start, start)
    rule = rrule.rrulestr(group.schedule_rule, dtstart=dt.datetime.combine(first, dt.time()))
    assert isinstance(rule, rrule.rrule)
    found = rule.between(
        dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time()), inc=True
    )
    return list(dict.fromkeys(d.date() for d in found))  # one date per day, in order


_PERIOD_DAYS = {"DAILY": 1, "WEEKLY": 7}


def _fast_forward(rule: str, first: dt.date, start: dt.date) -> dt.date:
    """A later first date that gives the same dates from ``start`` on, so that dateutil
    does not walk a group's whole history (100 weekly groups of four years: 55 ms a
    call of ``sessions_between``).  Moved by whole periods of a DAILY or WEEKLY rule,
    a multiple of its INTERVAL, so its weeks stay aligned.  Not for COUNT (counted
    from the first date) nor BYSETPOS (picked from the first period's dates on or
    after the first date), nor MONTHLY and YEARLY (few steps anyway)."""
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    days = _PERIOD_DAYS.get(parts.get("FREQ", ""))
    if days is None or "COUNT" in parts or "BYSETPOS" in parts or start <= first:
        return first
    period = days * int(parts.get("INTERVAL", "1"))
    return first + dt.timedelta(days=(start - first).days // period * period)


@dataclass(frozen=True, slots=True)
class SessionDraft:
    date: dt.date
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    location: str = ""
    topic: str = ""
    facilitator: str = ""


class ScheduleService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock = SYSTEM_CLOCK) -> None:
        self._uow = uow
        self._clock = clock

    def today(self) -> dt.date:
        """The services' today (the clock tests fix), for a page's relative dates."""
        return self._clock.today()

    def planned(self, group: GroupRecord, start: dt.date, end: dt.date) -> list[SessionRecord]:
        """Sessions the schedule foresees that are not in the vault yet (``id`` None)."""
        with self._uow() as uow:
            existing = {d for g, d in uow.sessions.dates_by_group(start, end) if g == group.id}
        return [
            _planned(group, day) for day in occurrences(group, start, end) if day not in existing
        ]

    def sessions_between(
        self, start: dt.date, end: dt.date, *, group_ids: list[int] | None = None
    ) -> list[SessionRecord]:
        """Held, cancelled and planned sessions of active groups, by date and time."""
        with self._uow() as uow:
            groups = [g for g in uow.groups.all() if group_ids is None or g.id in group_ids]
            return sessions_of(uow, groups, start, end)

    def group_sessions(
        self, group_id: int, *, upcoming_days: int = 28, past_limit: int | None = None
    ) -> tuple[list[SessionRecord], list[SessionRecord]]:
        """(upcoming incl. today, soonest first; past, newest first) for one group."""
        today = self._clock.today()
        with self._uow() as uow:
            group = uow.groups.get(group_id)
            past = uow.sessions.for_group(group_id, end=today - dt.timedelta(days=1))
            future = uow.sessions.for_group(group_id, start=today, newest_first=False)
        horizon = today + dt.timedelta(days=upcoming_days)
        have = {s.date for s in future}
        planned = [_planned(group, d) for d in occurrences(group, today, horizon) if d not in have]
        upcoming = sorted(future + planned, key=_session_order)
        return upcoming, past if past_limit is None else past[:past_limit]

    def open_session(self, group_id: int, date: dt.date | None = None) -> SessionRecord:
        """The group's session on ``date`` (default today), created from the schedule
        (or as an extra meeting) if it is not in the vault yet."""
        day = date or self._clock.today()
        with self._uow() as uow:
            return open_session_in(uow, group_id, day)

    def add_session(self, group_id: int, draft: SessionDraft) -> SessionRecord:
        with self._uow() as uow:
            return uow.sessions.add(group_id, **_session_fields(draft))

    def update_session(self, session_id: int, draft: SessionDraft) -> SessionRecord:
        with self._uow() as uow:
            return uow.sessions.update(session_id, **_session_fields(draft))

    def set_topic(self, session_id: int, topic: str) -> SessionRecord:
        with self._uow() as uow:
            return uow.sessions.update(session_id, topic=clean_text(topic, "topic", max_length=300))

    def cancel(self, session: SessionRecord, cancelled: bool = True) -> SessionRecord:
        """Cancel (or reinstate) a held or planned session."""
        with self._uow() as uow:
            if session.id is None:
                # A planned session may have been opened since the list showing it was made.
                day = session.date
                for existing in uow.sessions.for_group(session.group_id, start=day, end=day):
                    if existing.id is not None:
                        return uow.sessions.update(existing.id, cancelled=cancelled)
                group = uow.groups.get(session.group_id)
                created = uow.sessions.add(
                    group.id,
                    date=session.date,
                    start_time=session.start_time,
                    end_time=session.end_time,
                    location=session.location,
                    facilitator=session.facilitator,
                    cancelled=cancelled,
                )
                return created
            return uow.sessions.update(session.id, cancelled=cancelled)

    def set_guest_count(self, session_id: int, guests: int) -> SessionRecord:
        if guests < 0:
            raise InvalidInput("The number of guests cannot be negative.")
        with self._uow() as uow:
            return uow.sessions.update(session_id, guest_count=guests)

    def session(self, session_id: int) -> SessionRecord:
        with self._uow() as uow:
            return uow.sessions.get(session_id)

    def sessions(self, session_ids: Iterable[int]) -> dict[int, SessionRecord]:
        """Several sessions by id, in one transaction; ids no longer in the vault are left out."""
        found: dict[int, SessionRecord] = {}
        with self._uow() as uow:
            for session_id in dict.fromkeys(session_ids):
                try:
                    found[session_id] = uow.sessions.get(session_id)
                except NotFound:
                    continue
        return found

    def all_sessions(self, group_id: int | None = None) -> list[SessionRecord]:
        """Every session in the vault (not planned ones), oldest first."""
        with self._uow() as uow:
            return uow.sessions.all(group_id=group_id)


def open_session_in(uow: UnitOfWork, group_id: int, day: dt.date) -> SessionRecord:
    """The group's session on ``day``, stored first (from the group's times and place)
    if it is not in the vault yet: :meth:`ScheduleService.open_session` inside a unit of
    work of the caller's, so a screen can open its session and read it in one."""
    for existing in uow.sessions.for_group(group_id, start=day, end=day):
        return existing
    group = uow.groups.get(group_id)
    return uow.sessions.add(
        group_id,
        date=day,
        start_time=group.start_time,
        end_time=group.end_time,
        location=group.location,
        facilitator=group.facilitator,
    )


def _planned(group: GroupRecord, day: dt.date) -> SessionRecord:
    """The session ``group``'s schedule foresees on ``day`` (not in the vault: no id)."""
    return SessionRecord(
        id=None,
        group_id=group.id,
        group_name=group.name,
        date=day,
        start_time=group.start_time,
        end_time=group.end_time,
        location=group.location,
        facilitator=group.facilitator,
    )


def sessions_of(
    uow: UnitOfWork, groups: Sequence[GroupRecord], start: dt.date, end: dt.date
) -> list[SessionRecord]:
    """Held, cancelled and planned sessions of ``groups`` from ``start`` to ``end``
    inclusive, by date and time (for a caller that has read the groups already)."""
    real = uow.sessions.between(start, end, group_ids=[g.id for g in groups])
    have = {(s.group_id, s.date) for s in real}
    planned = [
        _planned(g, day)
        for g in groups
        for day in occurrences(g, start, end)
        if (g.id, day) not in have
    ]
    return sorted(real + planned, key=_session_order)


def _session_fields(draft: SessionDraft) -> dict[str, object]:
    if draft.start_time and draft.end_time and draft.end_time <= draft.start_time:
        raise InvalidInput("The session's end time is before its start time.")
    return {
        "date": draft.date,
        "start_time": draft.start_time,
        "end_time": draft.end_time,
        "location": clean_text(draft.location, "location", max_length=200),
        "topic": clean_text(draft.topic, "topic", max_length=300),
        "facilitator": clean_text(draft.facilitator, "facilitator", max_length=200),
    }


def _session_order(s: SessionRecord) -> tuple[dt.date, dt.time, str]:
    return (s.date, s.start_time or dt.time(), s.group_name.casefold())


__all__ = [
    "ScheduleService",
    "SessionDraft",
    "describe_rule",
    "monthly_rule",
    "occurrences",
    "validate_rule",
    "weekly_rule",
]
