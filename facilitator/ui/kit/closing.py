"""A dialog that keeps what was typed: Enter does its main action, and closing it with
changed input asks first.

Two things lost typed input before (issue 16, defect 2):

* **Enter pressed Cancel.**  In a ``QDialog`` every ``QPushButton`` is *auto-default*:
  the button that last had the focus becomes the default, and a button made default
  before its button box joined the dialog never became the dialog's "main" default at
  all.  Tabbing past Cancel left Cancel drawn as the default, and Enter in a field
  then threw the dialog away.  Here the main button is the only default, every other
  button's auto-default is off, and Enter in any field (a line, a time, a date, a
  list) does the main action.  Enter on a button that has the focus presses *that*
  button, as Space does.
* **Escape, Cancel and the window's close button closed silently.**  All three reach
  :meth:`QDialog.reject`; here it first compares the fields with what the dialog opened
  with and, when something was changed, asks "Discard the changes you typed?" —
  *Keep editing* is the default and Escape keeps editing.

The question is a window-modal box opened with ``open()`` (not ``exec()``), so nothing
blocks: the kit sits below the Messages seam, and a test answers the box by clicking
one of :attr:`GuardedDialog.discard_question`'s buttons.

Use: derive from :class:`GuardedDialog` instead of ``QDialog`` and call
:meth:`GuardedDialog.set_main_button` with the OK/Save button.  What the dialog
"opened with" is read when it is first shown; a dialog that fills fields later (after
a load) calls :meth:`GuardedDialog.remember_input` once they are filled.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _tr(text: str) -> str:
    return QCoreApplication.translate("GuardedDialog", text)


def input_value(widget: QWidget) -> object:
    """What a person can change in ``widget``, or None when it holds no input of its
    own (a label, a push button, the line inside a spin box or list)."""
    if isinstance(widget, QLineEdit):
        inner = isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox)
        return None if inner or widget.isReadOnly() else widget.text()
    if isinstance(widget, QAbstractSpinBox):
        return None if widget.isReadOnly() else widget.text()
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText() if widget.isEditable() else "")
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return None if widget.isReadOnly() else widget.toPlainText()
    if isinstance(widget, QAbstractButton) and not isinstance(widget, QPushButton):
        return widget.isChecked() if widget.isCheckable() else None
    return None


class GuardedDialog(QDialog):
    """A dialog whose main button is the only default and which asks before throwing
    typed input away (see the module's description)."""

    # False for a dialog whose fields only choose how to look at something (a search,
    # an encoding): Escape closes it at once, Enter still does the main action.
    asks_before_closing = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._main_button: QPushButton | None = None
        self._opened_with: dict[QWidget, object] | None = None
        self.discard_question: QMessageBox | None = None  # while it is asked

    # -- what a subclass calls ----------------------------------------------------------
    def set_main_button(self, button: QPushButton) -> None:
        """``button`` is what Enter presses (OK, Save, Create…): the only default."""
        self._main_button = button
        self.settle_buttons()

    def remember_input(self) -> None:
        """What the fields hold now is what the dialog "opened with" (call after filling
        fields later than the first show)."""
        self._opened_with = self._input()

    def input_changed(self) -> bool:
        """Whether a field holds something other than what the dialog opened with."""
        if self._opened_with is None or not self.asks_before_closing:
            return False
        now = self._input()
        return any(now.get(widget, value) != value for widget, value in self._opened_with.items())

    def _input(self) -> dict[QWidget, object]:
        values: dict[QWidget, object] = {}
        for widget in self.findChildren(QWidget):
            if widget.window() is self:
                value = input_value(widget)
                if value is not None:
                    values[widget] = value
        return values

    def discard(self) -> None:
        """Close as Cancel does, without asking (the person chose to discard)."""
        self._opened_with = None
        QDialog.reject(self)

    def settle_buttons(self) -> None:
        """Auto-default off for every push button, the main one the only default (done
        again at each show: a button added after :meth:`set_main_button` is covered)."""
        for button in self.findChildren(QPushButton):
            if button.window() is self:
                button.setAutoDefault(False)
        if self._main_button is not None:
            # Set afresh: a button made default before it joined the dialog was never
            # registered as the dialog's main default.
            self._main_button.setDefault(False)
            self._main_button.setDefault(True)

    # -- Qt's hooks ---------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        self.settle_buttons()
        if self._opened_with is None:
            self.remember_input()
        super().showEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if event.key() in ENTER_KEYS and event.modifiers() in plain:
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.window() is self:
                target: QPushButton | None = focused  # Enter on a button presses it
            else:
                target = self._main_button
            if target is not None and target.isVisible() and target.isEnabled():
                target.click()
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Escape, Cancel and the close button (Qt's closeEvent calls this, and keeps the
        window open while it is still shown): ask first when something was changed."""
        if self.discard_question is not None:
            return  # already asking
        if not self.input_changed():
            self.discard()
            return
        self._ask_to_discard()

    def done(self, result: int) -> None:
        if self.discard_question is not None:
            self.discard_question.done(0)
        super().done(result)

    # -- the question -------------------------------------------------------------------
    def _ask_to_discard(self) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_tr("Discard changes?"))
        box.setText(_tr("Discard the changes you typed?"))
        box.setAccessibleName(_tr("Discard changes?"))
        discard = box.addButton(_tr("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        discard.setAccessibleName(_tr("Discard"))
        keep = box.addButton(_tr("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
        keep.setAccessibleName(_tr("Keep editing"))
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.discard_question = box

        def answered(_result: int) -> None:
            self.discard_question = None
            box.deleteLater()
            if box.clickedButton() is discard:
                self.discard()

        box.finished.connect(answered)
        box.open()
        keep.setFocus()


def buttons_on_screen(box: QDialogButtonBox) -> list[QPushButton]:
    """The push buttons of ``box`` in the order the platform's layout shows them (OK
    before or after Cancel, depending on the desktop)."""
    layout = box.layout()
    items = [layout.itemAt(i) for i in range(layout.count())] if layout else []
    found = [item.widget() for item in items if item is not None]
    return [widget for widget in found if isinstance(widget, QPushButton)]


def tab_order(fields: Sequence[QWidget], buttons: QDialogButtonBox | None = None) -> None:
    """Tab visits ``fields`` in the order given (their order on screen), then the
    buttons of ``buttons`` last, as they are shown."""
    chain = list(fields) + (buttons_on_screen(buttons) if buttons is not None else [])
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)
