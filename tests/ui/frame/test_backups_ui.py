"""Backups in the desktop app: Back up now, the reminder banner, the Settings section,
and the automatic backup when the app closes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QWidget
from pytestqt.qtbot import QtBot

from facilitator import app
from facilitator.app import OpenVault, Services
from facilitator.services._common import Clock
from facilitator.services.backups import BackupSettings
from facilitator.services.roster import MemberDraft
from facilitator.ui.dialogs.messages import CloseChoice
from facilitator.ui.dialogs.preferences import Preferences, PreferencesDialog
from facilitator.ui.frame.application import Controller
from facilitator.ui.frame.main_window import MainWindow
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.reports.page import ReportsPage

MakeController = Callable[..., Controller]
WaitForMain = Callable[[Controller], MainWindow]
MakeWindow = Callable[..., MainWindow]
OpenMain = Callable[[Path], tuple[Controller, MainWindow]]
PAGE_PASSPHRASE = "correct horse battery staple"  # conftest's open_vault
PASSPHRASE = "lantern orchard seventy quietly"
TONIGHT = dt.datetime(2026, 11, 24, 18, 30)


class MovingClock:
    def __init__(self) -> None:
        self.moment = TONIGHT

    def now(self) -> dt.datetime:
        return self.moment


@pytest.fixture
def clock() -> MovingClock:
    return MovingClock()


@pytest.fixture
def open_vault(tmp_path: Path, clock: MovingClock) -> Iterator[OpenVault]:
    """As conftest's, but on a clock the test can move."""
    created = app.create_vault(tmp_path / "page-vault", PAGE_PASSPHRASE)
    opened = OpenVault(created.vault, Clock(now=clock.now))
    yield opened
    opened.lock()


@pytest.fixture
def quits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each time the app asked Qt to quit (not done for real inside the test run)."""
    asked: list[int] = []
    monkeypatch.setattr(QCoreApplication, "quit", lambda: asked.append(1))
    return asked


@pytest.fixture
def make_window(
    qtbot: QtBot, backend: Backend, privacy: Privacy, messages: RecordingMessages, tmp_path: Path
) -> MakeWindow:
    """The main window on the test's vault (no controller), once it has read the backup status."""

    def make(*, remind: bool = True) -> MainWindow:
        settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
        main = MainWindow(settings, messages, backend, privacy, backup_reminder=remind)
        qtbot.addWidget(main)
        main.show()
        qtbot.waitUntil(lambda: main.backup_status is not None)
        return main

    return make


def _informations(messages: RecordingMessages) -> list[str]:
    return [text for kind, text in messages.shown if kind == "information"]


# -- Back up now, the Reports box, the banner --------------------------------------------
def test_back_up_now_writes_a_file_that_restores_with_the_passphrase_alone(
    qtbot: QtBot,
    backend: Backend,
    privacy: Privacy,
    services: Services,
    settle: Callable[[], None],
    messages: RecordingMessages,
    tmp_path: Path,
) -> None:
    services.roster.add_member(MemberDraft(first_name="Wilhelmina", last_name="Oyelaran"))
    page = ReportsPage(backend, privacy)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    settle()
    assert page.last_backup.text() == "No backup of this vault has been made yet."
    assert "off" in page.automatic_backup.text()

    target = tmp_path / "stick" / "tuesday.fbk"
    target.parent.mkdir()
    messages.file_answer = target
    page.back_up_button.click()
    assert page.backup_now.progress is not None and page.backup_now.progress.isVisible()
    assert not page.back_up_button.isEnabled()
    settle()
    assert page.backup_now.progress is None and page.back_up_button.isEnabled()
    [said] = _informations(messages)
    assert str(target) in said and "checked" in said and "passphrase alone" in said
    assert re.fullmatch(r"Last good backup: today at \S+( [AP]M)?\.", page.last_backup.text())
    assert re.fullmatch(
        rf"File: {re.escape(str(target))} \([\d.]+ [kM]B, verified\)\.", page.backup_file.text()
    )

    app.restore(target, tmp_path / "new-laptop" / "vault", PAGE_PASSPHRASE)
    restored = app.open_vault(tmp_path / "new-laptop" / "vault", PAGE_PASSPHRASE)
    try:
        assert [m.last_name for m in restored.services.roster.members()] == ["Oyelaran"]
    finally:
        restored.lock()


