"""Facts an analyst knows that hold for the app's real counting
(facilitator/storage/repositories/summary.py) but that neither tests/exports/attacker.py
nor facilitator/exports/audit.py uses (review of issue 13, branch review13).

- F1: who came once in a whole (period, or all groups) came once in exactly one part:
  once(whole) <= sum of once(parts).
- F2: who is counted in two or more parts came at least twice in the whole:
  (parts - 1) x (2-3 + 4+)(whole) >= sum of different(parts) - different(whole).
- F6: who came once in a part and in no other part came once in the whole:
  once(whole) >= sum of once(parts) - 2 x (sum of different(parts) - different(whole)).
- F3 (one group): a newcomer of a later month had never come before, so was not there
  in an earlier month: different(period) >= different(month i) + newcomers(months > i).
- N5 (one group; F3 with any printed place Q of the group inside the period P, from any
  export, found by the second review): different(P) >= different(Q) + newcomers of
  P's months that start after Q ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import attacker as A
import numpy as np


def extra_facts(every: set[A.AKey]) -> Iterable[tuple[dict[A.AKey, int], float, float]]:
    by_place: dict[tuple[frozenset[str], object, object], set[str]] = {}
    for labels, first, last, measure in every:
        by_place.setdefault((labels, first, last), set()).add(measure)
    for place, ms in by_place.items():
        labels, first, last = place
        splits = []
        pieces = list(A._months(first, last).values())  # type: ignore[arg-type]
        if len(pieces) > 1:
            splits.append(("months", [(labels, a, b) for a, b in pieces]))
        if len(labels) > 1:
            splits.append(("groups", [(frozenset({g}), first, last) for g in sorted(labels)]))
        for kind, parts in splits:
            if not all(p in by_place for p in parts):
                continue
            if A.ONCE in ms and all(A.ONCE in by_place[p] for p in parts):  # F1
                row = {(*place, A.ONCE): 1}
                for p in parts:
                    row[(*p, A.ONCE)] = row.get((*p, A.ONCE), 0) - 1
                yield row, -np.inf, 0
            if {A.TWO, A.FOUR, A.D} <= ms and all(A.D in by_place[p] for p in parts):  # F2
                n = len(parts) - 1
                row = {(*place, A.TWO): n, (*place, A.FOUR): n, (*place, A.D): 1}
                for p in parts:
                    row[(*p, A.D)] = row.get((*p, A.D), 0) - 1
                yield row, 0, np.inf
            if {A.ONCE, A.D} <= ms and all({A.ONCE, A.D} <= by_place[p] for p in parts):  # F6
                row = {(*place, A.ONCE): 1, (*place, A.D): -2}
                for p in parts:
                    row[(*p, A.ONCE)] = row.get((*p, A.ONCE), 0) - 1
                    row[(*p, A.D)] = row.get((*p, A.D), 0) + 2
                yield row, 0, np.inf
            if kind == "months" and len(labels) == 1 and A.D in ms:  # F3
                for i, p in enumerate(parts):
                    later = parts[i + 1 :]
                    if A.D in by_place[p] and later and all(A.NEW in by_place[q] for q in later):
                        row = {(*place, A.D): 1, (*p, A.D): -1}
                        for q in later:
                            row[(*q, A.NEW)] = -1
                        yield row, 0, np.inf


def newcomer_facts(every: set[A.AKey]) -> Iterable[tuple[dict[A.AKey, int], float, float]]:
    """N5: every pair (P, Q) of one group's printed places, Q inside P and ending before
    it (a plain search over all pairs: the audit indexes; this checks it)."""
    by_place: dict[tuple, set[str]] = {}  # type: ignore[type-arg]
    for labels, first, last, measure in every:
        by_place.setdefault((labels, first, last), set()).add(measure)
    for place, ms in by_place.items():
        labels, first, last = place
        if len(labels) != 1 or A.D not in ms:
            continue
        months = [(labels, a, b) for a, b in A._months(first, last).values()]  # type: ignore[arg-type]
        for q, q_ms in by_place.items():
            if q[0] != labels or A.D not in q_ms or not (first <= q[1] and q[2] < last):
                continue
            later = [m for m in months if m[1] > q[2]]
            if later and all(A.NEW in by_place.get(m, set()) for m in later):
                row = {(*place, A.D): 1, (*q, A.D): -1}
                for m in later:
                    row[(*m, A.NEW)] = -1
                yield row, 0, np.inf


def _inside(a: tuple, b: tuple) -> bool:  # type: ignore[type-arg]
    return a != b and a[0] <= b[0] and b[1] <= a[1] and a[2] <= b[2]


def _days(place: tuple) -> set:  # type: ignore[type-arg]
    labels, first, last = place
    return {
        (g, first + dt.timedelta(days=i)) for g in labels for i in range((last - first).days + 1)
    }


def more_facts(every: set[A.AKey]) -> Iterable[tuple[dict[A.AKey, int], float, float]]:
    by_place: dict[tuple, set[str]] = {}  # type: ignore[type-arg]
    for labels, first, last, measure in every:
        by_place.setdefault((labels, first, last), set()).add(measure)
    places = sorted(by_place, key=str)
    monotone = [A.D, A.FOUR, *sorted(A.ADDITIVE)]
    for small in places:
        for big in places:
            if not _inside(small, big):
                continue
            for m in monotone:  # F7
                if m in by_place[small] and m in by_place[big]:
                    yield {(*big, m): 1, (*small, m): -1}, 0, np.inf
            both = {A.TWO, A.FOUR}
            if both <= by_place[small] and both <= by_place[big]:
                row = {
                    (*big, A.TWO): 1,
                    (*big, A.FOUR): 1,
                    (*small, A.TWO): -1,
                    (*small, A.FOUR): -1,
                }
                yield row, 0, np.inf
    days = {p: _days(p) for p in places if (p[2] - p[1]).days < 400}
    for i, a in enumerate(places):
        for b in places[i + 1 :]:
            if a not in days or b not in days:
                continue
            union = days[a] | days[b]
            for c in places:
                if c in (a, b) or c not in days or days[c] != union:
                    continue
                if days[a] <= days[b] or days[b] <= days[a]:
                    continue
                for m in [A.D, *sorted(A.ADDITIVE)]:  # F8
                    if all(m in by_place[p] for p in (a, b, c)):
                        yield {(*c, m): 1, (*a, m): -1, (*b, m): -1}, -np.inf, 0
                disjoint = not (days[a] & days[b])
                if (
                    disjoint
                    and {A.TWO, A.FOUR, A.D} <= by_place[c]
                    and all(A.D in by_place[p] for p in (a, b))
                ):
                    row = {
                        (*c, A.TWO): 1,
                        (*c, A.FOUR): 1,
                        (*c, A.D): 1,
                        (*a, A.D): -1,
                        (*b, A.D): -1,
                    }
                    yield row, 0, np.inf


def with_extra_facts(plain):  # type: ignore[no-untyped-def]
    """attacker._facts plus F1-F3 (for monkeypatch.setattr(attacker, "_facts", ...))."""

    def facts(every: set[A.AKey], known: Mapping[A.AKey, int] | None = None):  # type: ignore[no-untyped-def]
        yield from plain(every, known)
        yield from extra_facts(every)
        yield from more_facts(every)

    return facts
