"""Reviewer's reproducers for issue 14 (branch review14).  Each is xfail(strict=True):
it fails today, and turns into an XPASS (a failure) once the defect is fixed, so the
marker must then be removed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import func, select

from facilitator.cli import main as cli_main
from facilitator.errors import VaultDamaged
from facilitator.storage.engine import PRE_KEY_PRAGMAS, raw_key_literal
from facilitator.storage.envelope import KdfParams
from facilitator.storage.models import Member
from facilitator.storage.vault import Vault

PASSPHRASE = "correct horse battery staple"
FAST_KDF = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
PAGE = 4096


def _saved_present(folder: Path) -> int:
    vault = Vault.open(folder, PASSPHRASE)
    try:
        with vault.unit_of_work() as session:
            return int(
                session.scalar(
                    select(func.count()).select_from(Member).where(Member.first_name.like("Saved%"))
                )
                or 0
            )
    finally:
        vault.close()


@pytest.mark.xfail(strict=True, reason="review14 finding 1: page 1 checkpointed, WAL lost")
def test_kill_during_checkpoint_then_wal_loss_is_not_silent(tmp_path: Path) -> None:
    """A checkpoint writes pages in page order, so page 1 (which holds user_version) is
    the first to reach vault.db.  A kill (or ENOSPC) right after it, then the WAL lost:
    the database's counter equals the record's, so nothing is reported, and the 30
    commits reported saved are gone."""
    folder = tmp_path / "vault"
    vault = Vault.create(folder, PASSPHRASE, kdf=FAST_KDF)
    with vault.unit_of_work() as session:
        session.add_all(Member(first_name=f"Base{i}") for i in range(20))
    vault.checkpoint()
    for i in range(30):
        with vault.unit_of_work() as session:
            session.add(Member(first_name=f"Saved{i}"))
    key = vault._data_key()
    crashed = tmp_path / "crashed"
    shutil.copytree(folder, crashed)  # as SIGKILL leaves it: every commit in the WAL
    vault.close()
    (crashed / "vault.lock").unlink(missing_ok=True)
    scratch = tmp_path / "scratch"  # what a complete checkpoint writes into vault.db
    shutil.copytree(crashed, scratch)
    connection = sqlcipher3.connect(str(scratch / "vault.db"))
    for pragma in PRE_KEY_PRAGMAS:
        connection.execute(pragma)
    connection.execute(f'PRAGMA key = "{raw_key_literal(key)}"')
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    db = bytearray((crashed / "vault.db").read_bytes())
    db[:PAGE] = (scratch / "vault.db").read_bytes()[:PAGE]  # the kill came after page 1
    (crashed / "vault.db").write_bytes(bytes(db))
    (crashed / "vault.db-wal").unlink()  # a week later the WAL is lost
    (crashed / "vault.db-shm").unlink(missing_ok=True)
    try:
        present = _saved_present(crashed)
    except VaultDamaged:
        return  # reported: fine
    assert present == 30, f"{30 - present} of 30 commits reported saved lost silently"


def test_check_on_a_flipped_bit_in_page_one_exits_4(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "vault"
    Vault.create(folder, PASSPHRASE, kdf=FAST_KDF).close()
    db = bytearray((folder / "vault.db").read_bytes())
    db[2000] ^= 1
    (folder / "vault.db").write_bytes(bytes(db))
    monkeypatch.setenv("FACILITATOR_PASSPHRASE", PASSPHRASE)
    assert cli_main(["check", "--vault", str(folder)]) == 4
    assert "Traceback" not in capsys.readouterr().err
    assert os.path.exists(folder / "vault.db")


def test_import_of_a_pipe_does_not_hang(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "vault"
    Vault.create(folder, PASSPHRASE, kdf=FAST_KDF).close()
    pipe = tmp_path / "roster.csv"
    os.mkfifo(pipe)
    env = {**os.environ, "FACILITATOR_PASSPHRASE": PASSPHRASE}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [os.getcwd(), env.get("PYTHONPATH")]))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "facilitator", "import", str(pipe), "--vault", str(folder)],
            env=env,
            check=False,
            capture_output=True,
            timeout=15,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("import of a named pipe blocked (no exit within 15 s)")
    assert done.returncode == 1


def test_a_long_unquoted_cell_is_not_called_a_quote_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "vault"
    Vault.create(folder, PASSPHRASE, kdf=FAST_KDF).close()
    roster = tmp_path / "roster.csv"
    roster.write_text("First Name,Last Name\n" + "A" * 140_000 + ",Lee\n", encoding="utf-8")
    monkeypatch.setenv("FACILITATOR_PASSPHRASE", PASSPHRASE)
    assert cli_main(["import", str(roster), "--vault", str(folder)]) == 1
    assert "quote marks" not in capsys.readouterr().err  # the row has no quote mark at all
