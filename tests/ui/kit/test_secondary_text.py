"""The readable secondary text colour (issue 16, defect 16): quieter than the text, and
at least 4.5:1 against the window in a light and a dark palette, where the placeholder
colour many pages used for real text reads at 3.9:1."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from facilitator.ui.kit.widgets import (
    MIN_CONTRAST,
    contrast_ratio,
    secondary_text,
    secondary_text_colour,
)


def _palette(text: str, window: str) -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    palette.setColor(QPalette.ColorRole.Window, QColor(window))
    return palette


def test_the_wcag_formula_gives_the_known_ratios() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    half_black = QColor(0, 0, 0, 128)  # laid over the background first
    assert contrast_ratio(half_black, QColor("#efefef")) < MIN_CONTRAST


@pytest.mark.parametrize(("text", "window"), [("#000000", "#efefef"), ("#eeeeee", "#2b2b2b")])
def test_secondary_text_is_quieter_but_readable(qtbot: QtBot, text: str, window: str) -> None:
    palette = _palette(text, window)
    colour = secondary_text_colour(palette)
    assert contrast_ratio(colour, QColor(window)) >= MIN_CONTRAST
    assert colour != QColor(text)  # quieter than the text itself


def test_the_app_placeholder_colour_is_too_faint_and_the_label_helper_is_not(
    qtbot: QtBot,
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    palette = app.palette()
    window = palette.color(QPalette.ColorRole.Window)
    placeholder = palette.color(QPalette.ColorRole.PlaceholderText)
    label = secondary_text(QLabel("Alt+Left: back"))
    qtbot.addWidget(label)
    shown = label.palette().color(label.foregroundRole())
    assert contrast_ratio(shown, window) >= MIN_CONTRAST > contrast_ratio(placeholder, window)
