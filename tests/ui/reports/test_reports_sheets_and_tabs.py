"""The Reports page's sign-in sheets (issue 16 defect 8: the README promised them; a
sheet could only be saved, never printed or opened) and its tab order (issue 16
defect 16: the roster's group box came after its own Import button)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path

import pypdfium2
import pytest
from doubles import RecordingMessages
from PySide6.QtCore import QDate, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import GroupRecord
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.editors.sheet_dialog import SheetDialog
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.reports.page import ReportsPage

Settle = Callable[[], None]


@pytest.fixture
def group(services: Services) -> GroupRecord:
    group = services.roster.create_group(
        GroupDraft(name="Opioid Recovery Tuesday", printed_title="Tuesday Evening Group")
    )
    for i in range(45):  # two pages of names
        services.roster.add_member(MemberDraft(f"Person{i:02d}", "Tester"), group_id=group.id)
    return group


@pytest.fixture
def page(qtbot: QtBot, backend: Backend, privacy: Privacy, settle: Settle) -> ReportsPage:
    made = ReportsPage(backend, privacy)
    qtbot.addWidget(made)
    made.resize(1100, 800)
    made.show()
    qtbot.waitExposed(made)
    made.activate()
    settle()
    settle()
    return made


def _dialog(qtbot: QtBot, page: ReportsPage) -> SheetDialog:
    dialog = page.sheets.flow.dialog
    assert isinstance(dialog, SheetDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_a_sheet_prints_from_the_reports_page_and_leaves_no_file(
    qtbot: QtBot,
    page: ReportsPage,
    group: GroupRecord,
    settle: Settle,
    services: Services,
    tmp_path: Path,
) -> None:
    """issue 16 defect 8: Reports ▸ Sign-in sheets ▸ Print… prints the sheet (to a PDF
    printer here, through the injected print dialog); nothing else is written."""
    page.activate()
    settle()
    sheets = page.sheets
    assert sheets.group.currentText() == "Opioid Recovery Tuesday"
    sheets.date.setDate(QDate(2026, 11, 24))
    out = tmp_path / "printer.pdf"

    def ask(printer: QPrinter, parent: QWidget | None) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    sheets.flow.ask_printer = ask
    before = set(tmp_path.rglob("*"))
    sheets.print_button.click()
    dialog = _dialog(qtbot, page)
    assert dialog.print_button.isDefault()
    qtbot.keyClick(dialog.blank_rows, Qt.Key.Key_Return)  # Enter: the main action, Print…
    settle()
    pages = services.sheets.render(group.id, dt.date(2026, 11, 24)).pages
    assert pages > 1  # 45 names
    assert f"sent to the printer ({pages} pages)" in sheets.status.text()
    assert len(pypdfium2.PdfDocument(out.read_bytes())) == pages
    assert set(tmp_path.rglob("*")) - before == {out}


def test_a_sheet_saved_from_reports_can_be_opened(
    qtbot: QtBot,
    page: ReportsPage,
    group: GroupRecord,
    settle: Settle,
    messages: RecordingMessages,
    tmp_path: Path,
) -> None:
    """issue 16 defect 8: after Save as PDF…, "Open" opens the file saved."""
    page.activate()
    settle()
    sheets = page.sheets
    opened: list[Path] = []
    sheets.flow.open_file = lambda path: opened.append(path) is None
    sheets.date.setDate(QDate(2026, 12, 1))
    assert not sheets.open_button.isVisible()
    sheets.save_button.click()
    dialog = _dialog(qtbot, page)
    assert dialog.save_button.isDefault()  # asked to save: Enter saves
    messages.file_answer = tmp_path / "sheet"
    dialog.save_button.click()
    settle()
    saved = tmp_path / "sheet.pdf"
    assert saved.exists()
    assert ("choose_save_file", "sign-in-sheet-2026-12-01.pdf") in messages.shown
    assert sheets.open_button.isVisible()
    sheets.open_button.click()
    assert opened == [saved]


def test_without_a_group_the_box_says_what_to_do(page: ReportsPage) -> None:
    assert not page.sheets.print_button.isEnabled()
    assert "Create a group first" in page.sheets.status.text()


def test_tab_visits_the_reports_page_in_screen_order(
    qtbot: QtBot, page: ReportsPage, group: GroupRecord, settle: Settle
) -> None:
    """issue 16 defect 16: Tab goes from the roster's group box to its Import button,
    and through the whole page top to bottom."""
    page.activate()  # the group made after the page: its sheet buttons enabled
    settle()
    assert page.sheets.print_button.isEnabled()
    page.roster_group.setFocus()
    qtbot.keyClick(page.roster_group, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.import_roster_button

    # (one tab stop per group of radio buttons: the chosen one; arrows move in it)
    wanted = [
        w
        for w in page.focus_chain()
        if w.isVisible()
        and w.isEnabled()
        and w.focusPolicy()
        and not (isinstance(w, QRadioButton) and not w.isChecked())
    ]
    wanted[0].setFocus()
    visited = [QApplication.focusWidget()]

    def focused_control() -> QWidget | None:
        focused = QApplication.focusWidget()
        # a date edit or a spin box has a line edit inside it
        while focused is not None and focused not in wanted and focused.parentWidget():
            focused = focused.parentWidget()
        return focused

    for _ in range(len(wanted) - 1):
        current = focused_control()
        for _section in range(4):  # Tab first visits a date's day, month and year
            widget = QApplication.focusWidget()
            assert widget is not None
            qtbot.keyClick(widget, Qt.Key.Key_Tab)
            if focused_control() is not current:
                break
        visited.append(focused_control())
    assert visited == wanted
    # The chain is the order on the screen: top to bottom, then left to right.
    corners = [w.mapTo(page, w.rect().topLeft()) for w in wanted]
    for first, second in itertools.pairwise(corners):
        assert second.y() > first.y() + 8 or (
            abs(second.y() - first.y()) <= 8 and second.x() > first.x()
        ), (first, second)


def test_each_alt_letter_on_the_reports_page_leads_to_one_place(page: ReportsPage) -> None:
    """The new buttons take no Alt letter another control (or a menu) already has."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    page.summary.open_button.setVisible(True)
    page.sheets.open_button.setVisible(True)
    texts = [
        w.title() if isinstance(w, QGroupBox) else w.text()
        for w in page.findChildren(QWidget)
        if isinstance(w, QLabel | QAbstractButton | QGroupBox) and w.isVisible()
    ]
    letters = [t.split("&")[1][0].casefold() for t in texts if "&" in t.replace("&&", "")]
    twice = sorted({letter for letter in letters if letters.count(letter) > 1})
    assert twice == [], [t for t in texts if "&" in t]
    # (the page's "&Export everything…" and "Pre&view" have had the Edit and View menus'
    # letters since before issue 16)
    assert not {"f", "h"} & set(letters)


