"""No window title carries a member's name (nor a group's, which says what it is for).

issue 16 defect 13 (b): titles show in the taskbar, in window switchers and on a
shared screen, privacy screen or not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import GroupRecord, MemberRecord
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.editors.followup_dialog import FollowUpDialog
from facilitator.ui.editors.member_dialog import MemberDialog
from facilitator.ui.groups.member_picker import MemberPicker
from facilitator.ui.groups.session_dialog import SessionDialog
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.members.forget_dialog import ForgetDialog
from facilitator.ui.plumbing.backend import Backend

NAMES = ("Samira", "Tahir", "Opioid", "Recovery")
Make = Callable[[Backend, Privacy, MemberRecord, GroupRecord], QDialog]
DIALOGS: dict[str, Make] = {
    "edit member": lambda b, p, m, g: MemberDialog(b, p, member=m),
    "forget": lambda b, p, m, g: ForgetDialog(b, p, m, None),
    "follow-up for a member": lambda b, p, m, g: FollowUpDialog(b, p, None, member_id=m.id),
    "extra session": lambda b, p, m, g: SessionDialog(b, g, dt.date(2026, 11, 24)),
    "add an existing member": lambda b, p, m, g: MemberPicker(b, p, g),
}


@pytest.mark.parametrize("on", [False, True], ids=["privacy off", "privacy on"])
@pytest.mark.parametrize("kind", sorted(DIALOGS))
def test_no_dialog_title_names_anyone(
    qtbot: QtBot,
    backend: Backend,
    privacy: Privacy,
    services: Services,
    settle: Callable[[], None],
    kind: str,
    on: bool,
) -> None:
    """issue 16 defect 13 (b)."""
    group = services.roster.create_group(GroupDraft(name="Opioid Recovery Tuesday"))
    member = services.roster.add_member(MemberDraft("Samira", "Tahir-Whitfield"), group_id=group.id)
    privacy.set_on(on)
    dialog = DIALOGS[kind](backend, privacy, member, group)
    qtbot.addWidget(dialog)
    dialog.open()
    settle()
    title = dialog.windowTitle()
    assert title
    for name in NAMES:
        assert name not in title
