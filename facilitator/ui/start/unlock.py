"""The windows before the vault is open: first run (create, in :mod:`.first_run`),
unlock, and the demo vault being prepared."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from facilitator.errors import (
    EnvelopeDamaged,
    UserFacingError,
    VaultDamaged,
    VaultMissing,
    WrongPassphrase,
)
from facilitator.ui.dialogs.messages import Messages
from facilitator.ui.plumbing.vault_jobs import VaultJobs
from facilitator.ui.start.base import StartWindow, breakable, heading_label, text_label

if TYPE_CHECKING:
    from facilitator.ui.start.first_run import FirstRunWindow, vault_target

__all__ = ["DemoWindow", "FirstRunWindow", "StartWindow", "UnlockWindow", "vault_target"]


def __getattr__(name: str) -> object:
    """The first-run window (and its passphrase-strength checker) loads when it is asked
    for: the unlock window, shown on every start but the first, does not need it."""
    if name in ("FirstRunWindow", "vault_target"):
        from facilitator.ui.start import first_run

        return getattr(first_run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class UnlockWindow(StartWindow):
    """Unlock an existing vault with its passphrase (or the key remembered here)."""

    create_requested = Signal(object)  # Path where no vault was found

    def __init__(
        self,
        folder: Path,
        jobs: VaultJobs,
        messages: Messages,
        parent: QWidget | None = None,
        *,
        hint: str = "",
    ) -> None:
        super().__init__(jobs, messages, parent)
        self.folder = folder
        self._looking = False  # the keyring is being asked for a remembered key
        self._unlock_after_looking = False  # Enter was pressed meanwhile
        self.setWindowTitle(self.tr("Facilitator — unlock"))
        self.where = where = text_label(
            self.tr("Vault folder: {folder}").format(folder=breakable(str(folder))),
            name=self.tr("Vault folder"),
        )
        where.setToolTip(str(folder))
        self.hint = text_label(hint, name=self.tr("Hint"))
        self.hint.setVisible(bool(hint))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.passphrase.returnPressed.connect(self.unlock)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setAccessibleName(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Passphrase:"), row)
        self.status = text_label(name=self.tr("Status"))
        self.status.setVisible(False)
        self.create_button = QPushButton(self.tr("Create a new vault here…"))
        self.create_button.setAccessibleName(self.tr("Create a new vault"))
        self.create_button.setVisible(False)
        self.create_button.clicked.connect(lambda: self.create_requested.emit(self.folder))
        self.restore_button.setVisible(False)
        self.restore_button.clicked.connect(self.restore_backup)
        self.add_problem_action(self.restore_button)
        self.add_problem_action(self.create_button)

        layout = self.column(self)
        heading = heading_label(self.tr("Unlock your vault"))
        for widget in (heading, where, self.hint, self.form, self.busy, self.status):
            layout.addWidget(widget)
        layout.addWidget(self.problem_box)
        layout.addStretch(1)
        QWidget.setTabOrder(self.passphrase, self.unlock_button)
        QWidget.setTabOrder(self.unlock_button, self.restore_button)
        QWidget.setTabOrder(self.restore_button, self.create_button)
        self.passphrase.setFocus()

    def try_remembered(self) -> None:
        """Open with the key remembered on this computer, if there is one.

        The passphrase field stays open meanwhile (issue 16 defect 5): asking the keyring
        can take a second, or longer while it waits to be unlocked, and what is typed then
        must not be lost.  Enter before the answer unlocks with what was typed as soon as
        the keyring has none (a remembered key, if there is one, opens the vault first)."""
        self._looking = True
        self.status.setText(self.tr("Looking for a key remembered on this computer…"))
        self.status.setVisible(True)
        self.when_painted(lambda: self._run(self.jobs.remembered(self.folder, parent=self)))

    def unlock(self) -> None:
        if self._looking:  # the keyring's answer first (serial jobs): then this unlock
            if self.passphrase.text():
                self._unlock_after_looking = True
                self.hide_problem()
                self._set_busy(True, self.tr("Unlocking… this takes a moment."))
            else:
                self.show_problem(self.tr("Type the vault's passphrase, then press Enter."))
            return
        if self.working:
            return
        passphrase = self.passphrase.text()
        self.create_button.setVisible(False)
        self.restore_button.setVisible(False)
        if not passphrase:
            self.show_problem(self.tr("Type the vault's passphrase, then press Enter."))
            return
        self.hide_problem()
        self._run(self.jobs.unlock(self.folder, passphrase, parent=self))
        self._set_busy(True, self.tr("Unlocking… this takes a moment."))

    def _looked(self) -> bool:
        """The keyring's answer came: True if an unlock was asked for meanwhile."""
        looking, self._looking = self._looking, False
        asked, self._unlock_after_looking = self._unlock_after_looking, False
        return looking and asked

    def _on_finished(self, result: object) -> None:
        asked = self._looked()
        if result is None:  # no key remembered here
            self._set_busy(False)
            if asked:
                self.unlock()
            return
        super()._on_finished(result)

    def _on_failed(self, exc: object) -> None:
        asked = self._looked()
        if asked and isinstance(exc, UserFacingError):  # e.g. a key that is not this vault's
            self._set_busy(False)
            self.unlock()  # what was typed decides (its own problem, if any, is shown)
            return
        super()._on_failed(exc)

    def show_failure(self, exc: UserFacingError) -> None:
        """Say what went wrong as a failed unlock would (a damaged vault: with the offer
        to restore a backup) — e.g. the check after unlocking found damage."""
        self._show_problem(exc)

    def restore_backup(self) -> None:
        """Replace this (damaged or missing) vault with a backup; it is kept aside."""
        self.choose_backup(self.folder, replace=True)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        super()._set_busy(busy, text)
        self.form.setEnabled(not busy)
        self.status.setText(text)
        self.status.setVisible(busy and bool(text))
        if not busy:
            self.passphrase.setFocus()
            self.passphrase.end(False)  # keep typing where the text ends

    def _show_problem(self, exc: UserFacingError) -> None:
        text = exc.message
        if isinstance(exc, WrongPassphrase):
            self.passphrase.clear()
        elif isinstance(exc, VaultDamaged | EnvelopeDamaged):
            if "backup" not in text:
                text += " " + self.tr("Restore a backup of this vault to get your data back.")
            self.restore_button.setVisible(True)
        elif isinstance(exc, VaultMissing):
            self.create_button.setVisible(True)
            self.restore_button.setVisible(True)
        self.show_problem(text)
        self.passphrase.setFocus()


class DemoWindow(StartWindow):
    """Shown while the throwaway demo vault is made and filled with made-up people."""

    def __init__(
        self, folder: Path, jobs: VaultJobs, messages: Messages, parent: QWidget | None = None
    ) -> None:
        super().__init__(jobs, messages, parent)
        self.folder = folder
        self.setWindowTitle(self.tr("Facilitator — demo vault"))
        note = text_label(
            self.tr(
                "A vault of made-up groups and people is being made for you to try "
                "Facilitator with. It is deleted when you quit."
            ),
            name=self.tr("About the demo vault"),
        )
        layout = self.column(self)
        for widget in (heading_label(self.tr("Preparing the demo vault")), note):
            layout.addWidget(widget)
        layout.addWidget(self.busy)
        layout.addWidget(self.problem_box)
        layout.addStretch(1)

    def start(self) -> None:
        self._run(self.jobs.demo(self.folder, parent=self))
        self._set_busy(True)
