"""The member editor under the privacy screen, and window titles without names.

issue 16 defect 13: with the privacy screen on, Edit member showed the full last
name; without it, the window title carried the full name (titles show in the
taskbar, window switchers and shared screens).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import MemberRecord
from facilitator.services.roster import MemberDraft
from facilitator.ui.editors.member_dialog import MemberDialog
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend

MakeDialog = Callable[[MemberRecord | None], MemberDialog]
SECRETS = ("Tahir-Whitfield", "07700 900123", "sam@example.org", "Jo Blythe", "quiet corner")


@pytest.fixture
def make_dialog(qtbot: QtBot, backend: Backend, privacy: Privacy) -> MakeDialog:
    def make(member: MemberRecord | None) -> MemberDialog:
        dialog = MemberDialog(backend, privacy, member=member)
        qtbot.addWidget(dialog)
        dialog.open()
        qtbot.waitExposed(dialog)
        return dialog

    return make


@pytest.fixture
def member(services: Services) -> MemberRecord:
    return services.roster.add_member(
        MemberDraft(
            "Samira",
            "Tahir-Whitfield",
            phone="07700 900123",
            email="sam@example.org",
            emergency_contact="Jo Blythe 07700 900456",
            notes="Prefers the quiet corner",
        )
    )


def _on_screen(dialog: QWidget) -> str:
    """Every text a person sees in the dialog: the title, labels, the fields as drawn."""
    shown = [dialog.windowTitle()]
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel):
            shown.append(widget.text())
        elif isinstance(widget, QLineEdit):
            shown.append(widget.displayText())
        elif hasattr(widget, "toPlainText"):
            shown.append(widget.toPlainText())
    return "\n".join(shown)


def test_under_the_privacy_screen_the_editor_shows_no_last_name(
    make_dialog: MakeDialog, privacy: Privacy, member: MemberRecord
) -> None:
    """issue 16 defect 13 (a): privacy on → the last name is masked as the contact
    details are, the notes hidden; the first name (shown everywhere) stays."""
    privacy.set_on(True)
    dialog = make_dialog(member)
    shown = _on_screen(dialog)
    for secret in SECRETS:
        assert secret not in shown
    assert "Tahir" not in shown
    assert dialog.first_name.displayText() == "Samira"
    assert dialog.last_name.text() == "Tahir-Whitfield"  # still there, to be saved


def test_the_hidden_details_are_shown_only_when_asked_for_here(
    qtbot: QtBot, make_dialog: MakeDialog, privacy: Privacy, member: MemberRecord
) -> None:
    """issue 16 defect 13 (a): a deliberate click shows them in this dialog; the
    privacy screen stays on, and the next dialog starts masked again."""
    privacy.set_on(True)
    dialog = make_dialog(member)
    assert dialog.reveal_button.isVisible()
    assert dialog.reveal_button.accessibleName()
    qtbot.mouseClick(dialog.reveal_button, Qt.MouseButton.LeftButton)
    shown = _on_screen(dialog)
    assert "Tahir-Whitfield" in shown and "07700 900123" in shown
    assert "Prefers the quiet corner" in shown
    assert privacy.on
    qtbot.mouseClick(dialog.reveal_button, Qt.MouseButton.LeftButton)  # hide again
    assert "Tahir" not in _on_screen(dialog)
    dialog.reveal_button.click()
    dialog.reject()
    again = make_dialog(member)
    assert "Tahir" not in _on_screen(again)


def test_turning_the_privacy_screen_on_masks_an_open_editor(
    make_dialog: MakeDialog, privacy: Privacy, member: MemberRecord
) -> None:
    """issue 16 defect 13 (a): switched on while the editor is open (Ctrl+Shift+P in
    the main window), it masks at once — even after the details were shown."""
    dialog = make_dialog(member)
    assert "Tahir-Whitfield" in _on_screen(dialog)
    assert not dialog.reveal_button.isVisible()
    privacy.set_on(True)
    assert "Tahir" not in _on_screen(dialog)
    dialog.reveal_button.click()
    privacy.set_on(False)
    privacy.set_on(True)
    assert "Tahir" not in _on_screen(dialog)


@pytest.mark.parametrize("on", [False, True])
def test_the_window_title_carries_no_name(
    make_dialog: MakeDialog, privacy: Privacy, member: MemberRecord, on: bool
) -> None:
    """issue 16 defect 13 (b): neither the full name nor the first name and initial."""
    privacy.set_on(on)
    dialog = make_dialog(member)
    assert dialog.windowTitle() == "Edit member"
    assert "Samira" not in dialog.accessibleName()
