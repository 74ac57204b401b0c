"""A new facilitator's first evening, through the real windows, with no stumble
(issue 16, "What must be shown").

first run (a strong passphrase) → Today's first steps → a group from the checklist →
five people → tonight's check-in by keyboard with a newcomer → last fortnight's
paper sheet typed in after the fact (a late arrival at the time written on it) →
the session note → a follow-up → tonight's sign-in sheet printed → last month's
summary exported → lock → unlock → the privacy screen on and off on every page.

Nothing may go wrong on the way: no crash box, no warning box, no ERROR in the log,
and no exception inside Qt's event loop (pytest-qt fails the test on one).  The
services run on the real clock here (the controller builds them), so "tonight" is
today.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

import pypdfium2
import pytest
from doubles import RecordingMessages
from PySide6.QtCore import QDate, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from facilitator import app
from facilitator.domain import AttendanceStatus
from facilitator.services.followups import FollowUpFilter
from facilitator.ui.editors.sheet_dialog import SheetDialog
from facilitator.ui.frame.application import Controller
from facilitator.ui.frame.main_window import SIDEBAR_PAGES, MainWindow
from facilitator.ui.plumbing.navigation import SessionTarget
from facilitator.ui.session.paper_sheet import PaperSheetDialog
from facilitator.ui.start.unlock import FirstRunWindow, UnlockWindow

MakeController = Callable[..., Controller]
WaitForMain = Callable[[Controller], MainWindow]
PASSPHRASE = "copper lantern orchard quietly seventy"
PEOPLE = (
    ("Samira", "Tahir"),
    ("Daniel", "Kim"),
    ("Zoë", "Martin"),
    ("Beatriz", "Lopez"),
    ("Tomasz", "Nowak"),
)
PRESENT, LATE = AttendanceStatus.PRESENT, AttendanceStatus.LATE


def _settle(qtbot: QtBot, controller: Controller) -> None:
    qtbot.waitUntil(
        lambda: controller.backend is not None and controller.backend.pending == 0,
        timeout=20_000,
    )


def _unlock(qtbot: QtBot, controller: Controller) -> None:
    window = controller.window
    assert isinstance(window, UnlockWindow)
    qtbot.keyClicks(window.passphrase, PASSPHRASE)
    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.working, timeout=20_000)


def _no_stumble(messages: RecordingMessages, caplog: pytest.LogCaptureFixture) -> None:
    boxes = [kind for kind, _text in messages.shown if kind in {"crash", "warning"}]
    assert boxes == [], messages.shown
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]


def test_a_new_facilitators_first_evening(
    qtbot: QtBot,
    make_controller: MakeController,
    wait_for_main: WaitForMain,
    messages: RecordingMessages,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    caplog.set_level(logging.WARNING)
    today = dt.date.today()
    folder = tmp_path / "vault"

    # -- first run: a strong passphrase, typed twice -----------------------------------
    controller = make_controller(folder)
    controller.start()
    first = controller.window
    assert isinstance(first, FirstRunWindow)
    qtbot.keyClicks(first.passphrase, PASSPHRASE)
    qtbot.keyClicks(first.repeat, PASSPHRASE)
    assert first.create_button.isEnabled(), first.why_not_ready()
    qtbot.mouseClick(first.create_button, Qt.MouseButton.LeftButton)
    main = wait_for_main(controller)
    _settle(qtbot, controller)

    # -- Today's first steps: nothing done yet; "New group…" opens the group editor ----
    steps = main.today.first_steps
    assert main.current_key == "today"
    qtbot.waitUntil(steps.isVisible, timeout=5_000)
    assert steps.steps is not None and not steps.steps.has_group
    qtbot.mouseClick(steps.new_group, Qt.MouseButton.LeftButton)
    _settle(qtbot, controller)
    dialog = main.groups.editor
    assert main.current_key == "groups" and dialog is not None and dialog.isVisible()
    assert dialog.printed_title.text() == "Meeting"  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.name, "Evening Recovery Circle")  # type: ignore[attr-defined]
    qtbot.keyClick(dialog.schedule.repeat, Qt.Key.Key_Down)  # type: ignore[attr-defined]
    qtbot.mouseClick(
        dialog.schedule.day_boxes[today.weekday()],  # type: ignore[attr-defined]
        Qt.MouseButton.LeftButton,
    )
    start = today - dt.timedelta(days=28)
    dialog.schedule.start.setDate(QDate(start.year, start.month, start.day))  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.start_time, "18:30")  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.end_time, "20:00")  # type: ignore[attr-defined]
    qtbot.keyClick(dialog.end_time, Qt.Key.Key_Return)  # type: ignore[attr-defined]  # Enter saves
    _settle(qtbot, controller)
    assert not dialog.isVisible()
    assert main.groups.title.text() == "Evening Recovery Circle"

    # -- five people, each with Enter in the first-name field --------------------------
    for first_name, last_name in PEOPLE:
        main.groups.roster.new_member()
        editor = main.groups.roster.editor
        assert editor is not None and editor.isVisible()
        editor.first_name.insert(first_name)  # type: ignore[attr-defined]
        editor.last_name.insert(last_name)  # type: ignore[attr-defined]
        qtbot.keyClick(editor.first_name, Qt.Key.Key_Return)  # type: ignore[attr-defined]
        _settle(qtbot, controller)
        assert not editor.isVisible()
    assert main.groups.roster.proxy.rowCount() == len(PEOPLE)
    services = controller.unlocked.vault.services  # type: ignore[union-attr]
    (group,) = services.roster.groups()

    # -- tonight's check-in: three by keyboard, then a newcomer --------------------------
    main.go_to(SessionTarget(group.id, today, None))
    _settle(qtbot, controller)
    session_page = main.session
    check_in = session_page.check_in
    qtbot.waitUntil(lambda: main.focusWidget() is check_in.filter_edit, timeout=5_000)
    for letters in ("sa", "zoe", "lop"):
        qtbot.keyClicks(check_in.filter_edit, letters)
        qtbot.keyClick(check_in.filter_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(check_in.filter_edit, "Morgan")
    qtbot.keyClick(check_in.filter_edit, Qt.Key.Key_Return)
    qtbot.keyClick(check_in.filter_edit, Qt.Key.Key_Return)
    _settle(qtbot, controller)
    assert check_in.counts.text().startswith("4 present")
    tonight_id = session_page.session.id  # type: ignore[union-attr]

    # -- a fortnight ago, from the paper sheet: Daniel present, Tomasz late at 18:50 ----
    fortnight = today - dt.timedelta(days=14)
    main.go_to(SessionTarget(group.id, fortnight, None))
    _settle(qtbot, controller)
    assert session_page.session is not None and session_page.session.date == fortnight
    qtbot.mouseClick(session_page.paper_button, Qt.MouseButton.LeftButton)
    paper = session_page.editor
    assert isinstance(paper, PaperSheetDialog)
    lines = {line.name.split()[0]: line for line in paper.lines}
    qtbot.keyClick(lines["Daniel"].came, Qt.Key.Key_Space)
    qtbot.keyClick(lines["Tomasz"].came, Qt.Key.Key_Space)
    lines["Tomasz"].mark.setCurrentIndex(lines["Tomasz"].mark.findData(LATE.value))
    lines["Tomasz"].time.clear()
    qtbot.keyClicks(lines["Tomasz"].time, "18:50")
    qtbot.mouseClick(paper.ok, Qt.MouseButton.LeftButton)
    _settle(qtbot, controller)
    fortnight_id = session_page.session.id
    assert fortnight_id is not None
    marks = {
        r.member.first_name: (r.status, r.arrived_at)
        for r in services.attendance.check_in_list(fortnight_id)
        if r.status is not None
    }
    assert marks == {"Daniel": (PRESENT, dt.time(18, 30)), "Tomasz": (LATE, dt.time(18, 50))}

    # -- back to tonight: the note and a follow-up --------------------------------------
    main.go_to(SessionTarget(group.id, today, None))
    _settle(qtbot, controller)
    qtbot.waitUntil(lambda: session_page.note.ready, timeout=5_000)
    qtbot.keyClicks(session_page.note.text_edit, "Themes: trust, the holidays.")
    session_page.session_follow_up.click()
    follow_up = session_page.editor
    assert follow_up is not None
    _settle(qtbot, controller)
    qtbot.keyClicks(follow_up.what, "Book the hall for January")  # type: ignore[attr-defined]
    qtbot.keyClick(follow_up.what, Qt.Key.Key_Return)  # type: ignore[attr-defined]  # Enter saves
    _settle(qtbot, controller)
    assert not isValid(follow_up) or not follow_up.isVisible()  # saved, closed
    assert [f.description for f in services.follow_ups.find(FollowUpFilter.OPEN)] == [
        "Book the hall for January"
    ]
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)

    # -- tonight's sign-in sheet, printed (to a PDF file standing in for the printer) ---
    printed = tmp_path / "printer.pdf"

    def ask(printer: QPrinter, parent: QWidget | None) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    session_page.sheet_flow.ask_printer = ask
    qtbot.mouseClick(session_page.sheet_button, Qt.MouseButton.LeftButton)
    sheet = session_page.editor
    assert isinstance(sheet, SheetDialog)
    qtbot.waitExposed(sheet)
    qtbot.keyClick(sheet.blank_rows, Qt.Key.Key_Return)  # Enter prints
    _settle(qtbot, controller)
    assert "sent to the printer" in check_in.feedback.text()
    assert len(pypdfium2.PdfDocument(printed.read_bytes())) >= 1

    # -- last month's summary, exported (the default period holds this month: preview) -
    main.show_page("reports")
    _settle(qtbot, controller)
    summary = main.reports.summary
    assert not summary.export_button.isEnabled()  # the year to date reaches into today
    summary.preset.setCurrentIndex(summary.preset.findData("last-month"))
    _settle(qtbot, controller)
    out = tmp_path / "for the funder.csv"
    messages.file_answer = out
    summary.csv.setChecked(True)
    qtbot.waitUntil(summary.export_button.isEnabled, timeout=10_000)
    summary.export_button.click()
    _settle(qtbot, controller)
    qtbot.waitUntil(out.exists, timeout=20_000)
    assert "Tahir" not in out.read_text(encoding="utf-8")

    # -- lock, unlock: everything is there; the privacy screen on every page, twice -----
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    qtbot.keyClick(main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(controller.window, UnlockWindow), timeout=10_000)
    assert controller.main_window is None
    _unlock(qtbot, controller)
    main = wait_for_main(controller)
    _settle(qtbot, controller)
    services = controller.unlocked.vault.services  # type: ignore[union-attr]
    assert len(services.attendance.check_in_list(tonight_id)) == len(PEOPLE) + 1
    assert [n.body for n in services.notes.for_session(tonight_id)] == [
        "Themes: trust, the holidays."
    ]
    for key in SIDEBAR_PAGES:
        main.show_page(key)
        _settle(qtbot, controller)
        for _ in range(2):
            qtbot.keyClick(
                main,
                Qt.Key.Key_P,
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            )
            _settle(qtbot, controller)
    main.go_to(SessionTarget(group.id, today, None))
    _settle(qtbot, controller)
    for _ in range(2):
        main.privacy_action.trigger()
        _settle(qtbot, controller)
    # The first steps are done but the backup: the checklist still shows that one.
    main.show_page("today")
    _settle(qtbot, controller)
    steps = main.today.first_steps
    assert steps.steps is not None
    assert (steps.steps.has_group, steps.steps.has_member, steps.steps.has_check_in) == (
        True,
        True,
        True,
    )

    _no_stumble(messages, caplog)
    controller.lock()
    controller.jobs.wait()
    app.open_vault(folder, PASSPHRASE).lock()  # closed and released
