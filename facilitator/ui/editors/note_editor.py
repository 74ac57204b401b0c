"""A note that saves itself: a session's note or a member's, with templates.

:class:`NoteEditor` edits one note at a time::

    editor = NoteEditor(backend, privacy)
    editor.show_session(session_id)   # that session's note (created on the first keystroke)
    editor.show_member(member_id)     # the member's latest note (or a new one)
    editor.show_member_note(member_id, note_id, heading)  # one of their older notes

What is typed is saved through the backend about 600 ms after the last
keystroke, and at once by :meth:`NoteEditor.flush` (before the vault locks,
when the editor moves to another note, when it is hidden).  A status line says
"Saving…", "Saved", or why the save failed — the text stays in the editor
either way, and the next keystroke (or flush) tries again.

Saves run in order on the vault's one job thread.  The note's id lives in a
small :class:`_Slot` shared by the saves of one note: the first save that finds
no id adds the note and stores the new id there, so every later save (already
queued behind it) updates that note instead of adding another one.
While the privacy screen is on the text is hidden and cannot be edited.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.app import Services
from facilitator.domain import NoteRecord
from facilitator.errors import UserFacingError
from facilitator.services.notes import TEMPLATES
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 600  # after the last keystroke


def _tr(text: str) -> str:
    return QCoreApplication.translate("NoteEditor", text)


def template_names() -> dict[str, tuple[str, str]]:
    """The templates' keys, with the short name shown and a longer description."""
    names = {
        "check-in": (_tr("Check-in"), _tr("Themes, topics, group dynamics, concerns")),
        "member": (_tr("About a member"), _tr("How they seemed, what they shared")),
        "incident": (_tr("Incident"), _tr("What happened, who, what was done")),
    }
    return {key: names.get(key, (key, "")) for key in TEMPLATES}


class _Slot:
    """The note being edited, as the save jobs see it (read and written on the job thread,
    in order).  ``note_id`` None: not in the vault yet — the first save adds it."""

    def __init__(
        self,
        *,
        session_id: int | None = None,
        member_id: int | None = None,
        note_id: int | None = None,
        template: str = "",
    ) -> None:
        self.session_id = session_id
        self.member_id = member_id
        self.note_id = note_id
        self.template = template

    def save(self, services: Services, body: str) -> NoteRecord:
        if self.note_id is None:
            note = services.notes.add(
                body, session_id=self.session_id, member_id=self.member_id, template=self.template
            )
            self.note_id = note.id
            return note
        return services.notes.save(self.note_id, body)


