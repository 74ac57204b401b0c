"""Small widgets the Groups page and its dialogs share: an inline problem line,
headings, a time field, and Enter on a table row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QTableView,
    QWidget,
)

from facilitator.domain import GroupRecord
from facilitator.ui.backend import Backend
from facilitator.ui.group_text import parse_time, time_text, tr
from facilitator.ui.privacy import Privacy


class ProblemBox(QFrame):
    """What is wrong, inline: the style's warning icon and the message, in the
    palette's own colours (readable in light and dark themes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.icon.setPixmap(warning.pixmap(size, size))
        self.icon.setAccessibleName(tr("Warning"))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName(tr("Problem"))
        font = self.text.font()
        font.setBold(True)
        self.text.setFont(font)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)
        self.setVisible(False)

    def show_problem(self, text: str) -> None:
        self.text.setText(text)
        self.text.setAccessibleDescription(text)
        self.setVisible(True)

    def clear(self) -> None:
        self.text.clear()
        self.setVisible(False)

    @property
    def message(self) -> str:
        return "" if self.isHidden() else self.text.text()


def fit_columns(view: QTableView) -> None:
    """The columns that do not stretch take the width of their contents; the table
    never scrolls sideways (the stretching column elides instead)."""
    header = view.horizontalHeader()
    for column in range(header.count()):
        if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)


def heading(text: str, scale: float = 1.3) -> QLabel:
    label = QLabel(text)
    label.setAccessibleName(text)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def value_label(name: str) -> QLabel:
    """A read-only value (selectable, wrapping) whose accessible name says what it is."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label


class TimeField(QLineEdit):
    """A time typed freely ("19:30", "7.30pm"); empty means not set.  Shown in the
    locale's short format once the cursor leaves it."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setPlaceholderText(tr("e.g. %1").replace("%1", time_text(dt.time(19, 30))))
        self.setClearButtonEnabled(True)
        width = self.fontMetrics().horizontalAdvance("00:00 AM") * 2
        self.setMaximumWidth(width)
        self.editingFinished.connect(self._tidy)

    def time(self) -> dt.time | None:
        """The time typed, None when empty; ValueError when it cannot be read."""
        return parse_time(self.text())

    def set_time(self, value: dt.time | None) -> None:
        self.setText(time_text(value))

    def _tidy(self) -> None:
        try:
            value = self.time()
        except ValueError:
            return  # left as typed: the dialog says what is wrong on OK
        self.set_time(value)


class RowActivation(QObject):
    """Enter or Return on a table's current row calls ``activate`` (on every platform,
    and without the key reaching a dialog's default button)."""

    def __init__(self, view: QAbstractItemView, activate: Callable[[], object]) -> None:
        super().__init__(view)
        self._view = view
        self._activate = activate
        view.installEventFilter(self)
        view.doubleClicked.connect(lambda _index: activate())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self._view.currentIndex().isValid()
        ):
            self._activate()
            return True
        return False


class GroupTab(QWidget):
    """One tab of the selected group: it reads its data only when shown (:meth:`ensure_loaded`)
    and again after :meth:`set_group` with another group or ``force``."""

    changed = Signal()  # something was saved that other pages (and the group list) show
    navigate = Signal(object)  # a facilitator.ui.navigation target

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.privacy = privacy
        self.group: GroupRecord | None = None
        self.today = dt.date.today()  # the page passes the services' today
        self.stale = True

    @property
    def group_id(self) -> int | None:
        return self.group.id if self.group is not None else None

    def set_group(self, group: GroupRecord | None, *, force: bool = False) -> None:
        other = (group.id if group else None) != self.group_id
        self.group = group
        if other or force:
            self.stale = True
        if other:
            self.clear()

    def ensure_loaded(self) -> None:
        if self.stale and self.group is not None:
            self.stale = False
            self.load()

    def clear(self) -> None:
        """Forget what was shown for the previous group."""

    def load(self) -> None:
        """Read the group's data (through the backend) and show it."""


# -- builders for the editors' forms ---------------------------------------------------
def line_edit(accessible_name: str, max_length: int, text: str = "") -> QLineEdit:
    field = QLineEdit(text)
    field.setAccessibleName(accessible_name)
    field.setMaxLength(max_length)
    return field


def add_row(form: QFormLayout, text: str, field: QWidget, buddy: QWidget | None = None) -> None:
    """A form row whose label (with its &-mnemonic) leads to ``buddy`` or the field."""
    label = QLabel(text)
    label.setBuddy(buddy or field)
    form.addRow(label, field)


def time_range(start: TimeField, end: TimeField, accessible_name: str) -> QWidget:
    """ "[start] until [end]" on one line; "until" leads to the end time."""
    box = QWidget()
    box.setAccessibleName(accessible_name)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    until = QLabel(tr("&until"))
    until.setBuddy(end)
    row.addWidget(start)
    row.addWidget(until)
    row.addWidget(end)
    row.addStretch(1)
    return box


def dialog_buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """OK (named ``ok_text``, the default) and Cancel; Cancel rejects the dialog."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setAccessibleName(ok_text)
    ok.setDefault(True)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setAccessibleName(tr("Cancel"))
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


def push_button(text: str, slot: Callable[[], object], name: str = "") -> QPushButton:
    """A button whose accessible name (and tooltip) is ``name``, or else its text
    without the mnemonic and ellipsis."""
    button = QPushButton(text)
    set_button_text(button, text, name)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def set_button_text(button: QPushButton, text: str, name: str = "") -> None:
    button.setText(text)
    button.setAccessibleName(name or text.replace("&", "").rstrip("…"))
    if name:
        button.setToolTip(name)
