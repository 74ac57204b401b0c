"""The desktop app's start-up and its controller, which moves between the windows.

first run ──created──▶ main window ◀──unlocked── unlock window
                          │  ▲                       ▲
                          └──┼─────── lock ──────────┘
                    (remembered key: straight in)

The controller alone holds the open vault.  Locking hands it to the vault's
job thread to close, deletes the main window (and with it everything it
showed) and puts the unlock window up.

Unlocking leaves the slow half of the integrity check for once the main window
is shown (:mod:`facilitator.ui.frame.integrity_watch`).  If it finds damage the vault
is locked at once and the unlock window says so, offering to restore a backup;
locking or quitting meanwhile interrupts it and nothing is reported.

Quitting (Ctrl+Q, or closing the main window) with automatic backup on backs
up first (:mod:`facilitator.ui.frame.backup_close`), then closes the vault as
before; an idle lock never backs up.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QTimer,
    QTranslator,
)
from PySide6.QtWidgets import QApplication, QWidget

from facilitator import APP_NAME, __version__
from facilitator.errors import UserFacingError
from facilitator.paths import AppPaths
from facilitator.ui.dialogs.messages import Messages
from facilitator.ui.frame.crash import configure_logging, crash_report, install_excepthook
from facilitator.ui.frame.integrity_watch import DeferredChecks
from facilitator.ui.frame.preload import load_main_window
from facilitator.ui.kit.idle import DEFAULT_MINUTES, MINUTES_RANGE, IdleWatcher
from facilitator.ui.kit.idle import SETTINGS_KEY as AUTO_LOCK_KEY
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.vault_jobs import DEMO_PASSPHRASE, Unlocked, VaultJobs
from facilitator.ui.start.unlock import DemoWindow, StartWindow, UnlockWindow
from facilitator.vault_folder import vault_exists

# The main window, its pages and the vault's code are imported where they are used:
# the unlock window comes up without them (tests/unit/test_lazy_start.py).
if TYPE_CHECKING:
    from facilitator.ui.frame.backup_close import CloseBackup
    from facilitator.ui.frame.main_window import MainWindow
    from facilitator.ui.plumbing.backend import Backend
    from facilitator.ui.start.first_run import FirstRunWindow

log = logging.getLogger(__name__)

SETTINGS_FILE = "window.ini"
START_WIDTH = 640
PRIVACY_KEY = "privacy/screen"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Application", text)


def ui_settings(config_dir: Path) -> QSettings:
    """The window-geometry settings: an INI file in the user's config folder."""
    return QSettings(str(config_dir / SETTINGS_FILE), QSettings.Format.IniFormat)


