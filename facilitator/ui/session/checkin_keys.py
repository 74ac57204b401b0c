"""The check-in keys, read while the cursor stays in the filter box (or is on the list).

:func:`key_action` says what a key press means; :class:`CheckInKeys` is the
event filter that turns those presses into one ``action`` signal, so the
check-in panel never has to subclass its line edit or table:

=====================  ==========================================
Enter                  mark the selected person present (or add the newcomer)
Shift+Enter            mark late (the time now; after the session, asks for it)
Ctrl+E                 excused
Ctrl+Backspace         clear the mark
Ctrl+Z                 undo the last mark
F2                     change the selected person's mark or arrival time
Up / Down              move the selection (the cursor stays in the filter)
Page Up / Page Down    move the selection a page
Escape                 clear the filter
=====================  ==========================================
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent


class KeyAction(Enum):
    PRESENT = "present"
    LATE = "late"
    EXCUSED = "excused"
    CLEAR = "clear"
    UNDO = "undo"
    EDIT = "edit"
    UP = "up"
    DOWN = "down"
    PAGE_UP = "page_up"
    PAGE_DOWN = "page_down"
    CLEAR_FILTER = "clear_filter"


_NONE = Qt.KeyboardModifier.NoModifier
_SHIFT = Qt.KeyboardModifier.ShiftModifier
_CTRL = Qt.KeyboardModifier.ControlModifier
_MOVES = (KeyAction.UP, KeyAction.DOWN, KeyAction.PAGE_UP, KeyAction.PAGE_DOWN)
_KEYS: dict[tuple[Qt.Key, Qt.KeyboardModifier], KeyAction] = {
    (Qt.Key.Key_Return, _NONE): KeyAction.PRESENT,
    (Qt.Key.Key_Enter, _NONE): KeyAction.PRESENT,
    (Qt.Key.Key_Return, _SHIFT): KeyAction.LATE,
    (Qt.Key.Key_Enter, _SHIFT): KeyAction.LATE,
    (Qt.Key.Key_E, _CTRL): KeyAction.EXCUSED,
    (Qt.Key.Key_Backspace, _CTRL): KeyAction.CLEAR,
    (Qt.Key.Key_Z, _CTRL): KeyAction.UNDO,
    (Qt.Key.Key_F2, _NONE): KeyAction.EDIT,
    (Qt.Key.Key_Up, _NONE): KeyAction.UP,
    (Qt.Key.Key_Down, _NONE): KeyAction.DOWN,
    (Qt.Key.Key_PageUp, _NONE): KeyAction.PAGE_UP,
    (Qt.Key.Key_PageDown, _NONE): KeyAction.PAGE_DOWN,
    (Qt.Key.Key_Escape, _NONE): KeyAction.CLEAR_FILTER,
}


def key_action(key: int, modifiers: Qt.KeyboardModifier) -> KeyAction | None:
    """What a key press means at check-in, or None for an ordinary key."""
    try:
        qt_key = Qt.Key(key)
    except ValueError:
        return None
    return _KEYS.get((qt_key, modifiers & ~Qt.KeyboardModifier.KeypadModifier))


def _plain_text(event: QKeyEvent) -> str:
    """The character a key typed without Ctrl/Alt/Meta ("" for none)."""
    text = event.text()
    extra = event.modifiers() & ~(_SHIFT | Qt.KeyboardModifier.KeypadModifier)
    if extra != _NONE or not text or not text.isprintable() or text.isspace():
        return ""
    return text


class CheckInKeys(QObject):
    """Install on the filter box and the list: emits ``action(KeyAction)`` and eats the key.

    On the list, the arrow keys keep their usual meaning (the list moves itself),
    and a letter typed there is passed on as ``typed(str)`` so it lands in the filter."""

    action = Signal(object)  # KeyAction
    typed = Signal(str)

    def __init__(self, filter_box: QObject, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filter_box = filter_box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not isinstance(event, QKeyEvent) or kind not in (
            QEvent.Type.KeyPress,
            QEvent.Type.ShortcutOverride,
        ):
            return False
        action = key_action(event.key(), event.modifiers())
        in_filter = watched is self._filter_box
        if action is not None and not in_filter and action in (*_MOVES, KeyAction.CLEAR_FILTER):
            action = None  # on the list, arrows move it as usual
        if kind == QEvent.Type.ShortcutOverride:
            if action is not None:
                event.accept()  # ours: no window shortcut takes it
            return action is not None
        if action is not None:
            self.action.emit(action)
            return True
        text = "" if in_filter else _plain_text(event)
        if text:
            self.typed.emit(text)
        return bool(text)
