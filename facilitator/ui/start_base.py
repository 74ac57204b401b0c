"""What the windows shown before the vault is open have in common.

Each runs its slow part (Argon2id, integrity checks, the first digest) as a
:class:`~facilitator.ui.workers.Task` from :class:`~facilitator.ui.vault_jobs.VaultJobs`,
shows an indeterminate busy bar and disables its form meanwhile, and says what
went wrong inline.  It emits ``opened(Unlocked)`` once the vault is open, and
``unexpected(exception)`` for anything that is not a
:class:`~facilitator.errors.UserFacingError` (the controller's crash path).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from facilitator.errors import UserFacingError
from facilitator.ui.messages import Messages
from facilitator.ui.vault_jobs import VaultJobs
from facilitator.ui.workers import Task


def text_label(text: str = "", *, name: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    return label


def heading_label(text: str) -> QLabel:
    label = text_label(text, name=text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.4)
    label.setFont(font)
    return label


class StartWindow(QWidget):
    opened = Signal(object)  # Unlocked
    unexpected = Signal(object)  # an exception that is not a UserFacingError

    def __init__(self, jobs: VaultJobs, messages: Messages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.messages = messages
        self.task: Task | None = None
        self.setMinimumWidth(480)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(self.tr("Working"))
        self.busy.setVisible(False)
        # What went wrong, inline: a warning icon from the style, the message beside it.
        self.problem = text_label(name=self.tr("Problem"))
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.problem.font()
        font.setBold(True)
        self.problem.setFont(font)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_LargeIconSize)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(warning.pixmap(size, size))
        icon.setAccessibleName(self.tr("Warning"))
        self.problem_box = QFrame()
        self.problem_box.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self.problem_box)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.problem, 1)
        self.problem_box.setVisible(False)

    @staticmethod
    def column(owner: QWidget) -> QVBoxLayout:
        layout = QVBoxLayout(owner)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        return layout

    @property
    def working(self) -> bool:
        return self.task is not None and self.task.running

    def _run(self, task: Task) -> None:
        self.task = task
        task.finished.connect(self._on_finished)
        task.failed.connect(self._on_failed)

    def _on_finished(self, result: object) -> None:
        self._set_busy(False)
        if result is not None:
            self.opened.emit(result)

    def _on_failed(self, exc: object) -> None:
        self._set_busy(False)
        if isinstance(exc, UserFacingError):
            self._show_problem(exc)
        else:
            self.unexpected.emit(exc)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy.setVisible(busy)

    def _show_problem(self, exc: UserFacingError) -> None:
        self.show_problem(exc.message)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem_box.setVisible(True)

    def hide_problem(self) -> None:
        self.problem_box.setVisible(False)
