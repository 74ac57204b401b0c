"""Backups from the app: where they go, how many are kept, when the last good one was made.

The settings and the record of the last good backup live inside the vault (the
``settings`` table: encrypted, and they travel with it to another computer).
Writing a backup needs the open vault itself, which services never hold: the
composition root hands in a *writer* (``OpenVault.backup``) that writes one
encrypted file and verifies it (see :mod:`facilitator.storage.backup`), or
raises.

Automatic backups go into one folder the user chose (often a USB stick), named
``Facilitator-backup-2026-11-24-1830.fbk`` (``-2``, ``-3`` … within one
minute).  Only once the new file has been verified are the older files *with
that naming pattern* pruned down to the newest N; nothing else in the folder is
ever touched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from facilitator.errors import BackupFailed, InvalidInput
from facilitator.services._common import SYSTEM_CLOCK, Clock
from facilitator.storage.backup import BackupReport
from facilitator.storage.repositories import UnitOfWorkFactory

log = logging.getLogger(__name__)

BACKUP_SUFFIX = ".fbk"
KEEP_DEFAULT = 10
KEEP_RANGE = (1, 100)
WARN_DEFAULT = 7
WARN_RANGE = (1, 365)

BackupWriter = Callable[[Path], BackupReport]

_PREFIX = "backup."
_AUTOMATIC = "backup.automatic"
_FOLDER = "backup.folder"
_KEEP = "backup.keep"
_WARN = "backup.warn_after_days"
_LAST_AT = "backup.last.at"
_LAST_PATH = "backup.last.path"
_LAST_BYTES = "backup.last.bytes"

_NAME = "Facilitator-backup-{stamp}{count}" + BACKUP_SUFFIX
_OURS = re.compile(r"^Facilitator-backup-(\d{4}-\d{2}-\d{2}-\d{4})(?:-(\d{1,6}))?\.fbk$")
_MAX_PATH = 4096


@dataclass(frozen=True, slots=True)
class BackupSettings:
    automatic: bool = False  # back up into ``folder`` when the app closes
    folder: Path | None = None
    keep: int = KEEP_DEFAULT  # automatic backups kept in the folder
    warn_after_days: int = WARN_DEFAULT  # the app warns when the last one is older


@dataclass(frozen=True, slots=True)
class LastBackup:
    at: dt.datetime
    path: Path
    bytes: int


@dataclass(frozen=True, slots=True)
class BackupStatus:
    settings: BackupSettings
    last: LastBackup | None  # the last backup that was written and verified, if any
    now: dt.datetime

    @property
    def age_days(self) -> int | None:
        """Whole days since the last good backup (None: never made)."""
        if self.last is None:
            return None
        return max((self.now - self.last.at).days, 0)

    @property
    def is_old(self) -> bool:
        """Never made, or older than the warning age."""
        if self.last is None:
            return True
        return self.now - self.last.at > dt.timedelta(days=self.settings.warn_after_days)


@dataclass(frozen=True, slots=True)
class BackupDone:
    path: Path
    bytes: int
    rows: int  # rows read back and compared with the vault
    seconds: float
    status: BackupStatus
    removed: tuple[Path, ...] = field(default=())  # older automatic backups pruned


def _no_writer(path: Path) -> BackupReport:
    raise BackupFailed("A backup can be made only while the vault is open. Unlock it first.")


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _int(value: str | None, default: int, limits: tuple[int, int]) -> int:
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return min(max(number, limits[0]), limits[1])


class BackupService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock = SYSTEM_CLOCK,
        writer: BackupWriter | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._writer = writer or _no_writer

    # -- settings ---------------------------------------------------------------------
    def settings(self) -> BackupSettings:
        return self.status().settings

    def save_settings(self, settings: BackupSettings) -> BackupStatus:
        """Check and keep the settings (all or nothing); the status they give."""
        low, high = KEEP_RANGE
        if not low <= settings.keep <= high:
            raise InvalidInput(f"Keep between {low} and {high} automatic backups.")
        low, high = WARN_RANGE
        if not low <= settings.warn_after_days <= high:
            raise InvalidInput(f"Warn after between {low} and {high} days without a backup.")
        folder = settings.folder
        if folder is not None:
            folder = folder.expanduser()
            if not folder.is_absolute() or len(str(folder)) > _MAX_PATH:
                raise InvalidInput(
                    f"The backup folder {folder} is not a full path. Choose the folder again."
                )
        if settings.automatic and folder is None:
            raise InvalidInput(
                "Choose the folder automatic backups go to (a USB stick, for example), "
                "or turn automatic backup off."
            )
        with self._uow() as uow:
            uow.settings.set_many(
                {
                    _AUTOMATIC: "1" if settings.automatic else "0",
                    _FOLDER: str(folder) if folder is not None else None,
                    _KEEP: str(settings.keep),
                    _WARN: str(settings.warn_after_days),
                }
            )
        log.info("backup settings saved (automatic %s)", "on" if settings.automatic else "off")
        return self.status()

    # -- status -------------------------------------------------------------------------
    def status(self) -> BackupStatus:
        with self._uow() as uow:
            values = uow.settings.with_prefix(_PREFIX)
        folder = values.get(_FOLDER)
        settings = BackupSettings(
            automatic=values.get(_AUTOMATIC) == "1" and bool(folder),
            folder=Path(folder) if folder else None,
            keep=_int(values.get(_KEEP), KEEP_DEFAULT, KEEP_RANGE),
            warn_after_days=_int(values.get(_WARN), WARN_DEFAULT, WARN_RANGE),
        )
        return BackupStatus(settings, self._last(values), self._clock.now())

    @staticmethod
    def _last(values: dict[str, str]) -> LastBackup | None:
        at, path, size = values.get(_LAST_AT), values.get(_LAST_PATH), values.get(_LAST_BYTES)
        if not at or not path:
            return None
        try:
            return LastBackup(dt.datetime.fromisoformat(at), Path(path), int(size or 0))
        except ValueError:
            return None

    # -- writing ------------------------------------------------------------------------
    def back_up_to(self, path: Path) -> BackupDone:
        """Write one encrypted backup to ``path``, verify it, and record it as the last good
        one.  ``BackupFailed`` (nothing left behind) if it cannot be written or verified."""
        path = Path(path).expanduser().absolute()
        if not path.suffix:
            path = path.with_name(path.name + BACKUP_SUFFIX)
            if path.exists():
                raise InvalidInput(f"{path} already exists. Choose another name.")
        before = _identity(path)
        try:
            report = self._writer(path)
        except OSError as exc:
            if _identity(path) not in (None, before):  # a file of ours, not verified: gone
                with contextlib.suppress(OSError):
                    path.unlink()
            raise BackupFailed(
                f"The backup could not be written to {path.parent} "
                f"({exc.strerror or type(exc).__name__}). No backup file was left behind. "
                "Check that the drive is plugged in, has room and can be written to, "
                "then try again."
            ) from None
        at = self._clock.now().replace(microsecond=0)
        with self._uow() as uow:
            uow.settings.set_many(
                {
                    _LAST_AT: at.isoformat(),
                    _LAST_PATH: str(report.path),
                    _LAST_BYTES: str(report.bytes),
                }
            )
        return BackupDone(
            path=report.path,
            bytes=report.bytes,
            rows=sum(report.tables.values()),
            seconds=report.seconds,
            status=self.status(),
        )

    def automatic(self) -> BackupDone:
        """A new backup in the chosen folder, then the older ones pruned to the newest N."""
        settings = self.settings()
        folder = settings.folder
        if folder is None:
            raise InvalidInput(
                "No folder has been chosen for automatic backups. Choose one in Settings."
            )
        self._check_folder(folder)
        done = self.back_up_to(self._new_name(folder))
        removed = self._prune(folder, settings.keep, done.path)
        log.info("automatic backup written; %d older one(s) removed", len(removed))
        return BackupDone(done.path, done.bytes, done.rows, done.seconds, done.status, removed)

    def on_close(self) -> BackupDone | None:
        """The automatic backup when the app closes; None when automatic backup is off."""
        if not self.settings().automatic:
            return None
        return self.automatic()

    @staticmethod
    def _check_folder(folder: Path) -> None:
        if not folder.exists():
            raise BackupFailed(
                f"The backup folder {folder} is not there. If it is on a USB stick or "
                "another drive, plug it in and try again — or choose another folder in "
                "Settings."
            )
        if not folder.is_dir():
            raise BackupFailed(
                f"{folder} is a file, not a folder. Choose the backup folder again in Settings."
            )
        if not os.access(folder, os.W_OK | os.X_OK):
            raise BackupFailed(
                f"The backup folder {folder} cannot be written to (it may be read-only). "
                "Choose another folder in Settings."
            )

    def _new_name(self, folder: Path) -> Path:
        """A name after every one of ours from the same minute (even pruned ones' places:
        reusing a freed ``-1830`` would sort the new file as the oldest)."""
        stamp = self._clock.now().strftime("%Y-%m-%d-%H%M")
        counts = [
            int(match.group(2) or 1)
            for entry in folder.iterdir()
            if (match := _OURS.match(entry.name)) and match.group(1) == stamp
        ]
        count = max(counts, default=0) + 1
        path = folder / _NAME.format(stamp=stamp, count=f"-{count}" if count > 1 else "")
        while path.exists() or path.is_symlink():  # a folder or other file by that name
            count += 1
            path = folder / _NAME.format(stamp=stamp, count=f"-{count}")
        return path

    @staticmethod
    def _prune(folder: Path, keep: int, newest: Path) -> tuple[Path, ...]:
        """Remove all but the newest ``keep`` files named like our automatic backups."""
        ours: list[tuple[tuple[str, int], Path]] = []
        for entry in folder.iterdir():
            match = _OURS.match(entry.name)
            if match and entry.is_file() and not entry.is_symlink():
                ours.append(((match.group(1), int(match.group(2) or 1)), entry))
        ours.sort(reverse=True)
        removed: list[Path] = []
        for _key, path in ours[keep:]:
            if path == newest:
                continue
            try:
                path.unlink()
            except OSError:
                log.warning("an older automatic backup could not be removed")
                continue
            removed.append(path)
        return tuple(removed)
