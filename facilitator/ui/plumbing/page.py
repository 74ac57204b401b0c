"""What every page of the main window has in common.

A page is built with the :class:`~facilitator.ui.plumbing.backend.Backend` (its only way
to the vault) and the :class:`~facilitator.ui.kit.privacy.Privacy` state.  The main
window calls:

- :meth:`Page.show_up_to_date` each time the page is shown: it reads what it shows
  again (:meth:`Page.activate`) only if that is **stale** — never read, written since
  (see below), or read on another day — and otherwise just gets the page ready
  (:meth:`Page.shown`); :meth:`Page.read` (F5) reads again whatever the case;
- :meth:`Page.go_to` with a :mod:`~facilitator.ui.plumbing.navigation` target it owns;
- :meth:`Page.new_item` for Ctrl+N (File ▸ New): the page's "new" (a group,
  a member, a follow-up);
- :meth:`Page.flush` before the vault locks: start saving anything typed and
  not yet saved (a debounced note), through the backend as usual;
- :meth:`Page.focus_filter` for Ctrl+F when the page has something to filter: put the
  cursor in its filter box and return True (otherwise the window's note search
  takes it).

**Stale pages.**  Each page says which kinds of things it shows (:attr:`Page.kinds`,
:class:`~facilitator.domain.changes.Change` flags).  Every write through the Backend
reports the kinds it changed (seen by the storage layer, not declared by hand); a
page that shows any of them is marked stale and reads again when it is next shown.
The page on screen is marked too but does not read at once: after its own writes
it shows what it saved itself, as it always has.

A page emits ``navigate(target)`` when a click leads elsewhere, and
``changed(kinds)`` after a write it (or a dialog or panel of its own) asked for
changed something: the Backend's report, said again by the page that wrote.
Pages hold only plain records; when the vault locks the whole window, pages
and all, is deleted.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from facilitator.domain.changes import EVERYTHING, Change
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import Target


class Page(QWidget):
    navigate = Signal(object)  # a facilitator.ui.plumbing.navigation target
    changed = Signal(object)  # the Change a write this page asked for made

    kinds: ClassVar[Change] = EVERYTHING  # what the page shows: writes of these make it stale

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.privacy = privacy
        self.stale = True  # nothing read yet
        self._read_on: dt.date | None = None
        backend.changes.connect(self._heard)

    # -- reading when shown -----------------------------------------------------------
    def show_up_to_date(self) -> None:
        """The page is being shown: read again what changed since it last read."""
        self.backend.report_changes()  # writes made outside the Backend's calls
        # A call still under way may be a write whose report has not come back yet (a
        # save, then straight to another page): read anyway, after it on the job thread,
        # as every page did before changes were reported; otherwise the page would be
        # marked stale only once on screen, and show what is no longer true.
        if self.stale or self.backend.pending or self._read_on != dt.date.today():
            self.read()
        else:
            self.shown()

    def read(self) -> None:
        """Read what the page shows now (the first time, when stale, and for F5)."""
        self.mark_read()
        self.activate()

    def mark_read(self) -> None:
        """What the page shows was just read (given to it by the window, say)."""
        self.stale = False
        self._read_on = dt.date.today()

    def _heard(self, written: Change, asker: QObject | None) -> None:
        if written & self.kinds:
            self.stale = True
        if asker is not None and self._owns(asker):
            self.changed.emit(written)

    def _owns(self, asker: QObject) -> bool:
        """Whether ``asker`` is this page or one of its panels or dialogs."""
        found: QObject | None = asker
        while found is not None:
            if found is self:
                return True
            found = found.parent()
        return False

    # -- what each page does ------------------------------------------------------------
    def activate(self) -> None:
        """Read what the page shows (off the GUI thread)."""

    def shown(self) -> None:
        """The page is shown and has nothing to read again (put the cursor in place)."""

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
