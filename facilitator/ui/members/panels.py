"""The person's groups, consents and milestones: each a table and the few actions on it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain import (
    ConsentKind,
    ConsentRecord,
    MembershipRecord,
    MilestoneRecord,
    PersonPage,
)
from facilitator.ui.kit.dates import date_text
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.table_model import Column, RowsFilter, RowsModel, make_table
from facilitator.ui.kit.translate import translate
from facilitator.ui.kit.widgets import fit_columns
from facilitator.ui.members.common import (
    PersonPanel,
    button,
    date_edit,
    date_sort,
    get_date,
    set_date,
)
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import GroupTarget


def _tr(text: str, n: int = -1) -> str:
    return translate("PersonView", text, n)


def consent_kind_text(kind: ConsentKind) -> str:
    return {
        ConsentKind.STORE_DETAILS: _tr("Keep their contact details"),
        ConsentKind.CONTACT_PHONE: _tr("Phone calls"),
        ConsentKind.CONTACT_TEXT: _tr("Text messages"),
        ConsentKind.CONTACT_EMAIL: _tr("E-mails"),
        ConsentKind.SHARE_MILESTONES: _tr("Share milestones"),
    }[kind]


def yes_no(value: bool) -> str:
    return _tr("Yes") if value else _tr("No")


def _row(*widgets: QWidget, stretch_last: bool = False) -> QHBoxLayout:
    layout = QHBoxLayout()
    for widget in widgets:
        layout.addWidget(widget)
    if not stretch_last:
        layout.addStretch(1)
    return layout


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class _TablePanel(PersonPanel):
    """A panel whose heart is one table of records."""

    def __init__(
        self,
        backend: Backend,
        privacy: Privacy,
        columns: list[Column[Any]],
        name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(backend, privacy, parent)
        self.model = RowsModel(columns, self)
        self.proxy = RowsFilter(self.model, self)
        self.table: QTableView = make_table(self.proxy, name)
        fit_columns(self.table)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.table, 1)

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.record(rows[0].row()) if rows else None

    def _selected(self) -> None:
        """The selection changed: enable what applies to it."""

    def show_data(self, data: PersonPage) -> None:
        super().show_data(data)

    def redraw(self) -> None:
        self.model.redraw()


class GroupsPanel(_TablePanel):
    """Current and former memberships; open a group, join another, leave one."""

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        columns: list[Column[MembershipRecord]] = [
            Column(_tr("Group"), lambda m: m.group_name, stretch=True),
            Column(_tr("Joined"), lambda m: date_text(m.joined_on), sort=lambda m: m.joined_on),
            Column(
                _tr("Left"),
                lambda m: _tr("Current member") if m.current else date_text(m.left_on),
                sort=lambda m: date_sort(m.left_on),
            ),
        ]
        super().__init__(backend, privacy, columns, _tr("Groups of this person"), parent)
        self.open_button = button(_tr("&Open group"), _tr("Open the chosen group"))
        self.leave_button = button(_tr("&Leave group…"), _tr("Leave the chosen group"))
        self.join_box = QComboBox()
        self.join_box.setAccessibleName(_tr("Group to join"))
        self.join_button = button(_tr("Joi&n"), _tr("Join the chosen group"))
        self.layout_.addLayout(_row(self.open_button, self.leave_button))
        self.layout_.addLayout(
            _row(
                _label(_tr("&Join another group:"), self.join_box), self.join_box, self.join_button
            )
        )
        self.layout_.addWidget(self.problem)
        self.open_button.clicked.connect(self.open_group)
        self.leave_button.clicked.connect(self.leave)
        self.join_button.clicked.connect(self.join)
        self.table.activated.connect(lambda _index: self.open_group())
        self._selected()

    def title(self) -> str:
        current = sum(1 for m in self.data.memberships if m.current) if self.data else 0
        return _tr("Groups (%n)", current)

    def show_data(self, data: PersonPage) -> None:
        rows = sorted(data.memberships, key=lambda m: (not m.current, m.group_name.casefold()))
        self.model.set_rows(rows)
        current = {m.group_id for m in data.memberships if m.current}
        self.join_box.clear()
        for group in data.groups:
            if group.id not in current:
                self.join_box.addItem(group.name, group.id)
        self.join_box.setEnabled(self.join_box.count() > 0)
        self.join_button.setEnabled(self.join_box.count() > 0)
        super().show_data(data)
        self._selected()

    def _selected(self) -> None:
        chosen: MembershipRecord | None = self.selected()
        self.open_button.setEnabled(chosen is not None)
        self.leave_button.setEnabled(chosen is not None and chosen.current)

    def open_group(self) -> None:
        chosen: MembershipRecord | None = self.selected()
        if chosen is not None:
            self.navigate.emit(GroupTarget(chosen.group_id))

    def join(self) -> None:
        group_id, member_id = self.join_box.currentData(), self.member_id
        if group_id is not None and member_id is not None:
            self.run(lambda s: s.roster.join_group(member_id, int(group_id)))

    def leave(self) -> None:
        chosen: MembershipRecord | None = self.selected()
        if chosen is None or not chosen.current or self.data is None:
            return
        name = self.privacy.member(self.data.member)
        text = _tr("%1 leaves %2 today. Their attendance there stays in the history.")
        if self.confirm(
            _tr("Leave the group?"),
            text.replace("%1", name).replace("%2", chosen.group_name),
            _tr("Leave group"),
        ):
            member_id, group_id = chosen.member_id, chosen.group_id
            self.run(lambda s: s.roster.leave_group(member_id, group_id))


class ConsentsPanel(_TablePanel):
    """What the person agreed to, in force or not; record an answer, revoke one."""

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        columns: list[Column[ConsentRecord]] = [
            Column(_tr("Consent"), lambda c: consent_kind_text(c.kind)),
            Column(_tr("Answer"), lambda c: _tr("Agreed") if c.given else _tr("Declined")),
            Column(_tr("In force"), lambda c: yes_no(c.in_force), sort=lambda c: not c.in_force),
            Column(
                _tr("Recorded"), lambda c: date_text(c.recorded_on), sort=lambda c: c.recorded_on
            ),
            Column(
                _tr("Revoked"),
                lambda c: date_text(c.revoked_on) if c.revoked_on else "",
                sort=lambda c: date_sort(c.revoked_on),
            ),
            Column(_tr("Note"), lambda c: c.note, stretch=True),  # elided, full in a tooltip
        ]
        super().__init__(backend, privacy, columns, _tr("Consents of this person"), parent)
        self.revoke_button = button(_tr("Revo&ke"), _tr("Revoke the chosen consent"))
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName(_tr("Consent"))
        for kind in ConsentKind:
            self.kind_box.addItem(consent_kind_text(kind), kind)
        self.answer_box = QComboBox()
        self.answer_box.setAccessibleName(_tr("Answer"))
        self.answer_box.addItem(_tr("Agreed"), True)
        self.answer_box.addItem(_tr("Declined"), False)
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName(_tr("Consent note"))
        self.note_edit.setPlaceholderText(_tr("e.g. said so at the door"))
        self.record_button = button(_tr("Record ans&wer"), _tr("Record the answer"))
        self.layout_.addLayout(_row(self.revoke_button))
        # Two lines, so the note field is wide enough to read what is typed (issue 16).
        self.note_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 24)
        self.layout_.addLayout(
            _row(_label(_tr("&Consent:"), self.kind_box), self.kind_box, self.answer_box)
        )
        self.layout_.addLayout(
            _row(
                _label(_tr("No&te:"), self.note_edit),
                self.note_edit,
                self.record_button,
                stretch_last=True,
            )
        )
        self.layout_.addWidget(self.problem)
        self.record_button.clicked.connect(self.record)
        self.note_edit.returnPressed.connect(self.record)
        self.revoke_button.clicked.connect(self.revoke)
        self._selected()

    def title(self) -> str:
        in_force = sum(1 for c in self.data.consents if c.in_force) if self.data else 0
        return _tr("Consents (%n)", in_force)

    def show_data(self, data: PersonPage) -> None:
        self.model.set_rows(
            sorted(data.consents, key=lambda c: (not c.in_force, c.kind.value, -c.id))
        )
        super().show_data(data)
        self._selected()

    def _selected(self) -> None:
        chosen: ConsentRecord | None = self.selected()
        self.revoke_button.setEnabled(chosen is not None and chosen.revoked_on is None)

    def record(self) -> None:
        member_id = self.member_id
        if member_id is None:
            return
        kind = ConsentKind(self.kind_box.currentData())
        given = bool(self.answer_box.currentData())
        note = self.note_edit.text()
        self.run(
            lambda s: s.roster.record_consent(member_id, kind, given=given, note=note),
            self.note_edit.clear,
        )

    def revoke(self) -> None:
        chosen: ConsentRecord | None = self.selected()
        if chosen is not None and chosen.revoked_on is None:
            consent_id = chosen.id
            self.run(lambda s: s.roster.revoke_consent(consent_id))


class MilestonesPanel(_TablePanel):
    """Dates worth marking (the member's choice whether they are shared)."""

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        columns: list[Column[MilestoneRecord]] = [
            Column(_tr("Date"), lambda m: date_text(m.date), sort=lambda m: m.date),
            Column(_tr("Milestone"), lambda m: m.label, stretch=True),
            Column(_tr("Shared"), lambda m: yes_no(m.shared), sort=lambda m: m.shared),
        ]
        super().__init__(backend, privacy, columns, _tr("Milestones of this person"), parent)
        self.remove_button = button(
            _tr("Remove &this milestone…"), _tr("Remove the chosen milestone")
        )
        self.label_edit = QLineEdit()
        self.label_edit.setAccessibleName(_tr("Milestone"))
        self.label_edit.setPlaceholderText(_tr("e.g. One year"))
        self.date_edit = date_edit(_tr("Milestone date"))
        self.shared_box = QCheckBox(_tr("Ca&n be shared"))
        self.shared_box.setAccessibleName(_tr("Shared with the group"))
        self.shared_box.setChecked(True)
        self.add_button = button(_tr("Add mi&lestone"), _tr("Add the milestone"))
        self.layout_.addLayout(_row(self.remove_button))
        self.layout_.addLayout(
            _row(
                _label(_tr("&Milestone:"), self.label_edit),
                self.label_edit,
                _label(_tr("&When:"), self.date_edit),
                self.date_edit,
                self.shared_box,
                self.add_button,
                stretch_last=True,
            )
        )
        self.layout_.addWidget(self.problem)
        self.add_button.clicked.connect(self.add)
        self.label_edit.returnPressed.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self._selected()

    def title(self) -> str:
        return _tr("Milestones (%n)", len(self.data.milestones) if self.data else 0)

    def show_data(self, data: PersonPage) -> None:
        self.model.set_rows(data.milestones)
        if self.data is None or self.data.member.id != data.member.id:
            set_date(self.date_edit, data.today)
        super().show_data(data)
        self._selected()

    def _selected(self) -> None:
        self.remove_button.setEnabled(self.selected() is not None)

    def add(self) -> None:
        member_id = self.member_id
        if member_id is None:
            return
        label, day, shared = (
            self.label_edit.text(),
            get_date(self.date_edit),
            self.shared_box.isChecked(),
        )
        self.run(
            lambda s: s.roster.add_milestone(member_id, label, day, shared=shared),
            self.label_edit.clear,
        )

    def remove(self) -> None:
        chosen: MilestoneRecord | None = self.selected()
        if chosen is None:
            return
        text = _tr("Remove the milestone “%1” (%2)?")
        if self.confirm(
            _tr("Remove milestone?"),
            text.replace("%1", chosen.label).replace("%2", date_text(chosen.date)),
            _tr("Remove"),
        ):
            milestone_id = chosen.id
            self.run(lambda s: s.roster.remove_milestone(milestone_id))


__all__ = ["ConsentsPanel", "GroupsPanel", "MilestonesPanel"]
