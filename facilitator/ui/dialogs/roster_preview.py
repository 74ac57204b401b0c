"""The step before a roster is imported: its first rows as they will be read.

A CSV file does not say its encoding; when it is not UTF-8 the app guesses (see
:mod:`facilitator.services.roster_encoding`) and a wrong guess turns "Łukasz" into
"£ukasz" in every name it touches.  So the person sees the first rows, the encoding
they were read in and whether it was a guess, can pick another encoding (the table
is read again at once), and only then imports — or cancels, and nothing is changed.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator.errors import InvalidInput
from facilitator.services.importer import RosterPreview, preview_roster
from facilitator.services.roster_encoding import ENCODINGS
from facilitator.ui.kit.closing import GuardedDialog, tab_order
from facilitator.ui.kit.widgets import ProblemBox

ROWS_SHOWN = 10


def _tr(text: str) -> str:
    return QCoreApplication.translate("RosterPreviewDialog", text)


def encoding_labels() -> dict[str, str]:
    """Each encoding the person can choose, by key, in words a translator can reach."""
    labels = {
        "utf-8": _tr("Unicode (UTF-8)"),
        "utf-16": _tr("Unicode (UTF-16)"),
        "windows-1252": _tr("Western European (Windows-1252)"),
        "iso-8859-15": _tr("Western European (ISO-8859-15)"),
        "mac-roman": _tr("Western European (Mac OS Roman)"),
        "windows-1250": _tr("Central European (Windows-1250)"),
        "iso-8859-2": _tr("Central European (ISO-8859-2)"),
        "windows-1257": _tr("Baltic (Windows-1257)"),
        "windows-1251": _tr("Cyrillic (Windows-1251)"),
        "windows-1253": _tr("Greek (Windows-1253)"),
        "windows-1254": _tr("Turkish (Windows-1254)"),
    }
    assert labels.keys() == ENCODINGS.keys()  # the services' list and this one agree
    return labels


class RosterPreviewDialog(GuardedDialog):
    """Raises InvalidInput on construction when the file cannot be read at all."""

    asks_before_closing = False  # its choices only change how the file is read

    def __init__(self, raw: bytes, parent: QWidget | None = None, *, private: bool = False) -> None:
        """``private``: the privacy screen is on; the rows stay hidden until the person
        asks to see them (the file holds everyone's names, phones and notes)."""
        super().__init__(parent)
        self._raw = raw
        first = preview_roster(raw, limit=ROWS_SHOWN)
        self.setWindowTitle(self.tr("Check the roster before importing"))
        self.setAccessibleName(self.tr("Check the roster before importing"))

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("What was read"))

        self.encoding = QComboBox()
        for key, label in encoding_labels().items():
            self.encoding.addItem(label, key)
        self.encoding.setAccessibleName(self.tr("Encoding the file is read in"))
        self.encoding.setToolTip(
            self.tr("If names look wrong, choose the encoding the file was saved in.")
        )
        form = QFormLayout()
        encoding_label = QLabel(self.tr("&Encoding:"))
        encoding_label.setBuddy(self.encoding)
        form.addRow(encoding_label, self.encoding)

        self.table = QTableWidget()
        self.table.setAccessibleName(self.tr("The first rows of the file"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the rows (arrows move in them)

        self.show_rows = QCheckBox(self.tr("&Show the rows (the privacy screen is on)"))
        self.show_rows.setAccessibleName(self.tr("Show the rows of the file"))
        self.show_rows.setVisible(private)
        self.show_rows.setChecked(not private)
        self.table.setVisible(not private)
        self.show_rows.toggled.connect(self.table.setVisible)

        self.problem = ProblemBox(name=self.tr("Why the file cannot be read this way"))

        self.buttons = self._button_box()
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.set_main_button(self.import_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.show_rows)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        tab_order([self.encoding, self.show_rows, self.table], self.buttons)  # screen order
        self.resize(640, 420)

        self._guessed = first.encoding_guessed
        self.encoding.setCurrentIndex(self.encoding.findData(first.encoding))
        self._show(first)
        self.encoding.currentIndexChanged.connect(self._reread)

    def _button_box(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Import"))
        ok.setAccessibleName(self.tr("Import these people"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel: import nothing"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        return buttons

    def chosen_encoding(self) -> str:
        return str(self.encoding.currentData())

    def _reread(self) -> None:
        self._guessed = False  # chosen by the person now
        try:
            preview = preview_roster(self._raw, self.chosen_encoding(), limit=ROWS_SHOWN)
        except InvalidInput as exc:
            self.table.clear()
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.problem.show_problem(exc.message)
            self.import_button.setEnabled(False)
            return
        self._show(preview)

    def _show(self, preview: RosterPreview) -> None:
        self.problem.clear()
        self.import_button.setEnabled(True)
        label = encoding_labels()[preview.encoding]
        people = self.tr("%n row(s) of people in the file.", "", preview.people)
        if self._guessed:
            read = self.tr(
                "The file does not say how its letters are written: it was read as %1, a "
                "guess. If names look wrong (“£ukasz” for “Łukasz”), choose another encoding."
            ).replace("%1", label)
        else:
            read = self.tr("Read as %1.").replace("%1", label)
        shown = (
            self.tr("All of them are shown.")
            if len(preview.rows) == preview.people
            else self.tr("The first %1 are shown.").replace("%1", str(len(preview.rows)))
        )
        self.summary.setText(f"{people} {read} {shown}")
        width = max([len(preview.header), *(len(row) for row in preview.rows)])
        self.table.clear()
        self.table.setColumnCount(width)
        self.table.setRowCount(len(preview.rows))
        self.table.setHorizontalHeaderLabels(
            [*preview.header, *([""] * (width - len(preview.header)))]
        )
        for r, row in enumerate(preview.rows):
            for c, cell in enumerate(row):
                item = QTableWidgetItem(cell)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
