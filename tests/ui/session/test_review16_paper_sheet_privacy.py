"""review16: the privacy screen switched on (Ctrl+Shift+P: someone walks in) while a
dialog that lists people is open.  The pages redraw; the paper-sheet dialog keeps the
full names it was opened with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import SessionTarget
from facilitator.ui.session.page import SessionPage
from facilitator.ui.session.paper_sheet import PaperSheetDialog

LAST_WEEK = dt.date(2026, 11, 17)


def test_review16_the_privacy_screen_hides_last_names_in_an_open_paper_sheet(
    qtbot: QtBot,
    backend: Backend,
    privacy: Privacy,
    services: Services,
    settle: Callable[[], None],
) -> None:
    group = services.roster.create_group(
        GroupDraft(
            name="Tuesday Circle",
            schedule_rule="FREQ=WEEKLY;BYDAY=TU",
            schedule_start=dt.date(2026, 1, 6),
            start_time=dt.time(19, 0),
            end_time=dt.time(20, 30),
        )
    )
    services.roster.add_member(
        MemberDraft(first_name="Beatriz", last_name="Alvarez-Quintero"), group_id=group.id
    )
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
    assert "Alvarez-Quintero" in dialog.lines[0].came.text()  # privacy off: shown

    privacy.set_on(True)  # someone walks in
    qtbot.wait(20)

    line = dialog.lines[0]
    shown = [line.came.text(), line.came.accessibleName(), line.time.accessibleName()]
    assert not any("Alvarez-Quintero" in text for text in shown)

    # The mark editor (F2 / Change…) follows it too.
    dialog.discard()
    privacy.set_on(False)
    settle()
    check_in = page.check_in
    check_in.table.selectRow(0)
    check_in.change_button.click()
    mark = check_in.mark_dialog
    assert mark is not None and "Alvarez-Quintero" in mark.who.text()
    privacy.set_on(True)
    assert "Alvarez-Quintero" not in mark.who.text()
