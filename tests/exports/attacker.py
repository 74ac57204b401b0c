"""A funder's analyst with an integer-programming solver: what can be proven about the
hidden values of one or several published summaries?

It holds only what a funder holds: the text of each CSV handed over (parsed back, not
the audit's internals), the period each one covers, K, and the definitions of the
measures.  It writes every fact that follows from them as an integer program
(scipy.optimize.milp, HiGHS):

- a printed number is a constant; a hidden one an integer >= 0 (with ``marks="two"``,
  the old scheme: "<K" is 1..K-1 and "*" is 0 or >= K);
- the same count (same groups, same dates, same measure) printed in two exports is one
  unknown;
- additive measures: each period is the sum of its months, all groups the sum of the
  groups;
- per cell: different = once + 2-3 + 4+; different <= attendances; attendances >=
  once + 2 x (2-3) + 4 x (4+); for one group, newcomers <= different;
- a period against each month and all groups against each group: different >= each
  part's and <= their sum; 4+ >= each part's; (2-3 + 4+) >= each part's;
- a month's counts of people (different, once, 2-3, 4+, newcomers) are not printed, but
  they exist: they are unknowns with every fact above (``LATENT``), so that the solver
  reasons through them (members present in a month say that somebody came);
- the facts of ``attacker_facts.extra_facts`` (who is counted in more than one part;
  a newcomer of a later month was not there before) and
  ``attacker_facts.newcomer_facts`` (nor at any printed place of the group that ended
  before, from any export).

For each hidden value, and each derived count of people (``derived_counts``: people in
two or more groups; people counted in a place and not in a smaller place inside it;
people who had come before), it computes the provable minimum and maximum.
An exposure: a hidden value recovered exactly, or a value whose true
value is 1..K-1 with a provable range that misses 0 or K.

It is written apart from ``facilitator.exports.audit`` (keys by printed labels, its own
relations and solves, one minimum and one maximum per value) so that it checks it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

ALL = "All groups"
UNATTACHED = "Not tied to a session"
WHOLE = "whole period"
ADDITIVE = frozenset(
    {
        "sessions_held",
        "sessions_cancelled",
        "attendances",
        "newcomers",
        "anonymous_guests",
        "follow_ups_opened",
        "follow_ups_completed",
    }
)
FOLLOW_UPS = frozenset({"follow_ups_opened", "follow_ups_completed"})
D, ONCE, TWO, FOUR, NEW, ATT = (
    "different_people",
    "came_once",
    "came_2_to_3",
    "came_4_plus",
    "newcomers",
    "attendances",
)
PEOPLE = (D, ONCE, TWO, FOUR, NEW)
LATENT = ""  # the text of a count that exists and is not printed (a month's people)
BIG = 10**6
HELD = "sessions_held"
GUESTS = "anonymous_guests"

AKey = tuple[frozenset[str], dt.date, dt.date, str]  # labels, first day, last day, measure


@dataclass(frozen=True)
class Published:
    """One export as the funder has it: its rows (group, month, measure, text)."""

    rows: tuple[tuple[str, str, str, str], ...]
    start: dt.date
    end: dt.date
    k: int


@dataclass(frozen=True)
class Exposure:
    what: str  # "exact" or "small"
    key: AKey | str
    low: float
    high: float
    truth: int | None


@dataclass
class _Program:
    index: dict[AKey, int] = field(default_factory=dict)
    known: dict[AKey, int] = field(default_factory=dict)
    lower: dict[AKey, int] = field(default_factory=dict)
    upper: dict[AKey, float] = field(default_factory=dict)
    either: set[AKey] = field(default_factory=set)  # "*": 0 or >= K
    rows: list[tuple[dict[AKey, int], float, float]] = field(default_factory=list)
    latent: set[AKey] = field(default_factory=set)  # counted, never printed


def parse_csv(text: str, start: dt.date, end: dt.date, k: int) -> Published:
    """A summary CSV's text as the funder reads it."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    rows = [tuple(row) for row in reader][1:]
    kept = tuple((r[0], r[1], r[2], r[3]) for r in rows if r[2] != "topic")
    return Published(kept, start, end, k)


