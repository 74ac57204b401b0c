"""A group's Sessions tab prints the selected session's sign-in sheet (issue 16 defect 8:
sheets also from a group's sessions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pypdfium2
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import weekly_rule
from facilitator.ui.editors.sheet_dialog import SheetDialog
from facilitator.ui.groups.page import GroupsPage
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import GroupTarget

TONIGHT = dt.date(2026, 11, 24)


def test_the_sheet_of_a_session_row_prints(
    qtbot: QtBot,
    backend: Backend,
    privacy: Privacy,
    settle: Callable[[], None],
    services: Services,
    tmp_path: Path,
) -> None:
    """issue 16 defect 8: select a session, "Sign-in sheet…", Print: the sheet of that
    group and day goes to the printer (a PDF here); a cancelled session has none."""
    group = services.roster.create_group(
        GroupDraft(
            name="Circle",
            printed_title="Tuesday Group",
            schedule_rule=weekly_rule(1),
            schedule_start=dt.date(2026, 1, 6),
            start_time=dt.time(19, 0),
            end_time=dt.time(20, 30),
        )
    )
    for name in ("Sam", "Priya", "Jo"):
        services.roster.add_member(MemberDraft(name, "Tester"), group_id=group.id)
    page = GroupsPage(backend, privacy)
    qtbot.addWidget(page)
    page.resize(1100, 680)
    page.show()
    page.activate()
    settle()
    page.go_to(GroupTarget(group.id, "sessions"))
    settle()
    sessions = page.sessions
    selected = sessions.selected()
    assert selected is not None and selected.date == TONIGHT
    assert sessions.sheet_button.isEnabled()
    out = tmp_path / "printer.pdf"

    def ask(printer: QPrinter, parent: QWidget | None) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    sessions.sheet_flow.ask_printer = ask
    sessions.sheet_button.click()
    dialog = sessions.sheet_flow.dialog
    assert isinstance(dialog, SheetDialog)
    dialog.print_button.click()
    settle()
    assert "sent to the printer (1 page)" in sessions.status.text()
    printed = pypdfium2.PdfDocument(out.read_bytes())
    assert len(printed) == 1
    # The page is painted as an image (the text is not searchable in the printer's
    # output): something is drawn on it.
    assert min(bytes(printed[0].render(scale=0.5).buffer)) < 128

    # Saved as a PDF instead: "Open the saved sheet" appears and opens that file.
    assert not sessions.open_sheet_button.isVisible()
    opened: list[Path] = []
    sessions.sheet_flow.open_file = lambda path: opened.append(path) or True
    backend.messages.file_answer = tmp_path / "tuesday.pdf"  # type: ignore[attr-defined]
    sessions.sheet_button.click()
    dialog = sessions.sheet_flow.dialog
    assert isinstance(dialog, SheetDialog)
    dialog.save_button.click()
    settle()
    assert (tmp_path / "tuesday.pdf").is_file()
    assert sessions.open_sheet_button.isVisible()
    sessions.open_sheet_button.click()
    assert opened == [tmp_path / "tuesday.pdf"]
