"""Sign-in sheets: gather a group's meeting and active members, render, write.

The sheet shows the group's *printed title*, never its name (a title that is empty or
just the group's name prints as "Meeting"), and the names the chosen mode allows (see
:mod:`facilitator.exports.sheets`).  With names "initials" or "none" the leak guard
reads the whole sheet against every member of the vault (not only this group's: a
facilitator may be a member elsewhere) and refuses it with
:class:`~facilitator.exports.sheets.SheetLeak`, writing nothing.  Printing reads the vault and
changes nothing in it: a meeting the schedule only plans is not opened by printing
its sheet.  The PDF is written atomically, readable by its owner only.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from facilitator.domain import GroupRecord, MemberRecord, MemberStatus, SessionRecord
from facilitator.errors import InvalidInput
from facilitator.exports.leak_guard import Identifiers
from facilitator.exports.pdf_common import Rendered, page_size_for, page_size_named
from facilitator.exports.sheet_title import TitleConcern, title_concerns
from facilitator.exports.sheets import (
    BLANKABLE,
    DEFAULT_BLANK_ROWS,
    FALLBACK_TITLE,
    MAX_BLANK_ROWS,
    MAX_EXTRA_COLUMNS,
    NameMode,
    SheetField,
    SheetHeading,
    SheetLeak,
    SheetOptions,
    blank_fields,
    name_mode,
    neutral_title,
    render_sheet,
)
from facilitator.services._common import SYSTEM_CLOCK, Clock
from facilitator.services.region import paper_locale, region_of
from facilitator.storage.files import atomic_write_bytes
from facilitator.storage.repositories import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


def default_paper_name(locale_name: str | None = None) -> str:
    """The paper used when none is chosen, "A4" or "Letter" (for a dialog's "Automatic")."""
    size = page_size_for(locale_name or paper_locale())
    return "Letter" if size == page_size_named("letter") else "A4"


def sheet_options(
    *,
    names: str | NameMode = NameMode.FULL,
    blank_rows: int = DEFAULT_BLANK_ROWS,
    columns: Sequence[str] = (),
    paper: str | None = None,
    locale_name: str | None = None,
    leave_blank: Iterable[str | SheetField] = (),
) -> SheetOptions:
    """The options from what a person chose (command-line words or a dialog's values).

    ``paper`` "a4" or "letter"; None: the usual paper of ``locale_name``, or of this
    computer's locale (:func:`paper_locale`) when that is None too.  ``leave_blank``:
    "place", "facilitator" or "title" to print blank on this sheet (after a refusal).
    """
    size = page_size_named(paper) if paper else page_size_for(locale_name or paper_locale())
    return SheetOptions(
        names=name_mode(names),
        blank_rows=blank_rows,
        columns=tuple(columns),
        page_size=size,
        leave_blank=blank_fields(leave_blank),
    )


def printed_title_of(group: GroupRecord) -> str:
    """What a sign-in sheet of ``group`` prints as its title (for screens to show)."""
    return neutral_title(group.printed_title, group.name)


def printed_title_concerns(title: str, group_name: str) -> tuple[TitleConcern, ...]:
    """How a printed title being typed could say what the group is (for a dialog to
    warn while it is typed): it holds the name or a word of it, or names the kind."""
    return title_concerns(title, group_name)


@dataclass(frozen=True, slots=True)
class SheetWritten:
    """What was written, for the confirmation a person sees (no names in it)."""

    path: Path
    date: dt.date
    rows: int  # members' rows (named or not) plus blank rows
    pages: int


class SheetService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock = SYSTEM_CLOCK) -> None:
        self._uow = uow
        self._clock = clock

    def render(
        self, group_id: int, date: dt.date | None = None, options: SheetOptions | None = None
    ) -> Rendered:
        """The sign-in sheet of the group's meeting on ``date`` (default today).  Raises
        SheetLeak when names "initials" or "none" would print what they forbid."""
        return self._render(group_id, date or self._clock.today(), options or sheet_options())[0]

    def write_sheet(
        self,
        path: Path,
        group_id: int,
        date: dt.date | None = None,
        options: SheetOptions | None = None,
    ) -> SheetWritten:
        """Render the sheet and write it to ``path`` (owner-only, all at once or not at
        all).  Raises SheetLeak, writing nothing, when names "initials" or "none" would
        print a name, phone number or e-mail address they forbid."""
        target = Path(path)
        if target.is_dir():
            raise InvalidInput(f"{target} is a folder; give a file name for the sheet.")
        if not target.parent.is_dir():
            raise InvalidInput(f"The folder {target.parent} does not exist.")
        chosen = options or sheet_options()
        day = date or self._clock.today()
        rendered, members = self._render(group_id, day, chosen)
        try:
            atomic_write_bytes(target, rendered.data, 0o600)
        except OSError as exc:
            raise InvalidInput(f"{target} could not be written: {exc.strerror}.") from None
        rows = members + chosen.blank_rows
        log.info("sign-in sheet written: %d rows, %d pages", rows, rendered.pages)
        return SheetWritten(target, day, rows, rendered.pages)

    def _render(self, group_id: int, day: dt.date, options: SheetOptions) -> tuple[Rendered, int]:
        region = region_of(paper_locale())
        with self._uow() as uow:
            group = uow.groups.get(group_id)
            meeting = _meeting(uow, group, day)
            members = active_members(uow, group.id)
            identifiers = (
                Identifiers.from_members(uow.summary.identifying(), region=region)
                if options.names is not NameMode.FULL
                else None
            )
        heading = _heading(group, day, meeting)
        return render_sheet(heading, members, options, identifiers), len(members)


def active_members(uow: UnitOfWork, group_id: int) -> list[MemberRecord]:
    """The group's current members whose status is active: who belongs on the sheet."""
    return [
        entry.member
        for entry in uow.members.roster(group_id)
        if entry.left_on is None and entry.member.status == MemberStatus.ACTIVE
    ]


def _meeting(uow: UnitOfWork, group: GroupRecord, day: dt.date) -> SessionRecord | None:
    """The group's session on ``day`` if the vault has one; None if it has not been
    opened yet (planned or an extra meeting).  A cancelled meeting has no sheet."""
    for session in uow.sessions.for_group(group.id, start=day, end=day):
        if session.cancelled:
            raise InvalidInput(
                f"The meeting on {day.isoformat()} is cancelled. "
                "Restore it before printing its sign-in sheet."
            )
        return session
    return None


def _heading(group: GroupRecord, day: dt.date, meeting: SessionRecord | None) -> SheetHeading:
    """What the sheet prints above its table: the meeting's own time, place and facilitator
    where it has them, else the group's.  The group's name is deliberately left out,
    and so is a printed title that merely repeats it."""
    return SheetHeading(
        title=printed_title_of(group),
        date=day,
        start_time=(meeting and meeting.start_time) or group.start_time,
        end_time=(meeting and meeting.end_time) or group.end_time,
        place=(meeting and meeting.location) or group.location,
        facilitator=(meeting and meeting.facilitator) or group.facilitator,
    )


__all__ = [
    "BLANKABLE",
    "DEFAULT_BLANK_ROWS",
    "FALLBACK_TITLE",
    "MAX_BLANK_ROWS",
    "MAX_EXTRA_COLUMNS",
    "NameMode",
    "SheetField",
    "SheetLeak",
    "SheetOptions",
    "SheetService",
    "SheetWritten",
    "TitleConcern",
    "active_members",
    "default_paper_name",
    "paper_locale",
    "printed_title_concerns",
    "printed_title_of",
    "region_of",
    "sheet_options",
]
