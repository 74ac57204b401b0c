"""The export ledger, as the app and the command line see it: what the vault has
published, and clearing that record.

Every anonymised summary written is recorded (by :class:`SummaryService`'s export,
inside the same transaction as its audit) so that the next one is audited against
everything handed over before, as an attacker holding every file would combine
them.  Clearing the record is allowed, but it means later exports are no longer
checked against these; the files already handed over still exist.  The UI and the
CLI say so before they clear.

The ledger holds counts only, never a person, so forgetting a member does not touch
it; it lives in the encrypted vault and travels with backups and restores.  The
readable bundle ("export full") does not carry it: it is about publications, not
people, and a vault that imports a bundle has published nothing yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from facilitator.domain.ledger import LedgerCell, Publication
from facilitator.storage.repositories import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class PublishedEntry:
    """One export in the list of what was published, with how many counts it hid."""

    publication: Publication
    hidden: int
    """Cells printed as hidden (a mark instead of the count)."""
    printed: int
    """Cells printed as a number."""


class LedgerService:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def published(self) -> list[Publication]:
        """Every export the vault remembers, newest first (without its cells)."""
        with self._uow() as uow:
            return uow.ledger.publications()

    def listing(self) -> list[PublishedEntry]:
        """:meth:`published`, each with its number of hidden and printed cells."""
        with self._uow() as uow:
            counts = uow.ledger.cell_counts()
            return [
                PublishedEntry(p, *counts.get(p.id or 0, (0, 0))) for p in uow.ledger.publications()
            ]

    def cells(self) -> list[LedgerCell]:
        """Every distinct cell ever published (what an audit reads)."""
        with self._uow() as uow:
            return uow.ledger.cells()

    def cells_related_to(self, start: dt.date, end: dt.date) -> list[LedgerCell]:
        """The published cells that can share an unknown with a table of this period
        (overlapping dates, followed from cell to cell): see the repository."""
        with self._uow() as uow:
            return uow.ledger.cells_related_to(start, end)

    def record(self, publication: Publication) -> int:
        """Remember one export and its cells; its id.  An export records inside its own
        transaction (``uow.ledger.record``); this is for callers outside one."""
        with self._uow() as uow:
            return uow.ledger.record(publication)

    def clear(self) -> int:
        """Forget every publication; how many there were.  Later exports are no longer
        audited against them."""
        with self._uow() as uow:
            return uow.ledger.clear()


__all__ = ["LedgerService", "PublishedEntry"]
