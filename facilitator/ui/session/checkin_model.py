"""What the check-in list shows: plain rows, how they match what is typed, and their words.

No widgets here.  :class:`CheckInList` holds the session's
:class:`~facilitator.domain.CheckInRow` records (read off the GUI thread, with the
session, by :meth:`facilitator.services.attendance.AttendanceService.checkin_screen`)
and answers "who matches these letters?": people whose first, preferred or last
name *starts* with every typed word come first; when nobody does, names that merely
*contain* them.  With something typed, the list
ends with a :class:`NewcomerRow` ("Add “Sam” as a newcomer") — the only row
when nobody matches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QLocale, QTime

from facilitator.domain import AttendanceChange, AttendanceStatus, CheckInRow
from facilitator.domain.folding import search_fold as fold
from facilitator.services.roster import MemberDraft
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.table_model import Column
from facilitator.ui.kit.translate import translate


def _tr(text: str, n: int = -1) -> str:
    """Translate; with ``n``, ``%n`` becomes the number (English plurals "(s)" resolved here
    when there is no translation)."""
    return translate("CheckIn", text, n)


@dataclass(frozen=True, slots=True)
class NewcomerRow:
    """The pseudo-row offering to add what was typed as a new member."""

    name: str

    def draft(self) -> MemberDraft:
        """A first name alone is enough; "Sam Taylor" gives a last name too."""
        first, _, last = self.name.strip().partition(" ")
        return MemberDraft(first_name=first, last_name=last.strip())


ListRow = CheckInRow | NewcomerRow


# -- words -----------------------------------------------------------------------------
def clock_text(value: dt.time) -> str:
    return QLocale().toString(QTime(value.hour, value.minute), QLocale.FormatType.ShortFormat)


def status_text(row: ListRow) -> str:
    """The mark in words (never colour alone)."""
    if isinstance(row, NewcomerRow):
        return _tr("New member")
    if row.status is None:
        return _tr("\N{EM DASH} not marked")
    if row.status == AttendanceStatus.LATE:
        if row.arrived_at is not None:
            return _tr("Late, arrived %1").replace("%1", clock_text(row.arrived_at))
        return _tr("Late")
    return {
        AttendanceStatus.PRESENT: _tr("Present"),
        AttendanceStatus.EXCUSED: _tr("Excused"),
        AttendanceStatus.ABSENT: _tr("Absent"),
    }[row.status]


def name_text(row: ListRow, privacy: Privacy) -> str:
    if isinstance(row, NewcomerRow):
        return _tr(
            "Add \N{LEFT DOUBLE QUOTATION MARK}%1\N{RIGHT DOUBLE QUOTATION MARK} as a newcomer"
        ).replace("%1", row.name.strip())
    name = privacy.member(row.member)
    if not row.on_roster:
        return _tr("%1 (not on the group's list)").replace("%1", name)
    return name


def _status_order(row: ListRow) -> int:
    if isinstance(row, NewcomerRow) or row.status is None:
        return 9
    return list(AttendanceStatus).index(row.status)


def columns(privacy: Privacy) -> list[Column[ListRow]]:
    return [
        Column(_tr("Name"), lambda r: name_text(r, privacy), stretch=True),
        Column(_tr("Status"), status_text, sort=_status_order),
    ]


def counts_text(rows: Sequence[CheckInRow], guests: int) -> str:
    present = sum(1 for r in rows if r.status == AttendanceStatus.PRESENT)
    late = sum(1 for r in rows if r.status == AttendanceStatus.LATE)
    return " \N{MIDDLE DOT} ".join(
        (_tr("%n present", present), _tr("%n late", late), _tr("%n guest(s)", guests))
    )


# -- the list ---------------------------------------------------------------------------
def _name_words(row: CheckInRow) -> list[str]:
    member = row.member
    names = (member.first_name, member.preferred_name, member.last_name)
    return fold(" ".join(n for n in names if n)).split()


class CheckInList:
    """The session's people and their marks, kept up to date as marks come back."""

    def __init__(self, rows: Sequence[CheckInRow] = ()) -> None:
        self._rows = list(rows)

    @property
    def rows(self) -> list[CheckInRow]:
        return list(self._rows)

    def matching(self, text: str) -> list[ListRow]:
        """The rows to show for what is typed (all of them when nothing is)."""
        words = fold(text).split()
        if not words:
            return list(self._rows)
        prefix: list[ListRow] = []
        inside: list[ListRow] = []
        for row in self._rows:
            names = _name_words(row)
            if all(any(n.startswith(w) for n in names) for w in words):
                prefix.append(row)
            elif all(any(w in n for n in names) for w in words):
                inside.append(row)
        return [*(prefix or inside), NewcomerRow(" ".join(text.split()))]

    @staticmethod
    def first_to_mark(rows: Sequence[ListRow]) -> int:
        """Which row to select: the first not yet checked in (else the first), or -1."""
        for i, row in enumerate(rows):
            if isinstance(row, CheckInRow) and not (row.status and row.status.attended):
                return i
        return 0 if rows else -1

    def row_of(self, member_id: int) -> CheckInRow | None:
        return next((r for r in self._rows if r.member.id == member_id), None)

    def apply(self, change: AttendanceChange) -> CheckInRow | None:
        """Show what a mark (or an undo) did; the updated row, or None if not listed."""
        for i, row in enumerate(self._rows):
            if row.member.id == change.member_id:
                after = change.after
                self._rows[i] = replace(
                    row,
                    status=after.status if after else None,
                    arrived_at=after.arrived_at if after else None,
                )
                return self._rows[i]
        return None

    def remove(self, member_id: int) -> None:
        self._rows = [r for r in self._rows if r.member.id != member_id]

    def add(self, row: CheckInRow) -> None:
        self._rows.append(row)
        self._rows.sort(key=lambda r: (r.member.display_name.casefold(), r.member.id))
