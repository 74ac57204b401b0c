"""What every page of the main window has in common.

A page is built with the :class:`~facilitator.ui.plumbing.backend.Backend` (its only way
to the vault) and the :class:`~facilitator.ui.kit.privacy.Privacy` state.  The main
window calls:

- :meth:`Page.activate` each time the page is shown: read what it shows again;
- :meth:`Page.go_to` with a :mod:`~facilitator.ui.plumbing.navigation` target it owns;
- :meth:`Page.new_item` for Ctrl+N (File ▸ New): the page's "new" (a group,
  a member, a follow-up);
- :meth:`Page.flush` before the vault locks: start saving anything typed and
  not yet saved (a debounced note), through the backend as usual;
- :meth:`Page.focus_filter` for Ctrl+F when the page has something to filter: put the
  cursor in its filter box and return True (otherwise the window's note search
  takes it).

A page emits ``navigate(target)`` when a click leads elsewhere, and
``changed()`` after it changed something other pages show (Today's counts).
Pages hold only plain records; when the vault locks the whole window, pages
and all, is deleted.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import Target


class Page(QWidget):
    navigate = Signal(object)  # a facilitator.ui.plumbing.navigation target
    changed = Signal()  # something was saved that other pages may show

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.privacy = privacy

    def activate(self) -> None:
        """The page is being shown: read what it shows (off the GUI thread)."""

    def go_to(self, target: Target) -> bool:
        """Show ``target`` if it is this page's; False if it is not."""
        return False

    def new_item(self) -> bool:
        """Ctrl+N on this page; False when the page has nothing to create."""
        return False

    def flush(self) -> None:
        """Save now whatever waits to be saved (the vault is about to lock)."""

    def focus_filter(self) -> bool:
        """Ctrl+F on this page: focus its filter box; False when it has none."""
        return False
