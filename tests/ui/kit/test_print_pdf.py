"""Printing a PDF the app made, through an injected print dialog, to a PDF printer
(no real printer, no dialog): issue 16 defect 8."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from facilitator.ui.kit.printing import PrintFailed, paint_pdf, print_pdf


def _pdf(pages: int) -> bytes:
    from io import BytesIO

    out = BytesIO()
    canvas = Canvas(out, pagesize=A4)
    for n in range(pages):
        canvas.setFont("Helvetica", 40)
        canvas.drawString(100, 700, f"Page {n + 1}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_every_page_is_printed_when_the_dialog_says_print(qtbot: QtBot, tmp_path: Path) -> None:
    """issue 16 defect 8: a three-page PDF prints as three pages, with text on them."""
    out = tmp_path / "printed.pdf"
    asked: list[QPrinter] = []

    def ask(printer: QPrinter, parent: QWidget | None) -> bool:
        asked.append(printer)
        return True

    printer = _pdf_printer(out)
    assert print_pdf(_pdf(3), None, ask=ask, printer=printer, title="Sheet") == 3
    assert asked == [printer]
    printed = pypdfium2.PdfDocument(out.read_bytes())
    assert len(printed) == 3
    # Something was drawn: the page is not blank white.
    bitmap = printed[1].render(scale=0.5)
    assert min(bytes(bitmap.buffer)) < 128


def test_nothing_is_printed_when_the_dialog_is_cancelled(qtbot: QtBot, tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    sent = print_pdf(_pdf(2), None, ask=lambda p, w: False, printer=_pdf_printer(out))
    assert sent == 0
    assert not out.exists()


def test_a_broken_document_is_refused_plainly(qtbot: QtBot, tmp_path: Path) -> None:
    with pytest.raises(PrintFailed):
        paint_pdf(b"not a pdf", _pdf_printer(tmp_path / "x.pdf"))
