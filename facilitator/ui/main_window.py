"""The main window: a sidebar of pages, the pages, and the File / View / Help menus.

The window holds only what its pages show; the open vault stays with the
controller (:mod:`facilitator.ui.application`), which is asked to lock, refresh
or quit through signals.  Pages are added with :meth:`MainWindow.add_page`;
today there is one, Today.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator import __version__
from facilitator.domain import TodayDigest
from facilitator.ui.messages import Messages
from facilitator.ui.today import TodayPage

# The only things the window writes to its settings file: never names, paths or data.
GEOMETRY_KEY = "main_window/geometry"
STATE_KEY = "main_window/state"
PAGE_KEY = "main_window/page"
SETTINGS_KEYS = (GEOMETRY_KEY, STATE_KEY, PAGE_KEY)
DEFAULT_SIZE = (1100, 680)  # fits a 1366 x 768 screen with a taskbar


class MainWindow(QMainWindow):
    lock_requested = Signal()
    refresh_requested = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        settings: QSettings,
        messages: Messages,
        *,
        banner: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._messages = messages
        self.setWindowTitle(self.tr("Facilitator"))
        self.setMinimumSize(760, 480)

        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName(self.tr("Pages"))
        self.sidebar.setFrameShape(QFrame.Shape.NoFrame)
        self.sidebar.setBackgroundRole(QPalette.ColorRole.Window)
        self.sidebar.setSpacing(2)
        self.pages = QStackedWidget()
        self.pages.setAccessibleName(self.tr("Page"))
        self.sidebar.currentRowChanged.connect(self.pages.setCurrentIndex)

        self.banner = QLabel(banner)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(self.tr("Notice"))
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.banner.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.banner.setAutoFillBackground(True)
        self.banner.setContentsMargins(10, 6, 10, 6)
        self.banner.setVisible(bool(banner))

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.sidebar)
        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.VLine)
        separator.setFrameShadow(QFrame.Shadow.Sunken)
        body.addWidget(separator)
        body.addWidget(self.pages, 1)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addLayout(body, 1)
        self.setCentralWidget(central)

        self.today = TodayPage()
        self.add_page(self.tr("Today"), self.today)
        self._build_menus()
        self.resize(*DEFAULT_SIZE)
        self._restore()

    # -- pages ----------------------------------------------------------------------
    def add_page(self, title: str, page: QWidget) -> int:
        """Add a page and its sidebar entry; returns its index."""
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
        item.setSizeHint(QSize(0, self.sidebar.fontMetrics().height() * 2))
        self.sidebar.addItem(item)
        index = self.pages.addWidget(page)
        width = max(self.sidebar.sizeHintForColumn(0) + 40, 140)
        self.sidebar.setFixedWidth(width)
        if self.sidebar.currentRow() < 0:
            self.sidebar.setCurrentRow(0)
        return index

    def show_digest(self, digest: TodayDigest) -> None:
        self.today.show_digest(digest)

    # -- menus ----------------------------------------------------------------------
    def _action(self, text: str, shortcut: QKeySequence, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu(self.tr("&File"))
        self.lock_action = self._action(
            self.tr("&Lock"), QKeySequence(self.tr("Ctrl+L")), self.lock_requested.emit
        )
        self.lock_action.setStatusTip(self.tr("Close the vault and ask for the passphrase"))
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        self.quit_action = self._action(
            self.tr("&Quit"), QKeySequence(self.tr("Ctrl+Q")), self.quit_requested.emit
        )
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.quit_action)

        view_menu = menus.addMenu(self.tr("&View"))
        self.refresh_action = self._action(
            self.tr("&Refresh"), QKeySequence(QKeySequence.StandardKey.Refresh), self._refresh
        )
        view_menu.addAction(self.refresh_action)

        help_menu = menus.addMenu(self.tr("&Help"))
        self.about_action = self._action(
            self.tr("&About Facilitator"),
            QKeySequence(self.tr("F1")),
            self.show_about,
        )
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(self.about_action)

    def _refresh(self) -> None:
        self.refresh_requested.emit()

    def show_about(self) -> None:
        text = self.tr(
            "<h3>Facilitator {version}</h3>"
            "<p>For people who run peer-support groups.</p>"
            "<p>Everything you record is kept in one vault on this computer, encrypted as "
            "a whole (SQLCipher, AES-256). A random key encrypts the vault; your "
            "passphrase, stretched with Argon2id, locks that key, and only the key, "
            "optionally, is kept in the system keyring if you chose to be remembered. "
            "Locking (Ctrl+L) closes the vault and drops the key from memory. Backups stay "
            "encrypted; only the anonymised reports you export, sheets you print and a "
            "full export you confirm leave the vault readable. Nothing is sent anywhere, "
            "and no name, note or passphrase is ever written to the log.</p>"
        ).format(version=__version__)
        self._messages.about(self, self.tr("About Facilitator"), text)

    # -- settings: geometry, state and page index only ----------------------------
    def _restore(self) -> None:
        geometry = self._settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        state = self._settings.value(STATE_KEY)
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state))
        page = self._settings.value(PAGE_KEY, 0)
        try:
            index = int(str(page))
        except ValueError:
            index = 0
        if 0 <= index < self.pages.count():
            self.sidebar.setCurrentRow(index)

    def save_settings(self) -> None:
        self._settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self._settings.setValue(STATE_KEY, self.saveState())
        self._settings.setValue(PAGE_KEY, max(self.sidebar.currentRow(), 0))
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        super().closeEvent(event)
