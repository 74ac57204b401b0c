"""Plain records of the export ledger: every table the vault has published.

An anonymised summary is audited against everything published before it, as an
attacker holding every file ever handed over would read them (see
``docs/architecture.md``, "Exports and the ledger").  The ledger keeps, per export,
what it counted and what it printed — counts and hidden marks only, never a name,
a note or a member's id.  It lives inside the encrypted vault (so it travels with
backups and restores) and never leaves it.

A :class:`LedgerCell` is keyed by *what it counts*, not by where it was printed: the
groups it covers, the exact dates it covers, and the measure.  Two exports that
print the same count (May 2026 of group 3, attendances) hold the same key, so the
audit sees them as one unknown.  ``true_value`` is the exact count at the time of
the export: when today's count for the same key differs (attendance corrected
since), the earlier cell described other data and is its own unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LedgerCell:
    """One count of a published table: what it counted and what was printed."""

    groups: tuple[int, ...]
    """The group ids it counts, sorted: one group, or every group of an "all groups"
    line.  ``(0,)`` is the follow-ups not tied to a session (``UNATTACHED``)."""
    start: dt.date
    """The first day it counts (a month cell: that month's first day, or the
    period's first day when the period starts later in the month)."""
    end: dt.date
    """The last day it counts, likewise clipped to the period."""
    measure: str
    """A :class:`~facilitator.domain.summary.Measure` value."""
    value: int | None
    """What was printed; ``None`` when the cell was hidden."""
    true_value: int
    """The exact count when it was published.  Kept in the encrypted vault only, so
    that a later audit knows whether the data has changed since; never exported."""

    @property
    def key(self) -> tuple[tuple[int, ...], dt.date, dt.date, str]:
        """What the cell counts: two cells with the same key count the same thing."""
        return (self.groups, self.start, self.end, self.measure)


@dataclass(frozen=True, slots=True)
class Publication:
    """One export as the ledger remembers it."""

    id: int | None
    made_at: dt.datetime
    start: dt.date
    end: dt.date
    group_labels: tuple[str, ...]
    """The groups as printed ("All groups", a group's name or "Group 3")."""
    format: str
    """"pdf" or "csv"."""
    k: int
    """The smallest count shown (counts from 1 to k - 1 were hidden)."""
    cells: tuple[LedgerCell, ...] = ()
    people_by_month: bool = False
    """Made by a version that printed every month's counts of people as table cells
    (before 7 December 2026; since, they are counted and not printed): its months are
    periods whose counts of people were printed (``exports.audit.unprinted``)."""


__all__ = ["LedgerCell", "Publication"]
