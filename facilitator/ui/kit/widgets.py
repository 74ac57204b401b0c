"""Small widgets the pages and dialogs share: an inline problem line, headings, a
read-only value, Enter on a table row, and builders for an editor's form."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QTableView,
    QWidget,
)


def tr(text: str) -> str:
    """Translate in the "Groups" context, where these words were first written."""
    return QCoreApplication.translate("Groups", text)


class ProblemBox(QFrame):
    """What is wrong, inline: the style's warning icon and the message, in bold and the
    palette's own colours (readable in light and dark themes; no red).

    The one problem line of every page and dialog: ``show_problem(text)`` shows it (an
    empty text hides it), ``clear()`` hides it, ``text()`` is what it says (as a
    label's), ``message`` what it says while shown.  ``name`` is the message's
    accessible name.  The text is plain (a message is never read as markup) and can be
    selected with the mouse, so the box is never in the Tab order.
    """

    def __init__(self, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.icon.setPixmap(warning.pixmap(size, size))
        self.icon.setAccessibleName(tr("Warning"))
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName(name or tr("Problem"))
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)
        self.setVisible(False)

    def show_problem(self, text: str) -> None:
        """Say ``text`` (an empty one hides the box)."""
        if not text:
            self.clear()
            return
        self.label.setText(text)
        self.label.setAccessibleDescription(text)
        self.setVisible(True)

    def clear(self) -> None:
        self.label.clear()
        self.label.setAccessibleDescription("")
        self.setVisible(False)

    def text(self) -> str:
        return self.label.text()

    @property
    def message(self) -> str:
        return "" if self.isHidden() else self.label.text()


def fit_columns(view: QTableView) -> None:
    """The columns that do not stretch take the width of their contents; the table
    never scrolls sideways (the stretching column elides instead)."""
    header = view.horizontalHeader()
    for column in range(header.count()):
        if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)


def heading(text: str, scale: float = 1.3) -> QLabel:
    label = QLabel(text)
    label.setAccessibleName(text)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def value_label(name: str) -> QLabel:
    """A read-only value (selectable, wrapping) whose accessible name says what it is."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label


class RowActivation(QObject):
    """Enter or Return on a table's current row calls ``activate`` (on every platform,
    and without the key reaching a dialog's default button)."""

    def __init__(self, view: QAbstractItemView, activate: Callable[[], object]) -> None:
        super().__init__(view)
        self._view = view
        self._activate = activate
        view.installEventFilter(self)
        view.doubleClicked.connect(lambda _index: activate())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self._view.currentIndex().isValid()
        ):
            self._activate()
            return True
        return False


# -- builders for the editors' forms ---------------------------------------------------
def line_edit(accessible_name: str, max_length: int, text: str = "") -> QLineEdit:
    field = QLineEdit(text)
    field.setAccessibleName(accessible_name)
    field.setMaxLength(max_length)
    return field


def add_row(form: QFormLayout, text: str, field: QWidget, buddy: QWidget | None = None) -> None:
    """A form row whose label (with its &-mnemonic) leads to ``buddy`` or the field."""
    label = QLabel(text)
    label.setBuddy(buddy or field)
    form.addRow(label, field)


def dialog_buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """OK (named ``ok_text``, the default) and Cancel; Cancel rejects the dialog."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setAccessibleName(ok_text)
    ok.setDefault(True)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setAccessibleName(tr("Cancel"))
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


def push_button(text: str, slot: Callable[[], object], name: str = "") -> QPushButton:
    """A button whose accessible name (and tooltip) is ``name``, or else its text
    without the mnemonic and ellipsis."""
    button = QPushButton(text)
    set_button_text(button, text, name)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def set_button_text(button: QPushButton, text: str, name: str = "") -> None:
    button.setText(text)
    button.setAccessibleName(name or text.replace("&", "").rstrip("…"))
    if name:
        button.setToolTip(name)


# -- secondary text ------------------------------------------------------------------------
MIN_CONTRAST = 4.5  # WCAG 2 AA for body text


def contrast_ratio(foreground: QColor, background: QColor) -> float:
    """The WCAG 2 contrast ratio of a text colour on an opaque background (1 to 21); a
    translucent text colour (Qt's placeholder colour is the text's at half opacity) is
    first laid over the background, as it is painted."""
    alpha = foreground.alphaF()
    foreground = QColor.fromRgbF(
        *(
            f * alpha + b * (1 - alpha)
            for f, b in zip(
                (foreground.redF(), foreground.greenF(), foreground.blueF()),
                (background.redF(), background.greenF(), background.blueF()),
                strict=True,
            )
        )
    )

    def luminance(colour: QColor) -> float:
        def linear(channel: float) -> float:
            return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

        red, green, blue = (linear(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def secondary_text_colour(palette: QPalette, target: float = MIN_CONTRAST + 0.1) -> QColor:
    """A quieter text colour for hints that is still readable: the palette's text
    colour faded towards its window colour only as far as ``target`` contrast allows
    (the placeholder colour of many styles reads at 3.9:1, too faint for real text)."""
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    best = QColor(text)
    for step in range(1, 20):  # 5 % steps from the text colour towards the window's
        share = step / 20
        mixed = QColor.fromRgbF(
            text.redF() + (window.redF() - text.redF()) * share,
            text.greenF() + (window.greenF() - text.greenF()) * share,
            text.blueF() + (window.blueF() - text.blueF()) * share,
        )
        if contrast_ratio(mixed, window) < target:
            break
        best = mixed
    return best


def secondary_text(label: QLabel) -> QLabel:
    """Show ``label`` in :func:`secondary_text_colour` (not the placeholder colour)."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, secondary_text_colour(palette))
    label.setPalette(palette)
    return label
