"""Printing a sign-in sheet from the session screen: the choices dialog, where to save,
and the PDF that comes out (read back with pypdf)."""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from doubles import RecordingMessages
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import GroupRecord
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.sheets import NameMode, SheetField
from facilitator.ui.editors.sheet_dialog import SheetChoice, SheetDialog
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import SessionTarget
from facilitator.ui.session.page import SessionPage

TODAY = dt.date(2026, 11, 24)  # the services' clock: Tuesday 18:30
Settle = Callable[[], None]
MakePage = Callable[[GroupRecord], SessionPage]
PEOPLE = (("Samira", "Tahir"), ("Daniel", "Kowalski"), ("Beatriz", "Lopez"))


@pytest.fixture
def group(services: Services) -> GroupRecord:
    group = services.roster.create_group(
        GroupDraft(
            name="Alcohol Recovery Tuesday",
            printed_title="Tuesday Evening Group",
            location="St Mark's hall",
            schedule_rule="FREQ=WEEKLY;BYDAY=TU",
            schedule_start=dt.date(2026, 1, 6),
            start_time=dt.time(18, 30),
            end_time=dt.time(20, 0),
        )
    )
    for first, last in PEOPLE:
        services.roster.add_member(MemberDraft(first_name=first, last_name=last), group_id=group.id)
    return group


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "printing"
    folder.mkdir()
    return folder


@pytest.fixture
def make_page(qtbot: QtBot, backend: Backend, privacy: Privacy, settle: Settle) -> MakePage:
    """The session page, shown on tonight's session of a group and read."""

    def make(group: GroupRecord) -> SessionPage:
        page = SessionPage(backend, privacy)
        qtbot.addWidget(page)
        page.resize(1100, 680)
        page.show()
        page.activate()
        page.go_to(SessionTarget(group.id, TODAY, None))
        settle()
        return page

    return make


def _open_dialog(qtbot: QtBot, page: SessionPage) -> SheetDialog:
    qtbot.mouseClick(page.sheet_button, Qt.MouseButton.LeftButton)
    dialog = page.editor
    assert isinstance(dialog, SheetDialog)
    qtbot.waitExposed(dialog)
    return dialog


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


# -- the dialog on its own ------------------------------------------------------------------
def test_the_dialog_starts_with_full_names_ten_rows_and_automatic_paper(qtbot: QtBot) -> None:
    dialog = SheetDialog(paper_default="Letter")
    qtbot.addWidget(dialog)
    assert dialog.choice() == SheetChoice(NameMode.FULL, 10, None, ())
    assert dialog.paper.currentText() == "Automatic (Letter)"
    for widget in (dialog.full_names, dialog.initials, dialog.no_names, dialog.blank_rows):
        assert widget.accessibleName()


def test_the_dialog_reports_what_was_chosen(qtbot: QtBot) -> None:
    dialog = SheetDialog()
    qtbot.addWidget(dialog)
    dialog.no_names.setChecked(True)
    dialog.blank_rows.setValue(4)
    dialog.paper.setCurrentIndex(dialog.paper.findData("letter"))
    dialog.columns.setText(" Phone consent , ,First time? ")
    assert dialog.choice() == SheetChoice(
        NameMode.NONE, 4, "letter", ("Phone consent", "First time?")
    )
    assert not dialog.full_names.isChecked()  # one name choice at a time


