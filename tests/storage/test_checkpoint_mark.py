"""A checkpoint cut short, then its WAL lost: never silent (the review of issue 14).

A checkpoint copies the WAL's pages into ``vault.db`` in page order, page 1 (which
holds the commit counter) first.  Cut after page 1 (a kill, a full disk, a power cut)
and then lose the WAL, and the database says it holds every commit while most of its
pages are older: the counter alone cannot tell.  So every checkpoint is marked in the
commit record while it may write into ``vault.db``, and a marked record needs the WAL to
hold every counted commit by itself (commit_record.py).

Each test takes the folder at one moment of a checkpoint, as a crash there leaves it,
and then damages it as the review did; the verdict is "every commit present" or
"damage reported", never fewer rows and a healthy vault.  The first one is the review's
reproducer; it was an xfail before the mark existed.
"""

from __future__ import annotations

import os
import shutil
import struct
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import event, func, select

from facilitator.errors import VaultDamaged
from facilitator.storage import commit_record
from facilitator.storage.engine import PRE_KEY_PRAGMAS, raw_key_literal
from facilitator.storage.envelope import Envelope, KdfParams
from facilitator.storage.inspection import check
from facilitator.storage.models import Member
from facilitator.storage.vault import Vault

PASSPHRASE = "correct horse battery staple"
FAST_KDF = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
PAGE = 4096
SAVED = 30


def _saved_present(folder: Path) -> int:
    vault = Vault.open(folder, PASSPHRASE)
    try:
        with vault.unit_of_work() as session:
            query = select(func.count()).select_from(Member)
            return int(session.scalar(query.where(Member.first_name.like("Saved%"))) or 0)
    finally:
        vault.close()


def _outcome(folder: Path) -> str:
    try:
        present = _saved_present(folder)
    except VaultDamaged as exc:
        assert "Traceback" not in str(exc)
        return "damage reported"
    return "all present" if present == SAVED else f"{SAVED - present} of {SAVED} lost silently"


@pytest.fixture
def busy_vault(tmp_path: Path) -> Vault:
    """20 members checkpointed into vault.db, then 30 commits reported saved in the WAL."""
    vault = Vault.create(tmp_path / "vault", PASSPHRASE, kdf=FAST_KDF)
    with vault.unit_of_work() as session:
        session.add_all(Member(first_name=f"Base{i}", notes="x" * 2000) for i in range(20))
    vault.checkpoint()
    for i in range(SAVED):
        with vault.unit_of_work() as session:
            session.add(Member(first_name=f"Saved{i}", notes="y" * 2000))
    return vault


def _as_left(vault: Vault, into: Path) -> Path:
    folder = Path(shutil.copytree(vault.files.folder, into))
    (folder / "vault.lock").unlink(missing_ok=True)
    return folder


def _checkpointed_page_one(crashed: Path, key: bytes, scratch: Path) -> None:
    """vault.db as a checkpoint cut right after its first page leaves it."""
    shutil.copytree(crashed, scratch)
    connection = sqlcipher3.connect(str(scratch / "vault.db"))
    for pragma in PRE_KEY_PRAGMAS:
        connection.execute(pragma)
    connection.execute(f'PRAGMA key = "{raw_key_literal(key)}"')
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    db = bytearray((crashed / "vault.db").read_bytes())
    assert (scratch / "vault.db").stat().st_size > len(db)  # the checkpoint adds pages
    db[:PAGE] = (scratch / "vault.db").read_bytes()[:PAGE]
    (crashed / "vault.db").write_bytes(bytes(db))


def _lose_wal(folder: Path, how: str) -> None:
    wal = folder / "vault.db-wal"
    if how == "deleted":
        wal.unlink()
        (folder / "vault.db-shm").unlink(missing_ok=True)
    elif how == "emptied":
        wal.write_bytes(b"")
    elif how == "header salt flipped":
        raw = bytearray(wal.read_bytes())
        raw[17] ^= 1
        wal.write_bytes(bytes(raw))
    elif how == "cut in its first frame":
        wal.write_bytes(wal.read_bytes()[: 32 + 24 + 100])
    else:  # "last frames cut"
        wal.write_bytes(wal.read_bytes()[: -3 * (24 + PAGE)])


LOSSES = ["deleted", "emptied", "header salt flipped", "cut in its first frame", "last frames cut"]