def test_a_backup_that_cannot_be_written_says_why_and_records_nothing(
    qtbot: QtBot,
    backend: Backend,
    privacy: Privacy,
    services: Services,
    settle: Callable[[], None],
    messages: RecordingMessages,
    tmp_path: Path,
) -> None:
    page = ReportsPage(backend, privacy)
    qtbot.addWidget(page)
    page.show()
    messages.file_answer = tmp_path / "gone" / "backup.fbk"
    page.back_up_button.click()
    settle()
    warnings = [text for kind, text in messages.shown if kind == "warning"]
    assert len(warnings) == 1 and "does not exist" in warnings[0]
    assert services.backups.status().last is None
    assert page.back_up_button.isEnabled()


def test_the_banner_warns_when_the_last_backup_is_old_and_goes_after_a_backup(
    make_window: MakeWindow,
    services: Services,
    settle: Callable[[], None],
    messages: RecordingMessages,
    clock: MovingClock,
    tmp_path: Path,
) -> None:
    main = make_window()
    banner = main.backups.banner
    assert banner.isVisible()
    assert banner.text.text() == "This vault has never been backed up."

    services.backups.back_up_to(tmp_path / "first.fbk")
    clock.moment = TONIGHT + dt.timedelta(days=5)
    main.backups.read()
    settle()
    assert not banner.isVisible()  # 5 days: younger than the default 7

    clock.moment = TONIGHT + dt.timedelta(days=12)
    main.show_page("reports")
    settle()
    assert banner.isVisible()
    assert banner.text.text() == "No backup for 12 days."
    assert re.fullmatch(
        r"Last good backup: Tue 24 Nov 2026 at .+ \(12 days ago\)\.",
        main.reports.last_backup.text(),
    )

    messages.file_answer = tmp_path / "second.fbk"
    banner.button.click()
    settle()
    assert (tmp_path / "second.fbk").is_file()
    assert not banner.isVisible()
    assert main.reports.last_backup.text().startswith("Last good backup: today at")
    assert str(tmp_path / "second.fbk") in main.reports.backup_file.text()

    services.backups.save_settings(BackupSettings(warn_after_days=1))
    clock.moment += dt.timedelta(days=2)
    main.backups.read()
    settle()
    assert banner.text.text() == "No backup for 2 days."


def test_the_demo_vault_gets_no_banner_but_the_menu_still_backs_up(
    make_window: MakeWindow,
    services: Services,
    settle: Callable[[], None],
    messages: RecordingMessages,
    tmp_path: Path,
) -> None:
    main = make_window(remind=False)
    assert main.backup_status is not None and main.backup_status.last is None
    assert not main.backups.banner.isVisible()
    messages.file_answer = tmp_path / "demo.fbk"
    main.backup_action.trigger()
    settle()
    assert (tmp_path / "demo.fbk").is_file()
    last = services.backups.status().last
    assert last is not None and last.path == tmp_path / "demo.fbk"
    assert not main.backups.banner.isVisible()


def test_every_backup_control_has_an_accessible_name(
    qtbot: QtBot, make_window: MakeWindow, settle: Callable[[], None], messages: RecordingMessages
) -> None:
    main = make_window()
    dialog = PreferencesDialog(Preferences(5, BackupSettings()), messages, main)
    qtbot.addWidget(dialog)
    widgets = [
        *main.backups.banner.findChildren(QWidget),
        main.reports.back_up_button,
        main.reports.last_backup,
        main.reports.automatic_backup,
        *dialog.findChildren(QWidget),
    ]
    unnamed = [
        type(w).__name__
        for w in widgets
        if (w.focusPolicy() != Qt.FocusPolicy.NoFocus or isinstance(w, QAbstractButton))
        and not w.accessibleName()
        and not isinstance(w.parent(), QAbstractSpinBox)  # a spin box's own editor
    ]
    assert unnamed == []
    assert dialog.folder.accessibleName() == "Folder for automatic backups"
    assert main.backup_action.text() == "Back &Up Now…"