class Controller(QObject):
    """Shows the right window for the vault's state and owns the open vault."""

    def __init__(
        self,
        folder: Path,
        settings: QSettings,
        *,
        messages: Messages | None = None,
        demo: bool = False,
        log_file: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # Before any window: Qt's own file dialogs (the print dialog's "Print to file"
        # chooser too, which the app does not open itself) then keep no folder on disk.
        # (Imported here and in _lock, not above: their Qt classes cost the unlock window
        # 20 ms of start-up, measured.)
        from facilitator.ui.kit.files import forget_file_dialog_places

        forget_file_dialog_places()
        self.folder = folder
        self.settings = settings
        self.messages = messages or Messages()
        self.log_file = log_file
        self.jobs = VaultJobs(self)
        self.jobs.warmed_up.connect(load_main_window)
        self.window: QWidget | None = None  # the one top-level window shown
        self.unlocked: Unlocked | None = None
        self.backend: Backend | None = None
        self.privacy = Privacy(_as_bool(settings.value(PRIVACY_KEY, False)), self)
        self.privacy.on_change(self, self._save_privacy)
        self.idle = IdleWatcher(self.auto_lock_minutes * 60_000, self)
        self.idle.idle.connect(self._on_idle)
        self.demo_dir: Path | None = None
        self._closing = False
        self.close_backup: CloseBackup | None = None  # the backup at quitting, under way
        self.checks = DeferredChecks(self)  # the integrity check left for after unlocking
        self.checks.damaged.connect(self._on_damaged)
        self.checks.unexpected.connect(self.report_crash)
        if demo:
            self.demo_dir = Path(tempfile.mkdtemp(prefix="facilitator-demo-"))
            self.folder = self.demo_dir / "vault"

    @property
    def main_window(self) -> MainWindow | None:
        from facilitator.ui.frame.main_window import MainWindow

        return self.window if isinstance(self.window, MainWindow) else None

    # -- which window -------------------------------------------------------------
    def start(self) -> None:
        if self.demo_dir is not None:
            window = DemoWindow(self.folder, self.jobs, self.messages)
            self._show_start(window)
            window.start()
        elif vault_exists(self.folder):
            self.show_unlock(self.folder).try_remembered()
        else:
            self.show_first_run(self.folder)

    def show_first_run(self, folder: Path) -> FirstRunWindow:
        from facilitator.ui.start.first_run import FirstRunWindow

        window = FirstRunWindow(folder, self.jobs, self.messages)
        window.open_existing.connect(self.show_unlock)
        self._show_start(window)
        return window

    def show_unlock(self, folder: Path) -> UnlockWindow:
        self.folder = folder
        hint = ""
        if self.demo_dir is not None:
            hint = _tr("This is the demo vault: its passphrase is “{passphrase}”.").format(
                passphrase=DEMO_PASSPHRASE
            )
        window = UnlockWindow(folder, self.jobs, self.messages, hint=hint)
        window.create_requested.connect(self.show_first_run)
        self._show_start(window)
        return window

    def _show_start(self, window: FirstRunWindow | UnlockWindow | DemoWindow) -> None:
        window.opened.connect(self._on_opened)
        window.unexpected.connect(self.report_crash)
        hint = window.sizeHint()
        window.resize(max(hint.width(), START_WIDTH), hint.height())
        self._switch(window)

    def _on_opened(self, result: object) -> None:
        from facilitator.ui.frame.main_window import MainWindow
        from facilitator.ui.plumbing.backend import Backend

        assert isinstance(result, Unlocked)
        if self._closing or self.unlocked is not None:  # quitting, or one is open already
            self.jobs.lock(result.vault, parent=self)
            return
        self.unlocked = result
        self.folder = result.vault.folder
        self.backend = Backend(result.vault.services, self.jobs, self.messages, self)
        self.backend.crashed.connect(self.report_crash)
        window = MainWindow(
            self.settings,
            self.messages,
            self.backend,
            self.privacy,
            banner=self._banner(),
            digest=result.digest,
            backup_reminder=self.demo_dir is None,  # the demo vault is thrown away
        )
        window.close_guard = True  # closing the window quits through self.quit
        if self.demo_dir is not None:
            window.setWindowTitle(
                _tr("Facilitator — demo vault (passphrase “{passphrase}”)").format(
                    passphrase=DEMO_PASSPHRASE
                )
            )
        window.lock_requested.connect(self.lock)
        window.quit_requested.connect(self.quit)
        window.preferences_requested.connect(self.edit_preferences)
        self._switch(window)
        self.idle.start()
        # Once the window's show has been handled: the check reads the whole file.
        QTimer.singleShot(0, self, self._start_check)
        if result.remember_problem:
            self.messages.warning(window, _tr("Not remembered"), result.remember_problem)

    def _banner(self) -> str:
        if self.demo_dir is None:
            return ""
        return _tr(
            "Demo vault — fake data, deleted when you quit. Its passphrase is “{passphrase}”."
        ).format(passphrase=DEMO_PASSPHRASE)

    def _switch(self, window: QWidget) -> None:
        """Show ``window`` and then close and delete the previous one (in that order,
        so that the app never has no window and quits)."""
        old, self.window = self.window, window
        window.show()
        window.raise_()
        window.activateWindow()
        if old is not None:
            old.close()
            old.deleteLater()

    # -- settings kept outside the vault (no names in them) ----------------------
    @property
    def auto_lock_minutes(self) -> int:
        try:
            minutes = int(str(self.settings.value(AUTO_LOCK_KEY, DEFAULT_MINUTES)))
        except ValueError:
            minutes = DEFAULT_MINUTES
        low, high = MINUTES_RANGE
        return min(max(minutes, low), high)

    def set_auto_lock_minutes(self, minutes: int) -> None:
        low, high = MINUTES_RANGE
        minutes = min(max(minutes, low), high)
        self.settings.setValue(AUTO_LOCK_KEY, minutes)
        self.settings.sync()
        self.idle.set_interval(minutes * 60_000)

    def edit_preferences(self) -> None:
        """The Settings dialog: idle minutes (kept here), backups (kept in the vault)."""
        from facilitator.ui.dialogs.preferences import Preferences

        main = self.main_window
        status = main.backup_status if main is not None else None
        backups = status.settings if status is not None else None
        chosen = self.messages.preferences(
            self.window, Preferences(self.auto_lock_minutes, backups)
        )
        if chosen is None:
            return
        self.set_auto_lock_minutes(chosen.minutes)
        if main is not None and chosen.backups is not None and chosen.backups != backups:
            main.save_backup_settings(chosen.backups)

    def _save_privacy(self, on: bool) -> None:
        self.settings.setValue(PRIVACY_KEY, on)
        self.settings.sync()

    # -- the integrity check left for after unlocking ------------------------------
    def _start_check(self) -> None:
        if self.unlocked is not None and not self._closing:
            self.checks.start(self.unlocked.vault)

    def _on_damaged(self, exc: object) -> None:
        """Lock (saving what waits to be saved, as any lock does) and say why, with the
        unlock window's offer to restore a backup."""
        window = None if self._closing else self._lock()
        if window is not None and isinstance(exc, UserFacingError):
            window.show_failure(exc)

    # -- the open vault ------------------------------------------------------------
    def _on_idle(self) -> None:
        log.info("locked after %d idle minute(s)", self.auto_lock_minutes)
        self.lock()

    def lock(self) -> None:
        """Close the vault, drop the main window and everything it shows, ask again.

        Calls already asked for (a mark, a note being saved) run first: they are
        ahead of the lock on the vault's one job thread."""
        self._lock()

    def _lock(self) -> UnlockWindow | None:
        """:meth:`lock`; the unlock window it put up, or None if nothing was open."""
        unlocked, self.unlocked = self.unlocked, None
        if unlocked is None:
            return None
        self.checks.stop()
        self.idle.stop()
        if self.main_window is not None:
            self.main_window.close_guard = False
        # A lock cannot wait for "Discard the changes you typed?": what an open editor
        # dialog held is lost with the main window, but not without a word (review 16).
        from facilitator.ui.kit.closing import GuardedDialog

        typed = sum(
            1
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, GuardedDialog) and widget.isVisible() and widget.input_changed()
        )
        backend, self.backend = self.backend, None
        if backend is not None:
            self._flush()
            backend.close()
            backend.deleteLater()
        window = self.show_unlock(unlocked.vault.folder)
        task = self.jobs.lock(unlocked.vault, parent=self)
        task.failed.connect(self.report_crash)
        if typed:
            self.messages.warning(
                window,
                self.tr("Not saved"),
                self.tr(
                    "The lock closed a dialog with changes you had typed; they were not "
                    "saved. Open it again after unlocking and type them once more."
                ),
            )
        return window

    def _flush(self) -> None:
        """Let every page save what is waiting to be saved (a note being typed)."""
        window = self.main_window
        if window is not None:
            window.flush()

    def quit(self) -> None:
        """Quit; with automatic backup on, back up first (the user may stay instead)."""
        main, backend = self.main_window, self.backend
        if self.close_backup is not None:
            return  # already backing up on the way out
        if main is None or backend is None or not backend.is_open:
            self._quit_now()
            return
        self.checks.stop()  # started again if the user stays
        self._flush()  # saved before the backup is taken: it is ahead on the job thread
        status = main.backup_status
        if status is not None and not status.settings.automatic and backend.pending == 0:
            self._quit_now()  # off, and no settings change on its way to the vault
            return
        self.idle.stop()
        folder = status.settings.folder if status is not None else None
        from facilitator.ui.frame.backup_close import CloseBackup

        self.close_backup = CloseBackup(backend, self.messages, main, folder, self)
        self.close_backup.finished.connect(self._after_close_backup)
        self.close_backup.start()

    def _after_close_backup(self, quit_now: bool) -> None:
        backup, self.close_backup = self.close_backup, None
        if backup is not None:
            backup.deleteLater()
        if quit_now:
            self._quit_now()
        elif self.unlocked is not None:
            self.idle.start()  # staying open, as before
            self._start_check()  # if it had not passed when quitting began

    def _quit_now(self) -> None:
        if self.main_window is not None:
            self.main_window.close_guard = False
        if self.window is not None:
            self.window.close()
        QCoreApplication.quit()

    def shutdown(self) -> None:
        """At quit: lock the vault, let every job finish, delete the demo vault."""
        if self._closing:
            return
        self._closing = True
        self.checks.stop()
        self.idle.stop()
        if self.main_window is not None:
            self.main_window.close_guard = False
            self.main_window.save_settings()
        if self.backend is not None:
            self._flush()
            self.backend.close()
        unlocked, self.unlocked = self.unlocked, None
        if unlocked is not None:
            self.jobs.lock(unlocked.vault, parent=self)
        self.jobs.wait()
        # A job that opened the vault just now reports through the event queue:
        # let it arrive, so that _on_opened locks that vault too.
        QCoreApplication.processEvents()
        self.jobs.wait()
        self.checks.wait()  # each check stopped when its vault was locked
        if self.demo_dir is not None:
            shutil.rmtree(self.demo_dir, ignore_errors=True)
            log.info("demo vault deleted")

    def dispose(self) -> None:
        """After the event loop: close and delete the last window."""
        window, self.window = self.window, None
        if window is not None:
            window.close()
            window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    # -- what nobody expected ----------------------------------------------------------
    def report_crash(self, exc: object) -> None:
        if isinstance(exc, BaseException):
            log.error("a job failed:\n%s", crash_report(type(exc), exc, exc.__traceback__))
        self.show_crash()

    def show_crash(self) -> None:
        self.messages.crash(self.window, self.log_file)


