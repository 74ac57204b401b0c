"""Strict input in the app's dialogs (issue 14): the member editor refuses what every
other source refuses, names the field, keeps what was typed, and stores nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.ui.editors.member_dialog import MemberDialog
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend

MakeDialog = Callable[[], MemberDialog]


@pytest.fixture
def make_dialog(qtbot: QtBot, backend: Backend, privacy: Privacy) -> MakeDialog:
    """The member editor, open for a new member."""

    def make() -> MemberDialog:
        dialog = MemberDialog(backend, privacy)
        qtbot.addWidget(dialog)
        dialog.open()
        qtbot.waitExposed(dialog)
        return dialog

    return make


@pytest.mark.parametrize("bad", ["\x00", "\x1b", "\u202e", "\x85"])
def test_a_pasted_control_character_in_a_name_is_refused_naming_the_field(
    make_dialog: MakeDialog, services: Services, settle: Callable[[], None], bad: str
) -> None:
    dialog = make_dialog()
    dialog.first_name.insert(f"Ann{bad}Lee")  # as pasted: a QLineEdit keeps it

    dialog.save_button.click()
    settle()

    assert dialog.isVisible() and dialog.problem.isVisible()
    assert "first name" in dialog.problem.text() and "Ann" not in dialog.problem.text()
    assert dialog.first_name.text() == f"Ann{bad}Lee"  # nothing typed is lost
    assert services.roster.members() == []


def test_a_vanity_phone_is_saved_as_its_digits_and_a_double_dot_email_is_refused(
    qtbot: QtBot, make_dialog: MakeDialog, services: Services, settle: Callable[[], None]
) -> None:
    dialog = make_dialog()
    qtbot.keyClicks(dialog.first_name, "Flo")
    qtbot.keyClicks(dialog.phone, "+1 800-FLOWERS")
    qtbot.keyClicks(dialog.email, "flo..rist@example.org")

    dialog.save_button.click()
    settle()
    assert "e-mail address is not valid" in dialog.problem.text()
    assert services.roster.members() == []

    dialog.email.setText("florist@example.org")
    dialog.save_button.click()
    settle()
    assert [m.phone for m in services.roster.members()] == ["+1 800-3569377"]
