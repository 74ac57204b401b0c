"""Migration 0003: the export ledger's tables, added to a vault made at 0002."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from sqlalchemy import select

from facilitator.domain.ledger import LedgerCell, Publication
from facilitator.storage import migrate
from facilitator.storage.models import Member, Setting
from facilitator.storage.repositories import unit_of_work_factory
from facilitator.storage.vault import Vault

LEDGER_TABLES = {"ledger_publications", "ledger_cells", "ledger_publication_cells"}


def _tables(vault: Vault) -> set[str]:
    with vault.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {str(r[0]) for r in rows}


def _migrate(vault: Vault, down_to: str | None = None) -> None:
    with vault.engine.begin() as connection:
        config = migrate._config()
        config.attributes["connection"] = connection
        if down_to is None:
            command.upgrade(config, "head")
        else:
            command.downgrade(config, down_to)


PUBLICATION = Publication(
    id=None,
    made_at=dt.datetime(2026, 12, 1, 10, 0),
    start=dt.date(2026, 1, 1),
    end=dt.date(2026, 6, 30),
    group_labels=("All groups",),
    format="pdf",
    k=11,
    cells=(
        LedgerCell((1,), dt.date(2026, 1, 1), dt.date(2026, 1, 31), "newcomers", None, 3),
        LedgerCell((1,), dt.date(2026, 1, 1), dt.date(2026, 1, 31), "attendances", 40, 40),
    ),
)


def test_a_new_vault_is_at_0003_with_the_ledger(vault: Vault) -> None:
    assert migrate.head_revision() == "0004"
    assert migrate.current_revision(vault.engine) == "0004"
    assert _tables(vault) >= LEDGER_TABLES


def test_a_0002_vault_gains_the_ledger_keeps_its_data_and_a_copy(
    vault: Vault, vault_dir: Path, passphrase: str
) -> None:
    with vault.unit_of_work() as session:
        session.add(Member(first_name="Ngozi", last_name="Featherstonehaugh"))
        session.add(Setting(key="backup.keep", value="3"))
    _migrate(vault, down_to="0002")
    assert migrate.current_revision(vault.engine) == "0002"
    assert not LEDGER_TABLES & _tables(vault)
    vault.close()

    upgraded = Vault.open(vault_dir, passphrase)
    try:
        assert migrate.current_revision(upgraded.engine) == "0004"
        assert _tables(upgraded) >= LEDGER_TABLES
        with upgraded.unit_of_work() as session:
            assert session.scalars(select(Member.last_name)).all() == ["Featherstonehaugh"]
            assert session.scalars(select(Setting.value)).all() == ["3"]
        uow = unit_of_work_factory(upgraded.session)
        with uow() as work:
            work.ledger.record(PUBLICATION)
        with uow() as work:
            assert [p.format for p in work.ledger.publications()] == ["pdf"]
            assert set(work.ledger.cells()) == set(PUBLICATION.cells)
        copy = upgraded.migration_copy
    finally:
        upgraded.close()
    assert copy is not None and copy.name.startswith("pre-migration-0002-")


def test_the_ledger_can_be_taken_away_and_brought_back(vault: Vault) -> None:
    uow = unit_of_work_factory(vault.session)
    with uow() as work:
        work.ledger.record(PUBLICATION)
    _migrate(vault, down_to="0002")
    assert not LEDGER_TABLES & _tables(vault)
    _migrate(vault)
    with uow() as work:
        assert work.ledger.publications() == []
        assert work.ledger.cells() == []


def test_0004_marks_the_earlier_publications_as_printing_people_by_month(
    vault: Vault, vault_dir: Path, passphrase: str
) -> None:
    """A publication made before counts of people were printed for the whole period only
    printed every month's as table cells: migration 0004 marks it, so that the audit
    takes its months' hidden counts of people for printed cells (protected), not for
    counted-only ones; a publication made since is not marked."""
    _migrate(vault, down_to="0003")
    with vault.engine.begin() as connection:  # as the previous version wrote it
        connection.exec_driver_sql(
            'INSERT INTO ledger_publications (made_at, start, "end", group_labels, format, k) '
            "VALUES ('2026-12-01 10:00:00.000000', '2026-01-01', '2026-06-30', "
            "'[\"All groups\"]', 'pdf', 11)"
        )
    vault.close()

    upgraded = Vault.open(vault_dir, passphrase)
    try:
        assert migrate.current_revision(upgraded.engine) == "0004"
        uow = unit_of_work_factory(upgraded.session)
        with uow() as work:
            work.ledger.record(PUBLICATION)
        with uow() as work:
            marks = sorted(p.people_by_month for p in work.ledger.publications())
        assert marks == [False, True]
    finally:
        upgraded.close()
