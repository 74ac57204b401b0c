"""The session screen: check-in at the door, the session note, quick follow-ups.

Reached with a :class:`~facilitator.ui.plumbing.navigation.SessionTarget`; a planned
session (``session_id`` None) is opened — created from the group's schedule —
when the screen shows it: one service call reads the screen and opens it
(:meth:`~facilitator.services.attendance.AttendanceService.checkin_screen`).  The page
shows at once and fills in when the session and its list arrive.  Left: the check-in list
(:class:`~facilitator.ui.session.checkin_panel.CheckInPanel`), whose filter box has the
cursor when the page opens.  Right (below, on a narrow window): the session
note (:class:`~facilitator.ui.editors.note_editor.NoteEditor`) and "Add follow-up…".

Above them, in screen order and so in Tab order: "Check in" (the cursor to the
check-in box), "Enter from the paper sheet…" (attendance after the fact, in
:class:`~facilitator.ui.session.paper_sheet.PaperSheetDialog`), the sign-in sheet, and
the topic — one Shift+Tab from the check-in box.  Tab goes round the page: from its last
control back to its first, never out onto the sidebar (issue 16, defect 16).
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from facilitator.app import Services
from facilitator.domain import CheckInScreen, SessionRecord
from facilitator.domain.changes import Change
from facilitator.errors import UserFacingError
from facilitator.services.sheets import NameMode, SheetLeak, SheetWritten, sheet_options
from facilitator.ui.editors.note_editor import NoteEditor
from facilitator.ui.editors.sheet_dialog import SheetAction, SheetChoice, SheetDialog
from facilitator.ui.editors.sheet_flow import SheetFlow
from facilitator.ui.kit.dates import long_date_text
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.widgets import ProblemBox
from facilitator.ui.kit.words import time_text
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import SessionTarget, Target
from facilitator.ui.plumbing.page import Page
from facilitator.ui.session.checkin_panel import CheckInPanel
from facilitator.ui.session.paper_sheet import PaperSheetDialog

SIDE_BY_SIDE_FROM = 900  # page width (px) from which the note sits beside the list


def _tr(text: str) -> str:
    return QCoreApplication.translate("SessionPage", text)


class SessionPage(Page):
    """One session: check-in, note, follow-ups.  See the module's description."""

    # What the page shows: a session, its check-in list and marks.
    kinds = (
        Change.GROUPS | Change.MEMBERS | Change.MEMBERSHIPS | Change.SESSIONS | Change.ATTENDANCE
    )

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(backend, privacy, parent)
        self.target: SessionTarget | None = None
        self.session: SessionRecord | None = None
        self.editor: QWidget | None = None  # the open follow-up dialog (for tests)
        self._sheet_retry: Path | None = None  # where a refused sheet was to be saved
        self.sheet_flow = SheetFlow(backend, self)  # Print… (issue 16 defect 8)
        self._build()
        self.sheet_flow.told.connect(self.check_in.feedback.setText)
        privacy.follow(self, self._show_selection)

    # -- building ---------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel(_tr("Session"))
        self.title.setAccessibleName(_tr("Group"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel()
        self.details.setAccessibleName(_tr("Date, time and place"))
        self.details.setWordWrap(True)
        self.sheet_button = self._sheet_button()
        # After Save as PDF…: open it in the computer's PDF viewer (issue 16 defect 8).
        self.open_sheet_button = QPushButton(_tr("Open the saved sheet"))
        self.open_sheet_button.setAccessibleName(_tr("Open the sign-in sheet just saved"))
        self.open_sheet_button.clicked.connect(self.open_saved_sheet)
        self.open_sheet_button.hide()
        self._saved_sheet: Path | None = None
        self._build_ways()
        self.topic_label = QLabel(_tr("T&opic:"))
        self.topic = QLineEdit()
        self.topic.setAccessibleName(_tr("Session topic"))
        self.topic.setPlaceholderText(_tr("What the session was about (optional)"))
        self.topic_label.setBuddy(self.topic)
        self.topic.editingFinished.connect(self._topic_edited)

        self.cancelled_box = QFrame()
        self.cancelled_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.cancelled_box.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.cancelled_box.setAutoFillBackground(True)
        self.cancelled_label = QLabel(
            _tr("This session was cancelled. Restore it to take attendance.")
        )
        self.cancelled_label.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.cancelled_label.setWordWrap(True)
        self.restore_button = QPushButton(_tr("&Restore the session"))
        self.restore_button.setAccessibleName(_tr("Restore the cancelled session"))
        self.restore_button.clicked.connect(self.restore)
        banner = QHBoxLayout(self.cancelled_box)
        banner.addWidget(self.cancelled_label, 1)
        banner.addWidget(self.restore_button)
        self.cancelled_box.hide()

        self.problem = ProblemBox(name=_tr("Problem"))

        self.check_in = CheckInPanel(self.backend, self.privacy)
        self.check_in.selection_changed.connect(self._show_selection)
        self.note = NoteEditor(self.backend, self.privacy)
        self.session_follow_up = QPushButton(_tr("Add follo&w-up…"))
        self.session_follow_up.setAccessibleName(_tr("Add a follow-up for this session"))
        self.session_follow_up.clicked.connect(lambda: self.add_follow_up(for_person=False))
        self.person_follow_up = QPushButton(_tr("Follow-up for the &member…"))
        self.person_follow_up.setAccessibleName(_tr("Add a follow-up for the selected person"))
        self.person_follow_up.clicked.connect(lambda: self.add_follow_up(for_person=True))
        self._lay_out()
        self._set_loaded(False)

    def _build_ways(self) -> None:
        """The visible ways at the top: "Check in" and the paper sheet after the fact."""
        self.check_in_button = QPushButton(_tr("Check in"))
        self.check_in_button.setAccessibleName(_tr("Check people in: to the check-in box"))
        self.check_in_button.setToolTip(_tr("Type a few letters of a name, then Enter (Alt+C)"))
        self.check_in_button.clicked.connect(self.focus_filter)
        self.paper_button = QPushButton(_tr("Enter from the &paper sheet…"))
        self.paper_button.setAccessibleName(_tr("Enter attendance from the paper sign-in sheet"))
        self.paper_button.setToolTip(
            _tr("Tick who came and type their arrival times, after the session")
        )
        self.paper_button.clicked.connect(self.enter_paper_sheet)

    def _sheet_button(self) -> QPushButton:
        button = QPushButton(_tr("Print sign-in &sheet…"))
        button.setAccessibleName(_tr("Print a sign-in sheet for this session"))
        button.setToolTip(
            _tr("Print a sign-in sheet, or save it as a PDF: the roster, blank rows, signatures")
        )
        button.clicked.connect(self.print_sheet)
        return button

    def _lay_out(self) -> None:
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.check_in_button, 0, Qt.AlignmentFlag.AlignTop)
        heading.addWidget(self.paper_button, 0, Qt.AlignmentFlag.AlignTop)
        heading.addWidget(self.sheet_button, 0, Qt.AlignmentFlag.AlignTop)
        heading.addWidget(self.open_sheet_button, 0, Qt.AlignmentFlag.AlignTop)
        topic = QHBoxLayout()
        topic.addWidget(self.topic_label)
        topic.addWidget(self.topic, 1)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.note, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.session_follow_up)
        buttons.addWidget(self.person_follow_up)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.check_in)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.details)
        layout.addLayout(topic)
        layout.addWidget(self.cancelled_box)
        layout.addWidget(self.problem)
        layout.addWidget(self.splitter, 1)
        # Screen order.  Tab from the last control goes on to the main window's Back
        # button and page list, which never change the page on focus (issue 16 defect 16:
        # the page does not trap the keyboard; tests/ui/frame/test_sidebar_focus.py).
        order: list[QWidget] = [
            self.check_in_button,
            self.paper_button,
            self.sheet_button,
            self.open_sheet_button,
            self.topic,
            self.restore_button,
            self.check_in.filter_edit,
            self.check_in.table,
            self.check_in.present_button,
            self.check_in.late_button,
            self.check_in.excused_button,
            self.check_in.clear_button,
            self.check_in.change_button,
            self.check_in.undo_button,
            self.check_in.guests,
            self.check_in.rest_absent,
            self.check_in.rest_excused,
            self.note.text_edit,
            self.note.template_box,
            self.note.insert_button,
            self.session_follow_up,
            self.person_follow_up,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self._tab_order = order

    # -- the Page protocol ----------------------------------------------------------------
    def go_to(self, target: Target) -> bool:
        if not isinstance(target, SessionTarget):
            return False
        shown = self.session
        same = shown is not None and (
            target.session_id == shown.id
            or (target.group_id, target.date) == (shown.group_id, shown.date)
        )
        if not same:
            self.check_in.clear()
            self.note.show_nothing()
            self.session = None
            self._show_header(None, target)
        self.target = target
        self._load(target)
        self.check_in.filter_edit.setFocus()
        return True

    def shown(self) -> None:
        self.check_in.filter_edit.setFocus()

    def activate(self) -> None:
        if self.session is not None and self.session.id is not None and self.target is not None:
            self._load(SessionTarget(self.session.group_id, self.session.date, self.session.id))
        self.check_in.filter_edit.setFocus()

    def flush(self) -> None:
        self.note.flush()

    def focus_filter(self) -> bool:
        self.check_in.filter_edit.setFocus()
        self.check_in.filter_edit.selectAll()
        return True

    def new_item(self) -> bool:
        """Ctrl+N here: a follow-up for this session."""
        if self.session is None:
            return False
        self.add_follow_up(for_person=False)
        return True

    # -- loading ----------------------------------------------------------------------------
    def _load(self, target: SessionTarget) -> None:
        # Another session chosen meanwhile: only the newest one asked for is shown.
        self.backend.latest(
            "load",
            lambda s: s.attendance.checkin_screen(target.group_id, target.date, target.session_id),
            self._loaded,
            context=self,
            failed=self._load_failed,
        )

    def _loaded(self, data: CheckInScreen) -> None:
        first_time = self.session is None or self.session.id != data.session.id
        self.problem.clear()
        self._show_session(data.session)
        self.check_in.show_screen(data)
        if first_time and data.session.id is not None:
            self.note.show_session(data.session.id)
        self._set_loaded(True)

    def _load_failed(self, exc: UserFacingError) -> None:
        self.problem.show_problem(exc.message)

    def _show_session(self, session: SessionRecord) -> None:
        self.session = session
        self._show_header(session, None)
        if not self.topic.hasFocus():
            self.topic.setText(session.topic)
        self.cancelled_box.setVisible(session.cancelled)

    def _show_header(self, session: SessionRecord | None, target: SessionTarget | None) -> None:
        if session is None:
            self.title.setText(_tr("Session"))
            self.details.setText(_tr("Loading…"))
            self.topic.clear()
            self.cancelled_box.hide()
            return
        parts = [long_date_text(session.date), time_text(session)]
        if session.location:
            parts.append(session.location)
        if session.cancelled:
            parts.append(_tr("Cancelled"))
        self.title.setText(session.group_name)
        self.details.setText(" \N{MIDDLE DOT} ".join(parts))

    def _set_loaded(self, loaded: bool) -> None:
        self.topic.setEnabled(loaded)
        self.session_follow_up.setEnabled(loaded)
        cancelled = self.session is not None and self.session.cancelled
        self.sheet_button.setEnabled(loaded and not cancelled)
        self.check_in_button.setEnabled(loaded and not cancelled)
        self.paper_button.setEnabled(loaded and not cancelled)
        self._show_selection()

    def _show_selection(self) -> None:
        member = self.check_in.selected_member()
        self.person_follow_up.setEnabled(member is not None and self.session is not None)
        if member is None:
            self.person_follow_up.setAccessibleName(_tr("Add a follow-up for the selected person"))
        else:
            name = self.privacy.member(member)
            self.person_follow_up.setAccessibleName(
                _tr("Add a follow-up for %1").replace("%1", name)
            )
        self.person_follow_up.setToolTip(self.person_follow_up.accessibleName())

    # -- edits ------------------------------------------------------------------------------
    def _topic_edited(self) -> None:
        session = self.session
        text = self.topic.text().strip()
        if session is None or session.id is None or text == session.topic:
            return
        session_id = session.id
        self.backend.call(
            lambda s: s.schedule.set_topic(session_id, text),
            self._topic_saved,
            context=self,
            failed=self._show_problem,
        )

    def _topic_saved(self, session: SessionRecord) -> None:
        if self.session is not None and session.id == self.session.id:
            self.session = session

    def restore(self) -> None:
        session = self.session
        if session is None:
            return

        def job(s: Services) -> CheckInScreen:
            restored = s.schedule.cancel(session, cancelled=False)
            return s.attendance.checkin_screen(restored.group_id, restored.date, restored.id)

        self.backend.latest("load", job, self._restored, context=self, failed=self._show_problem)

    def _restored(self, data: CheckInScreen) -> None:
        self._loaded(data)
        self.check_in.filter_edit.clear()
        self.check_in.filter_edit.setFocus()

    def _show_problem(self, exc: UserFacingError) -> None:
        self.problem.show_problem(exc.message)

    # -- follow-ups --------------------------------------------------------------------------
    def add_follow_up(self, *, for_person: bool) -> None:
        from facilitator.ui.editors.followup_dialog import FollowUpDialog

        if self.session is None or self.session.id is None:
            return
        member = self.check_in.selected_member() if for_person else None
        if for_person and member is None:
            return
        dialog = FollowUpDialog(
            self.backend,
            self.privacy,
            self,
            member_id=member.id if member is not None else None,
            session_id=self.session.id,
        )
        dialog.saved.connect(self._follow_up_saved)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.editor = dialog
        dialog.open()

    def _follow_up_saved(self, _record: object) -> None:
        self.check_in.feedback.setText(_tr("Follow-up added."))

    def _dialog_closed(self, dialog: QWidget) -> None:
        if self.editor is dialog:
            self.editor = None
        dialog.deleteLater()
        self.check_in.filter_edit.setFocus()

    # -- attendance after the fact -----------------------------------------------------------
    def enter_paper_sheet(self) -> None:
        """The paper sign-in sheet typed in: who came, when; saved as one undo step."""
        session = self.session
        if session is None or session.id is None or session.cancelled:
            return
        dialog = PaperSheetDialog(session, self.check_in.people.rows, self.privacy, self)
        dialog.accepted.connect(lambda: self.check_in.enter_paper_sheet(*dialog.entries()))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.editor = dialog
        dialog.open()

    # -- the sign-in sheet -------------------------------------------------------------------
    def print_sheet(self) -> None:
        """Ask for the sheet's choices, then where to save it; write it off the GUI thread."""
        if self.session is None or self.session.cancelled:
            return
        self._open_sheet_dialog(
            SheetDialog(self, names=NameMode.INITIALS if self.privacy.on else NameMode.FULL)
        )

    def _open_sheet_dialog(self, dialog: SheetDialog) -> None:
        dialog.accepted.connect(lambda: self._sheet_action(dialog))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.editor = dialog
        dialog.open()

    def _sheet_action(self, dialog: SheetDialog) -> None:
        """Print… prints from memory (the shared flow); Save as PDF… saves, as before."""
        session = self.session
        if dialog.action is SheetAction.PRINT and session is not None:
            self.sheet_flow.print_sheet(session.group_id, session.date, dialog.choice())
        else:
            self._sheet_chosen(dialog.choice())

    def _sheet_chosen(self, choice: SheetChoice) -> None:
        session = self.session
        if session is None:
            return
        suggested = (
            self._sheet_retry or Path.home() / f"sign-in-sheet-{session.date.isoformat()}.pdf"
        )
        self._sheet_retry = None
        path = self.backend.messages.choose_save_file(
            self, _tr("Save the sign-in sheet"), suggested, _tr("PDF files (*.pdf)")
        )
        if path is None:
            return
        if not path.suffix:
            path = path.with_suffix(".pdf")
        group_id, day = session.group_id, session.date

        def job(s: Services) -> SheetWritten:
            options = sheet_options(
                names=choice.names,
                blank_rows=choice.blank_rows,
                columns=choice.columns,
                paper=choice.paper,
                leave_blank=choice.leave_blank,
            )
            return s.sheets.write_sheet(path, group_id, day, options)

        def failed(exc: UserFacingError) -> None:
            self._sheet_failed(exc, choice, path)

        self.check_in.feedback.setText(_tr("Writing the sign-in sheet…"))
        self.backend.call(job, self._sheet_written, context=self, failed=failed)

    def _sheet_written(self, written: SheetWritten) -> None:
        pages = (
            _tr("1 page")
            if written.pages == 1
            else _tr("%1 pages").replace("%1", str(written.pages))
        )
        self.check_in.feedback.setText(
            _tr("Sign-in sheet saved to %1 (%2).")
            .replace("%1", str(written.path))
            .replace("%2", pages)
        )
        self._saved_sheet = written.path
        self.open_sheet_button.show()

    def open_saved_sheet(self) -> None:
        """The sheet saved last, in the computer's PDF viewer (a local file)."""
        if self._saved_sheet is not None and not self.sheet_flow.open_file(self._saved_sheet):
            self.check_in.feedback.setText(
                _tr("No program on this computer opened the file; open it from its folder.")
            )

    def _sheet_failed(self, exc: UserFacingError, choice: SheetChoice, path: Path) -> None:
        """A refusal by the leak guard opens the dialog again, the same choices kept and
        the reason shown, so the field it names can be printed blank; other failures
        are explained in a message box."""
        self.check_in.feedback.clear()
        busy = self.editor is not None or self.session is None or self.session.cancelled
        if not isinstance(exc, SheetLeak) or busy:
            self.backend.messages.warning(self, _tr("Sign-in sheet not saved"), exc.message)
            return
        self._sheet_retry = path  # offered again when the person saves once more
        dialog = SheetDialog(self, choice=choice, problem=exc.message)
        dialog.offer_blank(exc.fields)
        self._open_sheet_dialog(dialog)

    # -- layout ---------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= SIDE_BY_SIDE_FROM
        wanted = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
        super().resizeEvent(event)
