"""The guide window: contents on the left, the page on the right, back and forward, and a
search that lists the pages holding every word and highlights them.

One window per main window (:func:`open_guide` finds it or makes it), not modal: the
guide stays open beside the page it explains.  It is a child of the main window, so it
goes with it when the vault locks.  It writes nothing to disk, not even its size, and
keeps no search once closed.

Keys inside the guide: Escape closes it, Ctrl+F goes to the search box, Alt+Left and
Alt+Right go back and forward (Qt's standard Back / Forward keys of the platform).
Links between pages are the pages' file names (``groups.html``, ``checkin.html#late``);
any other link is ignored: the guide never opens a browser or the network.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QSize, Qt, QUrl
from PySide6.QtGui import (
    QCloseEvent,
    QKeySequence,
    QPalette,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.folding import search_fold
from facilitator.ui.help.topics import TOPICS, Guide, search_words
from facilitator.ui.kit.translate import translate

SCHEME = "guide"
DEFAULT_SIZE = QSize(860, 600)


def _tr(text: str, n: int = -1) -> str:
    return translate("GuideWindow", text, n)


def topic_url(topic: str, fragment: str = "") -> QUrl:
    url = QUrl(f"{SCHEME}:/{topic}.html")
    if fragment:
        url.setFragment(fragment)
    return url


def url_topic(url: QUrl) -> str:
    """The topic a guide address names ("" when it names no page of the guide)."""
    if url.scheme() != SCHEME:
        return ""
    name = url.path().strip("/")
    topic = name.removesuffix(".html")
    return topic if name.endswith(".html") and topic in TOPICS else ""


class GuideBrowser(QTextBrowser):
    """A text browser that reads only the guide's own pages."""

    def __init__(self, guide: Guide, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guide = guide
        self.setOpenLinks(False)  # links are followed by the window, guide pages only
        self.setOpenExternalLinks(False)

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        topic = url_topic(QUrl(name))
        if topic:
            return self.guide.page(topic).html
        return None  # no image, style sheet or page from anywhere else


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """``text`` folded for search, and for each folded character where it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = search_fold(char)
        folded.append(piece)
        origin.extend([index] * len(piece))
    return "".join(folded), origin


class GuideWindow(QWidget):
    """The guide: contents, the page, back and forward, search."""

    def __init__(self, parent: QWidget | None = None, *, language: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setWindowTitle(_tr("Facilitator guide"))
        self.guide = (
            Guide(language)
            if language is not None
            else Guide.for_languages(QLocale().uiLanguages())
        )
        self.matches: list[QTextCursor] = []
        self._build()
        self._keys()
        self.resize(DEFAULT_SIZE)
        self.show_topic(TOPICS[0])

    # -- building ---------------------------------------------------------------
    def _build(self) -> None:
        self.back_button = QPushButton(_tr("◀ &Back"))
        self.back_button.setAccessibleName(_tr("Back to the previous guide page"))
        self.back_button.setToolTip(_tr("Back (Alt+Left)"))
        self.forward_button = QPushButton(_tr("For&ward ▶"))
        self.forward_button.setAccessibleName(_tr("Forward to the next guide page"))
        self.forward_button.setToolTip(_tr("Forward (Alt+Right)"))
        self.search_label = QLabel(_tr("&Search the guide:"))
        self.search = QLineEdit()
        self.search.setAccessibleName(_tr("Search the guide"))
        self.search.setPlaceholderText(_tr("Words to find (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)

        self.contents_label = QLabel(_tr("&Contents"))
        self.contents = QListWidget()
        self.contents.setAccessibleName(_tr("Contents of the guide"))
        self.contents_label.setBuddy(self.contents)
        for topic in TOPICS:
            page = self.guide.page(topic)
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, topic)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, page.title)
            self.contents.addItem(item)
        self.found = QLabel()
        self.found.setAccessibleName(_tr("Search result"))
        self.found.setWordWrap(True)
        self.found.setVisible(False)

        self.browser = GuideBrowser(self.guide)
        self.browser.setAccessibleName(_tr("Guide page"))
        self._connect()
        self._lay_out()

    def _connect(self) -> None:
        self.back_button.clicked.connect(self.browser.backward)
        self.forward_button.clicked.connect(self.browser.forward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.browser.forwardAvailable.connect(self.forward_button.setEnabled)
        self.back_button.setEnabled(False)
        self.forward_button.setEnabled(False)
        self.browser.anchorClicked.connect(self.follow)
        self.browser.sourceChanged.connect(self._shown)
        self.contents.currentRowChanged.connect(self._chosen)
        self.search.textChanged.connect(self._search_typed)
        self.search.returnPressed.connect(self._search_entered)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.forward_button)
        top.addSpacing(12)
        top.addWidget(self.search_label)
        top.addWidget(self.search, 1)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.contents_label)
        column.addWidget(self.contents, 1)
        column.addWidget(self.found)
        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 640])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        for first, second in (  # the order on screen: the top row, then left to right
            (self.back_button, self.forward_button),
            (self.forward_button, self.search),
            (self.search, self.contents),
            (self.contents, self.browser),
        ):
            QWidget.setTabOrder(first, second)

    def _keys(self) -> None:
        """The guide's own keys (the main window's do not reach this window)."""
        shortcuts = (
            (QKeySequence(Qt.Key.Key_Escape), self.close),
            (QKeySequence(QKeySequence.StandardKey.Find), self.focus_search),
            (QKeySequence(QKeySequence.StandardKey.Back), self.browser.backward),
            (QKeySequence(QKeySequence.StandardKey.Forward), self.browser.forward),
        )
        self.shortcuts: list[QShortcut] = []
        for sequence, slot in shortcuts:
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)

    # -- pages ------------------------------------------------------------------
    @property
    def topic(self) -> str:
        return url_topic(self.browser.source())

    def show_topic(self, topic: str, fragment: str = "") -> None:
        """Show the page of ``topic`` (the first steps for a topic the guide has not)."""
        if topic not in TOPICS:
            topic = TOPICS[0]
        url = topic_url(topic, fragment)
        if url == self.browser.source():
            self._shown(url)
        else:
            self.browser.setSource(url)

    def open_at(self, topic: str) -> None:
        """Show the window (raised, with the keyboard) at ``topic``."""
        self.show_topic(topic)
        self.show()
        self.raise_()
        self.activateWindow()
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)  # arrows and Page Down read on

    def follow(self, url: QUrl) -> None:
        """A link clicked in a page: guide pages and places in them only."""
        target = self.browser.source().resolved(url) if url.isRelative() else url
        topic = url_topic(target)
        if topic:
            self.show_topic(topic, target.fragment())

    def _shown(self, url: QUrl) -> None:
        topic = url_topic(url)
        if topic:
            self.contents.blockSignals(True)
            self.contents.setCurrentRow(TOPICS.index(topic))
            self.contents.blockSignals(False)
            self.setWindowTitle(
                _tr("%1 — Facilitator guide").replace("%1", self.guide.page(topic).title)
            )
        self._highlight(scroll=not url.hasFragment())

    def _chosen(self, row: int) -> None:
        item = self.contents.item(row)
        if item is not None:
            self.show_topic(str(item.data(Qt.ItemDataRole.UserRole)))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing forgets the search: the next F1 starts with the whole contents."""
        self.search.clear()
        super().closeEvent(event)

    # -- search -----------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _search_typed(self, text: str) -> None:
        matching = set(self.guide.matching(text))
        searching = bool(text.split())
        for row, topic in enumerate(TOPICS):
            self.contents.item(row).setHidden(topic not in matching)
        if searching:
            self.found.setText(
                _tr("Found on %n page(s).", len(matching))
                if matching
                else _tr("No page contains every word. Try fewer or shorter words.")
            )
        self.found.setVisible(searching)
        self.contents_label.setText(_tr("Pages &found") if searching else _tr("&Contents"))
        self._highlight(scroll=True)

    def _search_entered(self) -> None:
        """Enter in the search box: the first page found (this one if it is found)."""
        matching = self.guide.matching(self.search.text())
        if not matching:
            return
        if self.topic in matching:
            self._highlight(scroll=True)
        else:
            self.show_topic(matching[0])
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    def _highlight(self, *, scroll: bool) -> None:
        """Mark every place the page holds a word of the search; scroll to the first."""
        words = [word for word in search_words(self.search.text()) if word]
        document = self.browser.document()
        self.matches = []
        if words:
            block = document.begin()
            while block.isValid():
                folded, origin = _folded_with_map(block.text())
                for word in words:
                    start = folded.find(word)
                    while start >= 0:
                        cursor = QTextCursor(document)
                        cursor.setPosition(block.position() + origin[start])
                        end = origin[start + len(word) - 1] + 1
                        cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
                        self.matches.append(cursor)
                        start = folded.find(word, start + len(word))
                block = block.next()
        self.matches.sort(key=lambda cursor: cursor.selectionStart())
        look = QTextCharFormat()
        look.setBackground(self.palette().color(QPalette.ColorRole.Highlight))
        look.setForeground(self.palette().color(QPalette.ColorRole.HighlightedText))
        selections = []
        for cursor in self.matches:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = look
            selections.append(selection)
        self.browser.setExtraSelections(selections)
        if scroll and self.matches:
            first = QTextCursor(document)
            first.setPosition(self.matches[0].selectionStart())
            self.browser.setTextCursor(first)
            self.browser.ensureCursorVisible()


def open_guide(parent: QWidget, topic: str) -> GuideWindow:
    """The guide window of ``parent`` (made the first time), shown at ``topic``."""
    guide = parent.findChild(GuideWindow, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if guide is None:
        guide = GuideWindow(parent)
    guide.open_at(topic)
    return guide
