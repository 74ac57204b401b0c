"""Changes reported, not guessed: a write through the Backend says what kinds of things it
changed; pages that show those kinds are stale and read again when next shown, and only
they.  Plus the Backend's "newest answer only" and the busy cursor."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain.changes import Change
from facilitator.errors import InvalidInput
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.frame.main_window import MainWindow
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.page import Page

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
        return main

    return make


def _count_reads(page: Page) -> list[int]:
    reads = [0]
    activate = page.activate

    def counted() -> None:
        reads[0] += 1
        activate()

    page.activate = counted  # type: ignore[method-assign]
    return reads


def _all_read(main: MainWindow, settle: Settle) -> dict[str, list[int]]:
    """Every page shown once (and so read), then their reads counted from here on."""
    for key in PAGES:
        main.show_page(key)
        settle()
    assert [key for key in PAGES if main.page(key).stale] == []
    return {key: _count_reads(main.page(key)) for key in PAGES}


def test_a_follow_up_saved_makes_only_the_pages_showing_follow_ups_read_again(
    qtbot: QtBot,
    backend: Backend,
    services: Services,
    settle: Settle,
    make_window: Callable[[], MainWindow],
) -> None:
    group = services.roster.create_group(GroupDraft(name="Tuesday Circle"))
    services.roster.add_member(MemberDraft(first_name="Sam"), group_id=group.id)
    # Reported now: otherwise the first call to run may hear of them after a page has read
    # them (a page then reads once more than needed: harmless, but not what is counted).
    backend.report_changes()
    main = make_window()
    reads = _all_read(main, settle)
    main.show_page("follow_ups")
    said: dict[str, list[object]] = {key: [] for key in PAGES}
    for key in PAGES:
        main.page(key).changed.connect(said[key].append)

    today = services.follow_ups.today()
    backend.call(
        lambda s: s.follow_ups.add("Ring the council", due_on=today), context=main.follow_ups
    )
    settle()

    stale = {key for key in PAGES if main.page(key).stale}
    assert stale == {"today", "members", "follow_ups"}  # not groups, reports, search, session
    assert said == {key: [Change.FOLLOW_UPS] if key == "follow_ups" else [] for key in PAGES}
    assert main.today.digest is not None
    assert not main.today.digest.due_soon_follow_ups  # Today still shows what it read

    for key in ("groups", "search", "reports"):
        main.show_page(key)
        settle()
    assert [reads[key][0] for key in ("groups", "search", "reports")] == [0, 0, 0]
    main.show_page("today")
    settle()
    assert reads["today"] == [1]
    assert [f.description for f in main.today.digest.due_soon_follow_ups] == ["Ring the council"]
    main.show_page("today")  # read: not again
    settle()
    assert reads["today"] == [1]


def test_writes_made_outside_the_backend_are_seen_when_a_page_is_shown(
    qtbot: QtBot,
    services: Services,
    settle: Settle,
    make_window: Callable[[], MainWindow],
) -> None:
    main = make_window()
    reads = _all_read(main, settle)
    main.show_page("today")
    settle()
    services.follow_ups.add("Book the hall")  # on the test's thread, not through the Backend
    main.show_page("groups")
    settle()
    assert reads["groups"] == [0]
    services.roster.create_group(GroupDraft(name="Tuesday Circle"))
    main.show_page("follow_ups")
    settle()
    assert reads["follow_ups"] == [1]
    main.show_page("groups")
    settle()
    assert reads["groups"] == [1]
    assert main.groups.model.rowCount() == 1
    main.refresh()  # F5 reads whatever the case
    settle()
    assert reads["groups"] == [2]


def test_only_the_newest_answer_under_a_key_is_heard(
    qtbot: QtBot, backend: Backend, settle: Settle, messages: RecordingMessages
) -> None:
    asker, other = QWidget(), QWidget()
    qtbot.addWidget(asker)
    qtbot.addWidget(other)
    heard: list[str] = []
    backend.latest("rows", lambda s: "old", heard.append, context=asker)
    backend.latest("names", lambda s: "other key", heard.append, context=asker)
    backend.latest("rows", lambda s: "other asker", heard.append, context=other)
    backend.latest("rows", lambda s: "new", heard.append, context=asker)
    settle()
    assert heard == ["other key", "other asker", "new"]

    def refused(_s: Services) -> str:
        raise InvalidInput("That is not right.")

    backend.latest("rows", refused, heard.append, context=asker)  # its warning: not wanted
    backend.latest("rows", lambda s: "newer", heard.append, context=asker)
    backend.latest("rows", lambda s: "dropped", heard.append, context=other)
    backend.drop("rows", context=other)
    settle()
    assert heard[3:] == ["newer"]
    assert messages.shown == []
    backend.latest("rows", refused, heard.append, context=asker)  # the newest: warned
    settle()
    assert messages.shown == [("warning", "That is not right.")]


def test_a_busy_cursor_shows_while_a_call_is_under_way(
    qtbot: QtBot,
    backend: Backend,
    settle: Settle,
    make_window: Callable[[], MainWindow],
) -> None:
    main = make_window()
    settle()
    assert QGuiApplication.overrideCursor() is None
    go_on = threading.Event()
    backend.call(lambda s: go_on.wait(10), context=main)
    cursor = QGuiApplication.overrideCursor()
    assert cursor is not None and cursor.shape() == Qt.CursorShape.BusyCursor
    go_on.set()
    settle()
    assert QGuiApplication.overrideCursor() is None


def test_an_asker_gone_before_its_answer_leaves_no_busy_cursor_behind(
    qtbot: QtBot,
    backend: Backend,
    settle: Settle,
    make_window: Callable[[], MainWindow],
) -> None:
    main = make_window()
    settle()
    dialog = QWidget(main)
    go_on = threading.Event()
    backend.call(lambda s: go_on.wait(10), context=dialog)
    assert QGuiApplication.overrideCursor() is not None
    dialog.deleteLater()
    qtbot.waitUntil(lambda: backend.pending == 0)
    go_on.set()
    assert QGuiApplication.overrideCursor() is None
