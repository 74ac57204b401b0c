"""Reviewer's reproducers for issue 14 (branch review14).  The first one (a checkpoint
cut after page 1, then the WAL lost) lives on in test_checkpoint_mark.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from facilitator.cli import main as cli_main
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