# -- the Settings dialog -------------------------------------------------------------------
def test_the_settings_dialog_edits_the_backup_settings(
    qtbot: QtBot, messages: RecordingMessages, tmp_path: Path
) -> None:
    dialog = PreferencesDialog(Preferences(5, BackupSettings()), messages)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.keep.value() == 10 and dialog.warn.value() == 7
    dialog.automatic.click()
    dialog.ok_button.click()  # on, but no folder: said inline, not accepted
    assert dialog.isVisible()
    assert "Choose the folder" in dialog.problem.message

    messages.folder_answer = tmp_path / "USB"
    dialog.choose_button.click()
    assert dialog.folder.text() == str(tmp_path / "USB")
    dialog.keep.setValue(3)
    dialog.warn.setValue(14)
    dialog.ok_button.click()
    assert dialog.result() == PreferencesDialog.DialogCode.Accepted
    assert dialog.chosen() == Preferences(5, BackupSettings(True, tmp_path / "USB", 3, 14))


def test_settings_not_read_yet_are_left_alone(qtbot: QtBot, messages: RecordingMessages) -> None:
    dialog = PreferencesDialog(Preferences(9, None), messages)
    qtbot.addWidget(dialog)
    assert not dialog.backup_box.isEnabled()
    assert dialog.chosen() == Preferences(9, None)


# -- the controller: settings in the vault, backing up on close ---------------------------
def _vault(folder: Path, backups: BackupSettings | None = None) -> None:
    opened = app.create_vault(folder, PASSPHRASE)
    try:
        opened.services.roster.add_member(MemberDraft(first_name="Samira", last_name="Tahir"))
        if backups is not None:
            opened.services.backups.save_settings(backups)
    finally:
        opened.lock()


@pytest.fixture
def open_main(
    qtbot: QtBot, make_controller: MakeController, wait_for_main: WaitForMain
) -> OpenMain:
    """The whole app on a folder, unlocked through its window; once the main window has
    read the backup status."""

    def make(folder: Path) -> tuple[Controller, MainWindow]:
        controller = make_controller(folder)
        window = controller.show_unlock(folder)
        qtbot.keyClicks(window.passphrase, PASSPHRASE)
        qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
        main = wait_for_main(controller)
        qtbot.waitUntil(lambda: main.backup_status is not None)
        return controller, main

    return make


def _closed(controller: Controller) -> None:
    """As at the end of a run: the vault locked, every job done."""
    controller.shutdown()
    controller.jobs.wait()


def test_backup_settings_are_kept_in_the_vault_across_lock_and_unlock(
    qtbot: QtBot, open_main: OpenMain, messages: RecordingMessages, vault_dir: Path, tmp_path: Path
) -> None:
    _vault(vault_dir)
    controller, main = open_main(vault_dir)
    assert messages.preferences_asked == []
    chosen = BackupSettings(automatic=True, folder=tmp_path / "USB", keep=4, warn_after_days=9)
    messages.preferences_answer = Preferences(5, chosen)
    main.preferences_action.trigger()
    assert messages.preferences_asked[-1].backups == BackupSettings()
    qtbot.waitUntil(
        lambda: main.backup_status is not None and main.backup_status.settings == chosen
    )
    assert "keeping the last 4" in main.reports.automatic_backup.text()

    controller.lock()
    controller.jobs.wait()
    again, main = open_main(vault_dir)
    assert main.backup_status is not None and main.backup_status.settings == chosen
    messages.preferences_answer = None
    again.edit_preferences()
    assert messages.preferences_asked[-1].backups == chosen


