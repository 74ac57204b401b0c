"""Anonymised summaries: the numbers a funder asks for, with nobody identifiable in them.

:meth:`SummaryService.build` reads exact counts per group and month
(:mod:`facilitator.storage.repositories.summary`) and keeps only what may be
published:

- every count from 1 to K-1 is hidden ("<11" with the default K of 11), zero is shown;
- counts that add up (sessions, attendances, newcomers, guests, follow-ups) form one
  table per measure, groups by months with their totals, and
  :func:`~facilitator.exports.suppress.suppress_table` hides more cells ("*") so that
  no hidden count can be worked out from the totals;
- counts of different people (unique, returning) are not sums of one another (someone
  who came in May and June is one person), so no equation links them and each is
  hidden on its own when small;
- an average is shown only where both of its counts are shown: from an average and
  one of its counts the other could be worked out;
- session topics only when asked for, redacted by a redactor built from the whole
  roster; notes never.

:meth:`SummaryService.export` renders the report as PDF or CSV, runs the leak guard on
the exact text of the file (every string the PDF draws, the CSV as written) against
every member's names, contact details and emergency contacts, and writes the file
atomically, readable by its owner only — or, if anything identifying is found, raises
:class:`~facilitator.errors.LeakFound` and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from facilitator.domain.summary import (
    FOLLOW_UP_MEASURES,
    NOT_APPLICABLE,
    PROTECTED,
    UNATTACHED,
    GroupKey,
    Measure,
    MonthKey,
    SummaryCell,
    SummaryCounts,
    SummaryGroup,
    SummaryReport,
    months_between,
)
from facilitator.errors import InvalidInput, LeakFound
from facilitator.exports.leak_guard import Identifiers, check_no_leaks, find_leak, refusal
from facilitator.exports.pdf_common import page_size_for, page_size_named
from facilitator.exports.redact import REDACTED, Redactor
from facilitator.exports.summary_csv import csv_texts, csv_wording, render_summary_csv
from facilitator.exports.summary_pdf import pdf_wording, render_summary_pdf
from facilitator.exports.suppress import TOTAL, SuppressedTable, suppress_table
from facilitator.services._common import SYSTEM_CLOCK, Clock
from facilitator.services.sheets import paper_locale
from facilitator.storage.files import atomic_write_bytes
from facilitator.storage.repositories import UnitOfWorkFactory
from facilitator.storage.repositories.summary import SessionTopic

log = logging.getLogger(__name__)

DEFAULT_K = 11  # the CMS rule: counts from 1 to 10 are not published
MIN_K, MAX_K = 2, 100
MAX_MONTHS = 120


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


@dataclass(frozen=True, slots=True)
class SummaryWritten:
    """What was written, for the confirmation a person sees (no names in it)."""

    path: Path
    format: SummaryFormat
    pages: int  # 0 for a CSV
    hidden_cells: int  # counts printed as "<K" or "*"
    count_cells: int


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


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last twelve whole months before this one."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    start = end.replace(day=1)
    for _ in range(11):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return start, end


def region_of(locale_name: str | None) -> str:
    """The country a locale names ("en_US" -> "US"), for reading phone numbers; else GB."""
    if locale_name:
        parts = locale_name.split(".", 1)[0].replace("-", "_").split("_")
        if len(parts) > 1 and len(parts[1]) == 2 and parts[1].isalpha():
            return parts[1].upper()
    return "GB"


class SummaryService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock = SYSTEM_CLOCK) -> None:
        self._uow = uow
        self._clock = clock

    def default_period(self) -> tuple[dt.date, dt.date]:
        """The last twelve whole months before today's."""
        return default_period(self._clock.today())

    # -- the report ------------------------------------------------------------------
    def build(
        self,
        group_id: int | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        k: int = DEFAULT_K,
        include_topics: bool = False,
        *,
        labels: str | GroupLabels = GroupLabels.NAMES,
        leave_out_sessions: frozenset[int] = frozenset(),
    ) -> SummaryReport:
        """The anonymised summary of one group (``group_id``) or of all, from ``start`` to
        ``end`` (both included; default the last twelve whole months), with every count
        from 1 to ``k``-1 hidden.  Nothing in it identifies anyone.  The topics of the
        sessions in ``leave_out_sessions`` are not listed (a refused topic, left out)."""
        return self._build(
            group_id,
            start,
            end,
            k=k,
            include_topics=include_topics,
            labels=labels,
            leave_out=leave_out_sessions,
        )[0]

    def _build(
        self,
        group_id: int | None,
        start: dt.date | None,
        end: dt.date | None,
        *,
        k: int,
        include_topics: bool,
        labels: str | GroupLabels,
        leave_out: frozenset[int] = frozenset(),
    ) -> tuple[SummaryReport, Identifiers, TopicSources]:
        start, end = self._period(start, end)
        _check_k(k)
        by_number = group_labels(labels) is GroupLabels.NUMBERS
        today = self._clock.today()
        region = region_of(paper_locale())
        with self._uow() as uow:
            if group_id is not None:
                uow.groups.get(group_id)  # NotFound for a group that does not exist
            counts = uow.summary.counts(start, end, today=today, group_id=group_id)
            rows = uow.summary.topics(start, end, today=today, group_id=group_id)
            identifiers = Identifiers.from_members(uow.summary.identifying(), region=region)
        months = months_between(start, end)
        topics: dict[int, tuple[str, ...]] = {}
        sources: TopicSources = {}
        if include_topics:
            topics, sources = _topics(rows, counts.group_names, identifiers.redactor(), leave_out)
        single = group_id is not None
        names = counts.group_names
        if by_number:
            names = {gid: f"Group {n}" for n, gid in enumerate(names, start=1)}
        groups = [SummaryGroup(gid, name) for gid, name in names.items()]
        if not single:
            groups.insert(0, SummaryGroup(None, ""))
        report = SummaryReport(
            start=start,
            end=end,
            k=k,
            months=months,
            groups=tuple(groups),
            cells=publish(counts, tuple(names), months, k, single=single),
            generated_on=today,
            include_topics=include_topics,
            topics=topics,
            single_group=single,
        )
        log.info(
            "summary built: %d groups, %d months, %d of %d counts hidden",
            len(names),
            len(months),
            report.suppressed_count,
            report.count_cells,
        )
        return report, identifiers, sources

    def _period(self, start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
        default_start, default_end = self.default_period()
        if start is None and end is not None:
            start = end.replace(day=1)
        start = start or default_start
        if end is None:  # the last whole month, or up to today for a period begun since
            end = default_end if start <= default_end else self._clock.today()
        if end < start:
            raise InvalidInput(
                f"The period ends ({end.isoformat()}) before it starts ({start.isoformat()})."
            )
        if len(months_between(start, end)) > MAX_MONTHS:
            raise InvalidInput(
                f"A summary covers {MAX_MONTHS // 12} years at most; choose a shorter period."
            )
        return start, end

    # -- writing ---------------------------------------------------------------------
    def render(
        self,
        report: SummaryReport,
        fmt: str | SummaryFormat,
        *,
        paper: str | None = None,
    ) -> RenderedSummary:
        """The file's bytes, every string it shows, and the export's own wording."""
        chosen = summary_format(fmt)
        if chosen is SummaryFormat.CSV:
            data = render_summary_csv(report)
            return RenderedSummary(data, csv_texts(data), csv_wording(report), 0)
        size = page_size_named(paper) if paper else page_size_for(paper_locale())
        rendered = render_summary_pdf(report, page_size=size)
        wording = pdf_wording(report, rendered.pages)
        return RenderedSummary(rendered.data, rendered.texts, wording, rendered.pages)

    def export(
        self,
        path: Path,
        fmt: str | SummaryFormat | None = None,
        *,
        group_id: int | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        k: int = DEFAULT_K,
        include_topics: bool = False,
        paper: str | None = None,
        labels: str | GroupLabels = GroupLabels.NAMES,
        leave_out_sessions: frozenset[int] = frozenset(),
    ) -> SummaryWritten:
        """Build, render, check and write the summary to ``path`` (PDF or CSV: ``fmt``,
        else the file name's ending).  Raises LeakFound, writing nothing, if the file's
        text holds any member's name, phone number, e-mail or emergency contact; it
        says where (a group by its number, a topic by its session's date and id, or the
        rest), so that a topic can be left out (``leave_out_sessions``) and the export
        tried again."""
        target = Path(path)
        chosen = summary_format(fmt, target)
        if target.is_dir():
            raise InvalidInput(f"{target} is a folder; give a file name for the summary.")
        if not target.parent.is_dir():
            raise InvalidInput(f"The folder {target.parent} does not exist.")
        report, identifiers, sources = self._build(
            group_id,
            start,
            end,
            k=k,
            include_topics=include_topics,
            labels=labels,
            leave_out=leave_out_sessions,
        )
        check_group_names(report, identifiers)
        check_topics(report, identifiers, sources)
        rendered = self.render(report, chosen, paper=paper)
        rendered.check(identifiers)
        try:
            atomic_write_bytes(target, rendered.data, 0o600)
        except OSError as exc:
            raise InvalidInput(f"{target} could not be written: {exc.strerror}.") from None
        log.info("summary written as %s: %d pages", chosen.value, rendered.pages)
        return SummaryWritten(
            target, chosen, rendered.pages, report.suppressed_count, report.count_cells
        )


@dataclass(frozen=True, slots=True)
class RenderedSummary:
    """A rendered summary: its bytes, every string it shows (the PDF's drawn strings,
    the CSV's cells), and the export's own wording, which the leak guard allows."""

    data: bytes
    texts: tuple[str, ...]
    wording: tuple[str, ...]
    pages: int  # 0 for a CSV

    def check(self, identifiers: Identifiers) -> None:
        """The leak guard: LeakFound if any member's name, phone number, e-mail or
        emergency contact is in the text.  Only the export's own wording is allowed
        (a member called "Will" does not make a heading a leak; a group or a topic
        naming them is one)."""
        # Each distinct string once: a CSV repeats its months, measures and small numbers
        # thousands of times (the large demo's: 14,000 rows, some 1,500 distinct cells).
        check_no_leaks(
            "\n".join(dict.fromkeys(self.texts)),
            identifiers,
            allowed=self.wording,
            where=OTHER_TEXT,
        )


OTHER_TEXT = "the summary's other text"
TopicSources = dict[tuple[int, str], list[tuple[int, dt.date]]]
"""(group id, topic as printed) -> the sessions it came from: (id, date)."""


def _group_numbers(report: SummaryReport) -> dict[int, int]:
    """Each group's number in the report (1, 2, ...: the order "Group 1", "Group 2" use)."""
    ids = [group.id for group in report.groups if group.id is not None]
    return {gid: n for n, gid in enumerate(ids, start=1)}


def check_group_names(report: SummaryReport, identifiers: Identifiers) -> None:
    """LeakFound, with what to do about it, when a group's name holds a member's name
    (a group named after a place called "Ashton" when a member is called Ashton).  Each
    label is checked on its own; the message gives the group's number, never its name
    or the member's."""
    numbers = _group_numbers(report)
    for group in report.groups:
        if group.id is None or not group.name:
            continue
        kind = find_leak(group.name, identifiers)
        if kind is not None:
            where = f"the name of group {numbers[group.id]}"
            raise LeakFound(
                f"The export was refused and no file was written: {where} contains "
                f"{kind} from the roster. Label the groups by number instead of by name (or "
                "rename the group), then export again.",
                kind=kind,
                where=where,
            )


def check_topics(report: SummaryReport, identifiers: Identifiers, sources: TopicSources) -> None:
    """LeakFound for the first topic (as printed, after redaction) that still holds an
    identifier: it says the session's date and the group's number, and carries the
    session's id so that the topic can be left out."""
    numbers = _group_numbers(report)
    for gid, topics in report.topics.items():
        for topic in topics:
            kind = find_leak(topic, identifiers)
            if kind is None:
                continue
            session_id, day = min(sources.get((gid, topic), []), key=lambda s: s[1])
            where = f"the topic of the session on {day.isoformat()} in group {numbers[gid]}"
            raise refusal(kind, where, session_id=session_id)


def _topics(
    rows: Iterable[SessionTopic],
    groups: Mapping[int, str],
    redactor: Redactor,
    leave_out: frozenset[int],
) -> tuple[dict[int, tuple[str, ...]], TopicSources]:
    """The topics to print per group (redacted, one of each, in alphabetical order),
    leaving out the sessions in ``leave_out``, and where each came from."""
    sources: TopicSources = {}
    for row in rows:
        if row.session_id in leave_out or row.group_id not in groups:
            continue
        printed = _redact(redactor, row.topic)
        if printed:
            sources.setdefault((row.group_id, printed), []).append((row.session_id, row.date))
    topics: dict[int, tuple[str, ...]] = {}
    for gid in groups:
        found = {printed for g, printed in sources if g == gid}
        if found:
            topics[gid] = tuple(sorted(found, key=str.casefold))
    return topics, sources


_RUN = re.compile(re.escape(REDACTED) + r"(?:\s+" + re.escape(REDACTED) + ")+")


def _redact(redactor: Redactor, topic: str) -> str:
    """The topic redacted, on one line; "[redacted] [redacted]" (a first and a last
    name) is one "[redacted]", so that not even the number of words shows."""
    return _RUN.sub(REDACTED, " ".join(redactor.redact(topic).split()))


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or not MIN_K <= k <= MAX_K:
        raise InvalidInput(
            f"The smallest count to show must be a whole number from {MIN_K} to {MAX_K} "
            f"(usually {DEFAULT_K}: counts from 1 to {DEFAULT_K - 1} are hidden)."
        )


# -- suppression ---------------------------------------------------------------------
def publish(
    counts: SummaryCounts,
    group_ids: tuple[int, ...],
    months: tuple[str, ...],
    k: int,
    *,
    single: bool = False,
) -> dict[tuple[GroupKey, MonthKey, Measure], SummaryCell]:
    """Every cell of the report, hidden where it must be.  Keys: (group id, or None for
    all groups; month, or None for the whole period; measure).  Follow-ups not tied to
    a session are the group ``UNATTACHED`` (only when there are some, in a report of
    all groups)."""
    cells: dict[tuple[GroupKey, MonthKey, Measure], SummaryCell] = {}
    unattached = not single and any(
        counts.get(UNATTACHED, None).count(m) for m in FOLLOW_UP_MEASURES
    )
    for measure in Measure:
        if not measure.is_count:
            continue
        rows = group_ids + ((UNATTACHED,) if unattached and measure in FOLLOW_UP_MEASURES else ())
        if measure.additive and rows:
            table = suppress_table(
                {(str(g), mo): counts.get(g, mo).count(measure) for g in rows for mo in months},
                k=k,
            )
        else:
            table = _each_alone(counts, rows, months, measure, k)
        for (row, col), _value in table.values.items():
            key = (None if row == TOTAL else int(row), None if col == TOTAL else col, measure)
            cells[key] = _cell(table, row, col)
    for g in (None, *group_ids):
        for mo in (*months, None):
            cells[(g, mo, Measure.AVERAGE_ATTENDANCE)] = _average(
                cells[(g, mo, Measure.ATTENDANCES)], cells[(g, mo, Measure.SESSIONS_HELD)]
            )
    return cells


def _each_alone(
    counts: SummaryCounts,
    group_ids: tuple[int, ...],
    months: tuple[str, ...],
    measure: Measure,
    k: int,
) -> SuppressedTable:
    """Counts of different people: each level is counted, not summed, so each cell is
    hidden on its own when small (no row or column equation links them).  Also the
    all-groups line of a summary with no group at all (every count 0)."""
    values: dict[tuple[str, str], int | None] = {}
    primary: set[tuple[str, str]] = set()
    for g in (*group_ids, None):
        for mo in (*months, None):
            key = (TOTAL if g is None else str(g), TOTAL if mo is None else mo)
            value = counts.get(g, mo).count(measure)
            values[key] = None if 0 < value < k else value
            if values[key] is None:
                primary.add(key)
    return SuppressedTable(values=values, k=k, primary=frozenset(primary))


def _cell(table: SuppressedTable, row: str, col: str) -> SummaryCell:
    value = table.values[(row, col)]
    shown = table.shown(row, col)
    return SummaryCell(value=value, text=shown, suppressed=value is None)


def _average(attendances: SummaryCell, held: SummaryCell) -> SummaryCell:
    """Members present or late per held session, to one decimal, where both counts are
    shown; "*" where either is hidden (the average would give it away)."""
    if attendances.value is None or held.value is None:
        return SummaryCell(None, PROTECTED, suppressed=True)
    if not held.value:
        return SummaryCell(None, NOT_APPLICABLE)
    average = round(attendances.value / held.value, 1)
    return SummaryCell(average, f"{average:.1f}")


__all__ = [
    "DEFAULT_K",
    "MAX_K",
    "MIN_K",
    "NOT_APPLICABLE",
    "PROTECTED",
    "GroupLabels",
    "RenderedSummary",
    "SummaryFormat",
    "SummaryService",
    "SummaryWritten",
    "check_group_names",
    "check_topics",
    "default_period",
    "group_labels",
    "publish",
    "summary_format",
]
