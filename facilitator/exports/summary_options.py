"""What a person chose for an anonymised summary, as one value (beside the sign-in
sheet's :class:`~facilitator.exports.sheets.SheetOptions`).

The same choices travel from the command line and the Reports page through the summary
service to the report: one frozen object instead of the same seven to nine keyword
arguments repeated at every step.  Invalid choices raise InvalidInput when the object
is made, before anything is read.  The defaults are
:mod:`facilitator.defaults`'s, which the parser and the dialogs read too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from facilitator.defaults import DEFAULT_GROUP_LABELS, DEFAULT_K, DEFAULT_PERIOD, MAX_K, MIN_K
from facilitator.errors import InvalidInput


class SummaryFormat(StrEnum):
    PDF = "pdf"
    CSV = "csv"


class GroupLabels(StrEnum):
    """How groups are named in a summary: by their names, or as "Group 1", "Group 2", …
    (in the order of their names) when a name would say too much."""

    NAMES = "names"
    NUMBERS = "numbers"


def group_labels(value: str | GroupLabels) -> GroupLabels:
    """The labelling asked for ("names" or "numbers", any case)."""
    try:
        return GroupLabels(str(value).strip().lower())
    except ValueError:
        raise InvalidInput(
            "Unknown choice of group labels. Choose one of: names, numbers."
        ) from None


def summary_format(value: str | SummaryFormat | None, path: Path | None = None) -> SummaryFormat:
    """The format asked for ("pdf"/"csv", any case), else the one ``path``'s ending names."""
    word = str(value).strip().lower() if value else ""
    if not word and path is not None:
        word = path.suffix.lower().lstrip(".")
    try:
        return SummaryFormat(word)
    except ValueError:
        raise InvalidInput(
            "A summary is written as PDF or CSV: choose one, or end the file name in .pdf or .csv."
        ) from None


_DEFAULT_LABELS = GroupLabels(DEFAULT_GROUP_LABELS)


def check_k(k: int) -> None:
    """InvalidInput unless ``k`` is a whole number from MIN_K to MAX_K."""
    if isinstance(k, bool) or not isinstance(k, int) or not MIN_K <= k <= MAX_K:
        raise InvalidInput(
            f"The smallest count to show must be a whole number from {MIN_K} to {MAX_K} "
            f"(usually {DEFAULT_K}: counts from 1 to {DEFAULT_K - 1} are hidden)."
        )


@dataclass(frozen=True, slots=True)
class SummaryOptions:
    """One summary's choices.

    ``group_id``: one group, or None for all.  ``start``/``end``: the period (both
    included; the service widens it to whole months; with neither, an export covers
    :func:`default_export_period` and a preview :func:`default_period`).  ``k``: counts
    from 1 to k-1 are hidden.  ``include_topics``: list
    the sessions' topics, redacted.  ``labels``: groups by name or by number.
    ``leave_out_sessions``: sessions whose topic is not listed (a refused topic, left
    out).  ``format`` (exports only): PDF or CSV, None for the file name's ending.
    ``paper`` (PDF only): "a4" or "letter", None for the locale's.
    """

    group_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    k: int = DEFAULT_K
    include_topics: bool = False
    labels: GroupLabels = _DEFAULT_LABELS
    leave_out_sessions: frozenset[int] = frozenset()
    format: SummaryFormat | None = None
    paper: str | None = None

    def __post_init__(self) -> None:
        check_k(self.k)
        object.__setattr__(self, "labels", group_labels(self.labels))
        object.__setattr__(self, "leave_out_sessions", frozenset(self.leave_out_sessions))
        if self.format:
            object.__setattr__(self, "format", summary_format(self.format))
        else:
            object.__setattr__(self, "format", None)

    @property
    def by_number(self) -> bool:
        return self.labels is GroupLabels.NUMBERS


class Preset(StrEnum):
    """The periods the Reports page offers by name.  "this month", "this quarter" and
    "year to date" hold the month still going on (a preview only, until it ends);
    "last month", "last quarter" and "last 12 months" are whole months that have ended,
    which can be published."""

    THIS_MONTH = "this-month"
    LAST_MONTH = "last-month"
    THIS_QUARTER = "this-quarter"
    LAST_QUARTER = "last-quarter"
    YEAR_TO_DATE = "year-to-date"
    LAST_12_MONTHS = "last-12-months"


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    first_of_next = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first_of_next - dt.timedelta(days=1)


def _months_before(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` before ``day``'s."""
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def preset_period(preset: Preset | str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of ``preset`` on ``today``, as whole months (what a
    summary counts, so that the dates shown are the dates counted)."""
    chosen = Preset(preset)
    this_month = today.replace(day=1)
    quarter = _months_before(this_month, (today.month - 1) % 3)
    if chosen is Preset.THIS_MONTH:
        return this_month, month_end(today)
    if chosen is Preset.LAST_MONTH:
        last = _months_before(this_month, 1)
        return last, month_end(last)
    if chosen is Preset.THIS_QUARTER:
        return quarter, month_end(today)
    if chosen is Preset.LAST_QUARTER:
        return _months_before(quarter, 3), quarter - dt.timedelta(days=1)
    if chosen is Preset.YEAR_TO_DATE:
        return today.replace(month=1, day=1), month_end(today)
    return _months_before(this_month, 12), this_month - dt.timedelta(days=1)


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The period shown when none is chosen (:data:`facilitator.defaults.DEFAULT_PERIOD`),
    this month included."""
    return preset_period(DEFAULT_PERIOD, today)


def last_ended_day(today: dt.date) -> dt.date:
    """The last day a published summary can cover: the end of last month."""
    return today.replace(day=1) - dt.timedelta(days=1)


def default_export_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The period an export covers when none is chosen: the default period's months
    that have ended; when none has (January, for the year to date), the year before."""
    start, _end = default_period(today)
    end = last_ended_day(today)
    if end < start:
        return end.replace(month=1, day=1), end
    return start, end


__all__ = [
    "GroupLabels",
    "Preset",
    "SummaryFormat",
    "SummaryOptions",
    "check_k",
    "default_export_period",
    "default_period",
    "group_labels",
    "last_ended_day",
    "month_end",
    "preset_period",
    "summary_format",
]
