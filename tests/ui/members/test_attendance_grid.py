"""The attendance grid: strips per group, the summary in words, reading cells by keyboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator.domain import AttendanceStatus, HistoryEntry
from facilitator.ui.members.attendance_grid import (
    KINDS,
    WINDOW,
    AttendanceGrid,
    cell_text,
    kind_letter,
    kind_of,
    strip_summary,
    strips,
    summary_text,
)

P, L, E, A = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.ABSENT,
)
FIRST = dt.date(2026, 9, 1)  # a Tuesday


def _entries(
    marks: Sequence[AttendanceStatus | str | None], group_id: int = 1, name: str = "Tuesday Circle"
) -> list[HistoryEntry]:
    """Weekly sessions from FIRST, oldest first in ``marks``; returned newest first like the
    service.  "x" is a cancelled session."""
    made = [
        HistoryEntry(
            session_id=group_id * 1000 + i,
            group_id=group_id,
            group_name=name,
            date=FIRST + dt.timedelta(weeks=i),
            cancelled=mark == "x",
            status=None if mark in (None, "x") else AttendanceStatus(str(mark)),
        )
        for i, mark in enumerate(marks)
    ]
    return list(reversed(made))


def test_the_summary_counts_what_the_cells_show() -> None:
    history = _entries([P, P, L, A, E, None, "x", P, P, A, P, P])
    (strip,) = strips(history)
    assert [kind_of(e) for e in strip.entries][:3] == ["present", "present", "late"]
    assert strip.entries[0].date == FIRST  # oldest on the left
    # 11 held (one cancelled); came: 6 present + 1 late
    assert strip_summary(strip) == (
        "came to 7 of the last 11 sessions (1 late, 1 excused, 1 not marked)"
    )
    assert summary_text(history) == (
        "Tuesday Circle: came to 7 of the last 11 sessions (1 late, 1 excused, 1 not marked)."
    )


def test_one_strip_per_group_most_recent_first_and_only_the_last_window() -> None:
    old = _entries([P] * 3, group_id=2, name="Old Group")
    many = _entries([A] * 10 + [P] * WINDOW, group_id=1)  # 36 sessions, the last 26 all present
    history = sorted(many + old, key=lambda e: e.date, reverse=True)
    found = strips(history)
    assert [s.group_name for s in found] == ["Tuesday Circle", "Old Group"]
    assert len(found[0].entries) == WINDOW
    assert summary_text(history) == (
        f"Tuesday Circle: came to {WINDOW} of the last {WINDOW} sessions. "
        "Old Group: came to 3 of the last 3 sessions."
    )


def test_no_history_says_so_and_a_single_session_reads_well() -> None:
    assert summary_text([]) == "No attendance recorded yet."
    (strip,) = strips(_entries([A]))
    assert strip_summary(strip) == "came to 0 of the last 1 session"
    (cancelled,) = strips(_entries(["x"]))
    assert strip_summary(cancelled) == "no sessions held yet"


def test_every_kind_is_told_apart_without_colour() -> None:
    letters = [kind_letter(k) for k in KINDS]
    shown = [letter for letter in letters if letter]
    assert len(set(shown)) == len(shown)  # distinct letters (cancelled is struck through)
    assert letters[KINDS.index("cancelled")] == ""


def test_the_widget_reads_out_its_summary_and_each_cell(qtbot: QtBot) -> None:
    grid = AttendanceGrid()
    qtbot.addWidget(grid)
    history = _entries([P, L, A, None])
    grid.set_history(history)
    grid.resize(grid.sizeHint())
    grid.show()
    assert grid.accessibleName() == "Attendance history"
    assert grid.accessibleDescription() == summary_text(history)
    assert not grid.grab().isNull()  # painting every kind does not fail

    opened: list[HistoryEntry] = []
    grid.open_session.connect(opened.append)
    grid.setFocus()
    qtbot.waitUntil(grid.hasFocus)
    newest = history[0]
    assert grid.current_entry() == newest  # the cursor starts on the newest session
    assert grid.accessibleDescription() == cell_text(newest)
    assert "Not marked" in cell_text(newest)
    qtbot.keyClick(grid, Qt.Key.Key_Left)
    assert grid.current_entry() == history[1]
    assert cell_text(history[1]) == "Tue 15 Sep 2026 \N{EM DASH} Tuesday Circle: Absent"
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert opened == [history[1]]


def test_a_cell_under_the_mouse_is_found(qtbot: QtBot) -> None:
    grid = AttendanceGrid()
    qtbot.addWidget(grid)
    history = _entries([P, E, A])
    grid.set_history(history)
    grid.resize(grid.sizeHint())
    grid.show()
    rect = grid.cell_rect(0, 1)
    assert grid.cell_at(rect.center()) == (0, 1)
    opened: list[HistoryEntry] = []
    grid.open_session.connect(opened.append)
    qtbot.mouseDClick(grid, Qt.MouseButton.LeftButton, pos=rect.center())
    assert [kind_of(e) for e in opened] == ["excused"]
