"""The person's notes and follow-ups.

Notes: the latest note is edited in place (:class:`~facilitator.ui.editors.note_editor.
NoteEditor`, saved as it is typed); every note is listed below it, newest first;
"Start a new note" adds one and edits it.  Follow-ups: the person's open and done
follow-ups, with new / edit (the follow-up dialog) and mark done / reopen.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from facilitator.domain import FollowUpRecord, NoteRecord, PersonPage
from facilitator.ui.editors.note_editor import NoteEditor
from facilitator.ui.kit.dates import date_text
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.table_model import Column, RowsFilter, RowsModel, make_table
from facilitator.ui.kit.translate import translate
from facilitator.ui.kit.widgets import fit_columns
from facilitator.ui.kit.words import priority_text
from facilitator.ui.members.common import (
    PersonPanel,
    button,
    date_sort,
)
from facilitator.ui.plumbing.backend import Backend


def _tr(text: str, n: int = -1) -> str:
    return translate("PersonView", text, n)


def one_line(text: str) -> str:
    """A note on one line (the table elides what does not fit)."""
    return " ".join(text.split()) or _tr("(empty)")


class NotesPanel(PersonPanel):
    """The latest note to write in, and the list of all notes about the person."""

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(backend, privacy, parent)
        self.editor = NoteEditor(backend, privacy)
        self.editor.saved.connect(self._note_saved)
        self.new_button = button(_tr("Start a ne&w note"), _tr("Start a new note"))
        self.new_button.clicked.connect(self.new_note)
        columns: list[Column[NoteRecord]] = [
            Column(
                _tr("Written"),
                lambda n: date_text(n.created_at.date() if n.created_at else None),
                sort=lambda n: (n.created_at is not None, n.created_at, n.id),
            ),
            Column(
                _tr("Note"),
                lambda n: _tr("Hidden") if privacy.on else one_line(n.body),
                tooltip=lambda n: privacy.note(n.body),
                stretch=True,
            ),
        ]
        self.model = RowsModel(columns, self)
        self.proxy = RowsFilter(self.model, self)
        self.table = make_table(self.proxy, _tr("Notes about this person, newest first"))
        fit_columns(self.table)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        # A note in the list opens in the editor above (click, or Enter on it).
        self.table.clicked.connect(self._open_listed)
        self.table.activated.connect(self._open_listed)
        listed = QWidget()
        list_layout = QVBoxLayout(listed)
        list_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(_tr("All notes (newest first; choose one to read or correct it):"))
        heading.setBuddy(self.table)
        list_layout.addWidget(heading)
        list_layout.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.editor)
        splitter.addWidget(listed)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problem)

    def title(self) -> str:
        return _tr("Notes (%n)", self.model.rowCount())

    def show_data(self, data: PersonPage) -> None:
        if self.data is None or self.data.member.id != data.member.id:
            self.editor.show_member(data.member.id)
        self.model.set_rows(data.notes)
        super().show_data(data)

    def show_nothing(self) -> None:
        self.editor.show_nothing()
        self.model.clear()
        self.data = None

    def redraw(self) -> None:
        self.model.redraw()
        self.new_button.setEnabled(not self.privacy.on)  # the note could not be seen

    def flush(self) -> None:
        self.editor.flush()

    def _note_saved(self, note: NoteRecord) -> None:
        if note.member_id != self.member_id:
            return
        row = self.model.find(lambda n: n.id == note.id)
        if row >= 0:
            self.model.replace(row, note)
        else:
            self.model.insert(0, note)

    def new_note(self) -> None:
        """Add an empty note and edit it (the latest one is reused if still empty)."""
        member_id = self.member_id
        if member_id is None or self.privacy.on:
            return
        if self.editor.ready and self.editor.note_id is not None and not self.editor.text().strip():
            self.editor.text_edit.setFocus()
            return
        self.editor.flush()

        def edit_it() -> None:
            self.editor.loaded.connect(self._focus_editor, Qt.ConnectionType.SingleShotConnection)
            self.editor.show_member(member_id)

        self.run(lambda s: s.notes.add("", member_id=member_id, template="member"), edit_it)

    def _open_listed(self, index: QModelIndex) -> None:
        member_id = self.member_id
        note = self.model.row(self.proxy.mapToSource(index).row())
        if member_id is None or note is None or note.id == self.editor.note_id:
            return
        if self.model.find(lambda n: n.id == note.id) == 0:  # the latest: as it opens
            self.editor.show_member(member_id)
            return
        written = date_text(note.created_at.date() if note.created_at else None)
        heading = _tr("&Note written %1").replace("%1", written)
        self.editor.show_member_note(member_id, note.id, heading)

    def _focus_editor(self) -> None:
        self.editor.text_edit.setFocus()


def follow_up_state(follow_up: FollowUpRecord, today: dt.date | None) -> str:
    if follow_up.done:
        return _tr("Done %1").replace("%1", date_text(follow_up.done_on))
    if today is not None and follow_up.overdue(today):
        return _tr("Overdue")
    return _tr("Open")


class FollowUpsPanel(PersonPanel):
    """What to do for this person: open ones first, then the done ones."""

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(backend, privacy, parent)
        self.dialog: QWidget | None = None
        columns: list[Column[FollowUpRecord]] = [
            Column(
                _tr("Due"),
                lambda f: date_text(f.due_on) if f.due_on else _tr("No date"),
                sort=lambda f: (f.done, f.due_on is None, date_sort(f.due_on)),
            ),
            Column(_tr("What"), lambda f: f.description, stretch=True),
            Column(_tr("Priority"), lambda f: priority_text(f.priority)),
            Column(
                _tr("State"),
                lambda f: follow_up_state(f, self.data.today if self.data else None),
                sort=lambda f: f.done,
            ),
        ]
        self.model = RowsModel(columns, self)
        self.proxy = RowsFilter(self.model, self)
        self.table = make_table(self.proxy, _tr("Follow-ups for this person"))
        fit_columns(self.table)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.table.activated.connect(lambda _index: self.edit())
        self.new_button = button(_tr("New follow-&up…"), _tr("New follow-up for this person"))
        self.edit_button = button(_tr("Ed&it follow-up…"), _tr("Edit the chosen follow-up"))
        self.done_button = button(_tr("Mar&k done"), _tr("Mark the chosen follow-up done"))
        self.new_button.clicked.connect(self.new)
        self.edit_button.clicked.connect(self.edit)
        self.done_button.clicked.connect(self.toggle_done)
        buttons = QHBoxLayout()
        for made in (self.new_button, self.edit_button, self.done_button):
            buttons.addWidget(made)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.problem)
        self._selected()

    def title(self) -> str:
        open_ = sum(1 for f in self.data.follow_ups if not f.done) if self.data else 0
        return _tr("Follow-ups (%n open)", open_)

    def show_data(self, data: PersonPage) -> None:
        self.model.set_rows(data.follow_ups)
        super().show_data(data)
        self._selected()

    def redraw(self) -> None:
        self.model.redraw()

    def selected(self) -> FollowUpRecord | None:
        rows = self.table.selectionModel().selectedRows()
        record: FollowUpRecord | None = self.proxy.record(rows[0].row()) if rows else None
        return record

    def _selected(self) -> None:
        chosen = self.selected()
        self.edit_button.setEnabled(chosen is not None)
        self.done_button.setEnabled(chosen is not None)
        if chosen is not None and chosen.done:
            self.done_button.setText(_tr("Re&open"))
            self.done_button.setAccessibleName(_tr("Open the chosen follow-up again"))
        else:
            self.done_button.setText(_tr("Mar&k done"))
            self.done_button.setAccessibleName(_tr("Mark the chosen follow-up done"))

    def new(self) -> None:
        self._open_dialog(None)

    def edit(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self._open_dialog(chosen)

    def _open_dialog(self, follow_up: FollowUpRecord | None) -> None:
        from facilitator.ui.editors.followup_dialog import FollowUpDialog

        member_id = self.member_id
        if member_id is None:
            return
        dialog = FollowUpDialog(
            self.backend, self.privacy, self.window(), member_id=member_id, follow_up=follow_up
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _record: self.acted.emit())
        self.dialog = dialog
        dialog.open()

    def toggle_done(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            follow_up_id, done = chosen.id, not chosen.done
            self.run(lambda s: s.follow_ups.complete(follow_up_id, done))
