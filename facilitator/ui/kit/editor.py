"""The base of an editor dialog: draft → save → saving → a problem inline, or done.

Every editor dialog (a group, an extra session, a member, a follow-up) saves the same
way, written once here:

1. :meth:`EditorDialog.draft` reads the fields; what cannot be saved raises
   :class:`~facilitator.errors.InvalidInput`, shown in the dialog's
   :class:`~facilitator.ui.kit.widgets.ProblemBox` (everything typed stays);
2. :meth:`EditorDialog.save_job` is the service call that stores the draft; it runs on
   the job thread while the save button is disabled (a second OK does nothing);
3. once stored, ``saved(record)`` is emitted and the dialog closes; a refusal from the
   service is shown inline like a problem found here, and the dialog stays open.

The kit sits below the Backend, so the dialog is given anything with the Backend's
``call`` (:class:`RunsJobs`), not the Backend itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from facilitator.app import Services
from facilitator.errors import InvalidInput, UserFacingError
from facilitator.ui.kit.closing import GuardedDialog
from facilitator.ui.kit.widgets import ProblemBox

T = TypeVar("T")


class RunsJobs(Protocol):
    """What an editor needs of the Backend: run a job on the job thread, then ``done``
    with its result or ``failed`` with a refusal (on the GUI thread)."""

    def call(
        self,
        job: Callable[[Services], T],
        done: Callable[[T], object] | None = None,
        *,
        context: QObject,
        failed: Callable[[UserFacingError], object] | None = None,
    ) -> object: ...


class EditorDialog(GuardedDialog):
    """An editor dialog's save (see the module's description).  A subclass builds its
    fields, puts :attr:`problem` in its layout, names its save button with
    :meth:`use_save_button`, connects that button to :meth:`save`, and writes
    :meth:`draft` and :meth:`save_job`.

    Being a :class:`~facilitator.ui.kit.closing.GuardedDialog`, the save button is what
    Enter presses (the only default), and Escape / Cancel / the close button ask before
    discarding what was changed."""

    saved = Signal(object)  # the stored record

    def __init__(
        self, backend: RunsJobs, parent: QWidget | None = None, *, problem_name: str = ""
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.saving = False
        self.problem = ProblemBox(name=problem_name)
        self._save_button: QPushButton | None = None

    def use_save_button(self, button: QPushButton) -> None:
        """The button that is disabled while saving, and the one Enter presses."""
        self._save_button = button
        self.set_main_button(button)

    # -- what a dialog says -----------------------------------------------------------
    def draft(self) -> Any:
        """What the fields hold, checked; raise InvalidInput for what cannot be saved."""
        raise NotImplementedError

    def save_job(self, draft: Any) -> Callable[[Services], object]:
        """The service call that stores ``draft`` (runs on the job thread)."""
        raise NotImplementedError

    def problem_shown(self, message: str, *, by_service: bool) -> None:
        """A problem is shown: found in the draft, or ``by_service`` when the service
        refused the save (e.g. put the cursor in the field it is about)."""

    def stored(self, record: Any) -> None:
        """The record was stored (before ``saved`` is emitted and the dialog closes)."""

    # -- the save ---------------------------------------------------------------------
    def save(self) -> None:
        if self.saving:
            return
        try:
            draft = self.draft()
        except InvalidInput as exc:
            self.show_problem(exc.message)
            self.problem_shown(exc.message, by_service=False)
            return
        self.problem.clear()
        self.set_saving(True)
        self.backend.call(self.save_job(draft), self._saved, context=self, failed=self._failed)

    def show_problem(self, message: str) -> None:
        """Say what is wrong (an empty message hides the problem line)."""
        self.problem.show_problem(message)

    def set_saving(self, saving: bool) -> None:
        self.saving = saving
        if self._save_button is not None:
            self._save_button.setEnabled(not saving)

    def _saved(self, record: object) -> None:
        self.set_saving(False)
        self.stored(record)
        self.remember_input()  # stored: nothing left to lose
        self.saved.emit(record)
        self.accept()

    def _failed(self, error: UserFacingError) -> None:
        self.set_saving(False)
        self.show_problem(error.message)
        self.problem_shown(error.message, by_service=True)
