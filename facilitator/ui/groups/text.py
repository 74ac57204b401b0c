"""Words for the Groups page: schedules, times and statuses, all translatable (dates are
written by :mod:`facilitator.ui.kit.dates`).

A schedule is stored as an RFC 5545 rule (:mod:`facilitator.services.schedule`
builds and checks it).  The group editor offers the shapes a facilitator uses —
weekly on some weekdays, every few weeks, monthly on the nth weekday — and
:func:`parse_rule` reads a stored rule back into one of them
(:class:`ScheduleChoice`); anything else (a rule written on the command line)
is kept as it is ("custom").  :func:`schedule_words` says a rule in words,
like :func:`~facilitator.services.schedule.describe_rule` but through Qt's
translations.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QLocale, QTime

from facilitator.domain import GroupRecord, MemberStatus
from facilitator.errors import InvalidInput
from facilitator.services.schedule import describe_rule, monthly_rule, validate_rule, weekly_rule
from facilitator.ui.kit.translate import translate

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ORDINALS = (1, 2, 3, 4, -1)


def tr(text: str, n: int = -1) -> str:
    """Translate in the "Groups" context; with ``n``, ``%n`` becomes the number.  The
    English source marks its plural with "(s)", resolved here without a translation."""
    return translate("Groups", text, n)


def day_names() -> tuple[str, ...]:
    return (
        tr("Monday"),
        tr("Tuesday"),
        tr("Wednesday"),
        tr("Thursday"),
        tr("Friday"),
        tr("Saturday"),
        tr("Sunday"),
    )


def short_day_names() -> tuple[str, ...]:
    # Translators: weekday abbreviations for the weekday check boxes.
    return (tr("Mon"), tr("Tue"), tr("Wed"), tr("Thu"), tr("Fri"), tr("Sat"), tr("Sun"))


def ordinal_names() -> dict[int, str]:
    return {1: tr("first"), 2: tr("second"), 3: tr("third"), 4: tr("fourth"), -1: tr("last")}


# -- schedules ----------------------------------------------------------------------
class Repeat(Enum):
    NONE = "none"
    WEEKLY = "weekly"
    EVERY_N_WEEKS = "every_n_weeks"
    MONTHLY = "monthly"
    CUSTOM = "custom"  # a rule the editor cannot show: kept as it is


@dataclass(frozen=True, slots=True)
class ScheduleChoice:
    repeat: Repeat = Repeat.NONE
    weekdays: tuple[int, ...] = ()  # 0 = Monday (weekly; monthly uses the first)
    interval: int = 1  # weeks between meetings
    ordinal: int = 1  # monthly: 1..4, or -1 for the last
    rule: str = ""  # custom: the rule itself


def parse_rule(rule: str) -> ScheduleChoice:
    """The editor's view of a stored rule."""
    if not rule:
        return ScheduleChoice()
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    extra = set(parts) - {"FREQ", "INTERVAL", "BYDAY"}
    interval = parts.get("INTERVAL", "1")
    if extra or not days or not interval.isdigit():
        return ScheduleChoice(Repeat.CUSTOM, rule=rule)
    if parts.get("FREQ") == "WEEKLY" and all(d in WEEKDAY_CODES for d in days):
        weekdays = tuple(sorted({WEEKDAY_CODES.index(d) for d in days}))
        repeat = Repeat.WEEKLY if int(interval) == 1 else Repeat.EVERY_N_WEEKS
        return ScheduleChoice(repeat, weekdays, int(interval))
    if parts.get("FREQ") == "MONTHLY" and len(days) == 1 and int(interval) == 1:
        day, number = days[0][-2:], days[0][:-2].lstrip("+")
        if day in WEEKDAY_CODES and number.lstrip("-").isdigit() and int(number) in ORDINALS:
            return ScheduleChoice(Repeat.MONTHLY, (WEEKDAY_CODES.index(day),), ordinal=int(number))
    return ScheduleChoice(Repeat.CUSTOM, rule=rule)


