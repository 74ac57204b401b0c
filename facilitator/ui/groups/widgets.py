"""Widgets of the Groups page and its dialogs: a tab of the selected group, a time
field and a time range."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from facilitator.domain import GroupRecord
from facilitator.ui.groups.text import parse_time, time_text, tr
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend


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


class GroupTab(QWidget):
    """One tab of the selected group: it reads its data only when shown (:meth:`ensure_loaded`)
    and again after :meth:`set_group` with another group or ``force``."""

    saved = Signal()  # something was saved that the group list shows (member counts)
    navigate = Signal(object)  # a facilitator.ui.plumbing.navigation target

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