# -- from the session screen ----------------------------------------------------------------------
def test_a_sheet_with_initials_is_saved_where_the_person_chose(
    qtbot: QtBot,
    make_page: MakePage,
    settle: Settle,
    group: GroupRecord,
    messages: RecordingMessages,
    out_dir: Path,
) -> None:
    page = make_page(group)
    assert page.sheet_button.isEnabled()
    dialog = _open_dialog(qtbot, page)
    dialog.initials.setChecked(True)
    dialog.blank_rows.setValue(3)
    messages.file_answer = out_dir / "tonight"  # no extension typed
    dialog.save_button.click()
    settle()

    assert ("choose_save_file", "sign-in-sheet-2026-11-24.pdf") in messages.shown
    written = out_dir / "tonight.pdf"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    text = _text(written)
    assert "Tuesday Evening Group" in text
    assert "Alcohol" not in text and "Recovery" not in text
    for shown in ("Samira T.", "Daniel K.", "Beatriz L."):
        assert shown in text
    for last in ("Tahir", "Kowalski", "Lopez"):
        assert last not in text
    assert str(written) in page.check_in.feedback.text()
    assert "1 page" in page.check_in.feedback.text()
    assert page.editor is None  # the dialog is gone


def test_a_blank_sheet_has_no_names(
    qtbot: QtBot,
    make_page: MakePage,
    settle: Settle,
    group: GroupRecord,
    messages: RecordingMessages,
    out_dir: Path,
) -> None:
    page = make_page(group)
    dialog = _open_dialog(qtbot, page)
    dialog.no_names.setChecked(True)
    messages.file_answer = out_dir / "blank.pdf"
    dialog.save_button.click()
    settle()
    text = _text(out_dir / "blank.pdf")
    for first, last in PEOPLE:
        assert first not in text and last not in text
    assert "13" in text.split()  # three members' rows and ten blank ones


def test_the_privacy_screen_suggests_initials(
    qtbot: QtBot, make_page: MakePage, privacy: Privacy, group: GroupRecord
) -> None:
    privacy.set_on(True)
    page = make_page(group)
    dialog = _open_dialog(qtbot, page)
    assert dialog.choice().names is NameMode.INITIALS
    dialog.reject()


def test_cancelling_anywhere_writes_nothing(
    qtbot: QtBot,
    make_page: MakePage,
    settle: Settle,
    group: GroupRecord,
    messages: RecordingMessages,
    out_dir: Path,
) -> None:
    page = make_page(group)
    _open_dialog(qtbot, page).reject()
    assert not any(kind == "choose_save_file" for kind, _ in messages.shown)
    messages.file_answer = None  # the save dialog is cancelled
    _open_dialog(qtbot, page).save_button.click()
    settle()
    assert any(kind == "choose_save_file" for kind, _ in messages.shown)
    assert list(out_dir.iterdir()) == []
    assert page.check_in.feedback.text() == ""


def test_a_sheet_that_cannot_be_written_is_explained(
    qtbot: QtBot,
    make_page: MakePage,
    settle: Settle,
    group: GroupRecord,
    messages: RecordingMessages,
    out_dir: Path,
) -> None:
    page = make_page(group)
    messages.file_answer = out_dir / "gone" / "sheet.pdf"
    _open_dialog(qtbot, page).save_button.click()
    settle()
    warnings = [text for kind, text in messages.shown if kind == "warning"]
    assert warnings and "does not exist" in warnings[0]


def test_a_cancelled_session_offers_no_sheet(
    make_page: MakePage, backend: Backend, settle: Settle, group: GroupRecord
) -> None:
    page = make_page(group)
    assert page.sheet_button.isEnabled()
    session = page.session
    assert session is not None
    backend.call(lambda s: s.schedule.cancel(session), context=page)
    settle()
    page.activate()
    settle()
    assert page.session is not None and page.session.cancelled
    assert not page.sheet_button.isEnabled()
    page.restore()
    settle()
    assert page.sheet_button.isEnabled()


