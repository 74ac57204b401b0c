"""Outside review of issue 15 ("changes reported, not guessed"): writes after which the
page the user goes to next still shows what is no longer true.  Before issue 15 every
page read again each time it was shown, so none of these could happen."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import OpenVault, Services
from facilitator.domain import FollowUpRecord
from facilitator.ui.frame.main_window import MainWindow
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.vault_jobs import VaultJobs

Settle = Callable[[], None]
PAGES = ("today", "groups", "members", "follow_ups", "reports", "search", "session")


@pytest.fixture
def make_window(
    qtbot: QtBot, backend: Backend, privacy: Privacy, messages: RecordingMessages, tmp_path: Path
) -> Callable[[], MainWindow]:
    """The main window on the test's vault (no controller), shown."""

    def make() -> MainWindow:
        settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
        main = MainWindow(settings, messages, backend, privacy)
        qtbot.addWidget(main)
        main.show()
        for key in PAGES:  # every page read once
            main.show_page(key)
        return main

    return make


def _due_today(services: Services, text: str) -> Callable[[Services], FollowUpRecord]:
    today = services.follow_ups.today()
    return lambda s: s.follow_ups.add(text, due_on=today)


def _today_lists(main: MainWindow) -> list[str]:
    digest = main.today.digest
    assert digest is not None
    return [f.description for f in digest.due_soon_follow_ups]


def test_a_page_shown_while_a_write_is_under_way_shows_that_write(
    qtbot: QtBot,
    backend: Backend,
    services: Services,
    settle: Settle,
    make_window: Callable[[], MainWindow],
) -> None:
    main = make_window()
    settle()
    main.show_page("follow_ups")
    settle()
    # A follow-up saved, and the user goes straight to Today (Ctrl+1) before the job
    # thread is done with the save (the gate only makes "before" certain in a test).
    gate = threading.Event()
    add = _due_today(services, "Ring the council")

    def save(s: Services) -> FollowUpRecord:
        gate.wait(10)
        return add(s)

    backend.call(save, context=main.follow_ups)
    main.show_page("today")
    gate.set()
    settle()
    assert _today_lists(main) == ["Ring the council"]


def test_a_write_whose_asker_went_away_still_makes_pages_read_again(
    qtbot: QtBot,
    backend: Backend,
    services: Services,
    settle: Settle,
    make_window: Callable[[], MainWindow],
) -> None:
    main = make_window()
    settle()
    main.show_page("groups")
    settle()
    # A dialog saves, and is closed (deleted) before the answer comes back.
    dialog = QWidget(main)
    gate = threading.Event()
    add = _due_today(services, "Book the hall")

    def save(s: Services) -> FollowUpRecord:
        gate.wait(10)
        return add(s)

    backend.call(save, context=dialog)
    dialog.deleteLater()
    qtbot.waitUntil(lambda: backend.pending == 0)
    gate.set()
    backend.call(lambda s: None, context=main)  # after the save: the job thread is serial
    settle()
    main.show_page("today")
    settle()
    assert _today_lists(main) == ["Book the hall"]


def test_an_answer_after_the_vault_locked_is_no_crash(
    qtbot: QtBot, open_vault: OpenVault, messages: RecordingMessages
) -> None:
    jobs = VaultJobs()
    locked = Backend(open_vault.services, jobs, messages)
    asker = QWidget()  # outlives the Backend (as the controller does)
    qtbot.addWidget(asker)
    heard: list[object] = []
    gate = threading.Event()
    task = locked.call(lambda s: gate.wait(10), heard.append, context=asker)
    assert task is not None
    locked.close()  # Ctrl+L: the controller closes the Backend and deletes it
    locked.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        gate.set()
    jobs.wait()
    assert heard == [True]
