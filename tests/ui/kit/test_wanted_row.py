"""kit/selection.py: a wanted row is brought into view, the typed words cleared first."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from facilitator.ui.kit.selection import unhidden_row


def _filtered(qtbot: QtBot) -> tuple[QSortFilterProxyModel, QLineEdit]:
    model = QStandardItemModel()
    for name in ("Alex", "Sam (archived)", "Robin"):
        model.appendRow(QStandardItem(name))
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    typed = QLineEdit()
    qtbot.addWidget(typed)
    typed.textChanged.connect(proxy.setFilterFixedString)
    return proxy, typed


def test_the_typed_words_are_cleared_only_when_they_hide_the_row(qtbot: QtBot) -> None:
    proxy, typed = _filtered(qtbot)
    typed.setText("R")
    assert unhidden_row(proxy, 2, typed) == 0  # Robin, alone shown: the words stay
    assert typed.text() == "R"
    assert unhidden_row(proxy, 0, typed) == 0  # Alex was hidden by them
    assert typed.text() == ""
    assert unhidden_row(proxy, -1, typed) == -1


def test_the_other_filters_are_widened_in_turn_while_it_stays_hidden(qtbot: QtBot) -> None:
    proxy, typed = _filtered(qtbot)
    proxy.setFilterRegularExpression("^[^(]*$")  # archived ones are left out
    widened: list[str] = []

    def show_archived() -> None:
        widened.append("archived")
        proxy.setFilterRegularExpression("")

    assert unhidden_row(proxy, 0, typed, show_archived, lambda: widened.append("more")) == 0
    assert widened == []
    assert unhidden_row(proxy, 1, typed, show_archived, lambda: widened.append("more")) == 1
    assert widened == ["archived"]  # and no further once shown