def _as_bool(value: object) -> bool:
    return value is True or str(value).lower() in {"true", "1"}


def _install_translators(application: QApplication) -> None:
    """Qt's own strings (standard buttons, file dialog) in the user's language."""
    translator = QTranslator(application)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(), "qtbase", "_", path):
        application.installTranslator(translator)


def run_app(vault_folder: Path, *, demo: bool = False) -> int:
    os.umask(0o077)  # every file this process makes: owner only
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    existing = QApplication.instance()
    application = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    _install_translators(application)
    paths = AppPaths.for_user()
    controller = Controller(vault_folder, ui_settings(paths.config_dir), demo=demo)
    restore_hooks = install_excepthook(controller.show_crash)
    application.aboutToQuit.connect(controller.shutdown)

    def start_logging() -> None:
        controller.log_file = configure_logging(paths.log_dir)
        log.info("desktop app started%s", " (demo)" if demo else "")

    try:
        controller.start()
        # The log file is opened once the first window is painted: its handler's module
        # (logging.handlers, with socket, pickle and queue) costs 7 ms at start.  Nothing
        # is logged before then but a crash report, which goes to stderr meanwhile.
        window = controller.window
        if isinstance(window, StartWindow):
            window.when_painted(start_logging)
        else:
            start_logging()
        return application.exec()
    finally:
        application.aboutToQuit.disconnect(controller.shutdown)
        with contextlib.suppress(Exception):
            controller.shutdown()
        controller.dispose()
        restore_hooks()
