"""The session screen's "Print sign-in sheet…" prints (issue 16 defect 8: it could only
save a PDF) — Enter in its dialog prints (issue 16 defect 2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pypdfium2
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.editors.sheet_dialog import SheetDialog
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import SessionTarget
from facilitator.ui.session.page import SessionPage

TODAY = dt.date(2026, 11, 24)


def test_enter_in_the_sheet_dialog_prints_tonights_sheet(
    qtbot: QtBot,
    backend: Backend,
    privacy: Privacy,
    settle: Callable[[], None],
    services: Services,
    tmp_path: Path,
) -> None:
    """issue 16 defect 8: Print sign-in sheet…, Enter: the sheet goes to the printer (a
    PDF file here, through the injected print dialog) and nothing else is written."""
    group = services.roster.create_group(GroupDraft(name="Circle", printed_title="Tuesday"))
    for name in ("Sam", "Priya"):
        services.roster.add_member(MemberDraft(name, "Tester"), group_id=group.id)
    page = SessionPage(backend, privacy)
    qtbot.addWidget(page)
    page.resize(1100, 680)
    page.show()
    page.activate()
    page.go_to(SessionTarget(group.id, TODAY, None))
    settle()
    out = tmp_path / "printer.pdf"

    def ask(printer: QPrinter, parent: QWidget | None) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    page.sheet_flow.ask_printer = ask
    before = set(tmp_path.rglob("*"))
    qtbot.mouseClick(page.sheet_button, Qt.MouseButton.LeftButton)
    dialog = page.editor
    assert isinstance(dialog, SheetDialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.blank_rows, Qt.Key.Key_Return)
    settle()
    assert "sent to the printer (1 page)" in page.check_in.feedback.text()
    assert len(pypdfium2.PdfDocument(out.read_bytes())) == 1
    assert set(tmp_path.rglob("*")) - before == {out}
