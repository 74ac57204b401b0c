"""A facilitator's evening, through the real windows, start to finish.

first run → create the vault → a group meeting weekly on today's weekday →
four members → tonight's session → three people checked in by keyboard and a
newcomer added inline → the session note → a follow-up → lock (Ctrl+L, while
the note's last words are still waiting to be saved) → a wrong passphrase →
unlock → everything is still there → lock by the idle timer → unlock again →
still there.

The services run on the real clock here (the controller builds them), so
"tonight" is today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitator import app
from facilitator.domain import AttendanceStatus
from facilitator.services.followups import FollowUpFilter
from facilitator.ui.frame.application import Controller
from facilitator.ui.frame.main_window import MainWindow
from facilitator.ui.start.unlock import FirstRunWindow, UnlockWindow

MakeController = Callable[..., Controller]
WaitForMain = Callable[[Controller], MainWindow]
PASSPHRASE = "lantern orchard seventy quietly"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _settle(qtbot: QtBot, controller: Controller) -> None:
    qtbot.waitUntil(
        lambda: controller.backend is not None and controller.backend.pending == 0,
        timeout=10_000,
    )


def _unlock(qtbot: QtBot, controller: Controller, passphrase: str) -> UnlockWindow:
    window = controller.window
    assert isinstance(window, UnlockWindow)
    window.passphrase.clear()
    qtbot.keyClicks(window.passphrase, passphrase)
    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
    assert window.task is not None
    qtbot.waitUntil(lambda: not window.working, timeout=20_000)
    return window


def _add_member(
    qtbot: QtBot, main: MainWindow, controller: Controller, first: str, last: str
) -> None:
    main.groups.roster.new_member()
    dialog = main.groups.roster.editor
    assert dialog is not None and dialog.isVisible()
    dialog.first_name.insert(first)  # type: ignore[attr-defined]  # (insert: accents)
    dialog.last_name.insert(last)  # type: ignore[attr-defined]
    qtbot.keyClick(dialog.first_name, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    _settle(qtbot, controller)
    assert not dialog.isVisible()


def test_a_facilitators_evening(
    qtbot: QtBot,
    make_controller: MakeController,
    wait_for_main: WaitForMain,
    tmp_path: Path,
) -> None:
    today = dt.date.today()
    folder = tmp_path / "vault"

    # -- first run: create the vault -------------------------------------------------
    controller = make_controller(folder)
    controller.start()
    first = controller.window
    assert isinstance(first, FirstRunWindow)
    qtbot.keyClicks(first.passphrase, PASSPHRASE)
    qtbot.keyClicks(first.repeat, PASSPHRASE)
    assert first.create_button.isEnabled(), first.why_not_ready()
    qtbot.mouseClick(first.create_button, Qt.MouseButton.LeftButton)
    main = wait_for_main(controller)

    # -- a group meeting weekly on today's weekday -------------------------------------
    qtbot.keyClick(main, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Groups
    assert main.current_key == "groups"
    _settle(qtbot, controller)
    main.new_action.trigger()  # Ctrl+N on Groups: a new group
    dialog = main.groups.editor
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.name, "Evening Recovery Circle")
    qtbot.keyClicks(dialog.location, "St Mark's hall")
    qtbot.keyClick(dialog.schedule.repeat, Qt.Key.Key_Down)  # no schedule → weekly
    qtbot.mouseClick(dialog.schedule.day_boxes[today.weekday()], Qt.MouseButton.LeftButton)
    start = today - dt.timedelta(days=21)
    dialog.schedule.start.setDate(QDate(start.year, start.month, start.day))
    assert dialog.schedule.preview.text().startswith(f"Every {WEEKDAYS[today.weekday()]}")
    qtbot.keyClicks(dialog.start_time, "18:30")
    qtbot.keyClicks(dialog.end_time, "20:00")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    _settle(qtbot, controller)
    assert not dialog.isVisible()
    assert main.groups.title.text() == "Evening Recovery Circle"

    # -- four members ----------------------------------------------------------------
    for first_name, last_name in (
        ("Samira", "Tahir"),
        ("Daniel", "Kim"),
        ("Zoë", "Martin"),
        ("Beatriz", "Lopez"),
    ):
        _add_member(qtbot, main, controller, first_name, last_name)
    assert main.groups.roster.proxy.rowCount() == 4

    # -- tonight's session, from the group's sessions ------------------------------------
    main.groups.tabs.setCurrentWidget(main.groups.sessions)
    _settle(qtbot, controller)
    qtbot.mouseClick(main.groups.sessions.open_button, Qt.MouseButton.LeftButton)
    _settle(qtbot, controller)
    session_page = main.session
    assert main.current_key == "session"
    check_in = session_page.check_in
    qtbot.waitUntil(lambda: main.focusWidget() is check_in.filter_edit, timeout=5_000)

    # -- three people by keyboard, then a newcomer inline --------------------------------
    for letters in ("sa", "zoe", "lop"):  # first names, accents ignored, last names
        qtbot.keyClicks(check_in.filter_edit, letters)
        qtbot.keyClick(check_in.filter_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(check_in.filter_edit, "Morgan")  # nobody: the newcomer row
    qtbot.keyClick(check_in.filter_edit, Qt.Key.Key_Return)  # asks: a typo?
    qtbot.keyClick(check_in.filter_edit, Qt.Key.Key_Return)  # no: add Morgan
    _settle(qtbot, controller)
    assert check_in.counts.text().startswith("4 present")

    # -- the session note and a follow-up ------------------------------------------------
    qtbot.keyClicks(session_page.note.text_edit, "Themes: trust, the holidays")
    session_page.session_follow_up.click()
    follow_up = session_page.editor
    assert follow_up is not None
    _settle(qtbot, controller)
    qtbot.keyClicks(follow_up.what, "Book the hall for January")  # type: ignore[attr-defined]
    follow_up.save_button.click()  # type: ignore[attr-defined]
    _settle(qtbot, controller)
    # The last words, then the lock before the note's save has fired: nothing is lost.
    main.activateWindow()  # the follow-up dialog had it (a window manager does this)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    qtbot.keyClicks(session_page.note.text_edit, " and family.")
    qtbot.keyClick(main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert controller.main_window is None
    assert isinstance(controller.window, UnlockWindow)

    # -- a wrong passphrase, then the right one -----------------------------------------
    wrong = _unlock(qtbot, controller, "lantern orchard seventy loudly")
    assert wrong.problem.isVisible()
    assert "passphrase" in wrong.problem.text().lower()
    assert controller.main_window is None
    _unlock(qtbot, controller, PASSPHRASE)
    main = wait_for_main(controller)

    def everything_is_still_there() -> None:
        assert controller.unlocked is not None
        services = controller.unlocked.vault.services
        (group,) = services.roster.groups()
        upcoming, _past = services.schedule.group_sessions(group.id)
        (session,) = [s for s in upcoming if s.id is not None]
        assert session.date == today
        marks = {
            r.member.first_name: r.status for r in services.attendance.check_in_list(session.id)
        }
        assert marks == {
            "Samira": AttendanceStatus.PRESENT,
            "Daniel": None,
            "Zoë": AttendanceStatus.PRESENT,
            "Beatriz": AttendanceStatus.PRESENT,
            "Morgan": AttendanceStatus.PRESENT,
        }
        assert [n.body for n in services.notes.for_session(session.id)] == [
            "Themes: trust, the holidays and family."
        ]
        assert [f.description for f in services.follow_ups.find(FollowUpFilter.OPEN)] == [
            "Book the hall for January"
        ]
        # ... and on screen: Today leads back to tonight's session.
        main.show_page("today")
        _settle(qtbot, controller)
        tonight = main.today.sections["todays_sessions"]
        assert [row[1] for row in tonight.row_texts()] == ["Evening Recovery Circle"]
        tonight.activate_row(0)
        _settle(qtbot, controller)
        shown = main.session.check_in
        statuses = {
            str(shown.model.data(shown.model.index(r, 0))): str(
                shown.model.data(shown.model.index(r, 1))
            )
            for r in range(shown.model.rowCount())
        }
        assert statuses["Samira Tahir"] == "Present"
        assert statuses["Daniel Kim"].endswith("not marked")
        assert statuses["Morgan"] == "Present"
        qtbot.waitUntil(lambda: main.session.note.ready, timeout=5_000)
        assert main.session.note.text() == "Themes: trust, the holidays and family."

    everything_is_still_there()

    # -- the idle timer locks it too ---------------------------------------------------------
    controller.idle.set_interval(200)
    qtbot.waitUntil(lambda: isinstance(controller.window, UnlockWindow), timeout=5_000)
    assert controller.main_window is None and controller.backend is None
    controller.idle.set_interval(5 * 60_000)
    _unlock(qtbot, controller, PASSPHRASE)
    main = wait_for_main(controller)
    everything_is_still_there()
    controller.lock()
    controller.jobs.wait()
    app.open_vault(folder, PASSPHRASE).lock()  # closed and released
