"""The sign-in sheet dialog's main action: issue 16 defect 2 (Enter threw the dialog
away; Cancel looked like the default) as it touches "Print sign-in sheet…"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from facilitator.ui.editors.sheet_dialog import SheetAction, SheetDialog


def test_enter_in_the_dialog_prints(qtbot: QtBot) -> None:
    """issue 16 defect 2: Enter in a field does the main action, Print…, and it is the
    only default button."""
    dialog = SheetDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.print_button.isDefault()
    for other in (dialog.save_button, dialog.cancel_button):
        assert not other.isDefault() and not other.autoDefault()
    dialog.blank_rows.setFocus()
    qtbot.keyClicks(dialog.blank_rows, "4")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.blank_rows, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.action is SheetAction.PRINT


def test_tabbing_onto_cancel_does_not_make_it_the_default(qtbot: QtBot) -> None:
    """issue 16 defect 2: with the focus passed over Cancel, Enter still prints."""
    dialog = SheetDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.cancel_button.setFocus()
    dialog.columns.setFocus()
    assert dialog.print_button.isDefault() and not dialog.cancel_button.isDefault()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.columns, Qt.Key.Key_Return)
    assert dialog.action is SheetAction.PRINT


def test_save_as_pdf_is_its_own_action(qtbot: QtBot) -> None:
    dialog = SheetDialog()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        dialog.save_button.click()
    assert dialog.action is SheetAction.SAVE
