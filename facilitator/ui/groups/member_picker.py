"""Add an existing member to a group: a filterable list of the people not on its
roster.  Type a few letters, Down or Enter, and they join (from today)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator.app import Services
from facilitator.domain import GroupRecord, MemberRecord
from facilitator.errors import UserFacingError
from facilitator.ui.groups.text import status_text, tr
from facilitator.ui.kit.closing import GuardedDialog
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.table_model import Column, RowsFilter, RowsModel, make_table
from facilitator.ui.kit.widgets import ProblemBox, RowActivation, dialog_buttons, fit_columns
from facilitator.ui.plumbing.backend import Backend


def _phone(member: MemberRecord, privacy: Privacy) -> str:
    return tr("Hidden") if privacy.on and member.phone else member.phone


def members_not_in(s: Services, group_id: int) -> list[MemberRecord]:
    on_roster = {entry.member.id for entry in s.roster.roster(group_id)}
    return [m for m in s.roster.members() if m.id not in on_roster]


class MemberPicker(GuardedDialog):
    """Pick a member to add to a group; the filter is a search, so closing never asks."""

    asks_before_closing = False

    joined = Signal(object)  # the MemberRecord who joined

    def __init__(
        self,
        backend: Backend,
        privacy: Privacy,
        group: GroupRecord,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.privacy = privacy
        self.group = group
        self.saving = False
        # A group's name says what it is for: never in a title (the taskbar, a shared screen).
        self.setWindowTitle(tr("Add an existing member"))
        self.setAccessibleName(tr("Add an existing member to %1").replace("%1", group.name))
        self.setModal(True)

        self.model = RowsModel(
            [
                Column(tr("Name"), privacy.member, stretch=True),
                Column(tr("Phone"), lambda m: _phone(m, privacy)),
                Column(tr("Status"), lambda m: status_text(m.status)),
            ]
        )
        self.proxy = RowsFilter(self.model)
        self.table = make_table(self.proxy, tr("Members not in this group"))
        # Thousands of people: they come sorted by name, and are not sorted again here.
        self.table.setSortingEnabled(False)
        self.proxy.sort(-1)
        fit_columns(self.table)
        self.table.horizontalHeader().setResizeContentsPrecision(100)
        RowActivation(self.table, self.add)
        self.filter = QLineEdit()
        self.filter.setAccessibleName(tr("Find a member"))
        self.filter.setPlaceholderText(tr("Type part of a name, then Enter"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.filter.installEventFilter(self)
        label = QLabel(tr("&Find:"))
        label.setBuddy(self.filter)
        self.count = QLabel(tr("Loading members…"))
        self.count.setAccessibleName(tr("How many members are listed"))
        self.problem = ProblemBox()
        self.buttons, self.ok_button = dialog_buttons(self, tr("Add to group"))
        self.set_main_button(self.ok_button)
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.add)
        self.table.selectionModel().selectionChanged.connect(self._update_ok)

        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.filter, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 70, metrics.lineSpacing() * 24)
        privacy.follow(self, self.model.redraw)
        self.filter.setFocus()

        group_id = group.id
        self.backend.call(lambda s: members_not_in(s, group_id), self._show, context=self)

    def _show(self, members: list[MemberRecord]) -> None:
        self.model.set_rows(members)
        self._filter(self.filter.text())

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        if self.proxy.rowCount():
            self.table.selectRow(0)  # Enter in the filter box adds the first match
        else:
            self.table.clearSelection()
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if shown < total:
            text = tr("Showing %1 of %n member(s)", total).replace("%1", str(shown))
        else:
            text = tr("%n member(s) not in this group", total)
        self.count.setText(text)
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.selected() is not None and not self.saving)

    def selected(self) -> MemberRecord | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        record = self.proxy.record(rows[0].row())
        return record if isinstance(record, MemberRecord) else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filter
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.proxy.rowCount()
        ):
            self.table.setFocus()
            return True
        return super().eventFilter(watched, event)

    def add(self) -> None:
        member = self.selected()
        if member is None or self.saving:
            return
        self.saving = True
        self._update_ok()
        member_id, group_id = member.id, self.group.id
        self.backend.call(
            lambda s: s.roster.join_group(member_id, group_id),
            lambda _membership: self._joined(member),
            context=self,
            failed=self._failed,
        )

    def _joined(self, member: MemberRecord) -> None:
        self.saving = False
        self.joined.emit(member)
        self.accept()

    def _failed(self, exc: UserFacingError) -> None:
        self.saving = False
        self._update_ok()
        self.problem.show_problem(exc.message)
