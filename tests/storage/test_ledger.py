"""The export ledger's storage: publications and their cells, each distinct cell once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest
from sqlalchemy import func, select

from facilitator.domain.ledger import LedgerCell, Publication
from facilitator.errors import NotFound
from facilitator.storage import models as m
from facilitator.storage.repositories import UnitOfWork, unit_of_work_factory
from facilitator.storage.repositories import ledger as ledger_module
from facilitator.storage.vault import Vault

MAY = (dt.date(2026, 5, 1), dt.date(2026, 5, 31))
JUNE = (dt.date(2026, 6, 1), dt.date(2026, 6, 30))
Uow = Callable[[], AbstractContextManager[UnitOfWork]]


@pytest.fixture
def uow(vault: Vault) -> Iterator[Uow]:
    yield unit_of_work_factory(vault.session)


def _cell(
    groups: tuple[int, ...],
    month: tuple[dt.date, dt.date],
    measure: str,
    value: int | None,
    true_value: int,
) -> LedgerCell:
    return LedgerCell(groups, month[0], month[1], measure, value, true_value)


TABLE = (
    _cell((3,), MAY, "attendances", 42, 42),
    _cell((3,), MAY, "anonymous_guests", None, 2),
    _cell((3,), JUNE, "anonymous_guests", None, 0),  # a hidden zero is a cell like any other
    _cell((1, 2, 3), MAY, "unique_participants", 31, 31),
    _cell((0,), JUNE, "follow_ups_opened", 12, 12),
)


def _publication(
    cells: tuple[LedgerCell, ...] = TABLE,
    made_at: dt.datetime = dt.datetime(2026, 7, 1, 9, 30),
    labels: tuple[str, ...] = ("All groups", "Dienstag: Angehörige", "Group 3"),
    fmt: str = "csv",
) -> Publication:
    return Publication(
        id=None,
        made_at=made_at,
        start=MAY[0],
        end=JUNE[1],
        group_labels=labels,
        format=fmt,
        k=11,
        cells=cells,
    )


def _rows(uow: Uow, model: type[m.Base]) -> int:
    with uow() as work:
        return int(work.session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_publication_is_read_back_as_recorded(uow: Uow) -> None:
    with uow() as work:
        new_id = work.ledger.record(_publication())
    with uow() as work:
        (listed,) = work.ledger.publications()
        assert listed == _publication(cells=()).__class__(
            id=new_id,
            made_at=dt.datetime(2026, 7, 1, 9, 30),
            start=MAY[0],
            end=JUNE[1],
            group_labels=("All groups", "Dienstag: Angehörige", "Group 3"),
            format="csv",
            k=11,
        )
        assert listed.cells == (), "the list is light: no cells"
        assert sorted(work.ledger.cells(), key=repr) == sorted(TABLE, key=repr)
        assert sorted(work.ledger.publication_cells(new_id), key=repr) == sorted(TABLE, key=repr)
        assert work.ledger.cell_counts() == {new_id: (2, 3)}


def test_publications_are_listed_newest_first(uow: Uow) -> None:
    with uow() as work:
        first = work.ledger.record(_publication(made_at=dt.datetime(2026, 7, 1, 9, 0)))
        third = work.ledger.record(_publication(made_at=dt.datetime(2026, 9, 1, 9, 0), fmt="pdf"))
        second = work.ledger.record(_publication(made_at=dt.datetime(2026, 8, 1, 9, 0)))
    with uow() as work:
        assert [p.id for p in work.ledger.publications()] == [third, second, first]


def test_an_identical_re_export_stores_no_cell_twice(uow: Uow) -> None:
    with uow() as work:
        work.ledger.record(_publication())
    assert _rows(uow, m.LedgerCell) == len(TABLE)
    with uow() as work:
        work.ledger.record(_publication(made_at=dt.datetime(2026, 7, 2, 9, 0)))
        work.ledger.record(_publication(made_at=dt.datetime(2026, 7, 3, 9, 0)))
    assert _rows(uow, m.LedgerCell) == len(TABLE), "the same cells, stored once"
    assert _rows(uow, m.LedgerLink) == 3 * len(TABLE)
    with uow() as work:
        assert len(work.ledger.cells()) == len(TABLE)
        assert sorted(work.ledger.cell_counts().values()) == [(2, 3)] * 3


def test_a_cell_printed_differently_or_counted_anew_is_its_own_cell(uow: Uow) -> None:
    shown = _cell((3,), MAY, "anonymous_guests", 12, 12)
    corrected = _cell((3,), MAY, "anonymous_guests", None, 3)  # attendance corrected since
    with uow() as work:
        work.ledger.record(_publication())
        work.ledger.record(_publication(cells=(*TABLE[:1], shown, corrected)))
    with uow() as work:
        cells = set(work.ledger.cells())
    assert cells == {*TABLE, shown, corrected}


def test_the_same_cell_twice_in_one_export_is_linked_once(uow: Uow) -> None:
    with uow() as work:
        new_id = work.ledger.record(_publication(cells=(*TABLE, *TABLE)))
    with uow() as work:
        assert work.ledger.cell_counts() == {new_id: (2, 3)}


def test_colliding_ids_keep_different_cells_apart(
    uow: Uow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every cell hashes to the same id: each must still be stored and read back."""
    monkeypatch.setattr(ledger_module, "cell_id", lambda _cell: 7)
    with uow() as work:
        first = work.ledger.record(_publication(cells=TABLE[:2]))
        second = work.ledger.record(_publication(cells=TABLE))
    with uow() as work:
        assert set(work.ledger.cells()) == set(TABLE)
        assert set(work.ledger.publication_cells(first)) == set(TABLE[:2])
        assert set(work.ledger.publication_cells(second)) == set(TABLE)
    assert _rows(uow, m.LedgerCell) == len(TABLE)


