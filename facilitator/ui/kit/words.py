"""Words for records' values that several pages show the same way: a session's time,
how overdue a follow-up is, a priority (dates are written by :mod:`.dates`).

They translate in the "Today" context, where they were first written.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale, QTime

from facilitator.domain import FollowUpRecord, SessionRecord
from facilitator.domain.enums import Priority
from facilitator.ui.kit.translate import translate


def _tr(text: str, n: int = -1) -> str:
    """Translate; with ``n``, ``%n`` becomes the number.  The English source marks its
    plural with "(s)": without a translation it is resolved here, for English."""
    return translate("Today", text, n)


def _time(value: dt.time) -> str:
    return QLocale().toString(QTime(value.hour, value.minute), QLocale.FormatType.ShortFormat)


def time_text(session: SessionRecord) -> str:
    if session.start_time is None:
        return _tr("Time not set")
    if session.end_time is None:
        return _time(session.start_time)
    return f"{_time(session.start_time)}\N{EN DASH}{_time(session.end_time)}"


def overdue_text(follow_up: FollowUpRecord, today: dt.date) -> str:
    assert follow_up.due_on is not None
    days = (today - follow_up.due_on).days
    return _tr("%n day(s) overdue", days)


def priority_text(priority: Priority) -> str:
    return {
        Priority.LOW: _tr("Low"),
        Priority.NORMAL: _tr("Normal"),
        Priority.HIGH: _tr("High"),
    }[priority]
