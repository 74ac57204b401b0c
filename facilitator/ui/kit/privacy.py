"""The privacy screen: for a laptop others can see (at the door, on a projector).

While it is on, every page shows people as first name and last initial
("Sam T.") and hides note text.  Pages ask :class:`Privacy` how to show a
name or a note, and redraw when ``changed`` fires — through :meth:`Privacy.follow`,
which ends with the page (the privacy screen outlives every window: a lock deletes
the pages, issue 16 defect 1).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal

from facilitator.ui.kit.lifetime import connect_for


class Named(Protocol):
    """A person as a record shows them (a MemberRecord, a line of the Members list)."""

    @property
    def display_name(self) -> str: ...

    @property
    def short_name(self) -> str: ...


def _tr(text: str) -> str:
    return QCoreApplication.translate("Privacy", text)


def abbreviate(full_name: str) -> str:
    """ "Samira Tahir" → "Samira T."; a single word stays as it is.

    For names that arrive as one string (follow-ups, search hits, outreach):
    the first word and the initial of the last."""
    words = full_name.split()
    if len(words) < 2:
        return full_name.strip()
    return f"{words[0]} {words[-1][:1]}."


class Privacy(QObject):
    """Whether the privacy screen is on, and how names and notes look meanwhile."""

    changed = Signal(bool)

    def __init__(self, on: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on = on

    @property
    def on(self) -> bool:
        return self._on

    def set_on(self, on: bool) -> None:
        if on != self._on:
            self._on = on
            self.changed.emit(on)

    def follow(self, receiver: QObject, redraw: Callable[[], object]) -> None:
        """Call ``redraw`` whenever the screen goes on or off, while ``receiver`` lives.

        The way for a page, a panel or a dialog to follow the privacy screen: a
        lambda connected to :attr:`changed` directly would outlive it."""
        connect_for(receiver, self.changed, lambda _on: redraw())

    def on_change(self, receiver: QObject, slot: Callable[[bool], object]) -> None:
        """:meth:`follow` for a slot that wants to know whether the screen is now on."""
        connect_for(receiver, self.changed, slot)

    def member(self, member: Named) -> str:
        """How to show a person: the full name, or first name and initial."""
        return member.short_name if self._on else member.display_name

    def name(self, full_name: str) -> str:
        """How to show a name that arrives as text."""
        return abbreviate(full_name) if self._on else full_name

    def note(self, text: str) -> str:
        """A note's text, or a line saying it is hidden."""
        return hidden_note_text() if self._on else text


def hidden_note_text() -> str:
    return _tr("Hidden while the privacy screen is on (View ▸ Privacy screen).")
