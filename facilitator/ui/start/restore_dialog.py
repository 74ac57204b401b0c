"""Restoring a backup from the start windows: the dialog that asks for the backup's
passphrase, and the texts that go with a restore.

The start window asks for the backup file first (``Messages.choose_open_file``),
then opens a :class:`RestoreDialog` with ``.open()`` (window-modal, so tests fill
it in and click its buttons) and runs the restore once it is accepted.  The
passphrase asked for is the one the vault had when the backup was made: a backup
carries its own key envelope, and the restored vault opens with that passphrase.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.errors import UserFacingError, VaultExists, WrongPassphrase


def _tr(text: str) -> str:
    return QCoreApplication.translate("Restore", text)


def backup_filter() -> str:
    """The file dialog's filter: backups first, any file second (a renamed backup)."""
    return _tr("Facilitator backups (*.fbk)") + ";;" + _tr("All files (*)")


def restore_problem(exc: UserFacingError, folder: Path) -> str:
    """What to tell the user when a restore was refused (nothing was changed)."""
    if isinstance(exc, WrongPassphrase):
        return _tr(
            "That passphrase does not unlock this backup. Type the passphrase the vault had "
            "when the backup was made (if you changed it since, the old one). Nothing has "
            "been changed."
        )
    if isinstance(exc, VaultExists):
        return _tr(
            "The folder {folder} already holds files, so the backup was not restored "
            "there. Nothing has been changed. Choose another folder for the vault."
        ).format(folder=folder)
    return exc.message


def kept_aside_text(aside: Path) -> str:
    return _tr(
        "Your vault was restored from the backup and is open. From now on it unlocks "
        "with the backup's passphrase, the one you just typed.\n\n"
        "The damaged vault was moved aside, still encrypted, to:\n{aside}\n\n"
        "Delete that folder once you have checked that the restored vault holds what "
        "you need."
    ).format(aside=aside)


class RestoreDialog(QDialog):
    """Which backup, its passphrase, and where it goes; "Restore" accepts."""

    def __init__(
        self, backup: Path, folder: Path, *, replacing: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.backup = backup
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.setAccessibleName(self.tr("Restore from a backup"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)
        self.file = QLineEdit(str(backup))
        self.file.setReadOnly(True)
        self.file.setAccessibleName(self.tr("Backup file"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("The backup's passphrase"))
        self.passphrase.textChanged.connect(self._update)
        which = self._label(
            self.tr(
                "Type the passphrase the vault had when this backup was made. If you have "
                "changed it since, that is the old one. The restored vault opens with it."
            ),
            self.tr("Which passphrase"),
        )
        if replacing:
            where = self.tr(
                "The backup replaces the vault in {folder}. The vault there now is moved "
                "aside, still encrypted, and kept until you delete it."
            )
        else:
            where = self.tr("The backup becomes the vault in {folder}.")
        self.where = self._label(where.format(folder=folder), self.tr("Where the vault goes"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = QPushButton(self.tr("&Restore"))
        self.restore_button.setAccessibleName(self.tr("Restore"))
        self.restore_button.setDefault(True)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        file_label = QLabel(self.tr("Backup &file:"))
        file_label.setBuddy(self.file)
        file_label.setAccessibleName(self.tr("Backup file"))
        form.addRow(file_label, self.file)
        passphrase_label = QLabel(self.tr("Backup's &passphrase:"))
        passphrase_label.setBuddy(self.passphrase)
        passphrase_label.setAccessibleName(self.tr("The backup's passphrase"))
        form.addRow(passphrase_label, self.passphrase)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(which)
        layout.addWidget(self.where)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.passphrase, self.restore_button)
        self.passphrase.setFocus()
        self._update()

    @staticmethod
    def _label(text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setAccessibleName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _update(self) -> None:
        self.restore_button.setEnabled(bool(self.passphrase.text()))

    def accept(self) -> None:
        if not self.passphrase.text():  # Enter in an empty field: nothing to try yet
            return
        super().accept()
