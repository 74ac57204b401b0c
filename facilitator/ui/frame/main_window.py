"""The main window: a sidebar of pages, the pages, the menus and the status bar.

Sidebar pages: Today, Groups, Members, Follow-ups, Reports.  Two more pages
have no sidebar entry and are reached from the others: a session's check-in
screen and the note search (Ctrl+Shift+F); Back (Alt+Left, or the Back button above
the sidebar) returns from them.  The sidebar leads only when a row is chosen, never
because Tab gave it the keyboard focus.

The window holds only what its pages show; the open vault stays with the
controller (:mod:`facilitator.ui.frame.application`), which is asked to lock or quit
through signals.  While ``close_guard`` is set (by the controller, so that the
automatic backup runs first) closing the window asks to quit instead.

A slim banner at the top says when a backup is due (never made, or older than
the warning age in Settings); File ▸ Back Up Now… and its button write one.
Pages reach the vault only through the :class:`~facilitator.ui.plumbing.backend.Backend`.
A page shown again reads again only what was written since it last read (see
:mod:`facilitator.ui.plumbing.page`); F5 reads the page on screen again regardless.
While any call is under way the mouse pointer shows a busy cursor.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QCursor,
    QFocusEvent,
    QGuiApplication,
    QKeySequence,
    QPalette,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMenuBar,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator import __version__
from facilitator.domain import TodayDigest
from facilitator.services.backups import BackupSettings, BackupStatus
from facilitator.ui.dialogs.messages import Messages
from facilitator.ui.followups.page import FollowUpsPage
from facilitator.ui.frame.backup_banner import BackupWatch
from facilitator.ui.frame.notice_banner import NoticeBanner
from facilitator.ui.groups.page import GroupsPage
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.members.page import MembersPage
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import (
    BackUpNowTarget,
    FollowUpTarget,
    GroupTarget,
    MemberTarget,
    NewItemTarget,
    ReportsTarget,
    SearchTarget,
    SessionTarget,
    Target,
)
from facilitator.ui.plumbing.page import Page
from facilitator.ui.reports.page import ReportsPage
from facilitator.ui.search.page import SearchPage
from facilitator.ui.session.page import SessionPage
from facilitator.ui.start.vault_key_actions import VaultKeyActions
from facilitator.ui.today.page import TodayPage

# The only things the window writes to its settings file: never names, paths or data.
GEOMETRY_KEY = "main_window/geometry"
STATE_KEY = "main_window/state"
PAGE_KEY = "main_window/page"
SETTINGS_KEYS = (GEOMETRY_KEY, STATE_KEY, PAGE_KEY)
DEFAULT_SIZE = (1100, 680)  # fits a 1366 x 768 screen with a taskbar
SIDEBAR_PAGES = ("today", "groups", "members", "follow_ups", "reports")

P = TypeVar("P", bound=Page)


def _busy_cursor(shown: list[bool], busy: bool) -> None:
    """Show (or take back) the application's busy cursor, once per state."""
    if busy == shown[0]:
        return
    shown[0] = busy
    if busy:
        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))
    else:
        QGuiApplication.restoreOverrideCursor()


