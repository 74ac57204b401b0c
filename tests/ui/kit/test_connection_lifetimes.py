"""Connections from long-lived objects end with the widget they serve.

issue 16 defect 1: the privacy screen outlives every page (a lock deletes them);
a lambda connected to it called deleted pages, one error dialog per page.
"""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import delete

from facilitator.ui.kit.lifetime import connect_for
from facilitator.ui.kit.privacy import Privacy

UI = Path(__file__).resolve().parents[3] / "facilitator" / "ui"
# Objects that live longer than a page: the privacy screen and the controller's parts.
LONG_LIVED = {"privacy", "backend", "controller", "idle", "jobs", "settings", "messages", "checks"}


class _Source(QObject):
    said = Signal(bool)


def test_a_connection_for_a_receiver_ends_when_it_is_deleted(qtbot: QtBot) -> None:
    """issue 16 defect 1: after the receiver is deleted, the slot is not called."""
    source = _Source()
    receiver = QWidget()
    heard: list[bool] = []
    connect_for(receiver, source.said, heard.append)
    source.said.emit(True)
    delete(receiver)
    source.said.emit(False)
    assert heard == [True]


def test_the_connection_may_outlive_its_sender(qtbot: QtBot) -> None:
    source = _Source()
    receiver = QWidget()
    connect_for(receiver, source.said, lambda _on: None)
    delete(source)
    delete(receiver)  # disconnecting what the sender took along: no error


def test_a_page_follows_the_privacy_screen_only_while_it_lives(qtbot: QtBot) -> None:
    """issue 16 defect 1: Privacy.follow, the way pages redraw on the privacy screen."""
    privacy = Privacy()
    page = QWidget()
    redrawn: list[int] = []
    privacy.follow(page, lambda: redrawn.append(1))
    privacy.set_on(True)
    assert redrawn == [1]
    delete(page)
    privacy.set_on(False)  # reaches no deleted page
    assert redrawn == [1]


def _owner(signal: ast.expr) -> str | None:
    """``privacy`` for ``privacy.changed`` or ``self.privacy.changed``, else None."""
    if not isinstance(signal, ast.Attribute):
        return None
    owner = signal.value
    if isinstance(owner, ast.Name):
        return owner.id
    if (
        isinstance(owner, ast.Attribute)
        and isinstance(owner.value, ast.Name)
        and owner.value.id == "self"
    ):
        return owner.attr.lstrip("_")
    return None


def test_no_closure_is_connected_to_a_long_lived_signal() -> None:
    """issue 16 defect 1: a lambda or a partial connected to a signal of the privacy
    screen, the backend or the controller's parts outlives the page that made it;
    such connections go through ``connect_for`` or ``Privacy.follow``."""
    found: list[str] = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "connect"
                and node.args
            ):
                continue
            owner = _owner(node.func.value)
            if owner in LONG_LIVED and isinstance(node.args[0], ast.Lambda | ast.Call):
                found.append(f"{path.relative_to(UI)}:{node.lineno}")
    assert found == []


def test_the_privacy_screen_is_followed_only_through_its_own_methods() -> None:
    """issue 16 defect 1: ``privacy.changed`` is connected only by Privacy.follow and
    Privacy.on_change, which end with the receiver; even a bound method of a model
    without a parent was seen to outlive its page ("Slot 'RowsModel::' not found")."""
    found: list[str] = []
    for path in sorted(UI.rglob("*.py")):
        if path == UI / "kit" / "privacy.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "connect"
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr == "changed"
                and _owner(node.func.value) == "privacy"
            ):
                found.append(f"{path.relative_to(UI)}:{node.lineno}")
    assert found == []


def test_the_scan_would_see_the_old_mistake() -> None:
    """The scan above can fail: the line that caused defect 1 is caught."""
    tree = ast.parse("privacy.changed.connect(lambda _on: self._redraw())")
    call = tree.body[0].value  # type: ignore[attr-defined]
    assert _owner(call.func.value) == "privacy"
    assert isinstance(call.args[0], ast.Lambda)
