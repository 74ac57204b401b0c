"""WAL damage is never silent: every commit reported saved comes back, or damage is reported.

The attacker of issue 14: a writer process adds members one commit each and reports
each one saved, then is SIGKILLed, so the write-ahead log (``vault.db-wal``) holds all
of them (nothing was checkpointed).  Then the WAL or its index (``-shm``) is damaged in
each of the ways below and the vault is opened again, by ``facilitator check`` and by
an ordinary open.  Each must either give back every reported commit or report damage
(exit 4; ``VaultDamaged``, which the app shows with "Restore from a backup…"), saying
that recent changes may be missing.  SQLite alone drops every commit after a damaged
frame and both integrity checks still pass; only the vault's own record of its last
commit notices.

``facilitator check`` must also leave every byte of the folder as it was, healthy or
damaged: it never checkpoints, deletes or rewrites the WAL.
"""

from __future__ import annotations

import os
import random
import select
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select as sql_select

import facilitator
from facilitator.cli import main as cli_main
from facilitator.errors import VaultDamaged, WrongPassphrase
from facilitator.paths import AppPaths
from facilitator.storage.envelope import KdfParams
from facilitator.storage.models import Member
from facilitator.storage.vault import Vault

PASSPHRASE = "correct horse battery staple"
FAST_KDF = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
PAGE = 4096
WAL_HEADER = 32
FRAME_HEADER = 24
FRAME = FRAME_HEADER + PAGE
BASELINE = [f"Checkpointed {i:03d}" for i in range(20)]
REPORTED = 30
CHILD = Path(__file__).with_name("commit_writer_child.py")


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(Path(facilitator.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    return env


def _read_line(stream: int, buffer: bytearray, timeout: float = 60.0) -> str:
    """One line from the child's pipe (waits for the child's own report, not a clock)."""
    while b"\n" not in buffer:
        ready, _, _ = select.select([stream], [], [], timeout)
        assert ready, "the writer did not report in time"
        chunk = os.read(stream, 4096)
        assert chunk, "the writer ended before reporting"
        buffer.extend(chunk)
    line, _, rest = bytes(buffer).partition(b"\n")
    buffer[:] = rest
    return line.decode("ascii")


def _names(folder: Path) -> list[str]:
    vault = Vault.open(folder, PASSPHRASE)
    try:
        with vault.unit_of_work() as session:
            return list(session.scalars(sql_select(Member.first_name).order_by(Member.id)))
    finally:
        vault.close()


@pytest.fixture(scope="module")
def crashed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A vault as a crash leaves it: BASELINE checkpointed into vault.db, then REPORTED
    members each committed and reported saved by a writer that was then SIGKILLed."""
    folder = tmp_path_factory.mktemp("crashed") / "vault"
    vault = Vault.create(folder, PASSPHRASE, kdf=FAST_KDF)
    with vault.unit_of_work() as session:
        session.add_all(Member(first_name=name) for name in BASELINE)
    vault.close()
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(folder), PASSPHRASE, str(REPORTED)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=_child_env(),
    )
    assert child.stdout is not None
    buffer = bytearray()
    try:
        lines = [_read_line(child.stdout.fileno(), buffer) for _ in range(REPORTED + 2)]
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert lines == ["open", *(f"saved {i}" for i in range(REPORTED)), "waiting"]
    wal = folder / "vault.db-wal"
    assert (wal.stat().st_size - WAL_HEADER) // FRAME >= REPORTED, "the WAL holds the commits"
    return folder


# -- the damage -----------------------------------------------------------------------------


def _frames(wal: bytes) -> int:
    return (len(wal) - WAL_HEADER) // FRAME


def _frame_at(wal: bytes, index: int) -> int:
    return WAL_HEADER + index * FRAME


def _flip(wal: Path, offset: int) -> None:
    data = bytearray(wal.read_bytes())
    data[offset] ^= 0x40
    wal.write_bytes(bytes(data))


def _wal_and_shm_deleted(folder: Path) -> None:
    (folder / "vault.db-wal").unlink()
    (folder / "vault.db-shm").unlink(missing_ok=True)


def _wal_deleted(folder: Path) -> None:
    (folder / "vault.db-wal").unlink()


def _wal_emptied(folder: Path) -> None:
    (folder / "vault.db-wal").write_bytes(b"")


def _wal_header_only(folder: Path) -> None:
    wal = folder / "vault.db-wal"
    wal.write_bytes(wal.read_bytes()[:WAL_HEADER])


def _header_magic_flipped(folder: Path) -> None:
    _flip(folder / "vault.db-wal", 1)


def _header_salt_flipped(folder: Path) -> None:
    _flip(folder / "vault.db-wal", 17)


def _frame0_data_flipped(folder: Path) -> None:
    _flip(folder / "vault.db-wal", _frame_at(b"", 0) + FRAME_HEADER + 1000)


def _middle(folder: Path) -> int:
    return _frames((folder / "vault.db-wal").read_bytes()) // 2


def _middle_frame_data_flipped(folder: Path) -> None:
    _flip(folder / "vault.db-wal", _frame_at(b"", _middle(folder)) + FRAME_HEADER + 2000)


def _middle_frame_checksum_flipped(folder: Path) -> None:
    _flip(folder / "vault.db-wal", _frame_at(b"", _middle(folder)) + 17)


def _middle_frame_page_number_flipped(folder: Path) -> None:
    _flip(folder / "vault.db-wal", _frame_at(b"", _middle(folder)) + 3)


def _middle_frame_zeroed(folder: Path) -> None:
    wal = folder / "vault.db-wal"
    data = bytearray(wal.read_bytes())
    start = _frame_at(b"", _middle(folder))
    data[start : start + FRAME] = bytes(FRAME)
    wal.write_bytes(bytes(data))


def _cut_mid_frame(folder: Path) -> None:
    wal = folder / "vault.db-wal"
    data = wal.read_bytes()
    wal.write_bytes(data[: _frame_at(b"", _middle(folder)) + FRAME // 2])


def _last_frame_flipped(folder: Path) -> None:
    wal = folder / "vault.db-wal"
    _flip(wal, _frame_at(b"", _frames(wal.read_bytes()) - 1) + FRAME_HEADER + 100)


def _last_frames_cut(folder: Path) -> None:
    wal = folder / "vault.db-wal"
    data = wal.read_bytes()
    wal.write_bytes(data[: _frame_at(b"", _frames(data) - 3)])


def _last_bytes_cut(folder: Path) -> None:
    wal = folder / "vault.db-wal"
    wal.write_bytes(wal.read_bytes()[:-1])


def _random_frames_flipped(folder: Path) -> None:
    wal = folder / "vault.db-wal"
    rng = random.Random(14)
    size = wal.stat().st_size
    for _ in range(5):
        _flip(wal, rng.randrange(WAL_HEADER, size))


def _shm_deleted(folder: Path) -> None:
    (folder / "vault.db-shm").unlink()


def _shm_damaged(folder: Path) -> None:
    shm = folder / "vault.db-shm"
    data = bytearray(shm.read_bytes())
    for offset in (0, 8, 40, 48, 100, 200):
        data[offset] ^= 0x5A
    shm.write_bytes(bytes(data))


def _shm_zeroed(folder: Path) -> None:
    shm = folder / "vault.db-shm"
    shm.write_bytes(bytes(shm.stat().st_size))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "WAL and shm deleted": _wal_and_shm_deleted,
    "WAL deleted": _wal_deleted,
    "WAL emptied": _wal_emptied,
    "WAL cut to its header": _wal_header_only,
    "WAL header magic flipped": _header_magic_flipped,
    "WAL header salt flipped": _header_salt_flipped,
    "frame 0 flipped": _frame0_data_flipped,
    "a middle frame's data flipped": _middle_frame_data_flipped,
    "a middle frame's checksum flipped": _middle_frame_checksum_flipped,
    "a middle frame's page number flipped": _middle_frame_page_number_flipped,
    "a middle frame zeroed": _middle_frame_zeroed,
    "WAL cut in the middle of a frame": _cut_mid_frame,
    "last frame flipped": _last_frame_flipped,
    "last frames cut": _last_frames_cut,
    "last byte cut": _last_bytes_cut,
    "five random bytes flipped": _random_frames_flipped,
    "shm deleted alone": _shm_deleted,
    "shm damaged": _shm_damaged,
    "shm zeroed": _shm_zeroed,
}


def _damaged_copy(crashed: Path, tmp_path: Path, damage: str, name: str) -> Path:
    folder = Path(shutil.copytree(crashed, tmp_path / name))
    DAMAGE[damage](folder)
    return folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _check(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    pwfile = tmp_path / "pass.txt"
    pwfile.write_text(PASSPHRASE + "\n", encoding="utf-8")
    paths = AppPaths(tmp_path / "data", tmp_path / "config", tmp_path / "log")
    capsys.readouterr()
    code = cli_main(["check", "--vault", str(folder), "--passphrase-file", str(pwfile)], paths)
    return code, capsys.readouterr().err


def _says_recent_changes_missing(message: str) -> bool:
    return "recent changes" in message.lower() and "backup" in message


# -- the tests -------------------------------------------------------------------------------


def test_the_crashed_vault_has_every_reported_commit(crashed: Path, tmp_path: Path) -> None:
    folder = Path(shutil.copytree(crashed, tmp_path / "as-left"))
    assert _names(folder) == BASELINE + [f"Reported {i:03d}" for i in range(REPORTED)]


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_wal_damage_gives_every_reported_commit_or_reports_damage(
    damage: str, crashed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = BASELINE + [f"Reported {i:03d}" for i in range(REPORTED)]
    # The command line's check.
    checked = _damaged_copy(crashed, tmp_path, damage, "checked")
    code, said = _check(checked, tmp_path, capsys)
    assert code in (0, 4), said
    # Damage to the index alone loses nothing (SQLite rebuilds it from the WAL); any
    # damage to the WAL itself here falls on a frame of a commit reported saved.
    assert code == (0 if damage.startswith("shm") else 4), said
    if code == 4:
        assert _says_recent_changes_missing(said), said
    # An ordinary open (what every command and the app's unlock do).
    opened = _damaged_copy(crashed, tmp_path, damage, "opened")
    before = _tree(opened)
    try:
        names = _names(opened)
    except WrongPassphrase as exc:  # pragma: no cover - the failure this guards against
        pytest.fail(f"damage reported as a wrong passphrase: {exc}")
    except VaultDamaged as exc:
        assert exc.exit_code == 4
        assert _says_recent_changes_missing(str(exc)), str(exc)
        assert code == 4, "check and open must agree"
        assert _tree(opened) == before, "a refused open must leave every file as it was"
        return
    assert names == expected, (
        f"{damage}: {len(expected) - len(names)} commit(s) reported saved are missing "
        "and nothing said so"
    )
    assert code == 0, "check and open must agree"


@pytest.mark.parametrize("damage", [None, *DAMAGE])
def test_check_changes_no_byte_of_the_folder(
    damage: str | None, crashed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if damage is None:  # healthy: the crashed vault as it was left
        folder = Path(shutil.copytree(crashed, tmp_path / "healthy"))
    else:
        folder = _damaged_copy(crashed, tmp_path, damage, "damaged")
    before = _tree(folder)
    code, said = _check(folder, tmp_path, capsys)
    assert code in (0, 4), said
    assert _tree(folder) == before, f"check changed the folder: {sorted(_tree(folder))}"


def test_check_changes_no_byte_of_a_cleanly_closed_vault(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "closed"
    vault = Vault.create(folder, PASSPHRASE, kdf=FAST_KDF)
    with vault.unit_of_work() as session:
        session.add_all(Member(first_name=name) for name in BASELINE)
    vault.close()
    before = _tree(folder)
    code, said = _check(folder, tmp_path, capsys)
    assert code == 0, said
    assert "healthy" in said
    assert _tree(folder) == before


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_recover_goes_on_with_what_is_readable_and_keeps_the_damaged_log(
    damage: str, crashed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _damaged_copy(crashed, tmp_path, damage, "recovered")
    wal = folder / "vault.db-wal"
    damaged_log = wal.read_bytes() if wal.exists() else None
    was_damaged = _check(folder, tmp_path, capsys)[0] == 4
    pwfile = tmp_path / "pass.txt"
    paths = AppPaths(tmp_path / "data", tmp_path / "config", tmp_path / "log")
    code = cli_main(["recover", "--vault", str(folder), "--passphrase-file", str(pwfile)], paths)
    said = capsys.readouterr().err
    assert code == 0, said
    kept = sorted(folder.glob("vault.db-wal.damaged-*"))
    if was_damaged and damaged_log is not None:
        assert "were lost" in said
        assert [p.read_bytes() for p in kept] == [damaged_log], "the damaged log, byte for byte"
    if not was_damaged:
        assert not kept and "nothing was set aside" in said
    # From now on it is a healthy vault holding the commits before the damage.
    assert _check(folder, tmp_path, capsys)[0] == 0
    names = _names(folder)
    reported = [f"Reported {i:03d}" for i in range(REPORTED)]
    assert names[: len(BASELINE)] == BASELINE
    assert names[len(BASELINE) :] == reported[: len(names) - len(BASELINE)]


def _page_flipped(folder: Path) -> None:
    db = folder / "vault.db"
    data = bytearray(db.read_bytes())
    data[(len(data) // PAGE // 2) * PAGE + 1234] ^= 0x5A
    db.write_bytes(bytes(data))


def _record_flipped(folder: Path) -> None:
    record = folder / "vault.commits"
    data = bytearray(record.read_bytes())
    data[20] ^= 1
    data[84] ^= 1
    record.write_bytes(bytes(data))


def _key_file_cut(folder: Path) -> None:
    key = folder / "key.json"
    key.write_bytes(key.read_bytes()[:50])


@pytest.mark.parametrize(
    ("damage", "part"),
    [
        (_wal_emptied, f"{REPORTED} change(s) reported saved cannot be read"),
        (_page_flipped, "database is damaged"),
        (_record_flipped, "record of saved changes (vault.commits) is damaged"),
        (lambda folder: (folder / "vault.commits").unlink(), "(vault.commits) is missing"),
        (_key_file_cut, "key file (key.json) is damaged"),
    ],
    ids=["the WAL", "a database page", "the record", "no record", "the key file"],
)
def test_check_names_the_damaged_part_and_changes_nothing(
    damage: Callable[[Path], None],
    part: str,
    crashed: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = Path(shutil.copytree(crashed, tmp_path / "damaged"))
    damage(folder)
    before = _tree(folder)
    code, said = _check(folder, tmp_path, capsys)
    assert code == 4
    assert part in " ".join(said.split()), said
    assert "Traceback" not in said
    assert _tree(folder) == before
