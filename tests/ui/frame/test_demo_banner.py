"""The demo vault's banner reads as a banner, not as a text box to type in."""

from __future__ import annotations

from pathlib import Path

from doubles import RecordingMessages
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QLabel
from pytestqt.qtbot import QtBot

from facilitator.ui.frame.main_window import MainWindow
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend

TEXT = "Demo vault — fake data, deleted when you quit."


def _luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_demo_banner_is_a_coloured_strip_not_a_field(
    qtbot: QtBot, backend: Backend, privacy: Privacy, messages: RecordingMessages, tmp_path: Path
) -> None:
    """issue 16 defect 15: the demo banner looked like a text box (a sunken panel)."""
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    main = MainWindow(settings, messages, backend, privacy, banner=TEXT)
    qtbot.addWidget(main)
    main.show()
    banner = main.banner
    assert banner.isVisible()
    assert banner.text() == TEXT
    assert isinstance(banner, QFrame)
    assert banner.frameShape() == QFrame.Shape.NoFrame  # no panel edge like a field's
    assert banner.accessibleName()
    labels = banner.findChildren(QLabel)
    assert any(not label.pixmap().isNull() for label in labels)  # an icon
    text = next(label for label in labels if label.text() == TEXT)
    assert text.font().bold()
    strip = banner.palette().color(QPalette.ColorRole.Window)
    words = text.palette().color(QPalette.ColorRole.WindowText)
    assert contrast(strip, words) >= 4.5
    page = main.palette().color(QPalette.ColorRole.Window)
    assert strip != page  # a strip of its own colour
    grabbed = banner.grab().toImage()
    assert grabbed.pixelColor(2, 2) == strip  # drawn in that colour, edge to edge
