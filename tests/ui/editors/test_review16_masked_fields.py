"""review16: the member editor's masked fields under the privacy screen (issue 16 defect
13) use QLineEdit's PasswordEchoOnEdit: the first key pressed in one (a Backspace to
fix a typo, a letter) erases the whole stored value, unseen; Save then stores what is
left, without a question."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.services.roster import MemberDraft
from facilitator.ui.editors.member_dialog import MemberDialog
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend


def test_review16_one_backspace_in_a_masked_field_does_not_erase_it_unseen(
    qtbot: QtBot,
    backend: Backend,
    privacy: Privacy,
    services: Services,
    settle: Callable[[], None],
) -> None:
    member = services.roster.add_member(
        MemberDraft("Samira", "Tahir-Whitfield", phone="07700 900123")
    )
    privacy.set_on(True)
    dialog = MemberDialog(backend, privacy, member=member)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.phone.setFocus()
    qtbot.keyClick(dialog.phone, Qt.Key.Key_End)
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Backspace)  # meant: the last digit
    assert dialog.phone.text() in ("07700 900123", "07700 90012")  # not erased whole
