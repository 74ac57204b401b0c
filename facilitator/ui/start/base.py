"""What the windows shown before the vault is open have in common.

Each runs its slow part (Argon2id, integrity checks, the first digest) as a
:class:`~facilitator.ui.plumbing.workers.Task` from
:class:`~facilitator.ui.plumbing.vault_jobs.VaultJobs`,
shows an indeterminate busy bar and disables its form meanwhile, and says what
went wrong inline.  It emits ``opened(Unlocked)`` once the vault is open, and
``unexpected(exception)`` for anything that is not a
:class:`~facilitator.errors.UserFacingError` (the controller's crash path).

The unlock window of a damaged vault and the first-run window can restore a
backup (:meth:`StartWindow.choose_backup`): the file, then its passphrase in a
:class:`~facilitator.ui.start.restore_dialog.RestoreDialog`, then the restore job, which
opens the restored vault like an unlock does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.errors import UserFacingError
from facilitator.ui.dialogs.messages import Messages
from facilitator.ui.plumbing.vault_jobs import Unlocked, VaultJobs
from facilitator.ui.plumbing.workers import Task

# The restore dialog loads when a restore is asked for: not on the way to the first paint.
if TYPE_CHECKING:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QPaintEvent, QScreen, QShowEvent

    from facilitator.ui.start.restore_dialog import RestoreDialog

# The longest a job waits for the window's first paint (a window on another desktop
# may not be painted at once).
FIRST_PAINT_WAIT_MS = 300


# A run of characters longer than this, with no space in it (a folder's path), gets
# zero-width break opportunities so that a word-wrapped label can still wrap it.
_LONGEST_UNBROKEN = 32
_ZWSP = "\u200b"
# The widest a start window grows, in average characters (and never wider than the
# screen): its lines stay short enough to read.
MAX_WIDTH_CHARS = 110


def breakable(text: str) -> str:
    """``text`` with invisible break opportunities after path separators and inside long
    runs without spaces (issue 16 defect 14: a long path ran off the screen)."""
    out: list[str] = []
    run = 0
    for char in text:
        out.append(char)
        run = 0 if char.isspace() else run + 1
        if char in "/\\" or run >= _LONGEST_UNBROKEN:
            out.append(_ZWSP)
            run = 0
    return "".join(out)


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
        self._painted = False
        self._placed = False  # sized and centred on its screen when first shown
        self._deferred: list[Callable[[], None]] = []  # jobs waiting for the first paint
        self.restore_dialog: RestoreDialog | None = None
        self._restoring_into: Path | None = None  # while a restore job runs
        self.setMinimumWidth(480)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(self.tr("Working"))
        self.busy.setVisible(False)
        # What went wrong, inline: a warning icon from the style, the message beside it.
        self.problem = text_label(name=self.tr("Problem"))
        font = self.problem.font()
        font.setBold(True)
        self.problem.setFont(font)
        # Its picture is drawn when a problem is first shown (_finish_problem_box).
        icon = self.problem_icon = QLabel()
        icon.setAccessibleName(self.tr("Warning"))
        # What the user can do about it: buttons under the text (see add_problem_action).
        self.problem_actions = QHBoxLayout()
        self.problem_actions.setContentsMargins(0, 0, 0, 0)
        self.problem_actions.addStretch(1)
        text_column = QVBoxLayout()
        text_column.addWidget(self.problem)
        text_column.addLayout(self.problem_actions)
        self.problem_box = QFrame()
        self.problem_box.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self.problem_box)
        row.addWidget(icon)
        row.addLayout(text_column, 1)
        self.problem_box.setVisible(False)
        self.restore_button = QPushButton(self.tr("Restore from a &backup…"))
        self.restore_button.setAccessibleName(self.tr("Restore from a backup"))
        self.restore_button.setToolTip(
            self.tr("Choose a backup file (.fbk) and bring the vault back from it.")
        )

    @staticmethod
    def column(owner: QWidget) -> QVBoxLayout:
        layout = QVBoxLayout(owner)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        return layout

    @property
    def working(self) -> bool:
        return bool(self._deferred) or (self.task is not None and self.task.running)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous() and not self._placed:
            self._placed = True
            self._place()

    def _place(self) -> None:
        """Fit the window to the screen the app was showing and centre it there (issue 16
        defect 14: after a lock it came up in a corner, as wide as its longest line)."""
        screen = self._target_screen()
        if screen is None:
            return
        available = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_w = max(0, frame.width() - self.width())
        extra_h = max(0, frame.height() - self.height())
        widest = min(
            available.width() - extra_w,
            max(self.minimumWidth(), self.fontMetrics().averageCharWidth() * MAX_WIDTH_CHARS),
        )
        self.setMaximumWidth(max(widest, 1))
        width = min(max(self.width(), self.minimumWidth()), widest)
        height = self.height()
        layout = self.layout()
        if layout is not None:
            layout.activate()
            height = max(height, layout.totalHeightForWidth(width))
        height = min(height, available.height() - extra_h)
        self.resize(width, height)
        self._centre_on(available)

    def _target_screen(self) -> QScreen | None:
        """The screen of the window the app showed before this one (the main window
        being locked), else this window's own."""
        before = QApplication.activeWindow()
        if before is not None and before is not self and before.screen() is not None:
            return before.screen()
        return self.screen()

    def _centre_on(self, available: QRect) -> None:
        frame = self.frameGeometry()
        x = available.x() + max(0, (available.width() - frame.width()) // 2)
        y = available.y() + max(0, (available.height() - frame.height()) // 2)
        self.move(x, y)

    def _keep_on_screen(self) -> None:
        """After growing (a problem shown): still inside the screen, still centred."""
        screen = self.screen()
        if screen is not None and self.isVisible():
            self._centre_on(screen.availableGeometry())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # After this paint, not during it: the job thread's imports would hold the
            # interpreter while the window is still being drawn.
            QTimer.singleShot(0, self, self._after_first_paint)

    def _after_first_paint(self) -> None:
        # The jobs, not this window, say when it is done: they outlive it (see
        # VaultJobs.warm_up; the app then loads the main window).
        self.jobs.warm_up()
        self._start_deferred()

    def when_painted(self, start: Callable[[], None]) -> None:
        """Call ``start`` (which starts a job) once this window is on screen: now if it
        is not shown or already painted, else after its first paint, or at the latest
        after FIRST_PAINT_WAIT_MS.  :attr:`working` is true meanwhile."""
        if self._painted or not self.isVisible():
            start()
            return
        self._deferred.append(start)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, self, self._start_deferred)

    def _start_deferred(self) -> None:
        deferred, self._deferred = self._deferred, []
        for start in deferred:
            start()

    def _run(self, task: Task) -> None:
        self.task = task
        task.finished.connect(self._on_finished)
        task.failed.connect(self._on_failed)

    def add_problem_action(self, button: QPushButton) -> None:
        """Put ``button`` under the problem's text (before the stretch: left-aligned)."""
        self.problem_actions.insertWidget(self.problem_actions.count() - 1, button)

    def _on_finished(self, result: object) -> None:
        self._restoring_into = None
        self._set_busy(False)
        if result is not None:
            self.opened.emit(result)
        if isinstance(result, Unlocked) and result.kept_aside is not None:
            self._tell_kept_aside(result.kept_aside)

    def _tell_kept_aside(self, aside: Path) -> None:
        """Once the main window is up (this window is closed by then): where the
        replaced vault is, and that it can go once the restored one looks right."""
        from facilitator.ui.start.restore_dialog import kept_aside_text

        messages, title, text = self.messages, self.tr("Vault restored"), kept_aside_text(aside)
        QTimer.singleShot(0, lambda: messages.information(QApplication.activeWindow(), title, text))

    def _on_failed(self, exc: object) -> None:
        folder, self._restoring_into = self._restoring_into, None
        self._set_busy(False)
        if not isinstance(exc, UserFacingError):
            self.unexpected.emit(exc)
        elif folder is not None:
            from facilitator.ui.start.restore_dialog import restore_problem

            self.show_problem(restore_problem(exc, folder))
        else:
            self._show_problem(exc)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy.setVisible(busy)
        self.restore_button.setEnabled(not busy)

    # -- restoring a backup ------------------------------------------------------------
    def choose_backup(self, folder: Path, *, replace: bool) -> None:
        """Ask for the backup file, then (in a window-modal dialog) for its passphrase;
        restore once the dialog is accepted.  ``replace``: a vault in ``folder`` is
        moved aside (the unlock window of a damaged vault); else ``folder`` must hold
        none (first run)."""
        from facilitator.ui.start.restore_dialog import RestoreDialog, backup_filter

        if self.working:
            return
        chosen = self.messages.choose_open_file(
            self, self.tr("Choose the backup to restore"), Path.home(), backup_filter()
        )
        if chosen is None:
            return
        dialog = RestoreDialog(chosen, folder, replacing=replace, parent=self)
        dialog.accepted.connect(lambda: self._restore(dialog, folder, replace))
        dialog.finished.connect(lambda _code: self._drop_dialog(dialog))
        self.restore_dialog = dialog
        dialog.open()

    def _drop_dialog(self, dialog: RestoreDialog) -> None:
        dialog.deleteLater()
        if self.restore_dialog is dialog:
            self.restore_dialog = None

    def _restore(self, dialog: RestoreDialog, folder: Path, replace: bool) -> None:
        if self.working:
            return
        passphrase = dialog.passphrase.text()
        dialog.passphrase.clear()
        self.hide_problem()
        self._run(
            self.jobs.restore(dialog.backup, folder, passphrase, replace=replace, parent=self)
        )
        self._restoring_into = folder
        self._set_busy(True, self.tr("Restoring the backup… this takes a moment."))

    def _show_problem(self, exc: UserFacingError) -> None:
        self.show_problem(exc.message)

    def show_problem(self, text: str) -> None:
        if self.problem_icon.pixmap().isNull():
            self._finish_problem_box()
        self.problem.setText(text)
        self.problem_box.setVisible(True)
        self._fit_height()

    def _finish_problem_box(self) -> None:
        """The warning sign, its place and the selectable text, when a problem is first
        shown: the enums they need (QStyle's, and the Qt namespace's: some 30 ms to build
        in all) are not on the way to the window's first paint."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QStyle

        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        style = self.style()
        size = style.pixelMetric(QStyle.PixelMetric.PM_LargeIconSize)
        warning = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.problem_icon.setPixmap(warning.pixmap(size, size))
        row = self.problem_box.layout()
        if row is not None:
            row.setAlignment(self.problem_icon, Qt.AlignmentFlag.AlignTop)

    def _fit_height(self) -> None:
        """Grow (never shrink) to show wrapped text whole: a window's minimum size does not
        follow its word-wrapped labels' height for the width it has."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            screen = self.screen()
            if screen is not None:
                needed = min(needed, screen.availableGeometry().height())
            self.resize(self.width(), needed)
            self._keep_on_screen()

    def hide_problem(self) -> None:
        self.problem_box.setVisible(False)