@pytest.mark.parametrize("loss", LOSSES)
def test_a_checkpoint_cut_after_page_one_then_the_wal_lost_is_reported(
    busy_vault: Vault, tmp_path: Path, loss: str
) -> None:
    key = busy_vault._data_key()
    record = busy_vault._record
    assert record is not None
    record.stage(commit_record.COPYING)  # the mark is on disk: the checkpoint may begin
    crashed = _as_left(busy_vault, tmp_path / "crashed")
    busy_vault.close()
    _checkpointed_page_one(crashed, key, tmp_path / "scratch")
    _lose_wal(crashed, loss)
    assert _outcome(crashed) == "damage reported"


def test_the_same_cut_with_the_wal_whole_loses_nothing(busy_vault: Vault, tmp_path: Path) -> None:
    key = busy_vault._data_key()
    assert busy_vault._record is not None
    busy_vault._record.stage(commit_record.COPYING)
    crashed = _as_left(busy_vault, tmp_path / "crashed")
    busy_vault.close()
    _checkpointed_page_one(crashed, key, tmp_path / "scratch")
    assert _outcome(crashed) == "all present"
    assert _outcome(crashed) == "all present"  # and once the mark has been cleared


def test_check_reports_the_cut_checkpoint_and_changes_no_byte(
    busy_vault: Vault, tmp_path: Path
) -> None:
    key = busy_vault._data_key()
    assert busy_vault._record is not None
    busy_vault._record.stage(commit_record.COPYING)
    crashed = _as_left(busy_vault, tmp_path / "crashed")
    busy_vault.close()
    _checkpointed_page_one(crashed, key, tmp_path / "scratch")
    _lose_wal(crashed, "deleted")
    (crashed / "vault.lock").touch()  # the lock file is the one thing check may create
    before = {p.name: p.read_bytes() for p in crashed.iterdir()}
    with pytest.raises(VaultDamaged, match="copying its write-ahead log"):
        check(crashed, PASSPHRASE)
    assert {p.name: p.read_bytes() for p in crashed.iterdir()} == before


def test_a_crash_after_the_copy_before_the_mark_is_cleared_loses_nothing(
    busy_vault: Vault, tmp_path: Path
) -> None:
    """RESTART leaves the WAL whole: the marked record finds every commit in it."""
    assert busy_vault._record is not None
    busy_vault._record.stage(commit_record.COPYING)
    with busy_vault.engine.connect() as connection:
        busy, frames, done = connection.exec_driver_sql("PRAGMA wal_checkpoint(RESTART)").one()
        assert (busy, frames == done) == (0, True)
        crashed = _as_left(busy_vault, tmp_path / "crashed")
    busy_vault.close()
    assert _outcome(crashed) == "all present"


@pytest.mark.parametrize("loss", ["deleted", "emptied"])
def test_once_the_mark_is_cleared_the_wal_is_no_longer_needed(
    busy_vault: Vault, tmp_path: Path, loss: str
) -> None:
    """A crash between the two steps (copied and unmarked; not yet truncated), then the
    WAL lost: the database file holds every commit."""
    with busy_vault.engine.connect() as connection:
        commit_record._marked(busy_vault._record, connection.exec_driver_sql, "RESTART")
        crashed = _as_left(busy_vault, tmp_path / "crashed")
    busy_vault.close()
    state = commit_record.read_state(
        crashed / commit_record.RECORD_NAME, commit_record.record_key(_key(crashed))
    )
    assert state is not None and not state.checkpointing
    _lose_wal(crashed, loss)
    assert _outcome(crashed) == "all present"


def _key(folder: Path) -> bytes:
    return Envelope.load(folder / "key.json").unseal(PASSPHRASE)


