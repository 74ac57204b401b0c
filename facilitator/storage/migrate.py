"""Schema migrations (Alembic), applied when a vault is opened.

Before an existing vault is migrated, an encrypted copy of it is taken with
``VACUUM INTO`` (same key, same cipher settings) next to the database, named
``pre-migration-<from revision>-<timestamp>.db``.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, text

from facilitator.errors import VaultError

log = logging.getLogger(__name__)

_SCRIPT_LOCATION = str(Path(__file__).with_name("migrations"))


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", _SCRIPT_LOCATION)
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _is_known(script: ScriptDirectory, revision: str) -> bool:
    # Alembic raises (rather than returning None) for a revision it has no script for.
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


COPY_PREFIX = "pre-migration-"


def migration_copies(folder: Path) -> list[Path]:
    """The encrypted copies :func:`upgrade` kept in a vault folder, oldest first."""
    return sorted(
        p for p in folder.glob(f"{COPY_PREFIX}*.db") if p.is_file() and not p.is_symlink()
    )


def upgrade(engine: Engine, db_path: Path) -> Path | None:
    """Bring the schema to the newest revision.  Returns the pre-migration copy, if any."""
    script = ScriptDirectory.from_config(_config())
    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return None
    if current is not None and not _is_known(script, current):
        raise VaultError(
            "This vault was last used by a newer version of Facilitator. "
            "Update Facilitator to open it."
        )
    copy: Path | None = None
    if current is not None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        copy = db_path.with_name(f"{COPY_PREFIX}{current}-{stamp}.db")
        attempt = 1
        while copy.exists():  # two migrations within one second
            attempt += 1
            copy = db_path.with_name(f"{COPY_PREFIX}{current}-{stamp}-{attempt}.db")
        with engine.connect() as connection:
            connection.exec_driver_sql("VACUUM INTO ?", (str(copy),))
        log.info("took an encrypted copy of the vault before migrating from %s", current)
    with engine.begin() as connection:
        config = _config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.execute(text("PRAGMA optimize = 0x10002"))
    log.info("vault schema migrated from %s to %s", current, head)
    return copy