def test_quitting_with_automatic_backup_writes_a_verified_file_then_quits(
    qtbot: QtBot,
    open_main: OpenMain,
    messages: RecordingMessages,
    quits: list[int],
    vault_dir: Path,
    tmp_path: Path,
) -> None:
    usb = tmp_path / "USB"
    usb.mkdir()
    _vault(vault_dir, BackupSettings(automatic=True, folder=usb))
    controller, main = open_main(vault_dir)
    qtbot.keyClick(main, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert controller.close_backup is not None
    progress = controller.close_backup.progress
    assert progress is not None and progress.isVisible()
    assert progress.labelText() == f"Backing up to {usb}…"
    assert progress.windowModality() == Qt.WindowModality.WindowModal
    qtbot.waitUntil(lambda: quits == [1], timeout=10_000)
    assert not main.isVisible()
    _closed(controller)

    [written] = list(usb.iterdir())
    assert written.name.startswith("Facilitator-backup-") and written.suffix == ".fbk"
    app.restore(written, tmp_path / "restored", PASSPHRASE)  # verified: it restores
    reopened = app.open_vault(vault_dir, PASSPHRASE)  # closed properly, and it says so
    try:
        last = reopened.services.backups.status().last
    finally:
        reopened.lock()
    assert last is not None and last.path == written


def test_five_closes_keep_the_three_newest_of_ours_and_nothing_else_is_touched(
    qtbot: QtBot, open_main: OpenMain, quits: list[int], vault_dir: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "USB"
    usb.mkdir()
    (usb / "minutes.docx").write_bytes(b"someone else's file")
    _vault(vault_dir, BackupSettings(automatic=True, folder=usb, keep=3))
    made: list[str] = []  # each close's new file, in order
    for close in range(5):
        before = {p.name for p in usb.glob("*.fbk")}
        controller, main = open_main(vault_dir)
        main.close()  # the window's close button
        qtbot.waitUntil(lambda n=close: len(quits) == n + 1, timeout=10_000)
        _closed(controller)
        [new] = {p.name for p in usb.glob("*.fbk")} - before
        made.append(new)
    assert sorted(p.name for p in usb.iterdir()) == sorted([*made[-3:], "minutes.docx"])
    assert (usb / "minutes.docx").read_bytes() == b"someone else's file"


def test_an_unplugged_stick_asks_and_cancel_keeps_the_app_open_and_the_vault_as_it_was(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    open_main: OpenMain,
    messages: RecordingMessages,
    quits: list[int],
    vault_dir: Path,
    tmp_path: Path,
) -> None:
    stick = tmp_path / "media" / "USB"
    _vault(vault_dir, BackupSettings(automatic=True, folder=stick))
    controller, main = open_main(vault_dir)
    main.close()
    qtbot.waitUntil(lambda: controller.close_backup is None, timeout=10_000)
    [(_kind, text)] = [m for m in messages.shown if m[0] == "backup_failed"]
    assert str(stick) in text and "plug it in" in text
    assert quits == []
    assert main.isVisible() and controller.main_window is main
    assert controller.backend is not None and controller.backend.is_open
    assert controller.idle.active
    assert not stick.exists()
    assert controller.unlocked is not None
    services = controller.unlocked.vault.services  # the job thread is idle: read directly
    assert services.backups.status().last is None
    assert [m.first_name for m in services.roster.members()] == ["Samira"]

    # Failing again; the stick is plugged in before "Try again": backed up, and it quits.
    def plug_in_and_try_again(parent: QWidget | None, text: str) -> CloseChoice:
        messages.shown.append(("backup_failed", text))
        stick.mkdir(parents=True)
        return CloseChoice.RETRY

    monkeypatch.setattr(messages, "backup_failed", plug_in_and_try_again)
    main.quit_action.trigger()
    qtbot.waitUntil(lambda: quits == [1], timeout=10_000)
    assert [m[0] for m in messages.shown].count("backup_failed") == 2
    _closed(controller)
    assert len(list(stick.glob("Facilitator-backup-*.fbk"))) == 1
    reopened = app.open_vault(vault_dir, PASSPHRASE)
    try:
        names = [m.first_name for m in reopened.services.roster.members()]
    finally:
        reopened.lock()
    assert names == ["Samira"]


def test_quit_without_a_backup_quits_and_an_idle_lock_never_backs_up(
    qtbot: QtBot,
    open_main: OpenMain,
    messages: RecordingMessages,
    quits: list[int],
    vault_dir: Path,
    tmp_path: Path,
) -> None:
    usb = tmp_path / "USB"
    usb.mkdir()
    _vault(vault_dir, BackupSettings(automatic=True, folder=usb))
    controller, _main = open_main(vault_dir)
    controller.idle.set_interval(150)
    qtbot.waitUntil(lambda: controller.main_window is None, timeout=5_000)
    controller.jobs.wait()
    assert list(usb.iterdir()) == []

    usb.rmdir()  # unplugged
    messages.backup_failed_answers = [CloseChoice.QUIT]
    controller, main = open_main(vault_dir)
    main.quit_action.trigger()
    qtbot.waitUntil(lambda: quits == [1], timeout=10_000)
    assert [m[0] for m in messages.shown].count("backup_failed") == 1
