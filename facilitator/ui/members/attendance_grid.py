"""A person's attendance at a glance: one strip of the last sessions per group.

Each session is a small cell, oldest on the left, newest on the right.  What it
shows is told by its shape *and* a letter, never by colour alone (the colours
come from the palette, so they follow light and dark themes):

- present: a filled square, "P";      - late: a filled circle, "L";
- excused: a dotted square, "E";      - absent: an outlined square, "A";
- not marked: a dash;                 - cancelled: a struck-through cell.

Hovering (or moving the keyboard cursor over) a cell tells its date, group and
mark; Enter or a double-click asks to open that session (:attr:`AttendanceGrid.
open_session`).  :func:`summary_text` says the same in words ("came to 9 of the
last 12 sessions"), for the label under the grid and for screen readers.

A group's name is never cut short: names that fit a narrow column stand left of
their strips; when one does not (say "Winter Wellbeing Course"), every name stands on
its own line above its strip (:meth:`AttendanceGrid.stacked`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QEvent,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from facilitator.domain import AttendanceStatus, HistoryEntry
from facilitator.ui.kit.dates import weekday_date_text
from facilitator.ui.kit.translate import translate
from facilitator.ui.kit.widgets import secondary_text_colour

WINDOW = 26  # sessions shown per group
KINDS = ("present", "late", "excused", "absent", "unmarked", "cancelled")


def _tr(text: str, n: int = -1) -> str:
    return translate("AttendanceGrid", text, n)


def kind_of(entry: HistoryEntry) -> str:
    """One of :data:`KINDS`."""
    if entry.cancelled:
        return "cancelled"
    if entry.status is None:
        return "unmarked"
    return {
        AttendanceStatus.PRESENT: "present",
        AttendanceStatus.LATE: "late",
        AttendanceStatus.EXCUSED: "excused",
        AttendanceStatus.ABSENT: "absent",
    }[entry.status]


def kind_text(kind: str) -> str:
    return {
        "present": _tr("Present"),
        "late": _tr("Late"),
        "excused": _tr("Excused"),
        "absent": _tr("Absent"),
        "unmarked": _tr("Not marked"),
        "cancelled": _tr("Cancelled"),
    }[kind]


def kind_letter(kind: str) -> str:
    # Translators: one-letter marks drawn in the attendance grid's cells.
    return {
        "present": _tr("P"),
        "late": _tr("L"),
        "excused": _tr("E"),
        "absent": _tr("A"),
        "unmarked": "\N{EN DASH}",
        "cancelled": "",
    }[kind]


def cell_text(entry: HistoryEntry) -> str:
    """What one cell says: "Tue 17 Nov 2026 — Tuesday Circle: Present"."""
    day = weekday_date_text(entry.date)
    return f"{day} \N{EM DASH} {entry.group_name}: {kind_text(kind_of(entry))}"


@dataclass(frozen=True, slots=True)
class Strip:
    """One group's last sessions for this person, oldest first."""

    group_id: int
    group_name: str
    entries: tuple[HistoryEntry, ...]


def strips(history: Sequence[HistoryEntry], window: int = WINDOW) -> list[Strip]:
    """The history (newest first, as the service gives it) as one strip per group; the
    group met most recently comes first."""
    by_group: dict[int, list[HistoryEntry]] = {}
    for entry in history:
        kept = by_group.setdefault(entry.group_id, [])
        if len(kept) < window:
            kept.append(entry)
    return [
        Strip(group_id, kept[0].group_name, tuple(reversed(kept)))
        for group_id, kept in by_group.items()
    ]


def strip_summary(strip: Strip) -> str:
    """ "came to 9 of the last 12 sessions (1 late, 2 excused)"; cancelled ones not counted."""
    held = [e for e in strip.entries if not e.cancelled]
    if not held:
        return _tr("no sessions held yet")
    came = sum(1 for e in held if e.status is not None and e.status.attended)
    text = _tr("came to %1 of the last %n session(s)", len(held)).replace("%1", str(came))
    counts = {kind: sum(1 for e in held if kind_of(e) == kind) for kind in KINDS}
    extras = [
        words
        for words, count in (
            (_tr("%n late", counts["late"]), counts["late"]),
            (_tr("%n excused", counts["excused"]), counts["excused"]),
            (_tr("%n not marked", counts["unmarked"]), counts["unmarked"]),
        )
        if count
    ]
    return text + (f" ({', '.join(extras)})" if extras else "")


def summary_text(history: Sequence[HistoryEntry], window: int = WINDOW) -> str:
    """The whole grid in words: one sentence per group."""
    found = strips(history, window)
    if not found:
        return _tr("No attendance recorded yet.")
    return " ".join(f"{s.group_name}: {strip_summary(s)}." for s in found)


