"""The export ledger's cost: ``record`` of one large summary's cells, and ``cells()``
(read at every export, for the audit) with 50 large exports in the ledger.

    PYTHONPATH=. python -m benchmarks.ledger

A large summary: 100 groups and "all groups", 12 months and the whole period, 11
measures: 14,443 cells.  The 50 exports are one-year summaries whose periods slide a
month at a time over five years, re-exported in turn (every other one is an identical
re-export), with a few counts corrected in between: most cells are shared.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from facilitator.domain.ledger import LedgerCell, Publication
from facilitator.domain.summary import Measure
from facilitator.storage.repositories import unit_of_work_factory
from facilitator.storage.vault import Vault

GROUPS = 100


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def summary_cells(first_month: int, seed: int, corrected: int = 0) -> tuple[LedgerCell, ...]:
    """The cells of one year's summary starting ``first_month`` months after 2021-01."""
    rng = random.Random(seed)
    months = [_month(2021 + (first_month + i) // 12, (first_month + i) % 12 + 1) for i in range(12)]
    rows = [*months, (months[0][0], months[-1][1])]
    cells = []
    group_sets = [(g,) for g in range(1, GROUPS + 1)] + [tuple(range(1, GROUPS + 1))]
    for groups in group_sets:
        for start, end in rows:
            for measure in Measure:
                true = (
                    groups[0] * 7 + len(groups) * 13 + start.toordinal() * 3 + len(measure)
                ) % 40 + (1 if rng.random() < corrected / 10_000 else 0)
                value = None if 0 < true < 11 else true
                cells.append(LedgerCell(groups, start, end, measure.value, value, true))
    return tuple(cells)


def _fill(shared: bool) -> None:
    """50 exports, the first two timed as they are recorded; then ``cells()``, timed."""
    with tempfile.TemporaryDirectory() as tmp:
        vault = Vault.create(Path(tmp) / "vault", "correct horse battery staple")
        uow = unit_of_work_factory(vault.session)
        try:
            for i in range(50):
                if shared:
                    cells = summary_cells(i // 2, i, corrected=i % 3)
                else:  # fifty different years: nothing in common
                    cells = summary_cells(12 * i, i)
                started = time.perf_counter()
                with uow() as work:
                    work.ledger.record(_publication(cells))
                took = time.perf_counter() - started
                if i < 2:
                    what = "new cells" if i == 0 else "cells, an identical re-export"
                    print(f"  record, {len(cells)} {what}: {took * 1000:.0f} ms")
            times = []
            for _ in range(5):
                started = time.perf_counter()
                with uow() as work:
                    distinct = work.ledger.cells()
                times.append(time.perf_counter() - started)
            near = []
            for _ in range(5):
                started = time.perf_counter()
                with uow() as work:
                    related = work.ledger.cells_related_to(
                        dt.date(2021, 3, 1), dt.date(2021, 3, 31)
                    )
                near.append(time.perf_counter() - started)
            print(
                f"  cells_related_to(2021-03): {len(related)} cells, best "
                f"{min(near) * 1000:.0f} ms, worst {max(near) * 1000:.0f} ms of 5"
            )
            with uow() as work:
                links = sum(a + b for a, b in work.ledger.cell_counts().values())
            print(
                f"  cells() with 50 exports ({links} cells published, {len(distinct)} "
                f"distinct): best {min(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms "
                "of 5"
            )
            size = (vault.files.folder / "vault.db").stat().st_size
            print(f"  vault file: {size / 1e6:.1f} MB")
        finally:
            vault.close()


def main() -> None:
    print("50 overlapping exports (periods sliding a month every other export):")
    _fill(shared=True)
    print("50 exports with nothing in common (the worst case for cells()):")
    _fill(shared=False)


def _publication(cells: tuple[LedgerCell, ...]) -> Publication:
    return Publication(
        id=None,
        made_at=dt.datetime(2026, 12, 7, 9, 0),
        start=min(c.start for c in cells),
        end=max(c.end for c in cells),
        group_labels=("All groups",),
        format="csv",
        k=11,
        cells=cells,
    )


if __name__ == "__main__":
    main()
