"""The main window's File menu items for the vault's key (issue 16 defect 12): "Change
Passphrase…" and "Remember on This Computer" (checked while the key is remembered;
unchecking forgets it).  The same services as the command line's ``passwd``,
``remember`` and ``forget``, called on the vault's job thread through the Backend.

Remembering is explained and confirmed before it is turned on: anyone who can log in to
this computer account then opens the vault without the passphrase.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from facilitator.app import Services
from facilitator.errors import UserFacingError
from facilitator.ui.dialogs.messages import Messages
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.start.keys import vault_keys

if TYPE_CHECKING:
    from facilitator.ui.start.change_passphrase import ChangePassphraseDialog


def _remembered_and_status(services: Services) -> tuple[bool, bool, str]:
    """On the job thread: (remembered now, a secure keyring is there, why not)."""
    from facilitator import app

    status = app.keyring_status()
    remembered = status.available and vault_keys(services).is_remembered()
    return remembered, status.available, status.reason


class VaultKeyActions(QObject):
    """Builds the two actions on ``window`` and does what they ask."""

    def __init__(self, window: QWidget, backend: Backend, messages: Messages) -> None:
        super().__init__(window)
        self.window = window
        self.backend = backend
        self.messages = messages
        self.dialog: ChangePassphraseDialog | None = None
        self.change_action = QAction(self.tr("Change &Passphrase…"), window)
        self.change_action.setObjectName("change_passphrase")
        self.change_action.setStatusTip(self.tr("Choose a new passphrase for this vault"))
        self.change_action.triggered.connect(self.change_passphrase)
        self.remember_action = QAction(self.tr("&Remember on This Computer"), window)
        self.remember_action.setObjectName("remember_key")
        self.remember_action.setCheckable(True)
        self.remember_action.setEnabled(False)  # until the keyring has answered
        self.remember_action.setStatusTip(
            self.tr("Open this vault without the passphrase while you are logged in here")
        )
        self.remember_action.triggered.connect(self._remember_chosen)
        self.status_asked = False

    def ask_status(self) -> None:
        """Ask the keyring whether the key is remembered, once, when the File menu is
        first opened: not as the main window is built, where the question (and loading
        the keyring's modules) stood in the job thread's queue before Today's read."""
        if self.status_asked:
            return
        self.status_asked = True
        self.backend.call(_remembered_and_status, self._show_status, context=self)

    def actions(self) -> list[QAction]:
        return [self.change_action, self.remember_action]

    # -- change passphrase ----------------------------------------------------------
    def change_passphrase(self) -> None:
        from facilitator.ui.start.change_passphrase import ChangePassphraseDialog

        if self.dialog is not None:
            self.dialog.raise_()
            return
        dialog = self.dialog = ChangePassphraseDialog(self.backend, self.window)
        dialog.finished.connect(lambda _code: self._drop_dialog(dialog))
        dialog.open()

    def _drop_dialog(self, dialog: ChangePassphraseDialog) -> None:
        dialog.deleteLater()
        if self.dialog is dialog:
            self.dialog = None

    # -- remember / forget ----------------------------------------------------------
    def _show_status(self, answer: tuple[bool, bool, str]) -> None:
        remembered, available, reason = answer
        self.remember_action.setChecked(remembered)
        self.remember_action.setEnabled(available or remembered)
        if not available:
            self.remember_action.setToolTip(
                self.tr("Not available: {reason}.").format(reason=reason)
            )
            self.remember_action.setStatusTip(self.remember_action.toolTip())

    def _remember_chosen(self, checked: bool) -> None:
        # Shown as it was until the job says otherwise.
        self.remember_action.setChecked(not checked)
        if checked:
            self.remember()
        else:
            self.forget()

    def remember(self) -> None:
        """Explain, confirm, then keep the key in this computer's keyring."""
        if not self.messages.confirm(
            self.window,
            self.tr("Remember the vault's key on this computer?"),
            self.tr(
                "The vault will open without its passphrase for anyone who can log in to "
                "this computer account: the key is kept in the account's keyring. Turn "
                "this on only if nobody else uses this account, and the computer locks "
                "when you leave it. You can turn it off again here."
            ),
            self.tr("Remember"),
        ):
            return
        self.backend.call(
            lambda s: vault_keys(s).remember(),
            lambda _none: self._remembered(True),
            failed=self._refused,
            context=self,
        )

    def forget(self) -> None:
        self.backend.call(lambda s: vault_keys(s).forget(), self._forgotten, context=self)

    def _remembered(self, on: bool) -> None:
        self.remember_action.setChecked(on)
        self.messages.information(
            self.window,
            self.tr("Key remembered"),
            self.tr(
                "The vault will open on this computer without the passphrase while you are "
                "logged in. Keep the passphrase anyway: a backup, or another computer, "
                "needs it."
            ),
        )

    def _refused(self, exc: UserFacingError) -> None:
        self.remember_action.setChecked(False)
        self.messages.warning(self.window, self.tr("Not remembered"), exc.message)

    def _forgotten(self, _removed: bool) -> None:
        self.remember_action.setChecked(False)
        self.messages.information(
            self.window,
            self.tr("Key forgotten"),
            self.tr(
                "The vault's key is no longer kept on this computer: it asks for the "
                "passphrase each time it opens."
            ),
        )