def test_clear_removes_every_publication_and_cell(uow: Uow) -> None:
    with uow() as work:
        work.ledger.record(_publication())
        work.ledger.record(_publication(made_at=dt.datetime(2026, 8, 1)))
    with uow() as work:
        assert work.ledger.clear() == 2
    for model in (m.LedgerPublication, m.LedgerCell, m.LedgerLink):
        assert _rows(uow, model) == 0
    with uow() as work:
        assert work.ledger.publications() == []
        assert work.ledger.cells() == []
        assert work.ledger.clear() == 0


def test_an_empty_publication_is_listed(uow: Uow) -> None:
    with uow() as work:
        new_id = work.ledger.record(_publication(cells=()))
    with uow() as work:
        assert [p.id for p in work.ledger.publications()] == [new_id]
        assert work.ledger.cell_counts() == {}


def test_the_ledger_holds_counts_only(uow: Uow, vault: Vault) -> None:
    """What the tables can hold: ids, dates, a measure's name, numbers, labels."""
    with uow() as work:
        work.ledger.record(_publication())
    with vault.engine.connect() as connection:
        for table in ("ledger_cells", "ledger_publication_cells", "ledger_publications"):
            columns = {row[1] for row in connection.exec_driver_sql(f"PRAGMA table_info({table})")}
            assert not columns & {"member_id", "name", "note", "first_name", "body"}, table


def test_group_labels_can_be_rewritten_for_erasure(uow: Uow) -> None:
    """The labels are the ledger's only free text: forgetting a member may redact them."""
    with uow() as work:
        first = work.ledger.record(_publication(labels=("Grace Ashdown's circle",)))
        second = work.ledger.record(_publication(labels=("All groups",)))
    with uow() as work:
        assert work.ledger.group_labels() == {
            first: ("Grace Ashdown's circle",),
            second: ("All groups",),
        }
        work.ledger.set_group_labels(first, ("[name removed]'s circle",))
    with uow() as work:
        labels = {p.id: p.group_labels for p in work.ledger.publications()}
        assert labels[first] == ("[name removed]'s circle",)
        assert set(work.ledger.cells()) == set(TABLE), "the cells are untouched"
    with uow() as work:
        before = work.ledger.group_labels()
        with pytest.raises(NotFound):
            work.ledger.set_group_labels(999, ("x",))
        assert work.ledger.group_labels() == before


def _months(year: int, first: int, last: int) -> list[tuple[dt.date, dt.date]]:
    out = []
    for month in range(first, last + 1):
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        out.append((dt.date(year, month, 1), following - dt.timedelta(days=1)))
    return out


def _half_year(year: int, first: int, last: int) -> tuple[LedgerCell, ...]:
    months = _months(year, first, last)
    whole = (months[0][0], months[-1][1])
    return tuple(_cell((1,), span, "attendances", 30, 30) for span in (*months, whole))


def test_related_cells_follow_overlapping_dates_and_nothing_else(uow: Uow) -> None:
    spring = _half_year(2025, 1, 6)  # Jan-Jun 2025
    autumn = _half_year(2025, 6, 12)  # Jun-Dec 2025: shares June with spring
    later = _half_year(2027, 1, 3)  # nothing in common with 2025
    with uow() as work:
        for cells in (spring, autumn, later):
            work.ledger.record(_publication(cells=cells))
    with uow() as work:
        november = work.ledger.cells_related_to(dt.date(2025, 11, 1), dt.date(2025, 11, 30))
        assert set(november) == {*spring, *autumn}, "autumn's period reaches spring's June"
        assert set(work.ledger.cells_related_to(dt.date(2027, 2, 1), dt.date(2027, 2, 28))) == set(
            later
        )
        assert work.ledger.cells_related_to(dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == []
