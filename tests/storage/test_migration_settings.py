"""Migration 0002: the ``settings`` table, added to a vault made by the first schema."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import select

from facilitator.storage import migrate
from facilitator.storage.models import Member, Setting
from facilitator.storage.vault import Vault


def _tables(vault: Vault) -> set[str]:
    with vault.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {str(r[0]) for r in rows}


def _downgrade_to_first_schema(vault: Vault) -> None:
    with vault.engine.begin() as connection:
        config = migrate._config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")


def test_a_new_vault_has_the_settings_table_at_head(vault: Vault) -> None:
    assert migrate.current_revision(vault.engine) == migrate.head_revision()
    assert "settings" in _tables(vault)


def test_a_first_schema_vault_gains_the_table_keeps_its_data_and_a_copy(
    vault: Vault, vault_dir: Path, passphrase: str
) -> None:
    with vault.unit_of_work() as session:
        session.add(Member(first_name="Ngozi", last_name="Featherstonehaugh"))
    _downgrade_to_first_schema(vault)
    assert migrate.current_revision(vault.engine) == "0001"
    assert "settings" not in _tables(vault)
    vault.close()

    upgraded = Vault.open(vault_dir, passphrase)
    try:
        assert migrate.current_revision(upgraded.engine) == migrate.head_revision()
        assert "settings" in _tables(upgraded)
        with upgraded.unit_of_work() as session:
            assert session.scalars(select(Member.last_name)).all() == ["Featherstonehaugh"]
            session.add(Setting(key="backup.keep", value="3"))
        with upgraded.unit_of_work() as session:
            assert session.scalars(select(Setting.value)).all() == ["3"]
        copy = upgraded.migration_copy
    finally:
        upgraded.close()
    assert copy is not None and copy.name.startswith("pre-migration-0001-")


def test_the_settings_table_can_be_taken_away_again(vault: Vault) -> None:
    with vault.unit_of_work() as session:
        session.add(Setting(key="backup.automatic", value="1"))
    _downgrade_to_first_schema(vault)
    assert "settings" not in _tables(vault)
    with vault.engine.begin() as connection:
        config = migrate._config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with vault.unit_of_work() as session:
        assert session.scalars(select(Setting)).all() == []
