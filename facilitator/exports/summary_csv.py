"""The anonymised summary as tidy CSV for a funder's spreadsheet.

One row per (group, month, measure, value), after a header row:

    group,month,measure,value
    All groups,2026-05,attendances,231
    All groups,2026-05,anonymous_guests,<11
    Tuesday Evening Recovery Circle,whole period,average_attendance,8.4
    Tuesday Evening Recovery Circle,whole period,different_people,14

``group`` is "All groups", a group's name, or "Not tied to a session" (follow-ups
with no session, included in the all-groups figures); ``month`` is "2026-05" or
"whole period"; ``measure`` is a :class:`~facilitator.domain.summary.Measure` value;
``value`` is a number, "<11" (hidden: a count from 1 to 10, or a value hidden so that
no small count can be worked out; one mark for both, so the mark says nothing about
the value), or empty (an average with no session held).  The people measures are a
partition: ``different_people`` = ``came_once`` + ``came_2_to_3`` + ``came_4_plus``; they
and ``newcomers`` have rows for the whole period only (a month's counts of people are
not published: see ``Measure.monthly``).  With
topics asked for, rows ``(group, "whole period", "topic", redacted topic)`` follow.
Every cell goes through :func:`~facilitator.exports.csv_safe.safe_cell`.
"""

from __future__ import annotations

import csv
import io

from facilitator.domain.summary import (
    FOLLOW_UP_MEASURES,
    NOT_APPLICABLE,
    UNATTACHED,
    Measure,
    SummaryReport,
)
from facilitator.exports.csv_safe import BOM, csv_bytes

HEADER = ("group", "month", "measure", "value")
ALL_GROUPS = "All groups"
UNATTACHED_LABEL = "Not tied to a session"
WHOLE_PERIOD = "whole period"
TOPIC = "topic"


def summary_rows(report: SummaryReport) -> list[list[object]]:
    """The CSV's rows, header first (before :func:`safe_cell`)."""
    rows: list[list[object]] = [list(HEADER)]
    for group in report.groups:
        label = ALL_GROUPS if group.id is None else group.name
        for month in report.rows:
            for measure in Measure:
                if month is not None and not measure.monthly:
                    continue
                rows.append(
                    [
                        label,
                        month or WHOLE_PERIOD,
                        measure.value,
                        _value(report, group.id, month, measure),
                    ]
                )
    if not report.single_group and (UNATTACHED, None, FOLLOW_UP_MEASURES[0]) in report.cells:
        for month in report.rows:
            for measure in FOLLOW_UP_MEASURES:
                value = _value(report, UNATTACHED, month, measure)
                rows.append([UNATTACHED_LABEL, month or WHOLE_PERIOD, measure.value, value])
    for group in report.groups:
        if group.id is None:
            continue
        for topic in report.topics.get(group.id, ()):
            rows.append([group.name, WHOLE_PERIOD, TOPIC, topic])
    return rows


def _value(report: SummaryReport, group: int | None, month: str | None, measure: Measure) -> object:
    cell = report.cell(group, month, measure)
    if cell.value is not None:
        return cell.value
    return "" if cell.text == NOT_APPLICABLE else cell.text


def render_summary_csv(report: SummaryReport) -> bytes:
    """The summary as CSV bytes (UTF-8 with a BOM, CRLF, safe cells)."""
    return csv_bytes(summary_rows(report))


def csv_texts(data: bytes) -> tuple[str, ...]:
    """Every cell of a CSV as a spreadsheet would read it: what the leak guard reads."""
    text = data.decode("utf-8")
    text = text.removeprefix(BOM)
    return tuple(cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row)


def csv_wording(report: SummaryReport) -> tuple[str, ...]:
    """The CSV's own words (not data): allowed by the leak guard."""
    words = [*HEADER, ALL_GROUPS, UNATTACHED_LABEL, WHOLE_PERIOD, TOPIC]
    words += [measure.value for measure in Measure]
    return tuple(words)


__all__ = [
    "ALL_GROUPS",
    "HEADER",
    "UNATTACHED_LABEL",
    "WHOLE_PERIOD",
    "csv_texts",
    "csv_wording",
    "render_summary_csv",
    "summary_rows",
]
