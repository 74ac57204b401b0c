"""More facts true of the app's counting that neither the attacker (with F1-F8) nor the
audit uses (second review of issue 13, branch review13b).

- N3 (parts of a partition: months of a period, groups of all groups, two disjoint
  printed places that make a third): who came 2+ times in the whole came 2+ times in a
  part or was counted in two parts:
  sum_p (once_p + 2 x (2-3 + 4+)_p) >= once + 2 x (2-3 + 4+).
- N4 (same): a person's count in a part is at most 1 (once), 3 (2-3), or anything
  (4+), and their counts add up:
  sum_p (once_p + 3 x two_p + 4 x four_p) >= once + 2 x two + 4 x four.
- N1 (same, 4 parts or more): a person who came 2-3 times is in at most 3 parts:
  sum_p different_p <= once + min(3, parts) x two + parts x four.
- F1/F6 for two disjoint printed places that make a third (groups 1-2 and group 3 of
  all groups; only the audit's months and single groups have them).
- N5 (one group): a newcomer of a month after a printed sub-period Q had never come
  before, so was not in Q: different(P) >= different(Q) + newcomers(months of P after Q).
  (Since fixed: the audit's ``_newcomer_relations``, and the plain attacker's
  ``attacker_facts.newcomer_facts``.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attacker as A
import numpy as np
from attacker_facts import _days

Row = tuple[dict[A.AKey, int], float, float]
ENABLED = {"N1", "N3", "N4", "F1", "F6", "U", "N5", "N6"}  # which facts to write


def _add(row: dict[A.AKey, int], key: A.AKey, c: int) -> None:
    row[key] = row.get(key, 0) + c


def _partition_facts(place, parts, ms, by_place) -> Iterable[Row]:  # type: ignore[no-untyped-def]
    P = {A.D, A.ONCE, A.TWO, A.FOUR}
    if not (ms >= P and all(by_place[p] >= P for p in parts)):
        return
    n = len(parts)
    # N3
    row: dict[A.AKey, int] = {}
    on = ENABLED
    for p in parts:
        _add(row, (*p, A.ONCE), 1)
        _add(row, (*p, A.TWO), 2)
        _add(row, (*p, A.FOUR), 2)
    _add(row, (*place, A.ONCE), -1)
    _add(row, (*place, A.TWO), -2)
    _add(row, (*place, A.FOUR), -2)
    if "N3" in on:
        yield row, 0, np.inf
    # N4
    row = {}
    for p in parts:
        _add(row, (*p, A.ONCE), 1)
        _add(row, (*p, A.TWO), 3)
        _add(row, (*p, A.FOUR), 4)
    _add(row, (*place, A.ONCE), -1)
    _add(row, (*place, A.TWO), -2)
    _add(row, (*place, A.FOUR), -4)
    if "N4" in on:
        yield row, 0, np.inf
    # N1
    if n >= 4 and "N1" in on:
        row = {}
        for p in parts:
            _add(row, (*p, A.D), -1)
        _add(row, (*place, A.ONCE), 1)
        _add(row, (*place, A.TWO), 3)
        _add(row, (*place, A.FOUR), n)
        yield row, 0, np.inf
    # F1, F6 (again, for any partition)
    row = {}
    _add(row, (*place, A.ONCE), 1)
    for p in parts:
        _add(row, (*p, A.ONCE), -1)
    if "F1" in on:
        yield row, -np.inf, 0
    row = {}
    _add(row, (*place, A.ONCE), 1)
    _add(row, (*place, A.D), -2)
    for p in parts:
        _add(row, (*p, A.ONCE), -1)
        _add(row, (*p, A.D), 2)
    if "F6" in on:
        yield row, 0, np.inf


def new_facts(every: set[A.AKey]) -> Iterable[Row]:
    by_place: dict[tuple, set[str]] = {}  # type: ignore[type-arg]
    for labels, first, last, measure in every:
        by_place.setdefault((labels, first, last), set()).add(measure)
    places = sorted(by_place, key=str)
    for place in places:
        labels, first, last = place
        ms = by_place[place]
        pieces = list(A._months(first, last).values())  # type: ignore[arg-type]
        partitions = []
        if len(pieces) > 1:
            partitions.append([(labels, a, b) for a, b in pieces])
        if len(labels) > 1:
            partitions.append([(frozenset({g}), first, last) for g in sorted(labels)])
        for parts in partitions:
            if all(p in by_place for p in parts):
                yield from _partition_facts(place, parts, ms, by_place)
    # two disjoint printed places that make a third
    days = {p: _days(p) for p in places if (p[2] - p[1]).days < 400}
    for i, a in enumerate(places):
        for b in places[i + 1 :]:
            if "U" not in ENABLED:
                break
            if a not in days or b not in days or days[a] & days[b]:
                continue
            union = days[a] | days[b]
            for c in places:
                if c in days and days[c] == union:
                    yield from _partition_facts(c, [a, b], by_place[c], by_place)
    # N5
    for place in places:
        labels, first, last = place
        if len(labels) != 1 or A.D not in by_place[place] or "N5" not in ENABLED:
            continue
        months = list(A._months(first, last).values())  # type: ignore[arg-type]
        for q in places:
            if q[0] != labels or q == place or A.D not in by_place[q]:
                continue
            if not (first <= q[1] and q[2] < last):
                continue
            later = [(labels, a, b) for a, b in months if a > q[2]]
            if later and all(p in by_place and A.NEW in by_place[p] for p in later):
                row = {(*place, A.D): 1, (*q, A.D): -1}
                for p in later:
                    _add(row, (*p, A.NEW), -1)
                yield row, 0, np.inf


def _overlap_row(labels, first, last, by_place, sign):  # type: ignore[no-untyped-def]
    """sign x (sum of the groups' different people - all groups'), or None."""
    parts = [(frozenset({g}), first, last) for g in sorted(labels)]
    if len(labels) < 2 or not all(p in by_place and A.D in by_place[p] for p in parts):
        return None
    if A.D not in by_place.get((labels, first, last), set()):
        return None
    row = {(labels, first, last, A.D): -sign}
    for p in parts:
        _add(row, (*p, A.D), sign)
    return row


def overlap_facts(every: set[A.AKey]) -> Iterable[Row]:
    """N6: who is in two groups in a month is in two groups in any printed period holding
    it: overlap(period) >= overlap(month), for the same groups.  N7: who came in two
    months to a group came in two months to all groups: (sum of the months' different -
    the period's) of one group <= that of all groups holding it."""
    if "N6" not in ENABLED:
        return
    by_place: dict[tuple, set[str]] = {}  # type: ignore[type-arg]
    for labels, first, last, measure in every:
        by_place.setdefault((labels, first, last), set()).add(measure)
    for big in list(by_place):
        for small in list(by_place):
            if (
                big == small
                or big[0] != small[0]
                or not (big[1] <= small[1] and small[2] <= big[2])
            ):
                continue
            a = _overlap_row(*big, by_place, 1)
            b = _overlap_row(*small, by_place, -1)
            if a and b:
                row = dict(a)
                for key, c in b.items():
                    _add(row, key, c)
                yield row, 0, np.inf
    for place in list(by_place):
        labels, first, last = place
        months = [(labels, x, y) for x, y in A._months(first, last).values()]  # type: ignore[arg-type]
        if len(months) < 2 or len(labels) < 2 or A.D not in by_place[place]:
            continue
        if not all(m in by_place and A.D in by_place[m] for m in months):
            continue
        for g in sorted(labels):
            one = (frozenset({g}), first, last)
            mine = [(frozenset({g}), x, y) for _l, x, y in months]
            if one not in by_place or not all(
                m in by_place and A.D in by_place[m] for m in [*mine, one]
            ):
                continue
            row: dict[A.AKey, int] = {}
            for m in months:
                _add(row, (*m, A.D), 1)
            _add(row, (*place, A.D), -1)
            for m in mine:
                _add(row, (*m, A.D), -1)
            _add(row, (*one, A.D), 1)
            yield row, 0, np.inf


def violated(rows: Iterable[Row], truth: Mapping[A.AKey, int]) -> list[Row]:
    """The facts the true counts break (there must be none)."""
    bad = []
    for row, lo, hi in rows:
        if all(k in truth for k in row):
            v = sum(c * truth[k] for k, c in row.items())
            if not lo - 1e-9 <= v <= hi + 1e-9:
                bad.append((row, lo, hi))
    return bad


def with_new_facts(plain):  # type: ignore[no-untyped-def]
    def facts(every: set[A.AKey], known: Mapping[A.AKey, int] | None = None):  # type: ignore[no-untyped-def]
        yield from plain(every, known)
        yield from new_facts(every)
        yield from overlap_facts(every)

    return facts
