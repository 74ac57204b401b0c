"""The counts behind the anonymised summary, per group and month of a period.  Only
counts leave :meth:`SummaryRepository.counts` (and session topics, when asked for):
never a member's id, name or date.  :meth:`SummaryRepository.identifying` reads what
the leak guard looks for in the finished export (every member's names and contact
details), apart from the counts and never part of the report.

Definitions, the same everywhere in the summary:

- a session is *held* when it is not cancelled, is dated today or earlier, and had
  attendance taken (any mark) or anonymous guests;
- an *attendance* is a mark "present" or "late" at a held session;
- a *newcomer* of a group in a month is a member whose first attendance ever at that
  group (not only within the period) falls in that month;
- *different people* came to at least one held session of the group in the month, or
  in the whole period (for all groups together: of any group, each person once); they
  are split into those who *came once*, *2 to 3 times* and *4 or more times* there;
- a follow-up is *opened* in the month it was written down and *completed* in the
  month of its done date; it belongs to the group of its session (``UNATTACHED`` when
  it has none).

The statements read plain rows (as tuples, through the driver's cursor) and Python
counts them, every level in one pass.  Grouping in SQL was slower while SQLCipher's
``cipher_memory_security`` was on (the year's 74,000 attendances of the large demo
vault: 0.65 s grouped in SQL against 0.15 s read and counted here); with it off, a
GROUP BY costs about what reading the rows does (50 ms), and the counting here some
30 ms more.  ``DISTINCT`` keeps a small lookup tree and is cheap: it is how the
members already seen at a group before the period are found.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import text
from sqlalchemy.orm import Session

from facilitator.domain.summary import UNATTACHED, MonthStats, SummaryCounts

_ATTENDED = "a.status IN ('present', 'late')"

_SESSIONS = """
SELECT s.id, s.group_id, s.date, s.cancelled, s.guest_count,
       EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id)
FROM sessions s
WHERE s.date BETWEEN :start AND :end {only}
"""

_ATTENDANCES = f"""
SELECT a.session_id, a.member_id
FROM sessions s JOIN attendance a ON a.session_id = s.id
WHERE s.date BETWEEN :start AND :end AND s.date <= :today AND s.cancelled = 0
  AND {_ATTENDED} {{only}}
"""

# Who had come to each group before the period: their first attendance is not in it.
_SEEN_BEFORE = f"""
SELECT DISTINCT s.group_id, a.member_id
FROM sessions s JOIN attendance a ON a.session_id = s.id
WHERE s.date < :start AND s.cancelled = 0 AND {_ATTENDED} {{only}}
"""

_FOLLOW_UPS = """
SELECT coalesce(s.group_id, :unattached), f.created_at, f.done, f.done_on
FROM follow_ups f LEFT JOIN sessions s ON s.id = f.session_id
WHERE (f.created_at >= :start AND f.created_at < :after_end
       OR f.done = 1 AND f.done_on BETWEEN :start AND :end) {only}
"""

# Each topic with its session (id and date), so that a refused topic can be named by
# its date and left out by its id.
_TOPICS = """
SELECT s.id, s.group_id, s.date, s.topic
FROM sessions s
WHERE s.date BETWEEN :start AND :end AND s.date <= :today AND s.cancelled = 0
  AND trim(s.topic) != '' {only}
ORDER BY s.group_id, s.topic, s.date, s.id
"""

_GROUPS = """
SELECT g.id, g.name FROM groups g
WHERE {which}
ORDER BY g.name COLLATE NOCASE, g.id
"""
_REPORTED = (
    "g.archived = 0 OR EXISTS (SELECT 1 FROM sessions s"
    " WHERE s.group_id = g.id AND s.date BETWEEN :start AND :end)"
)

# What identifies a member in text: what the leak guard and the topics' redactor look for.
_IDENTIFYING = """
SELECT first_name, last_name, preferred_name, phone, email, emergency_contact
FROM members ORDER BY id
"""


class RosterIdentity(NamedTuple):
    """A member's names and contact details, as the leak guard reads them."""

    first_name: str
    last_name: str
    preferred_name: str
    phone: str
    email: str
    emergency_contact: str