def test_a_refused_sheet_reopens_the_dialog_and_then_prints(
    qtbot: QtBot,
    page: ReportsPage,
    settle: Settle,
    services: Services,
    messages: RecordingMessages,
    tmp_path: Path,
) -> None:
    """A blank sheet that would print a member's name (the facilitator's) is refused
    before anything reaches the printer; the dialog comes back with the reason, the
    field ticked to print blank, and Print… prints it."""
    group = services.roster.create_group(
        GroupDraft(name="Circle", printed_title="Tuesday", facilitator="Samira Tahir")
    )
    services.roster.add_member(MemberDraft("Samira", "Tahir"), group_id=group.id)
    page.activate()
    settle()
    out = tmp_path / "printer.pdf"
    asked: list[QPrinter] = []

    def ask(printer: QPrinter, parent: QWidget | None) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        asked.append(printer)
        return True

    page.sheets.flow.ask_printer = ask
    page.sheets.print_button.click()
    dialog = _dialog(qtbot, page)
    dialog.no_names.setChecked(True)
    dialog.print_button.click()
    settle()
    assert not out.exists()
    again = _dialog(qtbot, page)
    assert again is not dialog and again.print_button.isDefault()
    assert "facilitator field" in again.problem.text()
    assert "Samira" not in again.problem.text()
    assert again.blank_facilitator.isChecked()
    assert not [kind for kind, _text in messages.shown if kind == "warning"]
    again.print_button.click()
    settle()
    assert len(pypdfium2.PdfDocument(out.read_bytes())) == 1
    assert "sent to the printer" in page.sheets.status.text()
