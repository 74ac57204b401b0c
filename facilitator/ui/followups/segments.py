"""The Follow-ups page's segmented control: Open / Overdue / Done / All.

Checkable buttons side by side, one checked at a time, each with a mnemonic
(Alt+O, Alt+D, Alt+N, Alt+A) and an accessible name saying what it shows.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QHBoxLayout, QToolButton, QWidget

from facilitator.ui.followups.rows import SHOWS


def _tr(text: str) -> str:
    return QCoreApplication.translate("FollowUps", text)


class ShowChooser(QWidget):
    """Which follow-ups to list; ``chosen(show)`` when a button is clicked."""

    chosen = Signal(str)  # "open", "overdue", "done" or "all"

    def __init__(self, current: str = "open", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_tr("Show"))
        texts = {
            "open": (_tr("&Open"), _tr("Show open follow-ups")),
            "overdue": (_tr("Over&due"), _tr("Show overdue follow-ups")),
            "done": (_tr("Do&ne"), _tr("Show done follow-ups")),
            "all": (_tr("&All"), _tr("Show all follow-ups")),
        }
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for show in SHOWS:
            text, name = texts[show]
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.group.addButton(button)
            self.buttons[show] = button
            layout.addWidget(button)
        self.set_current(current)
        self.group.buttonClicked.connect(self._clicked)

    def set_current(self, show: str) -> None:
        self.buttons[show].setChecked(True)

    def _clicked(self, button: QAbstractButton) -> None:
        self.chosen.emit(next(key for key, b in self.buttons.items() if b is button))
