"""File ▸ Change Passphrase…: the current passphrase, the new one twice (strong, as the
first-run window asks), then the change on the vault's job thread with a busy state
(issue 16 defect 12).

A wrong current passphrase is said in the dialog, which stays open with what else was
typed; success closes it and says what changed (backups keep their old passphrase).
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.errors import UserFacingError, WrongPassphrase
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.start import strength
from facilitator.ui.start.base import text_label
from facilitator.ui.start.keys import vault_keys


class ChangePassphraseDialog(QDialog):
    """Change the vault's passphrase; ``accepted`` once it is changed."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.strength = strength.Strength(0)
        self.changing = False
        self.setWindowTitle(self.tr("Change the passphrase"))
        self.setAccessibleName(self.tr("Change the passphrase"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.current = self._field(self.tr("Current passphrase"))
        self.new = self._field(self.tr("New passphrase"))
        self.again = self._field(self.tr("New passphrase again"))
        self.strength_bar = QProgressBar()
        self.strength_bar.setRange(0, strength.MAX_SCORE)
        self.strength_bar.setAccessibleName(self.tr("Passphrase strength"))
        self.advice = text_label(name=self.tr("Advice on the passphrase"))
        self.why_strong = text_label(strength.why_strong(), name=self.tr("Why a strong passphrase"))
        self.reason = text_label(name=self.tr("Why the passphrase cannot be changed yet"))
        self.problem = text_label(name=self.tr("Problem"))
        font = self.problem.font()
        font.setBold(True)
        self.problem.setFont(font)
        self.problem.setVisible(False)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(self.tr("Working"))
        self.busy.setVisible(False)
        cancel = self._build_buttons()
        self._build_layout()

        self.current.textChanged.connect(self._update)
        self.new.textChanged.connect(self._evaluate)
        self.again.textChanged.connect(self._update)
        for first, second in itertools.pairwise(
            (self.current, self.new, self.again, self.change_button, cancel)
        ):
            QWidget.setTabOrder(first, second)
        self._evaluate()
        self.current.setFocus()

    def _build_buttons(self) -> QPushButton:
        self.change_button = QPushButton(self.tr("&Change passphrase"))
        self.change_button.setAccessibleName(self.tr("Change passphrase"))
        self.change_button.setDefault(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.change_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        return cancel

    def _build_layout(self) -> None:
        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for text, field in (
            (self.tr("C&urrent passphrase:"), self.current),
            (self.tr("&New passphrase:"), self.new),
            (self.tr("&Again:"), self.again),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow(self.tr("Strength:"), self.strength_bar)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.advice)
        layout.addWidget(self.why_strong)
        layout.addWidget(self.reason)
        layout.addWidget(self.problem)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """Tall enough for the wrapped advice at this width (a dialog's size hint does not
        follow its word-wrapped labels)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        self.setMinimumHeight(needed)
        if needed > self.height():
            self.resize(self.width(), needed)

    def _field(self, name: str) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(name)
        return field

    def why_not_ready(self) -> str:
        """Why "Change passphrase" waits, or "" when it does not."""
        current, new, again = self.current.text(), self.new.text(), self.again.text()
        checks = (
            (not current, self.tr("Type the passphrase the vault has now.")),
            (
                not new.strip(),
                self.tr("Type a new passphrase, then type it again to confirm it."),
            ),
            (not self.strength.acceptable, strength.too_weak()),
            (
                new == current,
                self.tr("The new passphrase is the one the vault has now. Choose another."),
            ),
            (
                not again,
                self.tr("Type the new passphrase again to be sure it is the one you meant."),
            ),
            (again != new, self.tr("The two new passphrases do not match.")),
        )
        return next((reason for failing, reason in checks if failing), "")

    def _evaluate(self) -> None:
        self.strength = strength.evaluate(self.new.text())
        self._update()

    def _update(self) -> None:
        typed = bool(self.new.text())
        self.strength_bar.setValue(self.strength.score)
        self.strength_bar.setFormat(
            strength.label(self.strength.score) if typed else self.tr("Nothing typed yet")
        )
        role = QPalette.ColorRole.Highlight if self.strength.acceptable else QPalette.ColorRole.Mid
        bar_palette = self.strength_bar.palette()
        bar_palette.setColor(QPalette.ColorRole.Highlight, self.palette().color(role))
        self.strength_bar.setPalette(bar_palette)
        advice = [s for s in (self.strength.warning, *self.strength.suggestions) if s]
        self.advice.setText(" ".join(advice))
        self.advice.setVisible(bool(advice) and typed)
        reason = self.why_not_ready()
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason) and not self.changing)
        self.change_button.setEnabled(not reason and not self.changing)
        self.change_button.setToolTip(reason)
        if self.isVisible():
            self._fit_height()

    # -- changing -------------------------------------------------------------------
    def accept(self) -> None:
        """Start the change (Enter or the button); the dialog closes once it is done."""
        if self.changing or self.why_not_ready():
            return
        current, new = self.current.text(), self.new.text()
        self.problem.setVisible(False)
        task = self.backend.call(
            lambda s: vault_keys(s).change_passphrase(current, new),
            self._changed,
            failed=self._failed,
            context=self,
        )
        if task is not None:
            self._set_busy(True)

    def reject(self) -> None:
        if not self.changing:  # the change cannot be called back once it runs
            super().reject()

    def _set_busy(self, busy: bool) -> None:
        self.changing = busy
        self.busy.setVisible(busy)
        self.form.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not busy)
        if busy:
            self.reason.setText(self.tr("Changing the passphrase… this takes a moment."))
            self.reason.setVisible(True)
        self._update()
        if busy:
            self.reason.setVisible(True)

    def _changed(self, _result: object) -> None:
        self._set_busy(False)
        for field in (self.current, self.new, self.again):
            field.clear()
        self.backend.messages.information(
            self.parentWidget(),
            self.tr("Passphrase changed"),
            self.tr(
                "The vault now opens with the new passphrase; the old one no longer does. "
                "The data is not encrypted again: an older copy of the vault's folder "
                "(a backup, a synced or copied folder) still opens with the passphrase it "
                "had, and so does a copy of its key file with today's data. If the old "
                "passphrase may be known, make a new vault from a backup instead (README, "
                "\u201cChanging the passphrase\u201d)."
            ),
        )
        super().accept()

    def _failed(self, exc: UserFacingError) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongPassphrase):
            text = self.tr(
                "The current passphrase is not right: it does not open this vault. Check "
                "the keyboard layout and Caps Lock, and type it again. Nothing was changed."
            )
            self.current.clear()
            self.current.setFocus()
        else:
            text = exc.message
        self.problem.setText(text)
        self.problem.setVisible(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
