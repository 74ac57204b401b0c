"""Outside review (14b) of the checkpoint mark: reproducers of what it still misses.

Each test states the behaviour the mark promises ("SQLite never writes into vault.db
unless the record says checkpointing"; "a cut checkpoint whose WAL is lost is
reported").  Each was an xfail(strict=True) that failed on the code it reviewed; the
fixes: COPYING / COPIED stages and one checkpoint at a time; no commit once the record
is closed; vaults still open at exit locked by an atexit hook; ``journal_size_limit``;
the counter compared modulo its wrap.
"""

from __future__ import annotations

import gc
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from facilitator.errors import VaultDamaged
from facilitator.storage import commit_record
from facilitator.storage.envelope import KdfParams
from facilitator.storage.models import Member
from facilitator.storage.vault import Vault

PASSPHRASE = "correct horse battery staple"
FAST_KDF = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
PAGE = 4096


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    """20 members, checkpointed into vault.db."""
    made = Vault.create(tmp_path / "vault", PASSPHRASE, kdf=FAST_KDF)
    with made.unit_of_work() as session:
        session.add_all(Member(first_name=f"Base{i}", notes="x" * 2000) for i in range(20))
    made.checkpoint()
    return made


def _marked(folder: Path, key: bytes) -> bool:
    state = commit_record.read_state(folder / commit_record.RECORD_NAME, key)
    return bool(state and state.checkpointing)


def _rename_base3(vault: Vault, to: str) -> None:
    """A user's edit (one member renamed), committed and reported saved."""
    with vault.unit_of_work() as session:
        session.execute(update(Member).where(Member.id == 4).values(first_name=to))


def _cut_after_page_one(folder: Path, before: bytes, after: bytes) -> None:
    """vault.db as a checkpoint from ``before`` to ``after`` leaves it when it is cut
    right after page 1 (SQLite copies pages in page order), then the WAL lost."""
    torn = bytearray(before)
    torn[:PAGE] = after[:PAGE]
    (folder / "vault.db").write_bytes(bytes(torn))
    for name in ("vault.db-wal", "vault.db-shm", "vault.lock"):
        (folder / name).unlink(missing_ok=True)


def _renamed_or_damage(folder: Path, name: str) -> str:
    try:
        opened = Vault.open(folder, PASSPHRASE)
    except VaultDamaged:
        return "damage reported"
    try:
        with opened.unit_of_work() as session:
            found = session.scalar(select(Member.id).where(Member.first_name == name))
    finally:
        opened.close()
    return "edit present" if found is not None else "edit lost silently"


