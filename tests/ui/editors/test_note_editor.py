"""The note editor on a real vault: saved as you type, flushed on demand, templates, privacy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import NoteRecord
from facilitator.services.notes import MAX_NOTE_LENGTH, TEMPLATES
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.editors.note_editor import NoteEditor
from facilitator.ui.kit.privacy import Privacy, hidden_note_text
from facilitator.ui.plumbing.backend import Backend

TODAY = dt.date(2026, 11, 24)
MakeEditor = Callable[[], NoteEditor]


@pytest.fixture
def session_id(services: Services) -> int:
    group = services.roster.create_group(GroupDraft(name="Tuesday Circle"))
    return services.schedule.open_session(group.id, TODAY).id or 0


@pytest.fixture
def member_id(services: Services) -> int:
    return services.roster.add_member(MemberDraft(first_name="Samira", last_name="Tahir")).id


@pytest.fixture
def make_editor(
    qtbot: QtBot, backend: Backend, privacy: Privacy, settle: Callable[[], None]
) -> MakeEditor:
    """The note editor, shown (empty until told what to show)."""

    def make() -> NoteEditor:
        editor = NoteEditor(backend, privacy)
        qtbot.addWidget(editor)
        editor.show()
        return editor

    return make


def _bodies(services: Services, session_id: int) -> list[str]:
    return [n.body for n in services.notes.for_session(session_id)]


def test_typing_saves_after_a_pause_and_adds_one_note(
    qtbot: QtBot,
    make_editor: MakeEditor,
    services: Services,
    settle: Callable[[], None],
    session_id: int,
) -> None:
    editor = make_editor()
    editor.show_session(session_id)
    settle()
    assert editor.ready and not editor.text_edit.isReadOnly()
    saved: list[NoteRecord] = []
    editor.saved.connect(saved.append)

    qtbot.keyClicks(editor.text_edit, "Themes: trust")
    assert editor.status.text() == "Saving…"
    assert _bodies(services, session_id) == []  # not yet: the pause has not passed
    qtbot.waitUntil(lambda: _bodies(services, session_id) == ["Themes: trust"], timeout=5000)
    settle()
    assert editor.status.text() == "Saved"
    assert saved and saved[-1].body == "Themes: trust"

    qtbot.keyClicks(editor.text_edit, ", anger")
    qtbot.waitUntil(lambda: _bodies(services, session_id) == ["Themes: trust, anger"], timeout=5000)
    assert len(services.notes.for_session(session_id)) == 1  # the same note, updated


def test_flush_saves_at_once_and_saves_in_order_on_one_note(
    qtbot: QtBot,
    make_editor: MakeEditor,
    services: Services,
    settle: Callable[[], None],
    session_id: int,
) -> None:
    editor = make_editor()
    editor.show_session(session_id)
    settle()
    # Several saves queued before the first (which adds the note) comes back.
    for text in ("a", "b", "c"):
        qtbot.keyClicks(editor.text_edit, text)
        editor.flush()
    assert not editor.dirty
    settle()
    notes = services.notes.for_session(session_id)
    assert [n.body for n in notes] == ["abc"]
    assert notes[0].template == "check-in"
    assert editor.note_id == notes[0].id
    assert editor.status.text() == "Saved"


def test_an_existing_note_is_shown_and_edited(
    qtbot: QtBot,
    make_editor: MakeEditor,
    services: Services,
    settle: Callable[[], None],
    session_id: int,
) -> None:
    note = services.notes.add("Quiet night.", session_id=session_id)
    editor = make_editor()
    editor.show_session(session_id)
    settle()
    assert editor.text() == "Quiet night."
    editor.text_edit.moveCursor(editor.text_edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.text_edit, " Sam spoke.")
    editor.flush()
    settle()
    assert services.notes.note(note.id).body == "Quiet night. Sam spoke."
    assert len(services.notes.for_session(session_id)) == 1


def test_moving_to_another_note_saves_the_first(
    qtbot: QtBot,
    make_editor: MakeEditor,
    services: Services,
    settle: Callable[[], None],
    session_id: int,
    member_id: int,
) -> None:
    editor = make_editor()
    editor.show_session(session_id)
    settle()
    qtbot.keyClicks(editor.text_edit, "Session words")
    editor.show_member(member_id)  # before the pause: the session's note is saved anyway
    settle()
    assert _bodies(services, session_id) == ["Session words"]
    assert editor.text() == ""
    qtbot.keyClicks(editor.text_edit, "Member words")
    editor.hide()  # hiding flushes
    settle()
    assert [n.body for n in services.notes.for_member(member_id)] == ["Member words"]
    assert services.notes.for_member(member_id)[0].template == "member"
    assert _bodies(services, session_id) == ["Session words"]


def test_template_goes_into_an_empty_note_and_asks_before_replacing(
    qtbot: QtBot,
    make_editor: MakeEditor,
    services: Services,
    settle: Callable[[], None],
    session_id: int,
    messages: RecordingMessages,
) -> None:
    editor = make_editor()
    editor.show_session(session_id)
    settle()
    editor.template_box.setCurrentIndex(editor.template_box.findData("incident"))
    editor.insert_button.click()
    assert editor.text() == TEMPLATES["incident"]
    assert messages.shown == []  # nothing to replace: no question
    editor.flush()
    settle()
    notes = services.notes.for_session(session_id)
    assert [n.body for n in notes] == [TEMPLATES["incident"]]
    assert notes[0].template == "incident"

    messages.confirm_answer = False
    editor.template_box.setCurrentIndex(editor.template_box.findData("check-in"))
    editor.insert_button.click()
    assert messages.shown and messages.shown[-1][0] == "confirm"
    assert editor.text() == TEMPLATES["incident"]  # kept

    messages.confirm_answer = True
    editor.insert_button.click()
    assert editor.text() == TEMPLATES["check-in"]
    qtbot.waitUntil(lambda: _bodies(services, session_id) == [TEMPLATES["check-in"]])


def test_a_failed_save_keeps_the_text_and_says_why(
    make_editor: MakeEditor, services: Services, settle: Callable[[], None], session_id: int
) -> None:
    editor = make_editor()
    editor.show_session(session_id)
    settle()
    too_long = "x" * (MAX_NOTE_LENGTH + 1)
    editor.text_edit.setPlainText(too_long)
    editor.flush()
    settle()
    assert editor.text() == too_long
    assert "Not saved" in editor.status.text() and "longer" in editor.status.text()
    assert editor.dirty  # the next flush tries again
    assert _bodies(services, session_id) == []

    editor.text_edit.setPlainText("short now")
    editor.flush()
    settle()
    assert _bodies(services, session_id) == ["short now"]
    assert editor.status.text() == "Saved"


def test_privacy_screen_hides_the_text_and_blocks_editing(
    qtbot: QtBot,
    make_editor: MakeEditor,
    privacy: Privacy,
    services: Services,
    settle: Callable[[], None],
    session_id: int,
) -> None:
    services.notes.add("Sam relapsed on Friday.", session_id=session_id)
    editor = make_editor()
    editor.show_session(session_id)
    settle()
    qtbot.keyClicks(editor.text_edit, "!")  # typed, not yet saved
    privacy.set_on(True)
    settle()
    assert _bodies(services, session_id) == ["!Sam relapsed on Friday."]  # saved when hidden
    assert not editor.text_edit.isVisible()
    assert editor.hidden_label.isVisible()
    assert editor.hidden_label.text() == hidden_note_text()
    assert editor.text_edit.isReadOnly()
    assert not editor.insert_button.isEnabled()
    visible = [
        w.text()  # type: ignore[attr-defined]
        for w in editor.findChildren(QWidget)
        if w.isVisible() and hasattr(w, "text") and isinstance(w.text(), str)
    ]
    assert not any("relapsed" in text for text in visible)

    privacy.set_on(False)
    assert editor.text_edit.isVisible() and not editor.text_edit.isReadOnly()
    assert "relapsed" in editor.text()


def test_privacy_on_from_the_start_still_loads_but_hides(
    make_editor: MakeEditor,
    services: Services,
    settle: Callable[[], None],
    session_id: int,
    privacy: Privacy,
) -> None:
    services.notes.add("Private words", session_id=session_id)
    privacy.set_on(True)
    editor = make_editor()
    editor.show_session(session_id)
    settle()
    assert not editor.text_edit.isVisible() and editor.text_edit.isReadOnly()
    privacy.set_on(False)
    assert editor.text() == "Private words" and not editor.text_edit.isReadOnly()


def test_every_control_has_an_accessible_name_and_tab_order(
    make_editor: MakeEditor, settle: Callable[[], None], session_id: int
) -> None:
    editor = make_editor()
    editor.show_session(session_id)
    settle()
    for widget in editor.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or (
            widget.parent() is not editor
            and (
                widget.objectName().startswith("qt_")
                or widget.metaObject().className() == "QWidget"
            )
        ):
            continue
        if widget.metaObject().className() in ("QComboBoxListView", "QScrollBar"):
            continue
        assert widget.accessibleName(), widget.metaObject().className()
    assert editor.heading.buddy() is editor.text_edit
    assert _next_tab_stop(editor.text_edit) is editor.template_box
    assert _next_tab_stop(editor.template_box) is editor.insert_button


def _next_tab_stop(widget: QWidget) -> QWidget:
    """Where Tab goes from ``widget`` (the next visible, enabled widget that takes Tab)."""
    current = widget.nextInFocusChain()
    while not (
        current.focusPolicy() & Qt.FocusPolicy.TabFocus
        and current.isVisible()
        and current.isEnabled()
        and current.focusProxy() is None
    ):
        current = current.nextInFocusChain()
    return current