def build_rule(choice: ScheduleChoice) -> str:
    """The rule for a choice, or "" for none; InvalidInput (translated) when incomplete."""
    if choice.repeat is Repeat.NONE:
        return ""
    if choice.repeat is Repeat.CUSTOM:
        return validate_rule(choice.rule)
    if not choice.weekdays:
        raise InvalidInput(tr("Choose the weekday the group meets on."))
    if choice.repeat is Repeat.MONTHLY:
        return monthly_rule(choice.weekdays[0], choice.ordinal)
    interval = 1 if choice.repeat is Repeat.WEEKLY else max(choice.interval, 2)
    first, *more = sorted(set(choice.weekdays))
    rule = weekly_rule(first, interval=interval) + "".join(f",{WEEKDAY_CODES[d]}" for d in more)
    return validate_rule(rule)


def _and_list(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    # Translators: the last two of a list of weekdays, e.g. "Monday and Thursday".
    return tr("%1 and %2").replace("%1", ", ".join(names[:-1])).replace("%2", names[-1])


def schedule_words(rule: str) -> str:
    """A rule in words, e.g. "Every other Thursday" or "Monthly on the first Monday"."""
    choice = parse_rule(rule)
    days = day_names()
    if choice.repeat is Repeat.NONE:
        return tr("No regular schedule")
    if choice.repeat in (Repeat.WEEKLY, Repeat.EVERY_N_WEEKS):
        names = _and_list([days[d] for d in choice.weekdays])
        if choice.interval == 1:
            return tr("Every %1").replace("%1", names)
        if choice.interval == 2:
            return tr("Every other %1").replace("%1", names)
        return tr("Every %n weeks on %1", choice.interval).replace("%1", names)
    if choice.repeat is Repeat.MONTHLY:
        text = tr("Monthly on the %1 %2")
        ordinal = ordinal_names()[choice.ordinal]
        return text.replace("%1", ordinal).replace("%2", days[choice.weekdays[0]])
    freq = dict(p.split("=", 1) for p in rule.split(";") if "=" in p).get("FREQ", "")
    plain = {
        "DAILY": tr("Daily"),
        "WEEKLY": tr("Weekly"),
        "MONTHLY": tr("Monthly"),
        "YEARLY": tr("Yearly"),
    }
    # Anything rarer is said by the service, in English.
    return plain.get(freq) or describe_rule(rule)


def group_schedule_text(group: GroupRecord) -> str:
    """The schedule and the time, e.g. "Every Tuesday, 19:00 to 20:30"."""
    words = schedule_words(group.schedule_rule)
    times = time_range_text(group.start_time, group.end_time)
    return f"{words}, {times}" if times else words


# -- times --------------------------------------------------------------------------
def time_text(value: dt.time | None) -> str:
    if value is None:
        return ""
    return QLocale().toString(QTime(value.hour, value.minute), QLocale.FormatType.ShortFormat)


def time_range_text(start: dt.time | None, end: dt.time | None) -> str:
    if start is None:
        return ""
    if end is None:
        return time_text(start)
    return f"{time_text(start)}\N{EN DASH}{time_text(end)}"


_TIME = re.compile(r"^(\d{1,2})(?:[:.h]?(\d{2}))?\s*([ap])?\.?\s*m?\.?$")


def parse_time(text: str) -> dt.time | None:
    """A typed time ("19:30", "1930", "7.30pm", "7 PM" or the locale's short
    format); None when empty; ValueError when it cannot be read."""
    typed = text.strip()
    if not typed:
        return None
    local = QLocale().toTime(typed, QLocale.FormatType.ShortFormat)
    if local.isValid():
        return dt.time(local.hour(), local.minute())
    found = _TIME.match(typed.casefold().replace(" ", ""))
    if found is None:
        raise ValueError(typed)
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    half = found.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(typed)
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(typed)
    return dt.time(hour, minute)


def status_text(status: MemberStatus) -> str:
    # A member "archived" from a roster has the status LEFT.
    return {
        MemberStatus.ACTIVE: tr("Active"),
        MemberStatus.INACTIVE: tr("Inactive"),
        MemberStatus.LEFT: tr("Left (archived)"),
    }[status]
