"""The words for backups: when the last good one was made, where it is, whether
automatic backups are on, the warning when one is due.  The Reports page, the
backup banner and "Back up now…" all say it the same way."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale, QTime

from facilitator.services.backups import BackupDone, BackupStatus
from facilitator.ui.kit.dates import weekday_date_text
from facilitator.ui.kit.translate import translate


def _tr(text: str, n: int = -1) -> str:
    """Translate; with ``n``, ``%n`` becomes the number ("(s)" resolved for English)."""
    return translate("Backups", text, n)


def size_text(size: int) -> str:
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def when_text(at: dt.datetime, now: dt.datetime) -> str:
    """ "today at 18:30", "yesterday at 09:05", "Tue 17 Nov 2026 at 18:30"."""
    time = QLocale().toString(QTime(at.hour, at.minute), QLocale.FormatType.ShortFormat)
    if at.date() == now.date():
        return _tr("today at %1").replace("%1", time)
    if at.date() == now.date() - dt.timedelta(days=1):
        return _tr("yesterday at %1").replace("%1", time)
    day = weekday_date_text(at.date())
    return _tr("%1 at %2").replace("%1", day).replace("%2", time)


def last_backup_text(status: BackupStatus) -> str:
    """When the last good backup was made: "Last good backup: today at 18:30."."""
    last = status.last
    if last is None:
        return _tr("No backup of this vault has been made yet.")
    days = status.age_days or 0
    when = when_text(last.at, status.now)
    if days < 2:
        return _tr("Last good backup: %1.").replace("%1", when)
    return _tr("Last good backup: %1 (%n days ago).", days).replace("%1", when)


def backup_file_text(status: BackupStatus) -> str:
    """Where the last good backup was written, and its size ("" if there is none)."""
    last = status.last
    if last is None:
        return ""
    return (
        _tr("File: %1 (%2, verified).")
        .replace("%1", str(last.path))
        .replace("%2", size_text(last.bytes))
    )


def automatic_text(status: BackupStatus) -> str:
    settings = status.settings
    if not settings.automatic or settings.folder is None:
        return _tr("Automatic backup when Facilitator closes: off (turn it on in Settings).")
    return _tr(
        "Automatic backup when Facilitator closes: on, into %1, keeping the last %n.", settings.keep
    ).replace("%1", str(settings.folder))


def warning_text(status: BackupStatus) -> str:
    """The banner's words when a backup is due; "" when none is."""
    if not status.is_old:
        return ""
    if status.last is None:
        return _tr("This vault has never been backed up.")
    days = status.age_days or 0
    return _tr("No backup for %n day(s).", days)


def done_text(done: BackupDone) -> str:
    return (
        _tr(
            "The backup was written to %1 (%2). It was read back and checked: %3 records, "
            "all there. It opens with your passphrase alone, on any computer."
        )
        .replace("%1", str(done.path))
        .replace("%2", size_text(done.bytes))
        .replace("%3", QLocale().toString(done.rows))
    )


# -- progress ---------------------------------------------------------------------------
