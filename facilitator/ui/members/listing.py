"""The Members page's list: its columns, its status choices, its filter and its sorting.

The filter box finds a person by what one would search them by: their first, last
and preferred names and their groups' names, ignoring case and accents.  Not the
Status or Joined columns: "a" must not list everyone whose status reads "Active".

The large vault has 5,000 members.  A sorting :class:`~facilitator.ui.kit.table_model.
RowsFilter` calls Python at every comparison (tens of thousands of calls, a
third of a second on the GUI thread), so the page sorts the rows itself
(:func:`sort_rows`, one ``sorted`` call) and the proxy only filters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, QPersistentModelIndex

from facilitator.domain import MemberStatus
from facilitator.domain.folding import search_fold as fold
from facilitator.services.roster import MemberListRow
from facilitator.ui.editors.member_dialog import status_text
from facilitator.ui.kit.dates import date_text
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.table_model import Column, RowsFilter, RowsModel
from facilitator.ui.members.common import date_sort

STATUS_ORDER = {MemberStatus.ACTIVE: 0, MemberStatus.INACTIVE: 1, MemberStatus.LEFT: 2}


def _tr(text: str) -> str:
    return QCoreApplication.translate("MembersPage", text)


def short_status(status: MemberStatus) -> str:
    """The status in the list's narrow column."""
    return {
        MemberStatus.ACTIVE: _tr("Active"),
        MemberStatus.INACTIVE: _tr("Inactive"),
        MemberStatus.LEFT: _tr("Archived"),
    }[status]


def status_choices() -> list[tuple[str, str]]:
    """The status box's (key, text) choices; the first is the default."""
    return [
        ("current", _tr("Current (active and inactive)")),
        ("active", _tr("Active")),
        ("inactive", _tr("Inactive")),
        ("archived", _tr("Archived (left)")),
        ("all", _tr("Everyone")),
    ]


def shows(which: str) -> Callable[[MemberListRow], bool] | None:
    """A status choice as a condition on a row (None: everyone)."""
    wanted = {
        "current": (MemberStatus.ACTIVE, MemberStatus.INACTIVE),
        "active": (MemberStatus.ACTIVE,),
        "inactive": (MemberStatus.INACTIVE,),
        "archived": (MemberStatus.LEFT,),
    }.get(which)
    if wanted is None:
        return None
    return lambda row: row.status in wanted


def searched_text(row: MemberListRow) -> str:
    """What the filter box searches in a row, folded: the names and the groups."""
    return fold(" ".join((row.first_name, row.last_name, row.preferred_name, *row.groups)))


class MembersFilter(RowsFilter):
    """The list's filter: every typed word in a person's names or groups (see above)."""

    def __init__(self, source: RowsModel, parent: QObject | None = None) -> None:
        super().__init__(source, parent)
        self.words: list[str] = []

    def set_text(self, text: str) -> None:
        self.words = fold(text).split()
        super().set_text("")  # the columns' text is not searched; this refilters

    def filterAcceptsRow(
        self,
        source_row: int,
        source_parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if not super().filterAcceptsRow(source_row, source_parent):
            return False
        if not self.words:
            return True
        text = searched_text(self.rows_model.row(source_row))
        return all(word in text for word in self.words)


def member_columns(privacy: Privacy) -> list[Column[MemberListRow]]:
    columns: list[Column[MemberListRow]] = [
        Column(
            _tr("Name"),
            privacy.member,
            sort=lambda r: (fold(privacy.member(r)), r.id),
        ),
        Column(_tr("Groups"), lambda r: ", ".join(r.groups), stretch=True),
        Column(
            _tr("Status"),
            lambda r: short_status(r.status),
            tooltip=lambda r: status_text(r.status),
            sort=lambda r: STATUS_ORDER.get(r.status, 9),
        ),
        Column(
            _tr("Joined"),
            lambda r: date_text(r.date_joined) if r.date_joined else "",
            sort=lambda r: date_sort(r.date_joined),
        ),
    ]
    return columns


def sort_rows(
    rows: Sequence[MemberListRow],
    columns: Sequence[Column[MemberListRow]],
    column: int,
    descending: bool,
) -> list[MemberListRow]:
    """The rows in a column's order, sorted here in one go: the proxy's own sorting asks
    Python for every comparison, which takes a noticeable moment for 5,000 rows."""
    spec = columns[column]
    text = spec.text
    key: Callable[[MemberListRow], Any] = spec.sort or (lambda r: fold(text(r)))
    return sorted(rows, key=key, reverse=descending)
