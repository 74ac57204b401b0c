"""The Groups page: the list of groups on the left, the selected group on the right
with its tabs Roster | Sessions | Details.

The list (name, schedule in words, member count) is read when the page is
shown; a group's roster or sessions only when its tab is shown, so the page
appears at once even with a hundred groups.  Ctrl+N creates a group, Ctrl+F
filters the roster (or the list of groups).  Every change is saved through the
backend and shown again; the Backend reports what it changed to the other pages.
"""

from __future__ import annotations

import datetime as dt
import itertools

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain import GroupRecord
from facilitator.domain.changes import Change
from facilitator.ui.groups.details import DetailsTab
from facilitator.ui.groups.group_dialog import GroupDialog
from facilitator.ui.groups.roster import RosterTab
from facilitator.ui.groups.sessions import SessionsTab
from facilitator.ui.groups.text import group_schedule_text, schedule_words, tr
from facilitator.ui.groups.widgets import GroupTab
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.selection import unhidden_row
from facilitator.ui.kit.table_model import Column, RowsFilter, RowsModel, make_table
from facilitator.ui.kit.widgets import RowActivation, fit_columns, heading, push_button, value_label
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import GroupTarget, Target
from facilitator.ui.plumbing.page import Page

TABS = ("roster", "sessions", "details")


def group_name_text(group: GroupRecord) -> str:
    return tr("%1 (archived)").replace("%1", group.name) if group.archived else group.name


