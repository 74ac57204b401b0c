"""The small dialog before a sign-in sheet is printed or saved: which names, how many
blank rows, which paper, any extra columns, and which typed details to print blank, and
then "Print…" (the main action: Enter) or "Save as PDF…".  It only asks; the screen
that opened it prints or saves (:class:`facilitator.ui.editors.sheet_flow.SheetFlow`,
:meth:`facilitator.ui.session.page.SessionPage.print_sheet`).  When the leak guard refuses a
sheet, the session screen opens the dialog again with the same choices and the refusal
shown in it (which field, what kind of identifier, never the value), so the person can
print that field blank or change what they typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator.services.sheets import (
    DEFAULT_BLANK_ROWS,
    MAX_BLANK_ROWS,
    NameMode,
    SheetField,
    default_paper_name,
)
from facilitator.ui.kit.closing import GuardedDialog
from facilitator.ui.kit.widgets import ProblemBox, secondary_text

PAPER_A4 = "a4"  # the paper names sheet_options() understands
PAPER_LETTER = "letter"


class SheetAction(Enum):
    """Which button closed the dialog."""

    PRINT = "print"
    SAVE = "save"


@dataclass(frozen=True, slots=True)
class SheetChoice:
    """What the person chose; ``paper`` None: the usual paper where they live."""

    names: NameMode = NameMode.FULL
    blank_rows: int = DEFAULT_BLANK_ROWS
    paper: str | None = None
    columns: tuple[str, ...] = ()
    leave_blank: frozenset[SheetField] = field(default_factory=frozenset)


class SheetDialog(GuardedDialog):
    """Choices for a sign-in sheet.  ``names`` preselects a name mode (initials while the
    privacy screen is on); ``choice`` and ``problem``: the choices of a sheet that was
    refused, and why, to show them again."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        names: NameMode = NameMode.FULL,
        paper_default: str | None = None,
        choice: SheetChoice | None = None,
        problem: str = "",
        main: SheetAction = SheetAction.PRINT,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print a sign-in sheet"))
        self.setAccessibleName(self.tr("Print a sign-in sheet"))
        self.setMinimumWidth(480)

        names_box = self._build_names(names)
        self.blank_rows = QSpinBox()
        self.blank_rows.setRange(0, MAX_BLANK_ROWS)
        self.blank_rows.setValue(DEFAULT_BLANK_ROWS)
        self.blank_rows.setAccessibleName(self.tr("Blank rows for newcomers"))

        self.paper = QComboBox()
        automatic = paper_default or default_paper_name()
        self.paper.addItem(self.tr("Automatic (%1)").replace("%1", automatic), None)
        self.paper.addItem(self.tr("A4"), PAPER_A4)
        self.paper.addItem(self.tr("Letter"), PAPER_LETTER)
        self.paper.setAccessibleName(self.tr("Paper size"))

        self.columns = QLineEdit()
        self.columns.setAccessibleName(self.tr("Extra columns"))
        self.columns.setPlaceholderText(self.tr("Optional, separated by commas"))
        blank_box = self._build_blank()

        self.problem = ProblemBox(name=self.tr("Why the sheet was not saved"))
        self.problem.show_problem(problem)

        form = self._build_form(names_box, blank_box)
        self.action = main
        self.buttons = self._build_buttons(main)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        if choice is not None:
            self._restore(choice)
        self._modes[choice.names if choice is not None else names].setFocus()

    def _build_buttons(self, main: SheetAction) -> QDialogButtonBox:
        """``main`` (Print…, unless the person asked to save) is the only default button:
        Enter does it (issue 16 defect 2: Cancel was drawn as the default); no other
        button becomes the default when it has the focus (autoDefault off)."""
        buttons = QDialogButtonBox()
        self.print_button = buttons.addButton(
            self.tr("&Print…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.print_button.setAccessibleName(self.tr("Print the sign-in sheet"))
        self.save_button = buttons.addButton(
            self.tr("&Save as PDF…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.setAccessibleName(self.tr("Save the sign-in sheet as a PDF file"))
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        assert self.cancel_button is not None
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        for button in (self.print_button, self.save_button, self.cancel_button):
            button.setAutoDefault(False)
        main_button = self.print_button if main is SheetAction.PRINT else self.save_button
        self.set_main_button(main_button)  # the kit's: Enter does it; closing after a change asks
        self.print_button.clicked.connect(lambda: self._finish(SheetAction.PRINT))
        self.save_button.clicked.connect(lambda: self._finish(SheetAction.SAVE))
        buttons.rejected.connect(self.reject)
        return buttons

    def _finish(self, action: SheetAction) -> None:
        self.action = action
        self.accept()

    def _build_blank(self) -> QVBoxLayout:
        self.blank_place = QCheckBox(self.tr("The p&lace"))
        self.blank_place.setAccessibleName(self.tr("Print the place blank"))
        self.blank_facilitator = QCheckBox(self.tr("The facili&tator"))
        self.blank_facilitator.setAccessibleName(self.tr("Print the facilitator blank"))
        self.blank_title = QCheckBox(self.tr("The title (the sheet says \u201cMeeting\u201d)"))
        self.blank_title.setAccessibleName(self.tr("Print the neutral title Meeting"))
        self.blank_boxes = {
            SheetField.PLACE: self.blank_place,
            SheetField.FACILITATOR: self.blank_facilitator,
            SheetField.TITLE: self.blank_title,
        }
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        for check in self.blank_boxes.values():
            box.addWidget(check)
        return box

    def _restore(self, choice: SheetChoice) -> None:
        self._modes[choice.names].setChecked(True)
        self.blank_rows.setValue(choice.blank_rows)
        self.paper.setCurrentIndex(max(0, self.paper.findData(choice.paper)))
        self.columns.setText(", ".join(choice.columns))
        for which, check in self.blank_boxes.items():
            check.setChecked(which in choice.leave_blank)

    def offer_blank(self, fields: tuple[SheetField, ...]) -> None:
        """Tick the boxes that print ``fields`` blank (the fields a refusal named) and
        focus the first; an extra column's title is corrected in its own field."""
        focus: QWidget | None = None
        for which in fields:
            check = self.blank_boxes.get(which)
            if check is not None:
                check.setChecked(True)
            focus = focus or check or (self.columns if which is SheetField.COLUMN else None)
        if focus is not None:
            focus.setFocus()

    def _build_names(self, names: NameMode) -> QVBoxLayout:
        self.full_names = QRadioButton(self.tr("&Full names"))
        self.full_names.setAccessibleName(self.tr("Print full names"))
        self.initials = QRadioButton(self.tr("First name and last &initial"))
        self.initials.setAccessibleName(self.tr("Print first names and last initials"))
        self.no_names = QRadioButton(self.tr("&No names (a blank sheet)"))
        self.no_names.setAccessibleName(self.tr("Print no names: a blank sheet"))
        self._modes = {
            NameMode.FULL: self.full_names,
            NameMode.INITIALS: self.initials,
            NameMode.NONE: self.no_names,
        }
        self.name_group = QButtonGroup(self)
        for button in self._modes.values():
            self.name_group.addButton(button)
        self._modes[names].setChecked(True)
        names_box = QVBoxLayout()
        names_box.setContentsMargins(0, 0, 0, 0)
        for button in self._modes.values():
            names_box.addWidget(button)
        names_explain = QLabel(
            self.tr(
                "The sheet lists the group's active members and shows the group's printed "
                "title, never its name. With no names, every row is blank: people write "
                "what they wish."
            )
        )
        names_explain.setWordWrap(True)
        secondary_text(names_explain)  # 4.5:1, not the placeholder's 3.9:1
        names_box.addWidget(names_explain)
        return names_box

    def _build_form(self, names_box: QVBoxLayout, blank_box: QVBoxLayout) -> QFormLayout:
        form = QFormLayout()
        names_label = QLabel(self.tr("Names:"))
        form.addRow(names_label, names_box)
        blank_label = QLabel(self.tr("&Blank rows:"))
        blank_label.setBuddy(self.blank_rows)
        form.addRow(blank_label, self.blank_rows)
        paper_label = QLabel(self.tr("&Paper:"))
        paper_label.setBuddy(self.paper)
        form.addRow(paper_label, self.paper)
        columns_label = QLabel(self.tr("E&xtra columns:"))
        columns_label.setBuddy(self.columns)
        form.addRow(columns_label, self.columns)
        form.addRow(QLabel(self.tr("Print blank:")), blank_box)
        return form

    def choice(self) -> SheetChoice:
        names = next(mode for mode, button in self._modes.items() if button.isChecked())
        paper = self.paper.currentData()
        columns = tuple(c.strip() for c in self.columns.text().split(",") if c.strip())
        return SheetChoice(
            names=names,
            blank_rows=self.blank_rows.value(),
            paper=paper if isinstance(paper, str) else None,
            columns=columns,
            leave_blank=frozenset(w for w, check in self.blank_boxes.items() if check.isChecked()),
        )
