"""What the parts of a person's page share: the data read in one call, and a panel base.

:class:`PersonData` is everything the page shows about one person, read by
:func:`load_person` on the job thread in one backend call.  Each panel (groups,
consents, milestones, notes, follow-ups) is a :class:`PersonPanel`: it shows a
:class:`PersonData`, runs its changes through the backend, shows a refused change
inline, and emits ``acted`` once a change is stored (the person is then read again).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import QDateEdit, QPushButton, QWidget

from facilitator.app import Services
from facilitator.domain import (
    ConsentRecord,
    FollowUpRecord,
    GroupRecord,
    HistoryEntry,
    MemberRecord,
    MembershipRecord,
    MilestoneRecord,
    NoteRecord,
)
from facilitator.errors import UserFacingError
from facilitator.services.followups import FollowUpFilter
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.widgets import ProblemBox
from facilitator.ui.plumbing.backend import Backend

ISO_FORMAT = "yyyy-MM-dd"


def _tr(text: str) -> str:
    return QCoreApplication.translate("PersonView", text)


@dataclass(frozen=True, slots=True)
class PersonData:
    """One person as their page shows them."""

    member: MemberRecord
    memberships: tuple[MembershipRecord, ...]
    consents: tuple[ConsentRecord, ...]
    milestones: tuple[MilestoneRecord, ...]
    history: tuple[HistoryEntry, ...]  # newest first
    notes: tuple[NoteRecord, ...]  # newest first
    follow_ups: tuple[FollowUpRecord, ...]  # open ones first
    groups: tuple[GroupRecord, ...]  # the groups they could join (not archived)
    today: dt.date  # the services' day

    @property
    def current_groups(self) -> tuple[str, ...]:
        names = {m.group_name for m in self.memberships if m.current}
        return tuple(sorted(names, key=str.casefold))


def load_person(services: Services, member_id: int) -> PersonData:
    """Everything about one person (runs on the job thread)."""
    roster = services.roster
    return PersonData(
        member=roster.member(member_id),
        memberships=tuple(roster.memberships(member_id)),
        consents=tuple(roster.consents(member_id)),
        milestones=tuple(roster.milestones(member_id)),
        history=tuple(services.attendance.history(member_id)),
        notes=tuple(services.notes.for_member(member_id)),
        follow_ups=tuple(services.follow_ups.find(FollowUpFilter.ALL, member_id=member_id)),
        groups=tuple(roster.groups()),
        today=services.follow_ups.today(),
    )


def date_sort(day: dt.date | None) -> dt.date:
    return day or dt.date.min


def button(text: str, accessible_name: str) -> QPushButton:
    made = QPushButton(text)
    made.setAccessibleName(accessible_name)
    return made


def date_edit(accessible_name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setAccessibleName(accessible_name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(ISO_FORMAT)
    return edit


def set_date(edit: QDateEdit, day: dt.date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def get_date(edit: QDateEdit) -> dt.date:
    day = edit.date()
    return dt.date(day.year(), day.month(), day.day())


class PersonPanel(QWidget):
    """A part of the person's page that can change something."""

    acted = Signal()  # a change was stored: read the person again
    navigate = Signal(object)  # a facilitator.ui.plumbing.navigation target

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.privacy = privacy
        self.data: PersonData | None = None
        self.problem = ProblemBox(name=_tr("Problem"))

    def show_data(self, data: PersonData) -> None:
        self.data = data
        self.show_problem("")
        self.redraw()

    def redraw(self) -> None:
        """Show :attr:`data` again (after the privacy screen changed)."""

    def title(self) -> str:
        """The tab's title (with an &-mnemonic and a count)."""
        return ""

    @property
    def member_id(self) -> int | None:
        return self.data.member.id if self.data is not None else None

    def run(
        self, job: Callable[[Services], object], done: Callable[[], object] | None = None
    ) -> None:
        """Store a change; once stored, ``done()`` and the person is read again.  A refused
        change is shown on the panel (what was typed stays)."""
        self.show_problem("")

        def stored(_result: object) -> None:
            if done is not None:
                done()
            self.acted.emit()

        self.backend.call(job, stored, context=self, failed=self._failed)

    def _failed(self, error: UserFacingError) -> None:
        self.show_problem(error.message)

    def show_problem(self, text: str) -> None:
        self.problem.show_problem(text)

    def confirm(self, title: str, text: str, action: str) -> bool:
        return self.backend.messages.confirm(self.window(), title, text, action)
