"""The roster preview (issue 14): the first rows, the encoding and whether it was a
guess are shown before anything is imported; another encoding can be picked; Cancel
imports nothing."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.ui.dialogs.roster_preview import RosterPreviewDialog
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.reports.page import ReportsPage

POLISH = "First name,Last name,Phone\r\nŁukasz,Wójcik,\r\nJoanna,Mąkowska,\r\nZdzisław,Żółć,\r\n"
MakePage = Callable[[], ReportsPage]


@pytest.fixture
def make_page(qtbot: QtBot, backend: Backend, privacy: Privacy, settle: object) -> MakePage:
    """The Reports page (where a roster is imported), shown and read."""

    def make() -> ReportsPage:
        page = ReportsPage(backend, privacy)
        qtbot.addWidget(page)
        page.show()
        page.activate()
        settle()  # type: ignore[operator]
        return page

    return make


def _cells(dialog: RosterPreviewDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_the_dialog_shows_the_first_rows_and_says_the_encoding_was_a_guess(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = RosterPreviewDialog(POLISH.encode("iso-8859-2"))
    qtbot.addWidget(dialog)
    dialog.show()

    assert _cells(dialog)[0][:2] == ["Łukasz", "Wójcik"]
    header = [dialog.table.horizontalHeaderItem(c).text() for c in range(3)]
    assert header == ["First name", "Last name", "Phone"]
    assert "ISO-8859-2" in dialog.summary.text() and "guess" in dialog.summary.text()
    assert dialog.chosen_encoding() == "iso-8859-2"
    for widget in (dialog.encoding, dialog.table, dialog.import_button):
        assert widget.accessibleName()
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.accessibleName()
    picture = Path(os.environ.get("ROSTER_PREVIEW_PNG", tmp_path / "roster-preview.png"))
    assert dialog.grab().save(str(picture))


def test_picking_another_encoding_reads_the_rows_again(qtbot: QtBot) -> None:
    dialog = RosterPreviewDialog(POLISH.encode("iso-8859-2"))
    qtbot.addWidget(dialog)

    dialog.encoding.setCurrentIndex(dialog.encoding.findData("windows-1252"))
    assert _cells(dialog)[0][0] == "£ukasz"
    assert "guess" not in dialog.summary.text()
    assert dialog.chosen_encoding() == "windows-1252"

    dialog.encoding.setCurrentIndex(dialog.encoding.findData("utf-8"))  # not valid UTF-8
    assert dialog.problem.isVisibleTo(dialog) and "cannot be read as" in dialog.problem.text()
    assert not dialog.import_button.isEnabled()

    dialog.encoding.setCurrentIndex(dialog.encoding.findData("iso-8859-2"))
    assert dialog.import_button.isEnabled() and _cells(dialog)[1][1] == "Mąkowska"
    dialog.import_button.click()
    assert dialog.result() == RosterPreviewDialog.DialogCode.Accepted


def test_the_page_previews_then_imports_in_the_encoding_shown(
    make_page: MakePage,
    settle: object,
    services: Services,
    messages: RecordingMessages,
    tmp_path: Path,
) -> None:
    page = make_page()
    sheet = tmp_path / "roster.csv"
    sheet.write_bytes(POLISH.encode("iso-8859-2"))
    messages.file_answer = sheet

    page.import_roster_button.click()
    settle()  # type: ignore[operator]

    assert ("roster_preview", "iso-8859-2") in messages.shown
    assert "Added 3 people" in page.status.text()
    assert "Central European (ISO-8859-2)" in page.status.text()
    names = sorted(m.first_name for m in services.roster.members())
    assert names == ["Joanna", "Zdzisław", "Łukasz"]


def test_cancel_in_the_preview_imports_nothing(
    make_page: MakePage,
    settle: object,
    services: Services,
    messages: RecordingMessages,
    tmp_path: Path,
) -> None:
    page = make_page()
    sheet = tmp_path / "roster.csv"
    sheet.write_bytes(POLISH.encode("iso-8859-2"))
    messages.file_answer = sheet
    messages.preview_answer = None

    page.import_roster_button.click()
    settle()  # type: ignore[operator]

    assert "Nothing was imported" in page.status.text()
    assert services.roster.members() == [] and services.roster.groups() == []
    assert page.import_roster_button.isEnabled()


def test_a_file_that_cannot_be_read_is_refused_before_the_preview(
    make_page: MakePage,
    settle: object,
    services: Services,
    messages: RecordingMessages,
    tmp_path: Path,
) -> None:
    page = make_page()
    sheet = tmp_path / "roster.csv"
    sheet.write_text('First name,Last name\r\nSam,Okafor\r\n"Ann,Lee\r\n', encoding="utf-8")
    messages.file_answer = sheet

    page.import_roster_button.click()
    settle()  # type: ignore[operator]

    assert "row 3" in page.status.text() and "Ann" not in page.status.text()
    assert not [shown for shown in messages.shown if shown[0] == "roster_preview"]
    assert services.roster.members() == []


def test_a_control_character_in_the_file_is_refused_by_row_after_the_preview(
    make_page: MakePage,
    settle: object,
    services: Services,
    messages: RecordingMessages,
    tmp_path: Path,
) -> None:
    page = make_page()
    sheet = tmp_path / "roster.csv"
    sheet.write_bytes(b"First name\r\nSam\r\nAnn\x00\r\n")
    messages.file_answer = sheet
    page.roster_group.setCurrentText("New group")

    page.import_roster_button.click()
    settle()  # type: ignore[operator]

    assert "row 3" in page.status.text()
    assert services.roster.members() == [] and services.roster.groups() == []


def test_with_the_privacy_screen_on_the_rows_show_only_when_asked(qtbot: QtBot) -> None:
    dialog = RosterPreviewDialog(POLISH.encode("iso-8859-2"), private=True)
    qtbot.addWidget(dialog)
    dialog.show()

    assert not dialog.table.isVisible() and dialog.show_rows.isVisible()
    assert "ISO-8859-2" in dialog.summary.text()  # the encoding is no one's data
    dialog.show_rows.setChecked(True)
    assert dialog.table.isVisible()


def test_the_page_tells_the_preview_when_the_privacy_screen_is_on(
    make_page: MakePage,
    privacy: Privacy,
    settle: object,
    messages: RecordingMessages,
    tmp_path: Path,
) -> None:
    page = make_page()
    sheet = tmp_path / "roster.csv"
    sheet.write_bytes(POLISH.encode("iso-8859-2"))
    messages.file_answer = sheet
    messages.preview_answer = None
    privacy.set_on(True)

    page.import_roster_button.click()
    settle()  # type: ignore[operator]

    assert messages.preview_private is True


def test_tab_follows_the_screen_and_enter_imports(qtbot: QtBot) -> None:
    """issue 16 defects 2 and 6: Tab visits the encoding, the "show the rows" box, the
    rows, then the buttons; Enter in the encoding list imports (never Cancel)."""
    dialog = RosterPreviewDialog(POLISH.encode("iso-8859-2"), private=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_rows.setChecked(True)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.encoding.setFocus()
    seen = [dialog.focusWidget()]
    for _ in range(6):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        seen.append(dialog.focusWidget())
    buttons = dialog.buttons.buttons()
    assert seen[:3] == [dialog.encoding, dialog.show_rows, dialog.table]
    assert set(seen[3:5]) == set(buttons)
    dialog.encoding.setFocus()
    qtbot.keyClick(dialog.encoding, Qt.Key.Key_Return)
    assert dialog.result() == RosterPreviewDialog.DialogCode.Accepted
