"""What the parts of a person's page share: a panel base and small widget helpers.

Everything the page shows about one person is a :class:`~facilitator.domain.PersonPage`,
read on the job thread by one service call in one transaction
(:meth:`~facilitator.services.roster.RosterService.person_page`).  Each panel (groups,
consents, milestones, notes, follow-ups) is a :class:`PersonPanel`: it shows a
:class:`~facilitator.domain.PersonPage`, runs its changes through the backend, shows
a refused change inline, and emits ``acted`` once a change is stored (the person is
then read again).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import QDateEdit, QPushButton, QWidget

from facilitator.app import Services
from facilitator.domain import PersonPage
from facilitator.errors import UserFacingError
from facilitator.ui.kit.dates import DateStyle, date_format
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.widgets import ProblemBox
from facilitator.ui.plumbing.backend import Backend


def _tr(text: str) -> str:
    return QCoreApplication.translate("PersonView", text)


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
    edit.setDisplayFormat(date_format(DateStyle.PLAIN))  # as dates are shown
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
        self.data: PersonPage | None = None
        self.problem = ProblemBox(name=_tr("Problem"))

    def show_data(self, data: PersonPage) -> None:
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
