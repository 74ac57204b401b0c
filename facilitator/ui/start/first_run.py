"""The first-run window: where the vault lives, its passphrase (twice, strong enough),
and whether to remember its key on this computer."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.ui.dialogs.messages import Messages
from facilitator.ui.plumbing.vault_jobs import VaultJobs
from facilitator.ui.start import strength
from facilitator.ui.start.base import StartWindow, heading_label, text_label
from facilitator.vault_folder import vault_exists

NEW_VAULT_FOLDER = "Facilitator vault"  # made inside a chosen folder that is not empty


def vault_target(chosen: Path) -> Path:
    """Where a vault goes when ``chosen`` is picked: the folder itself if it holds a
    vault, is empty or does not exist yet; else a new folder inside it (a vault's
    folder is made private, which must not happen to, say, the Documents folder)."""
    if vault_exists(chosen) or not chosen.exists():
        return chosen
    if chosen.is_dir() and not any(chosen.iterdir()):
        return chosen
    return chosen / NEW_VAULT_FOLDER


class FirstRunWindow(StartWindow):
    """Create a vault."""

    open_existing = Signal(object)  # Path of a vault found in the chosen folder

    def __init__(
        self, folder: Path, jobs: VaultJobs, messages: Messages, parent: QWidget | None = None
    ) -> None:
        super().__init__(jobs, messages, parent)
        self.setWindowTitle(self.tr("Facilitator — create your vault"))
        self.target = vault_target(folder)
        self.strength = strength.Strength(0)
        self._build_fields()
        self._build_layout()
        self.passphrase.textChanged.connect(self._evaluate)
        self.repeat.textChanged.connect(self._update)
        self.passphrase.returnPressed.connect(self.repeat.setFocus)
        self.repeat.returnPressed.connect(self.create_vault)
        order = (
            self.choose_button,
            self.passphrase,
            self.repeat,
            self.remember,
            self.open_existing_button,
            self.create_button,
            self.restore_button,
        )
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self._evaluate()
        self.passphrase.setFocus()

    def _build_fields(self) -> None:
        self.folder_edit = QLineEdit(str(self.target))
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setAccessibleName(self.tr("Vault folder"))
        self.choose_button = QPushButton(self.tr("Choose…"))
        self.choose_button.setAccessibleName(self.tr("Choose the vault folder"))
        self.choose_button.clicked.connect(self._choose_folder)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("New passphrase"))
        self.passphrase.setPlaceholderText(self.tr("Several words that do not belong together"))
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(self.tr("New passphrase again"))
        self.repeat.setPlaceholderText(self.tr("The same passphrase again"))
        self.strength_bar = QProgressBar()
        self.strength_bar.setRange(0, strength.MAX_SCORE)
        self.strength_bar.setAccessibleName(self.tr("Passphrase strength"))
        self.advice = text_label(name=self.tr("Advice on the passphrase"))
        self.why_strong = text_label(strength.why_strong(), name=self.tr("Why a strong passphrase"))
        self.remember = QCheckBox(self.tr("Remember on this computer"))
        self.remember.setAccessibleName(self.tr("Remember on this computer"))
        self.remember_note = text_label(name=self.tr("About remembering"))
        self._describe_keyring()
        self.reason = text_label(name=self.tr("Why the vault cannot be created yet"))
        self.open_existing_button = QPushButton(self.tr("Unlock that vault instead"))
        self.open_existing_button.setAccessibleName(self.tr("Unlock the vault in that folder"))
        self.open_existing_button.clicked.connect(lambda: self.open_existing.emit(self.target))
        self.create_button = QPushButton(self.tr("Create vault"))
        self.create_button.setAccessibleName(self.tr("Create vault"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_vault)
        self.restore_button.clicked.connect(self.restore_backup)
        self.restore_note = text_label(
            self.tr("Moving to a new computer? Make the vault from a backup instead:"),
            name=self.tr("About restoring a backup"),
        )

    def _build_layout(self) -> None:
        intro = text_label(
            self.tr(
                "Facilitator keeps your groups, members, attendance and notes in one "
                "encrypted vault: a folder on this computer that nobody can read without "
                "your passphrase. Nobody can recover the passphrase, or the data without "
                "it, so choose one you will remember and keep a copy somewhere safe."
            ),
            name=self.tr("About the vault"),
        )
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.choose_button)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Vault folder:"), folder_row)
        form.addRow(self.tr("Passphrase:"), self.passphrase)
        form.addRow(self.tr("Again:"), self.repeat)
        form.addRow(self.tr("Strength:"), self.strength_bar)
        form.addRow("", self.advice)
        form.addRow("", self.why_strong)
        remember_box = QVBoxLayout()
        remember_box.setSpacing(2)
        remember_box.addWidget(self.remember)
        remember_box.addWidget(self.remember_note)
        form.addRow("", remember_box)
        self.form = QWidget()
        self.form.setLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reason, 1)
        buttons.addStretch(0)  # keeps the buttons right when there is no reason to give
        buttons.addWidget(self.open_existing_button)
        buttons.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = self.column(self)
        for widget in (heading_label(self.tr("Create your vault")), intro, self.form):
            layout.addWidget(widget)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        restore_row = QHBoxLayout()
        restore_row.addWidget(self.restore_note, 1)
        restore_row.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(restore_row)
        layout.addWidget(self.busy)
        layout.addWidget(self.problem_box)
        layout.addStretch(1)

    def _describe_keyring(self) -> None:
        # Here, not at the top: the unlock window must not wait for the vault's code.
        from facilitator import app

        status = app.keyring_status()
        if status.available:
            note = self.tr(
                "The vault's key will be kept in this computer's keyring ({backend}), so "
                "Facilitator opens without the passphrase while you are logged in. Leave "
                "this off if anyone else uses this account."
            ).format(backend=status.backend)
        else:
            note = self.tr("Not available: {reason}.").format(reason=status.reason)
        self.remember.setEnabled(status.available)
        self.remember.setToolTip(note)
        self.remember_note.setText(note)

    def _choose_folder(self) -> None:
        start = self.target if self.target.exists() else self.target.parent
        chosen = self.messages.choose_folder(self, self.tr("Where should the vault live?"), start)
        if chosen is not None:
            self.target = vault_target(chosen)
            self.folder_edit.setText(str(self.target))
            self._evaluate()  # the folder's name is one of the words a guesser would try

    def why_not_ready(self) -> str:
        """Why "Create vault" is disabled, or "" when it is not."""
        first, second = self.passphrase.text(), self.repeat.text()
        if vault_exists(self.target):
            return self.tr("There is already a vault in this folder. Unlock it, or choose another.")
        if not first.strip():
            return self.tr("Type a passphrase, then type it again to confirm it.")
        if not self.strength.acceptable:
            return strength.too_weak()
        if not second:
            return self.tr("Type the passphrase again to be sure it is the one you meant.")
        if first != second:
            return self.tr("The two passphrases do not match.")
        return ""

    def _evaluate(self) -> None:
        """Score the passphrase (zxcvbn-rs: ~10 ms at most, any length), then bring the form
        up to date."""
        self.strength = strength.evaluate(self.passphrase.text(), (self.target.name,))
        self._update()

    def _update(self) -> None:
        text = self.passphrase.text()
        self.strength_bar.setValue(self.strength.score)
        self.strength_bar.setFormat(
            strength.label(self.strength.score) if text else self.tr("Nothing typed yet")
        )
        # The bar's chunk: the palette's highlight once strong enough, a muted shade before.
        role = QPalette.ColorRole.Highlight if self.strength.acceptable else QPalette.ColorRole.Mid
        bar_palette = self.strength_bar.palette()
        bar_palette.setColor(QPalette.ColorRole.Highlight, self.palette().color(role))
        self.strength_bar.setPalette(bar_palette)
        self.advice.setText(self._advice_text(text))
        reason = self.why_not_ready()
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        self.create_button.setEnabled(not reason and not self.working)
        self.create_button.setToolTip(reason)
        self.open_existing_button.setVisible(vault_exists(self.target))
        self.restore_note.setVisible(not vault_exists(self.target))
        self.restore_button.setVisible(not vault_exists(self.target))

    def _advice_text(self, text: str) -> str:
        if not text:
            return self.tr("A few unrelated words are easier to remember and harder to guess.")
        advice = [s for s in (self.strength.warning, *self.strength.suggestions) if s]
        if advice:
            return " ".join(advice)
        if self.strength.acceptable:
            return self.tr("Strong: very hard to guess.")
        return self.tr("Not strong enough yet: add another word or two.")

    def create_vault(self) -> None:
        if not self.create_button.isEnabled() or self.working:
            return
        passphrase = self.passphrase.text()
        self.hide_problem()
        self._run(
            self.jobs.create(
                self.target, passphrase, remember=self.remember.isChecked(), parent=self
            )
        )
        self._set_busy(True)

    def restore_backup(self) -> None:
        """Make the vault in the chosen folder from a backup (a new computer)."""
        self.choose_backup(self.target, replace=False)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        super()._set_busy(busy, text)
        self.form.setEnabled(not busy)
        if busy:
            self.create_button.setEnabled(False)
            self.reason.setText(text or self.tr("Creating the vault… this takes a moment."))
            self.reason.setVisible(True)
        else:
            self._update()
