"""BackupService: settings kept in the vault, verified backups, automatic ones pruned safely."""

from __future__ import annotations

import datetime as dt
import errno
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator import app
from facilitator.app import OpenVault
from facilitator.errors import BackupFailed, InvalidInput
from facilitator.services._common import Clock
from facilitator.services.backups import BackupService, BackupSettings
from facilitator.services.roster import MemberDraft
from facilitator.storage.backup import BackupReport
from facilitator.storage.vault import Vault

PASSPHRASE = "correct horse battery staple"  # the root ``vault`` fixture's
START = dt.datetime(2026, 11, 24, 18, 30)


class MovingClock:
    def __init__(self) -> None:
        self.moment = START

    def now(self) -> dt.datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)


@pytest.fixture
def clock() -> MovingClock:
    return MovingClock()


@pytest.fixture
def opened(vault: Vault, clock: MovingClock) -> Iterator[OpenVault]:
    with OpenVault(vault, clock=Clock(now=clock.now)) as open_vault:
        yield open_vault


@pytest.fixture
def backups(opened: OpenVault) -> BackupService:
    return opened.services.backups


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def test_a_new_vault_has_never_been_backed_up_and_says_so(backups: BackupService) -> None:
    status = backups.status()
    assert status.last is None and status.age_days is None
    assert status.is_old
    assert status.settings == BackupSettings(False, None, 10, 7)
    assert backups.on_close() is None  # automatic backup is off: nothing written


def test_settings_are_kept_inside_the_vault_and_survive_reopening(
    opened: OpenVault, backups: BackupService, usb: Path, vault_dir: Path
) -> None:
    opened.services.roster.add_member(MemberDraft(first_name="Oluwaseun", last_name="Brightwater"))
    chosen = BackupSettings(automatic=True, folder=usb, keep=3, warn_after_days=14)
    assert backups.save_settings(chosen).settings == chosen
    opened.lock()

    again = app.open_vault(vault_dir, PASSPHRASE)
    try:
        assert again.services.backups.settings() == chosen
        with again.vault.engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT key, value FROM settings").fetchall()
    finally:
        again.lock()
    text = repr(rows)
    assert "usb" in text
    assert "Oluwaseun" not in text and "Brightwater" not in text
    assert {key for key, _ in rows} <= {
        "backup.automatic",
        "backup.folder",
        "backup.keep",
        "backup.warn_after_days",
        "backup.last.at",
        "backup.last.path",
        "backup.last.bytes",
    }
    assert str(usb).encode() not in (vault_dir / "vault.db").read_bytes()


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        (BackupSettings(keep=0), "between 1 and 100"),
        (BackupSettings(keep=101), "between 1 and 100"),
        (BackupSettings(warn_after_days=0), "between 1 and 365"),
        (BackupSettings(automatic=True), "Choose the folder"),
        (BackupSettings(folder=Path("relative/usb")), "not a full path"),
    ],
)
def test_wrong_settings_are_refused_and_nothing_changes(
    backups: BackupService, usb: Path, settings: BackupSettings, words: str
) -> None:
    kept = BackupSettings(automatic=True, folder=usb, keep=5, warn_after_days=3)
    backups.save_settings(kept)
    with pytest.raises(InvalidInput, match=words):
        backups.save_settings(settings)
    assert backups.settings() == kept


def test_back_up_to_writes_a_verified_file_that_restores_with_the_passphrase_alone(
    opened: OpenVault, backups: BackupService, clock: MovingClock, tmp_path: Path
) -> None:
    opened.services.roster.add_member(MemberDraft(first_name="Imogen", last_name="Achterberg"))
    done = backups.back_up_to(tmp_path / "tuesday")  # no suffix given: .fbk added
    assert done.path == tmp_path / "tuesday.fbk"
    assert done.bytes == done.path.stat().st_size > 0
    assert done.rows >= 1
    assert stat.S_IMODE(done.path.stat().st_mode) == 0o600
    assert b"Achterberg" not in done.path.read_bytes()
    assert done.status.last is not None
    assert (done.status.last.at, done.status.last.path) == (START, done.path)
    assert not done.status.is_old

    clock.advance(days=8)
    later = backups.status()
    assert later.age_days == 8 and later.is_old

    app.restore(done.path, tmp_path / "elsewhere", PASSPHRASE)
    restored = app.open_vault(tmp_path / "elsewhere", PASSPHRASE)
    try:
        names = [m.last_name for m in restored.services.roster.members()]
    finally:
        restored.lock()
    assert names == ["Achterberg"]


