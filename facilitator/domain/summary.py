"""Plain records of the anonymised summary: the counts read from the vault, and the
report that may leave it (every count suppressed where it has to be).

:class:`MonthStats` are exact counts: they never leave the laptop.  A
:class:`SummaryReport` holds only what will be printed: each cell is a
:class:`SummaryCell` whose ``text`` is exactly what the PDF, the CSV and the
preview show ("42", "0", "<11", "7.5", or an en dash for "no session held").

Every hidden value is printed with one mark, ``"<K"`` (:func:`hidden_mark`), whatever
the reason it is hidden (a small count, or a value hidden to protect one): two marks
would tell an attacker which hidden values are small and which are not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from facilitator.domain.ledger import LedgerCell

LedgerKey = tuple[tuple[int, ...], dt.date, dt.date, str]  # LedgerCell.key

UNATTACHED = 0  # the group id of follow-ups not tied to a session (no group has id 0)
NOT_APPLICABLE = "\N{EN DASH}"  # printed for an average when no session was held


def hidden_mark(k: int) -> str:
    """The one mark printed for every hidden value ("<11" with the default K of 11)."""
    return f"<{k}"


class Measure(StrEnum):
    """What a summary counts, per group and month.  The value is the CSV's measure name."""

    SESSIONS_HELD = "sessions_held"
    SESSIONS_CANCELLED = "sessions_cancelled"
    ATTENDANCES = "attendances"
    DIFFERENT_PEOPLE = "different_people"
    CAME_ONCE = "came_once"
    CAME_2_TO_3 = "came_2_to_3"
    CAME_4_PLUS = "came_4_plus"
    NEWCOMERS = "newcomers"
    AVERAGE_ATTENDANCE = "average_attendance"
    GUESTS = "anonymous_guests"
    FOLLOW_UPS_OPENED = "follow_ups_opened"
    FOLLOW_UPS_COMPLETED = "follow_ups_completed"

    @property
    def is_count(self) -> bool:
        """A count of people or events: small values are suppressed."""
        return self is not Measure.AVERAGE_ATTENDANCE

    @property
    def monthly(self) -> bool:
        """Printed for each month as well as for the whole period.  Counts of people are
        printed for the whole period only (see ``PEOPLE``)."""
        return self not in PEOPLE

    @property
    def additive(self) -> bool:
        """The whole period is the sum of the months, all groups the sum of the groups.
        Counts of different people are not: someone who came in May and in June, or to
        two groups, is one person."""
        return self.is_count and self not in DISTINCT_PEOPLE


DISTINCT_PEOPLE = frozenset(
    {Measure.DIFFERENT_PEOPLE, Measure.CAME_ONCE, Measure.CAME_2_TO_3, Measure.CAME_4_PLUS}
)
"""Counts of different people, published as a partition: different people = came once
+ came 2 to 3 times + came 4 or more times (in that group and month or period).  No
difference of two of them is a count the table does not print itself."""
PEOPLE = DISTINCT_PEOPLE | {Measure.NEWCOMERS}
"""Counts of people, printed for the whole period only.  A month's counts of people sit
inside the period's, and most of the differences between them are small counts of
people (who came in the year but not in May); with the months printed, the audit had
to hide nearly all of them and the period's too (docs/architecture.md, "Exports and
the ledger").  The months still show sessions, members present, guests and
follow-ups."""
FOLLOW_UP_MEASURES = (Measure.FOLLOW_UPS_OPENED, Measure.FOLLOW_UPS_COMPLETED)


@dataclass(frozen=True, slots=True)
class MonthStats:
    """Exact counts for one group (None: all groups together) in one month ("2026-05";
    None: the whole period).  Never printed as they are."""

    group_id: int | None
    month: str | None
    sessions_held: int = 0
    sessions_cancelled: int = 0
    attendances: int = 0  # present or late, members only
    different_people: int = 0  # = came_once + came_2_to_3 + came_4_plus
    came_once: int = 0  # came to exactly 1 session (of that group) in the month / period
    came_2_to_3: int = 0
    came_4_plus: int = 0
    newcomers: int = 0  # first attendance ever at that group
    guests: int = 0  # anonymous guests at held sessions
    follow_ups_opened: int = 0
    follow_ups_completed: int = 0

    def count(self, measure: Measure) -> int:
        return int(getattr(self, _FIELDS[measure]))

    @property
    def average_attendance(self) -> float | None:
        """Members present or late per held session (None: no session held)."""
        if not self.sessions_held:
            return None
        return self.attendances / self.sessions_held


