"""The group editor and the keyboard: Enter saves (never Cancel), Tab follows the screen.

issue 16 defect 2 (Enter threw the dialog away) and defect 6 (Repeats came last in the
tab order, after Cancel).  On a real vault; the services' clock is 24 November 2026."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.ui.groups.group_dialog import GroupDialog
from facilitator.ui.plumbing.backend import Backend

TODAY = dt.date(2026, 11, 24)


def _shown(qtbot: QtBot, backend: Backend) -> GroupDialog:
    dialog = GroupDialog(backend, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()  # focus events (which made Cancel the default) need it
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _tab_chain(qtbot: QtBot, dialog: QWidget, start: QWidget) -> list[QWidget]:
    """The widgets real Tab presses visit from ``start``, once round."""
    start.setFocus()
    chain = [start]
    for _ in range(60):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        if dialog.focusWidget() is start:
            break
        if dialog.focusWidget() is not chain[-1]:  # a date's Tab steps through its parts
            chain.append(dialog.focusWidget())
    return chain


def test_enter_in_the_time_after_tabbing_past_cancel_creates_the_group(
    qtbot: QtBot, backend: Backend, services: Services, settle: Callable[[], None]
) -> None:
    """issue 16 defect 2: Tab past Cancel, click into Time, type 18:00, Enter: the
    dialog closed with no group and no message (Cancel had become the default)."""
    dialog = _shown(qtbot, backend)
    qtbot.keyClicks(dialog.name, "Thursday Circle")
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    for _ in range(40):  # Tab along until Cancel, then once more
        if dialog.focusWidget() is cancel:
            break
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is cancel
    assert not cancel.isDefault()  # Cancel is never drawn as the default
    qtbot.keyClick(cancel, Qt.Key.Key_Tab)
    qtbot.mouseClick(dialog.start_time, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.start_time, "18:00")
    assert dialog.ok_button.isDefault() and not cancel.isDefault()
    qtbot.keyClick(dialog.start_time, Qt.Key.Key_Return)
    settle()

    assert not dialog.isVisible()
    (group,) = services.roster.groups()
    assert (group.name, group.start_time) == ("Thursday Circle", dt.time(18, 0))


def test_tab_visits_the_fields_in_screen_order_and_the_buttons_last(
    qtbot: QtBot, backend: Backend
) -> None:
    """issue 16 defect 6: the Repeats box came after Cancel in the tab order."""
    dialog = _shown(qtbot, backend)
    sched = dialog.schedule
    sched.repeat.setCurrentIndex(1)  # weekly: the day boxes and the first meeting show
    chain = _tab_chain(qtbot, dialog, dialog.name)
    expected: list[QWidget] = [dialog.name, dialog.printed_title, dialog.description]
    expected += [dialog.location, dialog.facilitator, sched.repeat, *sched.day_boxes]
    expected += [sched.start, dialog.start_time, dialog.end_time]
    buttons = [b for b in chain if b in dialog.buttons.buttons()]
    assert chain == expected + buttons
    assert len(buttons) == 2
    # And the fields are on screen top to bottom in that order.
    tops = [w.mapTo(dialog, w.rect().topLeft()).y() for w in expected]
    assert tops == sorted(tops)