def test_every_checkpoint_the_app_runs_is_marked(busy_vault: Vault, monkeypatch) -> None:
    """Seen from inside SQLite (its trace of every statement run): whenever a checkpoint
    runs, the record on disk says "checkpointing" (COPYING, or COPIED for the step that
    empties the WAL)."""
    folder = busy_vault.files.folder
    key = commit_record.record_key(busy_vault._data_key())
    seen: list[tuple[str, bool]] = []

    def trace(sql: str) -> None:
        if "wal_checkpoint" in sql:
            state = commit_record.read_state(folder / commit_record.RECORD_NAME, key)
            seen.append((sql, bool(state and state.checkpointing)))

    @event.listens_for(busy_vault.engine, "connect")
    def _traced(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.set_trace_callback(trace)

    busy_vault.engine.pool.dispose()  # every connection from now on is traced
    busy_vault.checkpoint()
    monkeypatch.setattr(commit_record, "LOG_LIMIT", 64 * 1024)  # a busy evening's log
    for i in range(5):
        with busy_vault.unit_of_work() as session:
            session.add(Member(first_name=f"More{i}", notes="z" * 30_000))
    busy_vault.close()
    modes = {sql.split("(")[1].rstrip(")") for sql, _marked in seen}
    assert modes == {"RESTART", "TRUNCATE", "PASSIVE"}, seen
    assert all(marked for _sql, marked in seen), seen
    state = commit_record.read_state(folder / commit_record.RECORD_NAME, key)
    assert state is not None and not state.checkpointing


def test_sqlite_never_checkpoints_by_itself(busy_vault: Vault) -> None:
    """Its automatic checkpoint (after 1000 pages) would run unmarked."""
    with busy_vault.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    db = busy_vault.files.db
    size = db.stat().st_size
    for i in range(40):  # ~1200 pages of WAL
        with busy_vault.unit_of_work() as session:
            session.add(Member(first_name=f"More{i}", notes="z" * 120_000))
    assert db.stat().st_size == size or (db.with_name("vault.db-wal").stat().st_size < 5_000_000)
    busy_vault.close()


def test_a_failed_open_leaves_the_wal_as_it_was(busy_vault: Vault, tmp_path: Path) -> None:
    """Closing after a failed open must not copy the WAL into the database (unmarked) and
    delete it: SQLite's last connection would; a read-only one is held meanwhile."""
    crashed = _as_left(busy_vault, tmp_path / "crashed")
    busy_vault.close()
    wal = (crashed / "vault.db-wal").read_bytes()
    db = crashed / "vault.db"
    raw = bytearray(db.read_bytes())
    raw[5 * PAGE + 100] ^= 1  # a page of the database file damaged
    db.write_bytes(bytes(raw))
    with pytest.raises(VaultDamaged):
        Vault.open(crashed, PASSPHRASE)
    assert (crashed / "vault.db-wal").read_bytes() == wal
    assert db.read_bytes() == bytes(raw)


def test_a_record_from_before_the_mark_still_reads(vault_dir: Path, tmp_path: Path) -> None:
    """Version 1 slots (magic, counter; one slot per counter mod 2) are still read."""
    import hashlib
    import hmac

    vault = Vault.create(tmp_path / "old", PASSPHRASE, kdf=FAST_KDF)
    key = commit_record.record_key(vault._data_key())
    vault.close()
    record = tmp_path / "old" / commit_record.RECORD_NAME
    counter = commit_record.read_record(record, key)
    assert counter is not None
    body = struct.pack(">8sQ", b"FCLTRCR1", counter)
    slot = (body + hmac.new(key, body, hashlib.sha256).digest()).ljust(64, b"\0")
    record.write_bytes(slot * 2)
    assert commit_record.read_record(record, key) == counter
    reopened = Vault.open(tmp_path / "old", PASSPHRASE)
    with reopened.unit_of_work() as session:
        session.add(Member(first_name="After"))
    reopened.close()
    assert commit_record.read_record(record, key) == counter + 1
    assert os.path.getsize(record) == 128


def test_a_reader_that_keeps_the_wal_from_restarting_does_not_make_every_commit_checkpoint(
    busy_vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long read (a background check, a worker's query) keeps SQLite from starting the
    WAL again, so it stays over the limit: a checkpoint is tried again only after the WAL
    has grown by another quarter of the limit, not after every commit."""
    runs: list[str] = []
    marked = commit_record._marked

    def counting(record, execute, mode):  # type: ignore[no-untyped-def]
        runs.append(mode)
        return marked(record, execute, mode)

    monkeypatch.setattr(commit_record, "_marked", counting)
    monkeypatch.setattr(commit_record, "LOG_LIMIT", 256 * 1024)
    busy_vault.checkpoint()
    reader = sqlcipher3.connect(str(busy_vault.files.db))
    for pragma in PRE_KEY_PRAGMAS:
        reader.execute(pragma)
    reader.execute(f'PRAGMA key = "{raw_key_literal(busy_vault._data_key())}"')
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM members").fetchone()  # a read left open
    try:
        for i in range(120):
            with busy_vault.unit_of_work() as session:
                session.add(Member(first_name=f"Evening{i}", notes="e" * 500))
    finally:
        reader.close()
    busy_vault.close()
    assert 1 <= len(runs) <= 40, f"{len(runs)} checkpoints for 120 commits"
