"""N5 (review 13b): a newcomer was not at any printed place of the group that ended
before.  The audit writes the relation only where it does not follow from its others
(so that the relations do not grow with the square of the ledger); here every pair an
attacker can write — P and any printed Q of the group inside it, ending before it —
must follow from the audit's relations, as a linear program proves."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from facilitator.exports import audit as audit_module
from facilitator.exports.audit import CellKey, month_pieces

_D, _NEW = "different_people", "newcomers"


def _month(m: int) -> dt.date:
    return dt.date(2026 + (m - 1) // 12, (m - 1) % 12 + 1, 1)


_EXPORT = st.tuples(
    st.sampled_from([(1,), (2,), (1, 2)]), st.integers(1, 8), st.integers(0, 7), st.booleans()
)


def _keys(exports: list[tuple[tuple[int, ...], int, int, bool]]) -> set[CellKey]:
    """The counts of whole-month exports (period, months; all groups with each group),
    of different people and newcomers; an export with ``False`` prints no newcomers for
    its last month (as if that measure were left out)."""
    keys: set[CellKey] = set()
    for groups, first, length, newcomers in exports:
        start, end = _month(first), _month(first + length + 1) - dt.timedelta(days=1)
        months = month_pieces(start, end)
        for g in {groups, *((one,) for one in groups)}:
            for a, b in ((start, end), *months):
                keys.add((g, a, b, _D))
                if newcomers or (a, b) != months[-1]:
                    keys.add((g, a, b, _NEW))
    return keys


def _pairs(keys: set[CellKey]) -> list[dict[CellKey, int]]:
    """Every N5 relation an attacker writes: different(P) - different(Q) - the
    newcomers of P's months after Q (>= 0)."""
    places: dict[tuple[tuple[int, ...], dt.date, dt.date], set[str]] = {}
    for g, a, b, m in keys:
        places.setdefault((g, a, b), set()).add(m)
    out = []
    for p, measures in places.items():
        if len(p[0]) != 1 or _D not in measures:
            continue
        months = [(p[0], a, b) for a, b in month_pieces(p[1], p[2])]
        for q, q_measures in places.items():
            if q[0] != p[0] or _D not in q_measures or not (p[1] <= q[1] and q[2] < p[2]):
                continue
            later = [m for m in months if m[1] > q[2]]
            if later and all(_NEW in places.get(m, set()) for m in later):
                row = {(*p, _D): 1, (*q, _D): -1}
                row.update({(*m, _NEW): -1 for m in later})
                out.append(row)
    return out


def _not_implied(keys: set[CellKey]) -> list[dict[CellKey, int]]:
    """The attacker's N5 relations that do not follow from the audit's relations
    (minimised over them, with every count from 0 to 100, one goes below 0)."""
    relations = audit_module._relations(keys)
    index = {key: i for i, key in enumerate(sorted(keys, key=str))}
    upper, equal = [], []
    for relation in relations:
        row = np.zeros(len(index))
        for key, c in relation.terms:
            row[index[key]] += c
        (equal if relation.equal else upper).append(row if relation.equal else -row)
    missing = []
    for pair in _pairs(keys):
        cost = np.zeros(len(index))
        for key, c in pair.items():
            cost[index[key]] += c
        result = linprog(
            cost,
            A_ub=np.array(upper) if upper else None,
            b_ub=np.zeros(len(upper)) if upper else None,
            A_eq=np.array(equal) if equal else None,
            b_eq=np.zeros(len(equal)) if equal else None,
            bounds=(0, 100),
        )
        if result.status != 0 or result.fun < -1e-7:
            missing.append(pair)
    return missing


@settings(max_examples=40, deadline=None)
@given(st.lists(_EXPORT, min_size=2, max_size=6))
def test_every_newcomer_relation_an_attacker_writes_follows_from_the_audits(
    exports: list[tuple[tuple[int, ...], int, int, bool]],
) -> None:
    assert _not_implied(_keys(exports)) == []


def test_an_earlier_exports_period_and_the_later_months_newcomers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Review 13b's shape: all groups February-May, group 2 May-June, all groups
    January-June.  Without the relation (F3 relates P's own months only), group 1's
    January-June against February-May does not follow."""
    keys = _keys([((1, 2), 2, 3, True), ((2,), 5, 1, True), ((1, 2), 1, 5, True)])
    assert _not_implied(keys) == []
    monkeypatch.setattr(audit_module, "_newcomer_relations", lambda places: [])
    assert len(_not_implied(keys)) == 2  # group 1's and group 2's January-June
