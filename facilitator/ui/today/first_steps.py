"""First steps: the checklist an empty vault's Today page starts with.

Four steps — create a group, add people (or import a roster, with a template to
fill in), check in a session, make a backup — each with a button that does it and
a tick once the vault has it (:class:`~facilitator.services.first_steps.FirstSteps`,
read in one call).  The panel goes once every step is done, or when dismissed.

The buttons lead through navigation targets (the frame opens the New group
dialog, the Members page, the Reports page's import, Back Up Now): the Today
page knows no other page.  Saving the roster template happens here (a save
dialog, then the file written atomically on the vault's thread).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.app import Services
from facilitator.domain.changes import Change
from facilitator.services.first_steps import FirstSteps, save_roster_template
from facilitator.ui.kit.translate import translate
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import (
    BackUpNowTarget,
    GroupTarget,
    NewItemTarget,
    ReportsTarget,
    SessionTarget,
    Target,
)

DONE_MARK = "✓"  # ✓
TODO_MARK = "○"  # ○
TEMPLATE_NAME = "roster-template.csv"
STEP_CHANGES = Change.GROUPS | Change.MEMBERS | Change.ATTENDANCE | Change.SETTINGS


def _tr(text: str) -> str:
    return translate("Today", text)


class FirstStepsPanel(QFrame):
    """The checklist.  ``navigate(target)`` for every step's button; ``show_steps`` fills
    it in (hidden when nothing is left to do or it was dismissed)."""

    navigate = Signal(object)
    dismissed = Signal()

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.steps: FirstSteps | None = None
        self.tonight: SessionTarget | None = None  # today's first session, when there is one
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_tr("First steps"))
        self.heading = QLabel(_tr("First steps"))
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.intro = QLabel(
            _tr("Four things make the app useful. Each button does one; a tick shows it is done.")
        )
        self.intro.setWordWrap(True)
        self.dismiss_button = QPushButton(_tr("&Hide these steps"))
        self.dismiss_button.setAccessibleName(_tr("Hide the first steps for good"))
        self.dismiss_button.clicked.connect(self.dismiss)

        self._make_buttons()
        self.marks: dict[str, QLabel] = {}
        self.texts: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        rows = (
            ("group", _tr("Create a group"), (self.new_group,)),
            (
                "people",
                _tr("Add people, or import a roster"),
                (self.add_people, self.import_roster, self.save_template),
            ),
            ("check_in", _tr("Check in a session"), (self.check_in,)),
            ("backup", _tr("Make a backup"), (self.back_up,)),
        )
        for index, (key, text, buttons) in enumerate(rows):
            mark = QLabel(TODO_MARK)
            mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
            mark.setMinimumWidth(mark.fontMetrics().horizontalAdvance("MM"))
            label = QLabel(text)
            self.marks[key], self.texts[key] = mark, label
            line = QHBoxLayout()
            line.setSpacing(6)
            for made in buttons:
                line.addWidget(made)
            line.addStretch(1)
            grid.addWidget(mark, index, 0)
            grid.addWidget(label, index, 1)
            grid.addLayout(line, index, 2)
        grid.setColumnStretch(2, 1)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.dismiss_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 10, 12, 12)
        column.addLayout(top)
        column.addWidget(self.intro)
        column.addLayout(grid)
        self.setVisible(False)
        backend.changes.connect(self._heard)

    def _make_buttons(self) -> None:
        def button(text: str, name: str, target: Target | None = None) -> QPushButton:
            made = QPushButton(text)
            made.setAccessibleName(name)
            if target is not None:
                made.clicked.connect(lambda: self.navigate.emit(target))
            return made

        self.new_group = button(_tr("New group…"), _tr("Create a group"), NewItemTarget("groups"))
        self.add_people = button(_tr("Add people…"), _tr("Add a member"), NewItemTarget("members"))
        self.import_roster = button(
            _tr("Import a roster…"), _tr("Import a roster"), ReportsTarget("import")
        )
        self.save_template = button(
            _tr("Save a CSV template…"), _tr("Save a roster template to fill in")
        )
        self.save_template.setToolTip(
            _tr("A spreadsheet file with the columns the import reads, and one example row")
        )
        self.save_template.clicked.connect(self.save_roster_template)
        self.check_in = button(_tr("Check in…"), _tr("Check in a session"))
        self.check_in.clicked.connect(self._check_in)
        self.back_up = button(_tr("Back Up Now…"), _tr("Make a backup"), BackUpNowTarget())

    def buttons(self) -> list[QPushButton]:
        """The panel's buttons in screen order (for the page's keyboard order)."""
        return [
            self.dismiss_button,
            self.new_group,
            self.add_people,
            self.import_roster,
            self.save_template,
            self.check_in,
            self.back_up,
        ]

    # -- reading ------------------------------------------------------------------------
    def read(self) -> None:
        """Ask the vault which steps are done (one call)."""
        self.backend.call(lambda s: s.today.first_steps(), self.show_steps, context=self)

    def _heard(self, written: Change, _asker: object) -> None:
        """A step done anywhere (a backup from the banner, a group from Ctrl+N) ticks at
        once, while the checklist is still shown."""
        if self.steps is not None and self.steps.shown and written & STEP_CHANGES:
            self.read()

    def set_tonight(self, tonight: SessionTarget | None) -> None:
        """Where "check in" leads: today's first session, when there is one."""
        self.tonight = tonight
        if self.steps is not None:
            self.show_steps(self.steps)

    def show_steps(self, steps: FirstSteps) -> None:
        self.steps = steps
        tonight = self.tonight
        done = {
            "group": steps.has_group,
            "people": steps.has_member,
            "check_in": steps.has_check_in,
            "backup": steps.has_backup,
        }
        for key, is_done in done.items():
            mark = self.marks[key]
            mark.setText(DONE_MARK if is_done else TODO_MARK)
            mark.setAccessibleName(_tr("Done") if is_done else _tr("Not done yet"))
            font = self.texts[key].font()
            font.setStrikeOut(is_done)
            self.texts[key].setFont(font)
        self.check_in.setEnabled(tonight is not None or steps.first_group_id is not None)
        self.check_in.setText(
            _tr("Check in tonight…") if tonight else _tr("Open a group's sessions…")
        )
        self.check_in.setToolTip("" if self.check_in.isEnabled() else _tr("Create a group first"))
        self.setVisible(steps.shown)

    def _check_in(self) -> None:
        if self.tonight is not None:
            self.navigate.emit(self.tonight)
        elif self.steps is not None and self.steps.first_group_id is not None:
            self.navigate.emit(GroupTarget(self.steps.first_group_id, "sessions"))

    def dismiss(self) -> None:
        self.setVisible(False)
        self.backend.call(lambda s: s.today.dismiss_first_steps(), context=self)
        self.dismissed.emit()

    def save_roster_template(self) -> None:
        path = self.backend.messages.choose_save_file(
            self,
            _tr("Save a roster template"),
            Path.home() / TEMPLATE_NAME,
            _tr("CSV files (*.csv)"),
        )
        if path is None:
            return

        def job(_services: Services) -> None:
            save_roster_template(path)

        self.backend.call(
            job,
            lambda _none: self.backend.messages.information(
                self,
                _tr("Template saved"),
                _tr(
                    "Open it in a spreadsheet, replace the example row with your group's "
                    "people, save it as CSV, then use “Import a roster…”."
                ),
            ),
            context=self,
        )