_FIELDS = {
    Measure.SESSIONS_HELD: "sessions_held",
    Measure.SESSIONS_CANCELLED: "sessions_cancelled",
    Measure.ATTENDANCES: "attendances",
    Measure.DIFFERENT_PEOPLE: "different_people",
    Measure.CAME_ONCE: "came_once",
    Measure.CAME_2_TO_3: "came_2_to_3",
    Measure.CAME_4_PLUS: "came_4_plus",
    Measure.NEWCOMERS: "newcomers",
    Measure.GUESTS: "guests",
    Measure.FOLLOW_UPS_OPENED: "follow_ups_opened",
    Measure.FOLLOW_UPS_COMPLETED: "follow_ups_completed",
}


@dataclass(frozen=True, slots=True)
class SummaryCounts:
    """What the vault holds for a summary: exact counts at every level, and the topics."""

    stats: Mapping[tuple[int | None, str | None], MonthStats]  # by (group, month)
    group_names: Mapping[int, str]  # the groups reported, in the order to print them
    topics: Mapping[int, tuple[str, ...]] = field(default_factory=dict)  # raw, unredacted

    def get(self, group_id: int | None, month: str | None) -> MonthStats:
        """The counts of a group (None: all) in a month (None: the whole period)."""
        found = self.stats.get((group_id, month))
        return found if found is not None else MonthStats(group_id, month)


@dataclass(frozen=True, slots=True)
class SummaryCell:
    """One printed value.  ``value`` is None when the number is not published."""

    value: int | float | None
    text: str
    suppressed: bool = False  # hidden, printed "<K" (small, or to protect a small one)


@dataclass(frozen=True, slots=True)
class SummaryGroup:
    id: int | None  # None: all groups together
    name: str  # the group's name ("" for all groups: the renderer has its own words)


NOT_COUNTED = SummaryCell(None, "")
"""A month's count of people: not printed (see ``PEOPLE``); an empty cell."""

GroupKey = int | None  # a group id; None: all groups together
MonthKey = str | None  # "2026-05"; None: the whole period


@dataclass(frozen=True, slots=True)
class SummaryReport:
    """An anonymised summary, ready to print: nothing in it identifies anyone."""

    start: dt.date
    end: dt.date
    k: int
    months: tuple[str, ...]
    groups: tuple[SummaryGroup, ...]  # all groups first (when more than one), then each
    cells: Mapping[tuple[GroupKey, MonthKey, Measure], SummaryCell]
    generated_on: dt.date
    include_topics: bool = False
    topics: Mapping[int, tuple[str, ...]] = field(default_factory=dict)  # redacted
    single_group: bool = False
    ledger_cells: tuple[LedgerCell, ...] = ()
    """Every count of this report as the export ledger records it (what it counts, what
    was printed, the exact value): for the vault's ledger only, never exported."""
    already_published: tuple[LedgerKey, ...] = ()
    """Hidden small counts that an earlier export had already printed (or narrowed so
    far that nothing hidden now can protect them): hidden again, but no longer
    protected; the UI may say so.  Keys only (groups, dates, measure), no values."""

    def cell(self, group_id: GroupKey, month: MonthKey, measure: Measure) -> SummaryCell:
        """A printed value; ``NOT_COUNTED`` for a month's count of people (printed for
        the whole period only)."""
        if month is not None and not measure.monthly:
            return NOT_COUNTED
        return self.cells[(group_id, month, measure)]

    @property
    def rows(self) -> tuple[MonthKey, ...]:
        """The rows of every group's table: each month, then the whole period."""
        return (*self.months, None)

    def _printed(self) -> list[SummaryCell]:
        """The cells the CSV prints: each group's, all groups' (in a report of several),
        and those of the follow-ups not tied to a session."""
        shown = {group.id for group in self.groups} | {UNATTACHED}
        return [cell for (g, _m, _measure), cell in self.cells.items() if g in shown]

    @property
    def suppressed_count(self) -> int:
        """How many printed values are hidden ("<11")."""
        return sum(1 for cell in self._printed() if cell.suppressed)

    @property
    def count_cells(self) -> int:
        """How many values are printed, hidden or not."""
        return len(self._printed())


def months_between(start: dt.date, end: dt.date) -> tuple[str, ...]:
    """Every month from ``start``'s to ``end``'s, as "YYYY-MM"."""
    months: list[str] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)
