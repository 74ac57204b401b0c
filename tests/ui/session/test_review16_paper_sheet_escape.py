"""review16: the paper-sheet dialog is a plain QDialog, not the kit's GuardedDialog (issue
16 defect 2: "closing a dialog with typed input must ask first", and Enter must do the
main action): a whole sheet ticked and timed is thrown away by one key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import GroupRecord
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import SessionTarget
from facilitator.ui.session.page import SessionPage
from facilitator.ui.session.paper_sheet import PaperSheetDialog

LAST_WEEK = dt.date(2026, 11, 17)  # the services' clock: 24 Nov 18:30


@pytest.fixture
def sheet(
    qtbot: QtBot, backend: Backend, privacy: Privacy, services: Services, settle: Callable[[], None]
) -> tuple[SessionPage, PaperSheetDialog, GroupRecord]:
    group = services.roster.create_group(
        GroupDraft(
            name="Tuesday Circle",
            schedule_rule="FREQ=WEEKLY;BYDAY=TU",
            schedule_start=dt.date(2026, 1, 6),
            start_time=dt.time(19, 0),
            end_time=dt.time(20, 30),
        )
    )
    for first in ("Alex", "Beatriz", "Daniel"):
        services.roster.add_member(MemberDraft(first_name=first), group_id=group.id)
    page = SessionPage(backend, privacy)
    qtbot.addWidget(page)
    page.resize(1100, 680)
    page.show()
    page.go_to(SessionTarget(group.id, LAST_WEEK, None))
    settle()
    page.activate()
    settle()
    page.paper_button.click()
    dialog = page.editor
    assert isinstance(dialog, PaperSheetDialog)
    qtbot.waitExposed(dialog)
    for line in dialog.lines:  # a whole sheet typed in
        qtbot.keyClick(line.came, Qt.Key.Key_Space)
    dialog.lines[2].mark.setCurrentIndex(1)  # Daniel late…
    qtbot.keyClicks(dialog.lines[2].time, "19:25")
    return page, dialog, group


def test_review16_escape_on_a_typed_paper_sheet_asks_first(
    qtbot: QtBot, sheet: tuple[SessionPage, PaperSheetDialog, GroupRecord]
) -> None:
    _page, dialog, _group = sheet
    qtbot.keyClick(dialog.lines[2].time, Qt.Key.Key_Escape)
    qtbot.wait(50)
    assert shiboken6.isValid(dialog) and dialog.isVisible()


def test_review16_enter_after_tabbing_past_cancel_saves_the_paper_sheet(
    qtbot: QtBot,
    services: Services,
    settle: Callable[[], None],
    sheet: tuple[SessionPage, PaperSheetDialog, GroupRecord],
) -> None:
    page, dialog, _group = sheet
    cancel = dialog._buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setFocus()  # Tab went past it
    qtbot.wait(10)
    dialog.lines[2].time.setFocus()  # back to Daniel's time
    assert not cancel.isDefault()  # it was: Enter pressed Cancel, the dialog rejected
    qtbot.keyClick(dialog.lines[2].time, Qt.Key.Key_Return)
    settle()
    assert page.session is not None and page.session.id is not None
    came = [r for r in services.attendance.check_in_list(page.session.id) if r.status]
    assert len(came) == 3