class GroupsPage(Page):
    """Groups: create and edit them, their rosters and their sessions."""

    # What the page shows: groups, rosters, schedules, sessions and their counts.
    kinds = (
        Change.GROUPS | Change.MEMBERS | Change.MEMBERSHIPS | Change.SESSIONS | Change.ATTENDANCE
    )

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(backend, privacy, parent)
        self.setAccessibleName(tr("Groups"))
        self.today = dt.date.today()  # replaced by the services' today on the first read
        self.group: GroupRecord | None = None
        self.editor: GroupDialog | None = None
        self.loaded = False
        self._wanted: int | None = None  # a group to select once the list arrives
        self._force_tabs = False  # read the tabs again (the page was shown again)
        self._refilling = False

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setAccessibleName(tr("Groups and the selected group"))
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_list())
        self.splitter.addWidget(self._build_group_view(backend, privacy))
        self.splitter.setStretchFactor(1, 1)
        self.splitter.splitterMoved.connect(lambda _pos, _index: self._splitter_moved())
        self._sized = False
        self._sized_by_hand = False  # the person moved the splitter: left as they put it
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.splitter)
        order: list[QWidget] = [self.new_button, self.group_filter, self.list, self.show_archived]
        order += [self.edit_button, self.tabs]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self._show_group(None)

    def _build_list(self) -> QWidget:
        """The left side: the groups, a filter, New group and Show archived."""
        self.model = RowsModel(
            [
                Column(tr("Group"), group_name_text, stretch=True),
                Column(tr("Schedule"), lambda g: schedule_words(g.schedule_rule)),
                Column(
                    tr("Members"),
                    lambda g: str(g.member_count),
                    sort=lambda g: g.member_count,
                    align_right=True,
                ),
            ]
        )
        self.proxy = RowsFilter(self.model)
        self.list = make_table(self.proxy, tr("Groups"))
        self.list.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        fit_columns(self.list)
        self.list.selectionModel().currentRowChanged.connect(self._on_current)
        RowActivation(self.list, self._enter_group)
        list_label = heading(tr("&Groups"), 1.3)
        list_label.setBuddy(self.list)
        self.new_button = push_button(tr("&New group…"), self.new_item)
        self.new_button.setToolTip(tr("Create a group (Ctrl+N)"))
        self.group_filter = QLineEdit()
        self.group_filter.setAccessibleName(tr("Find a group"))
        self.group_filter.setPlaceholderText(tr("Part of a group's name or day"))
        self.group_filter.setClearButtonEnabled(True)
        self.group_filter.textChanged.connect(self._filter_groups)
        find_label = QLabel(tr("Find gro&up:"))
        find_label.setBuddy(self.group_filter)
        self.show_archived = QCheckBox(tr("Show &archived groups"))
        self.show_archived.setAccessibleName(tr("Show archived groups"))
        self.show_archived.toggled.connect(lambda _on: self._load_groups())

        left = QWidget()
        layout = self._list_layout = QVBoxLayout(left)
        layout.setContentsMargins(12, 10, 6, 10)
        top = QHBoxLayout()
        top.addWidget(list_label, 1)
        top.addWidget(self.new_button)
        find_row = QHBoxLayout()
        find_row.addWidget(find_label)
        find_row.addWidget(self.group_filter, 1)
        layout.addLayout(top)
        layout.addLayout(find_row)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.show_archived)
        return left

    def _build_group_view(self, backend: Backend, privacy: Privacy) -> QWidget:
        """The right side: the selected group's name, schedule and tabs (or a line
        saying there is none)."""
        self.title = heading("", 1.4)
        self.title.setAccessibleName(tr("Group name"))
        self.subtitle = value_label(tr("Schedule and place"))
        self.edit_button = push_button(tr("Ed&it group…"), self.edit_group)
        self.roster = RosterTab(backend, privacy)
        self.sessions = SessionsTab(backend, privacy)
        self.details = DetailsTab(backend, privacy)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(tr("Group"))
        self.tabs.tabBar().setAccessibleName(tr("Group tabs"))
        for tab, name, label in (
            (self.roster, tr("Roster"), tr("&Roster")),
            (self.sessions, tr("Sessions"), tr("&Sessions")),
            (self.details, tr("Details"), tr("&Details")),
        ):
            tab.setAccessibleName(name)
            self.tabs.addTab(tab, label)
            tab.saved.connect(self._tab_saved)
            tab.navigate.connect(self.navigate)
        self.tabs.currentChanged.connect(lambda _index: self._load_current_tab())
        self.details.archived.connect(self._group_archived)

        group_view = QWidget()
        layout = QVBoxLayout(group_view)
        layout.setContentsMargins(6, 10, 12, 10)
        title_row = QHBoxLayout()
        title_column = QVBoxLayout()
        title_column.addWidget(self.title)
        title_column.addWidget(self.subtitle)
        title_row.addLayout(title_column, 1)
        title_row.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(title_row)
        layout.addWidget(self.tabs, 1)
        self.empty = QLabel(tr("Loading the groups…"))
        self.empty.setAccessibleName(tr("No group selected"))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(group_view)
        return self.right

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # once laid out, the list takes 44% of the page
            self._sized = True
            QTimer.singleShot(0, self, self._size_splitter)

    def _size_splitter(self) -> None:
        """The list takes 44% of the page, or what its names need (issue 16 defect 6:
        names were cut off at the default window size), leaving the group its least."""
        total = self.splitter.width()
        left = max(int(total * 0.44), self.fontMetrics().averageCharWidth() * 40)
        left = max(left, self._list_width_needed())
        right_least = self.right.minimumSizeHint().width()
        left = max(min(left, total - right_least - self.splitter.handleWidth()), 0)
        self.splitter.setSizes([left, max(total - left, 0)])

    def _list_width_needed(self) -> int:
        """The left side's width at which no column of the list is cut short."""
        view, header = self.list, self.list.horizontalHeader()
        columns = sum(
            max(header.sectionSizeHint(c), view.sizeHintForColumn(c)) for c in range(header.count())
        )
        frame = 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width()
        margins = self._list_layout.contentsMargins()
        return columns + frame + margins.left() + margins.right()

    def _splitter_moved(self) -> None:
        self._sized_by_hand = True

    @property
    def group_tabs(self) -> tuple[GroupTab, ...]:
        return (self.roster, self.sessions, self.details)

    # -- Page ---------------------------------------------------------------------------
    def activate(self) -> None:
        self._force_tabs = True
        self._load_groups()

    def go_to(self, target: Target) -> bool:
        if not isinstance(target, GroupTarget):
            return False
        if target.tab in TABS:
            self.tabs.setCurrentIndex(TABS.index(target.tab))
        self._wanted = target.group_id
        if self.loaded and self._select(target.group_id):
            self._wanted = None
        return True

    def new_item(self) -> bool:
        self._open_editor(None)
        return True

    def focus_filter(self) -> bool:
        if self.group is not None and self.tabs.currentWidget() is self.roster:
            self.roster.focus_filter()
        else:
            self.group_filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.group_filter.selectAll()
        return True

    # -- the list -----------------------------------------------------------------------
    def _load_groups(self) -> None:
        archived = self.show_archived.isChecked()
        self.backend.call(
            lambda s: (s.schedule.today(), s.roster.groups(include_archived=archived)),
            lambda found: self._show_groups(*found),
            context=self,
        )

    def _show_groups(self, today: dt.date, groups: list[GroupRecord]) -> None:
        self.today = today
        for tab in self.group_tabs:
            tab.today = today
        wanted = self._wanted if self._wanted is not None else self.group_id
        missing = self._wanted is not None and all(g.id != self._wanted for g in groups)
        if missing and not self.show_archived.isChecked():
            self.show_archived.setChecked(True)  # it may be archived: read them all
            return
        self._wanted = None
        self.loaded = True
        self._refilling = True  # the reset and re-selection are not the person's choice
        try:
            self.model.set_rows(groups)
            if not (wanted is not None and self._select(wanted)) and self.proxy.rowCount():
                self.list.selectRow(0)
        finally:
            self._refilling = False
        self._on_current(self.list.currentIndex())
        self._force_tabs = False
        if self._sized and not self._sized_by_hand:
            self._size_splitter()  # the names read may need more room

    @property
    def group_id(self) -> int | None:
        return self.group.id if self.group is not None else None

    def _select(self, group_id: int) -> bool:
        source = self.model.find(lambda g: g.id == group_id)
        row = unhidden_row(self.proxy, source, self.group_filter)
        if row < 0:
            return False
        self.list.selectRow(row)
        self.list.scrollTo(self.proxy.index(row, 0))
        return True

    def _filter_groups(self, text: str) -> None:
        self.proxy.set_text(text)
        if not self.list.currentIndex().isValid() and self.proxy.rowCount():
            self.list.selectRow(0)  # the first match is shown at once

    def _on_current(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if self._refilling:
            return
        record = self.proxy.record(current.row()) if current.isValid() else None
        self._show_group(record if isinstance(record, GroupRecord) else None)

    def _enter_group(self) -> None:
        """Enter on a group: into its current tab."""
        widget = self.tabs.currentWidget()
        if widget is self.roster:
            self.roster.table.setFocus()
        elif widget is self.sessions:
            self.sessions.upcoming_table.setFocus()
        else:
            self.tabs.tabBar().setFocus()

    # -- the selected group -------------------------------------------------------------
    def _show_group(self, group: GroupRecord | None) -> None:
        self.group = group
        if group is None:
            if not self.loaded:
                text = tr("Loading the groups…")
            elif self.model.rowCount():
                text = tr("No group matches: change what is typed in Find group.")
            else:
                text = tr("No groups yet. Create one with New group (Ctrl+N).")
            self.empty.setText(text)
            self.right.setCurrentWidget(self.empty)
        else:
            self.title.setText(group_name_text(group))
            self.title.setAccessibleDescription(group.name)
            place = group_schedule_text(group)
            if group.location:
                place = tr("%1 · %2").replace("%1", place).replace("%2", group.location)
            self.subtitle.setText(place)
            self.right.setCurrentIndex(1)
        self.edit_button.setEnabled(group is not None)
        for tab in self.group_tabs:
            tab.set_group(group, force=self._force_tabs)
        self._load_current_tab()

    def _load_current_tab(self) -> None:
        widget = self.tabs.currentWidget()
        if isinstance(widget, GroupTab):
            widget.ensure_loaded()

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(name))

    # -- changes ------------------------------------------------------------------------
    def _tab_saved(self) -> None:
        self._load_groups()  # member counts

    def edit_group(self) -> None:
        if self.group is not None:
            self._open_editor(self.group)

    def _open_editor(self, group: GroupRecord | None) -> None:
        dialog = GroupDialog(self.backend, self.today, self, group=group)
        dialog.saved.connect(self._group_saved)
        self.editor = dialog
        dialog.open()

    def _group_saved(self, group: object) -> None:
        if isinstance(group, GroupRecord):
            self._wanted = group.id
        self._force_tabs = True  # a new schedule plans other sessions
        self._load_groups()

    def _group_archived(self, group: object) -> None:
        if isinstance(group, GroupRecord) and (
            not group.archived or self.show_archived.isChecked()
        ):
            self._wanted = group.id
        self._force_tabs = True
        self._load_groups()
