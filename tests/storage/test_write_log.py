"""The vault says which kinds of things its committed writes changed (storage/changes.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from facilitator.domain.changes import EVERYTHING, Change
from facilitator.storage import changes, models
from facilitator.storage.repositories import unit_of_work_factory
from facilitator.storage.vault import Vault


def test_every_table_of_the_vault_has_its_kind() -> None:
    tables = set(models.Base.metadata.tables)
    assert tables <= set(changes.TABLE_KINDS), "a new table needs its kind in TABLE_KINDS"


@pytest.mark.parametrize(
    ("statement", "kinds"),
    [
        ("INSERT INTO members (first_name) VALUES (?)", Change.MEMBERS),
        ('UPDATE "groups" SET name=? WHERE "groups".id = ?', Change.GROUPS),
        ("DELETE FROM attendance WHERE session_id = ?", Change.ATTENDANCE),
        ("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", Change.SETTINGS),
        ("  insert into notes_fts(notes_fts) values ('optimize')", Change.NOTES),
        ("INSERT INTO something_new (a) VALUES (1)", EVERYTHING),  # unknown: say all
        ("SELECT members.id FROM members", Change.NOTHING),
        ("PRAGMA user_version = 3", Change.NOTHING),
    ],
)
def test_a_statement_names_the_kind_of_table_it_writes(statement: str, kinds: Change) -> None:
    assert changes.kinds_written(statement) == kinds


def test_committed_writes_are_reported_once_and_reads_and_rollbacks_not(vault: Vault) -> None:
    log = changes.watch(vault.engine)
    uow = unit_of_work_factory(vault.session)
    with uow() as work:
        work.session.execute(text("SELECT count(*) FROM members"))
    assert log.take() == Change.NOTHING

    with uow() as work:
        work.session.add(models.Group(name="Tuesday Circle"))
    assert log.take() == Change.GROUPS
    assert log.take() == Change.NOTHING  # taken: reported once

    with pytest.raises(RuntimeError), uow() as work:
        work.session.add(models.Member(first_name="Sam"))
        work.flush()  # written, then rolled back
        raise RuntimeError
    assert log.take() == Change.NOTHING
