"""The check-in list at the door: type two letters, Enter, next.

:class:`CheckInPanel` shows one session's people (see
:mod:`facilitator.ui.session.checkin_model`) with a filter box that keeps the cursor
while Up/Down move the selection (:mod:`facilitator.ui.session.checkin_keys`).  Every
mark is one backend call, shown when it comes back, and can be undone
(Ctrl+Z).  The undo steps live in the attendance service
(:meth:`~facilitator.services.attendance.AttendanceService.undo_last`): every mark
is a step there, and marks and undos run in turn on the vault's one job thread, so
an undo pressed before a mark has come back still undoes that mark.  The panel
only shows whether there is something to undo: the service's count as of its last
answer, plus the steps sent since and not yet answered.

Arrival times (issue 16, defect 3): while the session is on
(:func:`~facilitator.services.attendance.on_now`), Late takes the clock's time at once
and F2 changes it; otherwise Late opens the mark editor
(:class:`~facilitator.ui.session.mark_dialog.MarkDialog`) to ask for the time, offering
a few minutes after the start.  A double-click marks an unmarked row present, and on a
row that has a mark opens the mark editor instead: a double-click is too easy to make by
accident to replace a mark someone chose.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Signal
from PySide6.QtWidgets import QWidget

from facilitator.app import Services
from facilitator.domain import (
    AttendanceChange,
    AttendanceStatus,
    CheckInRow,
    CheckInScreen,
    MemberRecord,
    PaperMark,
    PaperNewcomer,
    SessionRecord,
    UndoneStep,
)
from facilitator.errors import UserFacingError
from facilitator.services.attendance import on_now, suggested_arrival
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.translate import translate
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.session.checkin_keys import CheckInKeys, KeyAction
from facilitator.ui.session.checkin_model import (
    CheckInList,
    ListRow,
    NewcomerRow,
    counts_text,
    status_text,
)
from facilitator.ui.session.checkin_view import CheckInView
from facilitator.ui.session.mark_dialog import MarkDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("CheckIn", text)


T = TypeVar("T")


class CheckInPanel(CheckInView):
    """Filter, list, marks, guests, "everyone else", undo; see the module's description."""

    selection_changed = Signal()

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(privacy, parent)
        self.backend = backend
        self.session: SessionRecord | None = None
        self.people = CheckInList()
        self._undo_known = 0  # steps the service could undo here, as of its last answer
        self._undo_sent = 0  # steps added (+1) or taken back (-1) since, not yet answered
        for button, action in (
            (self.present_button, KeyAction.PRESENT),
            (self.late_button, KeyAction.LATE),
            (self.excused_button, KeyAction.EXCUSED),
            (self.clear_button, KeyAction.CLEAR),
            (self.change_button, KeyAction.EDIT),
            (self.undo_button, KeyAction.UNDO),
        ):
            button.clicked.connect(lambda _=False, a=action: self.do(a))
        self.guests.valueChanged.connect(self._guests_changed)
        self.rest_absent.clicked.connect(lambda: self.mark_rest(AttendanceStatus.ABSENT))
        self.rest_excused.clicked.connect(lambda: self.mark_rest(AttendanceStatus.EXCUSED))
        self._keys = CheckInKeys(self.filter_edit, self)
        self._keys.action.connect(self.do)
        self._keys.typed.connect(self._typed_on_list)
        self.filter_edit.installEventFilter(self._keys)
        self.table.installEventFilter(self._keys)
        self.filter_edit.textChanged.connect(self._refilter)
        self._newcomer_asked: str | None = None  # the name "Enter again" would add
        self.filter_edit.textChanged.connect(self._forget_newcomer_question)
        self.table.doubleClicked.connect(lambda _index: self._double_clicked())
        self.mark_dialog: MarkDialog | None = None  # the open mark editor (for tests)
        self._read_at: tuple[dt.datetime, float] | None = None  # services' clock, monotonic
        self.table.selectionModel().currentRowChanged.connect(
            lambda *_: self.selection_changed.emit()
        )
        privacy.on_change(self, self._privacy_changed)
        self._set_usable(False)

    # -- building ---------------------------------------------------------------------
    # -- showing ------------------------------------------------------------------------
    def show_screen(self, screen: CheckInScreen) -> None:
        """Show a freshly read session (its marks as the vault holds them)."""
        session = screen.session
        if self.session is None or self.session.id != session.id:
            self._undo_sent = 0  # undo steps belong to one session
            self.filter_edit.clear()
            self.feedback.clear()
        self._undo_known = screen.undo_steps
        if screen.now is not None:
            self._read_at = (screen.now, time.monotonic())
        self.session = session
        self.people = CheckInList(screen.rows)
        self._show_guests(session.guest_count)
        self._set_usable(not session.cancelled)
        self._refilter()

    def clear(self) -> None:
        self.session = None
        self.people = CheckInList()
        self.model.clear()
        self.counts.clear()
        self.feedback.clear()
        self._set_usable(False)

    def selected(self) -> ListRow | None:
        row = self.table.currentIndex().row()
        return self.model.row(row) if 0 <= row < self.model.rowCount() else None

    def selected_member(self) -> MemberRecord | None:
        row = self.selected()
        return row.member if isinstance(row, CheckInRow) else None

    def _set_usable(self, usable: bool) -> None:
        for widget in (
            self.present_button,
            self.late_button,
            self.excused_button,
            self.clear_button,
            self.change_button,
            self.guests,
            self.fewer_guests,
            self.more_guests,
            self.rest_absent,
            self.rest_excused,
        ):
            widget.setEnabled(usable)
        self.undo_button.setEnabled(usable and self._can_undo())
        self.filter_edit.setReadOnly(self.session is None)

    def _show_guests(self, guests: int) -> None:
        self.guests.blockSignals(True)
        self.guests.setValue(guests)
        self.guests.blockSignals(False)
        self._show_counts()

    def _show_counts(self) -> None:
        self.counts.setText(counts_text(self.people.rows, self.guests.value()))

    def _refilter(self, _text: str = "") -> None:
        rows = self.people.matching(self.filter_edit.text())
        self.model.set_rows(rows)
        self._select(CheckInList.first_to_mark(rows) if self.filter_edit.text().strip() else -1)
        self._show_counts()

    def _select(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            self.table.selectionModel().clearCurrentIndex()
            self.table.clearSelection()
            self.selection_changed.emit()
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def _select_member(self, member_id: int) -> None:
        found = self.model.find(lambda r: isinstance(r, CheckInRow) and r.member.id == member_id)
        if found >= 0:
            self._select(found)

    def _show_row(self, row: CheckInRow) -> None:
        found = self.model.find(
            lambda r: isinstance(r, CheckInRow) and r.member.id == row.member.id
        )
        if found >= 0:
            self.model.replace(found, row)
        self._show_counts()

    def _privacy_changed(self, _on: bool) -> None:
        self.model.redraw()
        self.feedback.clear()  # it may name someone in full

    def _typed_on_list(self, text: str) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.insert(text)

    # -- keys ---------------------------------------------------------------------------
    def do(self, action: KeyAction) -> None:
        """A check-in key (or its button)."""
        moves = {KeyAction.UP: -1, KeyAction.DOWN: 1}
        page = max(self.table.viewport().height() // max(self.table.rowHeight(0), 1), 1)
        moves |= {KeyAction.PAGE_UP: -page, KeyAction.PAGE_DOWN: page}
        if action in moves:
            current = self.table.currentIndex().row()
            target = current + moves[action] if current >= 0 else 0
            self._select(min(max(target, 0), self.model.rowCount() - 1))
        elif action == KeyAction.CLEAR_FILTER:
            self.filter_edit.clear()
        elif action == KeyAction.UNDO:
            self.undo()
        elif action == KeyAction.EDIT:
            self.edit_mark()
        else:
            self._mark_selected(action)

    def _mark_selected(self, action: KeyAction) -> None:
        row = self.selected()
        if row is None or self.session is None:
            return
        if self.session.cancelled:
            self.feedback.setText(_tr("This session was cancelled: restore it to take attendance."))
            return
        if isinstance(row, NewcomerRow):
            if action not in (KeyAction.PRESENT, KeyAction.LATE):
                return
            if self._newcomer_asked != row.name:  # a typo must not become a member
                self._newcomer_asked = row.name
                self.feedback.setText(
                    _tr(
                        "Nobody on the list is called that. Press Enter again to add "
                        "\N{LEFT DOUBLE QUOTATION MARK}%1\N{RIGHT DOUBLE QUOTATION MARK} "
                        "to the group as a newcomer."
                    ).replace("%1", row.name.strip())
                )
                return
            self.add_newcomer(row, late=action == KeyAction.LATE)
            return
        member = row.member
        if action == KeyAction.PRESENT and row.status == AttendanceStatus.PRESENT:
            self._say(_tr("%1 is already marked present."), member)
        elif action == KeyAction.CLEAR and row.status is None:
            self._say(_tr("%1 has no mark to clear."), member)
        elif action == KeyAction.LATE and not self.on_now():
            self._ask_mark(row, AttendanceStatus.LATE, self._late_time(row), late_after=True)
            return
        else:
            self._send_mark(member, action)
        self._next_person(member.id)

    # -- arrival times and the mark editor -----------------------------------------------
    def on_now(self) -> bool:
        """Is the session shown happening now (the services' clock when it was read, plus
        the time since)?  Only then is the clock a person's arrival time."""
        if self.session is None or self._read_at is None:
            return False
        read, at = self._read_at
        return on_now(self.session, read + dt.timedelta(seconds=time.monotonic() - at))

    def _late_time(self, row: CheckInRow) -> dt.time | None:
        if row.status == AttendanceStatus.LATE and row.arrived_at is not None:
            return row.arrived_at
        assert self.session is not None
        return suggested_arrival(self.session, AttendanceStatus.LATE)

    def _double_clicked(self) -> None:
        """Unmarked: present.  Marked: the mark editor, never a silent "Present"."""
        row = self.selected()
        if isinstance(row, CheckInRow) and row.status is not None:
            self.edit_mark()
        else:
            self.do(KeyAction.PRESENT)

    def edit_mark(self) -> None:
        """F2 / "Change…": the selected person's mark and arrival time."""
        row = self.selected()
        if not isinstance(row, CheckInRow) or self.session is None or self.session.cancelled:
            return
        status = row.status
        arrived = row.arrived_at
        if status is not None and status.attended and arrived is None:
            arrived = suggested_arrival(self.session, status)
        self._ask_mark(row, status, arrived)

    def _ask_mark(
        self,
        row: CheckInRow,
        status: AttendanceStatus | None,
        arrived: dt.time | None,
        *,
        late_after: bool = False,
    ) -> None:
        why = (
            _tr(
                "This session is not on now, so the clock is not their arrival time. "
                "Type the time they arrived, or leave it empty."
            )
            if late_after
            else ""
        )
        dialog = MarkDialog(self.privacy.member(row.member), status, arrived, self, why=why)
        member = row.member
        # The privacy screen switched while it is open: the name follows (review 16).
        self.privacy.follow(dialog, lambda: dialog.who.setText(self.privacy.member(member)))
        dialog.accepted.connect(lambda: self._mark_chosen(member, *dialog.mark()))
        dialog.finished.connect(lambda _result: self._mark_dialog_closed(dialog))
        self.mark_dialog = dialog
        dialog.open()

    def _mark_dialog_closed(self, dialog: MarkDialog) -> None:
        if self.mark_dialog is dialog:
            self.mark_dialog = None
        dialog.deleteLater()
        self.filter_edit.setFocus()

    def _mark_chosen(
        self, member: MemberRecord, status: AttendanceStatus | None, arrived: dt.time | None
    ) -> None:
        if self.session is None or self.session.id is None:
            return
        row = self.people.row_of(member.id)
        if row is not None and (row.status, row.arrived_at) == (status, arrived):
            return  # nothing changed: no undo step
        session_id, member_id = self.session.id, member.id
        self._send(
            lambda s: s.attendance.set_mark(session_id, member_id, status, arrived),
            self._marked,
            step=1,
        )
        self._next_person(member.id)

    def _next_person(self, member_id: int) -> None:
        """Ready for the next arrival: the filter empty, the person just marked selected."""
        self.filter_edit.clear()
        self._select_member(member_id)

    def _send_mark(self, member: MemberRecord, action: KeyAction) -> None:
        assert self.session is not None and self.session.id is not None
        session_id, member_id = self.session.id, member.id

        def job(s: Services) -> AttendanceChange:
            if action == KeyAction.CLEAR:
                return s.attendance.clear(session_id, member_id)
            if action == KeyAction.EXCUSED:
                return s.attendance.mark(session_id, member_id, AttendanceStatus.EXCUSED)
            return s.attendance.check_in(session_id, member_id, late=action == KeyAction.LATE)

        self._send(job, self._marked, step=1)

    def _marked(self, change: AttendanceChange) -> None:
        if self.session is None or change.session_id != self.session.id:
            return
        row = self.people.apply(change)
        if row is not None:
            self._show_row(row)
            said = _tr("%1: %2").replace("%2", _said(row))
            if row.status == AttendanceStatus.LATE:
                said += " " + _tr("(F2 to change the time)")
            self._say(said, row.member)

    # -- newcomers, everyone else, undo ---------------------------------------------------
    def _forget_newcomer_question(self) -> None:
        self._newcomer_asked = None

    def add_newcomer(self, row: NewcomerRow, *, late: bool = False) -> None:
        assert self.session is not None and self.session.id is not None
        session_id, draft = self.session.id, row.draft()
        self.filter_edit.clear()
        self._send(
            lambda s: s.attendance.add_newcomer(session_id, draft, late=late),
            self._newcomer_added,
            step=1,
        )

    def _newcomer_added(self, result: tuple[MemberRecord, AttendanceChange]) -> None:
        member, change = result
        if self.session is None or change.session_id != self.session.id:
            return
        after = change.after
        row = CheckInRow(
            member, after.status if after else None, after.arrived_at if after else None
        )
        self.people.add(row)
        self._refilter()
        self._select_member(member.id)
        self._say(_tr("%1 joined the group and is marked present."), member)

    def mark_rest(self, status: AttendanceStatus) -> None:
        """Everyone on the list without a mark: absent (or excused).  One undo step."""
        if self.session is None or self.session.id is None or self.session.cancelled:
            return
        session_id = self.session.id
        self._send(lambda s: s.attendance.mark_rest(session_id, status), self._rest_marked, step=1)

    def _rest_marked(self, changes: list[AttendanceChange]) -> None:
        self._apply_all(changes)  # nobody left: no step (the service's count says so)
        self.feedback.setText(
            QCoreApplication.translate("CheckIn", "%n more marked.", None, len(changes))
        )

    def undo(self) -> None:
        if self.session is None or self.session.id is None or not self._can_undo():
            self.feedback.setText(_tr("Nothing to undo."))
            return
        session_id = self.session.id
        self._send(lambda s: s.attendance.undo_last_step(session_id), self._undone, step=-1)

    def _undone(self, step: UndoneStep) -> None:
        changes = list(step.changes)
        self._apply_all(changes)
        if step.guests is not None:
            self._show_guests(step.guests)
        gone = [row for i in step.removed if (row := self.people.row_of(i)) is not None]
        kept = [row for i in step.kept if (row := self.people.row_of(i)) is not None]
        for row in gone:
            self.people.remove(row.member.id)
        if gone:
            self._refilter()
        if len(gone) == 1 and len(changes) == 1:
            self._say(_tr("Undone: %1 is no longer on the group's list."), gone[0].member)
        elif len(kept) == 1 and len(changes) == 1:
            self._say(
                _tr(
                    "Undone: %1's mark is cleared. They stay on the group's list: "
                    "something else was recorded about them since."
                ),
                kept[0].member,
            )
        elif len(changes) == 1 and (row := self.people.row_of(changes[0].member_id)) is not None:
            self._say(_tr("Undone: %1 is back to “%2”.").replace("%2", _said(row)), row.member)
        elif kept:
            self.feedback.setText(
                translate(
                    "CheckIn",
                    "Undone. Newcomers kept on the group's list, as something else was "
                    "recorded about them since: %n.",
                    len(kept),
                )
            )
        else:
            self.feedback.setText(_tr("Undone."))

    def _apply_all(self, changes: list[AttendanceChange]) -> None:
        if self.session is None or any(c.session_id != self.session.id for c in changes):
            return
        for change in changes:
            row = self.people.apply(change)
            if row is not None:
                self._show_row(row)

    # -- the paper sheet, after the fact --------------------------------------------------
    def enter_paper_sheet(
        self, marks: list[PaperMark], newcomers: list[PaperNewcomer], guests: int | None
    ) -> None:
        """Save a paper sheet typed in (one transaction, one undo step)."""
        if self.session is None or self.session.id is None or self.session.cancelled:
            return
        if not marks and not newcomers and guests is None:
            self.feedback.setText(_tr("Nothing changed on the sheet."))
            return
        session_id = self.session.id
        self._send(
            lambda s: s.attendance.enter_paper_sheet(session_id, marks, newcomers, guests),
            lambda answer: self._paper_entered(*answer, guests=guests),
            step=1,
        )

    def _paper_entered(
        self,
        changes: list[AttendanceChange],
        created: list[MemberRecord],
        *,
        guests: int | None,
    ) -> None:
        if self.session is None or any(c.session_id != self.session.id for c in changes):
            return
        for member in created:
            self.people.add(CheckInRow(member))
        self._apply_all(changes)
        if guests is not None:
            self._show_guests(guests)
        self._refilter()
        self.feedback.setText(
            translate(
                "CheckIn",
                "Paper sheet entered: %n mark(s) changed. Ctrl+Z undoes it all.",
                len(changes),
            )
        )

    # -- guests -------------------------------------------------------------------------
    def _guests_changed(self, guests: int) -> None:
        if self.session is None or self.session.id is None:
            return
        session_id = self.session.id
        self._show_counts()
        self._call(lambda s: s.schedule.set_guest_count(session_id, guests), self._guests_saved)

    def _guests_saved(self, session: SessionRecord) -> None:
        if self.session is not None and session.id == self.session.id:
            self.session = session

    # -- plumbing -----------------------------------------------------------------------
    def _can_undo(self) -> bool:
        return self._undo_known + self._undo_sent > 0

    def _show_undo(self) -> None:
        self.undo_button.setEnabled(self.session is not None and self._can_undo())

    def _send(
        self, job: Callable[[Services], T], done: Callable[[T], object], *, step: int
    ) -> None:
        """A mark (``step`` 1) or an undo (-1) for the session shown.  Its answer brings
        the service's count of undo steps there, which the Undo button then shows."""
        assert self.session is not None and self.session.id is not None
        session_id = self.session.id
        self._undo_sent += step
        self._show_undo()

        def answered(answer: tuple[T, int]) -> None:
            result, steps = answer
            self._settle_undo(session_id, step, steps)
            done(result)

        def failed(exc: UserFacingError) -> None:
            self._settle_undo(session_id, step, None)  # nothing was added (or taken back)
            self._say_failed(exc)

        self.backend.call(
            lambda s: (job(s), s.attendance.undo_steps(session_id)),
            answered,
            context=self,
            failed=failed,
        )

    def _settle_undo(self, session_id: int, step: int, steps: int | None) -> None:
        """A step sent for ``session_id`` was answered (``steps``: the service's count
        after it; None: it failed)."""
        if self.session is None or self.session.id != session_id:
            return  # another session is shown now: its count came with it
        self._undo_sent -= step
        if steps is not None:
            self._undo_known = steps
        self._show_undo()

    def _call(self, job: Callable[[Services], object], done: Callable[..., object]) -> None:
        self.backend.call(job, done, context=self, failed=self._say_failed)

    def _say_failed(self, exc: UserFacingError) -> None:
        self.feedback.setText(_tr("Not saved: %1").replace("%1", exc.message))

    def _say(self, text: str, member: MemberRecord) -> None:
        self.feedback.setText(text.replace("%1", self.privacy.member(member)))


def _said(row: CheckInRow) -> str:
    return _tr("not marked") if row.status is None else status_text(row)
