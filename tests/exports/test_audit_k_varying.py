"""Exports made with different K audited together (issue 13, "K alternating 3 and 5").

After an export with a larger K, the audit protects what is hidden up to the largest K
used (``prior_k``), also this export's own hidden counts: a count of 3 or 4 hidden in a
K=3 export is then a target that earlier exports may already bound below 5 ("given
away before": reported, not chased).  Such a count was also taken out of the cells the
audit may hide to protect others, so once shown it could never be hidden again, even
where it was the only way to protect an earlier export's hidden value (here: March's
zero, from January-March minus January-February).  The audit then gave up, silently,
with that value fixed and cells of its own hidden although fixed.

Keys and exports here are built by hand (one additive measure) and read back as the
attacker reads CSV rows, so that the case is small enough to follow by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attacker
import pytest
from attacker import ALL, WHOLE, Exposure, Published, attack, truth_of
from attacker_facts import with_extra_facts
from test_audit import Export, _random_activity
from test_audit_review import export_months

from facilitator.domain.ledger import LedgerCell
from facilitator.exports.audit import AuditResult, CellKey, _Audit, audit

_MONTHS = [(dt.date(2026, m, 1), dt.date(2026, m + 1, 1) - dt.timedelta(days=1)) for m in (1, 2, 3)]
_NEW = "newcomers"


def _counts(per_month: Mapping[int, Sequence[int]], first: int, last: int) -> dict[CellKey, int]:
    """Newcomers of all groups from month ``first`` to ``last`` (1-based): each group and
    all groups, each month and the period."""
    groups = tuple(sorted(per_month))
    spans = [(m, m) for m in range(first, last + 1)] + ([(first, last)] if last > first else [])
    out: dict[CellKey, int] = {}
    for chosen in (groups, *((g,) for g in groups)):
        for a, b in spans:
            value = sum(per_month[g][m - 1] for g in chosen for m in range(a, b + 1))
            out[(chosen, _MONTHS[a - 1][0], _MONTHS[b - 1][1], _NEW)] = value
    return out


def _as_read(result: AuditResult, k: int, first: int, last: int) -> Published:
    """The export's cells as the attacker reads them from its CSV."""
    rows = []
    for cell in result.ledger_cells:
        label = ALL if len(cell.groups) > 1 else f"Group {cell.groups[0]}"
        month = WHOLE if cell.start.month != cell.end.month else cell.start.strftime("%Y-%m")
        text = f"<{k}" if cell.value is None else str(cell.value)
        rows.append((label, month, cell.measure, text))
    return Published(tuple(rows), _MONTHS[first - 1][0], _MONTHS[last - 1][1], k)


def _exports(
    per_month: Mapping[int, Sequence[int]], plan: Sequence[tuple[int, int, int]]
) -> list[Exposure]:
    """Each (first month, last month, K) of ``plan`` audited against the earlier ones,
    with the K they used; what the attacker proves, less what the audit reported as
    given away before."""
    prior: list[LedgerCell] = []
    used: list[int] = []
    published, truth, reported = [], {}, set()
    for first, last, k in plan:
        counts = _counts(per_month, first, last)
        result = audit(counts, k, prior, (min(used), max(used)) if used else None)
        prior += result.ledger_cells
        used.append(k)
        published.append(_as_read(result, k, first, last))
        for key, value in counts.items():
            truth[(frozenset(f"Group {g}" for g in key[0]), *key[1:])] = value
        for key in result.already_published:
            reported.add((frozenset(f"Group {g}" for g in key[0]), *key[1:]))
    return [e for e in attack(published, truth) if e.key not in reported]


def test_a_k3_export_after_a_k5_one_hides_what_protects_an_earlier_hidden_zero() -> None:
    """Newcomers per month (January, February, March) of three groups.  All groups
    January-March with K=3 prints group 2's period (4) and hides its March (0); March
    with K=5 hides it again.  January-February with K=3: group 2's 4 is not small
    there, but it must be hidden, or 4 - 4 = 0 is March.  Before the fix it was
    printed and could not be hidden again (all groups' and group 1's January-February,
    hidden but fixed, were recovered too)."""
    per_month = {1: (1, 9, 4), 2: (3, 1, 0), 3: (3, 1, 0)}
    plan = [(1, 3, 3), (3, 3, 5), (1, 2, 3)]
    assert [e for e in _exports(per_month, plan) if e.what == "exact"] == []


def test_when_no_cheaper_cell_is_found_the_audit_hides_all_it_can(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The audit's choice of cells to hide is a heuristic: when it finds nothing more to
    hide (here forced: no helper is ever offered) while a hidden value is still fixed,
    the export must not go out as it is (before: silently, with group 2's March zero
    recoverable); every count that may help is hidden instead."""
    monkeypatch.setattr(_Audit, "_cheapest", lambda *_args: [])
    per_month = {1: (1, 9, 4), 2: (3, 1, 0), 3: (3, 1, 0)}
    plan = [(1, 3, 3), (3, 3, 5), (1, 2, 3)]
    assert [e for e in _exports(per_month, plan) if e.what == "exact"] == []


def test_an_earlier_exports_value_it_gave_away_itself_does_not_blank_later_exports() -> None:
    """A ledger from an earlier export that gave one of its hidden values away (here
    made by hand: group 2's January zero is all groups' 5 minus group 1's 5) cannot be
    mended by any later export: the audit must not chase it (and, finding nothing to
    hide, fall back to hiding everything) but publish February as it would alone."""
    january = _counts({1: (5,), 2: (0,)}, 1, 1)
    prior = [LedgerCell(*key, value=None if value == 0 else value, true_value=value)
             for key, value in january.items()]  # fmt: skip
    february = {(g, *_MONTHS[1], _NEW): v for g, v in (((1, 2), 14), ((1,), 12), ((2,), 2))}
    alone = audit(february, 3)
    after = audit(february, 3, prior, (3, 3))
    assert after.hidden == alone.hidden


def test_a_random_k_varying_sequence_leaks_no_hidden_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by tests/exports/search_k_varying.py (seed 271: 3 groups, 6 months, 4
    people): all groups January-June with K=5, group 2 January-March with K=3, groups 1
    and 2 in April with K=5.  The last export's audit chased two hidden zeros of the
    first that the earlier exports already fix (for the audit: three sessions held in
    March, printable with K=3, allow nobody 4+ times), ran out of cells to hide and left,
    silently, groups 1 and 2's April newcomers (hidden, 0) recoverable."""
    monkeypatch.setattr(attacker, "_facts", with_extra_facts(attacker._facts))
    activity = _random_activity(271, groups=3, months=6, people=4)
    done: list[Export] = []
    used: list[int] = []
    for groups, first, last, k in (([1, 2, 3], 1, 6, 5), ([2], 1, 3, 3), ([1, 2], 4, 4, 5)):
        prior = [cell for one in done for cell in one.ledger]
        prior_k = (min(used), max(used)) if used else None
        single = len(groups) == 1
        done.append(export_months(activity, groups, first, last, k, prior, single, None, prior_k))
        used.append(k)
    names = {g: name for one in done for g, name in one.names.items()}
    truth = truth_of([cell for one in done for cell in one.ledger], names)
    reported = truth_of([cell for one in done for cell in one.lost], names)
    found = attack([one.published for one in done], truth)
    assert [e for e in found if e.what == "exact" and e.key not in reported] == []
