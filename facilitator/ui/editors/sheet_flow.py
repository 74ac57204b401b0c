"""A sign-in sheet from anywhere: ask the choices, then print it or save it as a PDF.

The session screen, the Reports page's "Sign-in sheets" box and a group's Sessions tab
all print sheets the same way, written once here:

- Print…: the sheet is rendered on the job thread to bytes in memory
  (:meth:`~facilitator.services.sheets.SheetService.render`) and painted onto the
  printer chosen in Qt's print dialog (:mod:`facilitator.ui.kit.printing`): the app
  writes no file (the printing system spools the job: README, "Sign-in sheets");
- Save as PDF…: asks where, writes the file (owner-only), and offers to open it;
- a refusal by the leak guard (names "initials" or "none" would print a name) opens the
  dialog again with the same choices and the reason, as the session screen does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from facilitator.app import Services
from facilitator.errors import UserFacingError
from facilitator.services.sheets import NameMode, SheetLeak, SheetOptions, sheet_options
from facilitator.ui.editors.sheet_dialog import SheetAction, SheetChoice, SheetDialog
from facilitator.ui.kit.printing import (
    AskPrinter,
    OpenFile,
    PrintFailed,
    ask_with_dialog,
    new_printer,
    open_with_system,
    paint_pdf,
)
from facilitator.ui.plumbing.backend import Backend


def _tr(text: str) -> str:
    return QCoreApplication.translate("SheetFlow", text)


def options_of(choice: SheetChoice) -> SheetOptions:
    """The sheet's options from the dialog's choice."""
    return sheet_options(
        names=choice.names,
        blank_rows=choice.blank_rows,
        columns=choice.columns,
        paper=choice.paper,
        leave_blank=choice.leave_blank,
    )


def pages_text(pages: int) -> str:
    return _tr("1 page") if pages == 1 else _tr("%1 pages").replace("%1", str(pages))


class SheetFlow(QObject):
    """Print or save one group's sheet for one day, from ``parent``.  ``told(text)``
    says what happened (for a status line); ``saved(path)`` follows a save, so the
    screen can offer "Open".  ``ask_printer`` and ``open_file`` are replaced in tests."""

    told = Signal(str)
    saved = Signal(object)  # Path

    def __init__(self, backend: Backend, parent: QWidget) -> None:
        super().__init__(parent)
        self.backend = backend
        self.host = parent
        self.ask_printer: AskPrinter = ask_with_dialog
        self.open_file: OpenFile = open_with_system
        self.dialog: SheetDialog | None = None
        self.last_saved: Path | None = None
        self._retry: Path | None = None  # where a refused sheet was to be saved

    def start(
        self,
        group_id: int,
        day: dt.date,
        *,
        names: NameMode = NameMode.FULL,
        main: SheetAction = SheetAction.PRINT,
    ) -> SheetDialog:
        """Open the choices dialog for ``group_id``'s sheet of ``day``, ``main`` (print
        or save) its default button."""
        dialog = SheetDialog(self.host, names=names, main=main)
        self._open(dialog, group_id, day)
        return dialog

    def _open(self, dialog: SheetDialog, group_id: int, day: dt.date) -> None:
        dialog.accepted.connect(lambda: self._chosen(dialog, group_id, day))
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: SheetDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _chosen(self, dialog: SheetDialog, group_id: int, day: dt.date) -> None:
        choice = dialog.choice()
        if dialog.action is SheetAction.PRINT:
            self.print_sheet(group_id, day, choice)
        else:
            self.save_sheet(group_id, day, choice)

    # -- print -------------------------------------------------------------------------
    def print_sheet(self, group_id: int, day: dt.date, choice: SheetChoice) -> None:
        """Ask which printer, render the sheet in memory, print it."""
        printer = new_printer()
        printer.setDocName(_tr("Sign-in sheet"))
        if not self.ask_printer(printer, self.host.window()):
            self.told.emit(_tr("Nothing was printed."))
            return

        def job(services: Services) -> bytes:
            return services.sheets.render(group_id, day, options_of(choice)).data

        def rendered(data: bytes) -> None:
            try:
                pages = paint_pdf(data, printer)
            except PrintFailed as exc:
                self.told.emit(_tr("The sheet was not printed: %1").replace("%1", str(exc)))
                return
            self.told.emit(
                _tr("Sign-in sheet sent to the printer (%1).").replace("%1", pages_text(pages))
            )

        self.told.emit(_tr("Preparing the sign-in sheet for the printer…"))
        self.backend.call(
            job,
            rendered,
            context=self,
            failed=lambda exc: self._failed(exc, group_id, day, choice),
        )

    # -- save --------------------------------------------------------------------------
    def save_sheet(
        self, group_id: int, day: dt.date, choice: SheetChoice, suggested: Path | None = None
    ) -> None:
        """Ask where, then write the sheet (owner-only) off the GUI thread."""
        path = self.backend.messages.choose_save_file(
            self.host,
            _tr("Save the sign-in sheet"),
            suggested or self._retry or Path.home() / f"sign-in-sheet-{day.isoformat()}.pdf",
            _tr("PDF files (*.pdf)"),
        )
        self._retry = None
        if path is None:
            return
        if not path.suffix:
            path = path.with_suffix(".pdf")
        target = path

        def job(services: Services) -> int:
            return services.sheets.write_sheet(target, group_id, day, options_of(choice)).pages

        def written(pages: int) -> None:
            self.last_saved = target
            self.told.emit(
                _tr("Sign-in sheet saved to %1 (%2).")
                .replace("%1", str(target))
                .replace("%2", pages_text(pages))
            )
            self.saved.emit(target)

        self.told.emit(_tr("Writing the sign-in sheet…"))
        self.backend.call(
            job,
            written,
            context=self,
            failed=lambda exc: self._failed(exc, group_id, day, choice, target),
        )

    def open_saved(self) -> None:
        """Open the sheet saved last in the computer's PDF viewer (a local file)."""
        if self.last_saved is not None and not self.open_file(self.last_saved):
            self.told.emit(
                _tr("No program on this computer opened the file; open it from its folder.")
            )

    # -- refusals ----------------------------------------------------------------------
    def _failed(
        self,
        exc: UserFacingError,
        group_id: int,
        day: dt.date,
        choice: SheetChoice,
        path: Path | None = None,
    ) -> None:
        """A refusal by the leak guard opens the dialog again with the reason and the same
        choices; anything else is explained in a message box."""
        self.told.emit("")
        if not isinstance(exc, SheetLeak) or self.dialog is not None:
            self.backend.messages.warning(self.host, _tr("Sign-in sheet not made"), exc.message)
            return
        self._retry = path  # offered again when the person saves once more
        main = SheetAction.PRINT if path is None else SheetAction.SAVE
        dialog = SheetDialog(self.host, choice=choice, problem=exc.message, main=main)
        dialog.offer_blank(exc.fields)
        self._open(dialog, group_id, day)


__all__ = ["SheetFlow", "options_of", "pages_text"]
