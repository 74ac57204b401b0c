"""The Follow-ups page: what to do for whom by when, filtered by open, overdue or done.

One service call fills the table for the chosen filter (the large demo vault's
~10,000 follow-ups are mostly done, so "Open" stays small and quick); a second,
later call names the sessions of follow-ups that belong to a session only.  A
tick, an edit or a deletion is saved through the backend, then the list is read
again; the Backend reports the change to the other pages (Today's counts).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.app import Services
from facilitator.domain import FollowUpRecord, SessionRecord
from facilitator.domain.changes import Change
from facilitator.services.followups import FollowUpFilter
from facilitator.ui.editors.followup_dialog import FollowUpDialog
from facilitator.ui.followups.rows import (
    SHOWS,
    FollowUpsFilter,
    FollowUpsModel,
    in_display_order,
    shown_by,
    size_columns,
    status_text,
)
from facilitator.ui.followups.segments import ShowChooser
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.selection import unhidden_row
from facilitator.ui.kit.table_model import make_table
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import FollowUpTarget, MemberTarget, SessionTarget, Target
from facilitator.ui.plumbing.page import Page

Loaded = tuple[dt.date, list[FollowUpRecord]]
NAME_SESSIONS_AT_ONCE = 200  # sessions named per call, so a tick never waits long


class FollowUpsPage(Page):
    """The list of follow-ups, with a filter, a text filter and the actions on one."""

    # What the page shows: follow-ups, with whom and which session they are about.
    kinds = Change.FOLLOW_UPS | Change.MEMBERS | Change.SESSIONS | Change.GROUPS

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(backend, privacy, parent)
        self.showing = "open"
        self.editor: FollowUpDialog | None = None
        self.loaded = False
        self._select_id: int | None = None  # select this follow-up when the rows come
        self._select_row = 0  # ...or this row, when it has gone from the list
        self._fallback = False  # go_to may widen the filter once to find its follow-up
        self._unnamed: list[int] = []  # sessions still to be named in the "For" column
        self.setAccessibleName(self.tr("Follow-ups"))

        self.model = FollowUpsModel(privacy, self)
        self.proxy = FollowUpsFilter(self.model, self)
        self.proxy.set_predicate(lambda f: shown_by(self.showing, f, self.model.today))
        self.table = make_table(self.proxy, self.tr("Follow-ups"))
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)  # the service's order (open soonest first) until a header click
        size_columns(self.table)

        self._build()
        self.model.toggle_requested.connect(self.toggle_done)
        self.table.activated.connect(lambda _index: self.edit())
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.table.installEventFilter(self)
        self.proxy.modelReset.connect(self._update_status)
        self.proxy.rowsInserted.connect(self._update_status)
        self.proxy.rowsRemoved.connect(self._update_status)
        self.proxy.layoutChanged.connect(self._update_status)
        privacy.on_change(self, self._privacy_changed)
        self._update_buttons()

    # -- building ------------------------------------------------------------------
    def _build(self) -> None:
        title = QLabel(self.tr("Follow-ups"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.5)
        title.setFont(font)

        self.chooser = ShowChooser(self.showing)
        self.show_buttons = self.chooser.buttons
        self.chooser.chosen.connect(self._show_chosen)

        self.filter = QLineEdit()
        self.filter.setAccessibleName(self.tr("Filter follow-ups"))
        self.filter.setPlaceholderText(self.tr("Words in what, for whom, due…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.filter.textChanged.connect(self._update_status)
        filter_label = QLabel(self.tr("Fil&ter:"))
        filter_label.setBuddy(self.filter)
        self.new_button = self._button(self.tr("Ne&w…"), self.tr("New follow-up"), self.new_item)

        self._top = top = QHBoxLayout()
        top.addWidget(self.chooser)
        top.addStretch(1)
        top.addWidget(filter_label)
        top.addWidget(self.filter, 2)
        top.addWidget(self.new_button)
        self._build_bottom(title)

    def _build_bottom(self, title: QLabel) -> None:
        self.edit_button = self._button(self.tr("Ed&it…"), self.tr("Edit follow-up"), self.edit)
        self.done_button = self._button(
            self.tr("&Mark done"), self.tr("Mark done"), self.toggle_done
        )
        self.delete_button = self._button(
            self.tr("De&lete…"), self.tr("Delete follow-up"), self.delete
        )
        self.person_button = self._button(
            self.tr("Open &person"), self.tr("Open the person"), self.open_person
        )
        self.session_button = self._button(
            self.tr("Open &session"), self.tr("Open the session"), self.open_session
        )
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Follow-ups shown"))
        self.status.setWordWrap(True)
        bottom = QHBoxLayout()
        for action in (self.edit_button, self.done_button, self.delete_button):
            bottom.addWidget(action)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.person_button)
        bottom.addWidget(self.session_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addLayout(self._top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        order: list[QWidget] = [
            *self.show_buttons.values(),
            self.filter,
            self.new_button,
            self.table,
            self.edit_button,
            self.done_button,
            self.delete_button,
            self.person_button,
            self.session_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- the Page contract -------------------------------------------------------------
    def activate(self) -> None:
        self.refresh()

    def go_to(self, target: Target) -> bool:
        if not isinstance(target, FollowUpTarget):
            return False
        if target.follow_up_id is not None:
            self.filter.clear()
            self._select_id = target.follow_up_id
            self._fallback = True
        self.set_show(target.show or self.showing, load=False)
        self.refresh(keep_selection=target.follow_up_id is None)
        return True

    def new_item(self) -> bool:
        self._open_editor(FollowUpDialog(self.backend, self.privacy, self))
        return True

    def focus_filter(self) -> bool:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()
        return True

    # -- loading ---------------------------------------------------------------------
    def set_show(self, show: str, *, load: bool = True) -> None:
        """Show "open", "overdue", "done" or "all" follow-ups."""
        if show not in SHOWS:
            return
        self.showing = show
        self.chooser.set_current(show)
        self.proxy.set_predicate(lambda f: shown_by(show, f, self.model.today))
        if load:
            self.refresh()

    def _show_chosen(self, show: str) -> None:
        if show != self.showing:
            self.set_show(show)

    def refresh(self, *, keep_selection: bool = True) -> None:
        """Read the list again (keeping the selected follow-up selected if it is still shown)."""
        if keep_selection:
            current = self.current()
            if current is not None:
                self._select_id = current.id
                self._select_row = self.table.currentIndex().row()
        which = FollowUpFilter(self.showing)
        self._unnamed = []  # the sessions still to name were the older list's

        def job(s: Services) -> Loaded:
            return s.follow_ups.today(), s.follow_ups.find(which)

        # A later filter may be chosen meanwhile: only the newest list is shown.
        self.backend.latest("rows", job, self._show_rows, context=self)

    def _show_rows(self, loaded: Loaded) -> None:
        today, rows = loaded
        self.loaded = True
        self.model.today = today
        self.model.set_rows(in_display_order(rows))
        wanted = self._select_id
        widen = wanted is not None and self._fallback and self.showing != "all"
        if widen and self.model.find(lambda f: f.id == wanted) < 0:  # not in this filter
            self._fallback = False
            self.set_show("all", load=False)
            self.refresh(keep_selection=False)  # still looking for ``wanted``
            return
        self._fallback = False
        self._reselect()
        self._update_status()
        self._name_sessions(rows)

    def _reselect(self) -> None:
        wanted, self._select_id = self._select_id, None
        count = self.proxy.rowCount()
        if count == 0:
            self._update_buttons()
            return
        source = self.model.find(lambda f: f.id == wanted) if wanted is not None else -1
        row = unhidden_row(self.proxy, source, self.filter)
        if row < 0:
            row = min(self._select_row, count - 1) if wanted is not None else 0
        self._select_row = 0
        self.select_row(row)

    def select_row(self, row: int) -> None:
        index = self.proxy.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        self._update_buttons()

    def _name_sessions(self, rows: list[FollowUpRecord]) -> None:
        """Ask, a few at a time, for the sessions of follow-ups that have no person."""
        known = self.model.sessions
        ids = {f.session_id for f in rows if f.member_id is None and f.session_id is not None}
        self._unnamed = sorted(i for i in ids if i not in known)
        self._name_next()

    def _name_next(self) -> None:
        if not self._unnamed:
            return  # done, or the list is being read again
        batch = self._unnamed[:NAME_SESSIONS_AT_ONCE]
        del self._unnamed[:NAME_SESSIONS_AT_ONCE]

        def named(sessions: dict[int, SessionRecord]) -> None:
            self.model.sessions.update(sessions)
            self.model.redraw()
            self._name_next()

        # A list read again starts its own naming: an older batch's answer is dropped.
        self.backend.latest("names", lambda s: s.schedule.sessions(batch), named, context=self)

    def _privacy_changed(self, _on: bool) -> None:
        self.model.redraw()
        self.proxy.invalidate()

    # -- what is selected ----------------------------------------------------------------
    def current(self) -> FollowUpRecord | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isSelected(index):
            return None
        record: FollowUpRecord = self.proxy.record(index.row())
        return record

    def _update_buttons(self, *_args: QModelIndex) -> None:
        record = self.current()
        for button in (self.edit_button, self.done_button, self.delete_button):
            button.setEnabled(record is not None)
        reopen = record is not None and record.done
        self.done_button.setText(self.tr("&Reopen") if reopen else self.tr("&Mark done"))
        self.done_button.setAccessibleName(self.tr("Reopen") if reopen else self.tr("Mark done"))
        self.person_button.setEnabled(record is not None and record.member_id is not None)
        self.session_button.setEnabled(record is not None and record.session_id is not None)

    def _update_status(self, *_args: object) -> None:
        if not self.loaded:
            text = self.tr("Loading…")
        else:
            typed = self.filter.text().strip() if self.model.rowCount() else ""
            text = status_text(self.showing, self.proxy.rowCount(), typed)
        self.status.setText(text)
        self.status.setAccessibleDescription(text)

    # -- actions ---------------------------------------------------------------------------
    def edit(self) -> None:
        record = self.current()
        if record is not None:
            self._open_editor(FollowUpDialog(self.backend, self.privacy, self, follow_up=record))

    def _open_editor(self, dialog: FollowUpDialog) -> None:
        if self.editor is not None:
            self.editor.deleteLater()
        self.editor = dialog
        dialog.saved.connect(self._saved)
        dialog.open()

    def _saved(self, record: FollowUpRecord) -> None:
        if not shown_by(self.showing, record, self.model.today):
            self.set_show("done" if record.done else "open", load=False)
        self._select_id = record.id
        self.refresh(keep_selection=False)

    def toggle_done(self, record: FollowUpRecord | None = None) -> None:
        record = record if isinstance(record, FollowUpRecord) else self.current()
        if record is None:
            return
        self._select_id = record.id
        self._select_row = self.table.currentIndex().row()
        done = not record.done
        self.backend.call(
            lambda s: s.follow_ups.complete(record.id, done), self._toggled, context=self
        )

    def _toggled(self, record: FollowUpRecord) -> None:
        row = self.model.find(lambda f: f.id == record.id)
        if row >= 0:
            self.model.replace(row, record)  # leaves "Open" at once; the reload confirms
        self.refresh(keep_selection=False)

    def delete(self) -> None:
        record = self.current()
        if record is None:
            return
        asked = self.backend.messages.confirm(
            self.window(),
            self.tr("Delete follow-up"),
            self.tr("Delete the follow-up “%1”? This cannot be undone.").replace(
                "%1", record.description
            ),
            self.tr("Delete"),
        )
        if not asked:
            return
        self._select_id = record.id
        self._select_row = self.table.currentIndex().row()
        self.backend.call(lambda s: s.follow_ups.delete(record.id), self._deleted, context=self)

    def _deleted(self, _result: object) -> None:
        self.refresh(keep_selection=False)

    def open_person(self) -> None:
        record = self.current()
        if record is not None and record.member_id is not None:
            self.navigate.emit(MemberTarget(record.member_id))

    def open_session(self) -> None:
        record = self.current()
        if record is None or record.session_id is None:
            return
        session_id = record.session_id
        self.backend.call(
            lambda s: s.schedule.session(session_id), self._go_to_session, context=self
        )

    def _go_to_session(self, session: SessionRecord) -> None:
        self.navigate.emit(SessionTarget(session.group_id, session.date, session.id))

    # -- keys on the table ----------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.modifiers() == Qt.KeyboardModifier.NoModifier:
                if event.key() == Qt.Key.Key_Space:
                    self.toggle_done()
                    return True
                if event.key() == Qt.Key.Key_Delete:
                    self.delete()
                    return True
        return super().eventFilter(watched, event)
