"""The member editor on a real vault: add a newcomer, edit, problems shown inline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import MemberRecord, MemberStatus
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.editors.member_dialog import MemberDialog
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend

TODAY = dt.date(2026, 11, 24)
MakeDialog = Callable[..., tuple[MemberDialog, list[MemberRecord]]]


@pytest.fixture
def make_dialog(qtbot: QtBot, backend: Backend, privacy: Privacy) -> MakeDialog:
    """The member editor, open, and what it saved."""

    def make(
        *, member: MemberRecord | None = None, group_id: int | None = None
    ) -> tuple[MemberDialog, list[MemberRecord]]:
        dialog = MemberDialog(backend, privacy, member=member, group_id=group_id)
        qtbot.addWidget(dialog)
        saved: list[MemberRecord] = []
        dialog.saved.connect(saved.append)
        dialog.open()
        qtbot.waitExposed(dialog)
        return dialog, saved

    return make


def test_a_first_name_alone_adds_a_newcomer_by_keyboard(
    qtbot: QtBot, make_dialog: MakeDialog, services: Services, settle: Callable[[], None]
) -> None:
    dialog, saved = make_dialog()
    assert dialog.focusWidget() is dialog.first_name
    qtbot.keyClicks(dialog.first_name, "Rowan")
    qtbot.keyClick(dialog.first_name, Qt.Key.Key_Return)
    settle()
    assert len(saved) == 1
    assert not dialog.isVisible()
    stored = services.roster.member(saved[0].id)
    assert stored.first_name == "Rowan"
    assert stored.last_name == ""
    assert stored.date_joined == TODAY  # "Today" means the day it was saved
    assert stored.status == MemberStatus.ACTIVE


def test_a_newcomer_joins_the_group_the_dialog_was_opened_for(
    qtbot: QtBot, make_dialog: MakeDialog, services: Services, settle: Callable[[], None]
) -> None:
    group = services.roster.create_group(GroupDraft("Tuesday Circle"))
    dialog, saved = make_dialog(group_id=group.id)
    qtbot.keyClicks(dialog.first_name, "Ines")
    qtbot.keyClicks(dialog.last_name, "Moreau")
    dialog.save_button.click()
    settle()
    assert [e.member.display_name for e in services.roster.roster(group.id)] == ["Ines Moreau"]
    assert saved[0].last_name == "Moreau"


def test_a_bad_email_is_shown_inline_and_nothing_typed_is_lost(
    qtbot: QtBot, make_dialog: MakeDialog, services: Services, settle: Callable[[], None]
) -> None:
    dialog, saved = make_dialog()
    dialog.first_name.insert("Zoë")  # QTest cannot type non-ASCII keys
    qtbot.keyClicks(dialog.last_name, "Adeyemi")
    qtbot.keyClicks(dialog.email, "zoe-at-example")
    dialog.save_button.click()
    settle()
    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert "e-mail address is not valid" in dialog.problem.text()
    assert dialog.focusWidget() is dialog.email
    assert (dialog.first_name.text(), dialog.last_name.text(), dialog.email.text()) == (
        "Zoë",
        "Adeyemi",
        "zoe-at-example",
    )
    assert saved == []
    assert services.roster.members() == []
    # fixed, it saves
    dialog.email.setText("zoe@example.org")
    dialog.save_button.click()
    settle()
    assert not dialog.isVisible()
    assert [m.email for m in services.roster.members()] == ["zoe@example.org"]


def test_an_empty_first_name_is_refused_inline(
    qtbot: QtBot, make_dialog: MakeDialog, services: Services
) -> None:
    dialog, saved = make_dialog()
    qtbot.keyClicks(dialog.last_name, "Okafor")
    dialog.save_button.click()
    assert dialog.isVisible()
    assert "first name is empty" in dialog.problem.text()
    assert dialog.focusWidget() is dialog.first_name
    assert dialog.last_name.text() == "Okafor"
    assert saved == []


def test_edit_changes_the_stored_member(
    make_dialog: MakeDialog, services: Services, settle: Callable[[], None]
) -> None:
    member = services.roster.add_member(
        MemberDraft("Sam", "Taylor", phone="07700 900123", notes="Prefers the quiet corner")
    )
    dialog, saved = make_dialog(member=member)
    assert dialog.windowTitle() == "Edit member"  # issue 16 defect 13: no name in a title
    assert dialog.phone.text() == "07700 900123"
    assert dialog.notes.toPlainText() == "Prefers the quiet corner"
    assert dialog.status.isVisible()
    dialog.pronouns.setText("they/them")
    dialog.status.setCurrentIndex(dialog.status.findData(MemberStatus.INACTIVE))
    dialog.save_button.click()
    settle()
    stored = services.roster.member(member.id)
    assert stored.pronouns == "they/them"
    assert stored.status == MemberStatus.INACTIVE
    assert stored.notes == "Prefers the quiet corner"
    assert stored.date_joined == member.date_joined
    assert saved == [stored]


def test_a_new_member_has_no_status_field(make_dialog: MakeDialog) -> None:
    dialog, _ = make_dialog()
    assert not dialog.status.isVisible()


def test_privacy_hides_notes_and_masks_contact_details(
    make_dialog: MakeDialog, privacy: Privacy, services: Services
) -> None:
    member = services.roster.add_member(
        MemberDraft("Sam", "Taylor", phone="07700 900123", notes="Prefers the quiet corner")
    )
    privacy.set_on(True)
    dialog, _ = make_dialog(member=member)
    assert dialog.windowTitle() == "Edit member"  # issue 16 defect 13: no name in a title
    assert not dialog.notes.isVisible()
    assert dialog.hidden_notes.isVisible()
    assert dialog.phone.echoMode() == QLineEdit.EchoMode.Password  # and read-only (review 16)
    assert dialog.phone.isReadOnly()
    privacy.set_on(False)
    assert dialog.notes.isVisible()
    assert dialog.phone.echoMode() == QLineEdit.EchoMode.Normal


def test_cancel_saves_nothing(qtbot: QtBot, make_dialog: MakeDialog, services: Services) -> None:
    dialog, saved = make_dialog()
    qtbot.keyClicks(dialog.first_name, "Rowan")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.discard_question is not None  # typed: it asks first (issue 16 defect 2)
    dialog.discard()
    assert not dialog.isVisible()
    assert saved == []
    assert services.roster.members() == []


def test_every_control_has_an_accessible_name(make_dialog: MakeDialog, services: Services) -> None:
    member = services.roster.add_member(MemberDraft("Sam"))
    dialog, _ = make_dialog(member=member)
    unnamed = [
        type(w).__name__
        for w in dialog.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not w.accessibleName()
        and w.isVisible()
        and w.parent() is not None
        and type(w.parent()).__name__ not in ("QDateEdit", "QComboBox")
    ]
    assert unnamed == []


def test_a_chosen_joining_date_is_stored_and_an_unknown_one_stays_unknown(
    qtbot: QtBot, make_dialog: MakeDialog, services: Services, settle: Callable[[], None]
) -> None:
    dialog, saved = make_dialog()
    qtbot.keyClicks(dialog.first_name, "Ines")
    dialog.date_joined.setDate(QDate(2026, 11, 17))
    dialog.save_button.click()
    settle()
    assert services.roster.member(saved[0].id).date_joined == dt.date(2026, 11, 17)

    unknown = services.roster.update_member(saved[0].id, MemberDraft("Ines", date_joined=None))
    assert unknown.date_joined is None
    again, saved_again = make_dialog(member=unknown)
    assert again.date_joined.text() == "Not recorded"
    qtbot.keyClicks(again.pronouns, "she/her")
    again.save_button.click()
    settle()
    assert services.roster.member(unknown.id).date_joined is None
    assert saved_again[0].pronouns == "she/her"
