"""Anonymised summaries: the numbers a funder asks for, with nobody identifiable in them.

:meth:`SummaryService.build` reads exact counts per group and month
(:mod:`facilitator.storage.repositories.summary`) and the export ledger, and keeps
only what may be published, as :mod:`facilitator.exports.publishing` (the policy,
beside the audit) decides.  The choices arrive as one
:class:`~facilitator.exports.summary_options.SummaryOptions`.  In short:

- every count from 1 to K-1 is hidden, and more where needed, all printed with one
  mark ("<11" with the default K of 11); zero is shown;
- counts of different people are published as a partition (came once, 2 to 3 times,
  4 or more times, and their sum), and for the whole period only (with the newcomers):
  the months' are counted for the audit to reason through, never printed;
- which cells to hide is decided by :func:`~facilitator.exports.audit.audit`: an exact
  check with an integer-programming solver that every hidden small count (and every
  small number of people counted in two groups) can still be anything from 0 to K,
  given this export, every earlier one (``prior``: the export ledger), the totals and
  the relations between the measures;
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
import threading
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from facilitator.defaults import DEFAULT_K, MAX_K, MIN_K
from facilitator.domain.ledger import LedgerCell, Publication
from facilitator.domain.summary import (
    NOT_APPLICABLE,
    SummaryGroup,
    SummaryReport,
    months_between,
)
from facilitator.errors import InvalidInput, LeakFound
from facilitator.exports.audit import AuditMemo, month_pieces, unprinted
from facilitator.exports.leak_guard import Identifiers, check_no_leaks, find_leak, refusal
from facilitator.exports.pdf_common import page_size_for, page_size_named
from facilitator.exports.publishing import publish, topics_shown
from facilitator.exports.redact import REDACTED, Redactor
from facilitator.exports.summary_csv import ALL_GROUPS, csv_texts, csv_wording, render_summary_csv
from facilitator.exports.summary_options import (
    GroupLabels,
    Preset,
    SummaryFormat,
    SummaryOptions,
    default_export_period,
    default_period,
    group_labels,
    last_ended_day,
    month_end,
    preset_period,
    summary_format,
)
from facilitator.exports.summary_pdf import pdf_wording, render_summary_pdf
from facilitator.services._common import SYSTEM_CLOCK, Clock
from facilitator.services.sheets import paper_locale, region_of
from facilitator.storage.files import atomic_write_bytes
from facilitator.storage.repositories import UnitOfWorkFactory
from facilitator.storage.repositories.summary import SessionTopic

log = logging.getLogger(__name__)

MAX_MONTHS = 120

NO_CHOICES = SummaryOptions()
"""Every default: all groups, the year to date (an export: its ended months), K 11, no
topics."""


@dataclass(frozen=True, slots=True)
class SummaryWritten:
    """What was written, for the confirmation a person sees (no names in it)."""

    path: Path
    format: SummaryFormat
    pages: int  # 0 for a CSV
    hidden_cells: int  # values printed as "<K"
    count_cells: int
    ledger_cells: tuple[LedgerCell, ...] = ()  # recorded in the export ledger: never exported


_PUBLISHING = threading.Lock()
"""Held by an export from reading the ledger to recording in it (see export)."""


class SummaryService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock = SYSTEM_CLOCK) -> None:
        self._uow = uow
        self._clock = clock
        self._audits = AuditMemo()

    def forget_audits(self) -> None:
        """Audit anew next time, even the very same table (the benchmarks measure the
        audit's own cost this way)."""
        self._audits = AuditMemo()

    def default_period(self) -> tuple[dt.date, dt.date]:
        """The period a preview shows when none is chosen: the year to date, this month
        included (:data:`facilitator.defaults.DEFAULT_PERIOD`)."""
        return default_period(self._clock.today())

    def preset_period(self, preset: Preset | str) -> tuple[dt.date, dt.date]:
        """The dates of a named period today ("last quarter", ...)."""
        return preset_period(preset, self._clock.today())

    def last_ended_day(self) -> dt.date:
        """The last day a summary can be published for (the end of last month)."""
        return last_ended_day(self._clock.today())

    # -- the report ------------------------------------------------------------------
    def build(
        self,
        options: SummaryOptions = NO_CHOICES,
        *,
        prior: Sequence[LedgerCell] | None = None,
        prior_periods: Collection[tuple[dt.date, dt.date]] = (),
        month_in_progress: bool = False,
    ) -> SummaryReport:
        """The anonymised summary of one group (``options.group_id``) or of all, from
        ``start`` to ``end`` (both included; default the year's months that have ended),
        with every count from 1 to ``k``-1 hidden.

        ``month_in_progress``: a preview may reach into this month (counted up to
        today; the default period is then the year to date, this month included).  What
        is published never does: see :meth:`_period`.  Nothing in it identifies anyone.  The
        topics of the sessions in ``leave_out_sessions`` are not listed (a refused
        topic, left out).

        ``prior``: the cells of the earlier exports the audit protects this one against,
        with ``prior_periods`` the periods of those exports (their months' counts of
        people were counted, not printed); None (the default) reads them from the
        vault's export ledger, as the export will, so a preview shows what the export
        will hide."""
        return self._build(
            options,
            prior=prior,
            prior_periods=prior_periods,
            month_in_progress=month_in_progress,
        )[0]

    def _build(
        self,
        options: SummaryOptions,
        *,
        prior: Sequence[LedgerCell] | None = None,
        prior_periods: Collection[tuple[dt.date, dt.date]] = (),
        month_in_progress: bool = False,
    ) -> tuple[SummaryReport, Identifiers, TopicSources]:
        start, end = self._period(options.start, options.end, month_in_progress)
        group_id, k, include_topics = options.group_id, options.k, options.include_topics
        today = self._clock.today()
        region = region_of(paper_locale())
        with self._uow() as uow:
            if group_id is not None:
                uow.groups.get(group_id)  # NotFound for a group that does not exist
            counts = uow.summary.counts(start, end, today=today, group_id=group_id)
            rows = uow.summary.topics(start, end, today=today, group_id=group_id)
            identifiers = Identifiers.from_members(uow.summary.identifying(), region=region)
            prior_k = None
            if prior is None:  # what earlier exports published that can combine with this
                prior = uow.ledger.cells_related_to(start, end)
                publications = uow.ledger.publications()
                used = [publication.k for publication in publications]
                prior_k = (min(used), max(used)) if used else None
                prior_periods = {(p.start, p.end) for p in publications}
                # Made before the months' counts of people were counted, not printed:
                # their months were printed periods (migration 0004).
                prior_periods |= {
                    piece
                    for p in publications
                    if p.people_by_month
                    for piece in month_pieces(p.start, p.end)
                }
        prior_latent = unprinted(prior, set(prior_periods)) if prior_periods else frozenset()
        months = months_between(start, end)
        topics: dict[int, tuple[str, ...]] = {}
        sources: TopicSources = {}
        if include_topics:
            topics, sources = _topics(
                rows, counts.group_names, identifiers.redactor(), options.leave_out_sessions
            )
        single = group_id is not None
        names = counts.group_names
        if options.by_number:
            names = {gid: f"Group {n}" for n, gid in enumerate(names, start=1)}
        groups = [SummaryGroup(gid, name) for gid, name in names.items()]
        if not single:
            groups.insert(0, SummaryGroup(None, ""))
        cells, audited = publish(
            counts,
            tuple(names),
            months,
            k,
            start=start,
            end=end,
            single=single,
            prior=prior,
            memo=self._audits,
            prior_k=prior_k,
            prior_latent=prior_latent,
        )
        topics = topics_shown(topics, cells)
        report = SummaryReport(
            start=start,
            end=end,
            k=k,
            months=months,
            groups=tuple(groups),
            cells=cells,
            generated_on=today,
            include_topics=include_topics,
            topics=topics,
            single_group=single,
            ledger_cells=audited.ledger_cells,
            already_published=audited.already_published,
        )
        log.info(
            "summary built: %d groups, %d months, %d of %d counts hidden, %d earlier "
            "exports' cells audited with it, %d small counts and %d small derived counts "
            "(differences of counts that count people) already given away before",
            len(names),
            len(months),
            report.suppressed_count,
            report.count_cells,
            len(prior),
            len(report.already_published),
            len(audited.derived_given_away),
        )
        return report, identifiers, sources

    def _period(
        self, start: dt.date | None, end: dt.date | None, month_in_progress: bool = False
    ) -> tuple[dt.date, dt.date]:
        """The period asked for, as whole calendar months that have ended.

        A summary counts whole months only: the first day of ``start``'s month to the
        last day of ``end``'s.  Two summaries that split a month between them (1-14
        August in one, 15-31 in another) or that print a month still going on (1-7
        December, then 1-20 December) would let anyone subtract one from the other and
        read the counts of the days in between, which no audit sees as a printed
        count.  Whole, ended months are the same count in every summary that prints
        them, and the audit relates them exactly.  Only a preview
        (``month_in_progress``), which nobody but the facilitator sees and nothing
        records, may reach into this month."""
        today = self._clock.today()
        default_start, default_end = (
            default_period(today) if month_in_progress else default_export_period(today)
        )
        latest = month_end(today) if month_in_progress else last_ended_day(today)
        if start is None and end is not None:
            start = end
        start = (start or default_start).replace(day=1)
        end = month_end(end or default_end)
        if end < start:
            raise InvalidInput(
                f"The period ends ({end.isoformat()}) before it starts ({start.isoformat()})."
            )
        if end > latest and month_in_progress:
            raise InvalidInput(
                "A summary counts months up to this one; choose an end no later than "
                f"{latest.isoformat()}."
            )
        if end > latest:
            raise InvalidInput(
                "A summary counts whole months that have ended, so that no two summaries "
                "can be subtracted to show a few days; the latest it can cover ends on "
                f"{latest.isoformat()}. Choose an earlier end."
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
        options: SummaryOptions = NO_CHOICES,
        *,
        prior: Sequence[LedgerCell] | None = None,
        prior_periods: Collection[tuple[dt.date, dt.date]] = (),
    ) -> SummaryWritten:
        """Build, render, check and write the summary to ``path`` (PDF or CSV:
        ``options.format``, else the file name's ending).  Raises LeakFound, writing
        nothing, if the file's text holds any member's name, phone number, e-mail or
        emergency contact; it says where (a group by its number, a topic by its session's
        date and id, or the rest), so that a topic can be left out
        (``options.leave_out_sessions``) and the export tried again.

        The export is audited against the earlier ones (``prior``; by default the
        vault's export ledger) and recorded in the ledger in the same transaction as
        the file is written: if the file cannot be written nothing is recorded, and if
        the record cannot be kept the file is removed."""
        target = Path(path)
        chosen = summary_format(options.format, target)
        if target.is_dir():
            raise InvalidInput(f"{target} is a folder; give a file name for the summary.")
        if not target.parent.is_dir():
            raise InvalidInput(f"The folder {target.parent} does not exist.")
        # One export at a time, from reading the ledger to recording in it: two
        # started together (two windows, two threads) would each be audited without
        # the other, and a reader of both files holds both.  (Another process cannot
        # have the vault open: its lock.)
        with _PUBLISHING:
            report, rendered = self._checked(options, chosen, prior, prior_periods)
            self._write_and_record(target, rendered.data, report, chosen)
            log.info("summary written as %s: %d pages", chosen.value, rendered.pages)
            return SummaryWritten(
                target,
                chosen,
                rendered.pages,
                report.suppressed_count,
                report.count_cells,
                report.ledger_cells,
            )

    def publish_for_print(
        self, options: SummaryOptions = NO_CHOICES, *, paper: str | None = None
    ) -> SummaryPrinted:
        """The summary as a PDF in memory, to be printed, recorded in the export ledger
        as an export is: a printed summary is a publication like a saved one, and the
        next summary is audited against it.  The same build, checks (LeakFound, nothing
        recorded) and rendering as :meth:`export`; nothing is written to disk.  The
        record is kept even if the printing then fails (the safe side: later summaries
        are audited against a table that may never have been printed)."""
        chosen = SummaryFormat.PDF
        with _PUBLISHING:
            report, rendered = self._checked(
                SummaryOptions(
                    group_id=options.group_id,
                    start=options.start,
                    end=options.end,
                    k=options.k,
                    include_topics=options.include_topics,
                    labels=options.labels,
                    leave_out_sessions=options.leave_out_sessions,
                    format=chosen,
                    paper=paper or options.paper,
                ),
                chosen,
                None,
                (),
            )
            with self._uow() as uow:
                uow.ledger.record(self._publication(report, PRINTED))
            log.info("summary published for printing: %d pages", rendered.pages)
            return SummaryPrinted(
                rendered.data, rendered.pages, report.suppressed_count, report.count_cells
            )

    def _checked(
        self,
        options: SummaryOptions,
        chosen: SummaryFormat,
        prior: Sequence[LedgerCell] | None,
        prior_periods: Collection[tuple[dt.date, dt.date]],
    ) -> tuple[SummaryReport, RenderedSummary]:
        """Build, check and render what is published (held under _PUBLISHING)."""
        report, identifiers, sources = self._build(
            options, prior=prior, prior_periods=prior_periods
        )
        check_group_names(report, identifiers)
        check_topics(report, identifiers, sources)
        rendered = self.render(report, chosen, paper=options.paper)
        rendered.check(identifiers)
        return report, rendered

    def _publication(self, report: SummaryReport, fmt: str) -> Publication:
        return Publication(
            id=None,
            made_at=self._clock.now().replace(microsecond=0),
            start=report.start,
            end=report.end,
            group_labels=tuple(
                ALL_GROUPS if group.id is None else group.name for group in report.groups
            ),
            format=fmt,
            k=report.k,
            cells=report.ledger_cells,
        )

    def _write_and_record(
        self, target: Path, data: bytes, report: SummaryReport, chosen: SummaryFormat
    ) -> None:
        """Record the export in the ledger and write the file, both or neither (as far as
        a file system allows: a record without its file is kept only if the process dies
        between the two, which errs on the safe side — later exports are audited against
        a table that never left)."""
        publication = self._publication(report, chosen.value)
        written = False
        try:
            with self._uow() as uow:
                uow.ledger.record(publication)
                try:
                    atomic_write_bytes(target, data, 0o600)
                except OSError as exc:
                    raise InvalidInput(f"{target} could not be written: {exc.strerror}.") from None
                written = True
        except BaseException:
            if written:  # the record could not be kept: the file must not stay either
                target.unlink(missing_ok=True)
            raise


PRINTED = "print"
"""The export ledger's format of a summary that was printed (not saved to a file)."""


@dataclass(frozen=True, slots=True)
class SummaryPrinted:
    """A summary published for printing: the PDF's bytes, held in memory only."""

    data: bytes
    pages: int
    hidden_cells: int
    count_cells: int


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


__all__ = [
    "DEFAULT_K",
    "MAX_K",
    "MIN_K",
    "NOT_APPLICABLE",
    "PRINTED",
    "GroupLabels",
    "Preset",
    "RenderedSummary",
    "SummaryFormat",
    "SummaryOptions",
    "SummaryPrinted",
    "SummaryService",
    "SummaryWritten",
    "check_group_names",
    "check_topics",
    "default_export_period",
    "default_period",
    "group_labels",
    "publish",
    "summary_format",
]
