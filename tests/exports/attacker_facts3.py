"""Facts and derived counts of the third review of issue 13 (branch review13c), true of
the app's counting, that neither the audit nor the attacker (F1-F8, N1-N7) uses.

- R1 (derived): two printed places A and B (same groups, periods that tile or overlap;
  or the same period, groups that make the union) whose union is a printed place U:
  D(A) + D(B) - D(U) = the people counted in both A and B.  A count of people.
  Also, for 3 months or more, the months' different people summed - the period's
  (people counted in two or more months; the same kind of count as the groups' sum -
  all groups', which the audit protects).
- R3 (fact): the row "Not tied to a session" is printed (in an export of all groups)
  only when it has follow-ups opened or done in the export's period: for that period,
  opened + done >= 1.  (Written for every period place of that row that is not a
  single month, and for a single month that no other place of the row holds.)
- R2 (fact): those people include everyone of a printed place C inside both A and B:
  D(A) + D(B) - D(U) >= D(C).
"""

from __future__ import annotations

from collections.abc import Iterable

import attacker as A
import numpy as np
from attacker_facts import _days, _inside

Row = tuple[dict[A.AKey, int], float, float]
ENABLED = {"R1", "R2", "R3"}


def _places(every: set[A.AKey]) -> dict[tuple, set[str]]:  # type: ignore[type-arg]
    by_place: dict[tuple, set[str]] = {}  # type: ignore[type-arg]
    for labels, first, last, measure in every:
        by_place.setdefault((labels, first, last), set()).add(measure)
    return by_place


def unions(every: set[A.AKey]) -> Iterable[tuple[tuple, tuple, tuple]]:  # type: ignore[type-arg]
    """(A, B, U): two printed places with different people whose union is U."""
    by_place = _places(every)
    with_d = sorted((p for p, ms in by_place.items() if A.D in ms), key=str)
    days = {p: frozenset(_days(p)) for p in with_d if (p[2] - p[1]).days < 400}
    for u in with_d:
        if u not in days:
            continue
        inside = [p for p in with_d if p in days and _inside(p, u)]
        for i, a in enumerate(inside):
            for b in inside[i + 1 :]:
                same_groups = a[0] == b[0] == u[0]
                same_period = a[1:] == b[1:] == u[1:]
                if not (same_groups or same_period):
                    continue
                if days[a] | days[b] == days[u] and not (days[a] <= days[b] or days[b] <= days[a]):
                    yield a, b, u


def derived3(every: Iterable[A.AKey]) -> Iterable[tuple[str, dict[A.AKey, int]]]:
    if "R1" not in ENABLED:
        return
    for a, b, u in unions(set(every)):
        row: dict[A.AKey, int] = {}
        for p, c in ((a, 1), (b, 1), (u, -1)):
            row[(*p, A.D)] = row.get((*p, A.D), 0) + c
        yield f"people in both {a} and {b}", row
    # The months of a period: sum of the months' different people - the period's
    # (people counted in two or more months, as the audit counts groups).
    by_place = _places(set(every))
    for place, ms in sorted(by_place.items(), key=str):
        labels, first, last = place
        months = [(labels, x, y) for x, y in A._months(first, last).values()]  # type: ignore[arg-type]
        if A.D in ms and len(months) > 2 and all(A.D in by_place.get(m, ()) for m in months):
            row = {(*place, A.D): -1} | {(*m, A.D): 1 for m in months}
            yield f"people in 2+ months of {place}", row


def facts3(every: set[A.AKey]) -> Iterable[Row]:
    if "R2" not in ENABLED:
        return
    by_place = _places(every)
    for a, b, u in unions(every):
        for c in by_place:
            if A.D in by_place[c] and _inside(c, a) and _inside(c, b):
                yield {(*a, A.D): 1, (*b, A.D): 1, (*u, A.D): -1, (*c, A.D): -1}, 0, np.inf


def unattached_facts(every: set[A.AKey]) -> Iterable[Row]:
    if "R3" not in ENABLED:
        return
    by_place = _places(every)
    mine = [p for p in by_place if p[0] == frozenset({A.UNATTACHED})]
    for p in mine:
        one_month = len(A._months(p[1], p[2])) == 1  # type: ignore[arg-type]
        if one_month and any(_inside(p, q) for q in mine):
            continue
        if {"follow_ups_opened", "follow_ups_completed"} <= by_place[p]:
            yield {(*p, "follow_ups_opened"): 1, (*p, "follow_ups_completed"): 1}, 1, np.inf


def with_r_facts(plain):  # type: ignore[no-untyped-def]
    def facts(every, known=None):  # type: ignore[no-untyped-def]
        yield from plain(every, known)
        yield from facts3(every)
        yield from unattached_facts(every)

    return facts


def with_r_derived(plain):  # type: ignore[no-untyped-def]
    def derived(every):  # type: ignore[no-untyped-def]
        every = set(every)
        yield from plain(every)
        yield from derived3(every)

    return derived
