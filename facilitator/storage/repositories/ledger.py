"""The export ledger: every anonymised summary the vault has published, and its cells.

Each new export is audited against every cell ever published (exports/audit.py), so
:meth:`LedgerRepository.cells` is read at every export and must stay fast with many
earlier exports, and :meth:`LedgerRepository.record` takes a large summary's ~15,000
cells at once.

Why cells are stored once: a re-export of an identical table publishes the same
cells, and many exports overlap (the same months, the same groups).  A cell's id is
derived from its content (a 63-bit BLAKE2b of its key, printed value and true value),
so the same cell from any export maps to the same row without looking every cell up
by its columns; a publication is a list of links to cell ids.  Two different cells
whose digests collide are told apart by comparing the stored content, and the later
one takes the next free id (the test forces such a collision).

Counts only: group ids, dates, a measure's name, numbers, and the group labels as
they were printed.  Never a name, a member id or a note.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import String, and_, case, delete, func, not_, or_, select, type_coerce
from sqlalchemy.orm import Session

from facilitator.domain.ledger import LedgerCell, Publication
from facilitator.domain.summary import Measure
from facilitator.storage import models as m
from facilitator.storage.repositories._base import get_or_raise, in_ids

_ID_MASK = (1 << 63) - 1  # SQLite's INTEGER PRIMARY KEY is a signed 64-bit integer
_CHUNK = 5000  # ids per IN (...) list when looking up existing cells


def _canonical(cell: LedgerCell) -> bytes:
    value = "" if cell.value is None else str(cell.value)
    groups = ",".join(str(g) for g in cell.groups)
    return (
        f"{groups}|{cell.start.isoformat()}|{cell.end.isoformat()}|{cell.measure}|"
        f"{value}|{cell.true_value}"
    ).encode()


def cell_id(cell: LedgerCell) -> int:
    """The id a cell is stored under unless another cell already holds it."""
    digest = hashlib.blake2b(_canonical(cell), digest_size=8, person=b"fac-ledger").digest()
    return (int.from_bytes(digest, "big") & _ID_MASK) or 1


def _next_id(row_id: int) -> int:
    return row_id + 1 if row_id < _ID_MASK else 1


@lru_cache(maxsize=4096)
def _groups(text: str) -> tuple[int, ...]:
    """ "3" or "1,2,3"; "" for the all-groups line of a vault with no group."""
    return tuple(int(g) for g in text.split(",") if g)


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    for at in range(0, len(values), _CHUNK):
        yield values[at : at + _CHUNK]


# The two reads of many cells, as plain SQL for the driver (see _read_cells).
_CELL_COLUMNS = (
    'ledger_cells.groups, ledger_cells.start, ledger_cells."end", ledger_cells.measure, '
    "ledger_cells.value, ledger_cells.true_value"
)
_CELLS = f"SELECT {_CELL_COLUMNS} FROM ledger_cells"
# Reading the cells of a period: through the period index when they are a small part
# of the ledger, else by reading the table through (an index lookup per row costs
# about twice a row of a plain scan).  The span query reads the index alone.
_OVERLAP = 'WHERE start <= ? AND "end" >= ?'
_CELLS_OVERLAPPING = f"{_CELLS} INDEXED BY ix_ledger_cells_period {_OVERLAP}"
_CELLS_OVERLAPPING_SCAN = f"{_CELLS} NOT INDEXED {_OVERLAP}"
_SPAN_OVERLAPPING = f'SELECT min(start), max("end"), count(*) FROM ledger_cells {_OVERLAP}'
_COUNT_CELLS = "SELECT count(*) FROM ledger_cells"
_PUBLICATION_CELLS = (
    f"SELECT {_CELL_COLUMNS} FROM ledger_publication_cells "
    "JOIN ledger_cells ON ledger_cells.id = ledger_publication_cells.cell_id "
    "WHERE ledger_publication_cells.publication_id = ?"
)

_INSERT_CELL = (
    'INSERT INTO ledger_cells (id, groups, start, "end", measure, value, true_value) '
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_LINK = "INSERT INTO ledger_publication_cells (publication_id, cell_id) VALUES (?, ?)"


class LedgerRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    # -- writing -------------------------------------------------------------------
    def record(self, publication: Publication) -> int:
        """Store one export and its cells (each distinct cell once); its new id."""
        row = m.LedgerPublication(
            made_at=publication.made_at,
            start=publication.start,
            end=publication.end,
            group_labels=json.dumps(list(publication.group_labels), ensure_ascii=False),
            format=publication.format,
            k=publication.k,
            people_by_month=publication.people_by_month,
        )
        self._s.add(row)
        self._s.flush()
        publication_id = row.id
        distinct = list(dict.fromkeys(publication.cells))
        ids, new = self._assign_ids(distinct)
        # Many rows: straight to the driver's executemany, values as the models store
        # them (dates as ISO text); through the ORM this took three times as long.
        driver = self._driver()
        driver.executemany(
            _INSERT_CELL,
            [
                (
                    row_id,
                    ",".join(str(g) for g in cell.groups),
                    cell.start.isoformat(),
                    cell.end.isoformat(),
                    cell.measure,
                    cell.value,
                    cell.true_value,
                )
                for cell, row_id in new
            ],
        )
        driver.executemany(
            _INSERT_LINK, [(publication_id, row_id) for row_id in sorted(set(ids.values()))]
        )
        return publication_id

    def _assign_ids(
        self, cells: Sequence[LedgerCell]
    ) -> tuple[dict[LedgerCell, int], list[tuple[LedgerCell, int]]]:
        """Each cell's id, and the cells not stored yet with the id they will take."""
        ids: dict[LedgerCell, int] = {}
        new: list[tuple[LedgerCell, int]] = []
        taken: set[int] = set()  # ids given to new cells of this export
        pending = {cell: cell_id(cell) for cell in cells}
        while pending:
            stored = self._stored(sorted(set(pending.values())))
            probe: dict[LedgerCell, int] = {}
            for cell, row_id in pending.items():
                found = stored.get(row_id)
                if found == cell:
                    ids[cell] = row_id
                elif found is None and row_id not in taken:
                    ids[cell] = row_id
                    taken.add(row_id)
                    new.append((cell, row_id))
                else:  # another cell holds this id: a digest collision, so probe on
                    probe[cell] = _next_id(row_id)
            pending = probe
        return ids, new

    def _stored(self, ids: Sequence[int]) -> dict[int, LedgerCell]:
        found: dict[int, LedgerCell] = {}
        for chunk in _chunks(ids):
            rows = self._s.execute(
                self._cell_columns(m.LedgerCell.id).where(in_ids(m.LedgerCell.id, chunk))
            )
            for row in rows:
                groups, start, end, measure, value, true_value = row[1:]
                found[int(row[0])] = LedgerCell(
                    _groups(groups),
                    dt.date.fromisoformat(start),
                    dt.date.fromisoformat(end),
                    measure,
                    value,
                    true_value,
                )
        return found

    def group_labels(self) -> dict[int, tuple[str, ...]]:
        """Each publication's group labels, by id: the ledger's only free text (a group's
        name as printed), for forgetting a member to redact like every other text."""
        rows = self._s.execute(select(m.LedgerPublication.id, m.LedgerPublication.group_labels))
        return {int(pid): tuple(json.loads(text)) for pid, text in rows}

    def set_group_labels(self, publication_id: int, labels: tuple[str, ...]) -> None:
        """Replace one publication's group labels (after redaction)."""
        row = get_or_raise(self._s, m.LedgerPublication, publication_id, "publication")
        row.group_labels = json.dumps(list(labels), ensure_ascii=False)
        self._s.flush()

    def clear(self) -> int:
        """Forget every publication and every cell; how many publications there were."""
        count = int(self._s.scalar(select(func.count()).select_from(m.LedgerPublication)) or 0)
        self._s.execute(delete(m.LedgerLink))
        self._s.execute(delete(m.LedgerCell))
        self._s.execute(delete(m.LedgerPublication))
        return count

    # -- reading -------------------------------------------------------------------
    def publications(self) -> list[Publication]:
        """Every publication, newest first, without its cells (for the list)."""
        rows = self._s.execute(
            select(
                m.LedgerPublication.id,
                m.LedgerPublication.made_at,
                m.LedgerPublication.start,
                m.LedgerPublication.end,
                m.LedgerPublication.group_labels,
                m.LedgerPublication.format,
                m.LedgerPublication.k,
                m.LedgerPublication.people_by_month,
            ).order_by(m.LedgerPublication.made_at.desc(), m.LedgerPublication.id.desc())
        )
        return [
            Publication(
                id=int(row.id),
                made_at=row.made_at,
                start=row.start,
                end=row.end,
                group_labels=tuple(str(label) for label in json.loads(row.group_labels)),
                format=row.format,
                k=int(row.k),
                people_by_month=bool(row.people_by_month),
            )
            for row in rows
        ]

    def cell_counts(self) -> dict[int, tuple[int, int]]:
        """Per publication id: how many of its cells were hidden, and how many printed —
        not counting its months' counts of people, counted and not printed (cells of a
        people measure whose dates are not the publication's period, in a publication
        made since they stopped being printed: see ``exports.audit.unprinted``)."""
        cell, publication = m.LedgerCell, m.LedgerPublication
        counted_only = and_(
            cell.value.is_(None),
            cell.measure.in_([measure.value for measure in Measure if not measure.monthly]),
            or_(cell.start != publication.start, cell.end != publication.end),
            publication.people_by_month.is_(False),
        )
        hidden = func.sum(case((cell.value.is_(None), 1), else_=0))
        rows = self._s.execute(
            select(m.LedgerLink.publication_id, hidden, func.count())
            .join(cell, cell.id == m.LedgerLink.cell_id)
            .join(publication, publication.id == m.LedgerLink.publication_id)
            .where(not_(counted_only))
            .group_by(m.LedgerLink.publication_id)
        )
        return {int(pid): (int(h or 0), int(n) - int(h or 0)) for pid, h, n in rows}

    def cells(self) -> list[LedgerCell]:
        """Every distinct cell any publication holds (for the audit)."""
        return self._read_cells(_CELLS, ())

    def cells_related_to(self, start: dt.date, end: dt.date) -> list[LedgerCell]:
        """The cells that can share an unknown with a table of ``start``..``end``: every
        cell whose dates overlap that period, or overlap a cell that does, and so on
        (the period is widened until no stored cell reaches beyond it).

        Sound for the audit as long as every relation between counts links cells whose
        dates overlap (a month and the period holding it, groups and all groups over the
        same dates, measures of the same cell); counts over disjoint dates share no
        person-month.  With yearly reports that do not overlap, an export reads only its
        own year's cells however long the ledger grows."""
        first, last = start, end
        driver = self._driver()
        while True:
            low, high, related = driver.execute(
                _SPAN_OVERLAPPING, (last.isoformat(), first.isoformat())
            ).fetchone()
            wider_first = min(first, dt.date.fromisoformat(low)) if low else first
            wider_last = max(last, dt.date.fromisoformat(high)) if high else last
            if (wider_first, wider_last) == (first, last):
                break
            first, last = wider_first, wider_last
        if not related:
            return []
        total = int(driver.execute(_COUNT_CELLS).fetchone()[0])
        sql = _CELLS_OVERLAPPING_SCAN if related * 4 > total else _CELLS_OVERLAPPING
        return self._read_cells(sql, (last.isoformat(), first.isoformat()))

    def publication_cells(self, publication_id: int) -> list[LedgerCell]:
        """The cells of one publication."""
        return self._read_cells(_PUBLICATION_CELLS, (int(publication_id),))

    def _driver(self) -> Any:
        driver = self._s.connection().connection.driver_connection
        assert driver is not None
        return driver

    def _read_cells(self, sql: str, params: tuple[int | str, ...]) -> list[LedgerCell]:
        """Rows to cells, fast: read at every export, tens of thousands of rows.  The
        rows are fetched as plain tuples from the driver (SQLAlchemy's row objects and
        date processing cost twice the read), the dates come as their stored ISO text
        and each distinct one is parsed once (most cells share a few month
        boundaries).  Measured in benchmarks/ledger.py."""
        dates: dict[str, dt.date] = {}
        groups: dict[str, tuple[int, ...]] = {}
        cells: list[LedgerCell] = []
        add = cells.append
        rows = self._driver().execute(sql, params).fetchall()
        for group_text, start, end, measure, value, true_value in rows:
            try:
                first, last, members = dates[start], dates[end], groups[group_text]
            except KeyError:
                first = dates.setdefault(start, dt.date.fromisoformat(start))
                last = dates.setdefault(end, dt.date.fromisoformat(end))
                members = groups.setdefault(group_text, _groups(group_text))
            add(LedgerCell(members, first, last, measure, value, true_value))
        return cells

    @staticmethod
    def _cell_columns(*first: Any) -> Any:
        """The cell's columns, dates as their stored ISO text (see _read_cells)."""
        return select(
            *first,
            m.LedgerCell.groups,
            type_coerce(m.LedgerCell.start, String),
            type_coerce(m.LedgerCell.end, String),
            m.LedgerCell.measure,
            m.LedgerCell.value,
            m.LedgerCell.true_value,
        )