def test_a_refused_blank_sheet_reopens_the_dialog_to_print_the_field_blank(
    qtbot: QtBot,
    make_page: MakePage,
    settle: Settle,
    services: Services,
    group: GroupRecord,
    messages: RecordingMessages,
    out_dir: Path,
) -> None:
    """The group's facilitator is a member: a sheet with no names must not print her."""
    services.roster.update_group(
        group.id,
        GroupDraft(
            name=group.name,
            printed_title=group.printed_title,
            location=group.location,
            facilitator="Samira Tahir",
            schedule_rule=group.schedule_rule,
            schedule_start=group.schedule_start,
            start_time=group.start_time,
            end_time=group.end_time,
        ),
    )
    page = make_page(group)
    dialog = _open_dialog(qtbot, page)
    dialog.no_names.setChecked(True)
    dialog.blank_rows.setValue(5)
    target = out_dir / "blank.pdf"
    messages.file_answer = target
    dialog.save_button.click()
    settle()

    assert not target.exists()
    again = page.editor
    assert isinstance(again, SheetDialog) and again is not dialog
    qtbot.waitExposed(again)
    problem = again.problem.text()
    assert again.problem.isVisible() and "facilitator field" in problem
    assert "Samira" not in problem and "Tahir" not in problem
    assert again.blank_facilitator.isChecked() and again.blank_facilitator.hasFocus()
    assert again.choice() == SheetChoice(
        NameMode.NONE, 5, None, (), frozenset({SheetField.FACILITATOR})
    )
    assert not [kind for kind, _text in messages.shown if kind == "warning"]
    again.save_button.click()
    settle()

    text = _text(target)
    for first, last in PEOPLE:
        assert first not in text and last not in text
    assert "FACILITATOR" in text and "St Mark's hall" in text
    assert page.editor is None


def test_the_dialog_prints_chosen_fields_blank(qtbot: QtBot) -> None:
    dialog = SheetDialog()
    qtbot.addWidget(dialog)
    assert not dialog.problem.isVisible()
    dialog.blank_place.setChecked(True)
    dialog.blank_title.setChecked(True)
    assert dialog.choice().leave_blank == {SheetField.PLACE, SheetField.TITLE}
    for check in dialog.blank_boxes.values():
        assert check.accessibleName()


def test_a_refusal_naming_several_fields_ticks_every_box(qtbot: QtBot) -> None:
    choice = SheetChoice(NameMode.INITIALS, 3, "a4", ("Tea?",))
    dialog = SheetDialog(choice=choice, problem="refused")
    qtbot.addWidget(dialog)
    dialog.offer_blank((SheetField.PLACE, SheetField.FACILITATOR))
    assert dialog.choice() == SheetChoice(
        NameMode.INITIALS, 3, "a4", ("Tea?",), frozenset({SheetField.PLACE, SheetField.FACILITATOR})
    )
    assert not dialog.blank_title.isChecked()
    assert dialog.problem.text() == "refused"


def test_a_saved_sheet_can_be_opened_from_the_session_screen(
    qtbot: QtBot,
    make_page: MakePage,
    settle: Settle,
    group: GroupRecord,
    messages: RecordingMessages,
    out_dir: Path,
) -> None:
    """issue 16 defect 8: a saved sheet had "no way to open it"."""
    page = make_page(group)
    assert not page.open_sheet_button.isVisible()
    opened: list[Path] = []
    page.sheet_flow.open_file = lambda path: opened.append(path) or True
    dialog = _open_dialog(qtbot, page)
    messages.file_answer = out_dir / "tonight.pdf"
    dialog.save_button.click()
    settle()
    assert page.open_sheet_button.isVisible()
    page.open_sheet_button.click()
    assert opened == [out_dir / "tonight.pdf"]

    page.sheet_flow.open_file = lambda path: False  # no PDF viewer on this computer
    page.open_sheet_button.click()
    assert "open it from its folder" in page.check_in.feedback.text()


def test_escape_after_changing_the_sheets_choices_asks_first(
    qtbot: QtBot, make_page: MakePage, group: GroupRecord
) -> None:
    """The sheet's choices are a GuardedDialog like every editor (issue 16 defect 2)."""
    page = make_page(group)
    dialog = _open_dialog(qtbot, page)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing changed: it closes
    assert not dialog.isVisible()
    dialog = _open_dialog(qtbot, page)
    dialog.columns.setText("Phone consent")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.discard_question is not None
