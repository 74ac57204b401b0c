"""The check-in keys and the list's matching, without a vault."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QTableView, QWidget
from pytestqt.qtbot import QtBot

from facilitator.domain import (
    AttendanceChange,
    AttendanceRecord,
    AttendanceStatus,
    CheckInRow,
    MemberRecord,
)
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.session.checkin_keys import CheckInKeys, KeyAction, key_action
from facilitator.ui.session.checkin_model import (
    CheckInList,
    NewcomerRow,
    counts_text,
    name_text,
    status_text,
)

NONE = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
KEYPAD = Qt.KeyboardModifier.KeypadModifier


@pytest.mark.parametrize(
    ("key", "modifiers", "action"),
    [
        (Qt.Key.Key_Return, NONE, KeyAction.PRESENT),
        (Qt.Key.Key_Enter, KEYPAD, KeyAction.PRESENT),  # the number pad's Enter
        (Qt.Key.Key_Return, SHIFT, KeyAction.LATE),
        (Qt.Key.Key_Enter, SHIFT | KEYPAD, KeyAction.LATE),
        (Qt.Key.Key_E, CTRL, KeyAction.EXCUSED),
        (Qt.Key.Key_Backspace, CTRL, KeyAction.CLEAR),
        (Qt.Key.Key_Z, CTRL, KeyAction.UNDO),
        (Qt.Key.Key_Up, NONE, KeyAction.UP),
        (Qt.Key.Key_Down, NONE, KeyAction.DOWN),
        (Qt.Key.Key_PageDown, NONE, KeyAction.PAGE_DOWN),
        (Qt.Key.Key_Escape, NONE, KeyAction.CLEAR_FILTER),
        # ordinary typing stays ordinary
        (Qt.Key.Key_E, NONE, None),
        (Qt.Key.Key_E, SHIFT, None),
        (Qt.Key.Key_Backspace, NONE, None),
        (Qt.Key.Key_Z, CTRL | SHIFT, None),
        (Qt.Key.Key_Return, CTRL, None),
        (Qt.Key.Key_Left, NONE, None),
    ],
)
def test_key_action(key: Qt.Key, modifiers: Qt.KeyboardModifier, action: KeyAction | None) -> None:
    assert key_action(key, modifiers) == action


class Wired:
    """A filter box and a list sharing one :class:`CheckInKeys`, and what it emitted."""

    def __init__(self, qtbot: QtBot) -> None:
        self.box, self.table = QLineEdit(), QTableView()
        qtbot.addWidget(self.box)
        qtbot.addWidget(self.table)
        self.keys = CheckInKeys(self.box, self.box)
        self.actions: list[object] = []
        self.typed: list[str] = []
        self.keys.action.connect(self.actions.append)
        self.keys.typed.connect(self.typed.append)

    def press(
        self, widget: QWidget, key: Qt.Key, mods: Qt.KeyboardModifier, text: str = ""
    ) -> bool:
        """A key press through the event filter; True if it took the key."""
        return self.keys.eventFilter(widget, QKeyEvent(QEvent.Type.KeyPress, key, mods, text))


@pytest.fixture
def wired(qtbot: QtBot) -> Wired:
    return Wired(qtbot)


def test_in_the_filter_arrows_and_marks_are_taken(wired: Wired) -> None:
    assert wired.press(wired.box, Qt.Key.Key_Down, NONE)
    assert wired.press(wired.box, Qt.Key.Key_Return, SHIFT)
    assert not wired.press(wired.box, Qt.Key.Key_S, NONE, "s")  # typing goes into the box
    assert wired.actions == [KeyAction.DOWN, KeyAction.LATE]
    assert wired.typed == []


def test_on_the_list_arrows_move_it_and_letters_go_to_the_filter(wired: Wired) -> None:
    assert not wired.press(wired.table, Qt.Key.Key_Down, NONE)  # the table moves itself
    assert wired.press(wired.table, Qt.Key.Key_Return, NONE)
    assert wired.press(wired.table, Qt.Key.Key_S, SHIFT, "S")
    assert not wired.press(wired.table, Qt.Key.Key_C, CTRL, "\x03")  # Ctrl+C is not typing
    assert not wired.press(wired.table, Qt.Key.Key_Space, NONE, " ")
    assert wired.actions == [KeyAction.PRESENT]
    assert wired.typed == ["S"]


def test_the_shortcuts_are_not_stolen_by_the_window(wired: Wired) -> None:
    override = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_Z, CTRL)
    assert wired.keys.eventFilter(wired.box, override) and override.isAccepted()
    plain = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_L, CTRL)
    plain.ignore()
    assert not wired.keys.eventFilter(wired.box, plain)  # Ctrl+L still locks
    assert not plain.isAccepted()
    assert wired.actions == []  # an override only reserves the key


# -- the list -------------------------------------------------------------------------
def _row(
    first: str,
    last: str = "",
    *,
    preferred: str = "",
    status: AttendanceStatus | None = None,
    member_id: int = 0,
) -> CheckInRow:
    member = MemberRecord(
        id=member_id or abs(hash((first, last))) % 10_000,
        first_name=first,
        last_name=last,
        preferred_name=preferred,
    )
    return CheckInRow(member, status)


def _names(rows: list[object]) -> list[str]:
    return [r.member.first_name if isinstance(r, CheckInRow) else f"+{r.name}" for r in rows]  # type: ignore[attr-defined]


PEOPLE = CheckInList(
    [
        _row("Samira", "Tahir"),
        _row("Sam", "Okafor"),
        _row("Zoë", "Martin"),
        _row("Robert", "Lisa", preferred="Bobby"),
        _row("Lisa", "Chan"),
    ]
)


def test_names_starting_with_the_letters_come_first_accents_ignored() -> None:
    assert _names(PEOPLE.matching("")) == ["Samira", "Sam", "Zoë", "Robert", "Lisa"]
    assert _names(PEOPLE.matching("sa")) == ["Samira", "Sam", "+sa"]
    assert _names(PEOPLE.matching("ZOE")) == ["Zoë", "+ZOE"]
    assert _names(PEOPLE.matching("bob")) == ["Robert", "+bob"]  # the preferred name
    assert _names(PEOPLE.matching("lisa")) == ["Robert", "Lisa", "+lisa"]  # last name too
    assert _names(PEOPLE.matching("sam ok")) == ["Sam", "+sam ok"]


def test_inside_matches_only_when_no_name_starts_so_and_then_the_newcomer() -> None:
    assert _names(PEOPLE.matching("mira")) == ["Samira", "+mira"]
    assert PEOPLE.matching("  Priya   Nair ") == [NewcomerRow("Priya Nair")]


def test_the_first_person_not_yet_checked_in_is_selected() -> None:
    rows = [
        _row("Sam", status=AttendanceStatus.PRESENT),
        _row("Samira", status=AttendanceStatus.EXCUSED),
        _row("Samuel"),
    ]
    assert CheckInList.first_to_mark(rows) == 1  # excused may still turn up
    assert CheckInList.first_to_mark(rows[:1]) == 0
    assert CheckInList.first_to_mark([NewcomerRow("x")]) == 0
    assert CheckInList.first_to_mark([]) == -1


def test_a_newcomer_needs_only_a_first_name() -> None:
    assert NewcomerRow("Priya").draft().first_name == "Priya"
    assert NewcomerRow("Priya").draft().last_name == ""
    draft = NewcomerRow("Mary Jane Watson").draft()
    assert (draft.first_name, draft.last_name) == ("Mary", "Jane Watson")


def test_marks_come_back_into_the_list() -> None:
    people = CheckInList([_row("Sam", member_id=7)])
    after = AttendanceRecord(1, 7, AttendanceStatus.LATE, dt.time(18, 45))
    row = people.apply(AttendanceChange(1, 7, None, after))
    assert row is not None and row.status == AttendanceStatus.LATE
    assert people.apply(AttendanceChange(1, 7, after, None)) == _row("Sam", member_id=7)
    assert people.apply(AttendanceChange(1, 99, None, after)) is None


def test_words_for_marks_never_colour_alone() -> None:
    assert status_text(_row("A")).endswith("not marked")
    assert status_text(_row("A", status=AttendanceStatus.PRESENT)) == "Present"
    assert status_text(_row("A", status=AttendanceStatus.EXCUSED)) == "Excused"
    assert status_text(_row("A", status=AttendanceStatus.ABSENT)) == "Absent"
    late = CheckInRow(_row("A").member, AttendanceStatus.LATE, dt.time(18, 45))
    assert status_text(late).startswith("Late, arrived ")
    assert "45" in status_text(late)


def test_counts_and_names_with_the_privacy_screen() -> None:
    rows = [
        _row("A", status=AttendanceStatus.PRESENT),
        _row("B", status=AttendanceStatus.LATE),
        _row("C", status=AttendanceStatus.PRESENT),
    ]
    assert counts_text(rows, 1) == "2 present · 1 late · 1 guest"
    assert counts_text([], 0) == "0 present · 0 late · 0 guests"
    samira = _row("Samira", "Tahir")
    assert name_text(samira, Privacy()) == "Samira Tahir"
    assert name_text(samira, Privacy(on=True)) == "Samira T."
    assert name_text(NewcomerRow("Priya"), Privacy()) == "Add “Priya” as a newcomer"