def _months(start: dt.date, end: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
    out = {}
    day = start
    while day <= end:
        nxt = (day.replace(day=1) + dt.timedelta(days=31)).replace(day=1)
        out[f"{day.year:04d}-{day.month:02d}"] = (day, min(end, nxt - dt.timedelta(days=1)))
        day = nxt
    return out


def _keys(export: Published) -> dict[AKey, str]:
    """Each printed count by what it counts."""
    labels = {g for g, _m, _me, _v in export.rows if g not in (ALL, UNATTACHED)}
    months = _months(export.start, export.end)
    out: dict[AKey, str] = {}
    for group, month, measure, text in export.rows:
        if measure == "average_attendance":
            continue
        if group == ALL:
            covered = set(labels)
            if measure in FOLLOW_UPS and any(g == UNATTACHED for g, *_ in export.rows):
                covered.add(UNATTACHED)
        else:
            covered = {group}
        first, last = (export.start, export.end) if month == WHOLE else months[month]
        out[(frozenset(covered), first, last, measure)] = text
        month_of_people = group != UNATTACHED and measure not in FOLLOW_UPS
        if month_of_people and month != WHOLE and (first, last) != (export.start, export.end):
            for person_measure in PEOPLE:  # not printed: unknowns all the same
                out.setdefault((frozenset(covered), first, last, person_measure), LATENT)
    return out


def _build(exports: Sequence[Published], marks: str) -> _Program:
    program = _Program()
    tabled: set[AKey] = set()  # a table cell of some export, printed or hidden
    for export in exports:
        k = export.k
        for key, text in _keys(export).items():
            if text.lstrip("-").isdigit():
                program.known[key] = int(text)
                continue
            if key in program.known:
                continue
            if text == LATENT:
                if key not in tabled:
                    program.latent.add(key)
                program.lower.setdefault(key, 0)
                continue
            tabled.add(key)
            program.latent.discard(key)
            if marks == "two" and text == f"<{k}":
                program.lower[key], program.upper[key] = 1, k - 1
            elif marks == "two" and text == "*":
                program.either.add(key)
            else:
                program.lower.setdefault(key, 0)
    every = set(program.known) | set(program.lower) | program.either
    for key in every - set(program.known):
        program.index[key] = len(program.index)
    program.rows = list(_facts(every, program.known))
    return program


def _facts(
    every: set[AKey], known: Mapping[AKey, int] | None = None
) -> Iterable[tuple[dict[AKey, int], float, float]]:
    """Every linear fact (coefficients, low, high) the definitions give.  ``known``: the
    printed values, for facts whose coefficients they give (sessions held)."""
    known = known or {}
    by_place: dict[tuple[frozenset[str], dt.date, dt.date], set[str]] = defaultdict(set)
    for labels, first, last, measure in every:
        by_place[(labels, first, last)].add(measure)
    inf = np.inf
    for place, measures in by_place.items():

        def at(m: str, place: tuple[frozenset[str], dt.date, dt.date] = place) -> AKey:
            return (*place, m)

        if {D, ONCE, TWO, FOUR} <= measures:
            yield {at(D): 1, at(ONCE): -1, at(TWO): -1, at(FOUR): -1}, 0, 0
        if {D, NEW} <= measures and len(place[0]) == 1:
            yield {at(D): 1, at(NEW): -1}, 0, inf
        if {D, ATT} <= measures:
            yield {at(ATT): 1, at(D): -1}, 0, inf
        if {ATT, ONCE, TWO, FOUR} <= measures:
            yield {at(ATT): 1, at(ONCE): -1, at(TWO): -2, at(FOUR): -4}, 0, inf
        yield from _held_facts(measures, known.get(at(HELD)), at)
        labels, first, last = place
        splits = []
        pieces = list(_months(first, last).values())
        if len(pieces) > 1:
            splits.append([(labels, a, b) for a, b in pieces])
        if len(labels) > 1:
            splits.append([(frozenset({g}), first, last) for g in sorted(labels)])
        # Two printed pieces that tile this one (1-14 Aug and 15-31 Aug of 1-31 Aug).
        for other, a, b in list(by_place):
            if other == labels and a == first and b < last:
                right = (labels, b + dt.timedelta(days=1), last)
                if right in by_place:
                    splits.append([(labels, a, b), right])
        for parts in splits:
            yield from _whole_and_parts(place, parts, by_place)
    # Who is counted in more than one part (found by the review of the audit).
    from attacker_facts import extra_facts, newcomer_facts

    yield from extra_facts(every)
    yield from newcomer_facts(every)


def _held_facts(
    measures: set[str], held: int | None, at: Callable[[str], AKey]
) -> Iterable[tuple[dict[AKey, int], float, float]]:
    """What printed sessions held give: nobody came more often than that."""
    if held is None:
        return
    inf = np.inf
    if {ATT, ONCE, TWO, FOUR} <= measures:
        yield {at(ATT): 1, at(ONCE): -1, at(TWO): -3, at(FOUR): -held}, -inf, 0
    if {ATT, D} <= measures:
        yield {at(ATT): 1, at(D): -held}, -inf, 0
    for measure, fewest in ((TWO, 2), (FOUR, 4), (ATT, 1), (D, 1), (ONCE, 1), (NEW, 1)):
        if measure in measures and held < fewest:
            yield {at(measure): 1}, 0, 0
    if GUESTS in measures and held == 0:
        yield {at(GUESTS): 1}, 0, 0


def _whole_and_parts(
    whole: tuple[frozenset[str], dt.date, dt.date],
    parts: list[tuple[frozenset[str], dt.date, dt.date]],
    by_place: Mapping[tuple[frozenset[str], dt.date, dt.date], set[str]],
) -> Iterable[tuple[dict[AKey, int], float, float]]:
    inf = np.inf
    have = by_place[whole]
    present = [p for p in parts if p in by_place]
    complete = len(present) == len(parts)
    for measure in have:
        with_it = [p for p in present if measure in by_place[p]]
        if measure in ADDITIVE and complete and len(with_it) == len(parts):
            row = {(*whole, measure): 1}
            for p in parts:
                row[(*p, measure)] = row.get((*p, measure), 0) - 1
            yield row, 0, 0
        if measure in ADDITIVE or measure in (D, FOUR):
            for p in with_it:
                yield {(*whole, measure): 1, (*p, measure): -1}, 0, inf
        if measure == D and complete and len(with_it) == len(parts):
            row = {(*whole, D): -1}
            for p in parts:
                row[(*p, D)] = 1
            yield row, 0, inf
    if {TWO, FOUR} <= have:
        for p in present:
            if {TWO, FOUR} <= by_place[p]:
                yield {(*whole, TWO): 1, (*whole, FOUR): 1, (*p, TWO): -1, (*p, FOUR): -1}, 0, inf


def _linked(program: _Program, start: Iterable[AKey]) -> set[AKey]:
    """The unknowns linked to ``start`` through facts (the rest cannot matter)."""
    touching: dict[AKey, list[int]] = defaultdict(list)
    for r, (coefficients, _lo, _hi) in enumerate(program.rows):
        for key in coefficients:
            if key in program.index:
                touching[key].append(r)
    seen = {key for key in start if key in program.index}
    todo = list(seen)
    while todo:
        for r in touching[todo.pop()]:
            for other in program.rows[r][0]:
                if other in program.index and other not in seen:
                    seen.add(other)
                    todo.append(other)
    return seen


def _range(program: _Program, objective: Mapping[AKey, int], k: int) -> tuple[float, float]:
    """The provable (min, max) of sum(c x) over whole numbers agreeing with everything."""
    linked = _linked(program, objective)
    program = _Program(
        index={key: i for i, key in enumerate(sorted(linked, key=str))},
        known=program.known,
        lower=program.lower,
        upper=program.upper,
        either=program.either & linked,
        rows=[row for row in program.rows if any(key in linked for key in row[0])],
    )
    n = len(program.index)
    either = sorted(program.either, key=str)
    m = n + len(either)  # a 0/1 per "*": 0 -> the value is 0, 1 -> it is >= K
    data, rows, cols, low, high = [], [], [], [], []

    def add(row: Mapping[int, float], lo: float, hi: float) -> None:
        for c, v in row.items():
            data.append(v)
            rows.append(len(low))
            cols.append(c)
        low.append(lo)
        high.append(hi)

    for coefficients, lo, hi in program.rows:
        row: dict[int, float] = {}
        constant = 0
        for key, c in coefficients.items():
            if key in program.known:
                constant += c * program.known[key]
            else:
                row[program.index[key]] = row.get(program.index[key], 0) + c
        if row:
            add(row, lo - constant, hi - constant)
    for j, key in enumerate(either):
        i = program.index[key]
        add({i: 1, n + j: -BIG}, -np.inf, 0)  # x <= BIG b
        add({i: 1, n + j: -k}, 0, np.inf)  # x >= K b
    lb = np.zeros(m)
    ub = np.full(m, np.inf)
    ub[n:] = 1
    for key, i in program.index.items():
        lb[i] = program.lower.get(key, 0)
        ub[i] = program.upper.get(key, np.inf)
    constant = 0
    cost = np.zeros(m)
    for key, c in objective.items():
        if key in program.known:
            constant += c * program.known[key]
        else:
            cost[program.index[key]] += c
    constraints = []
    if low:
        matrix = coo_matrix((data, (rows, cols)), shape=(len(low), m)).tocsr()
        constraints = [LinearConstraint(matrix, low, high)]
    out = []
    for sign in (1, -1):
        result = milp(
            sign * cost, integrality=np.ones(m), bounds=Bounds(lb, ub), constraints=constraints
        )
        # Unbounded: no minimum (a difference) or no maximum.  HiGHS's presolve may say
        # "infeasible or unbounded" (status 9): the true table satisfies every fact, so
        # it is unbounded.
        if result.status == 3 or "unbounded" in str(result.message):
            out.append(-sign * np.inf)
            continue
        if result.status != 0 and sign == -1:
            out.append(np.inf)
            continue
        assert result.status == 0, result.message
        out.append(sign * round(result.fun) + constant)
    return out[0], out[1]


def attack(
    exports: Sequence[Published],
    truth: Mapping[AKey, int],
    *,
    marks: str = "one",
) -> list[Exposure]:
    """Every exposure the solver proves in ``exports`` together.  ``truth``: the true
    counts by key (only to tell which hidden values are small)."""
    program = _build(exports, marks)
    k = exports[-1].k
    found: list[Exposure] = []
    for key in sorted(program.index, key=str):
        value = truth.get(key)
        if key in program.latent:  # not a printed cell: a small one must not be exact
            if value is not None and 0 < value < k:
                low, high = _range(program, {key: 1}, k)
                if low == high:
                    found.append(Exposure("exact", key, low, high, value))
            continue
        low, high = _range(program, {key: 1}, k)
        found.extend(_judge(key, low, high, value, k))
    every = set(program.known) | set(program.index)
    for name, objective in derived_counts(every):
        if not all(p in truth for p in objective):
            continue
        value = sum(c * truth[p] for p, c in objective.items())
        if not 0 < value < k:
            continue
        if all(p in program.known for p in objective):
            low = high = sum(c * program.known[p] for p, c in objective.items())
        else:
            low, high = _range(program, objective, k)
        if low > 0 or high < k:
            found.append(Exposure("small", name, low, high, value))
    return found


def _unions(
    by_place: Mapping[tuple[frozenset[str], dt.date, dt.date], set[str]],
    places: Sequence[tuple[frozenset[str], dt.date, dt.date]],
) -> Iterable[tuple[str, dict[AKey, int]]]:
    with_d = [p for p in places if D in by_place[p]]
    day = dt.timedelta(days=1)
    for whole in with_d:
        labels, first, last = whole
        months = [(labels, a, b) for a, b in _months(first, last).values()]
        if len(months) > 2 and all(D in by_place.get(m, ()) for m in months):
            yield (
                f"people in 2+ months of {whole}",
                {(*whole, D): -1} | {(*m, D): 1 for m in months},
            )
        inside = [p for p in with_d if _within(p, whole)]
        for i, a in enumerate(inside):
            for b in inside[i + 1 :]:
                if _within(a, b) or _within(b, a):
                    continue
                x, y = sorted((a, b), key=lambda p: p[1])
                periods = (
                    a[0] == b[0] == labels and x[1] == first and y[2] == last and y[1] <= x[2] + day
                )
                groups = a[1:] == b[1:] == whole[1:] and a[0] | b[0] == labels
                if periods or groups:
                    yield (
                        f"people in both {a} and {b}",
                        {(*a, D): 1, (*b, D): 1, (*whole, D): -1},
                    )


def _within(
    small: tuple[frozenset[str], dt.date, dt.date], big: tuple[frozenset[str], dt.date, dt.date]
) -> bool:
    return small != big and small[0] <= big[0] and big[1] <= small[1] and small[2] <= big[2]


def derived_counts(every: Iterable[AKey]) -> Iterable[tuple[str, dict[AKey, int]]]:
    """Differences of counts that are themselves counts of people, with a name:

    - the groups' different people minus all groups' = people in two or more groups;
    - for a place inside a larger one (fewer groups, a shorter period): the larger's
      different people, came 4+ and came 2+ (2-3 plus 4+) minus the smaller's = the
      people counted in the larger and not in the smaller (for one group, newcomers
      too);
    - for one group, different people minus newcomers = people who had come before;
    - two places whose union is a third (the same groups over two periods that tile or
      overlap it; the same period over groups that make its groups): different(a) +
      different(b) - different(union) = people counted in both; and a period's months'
      different people summed minus the period's (3 months or more)."""
    every = set(every)
    by_place: dict[tuple[frozenset[str], dt.date, dt.date], set[str]] = defaultdict(set)
    for labels, first, last, measure in every:
        by_place[(labels, first, last)].add(measure)
    places = sorted(by_place, key=str)
    yield from _unions(by_place, places)
    for place in places:
        labels, first, last = place
        have = by_place[place]
        parts = [(frozenset({g}), first, last) for g in sorted(labels)]
        if D in have and len(labels) > 1 and all(D in by_place.get(p, ()) for p in parts):
            yield (
                f"people in 2+ groups {place}",
                {(*place, D): -1} | {(*p, D): 1 for p in parts},
            )
        if {D, NEW} <= have and len(labels) == 1:
            yield f"people who had come before {place}", {(*place, D): 1, (*place, NEW): -1}
        for small in places:
            if not _within(small, place):
                continue
            shared = have & by_place[small]
            for measure in (D, FOUR, NEW):
                if measure in shared and (measure != NEW or len(labels) == 1):
                    yield (
                        f"{measure} of {place} not of {small}",
                        {(*place, measure): 1, (*small, measure): -1},
                    )
            if {TWO, FOUR} <= shared:
                yield (
                    f"came 2+ in {place} not in {small}",
                    {(*place, TWO): 1, (*place, FOUR): 1, (*small, TWO): -1, (*small, FOUR): -1},
                )


def _judge(key: AKey, low: float, high: float, value: int | None, k: int) -> list[Exposure]:
    if low == high:
        return [Exposure("exact", key, low, high, value)]
    if value is not None and 0 < value < k and (low > 0 or high < k):
        return [Exposure("small", key, low, high, value)]
    return []


def truth_of(ledger: Iterable[object], names: Mapping[int, str]) -> dict[AKey, int]:
    """The true counts of LedgerCells, keyed as the attacker keys them (by label)."""
    out: dict[AKey, int] = {}
    for cell in ledger:
        groups = frozenset(UNATTACHED if g == 0 else names[g] for g in cell.groups)  # type: ignore[attr-defined]
        out[(groups, cell.start, cell.end, cell.measure)] = cell.true_value  # type: ignore[attr-defined]
    return out
