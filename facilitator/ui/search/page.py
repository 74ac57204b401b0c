"""The Search page: full-text search across every session and member note.

Results come as you type (a quarter of a second after the last key, on the
vault's job thread): each hit says where the note is from and shows the words
around the match, emphasised, with its date (always with the year).  The newest
notes come first, or the best matches (the "Order" box).  Enter in the box opens the
highlighted (first) result — once it is found, if the search is still running; Down
moves onto that result.  Enter or a double-click on a result opens the note's place
— a member's page for a member note, the session's screen for a session note.
While the privacy screen is on, no note text is shown: only where the hits are.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from facilitator.app import Services
from facilitator.domain import SearchHit, SessionRecord
from facilitator.domain.changes import Change
from facilitator.errors import UserFacingError
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import MemberTarget, SearchTarget, SessionTarget, Target
from facilitator.ui.plumbing.page import Page
from facilitator.ui.search.results import (
    HIT_ROLE,
    HTML_ROLE,
    MARKERS,
    HitDelegate,
    HitsModel,
    Order,
)

Found = tuple[str, list[SearchHit]]  # (text, hits)

DEBOUNCE_MS = 250
LIMIT = 200  # hits asked for; the best ones first


class SearchPage(Page):
    """A search box and the notes that match it."""

    # What the page shows: notes, with whom and which session they are about.
    kinds = Change.NOTES | Change.MEMBERS | Change.GROUPS | Change.SESSIONS

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(backend, privacy, parent)
        self.setAccessibleName(self.tr("Search notes"))
        self.searched = ""  # the text the shown results are for
        self.results_shown = False
        self.open_when_found = False  # Enter came before the results: open the first
        self._build()

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.search_now)
        self.box.textChanged.connect(self._typed)
        self.box.returnPressed.connect(self._return_in_box)
        self.box.installEventFilter(self)
        self.results.activated.connect(self.open_hit)
        privacy.on_change(self, self._privacy_changed)
        self._privacy_changed(privacy.on)

    def _build(self) -> None:
        title = QLabel(self.tr("Search notes"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.5)
        title.setFont(font)

        self.box = QLineEdit()
        self.box.setAccessibleName(self.tr("Search notes for"))
        self.box.setPlaceholderText(self.tr("Words in any session or member note"))
        self.box.setClearButtonEnabled(True)
        self.box.setMaxLength(500)
        label = QLabel(self.tr("&Search for:"))
        label.setBuddy(self.box)
        order_label = self._build_order()
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.box, 1)
        row.addWidget(order_label)
        row.addWidget(self.order_box)

        self.privacy_notice = QLabel(
            self.tr(
                "The privacy screen is on: note text is hidden, so only where each match "
                "is from is shown (View ▸ Privacy Screen)."
            )
        )
        self.privacy_notice.setAccessibleName(self.tr("Privacy screen notice"))
        self.privacy_notice.setWordWrap(True)
        self.privacy_notice.setFrameShape(QLabel.Shape.StyledPanel)
        self.privacy_notice.setMargin(6)

        self.model = HitsModel(self.privacy, self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setAccessibleName(self.tr("Matching notes"))
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setAlternatingRowColors(True)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setWordWrap(True)
        self.model.palette = self.results.palette()

        self.status = QLabel(self.tr("Type a word to search every session and member note."))
        self.status.setAccessibleName(self.tr("Search result"))
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addLayout(row)
        layout.addWidget(self.privacy_notice)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        QWidget.setTabOrder(self.box, self.order_box)
        QWidget.setTabOrder(self.order_box, self.results)

    def _build_order(self) -> QLabel:
        """The "Order" box: newest first (the default) or the best matches first."""
        self.order_box = QComboBox()
        self.order_box.setAccessibleName(self.tr("Order of the matching notes"))
        self.order_box.addItem(self.tr("Newest first"), Order.NEWEST.value)
        self.order_box.addItem(self.tr("Best match first"), Order.BEST.value)
        self.order_box.currentIndexChanged.connect(lambda _i: self._order_chosen())
        order_label = QLabel(self.tr("&Order:"))
        order_label.setBuddy(self.order_box)
        return order_label

    # -- the Page contract ---------------------------------------------------------------
    def shown(self) -> None:
        self.focus_filter()

    def activate(self) -> None:
        self.focus_filter()
        if self.box.text().strip():
            self.search_now()  # notes may have changed since

    def go_to(self, target: Target) -> bool:
        if not isinstance(target, SearchTarget):
            return False
        if target.text:
            self.box.setText(target.text)
            self.search_now()
        self.focus_filter()
        return True

    def focus_filter(self) -> bool:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()
        return True

    # -- searching ------------------------------------------------------------------------
    def _typed(self, _text: str) -> None:
        self.open_when_found = False  # an Enter was for the text before this key
        self.timer.start()

    def search_now(self) -> None:
        self.timer.stop()
        text = self.box.text().strip()
        if not text:
            self.backend.drop("search", context=self)  # an answer on its way is not wanted
            self.searched = ""
            self.open_when_found = False
            self.model.set_hits([])
            self.status.setText(self.tr("Type a word to search every session and member note."))
            self.results_shown = True
            return
        self.results_shown = False
        self.status.setText(self.tr("Searching…"))

        def job(s: Services) -> Found:
            hits = s.notes.search(text, limit=LIMIT, markers=MARKERS)
            return text, hits

        # Typing goes on meanwhile: only the newest search's answer is shown.
        self.backend.latest(
            "search", job, self._show_hits, context=self, failed=self._search_failed
        )

    def _show_hits(self, found: Found) -> None:
        text, hits = found
        self.searched = text
        self.model.set_hits(hits)
        if not hits:
            status = self.tr("No notes match “%1”.").replace("%1", text)
        elif len(hits) >= LIMIT:
            status = self.tr("The best %n matches; add a word to narrow them down.", "", LIMIT)
        else:
            status = self.tr("%n note(s) match.", "", len(hits))
            status = status.replace("(s)", "" if len(hits) == 1 else "s")
        self.status.setText(status)
        self.status.setAccessibleDescription(status)
        if hits:
            self._highlight_first()
        self.results_shown = True
        if self.open_when_found:
            self.open_when_found = False
            if hits:
                self.open_hit(self.model.index(0))

    def _highlight_first(self) -> None:
        self.results.selectionModel().setCurrentIndex(
            self.model.index(0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.results.scrollToTop()

    def _order_chosen(self) -> None:
        self.model.set_order(Order(self.order_box.currentData()))
        if self.model.rowCount():
            self._highlight_first()

    def _search_failed(self, error: UserFacingError) -> None:
        self.open_when_found = False
        self.model.set_hits([])
        self.status.setText(error.message)
        self.results_shown = True

    def _return_in_box(self) -> None:
        """Enter opens the highlighted result; typed ahead of the results, the first
        result once they come (nothing when there is none)."""
        if not self.box.text().strip():
            return
        if (
            self.timer.isActive()
            or not self.results_shown
            or self.box.text().strip() != self.searched
        ):
            self.open_when_found = True
            if self.timer.isActive() or self.box.text().strip() != self.searched:
                self.search_now()
        elif self.model.rowCount():
            current = self.results.currentIndex()
            self.open_hit(current if current.isValid() else self.model.index(0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.model.rowCount():
                # Onto the first result, highlighted: the list's own focus handling
                # must not move one further.
                self._highlight_first()
                self.results.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    # -- showing and opening ------------------------------------------------------------------
    def hit_html(self, row: int) -> str:
        """The rich text drawn for a result (what the delegate paints)."""
        return str(self.model.index(row).data(HTML_ROLE))

    def hit_text(self, row: int) -> str:
        return str(self.model.index(row).data())

    def _privacy_changed(self, on: bool) -> None:
        self.privacy_notice.setVisible(on)
        self.model.redraw()
        self.results.doItemsLayout()  # the rows' heights change with the snippets

    def open_hit(self, index: QModelIndex | None = None) -> None:
        index = index if index is not None and index.isValid() else self.results.currentIndex()
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if not isinstance(hit, SearchHit):
            return
        if hit.member_id is not None:
            self.navigate.emit(MemberTarget(hit.member_id))
            return
        if hit.session_id is not None:
            session_id = hit.session_id
            self.backend.call(
                lambda s: s.schedule.session(session_id), self._open_session, context=self
            )

    def _open_session(self, session: SessionRecord) -> None:
        self.navigate.emit(SessionTarget(session.group_id, session.date, session.id))