class NoteEditor(QWidget):
    """One note, saved as it is typed; see the module's description."""

    saved = Signal(object)  # the NoteRecord as the vault now holds it
    loaded = Signal()  # the note (or its absence) has been read and is shown

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.privacy = privacy
        self._slot: _Slot | None = None
        self._dirty = False  # typed since the last save was started
        self._asked = 0  # saves started for the current slot
        self._loading = False  # setting the text ourselves: not an edit
        self._ready = False  # the current note has been read: it may be edited

        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.text_edit.textChanged.connect(self._edited)
        self.privacy.on_change(self, self._privacy_changed)
        self._set_enabled(False)
        self._privacy_changed(self.privacy.on)

    def _build(self) -> None:
        self.heading = QLabel(_tr("&Note"))
        self.text_edit = QPlainTextEdit()
        self.text_edit.setAccessibleName(_tr("Note text"))
        self.text_edit.setTabChangesFocus(True)  # Tab leaves the note; keyboard users move on
        self.text_edit.setPlaceholderText(_tr("Write here; it is saved as you type."))
        self.heading.setBuddy(self.text_edit)

        self.hidden_label = QLabel(self.privacy.note(""))
        self.hidden_label.setWordWrap(True)
        self.hidden_label.setAccessibleName(_tr("Note hidden"))
        self.hidden_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.text_edit)
        self.stack.addWidget(self.hidden_label)

        self.template_label = QLabel(_tr("&Template:"))
        self.template_box = QComboBox()
        self.template_box.setAccessibleName(_tr("Note template"))
        for key, (name, description) in template_names().items():
            self.template_box.addItem(name, key)
            last = self.template_box.count() - 1
            self.template_box.setItemData(last, description, Qt.ItemDataRole.ToolTipRole)
        self.template_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.template_box.setMinimumContentsLength(12)
        self.template_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.template_label.setBuddy(self.template_box)
        self.insert_button = QPushButton(_tr("&Insert"))
        self.insert_button.setAccessibleName(_tr("Insert the template into the note"))
        self.insert_button.clicked.connect(self.insert_template)

        self.status = QLabel()
        self.status.setAccessibleName(_tr("Note save status"))
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        templates = QHBoxLayout()
        templates.addWidget(self.template_label)
        templates.addWidget(self.template_box, 1)
        templates.addWidget(self.insert_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        layout.addLayout(templates)
        layout.addWidget(self.status)
        QWidget.setTabOrder(self.text_edit, self.template_box)
        QWidget.setTabOrder(self.template_box, self.insert_button)

    # -- what is edited -----------------------------------------------------------------
    def show_session(self, session_id: int) -> None:
        """Edit the session's note (a session has one; it is added on the first keystroke)."""
        self.set_heading(_tr("Session &note"))
        self._load(_Slot(session_id=session_id, template="check-in"), "check-in")

    def show_member(self, member_id: int) -> None:
        """Edit the member's latest note (or start one)."""
        self.set_heading(_tr("&Note about this person"))
        self._load(_Slot(member_id=member_id, template="member"), "member")

    def show_member_note(self, member_id: int, note_id: int, heading: str) -> None:
        """Edit one of the member's notes, an older one chosen from their list, under
        ``heading`` (with an &-mnemonic)."""
        self.set_heading(heading)
        self._load(_Slot(member_id=member_id, note_id=note_id, template="member"), "member")

    def show_nothing(self) -> None:
        """Save what was typed and edit nothing."""
        self.flush()
        self._slot = None
        self._ready = False
        self.backend.drop("load", context=self)  # a note on its way is not wanted now
        self._put_text("")
        self._set_enabled(False)
        self.status.clear()

    def set_heading(self, text: str) -> None:
        """The label above the text (with an &-mnemonic that focuses it)."""
        self.heading.setText(text)

    @property
    def note_id(self) -> int | None:
        """The note being edited, once it is in the vault (as far as the GUI knows)."""
        return self._slot.note_id if self._slot is not None else None

    def text(self) -> str:
        return self.text_edit.toPlainText()

    @property
    def dirty(self) -> bool:
        """Typed and not yet sent to be saved."""
        return self._dirty

    def _load(self, slot: _Slot, template: str) -> None:
        self.flush()  # the previous note keeps its own slot: its saves still land there
        self._slot = slot
        self._asked = 0
        self._ready = False
        index = self.template_box.findData(template)
        if index >= 0:
            self.template_box.setCurrentIndex(index)
        self._put_text("")
        self._set_enabled(False)
        self.status.setText(_tr("Loading…"))
        session_id, member_id = slot.session_id, slot.member_id

        def read(s: Services) -> list[NoteRecord]:
            if session_id is not None:
                return s.notes.for_session(session_id)
            assert member_id is not None
            return s.notes.for_member(member_id)

        # Another note chosen meanwhile: only the newest one asked for is shown.
        self.backend.latest(
            "load",
            read,
            lambda notes: self._show_loaded(slot, notes),
            context=self,
            failed=self._load_failed,
        )

    def _show_loaded(self, slot: _Slot, notes: list[NoteRecord]) -> None:
        if slot.note_id is None:  # the latest note, or a new one
            note = notes[0] if notes else None
        else:  # the one asked for
            note = next((n for n in notes if n.id == slot.note_id), None)
            if note is None:
                self._slot = None
                self.status.setText(_tr("That note is no longer in the vault."))
                self.loaded.emit()
                return
        if note is not None:
            slot.note_id = note.id  # no save has run for this slot yet: safe to set here
            slot.template = note.template
        self._put_text(note.body if note is not None else "")
        self._ready = True
        self._set_enabled(True)
        self.status.clear()
        self.loaded.emit()

    def _load_failed(self, exc: UserFacingError) -> None:
        self._slot = None
        self.status.setText(exc.message)
        self.loaded.emit()

    # -- saving -------------------------------------------------------------------------
    def _edited(self) -> None:
        if self._loading or self._slot is None or not self._ready:
            return
        self._dirty = True
        self.status.setText(_tr("Saving…"))
        self._timer.start()

    def flush(self) -> None:
        """Save what was typed now (it still goes through the backend, in order)."""
        self._timer.stop()
        slot = self._slot
        if not self._dirty or slot is None:
            return
        self._dirty = False
        body = self.text()
        self._asked += 1
        number = self._asked
        self.status.setText(_tr("Saving…"))
        task = self.backend.call(
            lambda s: slot.save(s, body),
            lambda note: self._saved(slot, number, note),
            context=self,
            failed=lambda exc: self._save_failed(slot, exc),
        )
        if task is None:  # the vault is locked: nothing can be saved any more
            self._dirty = True
            self.status.setText(_tr("Not saved: the vault is locked."))

    def _saved(self, slot: _Slot, number: int, note: NoteRecord) -> None:
        self.saved.emit(note)
        if slot is self._slot and number == self._asked and not self._dirty:
            self.status.setText(_tr("Saved"))

    def _save_failed(self, slot: _Slot, exc: UserFacingError) -> None:
        if slot is not self._slot:  # another note is shown now; say so where it is seen
            self.backend.messages.warning(self.window(), _tr("Note not saved"), exc.message)
            return
        self._dirty = True  # the text is still here: the next keystroke or flush tries again
        self.status.setText(_tr("Not saved: {reason}").format(reason=exc.message))

    # -- templates ----------------------------------------------------------------------
    def insert_template(self) -> None:
        """Put the chosen template in the note; ask before replacing what is written."""
        if self._slot is None or not self._ready or self.privacy.on:
            return
        key = str(self.template_box.currentData())
        body = TEMPLATES.get(key)
        if body is None:
            return
        if self.text().strip() and not self.backend.messages.confirm(
            self.window(),
            _tr("Replace the note?"),
            _tr("The note already has text. Replace it with the template?"),
            _tr("Replace"),
        ):
            return
        if self._slot.note_id is None:
            self._slot.template = key
        self.text_edit.setPlainText(body)  # an edit like any other: saved after the delay
        self.text_edit.setFocus()
        self.text_edit.moveCursor(self.text_edit.textCursor().MoveOperation.Start)
        self.text_edit.moveCursor(self.text_edit.textCursor().MoveOperation.EndOfLine)

    # -- showing --------------------------------------------------------------------------
    def _put_text(self, text: str) -> None:
        self._loading = True
        try:
            self.text_edit.setPlainText(text)
        finally:
            self._loading = False
        self._dirty = False

    def _set_enabled(self, enabled: bool) -> None:
        editable = enabled and not self.privacy.on
        self.text_edit.setReadOnly(not editable)
        self.template_box.setEnabled(editable)
        self.insert_button.setEnabled(editable)

    def _privacy_changed(self, on: bool) -> None:
        if on:
            self.flush()
        self.hidden_label.setText(self.privacy.note(""))
        self.stack.setCurrentWidget(self.hidden_label if on else self.text_edit)
        self._set_enabled(self._slot is not None and self._ready)

    @property
    def ready(self) -> bool:
        """The note has been read and may be edited (privacy screen aside)."""
        return self._ready

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()
        super().hideEvent(event)