def test_the_warning_age_is_a_setting(
    backups: BackupService, clock: MovingClock, tmp_path: Path
) -> None:
    backups.back_up_to(tmp_path / "one.fbk")
    clock.advance(days=3, hours=1)
    assert not backups.status().is_old
    backups.save_settings(BackupSettings(warn_after_days=3))
    status = backups.status()
    assert status.is_old and status.age_days == 3


def test_automatic_backups_keep_only_the_newest_of_ours_and_nothing_else_is_touched(
    backups: BackupService, clock: MovingClock, usb: Path
) -> None:
    foreign = {
        "holiday.jpg": b"photo",
        "Facilitator-backup-notes.txt": b"mine",
        "Facilitator-backup-2020-01-01-0900.fbk.old": b"kept by hand",
    }
    for name, data in foreign.items():
        (usb / name).write_bytes(data)
    backups.save_settings(BackupSettings(automatic=True, folder=usb, keep=3))
    written = []
    for _ in range(5):
        done = backups.on_close()
        assert done is not None
        written.append(done.path.name)
        clock.advance(days=1)
    assert written[0] == "Facilitator-backup-2026-11-24-1830.fbk"
    ours = sorted(p.name for p in usb.glob("*.fbk"))
    assert ours == sorted(written[-3:])
    for name, data in foreign.items():
        assert (usb / name).read_bytes() == data
    assert not [p for p in usb.iterdir() if p.name.startswith(".")]  # no temporary leftovers


def test_two_backups_in_one_minute_get_their_own_names_and_the_newest_is_kept(
    backups: BackupService, usb: Path
) -> None:
    backups.save_settings(BackupSettings(automatic=True, folder=usb, keep=2))
    names = [backups.automatic().path.name for _ in range(3)]
    assert names == [
        "Facilitator-backup-2026-11-24-1830.fbk",
        "Facilitator-backup-2026-11-24-1830-2.fbk",
        "Facilitator-backup-2026-11-24-1830-3.fbk",
    ]
    assert sorted(p.name for p in usb.iterdir()) == sorted(names[1:])
    # The first name is free again, but a fourth backup must still sort as the newest.
    fourth = backups.automatic().path.name
    assert fourth == "Facilitator-backup-2026-11-24-1830-4.fbk"
    assert sorted(p.name for p in usb.iterdir()) == [names[2], fourth]


def test_an_unplugged_folder_is_named_and_nothing_is_recorded(
    backups: BackupService, tmp_path: Path
) -> None:
    stick = tmp_path / "media" / "USB STICK"
    backups.save_settings(BackupSettings(automatic=True, folder=stick))
    with pytest.raises(BackupFailed) as info:
        backups.on_close()
    assert str(stick) in info.value.message and "plug it in" in info.value.message
    assert backups.status().last is None
    assert not stick.exists()


def test_a_file_where_the_folder_should_be_is_refused(
    backups: BackupService, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "stick"
    not_a_folder.write_bytes(b"x")
    backups.save_settings(BackupSettings(automatic=True, folder=not_a_folder))
    with pytest.raises(BackupFailed, match="is a file, not a folder"):
        backups.automatic()


def test_a_full_disk_leaves_no_file_keeps_the_old_backups_and_records_nothing(
    opened: OpenVault, clock: MovingClock, usb: Path
) -> None:
    def full_disk(path: Path) -> BackupReport:
        path.write_bytes(b"half a backup")
        raise OSError(errno.ENOSPC, "No space left on device")

    good = opened.services.backups
    good.save_settings(BackupSettings(automatic=True, folder=usb, keep=1))
    first = good.automatic()
    clock.advance(hours=1)
    failing = BackupService(opened.unit_of_work, Clock(now=clock.now), full_disk)
    with pytest.raises(BackupFailed) as info:
        failing.automatic()
    assert "No space left on device" in info.value.message
    assert [p.name for p in usb.iterdir()] == [first.path.name]  # the old one stays
    last = failing.status().last
    assert last is not None and last.path == first.path


def test_a_backup_that_does_not_verify_prunes_nothing(
    opened: OpenVault, clock: MovingClock, usb: Path
) -> None:
    def unverified(path: Path) -> BackupReport:
        raise BackupFailed("did not read back")

    good = opened.services.backups
    good.save_settings(BackupSettings(automatic=True, folder=usb, keep=1))
    first = good.automatic()
    clock.advance(hours=1)
    with pytest.raises(BackupFailed):
        BackupService(opened.unit_of_work, Clock(now=clock.now), unverified).automatic()
    assert [p.name for p in usb.iterdir()] == [first.path.name]


def test_without_an_open_vault_there_is_no_backup(opened: OpenVault, tmp_path: Path) -> None:
    with pytest.raises(BackupFailed, match="Unlock"):
        BackupService(opened.unit_of_work).back_up_to(tmp_path / "x.fbk")
    assert not (tmp_path / "x.fbk").exists()
