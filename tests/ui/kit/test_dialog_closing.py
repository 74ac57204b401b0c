"""Every editor dialog: Enter in a field does the main action, and closing with changed
input asks first ("Discard the changes you typed?"; Keep editing is the default).

issue 16 defect 2.  On a real vault; each case builds its dialog and names the field
to type in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import GroupRecord
from facilitator.services.roster import GroupDraft
from facilitator.ui.dialogs.preferences import Preferences, PreferencesDialog
from facilitator.ui.editors.followup_dialog import FollowUpDialog
from facilitator.ui.editors.member_dialog import MemberDialog
from facilitator.ui.groups.group_dialog import GroupDialog
from facilitator.ui.groups.session_dialog import SessionDialog
from facilitator.ui.kit.closing import GuardedDialog
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend

TODAY = dt.date(2026, 11, 24)


@dataclass
class World:
    backend: Backend
    privacy: Privacy
    messages: RecordingMessages
    group: GroupRecord


Make = Callable[[World], tuple[GuardedDialog, QWidget]]  # the dialog, a field to type in


def _group(world: World) -> tuple[GuardedDialog, QWidget]:
    dialog = GroupDialog(world.backend, TODAY)
    return dialog, dialog.start_time


def _group_edit(world: World) -> tuple[GuardedDialog, QWidget]:
    dialog = GroupDialog(world.backend, TODAY, group=world.group)
    return dialog, dialog.location


def _session(world: World) -> tuple[GuardedDialog, QWidget]:
    dialog = SessionDialog(world.backend, world.group, TODAY)
    return dialog, dialog.topic


def _member(world: World) -> tuple[GuardedDialog, QWidget]:
    dialog = MemberDialog(world.backend, world.privacy)
    return dialog, dialog.first_name


def _follow_up(world: World) -> tuple[GuardedDialog, QWidget]:
    dialog = FollowUpDialog(world.backend, world.privacy)
    return dialog, dialog.what


def _settings(world: World) -> tuple[GuardedDialog, QWidget]:
    dialog = PreferencesDialog(Preferences(minutes=10, backups=None), world.messages)
    return dialog, dialog.minutes


DIALOGS = {
    "new group": _group,
    "edit group": _group_edit,
    "extra session": _session,
    "new member": _member,
    "new follow-up": _follow_up,
    "settings": _settings,
}


@pytest.fixture(params=list(DIALOGS), ids=list(DIALOGS))
def shown(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    backend: Backend,
    privacy: Privacy,
    messages: RecordingMessages,
    services: Services,
    settle: Callable[[], None],
) -> tuple[GuardedDialog, QWidget]:
    group = services.roster.create_group(GroupDraft(name="Tuesday Circle", location="Hall"))
    dialog, field = DIALOGS[request.param](World(backend, privacy, messages, group))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    settle()  # what a dialog loads has come (it is part of what it opened with)
    return dialog, field


def _type(qtbot: QtBot, field: QWidget) -> None:
    field.setFocus()
    if field.metaObject().className() == "QSpinBox":
        qtbot.keyClick(field, Qt.Key.Key_Up)
    else:
        qtbot.keyClicks(field, "18:00")


def _buttons(dialog: GuardedDialog) -> tuple[QPushButton, list[QPushButton]]:
    mine = [b for b in dialog.findChildren(QPushButton) if b.window() is dialog]
    (main,) = [b for b in mine if b.isDefault()]
    return main, [b for b in mine if b is not main]


def test_enter_in_a_field_presses_the_main_button_and_nothing_else(
    qtbot: QtBot, shown: tuple[GuardedDialog, QWidget]
) -> None:
    dialog, field = shown
    main, others = _buttons(dialog)
    assert all(not b.autoDefault() for b in others)
    pressed: list[QPushButton] = []
    for button in [main, *others]:
        button.clicked.connect(lambda _=False, b=button: pressed.append(b))
    _type(qtbot, field)
    for button in others:  # a button that had the focus does not become the default
        button.setFocus()
    field.setFocus()
    assert main.isDefault() and not any(b.isDefault() for b in others)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert pressed[:1] == [main]


def test_escape_with_changes_asks_and_keep_editing_is_the_default(
    qtbot: QtBot, shown: tuple[GuardedDialog, QWidget]
) -> None:
    dialog, field = shown
    _type(qtbot, field)
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    box = dialog.discard_question
    assert box is not None and box.isVisible() and dialog.isVisible()
    assert box.text() == "Discard the changes you typed?"
    keep = box.defaultButton()
    assert keep is not None and keep.text().replace("&", "") == "Keep editing"
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Escape keeps editing
    assert dialog.discard_question is None and dialog.isVisible()

    dialog.close()  # the window's close button asks too
    box = dialog.discard_question
    assert box is not None and dialog.isVisible()
    (discard,) = [
        b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.DestructiveRole
    ]
    assert discard.text().replace("&", "") == "Discard"
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.result() == GuardedDialog.DialogCode.Rejected


def test_escape_without_changes_closes_at_once(
    qtbot: QtBot, shown: tuple[GuardedDialog, QWidget]
) -> None:
    dialog, field = shown
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert dialog.discard_question is None
    assert not dialog.isVisible()


def test_cancel_with_changes_asks_too(qtbot: QtBot, shown: tuple[GuardedDialog, QWidget]) -> None:
    dialog, field = shown
    _type(qtbot, field)
    _main, others = _buttons(dialog)
    (cancel,) = [b for b in others if b.text().replace("&", "") == "Cancel"]
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert dialog.discard_question is not None and dialog.isVisible()


# -- the kit piece by itself (no vault) ---------------------------------------------------
class _Plain(GuardedDialog):
    def __init__(self, *, asks: bool = True) -> None:
        super().__init__()
        self.asks_before_closing = asks
        self.field = QLineEdit()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.buttons)
        self.set_main_button(self.ok)


def _plain(qtbot: QtBot, **kwargs: bool) -> _Plain:
    dialog = _Plain(**kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_enter_on_a_focused_cancel_presses_cancel_which_asks(qtbot: QtBot) -> None:
    """issue 16 defect 2: Enter on the button that has the focus presses that button
    (as Space does); Cancel with typed input still asks."""
    dialog = _plain(qtbot)
    qtbot.keyClicks(dialog.field, "typed")
    dialog.cancel.setFocus()
    assert not dialog.cancel.isDefault()
    qtbot.keyClick(dialog.cancel, Qt.Key.Key_Return)
    assert dialog.discard_question is not None and dialog.isVisible()


def test_typing_back_what_it_opened_with_is_no_change(qtbot: QtBot) -> None:
    dialog = _plain(qtbot)
    qtbot.keyClicks(dialog.field, "x")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Backspace)
    assert not dialog.input_changed()
    qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_dialog_that_does_not_ask_closes_at_once(qtbot: QtBot) -> None:
    dialog = _plain(qtbot, asks=False)
    qtbot.keyClicks(dialog.field, "a search")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)
    assert dialog.discard_question is None and not dialog.isVisible()


def test_fields_filled_after_a_load_are_what_it_opened_with(qtbot: QtBot) -> None:
    dialog = _plain(qtbot)
    dialog.field.setText("loaded later")
    dialog.remember_input()
    assert not dialog.input_changed()
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)  # the main action
    assert dialog.result() == GuardedDialog.DialogCode.Accepted
