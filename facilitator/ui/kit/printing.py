"""Printing a PDF the app made (a sign-in sheet, a summary) through Qt's print dialog,
and opening a saved file in the computer's own viewer.

The sheets and summaries are drawn by reportlab as PDF.  To print one, each page is
rendered from the bytes in memory by PDFium (pypdfium2: a few megabytes, maintained,
wheels for every platform; Qt's own QtPdf would need PySide6-Addons, some hundreds of
megabytes) at the printer's resolution (at most :data:`MAX_DPI`) and painted onto the
QPrinter.  The app writes no file for a print.  The printing system may: Qt's CUPS
engine spools the job to a temporary file while it prints, and CUPS keeps jobs in its
queue (README, "Sign-in sheets").

The print dialog is a parameter (:data:`AskPrinter`), so that tests print to a PDF
file with no dialog and no printer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QRect, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from facilitator.ui.kit.files import forget_file_dialog_places

if TYPE_CHECKING:
    import pypdfium2

MAX_DPI = 300
"""Pages are rendered at the printer's resolution up to this: enough for text and
lines on paper, and an A4 page at 300 dpi is 35 MB of pixels (600 dpi would be 140)."""

AskPrinter = Callable[[QPrinter, QWidget | None], bool]
"""Show the print dialog for ``printer``; True if the person chose to print."""


class PrintFailed(Exception):
    """The document could not be read or a page could not be sent to the printer."""


def ask_with_dialog(printer: QPrinter, parent: QWidget | None) -> bool:
    """Qt's print dialog (the system's where Qt uses it)."""
    forget_file_dialog_places()  # its "Print to file" chooser is Qt's own file dialog
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("printing", "Print"))
    return dialog.exec() == QDialog.DialogCode.Accepted


def new_printer() -> QPrinter:
    """A printer at high resolution (the dialog then picks which one)."""
    return QPrinter(QPrinter.PrinterMode.HighResolution)


def paint_pdf(data: bytes, printer: QPrinter) -> int:
    """Paint every page of the PDF ``data`` onto ``printer``, each scaled to fit its
    printable area with its proportions kept; returns the number of pages sent."""
    import pypdfium2  # here, not above: 14 ms of loading the main window did not need

    dpi = max(72, min(printer.resolution(), MAX_DPI))
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        raise PrintFailed("The document to print could not be read.") from None
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise PrintFailed("The printer could not be started; check it and try again.")
        count = len(document)
        for number in range(count):
            if number:
                printer.newPage()
            page = document[number]
            bitmap = page.render(scale=dpi / 72)
            image = _qimage(bitmap)
            _draw_fitted(painter, image, printer)
            page.close()
        return count
    finally:
        if painter.isActive():
            painter.end()
        document.close()


def _qimage(bitmap: pypdfium2.PdfBitmap) -> QImage:
    """The bitmap as a QImage that owns its pixels (PDFium's buffer is freed after)."""
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    pixels = bytes(bitmap.buffer)
    fmt = QImage.Format.Format_BGR888 if bitmap.n_channels == 3 else QImage.Format.Format_RGB32
    return QImage(pixels, width, height, stride, fmt).copy()


def _draw_fitted(painter: QPainter, image: QImage, printer: QPrinter) -> None:
    area = printer.pageLayout().paintRectPixels(printer.resolution())
    target = QRect(0, 0, area.width(), area.height())
    scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
    painter.drawImage(QRect(0, 0, scaled.width(), scaled.height()), image)


def print_pdf(
    data: bytes,
    parent: QWidget | None,
    *,
    ask: AskPrinter = ask_with_dialog,
    printer: QPrinter | None = None,
    title: str = "",
) -> int:
    """Ask where to print (``ask``), then print the PDF ``data``: the pages sent, or 0
    when the person cancelled.  Raises PrintFailed."""
    chosen = printer or new_printer()
    if title:
        chosen.setDocName(title)
    if not ask(chosen, parent):
        return 0
    return paint_pdf(data, chosen)


OpenFile = Callable[[Path], bool]
"""Open a file in the computer's own viewer; False if nothing could open it."""


def open_with_system(path: Path) -> bool:
    """The file's own application (a PDF viewer, a spreadsheet), as a local file: no
    network is involved."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


__all__ = [
    "MAX_DPI",
    "AskPrinter",
    "OpenFile",
    "PrintFailed",
    "ask_with_dialog",
    "new_printer",
    "open_with_system",
    "paint_pdf",
    "print_pdf",
]
