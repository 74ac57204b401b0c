"""The main window's pages: one at a time, whatever had the keyboard focus."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.frame.main_window import SIDEBAR_PAGES, MainWindow
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import MemberTarget, SessionTarget

MakeWindow = Callable[[], MainWindow]


@pytest.fixture
def make_window(
    qtbot: QtBot, backend: Backend, privacy: Privacy, messages: RecordingMessages, tmp_path: Path
) -> MakeWindow:
    """The main window on the test's vault (no controller), shown."""

    def make() -> MainWindow:
        settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
        main = MainWindow(settings, messages, backend, privacy)
        qtbot.addWidget(main)
        main.show()
        return main

    return make


def test_only_the_page_gone_to_is_shown_even_when_focus_moves_to_the_sidebar(
    qtbot: QtBot, make_window: MakeWindow, services: Services, settle: object
) -> None:
    group = services.roster.create_group(GroupDraft(name="Tuesday Circle"))
    sam = services.roster.add_member(MemberDraft(first_name="Sam"), group_id=group.id)
    main = make_window()
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    main.go_to(SessionTarget(group.id, dt.date(2026, 11, 24)))
    settle()  # type: ignore[operator]
    main.session.check_in.filter_edit.setFocus()  # the cursor in the check-in box
    qtbot.waitUntil(main.session.check_in.filter_edit.hasFocus)
    main.go_to(MemberTarget(sam.id))  # hides the focused box: focus moves on
    settle()  # type: ignore[operator]
    shown = [key for key, page in main.pages.items() if page.isVisible()]
    assert shown == ["members"]
    assert main.sidebar.currentRow() == SIDEBAR_PAGES.index("members")
    main.back()
    assert [key for key, page in main.pages.items() if page.isVisible()] == ["session"]
    assert main.sidebar.currentRow() == -1


def test_each_sidebar_page_is_built_when_first_shown_and_then_kept(
    make_window: MakeWindow, services: Services, settle: object
) -> None:
    services.roster.create_group(GroupDraft(name="Tuesday Circle"))
    main = make_window()
    settle()  # type: ignore[operator]
    # Only Today (shown) and Reports (it runs Back Up Now) are built before they are needed.
    assert set(main.pages) == {"today", "reports"}
    assert main.sidebar.count() == len(SIDEBAR_PAGES)
    for row, key in enumerate(SIDEBAR_PAGES):
        main.sidebar.setCurrentRow(row)
        settle()  # type: ignore[operator]
        assert [k for k, page in main.pages.items() if page.isVisible()] == [key]
    built = dict(main.pages)
    assert set(built) == {*SIDEBAR_PAGES}
    main.sidebar.setCurrentRow(SIDEBAR_PAGES.index("groups"))
    settle()  # type: ignore[operator]
    assert main.pages["groups"] is built["groups"]  # shown again, not built again
    proxy = main.groups.proxy  # and it still shows what it read
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Tuesday Circle"]


def test_unlocking_reads_the_today_digest_once(
    qtbot: QtBot,
    make_controller: object,
    wait_for_main: object,
    vault_dir: Path,
    monkeypatch: object,
) -> None:
    from facilitator import app
    from facilitator.services.today import TodayService

    app.create_vault(vault_dir, "lantern orchard seventy quietly").lock()
    reads: list[int] = []
    real = TodayService.digest

    def counted(self: TodayService, **kwargs: object) -> object:
        reads.append(1)
        return real(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(TodayService, "digest", counted)  # type: ignore[attr-defined]
    controller = make_controller(vault_dir)  # type: ignore[operator]
    window = controller.show_unlock(vault_dir)
    window.passphrase.setText("lantern orchard seventy quietly")
    window.unlock()
    main = wait_for_main(controller)  # type: ignore[operator]
    qtbot.waitUntil(lambda: controller.backend.pending == 0)
    assert main.current_key == "today"
    assert main.today.digest is not None
    assert len(reads) == 1
    main.refresh_action.trigger()  # F5 reads it again
    qtbot.waitUntil(lambda: controller.backend.pending == 0)
    assert len(reads) == 2


def test_a_bug_in_a_page_job_shows_the_crash_dialog_and_the_window_stays(
    qtbot: QtBot,
    make_controller: object,
    wait_for_main: object,
    vault_dir: Path,
    messages: RecordingMessages,
) -> None:
    from facilitator import app
    from facilitator.errors import InvalidInput

    app.create_vault(vault_dir, "lantern orchard seventy quietly").lock()
    controller = make_controller(vault_dir)  # type: ignore[operator]
    window = controller.show_unlock(vault_dir)
    window.passphrase.setText("lantern orchard seventy quietly")
    window.unlock()
    main = wait_for_main(controller)  # type: ignore[operator]
    backend = controller.backend

    def wrong(_services: object) -> None:
        raise InvalidInput("That date is not in the calendar.")

    backend.call(wrong, context=main)  # a user-facing problem: a warning, nothing more
    qtbot.waitUntil(lambda: backend.pending == 0)
    assert messages.shown[-1] == ("warning", "That date is not in the calendar.")
    backend.call(lambda _services: 1 / 0, context=main)  # a bug
    qtbot.waitUntil(lambda: backend.pending == 0)
    assert messages.shown[-1][0] == "crash"
    assert controller.main_window is main  # still open, still usable
