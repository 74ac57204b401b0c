"""The Roster tab of a group: its members in a sortable, filterable table, and what
can be done to them (new, add existing, edit, remove from the group, archive).

Double-click or Enter on a row opens the person's page.  Only this group's
roster is read, and only when the tab is shown.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator.app import Services
from facilitator.domain import MemberRecord, MemberStatus, RosterEntry
from facilitator.ui.groups.member_picker import MemberPicker
from facilitator.ui.groups.text import status_text, tr
from facilitator.ui.groups.widgets import GroupTab
from facilitator.ui.kit.dates import date_text
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.table_model import Column, RowsFilter, RowsModel, make_table
from facilitator.ui.kit.widgets import RowActivation, fit_columns, push_button, set_button_text
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import MemberTarget


def phone_text(member: MemberRecord, privacy: Privacy) -> str:
    if privacy.on and member.phone:
        return tr("Hidden")
    return member.phone


def roster_status(entry: RosterEntry) -> str:
    if entry.left_on is not None:
        return tr("Left the group %1").replace("%1", date_text(entry.left_on))
    return status_text(entry.member.status)


def _button_row(left: list[QWidget], right: list[QWidget]) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in left:
        row.addWidget(button)
    row.addStretch(1)
    for button in right:
        row.addWidget(button)
    return row


class RosterTab(GroupTab):
    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(backend, privacy, parent)
        self.editor: QWidget | None = None  # the open member dialog or picker (for tests)
        self._select_member: int | None = None
        self.model = RowsModel(
            [
                Column(tr("Name"), lambda e: privacy.member(e.member), stretch=True),
                Column(tr("Phone"), lambda e: phone_text(e.member, privacy)),
                Column(
                    tr("Joined"),
                    lambda e: date_text(e.joined_on),
                    sort=lambda e: e.joined_on,
                ),
                Column(tr("Status"), roster_status),
            ]
        )
        self.proxy = RowsFilter(self.model)
        self.table = make_table(self.proxy, tr("Roster"))
        fit_columns(self.table)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        RowActivation(self.table, self.open_member)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.filter = QLineEdit()
        self.filter.setAccessibleName(tr("Filter the roster"))
        self.filter.setPlaceholderText(tr("Type part of a name or number"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.filter.installEventFilter(self)
        filter_label = QLabel(tr("Fil&ter:"))
        filter_label.setBuddy(self.filter)
        self.include_former = QCheckBox(tr("Show f&ormer members"))
        self.include_former.setAccessibleName(tr("Show former members"))
        self.include_former.toggled.connect(self._former_toggled)
        self.count = QLabel()
        self.count.setAccessibleName(tr("Roster size"))

        self.new_button = push_button(tr("Ne&w member…"), self.new_member)
        self.add_button = push_button(
            tr("Add e&xisting…"), self.add_existing, tr("Add an existing member")
        )
        self.edit_button = push_button(tr("Edit &member…"), self.edit_member)
        # The two that take someone off the roster have no mnemonic: no slip of a key.
        self.remove_button = push_button(
            tr("Remove…"), self.remove_member, tr("Remove from the group")
        )
        self.archive_button = push_button(tr("Archive…"), self.archive_member, tr("Archive member"))

        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter, 1)
        top.addWidget(self.include_former)
        # Two rows (who joins; what happens to the chosen one): in one row the five
        # buttons left the group list too narrow for its names at the default window
        # size (issue 16 defect 6).
        joining = _button_row([self.new_button, self.add_button], [])
        chosen = _button_row([self.edit_button], [self.remove_button, self.archive_button])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addLayout(joining)
        layout.addLayout(chosen)
        order = [self.filter, self.include_former, self.table, self.new_button, self.add_button]
        order += [self.edit_button, self.remove_button, self.archive_button]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        privacy.follow(self, self.model.redraw)
        self._update_buttons()

    # -- reading ------------------------------------------------------------------------
    def clear(self) -> None:
        self.model.clear()
        self.filter.clear()
        self.count.setText("")
        self._update_buttons()

    def load(self) -> None:
        group_id = self.group_id
        if group_id is None:
            return
        former = self.include_former.isChecked()
        self.count.setText(tr("Loading the roster…"))
        self.backend.call(
            lambda s: s.roster.roster(group_id, include_former=former),
            lambda rows: self._show(group_id, rows),
            context=self,
        )

    def _show(self, group_id: int, rows: list[RosterEntry]) -> None:
        if group_id != self.group_id:
            return  # another group was chosen meanwhile
        selected = self.selected()
        keep = self._select_member or (selected.member.id if selected else None)
        self._select_member = None
        self.model.set_rows(rows)
        self._update_count()
        if keep is not None:
            self.select_member(keep)
        self._update_buttons()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if shown < total:
            text = tr("Showing %1 of %n member(s)", total).replace("%1", str(shown))
        elif self.include_former.isChecked():
            text = tr("%n member(s), former included", total)
        else:
            text = tr("%n member(s)", total)
        self.count.setText(text)

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _former_toggled(self) -> None:
        self.stale = True
        self.ensure_loaded()

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down from the filter box goes to the first row.
        if (
            watched is self.filter
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.proxy.rowCount()
        ):
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    # -- the selected row ---------------------------------------------------------------
    def selected(self) -> RosterEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        record = self.proxy.record(rows[0].row())
        return record if isinstance(record, RosterEntry) else None

    def select_member(self, member_id: int) -> bool:
        for row, record in enumerate(self.proxy.records()):
            if record.member.id == member_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.proxy.index(row, 0))
                return True
        return False

    def _update_buttons(self) -> None:
        entry = self.selected()
        has_group = self.group is not None and not self.group.archived
        for button in (self.new_button, self.add_button):
            button.setEnabled(has_group)
        self.edit_button.setEnabled(entry is not None)
        self.remove_button.setEnabled(has_group and entry is not None and entry.left_on is None)
        archived = entry is not None and entry.member.status is MemberStatus.LEFT
        if archived:
            set_button_text(self.archive_button, tr("Restore"), tr("Restore member"))
        else:
            set_button_text(self.archive_button, tr("Archive…"), tr("Archive member"))
        self.archive_button.setEnabled(entry is not None and (has_group or not archived))

    def open_member(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.navigate.emit(MemberTarget(entry.member.id))

    # -- changes ------------------------------------------------------------------------
    def _after_change(self, member_id: int | None = None) -> None:
        self._select_member = member_id
        self.stale = True
        self.ensure_loaded()
        self.saved.emit()

    def _member_saved(self, member: object) -> None:
        self._after_change(member.id if isinstance(member, MemberRecord) else None)

    def new_member(self) -> None:
        if self.group is None:
            return
        from facilitator.ui.editors.member_dialog import MemberDialog

        dialog = MemberDialog(self.backend, self.privacy, self, group_id=self.group.id)
        dialog.saved.connect(self._member_saved)
        self.editor = dialog
        dialog.open()

    def edit_member(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        from facilitator.ui.editors.member_dialog import MemberDialog

        dialog = MemberDialog(self.backend, self.privacy, self, member=entry.member)
        dialog.saved.connect(self._member_saved)
        self.editor = dialog
        dialog.open()

    def add_existing(self) -> None:
        if self.group is None:
            return
        picker = MemberPicker(self.backend, self.privacy, self.group, self)
        picker.joined.connect(self._member_saved)
        self.editor = picker
        picker.open()

    def remove_member(self) -> None:
        entry, group = self.selected(), self.group
        if entry is None or group is None or entry.left_on is not None:
            return
        name = self.privacy.member(entry.member)
        question = tr(
            "Take %1 off the roster of %2? Their attendance history stays, and they can "
            "be added again later."
        )
        if not self.backend.messages.confirm(
            self.window(),
            tr("Remove from group"),
            question.replace("%1", name).replace("%2", group.name),
            tr("Remove from group"),
        ):
            return
        member_id, group_id = entry.member.id, group.id
        self.backend.call(
            lambda s: s.roster.leave_group(member_id, group_id),
            lambda _m: self._after_change(),
            context=self,
        )

    def archive_member(self) -> None:
        entry, group = self.selected(), self.group
        if entry is None or group is None:
            return
        member_id, group_id = entry.member.id, group.id
        if entry.member.status is MemberStatus.LEFT:
            self.backend.call(
                lambda s: _restore(s, member_id, group_id),
                lambda _m: self._after_change(member_id),
                context=self,
            )
            return
        question = tr(
            "Archive %1? They are marked as archived and taken off the rosters of all "
            "their groups. Their attendance history and notes are kept, and they can be "
            "restored."
        )
        if not self.backend.messages.confirm(
            self.window(),
            tr("Archive member"),
            question.replace("%1", self.privacy.member(entry.member)),
            tr("Archive"),
        ):
            return
        self.backend.call(
            lambda s: _archive(s, member_id),
            lambda _m: self._after_change(),
            context=self,
        )


def _archive(s: Services, member_id: int) -> MemberRecord:
    """Status "left" (the model's archived), and off every current roster."""
    member = s.roster.set_status(member_id, MemberStatus.LEFT)
    today = s.schedule.today()
    for membership in s.roster.memberships(member_id):
        if membership.current:
            left_on = max(today, membership.joined_on)
            s.roster.leave_group(member_id, membership.group_id, left_on)
    return member


def _restore(s: Services, member_id: int, group_id: int) -> MemberRecord:
    """Active again, and back on this group's roster."""
    member = s.roster.set_status(member_id, MemberStatus.ACTIVE)
    s.roster.join_group(member_id, group_id)
    return member
