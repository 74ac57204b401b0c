"""The Members page: everyone in a filterable, sortable list, and the chosen person's page.

The list comes from one service call (:meth:`RosterService.member_list`: every
member with their current groups); typing in the filter box narrows it on every
word, ignoring case and accents ("zoe" finds "Zoë"), and the status box chooses
current / active / inactive / archived / everyone.  Choosing a row shows the
person (:class:`~facilitator.ui.members.person.PersonView`) beside the list.  Ctrl+N adds
a member (:class:`~facilitator.ui.editors.member_dialog.MemberDialog`); Ctrl+F goes to the
filter box; ``go_to(MemberTarget)`` shows a person even when the filter hid them.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain import MemberStatus, PersonPage
from facilitator.domain.changes import EVERYTHING, Change
from facilitator.services.roster import MemberListRow
from facilitator.ui.editors.member_dialog import MemberDialog
from facilitator.ui.kit.dates import date_text
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.selection import unhidden_row
from facilitator.ui.kit.table_model import RowsModel, make_table
from facilitator.ui.kit.translate import translate
from facilitator.ui.kit.widgets import heading
from facilitator.ui.members.common import button
from facilitator.ui.members.listing import (
    MembersFilter,
    member_columns,
    short_status,
    shows,
    sort_rows,
    status_choices,
)
from facilitator.ui.members.person import PersonView
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import MemberTarget, Target
from facilitator.ui.plumbing.page import Page

NAME_CHARS = (16, 30)  # the Name column's width, in characters: at least, at most
GROUPS_CHARS = 10  # the least the Groups column is given before "Joined" gives way
NAME, GROUPS, STATUS, JOINED = range(4)  # the list's columns (listing.member_columns)


def _tr(text: str, n: int = -1) -> str:
    return translate("MembersPage", text, n)


class MembersPage(Page):
    """Everyone, and one person's page."""

    # What the page shows: the list and a person's whole page.
    kinds = EVERYTHING & ~(Change.PUBLICATIONS | Change.SETTINGS)

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(backend, privacy, parent)
        self.editor: MemberDialog | None = None
        self._loading = False
        self._loaded = False
        self._wanted: int | None = None  # a person to select once the list is read
        self._quiet = False  # selection changes are the page's own, not a choice
        self._build()
        privacy.follow(self, self._redraw)

    def _build(self) -> None:
        self.model = RowsModel(member_columns(self.privacy), self)
        self.proxy = MembersFilter(self.model, self)
        self.table = make_table(self.proxy, _tr("Members"))
        # the page sorts the rows itself (see facilitator.ui.members.listing); the proxy filters
        self.table.setSortingEnabled(False)
        self.proxy.sort(-1)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(lambda *_: self._resort())
        metrics = self.fontMetrics()
        pad = metrics.averageCharWidth() * 3
        widest_status = max(metrics.horizontalAdvance(short_status(s)) for s in MemberStatus)
        joined = metrics.horizontalAdvance(date_text(dt.date(2026, 9, 30)))
        self._widths = {STATUS: widest_status + pad, JOINED: joined + pad}
        self._name_width = metrics.averageCharWidth() * NAME_CHARS[0]
        for column, width in self._widths.items():
            self.table.setColumnWidth(column, width)
        self.table.installEventFilter(self)  # its width changes: the columns follow
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        find_label, show_label = self._build_controls()
        self.person = PersonView(self.backend, self.privacy)
        self.person.navigate.connect(self.navigate)
        self.person.loaded.connect(self._person_loaded)
        self.person.forgotten.connect(self.activate)  # the list, read again without them
        self._lay_out(find_label, show_label)
        self._status_chosen()

    def _build_controls(self) -> tuple[QLabel, QLabel]:

        self.filter = QLineEdit()
        self.filter.setAccessibleName(_tr("Find a member"))
        self.filter.setPlaceholderText(_tr("Name or group"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_typed)
        self.filter.returnPressed.connect(self._choose_first)
        find_label = QLabel(_tr("Fin&d:"))
        find_label.setBuddy(self.filter)
        self.status_box = QComboBox()
        self.status_box.setAccessibleName(_tr("Which members to show"))
        for key, text in status_choices():
            self.status_box.addItem(text, key)
        self.status_box.currentIndexChanged.connect(lambda _i: self._status_chosen())
        show_label = QLabel(_tr("&Show:"))
        show_label.setBuddy(self.status_box)
        self.count = QLabel()
        self.count.setAccessibleName(_tr("How many members are listed"))
        self.new_button = button(_tr("New mem&ber…"), _tr("Add a new member"))
        self.new_button.clicked.connect(self.new_item)
        return find_label, show_label

    def _lay_out(self, find_label: QLabel, show_label: QLabel) -> None:
        self.list_side = left = QWidget()
        grid = QVBoxLayout(left)
        grid.setContentsMargins(0, 0, 0, 0)
        finder = QHBoxLayout()
        finder.addWidget(find_label)
        finder.addWidget(self.filter, 1)
        chooser = QHBoxLayout()
        chooser.addWidget(show_label)
        chooser.addWidget(self.status_box, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.count, 1)
        footer.addWidget(self.new_button)
        grid.addLayout(finder)
        grid.addLayout(chooser)
        grid.addWidget(self.table, 1)
        grid.addLayout(footer)
        left.setMinimumWidth(self.fontMetrics().averageCharWidth() * 34)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.person)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self._sized = False
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_tr("Members"), 1.5))  # as the other pages are headed
        layout.addWidget(self.splitter, 1)
        QWidget.setTabOrder(self.filter, self.status_box)
        QWidget.setTabOrder(self.status_box, self.table)
        QWidget.setTabOrder(self.table, self.new_button)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # the list takes two fifths, the person the rest
            self._sized = True
            width = max(self.splitter.width(), 1)
            left = max(self.fontMetrics().averageCharWidth() * 40, width * 40 // 100)
            self.splitter.setSizes([left, max(width - left, 1)])
        self._fit_person()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_person()

    def _fit_person(self) -> None:
        """The person's side as wide as the names of their tabs need, when the page has
        the room, so no tab ("Overview", "Follow-ups") hides behind the scroll arrows at
        the window's default size (issue 16).  The list gives way down to its least
        width; a narrower window still scrolls the tabs."""
        tabs = self.person.tabs
        frame = tabs.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth) * 2
        around = max(self.person.width() - tabs.width(), 0)
        need = tabs.tabBar().sizeHint().width() + around + frame
        left, right = self.splitter.sizes()
        if right >= need:
            return
        least = self.list_side.minimumSizeHint().width()
        wanted_left = max(left + right - need, least)
        if wanted_left < left:
            self.splitter.setSizes([wanted_left, left + right - wanted_left])

    # -- the page's part ---------------------------------------------------------------
    def activate(self) -> None:
        self.reload()
        self.person.reload()

    def go_to(self, target: Target) -> bool:
        if not isinstance(target, MemberTarget):
            return False
        self._wanted = target.member_id
        if self.person.member_id != target.member_id:
            self.person.show_member(target.member_id)
        if not self._loading:
            self._select_wanted()
        return True

    def new_item(self) -> bool:
        dialog = MemberDialog(self.backend, self.privacy, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._added)
        self.editor = dialog
        dialog.open()
        return True

    def focus_filter(self) -> bool:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()
        return True

    def flush(self) -> None:
        self.person.flush()

    # -- the list ----------------------------------------------------------------------
    def reload(self) -> None:
        """Read the list again (the chosen person stays chosen)."""
        if self._wanted is None and self.person.member_id is not None:
            self._wanted = self.person.member_id
        self._loading = True
        self.backend.call(lambda s: s.roster.member_list(), self._show_rows, context=self)

    def _show_rows(self, rows: list[MemberListRow]) -> None:
        self._loading = False
        self._loaded = True
        rows = self._sorted(rows)
        if rows != self.model.rows:  # 5,000 rows take a moment to show: only when changed
            self.model.set_rows(rows)
            self._fit_names()
        self._update_count()
        if self._wanted is not None:
            self._select_wanted()
        elif not rows:
            self.person.show_nothing(
                _tr("No members yet. Add the first with “New member” (Ctrl+N).")
            )

    def _select_wanted(self) -> None:
        member_id, self._wanted = self._wanted, None
        if member_id is None:
            return
        source = self.model.find(lambda r: r.id == member_id)
        if source < 0:
            if self._loaded and not self._loading:
                self._wanted = member_id
                self._loaded = False  # not there yet (added elsewhere): read again once
                self.reload()
            return
        row = unhidden_row(
            self.proxy,
            source,
            self.filter,
            lambda: self.status_box.setCurrentIndex(self.status_box.findData("all")),
        )
        if row >= 0:
            index = self.proxy.index(row, 0)
            self.table.selectionModel().select(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def _proxy_row(self, source_row: int) -> int:
        return self.proxy.mapFromSource(self.model.index(source_row, 0)).row()

    def selected_row(self) -> MemberListRow | None:
        rows = self.table.selectionModel().selectedRows()
        record: MemberListRow | None = self.proxy.record(rows[0].row()) if rows else None
        return record

    def _selected(self) -> None:
        if self._quiet:
            return
        chosen = self.selected_row()
        if chosen is not None and chosen.id != self.person.member_id:
            self.person.show_member(chosen.id)

    def _redraw(self) -> None:
        """The privacy screen changed: names look (and sort) differently."""
        self.model.redraw()
        self._fit_names()
        self._resort()

    def _fit_names(self) -> None:
        """The Name column as wide as the longest name shown, within :data:`NAME_CHARS`
        (a longer one elides, whole in its tooltip)."""
        metrics = self.table.fontMetrics()
        name = self.model.columns[NAME].text
        widest = max((metrics.horizontalAdvance(name(r)) for r in self.model.rows), default=0)
        least, most = (metrics.averageCharWidth() * n for n in NAME_CHARS)
        pad = metrics.averageCharWidth() * 2
        self._name_width = min(max(widest + pad, least), most)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Nothing cut off at the list's width: the Name column fits the names and the
        Groups column takes the rest (eliding, whole in its tooltip); when the list is
        too narrow for all four, "Joined" gives way first (it is on the person's page),
        then the names shrink to :data:`NAME_CHARS`'s least."""
        room = self.table.viewport().width()
        metrics = self.table.fontMetrics()
        groups = metrics.averageCharWidth() * GROUPS_CHARS
        status, joined = self._widths[STATUS], self._widths[JOINED]
        hide_joined = self._name_width + status + joined + groups > room
        self.table.setColumnHidden(JOINED, hide_joined)
        fixed = status + (0 if hide_joined else joined) + groups
        least = metrics.averageCharWidth() * NAME_CHARS[0]
        self.table.setColumnWidth(NAME, max(min(self._name_width, room - fixed), least))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _sorted(self, rows: list[MemberListRow]) -> list[MemberListRow]:
        header = self.table.horizontalHeader()
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        column = max(header.sortIndicatorSection(), 0)
        return sort_rows(rows, self.model.columns, column, descending)

    def _resort(self) -> None:
        """A column's header was clicked: the rows in its order; the chosen one stays chosen."""
        chosen = self.selected_row()
        self._quiet = True
        try:
            self.model.set_rows(self._sorted(self.model.rows))
        finally:
            self._quiet = False
        if chosen is not None:
            self._wanted = chosen.id
            self._select_wanted()

    def _filter_typed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _status_chosen(self) -> None:
        self.proxy.set_predicate(shows(str(self.status_box.currentData())))
        self._update_count()

    def _choose_first(self) -> None:
        """Enter in the filter box: show the first person listed."""
        if self.proxy.rowCount():
            self.table.selectRow(0)
            self.table.setFocus()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            self.count.setText(_tr("%n member(s)", total))
        else:
            self.count.setText(_tr("%1 of %n member(s)", total).replace("%1", str(shown)))

    # -- changes ---------------------------------------------------------------------
    def _added(self, member: object) -> None:
        member_id = getattr(member, "id", None)
        if isinstance(member_id, int):
            self._wanted = member_id
            self.person.show_member(member_id)
        self.reload()

    def _person_loaded(self, data: PersonPage) -> None:
        """Keep the person's row in step with what was just read (an edit, a new group)."""
        self._fit_person()  # the tabs' names count what was read
        row = self.model.find(lambda r: r.id == data.member.id)
        if row < 0:
            return
        old = self.model.row(row)
        new = MemberListRow.of(data.member, data.current_groups)
        if new == old:
            return
        self._quiet = True  # the row may leave the filter: the view must not pick another
        try:
            self.model.replace(row, new)
            if self._proxy_row(row) < 0:
                self.table.clearSelection()
                self.table.setCurrentIndex(self.proxy.index(-1, -1))
        finally:
            self._quiet = False
        self._update_count()
