"""The publishing policy of an anonymised summary: which cells are printed, which are
hidden, and what else follows from that (beside the suppression audit it asks,
:mod:`facilitator.exports.audit`).

- every count from 1 to K-1 is hidden, and more where the audit says, all printed with
  one mark ("<11" with the default K of 11); zero is shown;
- a month's counts of people are counted for the audit to reason through, never
  printed; the period's are printed;
- an average is shown only where both of its counts are shown: from an average and
  one of its counts the other could be worked out;
- a group's topics are listed only where its sessions held are printed.

Pure: the summary service reads the counts and the ledger, calls this, and writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

from facilitator.domain.ledger import LedgerCell
from facilitator.domain.summary import (
    FOLLOW_UP_MEASURES,
    NOT_APPLICABLE,
    UNATTACHED,
    GroupKey,
    LedgerKey,
    Measure,
    MonthKey,
    SummaryCell,
    SummaryCounts,
    hidden_mark,
)
from facilitator.exports.audit import AuditMemo, AuditResult, audit, month_pieces

CellPlace = tuple[GroupKey, MonthKey, Measure]


def publish(
    counts: SummaryCounts,
    group_ids: tuple[int, ...],
    months: tuple[str, ...],
    k: int,
    *,
    start: dt.date,
    end: dt.date,
    single: bool = False,
    prior: Sequence[LedgerCell] = (),
    memo: AuditMemo | None = None,
    prior_k: tuple[int, int] | None = None,
    prior_latent: Collection[LedgerCell] = (),
) -> tuple[dict[CellPlace, SummaryCell], AuditResult]:
    """Every cell of the report, hidden where the audit says (see
    :mod:`facilitator.exports.audit`), and the audit's result (the ledger's cells).
    Keys: (group id, or None for all groups; month, or None for the whole period;
    measure).  Follow-ups not tied to a session are the group ``UNATTACHED`` (in every
    report of all groups).  ``prior``: every cell of the earlier
    exports (the ledger), audited with this one, ``prior_k`` the smallest and
    largest K they used, and ``prior_latent`` their cells that were counted and never
    printed.  ``memo``: earlier audits to reuse for the very same inputs.

    A month's counts of people are not printed (``Measure.monthly``) and have no cell;
    they are given to the audit as counted and never printed (``latent``), so that it
    reasons through them as an attacker can (members present in a month say that
    somebody came).  Where the period is one month, its month's counts are the
    period's, printed."""
    # Printed in every report of all groups, with follow-ups or none: a row printed
    # only when it has some would say "at least one" of a count it hides.
    unattached = not single
    dates = dict(zip((*months, None), (*month_pieces(start, end), (start, end)), strict=True))
    places: dict[CellPlace, LedgerKey] = {}
    values: dict[LedgerKey, int] = {}
    latent: set[LedgerKey] = set()
    for measure in Measure:
        if not measure.is_count:
            continue
        rows = group_ids + ((UNATTACHED,) if unattached and measure in FOLLOW_UP_MEASURES else ())
        everyone = rows[:1] if single else tuple(sorted(rows))
        for g in (None, *rows):
            for mo in (*months, None):
                first, last = dates[mo]
                key = ((g,) if g is not None else everyone, first, last, measure.value)
                values[key] = counts.get(g, mo).count(measure)
                if mo is None or measure.monthly:
                    places[(g, mo, measure)] = key
                elif (first, last) != (start, end):
                    latent.add(key)
    run = memo.audit if memo is not None else audit
    result = run(values, k, prior, prior_k, latent=latent, prior_latent=prior_latent)
    mark = hidden_mark(k)
    cells: dict[CellPlace, SummaryCell] = {}
    for place, key in places.items():
        if key in result.hidden:
            cells[place] = SummaryCell(None, mark, suppressed=True)
        else:
            cells[place] = SummaryCell(values[key], str(values[key]))
    for g in (None, *group_ids):
        for mo in (*months, None):
            cells[(g, mo, Measure.AVERAGE_ATTENDANCE)] = _average(
                cells[(g, mo, Measure.ATTENDANCES)], cells[(g, mo, Measure.SESSIONS_HELD)], mark
            )
    return cells, result


def _average(attendances: SummaryCell, held: SummaryCell, mark: str) -> SummaryCell:
    """Members present or late per held session, to one decimal, where both counts are
    shown; hidden where either is (the average would give it away)."""
    if attendances.value is None or held.value is None:
        return SummaryCell(None, mark, suppressed=True)
    if not held.value:
        return SummaryCell(None, NOT_APPLICABLE)
    average = round(attendances.value / held.value, 1)
    return SummaryCell(average, f"{average:.1f}")


def topics_shown(
    topics: Mapping[int, tuple[str, ...]], cells: Mapping[CellPlace, SummaryCell]
) -> dict[int, tuple[str, ...]]:
    """The groups' topics that may be listed: a group's topics are a lower bound of its
    sessions held (one topic per held session at most), so they are listed only where
    the period's sessions held are printed."""
    return {
        gid: found
        for gid, found in topics.items()
        if not cells[(gid, None, Measure.SESSIONS_HELD)].suppressed
    }


__all__ = ["CellPlace", "publish", "topics_shown"]
