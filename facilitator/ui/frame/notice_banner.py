"""The strip across the top of the main window that says what kind of vault this is
("Demo vault — fake data, deleted when you quit…").

It was a label in a sunken panel, which read as a text box to type in (issue 16,
defect 15).  Now it is a coloured strip with an icon and bold text, no frame, in
colours of its own chosen for contrast (dark blue on pale blue, about 11:1): the
strip looks the same in a light or a dark desktop theme, and is never mistaken
for a field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QWidget

BACKGROUND = QColor("#dcebfa")
FOREGROUND = QColor("#0b2e59")


class NoticeBanner(QFrame):
    """A read-only coloured strip: an information icon, then the notice in bold."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAutoFillBackground(True)
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Window, BACKGROUND)
            palette.setColor(group, QPalette.ColorRole.WindowText, FOREGROUND)
            palette.setColor(group, QPalette.ColorRole.Text, FOREGROUND)
        self.setPalette(palette)
        self.setAccessibleName(self.tr("Notice"))
        self.setAccessibleDescription(text)
        self.icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        info = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        self.icon.setPixmap(info.pixmap(size, size))
        self.icon.setAccessibleName(self.tr("Information"))
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Notice"))
        self.label.setAccessibleDescription(text)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.setSpacing(8)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.label, 1)
        self.setVisible(bool(text))

    def text(self) -> str:
        return self.label.text()