class AttendanceGrid(QWidget):
    """The painted strips; keyboard and mouse both reach every cell."""

    open_session = Signal(object)  # the HistoryEntry of the cell opened

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strips: list[Strip] = []
        self._cursor: tuple[int, int] | None = None  # (strip, entry)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_tr("Attendance history"))
        self.setAccessibleDescription(summary_text(()))

    # -- data -----------------------------------------------------------------------
    def set_history(self, history: Sequence[HistoryEntry]) -> None:
        self._strips = strips(history)
        self._cursor = None
        self.setAccessibleDescription(summary_text(history))
        self.updateGeometry()
        self.update()

    def current_entry(self) -> HistoryEntry | None:
        if self._cursor is None:
            return None
        row, column = self._cursor
        return self._strips[row].entries[column]

    # -- geometry -------------------------------------------------------------------
    def _largest_cell(self) -> int:
        return self.fontMetrics().height() + 4

    def _cell(self) -> int:
        """A cell's side: as large as fits all :data:`WINDOW` cells, from the text's height
        (the letter must fit) to a little more."""
        room = (self.width() - self._gap() - self._name_width()) // WINDOW - self._gap()
        return max(self.fontMetrics().height(), min(self._largest_cell(), room))

    def _gap(self) -> int:
        return max(self.fontMetrics().height() // 8, 2)

    def _widest_name(self) -> int:
        metrics = self.fontMetrics()
        return max((metrics.horizontalAdvance(s.group_name) for s in self._strips), default=0)

    def stacked(self) -> bool:
        """Whether the names stand above their strips: one is too long for the column
        left of them (decided by the names alone, so the height does not follow the width)."""
        return self._widest_name() > self.fontMetrics().averageCharWidth() * 16

    def _name_width(self) -> int:
        """The column left of the strips (none when the names stand above them)."""
        if self.stacked():
            return 0
        return self._widest_name() + self.fontMetrics().height() // 2

    def _name_line(self) -> int:
        """The height of a name's own line above its strip (none when beside it)."""
        return self.fontMetrics().height() if self.stacked() else 0

    def _row_top(self, row: int, cell: int) -> int:
        return row * (self._name_line() + cell + self._gap())

    def name_rect(self, row: int) -> QRect:
        """Where a strip's group name is written."""
        cell = self._cell()
        top = self._row_top(row, cell)
        if self.stacked():
            return QRect(0, top, self.width(), self._name_line())
        return QRect(0, top, self._name_width() - self._gap(), cell)

    def _legend_height(self) -> int:
        return self._largest_cell() + self._gap() * 2

    def sizeHint(self) -> QSize:
        cell, gap = self._largest_cell(), self._gap()
        rows = max(len(self._strips), 1)
        width = self._name_width() + WINDOW * (cell + gap)
        legend = self._legend_width()
        return QSize(max(width, legend), self._row_top(rows, cell) + self._legend_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(
            max(
                self._name_width() + 8 * (self._largest_cell() + self._gap()), self._legend_width()
            ),
            self.sizeHint().height(),
        )

    def _legend_width(self) -> int:
        metrics, cell = self.fontMetrics(), self._largest_cell()
        step = cell + cell // 3 + cell * 2 // 3
        return sum(step + metrics.horizontalAdvance(kind_text(k)) for k in KINDS)

    def cell_rect(self, row: int, column: int) -> QRect:
        """Where a cell is drawn: strips are right-aligned so the newest line up."""
        cell, gap = self._cell(), self._gap()
        count = len(self._strips[row].entries)
        right = self.width() - gap
        x = right - (count - column) * (cell + gap)
        return QRect(x, self._row_top(row, cell) + self._name_line(), cell, cell)

    def cell_at(self, point: QPoint) -> tuple[int, int] | None:
        for row, strip in enumerate(self._strips):
            for column in range(len(strip.entries)):
                rect = self.cell_rect(row, column)
                if rect.left() >= self._name_width() and rect.contains(point):
                    return row, column
        return None

    # -- painting ---------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        cell, gap = self._cell(), self._gap()
        if not self._strips:
            painter.setPen(secondary_text_colour(palette))  # 4.5:1, not the placeholder's 3.9
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignLeft, summary_text(()))
            return
        metrics = self.fontMetrics()
        names = self._name_width()
        for row, strip in enumerate(self._strips):
            name_rect = self.name_rect(row)
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            name = metrics.elidedText(
                strip.group_name, Qt.TextElideMode.ElideRight, name_rect.width()
            )
            painter.drawText(
                name_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name
            )
            for column, entry in enumerate(strip.entries):
                rect = self.cell_rect(row, column)
                if rect.left() < names:
                    continue  # too narrow: the oldest cells give way
                self._paint_cell(painter, rect, kind_of(entry))
                if self._cursor == (row, column) and self.hasFocus():
                    pen = QPen(palette.color(QPalette.ColorRole.Highlight), 2)
                    painter.setPen(pen)
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRect(
                        rect.adjusted(-gap // 2 - 1, -gap // 2 - 1, gap // 2, gap // 2)
                    )
        self._paint_legend(painter, self._row_top(len(self._strips), cell) + gap)

    def _paint_legend(self, painter: QPainter, top: int) -> None:
        cell = self._largest_cell()
        x = 0
        metrics = self.fontMetrics()
        for kind in KINDS:
            self._paint_cell(painter, QRect(x, top, cell, cell), kind)
            x += cell + cell // 3
            text = kind_text(kind)
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            painter.drawText(
                QRect(x, top, metrics.horizontalAdvance(text) + 2, cell),
                Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            x += metrics.horizontalAdvance(text) + cell * 2 // 3

    def _paint_cell(self, painter: QPainter, rect: QRect, kind: str) -> None:
        palette = self.palette()
        strong = palette.color(QPalette.ColorRole.Highlight)
        on_strong = palette.color(QPalette.ColorRole.HighlightedText)
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = secondary_text_colour(palette)  # letters are text: 4.5:1 (issue 16 defect 16)
        box = rect.adjusted(1, 1, -1, -1)
        letter_colour = text
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if kind == "present":
            painter.setPen(QPen(strong, 1))
            painter.setBrush(QBrush(strong))
            painter.drawRoundedRect(box, 2, 2)
            letter_colour = on_strong
        elif kind == "late":
            painter.setPen(QPen(strong, 1))
            painter.setBrush(QBrush(strong))
            painter.drawEllipse(box)
            letter_colour = on_strong
        elif kind == "excused":
            painter.setPen(QPen(text, 1, Qt.PenStyle.DotLine))
            painter.drawRoundedRect(box, 2, 2)
        elif kind == "absent":
            painter.setPen(QPen(text, 1.5))
            painter.drawRoundedRect(box, 2, 2)
        elif kind == "unmarked":
            letter_colour = muted
        else:  # cancelled
            painter.setPen(QPen(muted, 1.5))
            painter.drawLine(box.bottomLeft(), box.topRight())
            painter.drawLine(box.topLeft(), box.bottomRight())
        letter = kind_letter(kind)
        if letter:
            painter.setPen(letter_colour)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, letter)

    # -- reading a cell --------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self.cell_at(event.pos())
            if found is None:
                QToolTip.hideText()
                event.ignore()
            else:
                entry = self._strips[found[0]].entries[found[1]]
                QToolTip.showText(event.globalPos(), cell_text(entry), self)
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        found = self.cell_at(event.position().toPoint())
        if found is not None:
            self._move_to(found)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        found = self.cell_at(event.position().toPoint())
        if found is not None:
            self.open_session.emit(self._strips[found[0]].entries[found[1]])

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._cursor is None and self._strips:
            self._move_to((0, len(self._strips[0].entries) - 1))
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._cursor is None or not self._strips:
            super().keyPressEvent(event)
            return
        row, column = self._cursor
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_session.emit(self._strips[row].entries[column])
            return
        moves = {
            Qt.Key.Key_Left: (0, -1),
            Qt.Key.Key_Right: (0, 1),
            Qt.Key.Key_Up: (-1, 0),
            Qt.Key.Key_Down: (1, 0),
        }
        if key not in moves:
            super().keyPressEvent(event)
            return
        d_row, d_column = moves[Qt.Key(key)]
        new_row = min(max(row + d_row, 0), len(self._strips) - 1)
        # moving between strips keeps the distance from the newest cell
        from_end = len(self._strips[row].entries) - 1 - column
        if d_row:
            column = len(self._strips[new_row].entries) - 1 - from_end
        column = min(max(column + d_column, 0), len(self._strips[new_row].entries) - 1)
        self._move_to((new_row, column))

    def _move_to(self, cursor: tuple[int, int]) -> None:
        self._cursor = cursor
        entry = self._strips[cursor[0]].entries[cursor[1]]
        text = cell_text(entry)
        self.setAccessibleDescription(text)
        if self.hasFocus():
            rect = self.cell_rect(*cursor)
            QToolTip.showText(self.mapToGlobal(rect.bottomLeft()), text, self, rect)
        self.update()