class SessionTopic(NamedTuple):
    """A held session's topic, with the session it belongs to (never a member)."""

    session_id: int
    group_id: int
    date: dt.date
    topic: str


Key = tuple[int | None, str | None]  # (group id or None for all, month or None for all)


def _levels(group: int, month: str) -> tuple[Key, ...]:
    """Where an additive count adds up: the group's month, the group, the month, all."""
    return ((group, month), (group, None), (None, month), (None, None))


def _month(day: Any) -> str:
    """The month ("2026-05") of a date, or of the text SQLite keeps a date or time as."""
    return str(day)[:7]


class _Tally:
    """Counts per level, by the names of MonthStats' fields."""

    def __init__(self) -> None:
        self.values: dict[Key, Counter[str]] = defaultdict(Counter)

    def add(self, keys: Iterable[Key], name: str, value: int = 1) -> None:
        for key in keys:
            self.values[key][name] += value

    def stats(self) -> dict[Key, MonthStats]:
        return {(g, mo): MonthStats(g, mo, **counts) for (g, mo), counts in self.values.items()}


class SummaryRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def counts(
        self,
        start: dt.date,
        end: dt.date,
        *,
        today: dt.date,
        group_id: int | None = None,
        include_topics: bool = False,
    ) -> SummaryCounts:
        """Exact counts for the period (both days included) per group and month, per
        group, per month and in all; with ``group_id``, of that group only (then "all
        groups" is that group, and follow-ups without a session are left out)."""
        params: dict[str, Any] = {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "after_end": (end + dt.timedelta(days=1)).isoformat(),
            "today": today.isoformat(),
            "unattached": UNATTACHED,
            "group": group_id,
        }
        only = "" if group_id is None else "AND s.group_id = :group"
        tally = _Tally()
        held = self._sessions(tally, params, only, today)
        self._attendances(tally, held, params, only)
        names = self._groups(params, group_id)
        self._follow_ups(tally, params, only, start, end, reported=set(names))
        topics: dict[int, tuple[str, ...]] = {}
        if include_topics:
            found: dict[int, dict[str, None]] = defaultdict(dict)
            for row in self._topics(params, only):
                found[row.group_id][row.topic] = None
            topics = {g: tuple(found[g]) for g in names if found.get(g)}
        return SummaryCounts(stats=tally.stats(), group_names=names, topics=topics)

    def topics(
        self, start: dt.date, end: dt.date, *, today: dt.date, group_id: int | None = None
    ) -> list[SessionTopic]:
        """The topics of the sessions held in the period (of one group, or of all), each
        with its session's id and date, by group and topic."""
        params: dict[str, Any] = {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "today": today.isoformat(),
            "group": group_id,
        }
        return self._topics(params, "" if group_id is None else "AND s.group_id = :group")

    def _topics(self, params: dict[str, Any], only: str) -> list[SessionTopic]:
        return [
            SessionTopic(int(sid), int(g), _as_date(day), topic)
            for sid, g, day, topic in self._execute(_TOPICS, only, params)
        ]

    def identifying(self) -> list[RosterIdentity]:
        """Every member's names, phone number, e-mail address and emergency contact,
        for the leak guard and the topics' redactor (see services.summary): six columns
        read plainly, not whole member records (on the large demo's 5,000 members, 8 ms
        against 45)."""
        return [RosterIdentity(*row) for row in self._execute(_IDENTIFYING, "", {})]

    def _sessions(
        self, tally: _Tally, params: dict[str, Any], only: str, today: dt.date
    ) -> dict[int, tuple[int, str]]:
        """Sessions held and cancelled, and guests; the held ones: id -> (group, month)."""
        held: dict[int, tuple[int, str]] = {}
        last_day = today.isoformat()
        for sid, g, day, cancelled, guests, marked in self._execute(_SESSIONS, only, params):
            month, keys = _month(day), _levels(g, _month(day))
            if cancelled:
                tally.add(keys, "sessions_cancelled")
            elif str(day) <= last_day and (marked or guests):
                held[sid] = (g, month)
                tally.add(keys, "sessions_held")
                tally.add(keys, "guests", guests)
        return held

    def _attendances(
        self, tally: _Tally, held: dict[int, tuple[int, str]], params: dict[str, Any], only: str
    ) -> None:
        """Attendances, different people (by how often they came) and newcomers."""
        # (group, month, member) -> attendances (a member has one mark per session).
        per_month = Counter(
            [(*held[sid], who) for sid, who in self._execute(_ATTENDANCES, only, params)]
        )
        per_group: Counter[tuple[int, int]] = Counter()  # (group, member) -> attendances
        per_month_all: Counter[tuple[str, int]] = Counter()  # (month, member), any group
        per_member: Counter[int] = Counter()  # member -> attendances, any group and month
        first: dict[tuple[int, int], str] = {}  # (group, member) -> first month in the period
        for (g, month, who), n in per_month.items():
            per_group[g, who] += n
            per_month_all[month, who] += n
            per_member[who] += n
            if first.get((g, who), "9999") > month:
                first[g, who] = month
        # Each level counts people by their attendances at that level.
        _count_people(tally, (((g, mo), n) for (g, mo, _who), n in per_month.items()))
        _count_people(tally, (((g, None), n) for (g, _who), n in per_group.items()))
        _count_people(tally, (((None, mo), n) for (mo, _who), n in per_month_all.items()))
        _count_people(tally, (((None, None), n) for n in per_member.values()))
        seen = set(self._execute(_SEEN_BEFORE, only, params))
        for (g, who), month in first.items():
            if (g, who) not in seen:
                tally.add(_levels(g, month), "newcomers")

    def _follow_ups(
        self,
        tally: _Tally,
        params: dict[str, Any],
        only: str,
        start: dt.date,
        end: dt.date,
        *,
        reported: set[int],
    ) -> None:
        """Follow-ups opened or done in the period, by their session's group.  Only of
        the groups the summary prints (an archived group with no session in the period
        is not printed): counted in "all groups" alone, all groups minus the printed
        groups would print them (review of issue 13)."""
        first_day, after_end = params["start"], params["after_end"]
        for g, created, done, done_on in self._execute(_FOLLOW_UPS, only, params):
            if g != UNATTACHED and g not in reported:
                continue
            if first_day <= str(created) < after_end:
                tally.add(_levels(g, _month(created)), "follow_ups_opened")
            if done and done_on is not None and start <= _as_date(done_on) <= end:
                tally.add(_levels(g, _month(done_on)), "follow_ups_completed")

    def _groups(self, params: dict[str, Any], group_id: int | None) -> dict[int, str]:
        which = _REPORTED if group_id is None else "g.id = :group"
        rows = self._s.execute(text(_GROUPS.format(which=which)), params)
        return {int(gid): name for gid, name in rows}

    def _execute(self, sql: str, only: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """The rows as plain tuples, read on the session's own connection (in its
        transaction) by the driver's cursor: SQLAlchemy's rows cost more than the SQL
        (the year's 74,000 attendances of the large demo: 0.2 s fetched as rows, 0.09 s
        as tuples)."""
        connection = self._s.connection().connection.driver_connection
        assert connection is not None
        cursor = connection.cursor()
        try:
            return list(cursor.execute(sql.format(only=only), params).fetchall())
        finally:
            cursor.close()


def _count_people(tally: _Tally, visits: Iterable[tuple[Key, int]]) -> None:
    """Attendances and different people, split by how often each came (once, 2 to 3
    times, 4 or more), per level, from each person's number of attendances at that
    level.  The three parts add up to the different people, so the summary publishes
    a partition: no difference of its numbers is a count of people it does not show."""
    attendances: Counter[Key] = Counter()
    people: Counter[Key] = Counter()
    once: Counter[Key] = Counter()
    two_three: Counter[Key] = Counter()
    four: Counter[Key] = Counter()
    for key, n in visits:
        attendances[key] += n
        people[key] += 1
        if n >= 4:
            four[key] += 1
        elif n >= 2:
            two_three[key] += 1
        else:
            once[key] += 1
    for key in people:
        tally.add((key,), "attendances", attendances[key])
        tally.add((key,), "different_people", people[key])
        tally.add((key,), "came_once", once[key])
        tally.add((key,), "came_2_to_3", two_three[key])
        tally.add((key,), "came_4_plus", four[key])


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
