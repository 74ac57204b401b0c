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
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import attacker as A
import numpy as np
from attacker_facts import _days

Row = tuple[dict[A.AKey, int], float, float]
ENABLED = {"N1", "N3", "N4", "F1", "F6", "U", "N5"}  # which facts to write


def _add(row: dict[A.AKey, int], key: A.AKey, c: int) -> None:
    row[key] = row.get(key, 0) + c


def _partition_facts(place, parts, ms, by_place) -> Iterable[Row]:  # type: ignore[no-untyped-def]
    P = {A.D, A.ONCE, A.TWO, A.FOUR}
    if not (P <= ms and all(P <= by_place[p] for p in parts)):
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

    return facts
