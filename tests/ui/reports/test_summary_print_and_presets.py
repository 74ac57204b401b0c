"""The summary panel's period (issue 16 defect 7: the current month, presets) and its
Print… and Open (issue 16 defect 8)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pypdfium2
import pytest
from doubles import RecordingMessages
from PySide6.QtCore import QDate, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import AttendanceStatus, GroupRecord
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import SessionDraft
from facilitator.services.summary import SummaryOptions
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.reports.summary_panel import SummaryPanel

Settle = Callable[[], None]
TODAY = dt.date(2026, 11, 24)  # tests/ui/conftest.py's TONIGHT


@pytest.fixture
def tonight(services: Services) -> GroupRecord:
    """A new vault's first evening: one session today, three people present."""
    group = services.roster.create_group(GroupDraft(name="Tuesday Circle"))
    session = services.schedule.add_session(group.id, SessionDraft(date=TODAY))
    assert session.id is not None
    for i in range(3):
        member = services.roster.add_member(MemberDraft(f"Person{i}"), group_id=group.id)
        services.attendance.mark(session.id, member.id, AttendanceStatus.PRESENT)
    return group


@pytest.fixture
def october(services: Services) -> GroupRecord:
    """Twelve people at two October sessions."""
    group = services.roster.create_group(GroupDraft(name="Circle"))
    people = [
        services.roster.add_member(MemberDraft(f"Person{i:02d}"), group_id=group.id)
        for i in range(12)
    ]
    for day in ("2026-10-06", "2026-10-13"):
        session = services.schedule.add_session(
            group.id, SessionDraft(date=dt.date.fromisoformat(day))
        )
        assert session.id is not None
        for member in people:
            services.attendance.mark(session.id, member.id, AttendanceStatus.PRESENT)
    return group


@pytest.fixture
def panel(qtbot: QtBot, backend: Backend, settle: Settle) -> SummaryPanel:
    made = SummaryPanel(backend)
    qtbot.addWidget(made)
    made.resize(1000, 800)
    made.show()
    made.activate()
    settle()
    settle()
    return made


def _sessions_held(panel: SummaryPanel, month: str) -> str:
    model = panel.model
    months = [model.text(r, 0) for r in range(model.rowCount())]
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return model.text(months.index(month), titles.index("Sessions held"))


def test_a_new_vaults_default_period_holds_this_month(
    tonight: GroupRecord, panel: SummaryPanel
) -> None:
    """issue 16 defect 7: the default period includes today, and the preview counts
    tonight's session (it showed only zeros)."""
    start, end = panel.period()
    assert start <= TODAY <= end
    assert panel.preset.currentData() == "year-to-date"
    assert _sessions_held(panel, "2026-11") == "<11"  # one session: held, hidden as small
    # This month is still going on: it can be previewed, not published yet, and the
    # panel says why and what to choose instead.
    assert not panel.export_button.isEnabled()
    assert not panel.print_button.isEnabled()
    assert panel.in_progress.isVisible()
    assert "1 Dec 2026" in panel.in_progress.text()  # the first day it can be published
    assert "Last month" in panel.in_progress.text()


def test_presets_fill_the_dates_and_typed_dates_are_custom(
    panel: SummaryPanel, settle: Settle
) -> None:
    """issue 16 defect 7: each preset sets the from/to fields (today 24 Nov 2026)."""
    expected = {
        "This month": (dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
        "Last month": (dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        "This quarter": (dt.date(2026, 10, 1), dt.date(2026, 11, 30)),
        "Last quarter": (dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        "Year to date": (dt.date(2026, 1, 1), dt.date(2026, 11, 30)),
        "Last 12 months": (dt.date(2025, 11, 1), dt.date(2026, 10, 31)),
    }
    for text, period in expected.items():
        panel.preset.setCurrentIndex(panel.preset.findText(text))
        assert panel.period() == period, text
        assert panel.export_button.isEnabled() == (period[1] < dt.date(2026, 11, 1)), text
    panel.start.setDate(QDate(2026, 3, 1))
    assert panel.preset.currentText() == "Custom"
    panel.preset.setCurrentIndex(panel.preset.findText("Custom"))
    assert panel.period() == (dt.date(2026, 3, 1), dt.date(2026, 10, 31))  # left as typed


def test_print_publishes_the_same_summary_and_records_it(
    october: GroupRecord, panel: SummaryPanel, settle: Settle, services: Services, tmp_path: Path
) -> None:
    """issue 16 defect 8: Print… goes through the print dialog (injected here) to the
    printer (a PDF file here), prints the summary's pages and records it in the export
    ledger, as a saved export is: the next summary is audited against it."""
    out = tmp_path / "printer-output.pdf"
    asked: list[QPrinter] = []

    def ask(printer: QPrinter, parent: QWidget | None) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        asked.append(printer)
        return True

    panel.ask_printer = ask
    panel.preset.setCurrentIndex(panel.preset.findText("Last month"))
    assert services.ledger.published() == []
    panel.print_button.click()
    settle()
    assert len(asked) == 1
    assert "Sent" in panel.status.text()
    published = services.ledger.published()
    assert [p.format for p in published] == ["print"]
    assert (published[0].start, published[0].end) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 31),
    )
    # The pages printed are the summary's pages: the same PDF an export saves.
    saved = tmp_path / "saved.pdf"
    services.summary.export(
        saved, SummaryOptions(start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31))
    )
    assert len(pypdfium2.PdfDocument(out.read_bytes())) == len(
        pypdfium2.PdfDocument(saved.read_bytes())
    )
    # No PDF was left anywhere but where the printer was told to write.
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["printer-output.pdf", "saved.pdf"]


def test_a_cancelled_print_dialog_publishes_nothing(
    october: GroupRecord, panel: SummaryPanel, settle: Settle, services: Services
) -> None:
    panel.ask_printer = lambda printer, parent: False
    panel.preset.setCurrentIndex(panel.preset.findText("Last month"))
    panel.print_button.click()
    settle()
    assert services.ledger.published() == []


def test_a_saved_summary_can_be_opened(
    october: GroupRecord,
    panel: SummaryPanel,
    settle: Settle,
    messages: RecordingMessages,
    tmp_path: Path,
) -> None:
    """issue 16 defect 8: "Open" after saving opens the file saved (a local file)."""
    opened: list[Path] = []
    panel.open_file = lambda path: opened.append(path) is None
    panel.preset.setCurrentIndex(panel.preset.findText("Last month"))
    assert not panel.open_button.isVisible()
    target = tmp_path / "summary.pdf"
    messages.file_answer = target
    panel.export_button.click()
    settle()
    assert target.exists()
    assert panel.open_button.isVisible()
    panel.open_button.click()
    assert opened == [target]