class Sidebar(QListWidget):
    """The list of pages.  It leads to a page only when a row is chosen (a click, the
    arrow keys, Enter): getting the keyboard focus (Tab from a page's last control)
    leaves its row as it was, even none while a page without a row is shown — Qt's
    list otherwise makes its first row current then, which showed Today (issue 16,
    defect 16)."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        row = self.currentRow()
        blocked = self.blockSignals(True)
        try:
            super().focusInEvent(event)
            if self.currentRow() != row:
                self.setCurrentRow(row)
                if row < 0:
                    self.clearSelection()
        finally:
            self.blockSignals(blocked)


class MainWindow(QMainWindow):
    lock_requested = Signal()
    quit_requested = Signal()
    preferences_requested = Signal()

    def __init__(
        self,
        settings: QSettings,
        messages: Messages,
        backend: Backend,
        privacy: Privacy,
        *,
        banner: str = "",
        digest: TodayDigest | None = None,
        backup_reminder: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.close_guard = False  # set: closing asks to quit (the controller backs up first)
        self._settings = settings
        self._messages = messages
        self.backend = backend
        self.privacy = privacy
        self._history: list[str] = []
        self._switching = False
        self.setWindowTitle(self.tr("Facilitator"))
        self.setMinimumSize(760, 480)

        self.sidebar = Sidebar()
        self.sidebar.setAccessibleName(self.tr("Pages"))
        self.sidebar.setFrameShape(QFrame.Shape.NoFrame)
        self.sidebar.setBackgroundRole(QPalette.ColorRole.Window)
        self.sidebar.setSpacing(2)
        self.stack = QStackedWidget()
        self.stack.setAccessibleName(self.tr("Page"))
        self.sidebar.currentRowChanged.connect(self._on_sidebar_row)

        self.banner = self._make_banner(banner)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addLayout(self._sidebar_column())
        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.VLine)
        separator.setFrameShadow(QFrame.Shadow.Sunken)
        body.addWidget(separator)
        body.addWidget(self.stack, 1)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addLayout(body, 1)
        self.setCentralWidget(central)

        self._build_pages()
        self.backups = BackupWatch(backend, self.reports, remind=backup_reminder, parent=self)
        column.insertWidget(1, self.backups.banner)
        self.privacy_label = QLabel()
        self.privacy_label.setAccessibleName(self.tr("Privacy screen"))
        self.statusBar().addPermanentWidget(self.privacy_label)
        self._build_menus()
        privacy.on_change(self, self._show_privacy)
        self._show_privacy(privacy.on)
        self._watch_busy(backend)
        self.resize(*DEFAULT_SIZE)
        if digest is not None:
            self.today.show_digest(digest)
        self._restore()

    def _make_banner(self, text: str) -> NoticeBanner:
        return NoticeBanner(text)

    def _sidebar_column(self) -> QVBoxLayout:
        """Back (with its key written beside it) above the sidebar's pages.  The button
        takes the Back action once the menus exist: enabled only when there is a page
        to go back to."""
        self.back_button = QToolButton()
        self.back_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.back_button.setAccessibleName(self.tr("Back to the page before"))
        self.back_hint = QLabel(self.tr("Alt+Left"))
        self.back_hint.setAccessibleName(self.tr("Back key"))
        self.back_hint.setBuddy(self.back_button)
        row = QHBoxLayout()
        row.setContentsMargins(6, 6, 6, 2)
        row.setSpacing(8)
        row.addWidget(self.back_button)
        row.addWidget(self.back_hint)
        row.addStretch(1)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(row)
        column.addWidget(self.sidebar, 1)
        return column

    # -- pages ----------------------------------------------------------------------
    def _build_pages(self) -> None:
        """The sidebar's entries, Today, and Reports (it runs Back Up Now for the menu and
        the backup banner).  The other pages are built the first time they are shown:
        that keeps them off the way from unlock to Today (about 25 ms on the large demo)."""
        self.pages: dict[str, Page] = {}
        self._factories: dict[str, Callable[[], Page]] = {
            "today": lambda: TodayPage(self.backend, self.privacy),
            "groups": lambda: GroupsPage(self.backend, self.privacy),
            "members": lambda: MembersPage(self.backend, self.privacy),
            "follow_ups": lambda: FollowUpsPage(self.backend, self.privacy),
            "reports": lambda: ReportsPage(self.backend, self.privacy),
            "session": lambda: SessionPage(self.backend, self.privacy),
            "search": lambda: SearchPage(self.backend, self.privacy),
        }
        titles = {
            "today": self.tr("Today"),
            "groups": self.tr("Groups"),
            "members": self.tr("Members"),
            "follow_ups": self.tr("Follow-ups"),
            "reports": self.tr("Reports"),
        }
        for key in SIDEBAR_PAGES:
            title = titles[key]
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(0, self.sidebar.fontMetrics().height() * 2))
            self.sidebar.addItem(item)
        self.sidebar.setFixedWidth(max(self.sidebar.sizeHintForColumn(0) + 40, 140))
        self.page("today")
        self.page("reports")

    def page(self, key: str) -> Page:
        """The page called ``key``, built now if it has not been shown before."""
        found = self.pages.get(key)
        if found is None:
            found = self._factories[key]()
            found.setObjectName(key)
            self.pages[key] = found
            self.stack.addWidget(found)
            found.navigate.connect(self.go_to)
        return found

    def _typed(self, key: str, kind: type[P]) -> P:
        found = self.page(key)
        assert isinstance(found, kind)
        return found

    @property
    def today(self) -> TodayPage:
        return self._typed("today", TodayPage)

    @property
    def groups(self) -> GroupsPage:
        return self._typed("groups", GroupsPage)

    @property
    def members(self) -> MembersPage:
        return self._typed("members", MembersPage)

    @property
    def follow_ups(self) -> FollowUpsPage:
        return self._typed("follow_ups", FollowUpsPage)

    @property
    def reports(self) -> ReportsPage:
        return self._typed("reports", ReportsPage)

    @property
    def session(self) -> SessionPage:
        return self._typed("session", SessionPage)

    @property
    def search(self) -> SearchPage:
        return self._typed("search", SearchPage)

    @property
    def current_key(self) -> str:
        page = self.stack.currentWidget()
        return page.objectName() if page is not None else ""

    @property
    def current_page(self) -> Page:
        page = self.stack.currentWidget()
        assert isinstance(page, Page)
        return page

    def show_page(self, key: str, *, remember: bool = True, read: bool = True) -> Page:
        """Show a page, reading again what changed since it last read (``read=False``:
        what it shows was just given to it)."""
        page = self.page(key)
        if remember and self.current_key and self.current_key != key:
            self._history.append(self.current_key)
            del self._history[:-20]
        row = SIDEBAR_PAGES.index(key) if key in SIDEBAR_PAGES else -1
        # Hiding the old page moves the keyboard focus, possibly onto the sidebar, which
        # then picks a row of its own: that must not switch pages in the middle of this.
        self._switching = True
        try:
            self.stack.setCurrentWidget(page)
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(row)
            self.sidebar.blockSignals(False)
        finally:
            self._switching = False
        self.back_action.setEnabled(bool(self._history))
        if read:
            page.show_up_to_date()
        else:
            page.mark_read()
        return page

    def _on_sidebar_row(self, row: int) -> None:
        if not self._switching and 0 <= row < len(SIDEBAR_PAGES):
            self.show_page(SIDEBAR_PAGES[row])

    def back(self) -> None:
        if self._history:
            self.show_page(self._history.pop(), remember=False)

    def go_to(self, target: Target) -> None:
        """Show where ``target`` leads (or do what it asks: a page's New…, Back Up Now)."""
        if isinstance(target, BackUpNowTarget):
            self.reports.back_up()
            return
        if isinstance(target, NewItemTarget):
            if target.page in SIDEBAR_PAGES:
                self.show_page(target.page).new_item()
            return
        key = {
            GroupTarget: "groups",
            MemberTarget: "members",
            SessionTarget: "session",
            FollowUpTarget: "follow_ups",
            SearchTarget: "search",
            ReportsTarget: "reports",
        }[type(target)]
        page = self.show_page(key)
        if not page.go_to(target) and isinstance(target, ReportsTarget):
            # Until the Reports page brings its boxes into view itself: the box's button.
            button = {
                "import": self.reports.import_roster_button,
                "backup": self.reports.back_up_button,
            }.get(target.box)
            if button is not None:
                button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_digest(self, digest: TodayDigest) -> None:
        self.today.show_digest(digest)

    # -- menus ----------------------------------------------------------------------
    def _action(
        self,
        text: str,
        shortcut: QKeySequence | None,
        slot: Callable[[], object],
        name: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        action.setObjectName(name)
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def _build_menus(self) -> None:
        menus = self.menuBar()
        self._build_file_menu(menus.addMenu(self.tr("&File")))
        self._build_edit_and_view_menus(menus)

    def _build_file_menu(self, file_menu: QMenu) -> None:
        self.new_action = self._action(
            self.tr("&New…"), QKeySequence(QKeySequence.StandardKey.New), self.new_item, "new"
        )
        self.new_action.setStatusTip(self.tr("A new group, member or follow-up, by page"))
        file_menu.addAction(self.new_action)
        file_menu.addSeparator()
        self.lock_action = self._action(
            self.tr("&Lock"), QKeySequence(self.tr("Ctrl+L")), self.lock_requested.emit, "lock"
        )
        self.lock_action.setStatusTip(self.tr("Close the vault and ask for the passphrase"))
        file_menu.addAction(self.lock_action)
        self.preferences_action = self._action(
            self.tr("&Settings…"),
            QKeySequence(QKeySequence.StandardKey.Preferences)
            if not QKeySequence(QKeySequence.StandardKey.Preferences).isEmpty()
            else QKeySequence(self.tr("Ctrl+,")),  # no platform standard on Linux
            self.preferences_requested.emit,
            "settings",
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        file_menu.addAction(self.preferences_action)
        self.backup_action = self._action(
            self.tr("Back &Up Now…"), None, self.reports.back_up, "back_up"
        )
        self.reports.backup_now.running_changed.connect(
            lambda running: self.backup_action.setEnabled(not running)
        )
        self.backup_action.setStatusTip(
            self.tr("Write an encrypted backup of the vault to a file, and check it")
        )
        file_menu.addAction(self.backup_action)
        self.key_actions = VaultKeyActions(self, self.backend, self._messages)
        file_menu.addSeparator()
        file_menu.addActions(self.key_actions.actions())
        file_menu.aboutToShow.connect(self.key_actions.ask_status)
        file_menu.addSeparator()
        self.quit_action = self._action(
            self.tr("&Quit"), QKeySequence(self.tr("Ctrl+Q")), self.quit_requested.emit, "quit"
        )
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.quit_action)

    def _build_edit_and_view_menus(self, menus: QMenuBar) -> None:
        edit_menu = menus.addMenu(self.tr("&Edit"))
        self.find_action = self._action(
            self.tr("&Find…"),
            QKeySequence(QKeySequence.StandardKey.Find),
            self.find_on_page,
            "find",
        )
        self.find_action.setStatusTip(self.tr("Filter this page, or search the notes"))
        edit_menu.addAction(self.find_action)
        self.search_action = self._action(
            self.tr("&Search Notes…"),
            QKeySequence(self.tr("Ctrl+Shift+F")),
            lambda: self.go_to(SearchTarget()),
            "search",
        )
        edit_menu.addAction(self.search_action)

        view_menu = menus.addMenu(self.tr("&View"))
        titles = [self.sidebar.item(i).text() for i in range(self.sidebar.count())]
        for number, (key, title) in enumerate(zip(SIDEBAR_PAGES, titles, strict=True), 1):
            action = self._action(
                title,
                QKeySequence(self.tr("Ctrl+%1").replace("%1", str(number))),
                partial(self.show_page, key),
                f"show_{key}",
            )
            view_menu.addAction(action)
        self.back_action = self._action(
            self.tr("&Back"), QKeySequence(QKeySequence.StandardKey.Back), self.back, "back"
        )
        self.back_action.setEnabled(False)
        view_menu.addAction(self.back_action)
        # The icon on the action: the button takes everything from it at each change.
        self.back_action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.back_button.setDefaultAction(self.back_action)
        self.back_button.setAccessibleName(self.tr("Back to the page before"))
        view_menu.addSeparator()
        self.refresh_action = self._action(
            self.tr("&Refresh"),
            QKeySequence(QKeySequence.StandardKey.Refresh),
            self.refresh,
            "refresh",
        )
        view_menu.addAction(self.refresh_action)
        self.privacy_action = self._action(
            self.tr("&Privacy Screen"),
            QKeySequence(self.tr("Ctrl+Shift+P")),
            lambda: self.privacy.set_on(self.privacy_action.isChecked()),
            "privacy",
        )
        self.privacy_action.setCheckable(True)
        self.privacy_action.setStatusTip(
            self.tr("Show first names and initials only, and hide notes")
        )
        view_menu.addAction(self.privacy_action)

        help_menu = menus.addMenu(self.tr("&Help"))
        from facilitator.ui.help import open_guide  # the guide's code loads on the first F1

        self.guide_action = self._action(  # F1: the guide, at this page's topic
            self.tr("&Guide"),
            QKeySequence(self.tr("F1")),
            lambda: open_guide(self, self.current_key),
            "guide",
        )
        help_menu.addAction(self.guide_action)
        self.about_action = self._action(
            self.tr("&About Facilitator"), None, self.show_about, "about"
        )
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(self.about_action)

    # -- backups --------------------------------------------------------------------
    @property
    def backup_status(self) -> BackupStatus | None:
        """When the last good backup was made and the backup settings, as last read."""
        return self.backups.status

    def save_backup_settings(self, settings: BackupSettings) -> None:
        self.backups.save(settings)

    def flush(self) -> None:
        """Every page shown so far saves what waits to be saved (before the vault locks)."""
        for page in self.pages.values():
            page.flush()

    def refresh(self) -> None:
        self.current_page.read()

    def new_item(self) -> None:
        if not self.current_page.new_item():
            self.show_page("groups").new_item()

    def find_on_page(self) -> None:
        if not self.current_page.focus_filter():
            self.go_to(SearchTarget())

    def _watch_busy(self, backend: Backend) -> None:
        """A busy cursor while the backend has calls under way, taken back once none is
        (and when the window goes, the vault locked with a call still running)."""
        busy = self._busy = [False]  # a list the destroyed handler keeps without self
        backend.busy_changed.connect(self._show_busy)
        self.destroyed.connect(lambda: _busy_cursor(busy, False))
        self._show_busy(backend.pending > 0)

    def _show_busy(self, busy: bool) -> None:
        _busy_cursor(self._busy, busy)

    def _show_privacy(self, on: bool) -> None:
        self.privacy_action.setChecked(on)
        self.privacy_label.setText(self.tr("Privacy screen on") if on else "")
        self.privacy_label.setVisible(on)

    def show_about(self) -> None:
        text = self.tr(
            "<h3>Facilitator {version}</h3>"
            "<p>For people who run peer-support groups.</p>"
            "<p><b>Keys.</b> Ctrl+1…5 pages · Ctrl+N new · Ctrl+F find on this page · "
            "Ctrl+Shift+F search notes · Alt+Left back · F5 refresh · "
            "Ctrl+Shift+P privacy screen · Ctrl+L lock. At check-in: type a few letters, "
            "Enter marks present, Shift+Enter late, Ctrl+Z undoes.</p>"
            "<p>Everything you record is kept in one vault on this computer, encrypted as "
            "a whole (SQLCipher, AES-256). A random key encrypts the vault; your "
            "passphrase, stretched with Argon2id, locks that key, and only the key, "
            "optionally, is kept in the system keyring if you chose to be remembered. "
            "Locking (Ctrl+L, or after the idle time set in Settings) closes the vault and "
            "drops the key from memory. Backups stay encrypted; only the anonymised reports "
            "you export, sheets you print and a full export you confirm leave the vault "
            "readable. Nothing is sent anywhere, and no name, note or passphrase is ever "
            "written to the log.</p>"
        ).format(version=__version__)
        self._messages.about(self, self.tr("About Facilitator"), text)

    # -- settings: geometry, state and the last page only -------------------------
    def _restore(self) -> None:
        geometry = self._settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        state = self._settings.value(STATE_KEY)
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state))
        page = str(self._settings.value(PAGE_KEY, "today"))
        key = page if page in SIDEBAR_PAGES else "today"
        # Today's digest was read while unlocking: no need to read it twice.
        self.show_page(key, remember=False, read=not (key == "today" and self.today.digest))

    def save_settings(self) -> None:
        key = self.current_key
        if key not in SIDEBAR_PAGES:
            key = next((k for k in reversed(self._history) if k in SIDEBAR_PAGES), "today")
        self._settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self._settings.setValue(STATE_KEY, self.saveState())
        self._settings.setValue(PAGE_KEY, key)
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.close_guard:  # the controller quits, after the automatic backup
            event.ignore()
            self.quit_requested.emit()
            return
        self.save_settings()
        self._show_busy(False)
        super().closeEvent(event)