def test_a_commit_between_restart_and_truncate_is_never_checkpointed_unmarked(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, db = vault.files.folder, vault.files.db
    key = commit_record.record_key(vault._data_key())
    seen: dict[str, Any] = {}

    def worker() -> None:  # e.g. an import or a check-in on a worker thread
        _rename_base3(vault, "Renamed")

    with vault.engine.connect() as connection:
        real = connection.exec_driver_sql

        def hooked(sql: str, *args: Any, **kwargs: Any) -> Any:
            if "TRUNCATE" not in sql:
                return real(sql, *args, **kwargs)
            thread = threading.Thread(target=worker)
            thread.start()
            thread.join()
            seen["before"], seen["marked"] = db.read_bytes(), _marked(folder, key)
            seen["record"] = (folder / commit_record.RECORD_NAME).read_bytes()
            result = real(sql, *args, **kwargs)
            seen["after"] = db.read_bytes()
            return result

        monkeypatch.setattr(connection, "exec_driver_sql", hooked)
        commit_record.checkpoint(connection)
    vault.close()
    crashed = Path(shutil.copytree(folder, tmp_path / "crashed"))
    _cut_after_page_one(crashed, seen["before"], seen["after"])
    # the record as the crash inside that step leaves it (not as the later lock wrote it)
    (crashed / commit_record.RECORD_NAME).write_bytes(seen["record"])
    outcome = _renamed_or_damage(crashed, "Renamed")
    assert seen["before"] == seen["after"] or seen["marked"], outcome
    assert outcome in {"edit present", "damage reported"}


def test_locking_leaves_no_connection_that_writes_and_checkpoints_unmarked(
    vault: Vault, tmp_path: Path
) -> None:
    folder, db = vault.files.folder, vault.files.db
    key = commit_record.record_key(vault._data_key())
    busy = vault.session()  # a worker thread's session, mid-job
    busy.scalar(select(Member.id).limit(1))  # it holds a connection
    busy.commit()  # (read only: no write transaction open while the vault locks)
    busy.connection()  # and borrows one again for its next step
    vault.close()  # the user locks the vault
    before = db.read_bytes()
    marked_before = _marked(folder, key)
    # The worker goes on: a write after the lock.  It should be refused (VaultLocked)...
    try:
        busy.execute(update(Member).where(Member.id == 4).values(first_name="Late"))
        busy.commit()
        wrote = True
    except Exception:  # noqa: BLE001 - whatever refuses it is fine
        wrote = False
    busy.close()  # ...and its connection, SQLite's last, checkpoints when it closes:
    del busy
    gc.collect()  # when the disposed pool holding it is collected
    after = db.read_bytes()
    unmarked = before != after and not marked_before
    assert (wrote, unmarked) == (False, False), "(written after the lock, vault.db unmarked)"


def test_one_large_transaction_does_not_make_every_later_commit_checkpoint(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[str] = []
    marked = commit_record._marked

    def counting(record: Any, execute: Any, mode: str) -> Any:
        runs.append(mode)
        return marked(record, execute, mode)

    monkeypatch.setattr(commit_record, "_marked", counting)
    with vault.unit_of_work() as session:  # an import, an erasure's VACUUM: > 4 MiB
        session.add_all(Member(first_name=f"Big{i}", notes="n" * 40_000) for i in range(130))
    assert runs == ["PASSIVE"]
    for i in range(10):  # ten check-ins that evening
        _rename_base3(vault, f"Evening{i}")
    vault.close()
    assert runs.count("PASSIVE") <= 2, f"{runs.count('PASSIVE')} checkpoints for 11 commits"


def _rename(vault: Vault, member_id: int, to: str) -> None:
    with vault.unit_of_work() as session:
        session.execute(update(Member).where(Member.id == member_id).values(first_name=to))


def test_an_older_vault_db_under_a_current_wal_is_reported(vault: Vault, tmp_path: Path) -> None:
    older = vault.files.db.read_bytes()  # the file as a sync tool saw it last week
    _rename(vault, 4, "EditA")  # reported saved, then checkpointed into vault.db (a lock)
    vault.checkpoint()
    _rename(vault, 18, "EditB")  # reported saved; in the WAL when the laptop dies
    crashed = Path(shutil.copytree(vault.files.folder, tmp_path / "crashed"))
    vault.close()
    (crashed / "vault.lock").unlink(missing_ok=True)
    (crashed / "vault.db").write_bytes(older)
    outcomes = {_renamed_or_damage(crashed, "EditB"), _renamed_or_damage(crashed, "EditA")}
    assert outcomes <= {"edit present", "damage reported"}, outcomes


def test_the_counter_wrapping_is_not_a_false_alarm(vault: Vault) -> None:
    folder = vault.files.folder
    key = commit_record.record_key(vault._data_key())
    with vault.engine.begin() as connection:  # the vault after 2**31 - 2 commits
        connection.exec_driver_sql("UPDATE members SET first_name = 'x' WHERE id = 1")
        connection.exec_driver_sql("PRAGMA user_version = 2147483645")
    vault.close()  # its record, which went there one commit at a time, says the same
    commit_record.create_record(folder / commit_record.RECORD_NAME, key, 2147483646)
    vault = Vault.open(folder, PASSPHRASE)
    _rename(vault, 2, "Last before the wrap")  # 2**31 - 1
    _rename(vault, 3, "First after the wrap")  # 1
    vault.close()
    assert _renamed_or_damage(folder, "First after the wrap") == "edit present"


@pytest.mark.parametrize("how", ["exit", "raise"])
def test_ending_the_process_unlocked_never_writes_vault_db_unmarked(
    tmp_path: Path, how: str
) -> None:
    import os
    import subprocess
    import sys

    folder = tmp_path / "vault"
    Vault.create(folder, PASSPHRASE, kdf=FAST_KDF).close()
    before = (folder / "vault.db").read_bytes()
    child = Path(__file__).with_name("exit_unlocked_child.py")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    done = subprocess.run(
        [sys.executable, str(child), str(folder), PASSPHRASE, how],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.stdout.startswith(b"marked 0\n"), done.stderr[-500:]  # no marked checkpoint
    key = commit_record.record_key(Vault.read_envelope(folder).unseal(PASSPHRASE))
    state = commit_record.read_state(folder / commit_record.RECORD_NAME, key)
    assert state is not None and not state.checkpointing
    # vault.db was written at exit only by the marked path (the atexit lock): the record
    # says a complete checkpoint copied every commit, and every reported one is there.
    assert (folder / "vault.db").read_bytes() != before
    assert state.copied == state.counter, "vault.db written, the record unmarked"
    assert not (folder / "vault.db-wal").exists()
    opened = Vault.open(folder, PASSPHRASE)
    try:
        with opened.unit_of_work() as session:
            names = set(session.scalars(select(Member.first_name)))
    finally:
        opened.close()
    assert {f"Reported {i}" for i in range(5)} <= names
