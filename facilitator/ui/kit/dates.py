"""How a date is written on screen: one module, a few named variants.

A facilitator sees four kinds of date, and each has one function here:

- :func:`date_text`, a record's date ("24 Nov 2026"): when someone joined, a consent
  was recorded, a note was written.  A missing date is a dash.
- :func:`weekday_date_text`, a day a group meets or met ("Tue 24 Nov 2026"): sessions,
  the next dates of a schedule, a cell of the attendance grid, a backup.
- :func:`short_date_text`, a day near today ("Fri 27 Nov"): a follow-up's due or done
  day, the session a note or follow-up belongs to.  The year is added when it is not
  this year's, so "Mon 4 Jan" is never last January by surprise.
- :func:`day_text`, the same with "Today" and "Tomorrow" in words (the Today and
  Follow-ups pages).

:func:`date_time_text` ("24 Nov 2026 14:05", the time as the locale writes it) says
when something was done (a summary published).

:func:`long_date_text` ("Tuesday 24 November 2026") heads a session's page;
:func:`locale_long_date_text` (the user's locale's own long date) heads the Today page.  Editors
that show a date in a ``QDateEdit`` use :func:`date_format` so that a typed date looks
like a shown one.

All formats are Qt date formats in the user's language (translated in the "Dates"
context, so a translator can reorder them).  Nothing else in the UI writes a date for
a person: ``isoformat()`` and ``strftime`` are for file names only
(``tests/ui/kit/test_one_date_style.py`` keeps it so).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTime

NO_DATE = "\N{EN DASH}"  # what :func:`date_text` shows for a missing date


class DateStyle(Enum):
    """The shapes a date takes; see the module's description."""

    PLAIN = "plain"  # 24 Nov 2026
    WEEKDAY = "weekday"  # Tue 24 Nov 2026
    SHORT = "short"  # Tue 24 Nov
    LONG = "long"  # Tuesday 24 November 2026


def _tr(text: str) -> str:
    return QCoreApplication.translate("Dates", text)


def date_format(style: DateStyle) -> str:
    """The Qt date format of ``style`` in the user's language."""
    # Translators: the formats are Qt date formats (d day, ddd short weekday, dddd
    # weekday, MMM short month, MMMM month, yyyy year); reorder them as you write dates.
    formats = {
        DateStyle.PLAIN: _tr("d MMM yyyy"),
        DateStyle.WEEKDAY: _tr("ddd d MMM yyyy"),
        DateStyle.SHORT: _tr("ddd d MMM"),
        DateStyle.LONG: _tr("dddd d MMMM yyyy"),
    }
    return formats[style]


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _written(day: dt.date, style: DateStyle) -> str:
    return QLocale().toString(qdate(day), date_format(style))


def date_text(day: dt.date | None) -> str:
    """A record's date, "24 Nov 2026"; a dash when there is none."""
    return NO_DATE if day is None else _written(day, DateStyle.PLAIN)


def date_time_text(moment: dt.datetime) -> str:
    """When something was done, "24 Nov 2026 14:05" (the time in the locale's short form)."""
    time = QLocale().toString(QTime(moment.hour, moment.minute), QLocale.FormatType.ShortFormat)
    return _tr("%1 %2").replace("%1", date_text(moment.date())).replace("%2", time)


def month_text(day: dt.date) -> str:
    """The month ``day`` is in, "December 2026" (a summary's months)."""
    return QLocale().toString(qdate(day), _tr("MMMM yyyy"))


def weekday_date_text(day: dt.date) -> str:
    """A day a group meets, "Tue 24 Nov 2026"."""
    return _written(day, DateStyle.WEEKDAY)


def long_date_text(day: dt.date) -> str:
    """A session's day in full, "Tuesday 24 November 2026"."""
    return _written(day, DateStyle.LONG)


def locale_long_date_text(day: dt.date) -> str:
    """The locale's own long date (the Today page's title: "Tuesday, 24 November 2026"
    or "Tuesday, November 24, 2026", as the user's locale writes it)."""
    return QLocale().toString(qdate(day), QLocale.FormatType.LongFormat)


def short_date_text(day: dt.date, today: dt.date | None) -> str:
    """A day near ``today``, "Fri 27 Nov"; "Fri 27 Nov 2027" when it is in another year
    than ``today`` (with no ``today``, the year is left out)."""
    if today is not None and day.year != today.year:
        return weekday_date_text(day)
    return _written(day, DateStyle.SHORT)


def day_text(day: dt.date, today: dt.date) -> str:
    """ "Today", "Tomorrow", or else :func:`short_date_text`."""
    if day == today:
        return _tr("Today")
    if day == today + dt.timedelta(days=1):
        return _tr("Tomorrow")
    return short_date_text(day, today)
