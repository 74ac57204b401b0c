"""Every modal dialog the app opens, behind one small class.

Windows never call ``QMessageBox`` or ``QFileDialog`` themselves: they ask the
:class:`Messages` they were given (which chooses files through
:mod:`facilitator.ui.kit.files`, so that no folder is remembered on disk).  Tests
hand in a subclass that records what would have been shown and answers for the
user, so no modal dialog ever blocks a test.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

# The dialog classes load with the first dialog, not on the way to the first window:
# Qt's Python types are made when first used, and these two cost 3 ms at start.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from facilitator.ui.dialogs.preferences import Preferences


def _tr(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


class CloseChoice(Enum):
    """The answer when the backup at closing failed."""

    RETRY = "retry"  # try the backup again
    QUIT = "quit"  # quit without a backup
    CANCEL = "cancel"  # stay open


class Messages:
    """The real dialogs."""

    def crash(self, parent: QWidget | None, log_file: Path | None) -> None:
        """Something unexpected failed; the details are in the log (never on screen)."""
        from PySide6.QtWidgets import QMessageBox

        where = (
            _tr("The details were written to the log: {log}").format(log=log_file)
            if log_file
            else _tr("The details were written to the log.")
        )
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(_tr("Something went wrong"))
        box.setText(
            _tr("Something went wrong, and Facilitator could not finish what it was doing.")
        )
        box.setInformativeText(
            where
            + "\n\n"
            + _tr(
                "The log holds only where in the program it happened, never names, notes "
                "or passphrases. If it happens again, please send the log to the people "
                "who support Facilitator."
            )
        )
        box.setAccessibleName(_tr("Error message"))
        box.exec()

    def warning(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok)
        box.setParent(parent, box.windowFlags())
        box.setAccessibleName(title)
        box.exec()

    def confirm(self, parent: QWidget | None, title: str, text: str, action: str) -> bool:
        """Ask before doing something hard to undo; ``action`` labels the yes button."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton
        )
        box.setParent(parent, box.windowFlags())
        yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAccessibleName(title)
        box.exec()
        return box.clickedButton() is yes

    def about(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(parent, title, text)

    def preferences(self, parent: QWidget | None, current: Preferences) -> Preferences | None:
        """The Settings dialog: what was chosen, or None if cancelled."""
        from facilitator.ui.dialogs.preferences import PreferencesDialog

        dialog = PreferencesDialog(current, self, parent)
        if dialog.exec() != PreferencesDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()

    def backup_failed(self, parent: QWidget | None, text: str) -> CloseChoice:
        """The automatic backup at closing failed: try again, quit anyway, or stay open."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _tr("No backup was made"),
            _tr("The automatic backup could not be made."),
            QMessageBox.StandardButton.NoButton,
        )
        box.setParent(parent, box.windowFlags())
        box.setInformativeText(text)
        retry = box.addButton(_tr("&Try Again"), QMessageBox.ButtonRole.AcceptRole)
        retry.setAccessibleName(_tr("Try the backup again"))
        quit_anyway = box.addButton(
            _tr("&Quit Without a Backup"), QMessageBox.ButtonRole.DestructiveRole
        )
        quit_anyway.setAccessibleName(_tr("Quit without a backup"))
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        cancel.setAccessibleName(_tr("Cancel: keep Facilitator open"))
        box.setDefaultButton(retry)
        box.setEscapeButton(cancel)
        box.setAccessibleName(_tr("No backup was made"))
        box.exec()
        clicked = box.clickedButton()
        if clicked is retry:
            return CloseChoice.RETRY
        if clicked is quit_anyway:
            return CloseChoice.QUIT
        return CloseChoice.CANCEL

    def choose_open_file(
        self, parent: QWidget | None, title: str, start: Path, filters: str
    ) -> Path | None:
        from facilitator.ui.kit import files  # Qt's file dialog remembers no folder

        return files.choose_open_file(parent, title, start, filters)

    def choose_save_file(
        self, parent: QWidget | None, title: str, suggested: Path, filters: str
    ) -> Path | None:
        """Where to write; the dialog itself asks before replacing an existing file."""
        from facilitator.ui.kit import files  # Qt's file dialog remembers no folder

        return files.choose_save_file(parent, title, suggested, filters)

    def roster_preview(
        self, parent: QWidget | None, raw: bytes, *, private: bool = False
    ) -> str | None:
        """The roster file's first rows before importing: the encoding to read it in,
        or None if cancelled.  InvalidInput when the file cannot be read at all.
        ``private``: the privacy screen is on (the rows are shown only when asked)."""
        from facilitator.ui.dialogs.roster_preview import RosterPreviewDialog

        dialog = RosterPreviewDialog(raw, parent, private=private)
        if dialog.exec() != RosterPreviewDialog.DialogCode.Accepted:
            return None
        return dialog.chosen_encoding()

    def information(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok)
        box.setParent(parent, box.windowFlags())
        box.setAccessibleName(title)
        box.exec()

    def choose_folder(self, parent: QWidget | None, title: str, start: Path) -> Path | None:
        from facilitator.ui.kit import files  # Qt's file dialog remembers no folder

        return files.choose_folder(parent, title, start)
