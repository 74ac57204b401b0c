"""The Reports page's "What you have published": the list, and clearing it only after
a plain warning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain.ledger import LedgerCell, Publication
from facilitator.services.roster import GroupDraft
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.reports.page import ReportsPage
from facilitator.ui.reports.published_panel import PublishedPanel

MAY = (dt.date(2026, 5, 1), dt.date(2026, 5, 31))
MakePanel = Callable[[], PublishedPanel]
CELLS = (
    LedgerCell((1,), *MAY, "anonymous_guests", None, 3),
    LedgerCell((1,), *MAY, "attendances", 44, 44),
)


def _record(
    services: Services, when: dt.datetime, labels: tuple[str, ...], fmt: str = "pdf"
) -> int:
    return services.ledger.record(
        Publication(
            id=None,
            made_at=when,
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 6, 30),
            group_labels=labels,
            format=fmt,
            k=11,
            cells=CELLS,
        )
    )


@pytest.fixture
def make_panel(qtbot: QtBot, backend: Backend, settle: Callable[[], None]) -> MakePanel:
    """The published panel, shown and read; called once the test has recorded its exports."""

    def make() -> PublishedPanel:
        panel = PublishedPanel(backend)
        qtbot.addWidget(panel)
        panel.show()
        panel.refresh()
        settle()
        return panel

    return make


def _texts(panel: PublishedPanel) -> list[list[str]]:
    model = panel.model
    return [
        [str(model.data(model.index(r, c))) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_the_list_shows_date_period_groups_and_format_newest_first(
    make_panel: MakePanel, services: Services
) -> None:
    _record(services, dt.datetime(2026, 7, 1, 9, 30), ("All groups",), "pdf")
    _record(services, dt.datetime(2026, 8, 2, 14, 5), ("Group 1", "Group 2"), "csv")
    panel = make_panel()
    assert _texts(panel) == [
        ["2 Aug 2026 14:05", "1 Jan 2026 to 30 Jun 2026", "Group 1, Group 2", "CSV"],
        ["1 Jul 2026 09:30", "1 Jan 2026 to 30 Jun 2026", "All groups", "PDF"],
    ]
    headers = [panel.model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["Written", "Period", "Groups", "Format"]
    tip = panel.model.data(panel.model.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    assert tip == "1 numbers printed, 1 hidden; counts from 1 to 10 hidden."
    assert panel.table.isVisible() and not panel.empty.isVisible()
    assert panel.clear_button.isEnabled()


def test_an_empty_record_says_so_and_cannot_be_cleared(make_panel: MakePanel) -> None:
    panel = make_panel()
    assert panel.entries == []
    assert panel.empty.isVisible() and not panel.table.isVisible()
    assert not panel.clear_button.isEnabled()


def test_clearing_warns_plainly_and_cancel_changes_nothing(
    make_panel: MakePanel,
    settle: Callable[[], None],
    services: Services,
    messages: RecordingMessages,
) -> None:
    _record(services, dt.datetime(2026, 7, 1, 9, 30), ("All groups",))
    _record(services, dt.datetime(2026, 7, 2, 9, 30), ("All groups",))
    panel = make_panel()
    messages.confirm_answer = False
    panel.clear_button.click()
    settle()
    (shown,) = messages.shown
    kind, text = shown
    assert kind == "confirm"
    assert "forget the 2 summaries" in text
    assert "no longer be checked against them" in text
    assert "files you already handed over still exist" in text
    assert len(services.ledger.published()) == 2
    assert len(panel.entries) == 2


def test_clearing_after_the_warning_empties_the_record(
    make_panel: MakePanel,
    settle: Callable[[], None],
    services: Services,
    messages: RecordingMessages,
) -> None:
    _record(services, dt.datetime(2026, 7, 1, 9, 30), ("All groups",))
    panel = make_panel()
    messages.confirm_answer = True
    panel.clear_button.click()
    settle()
    assert "forget the summary listed here" in messages.shown[0][1]
    assert services.ledger.published() == []
    assert services.ledger.cells() == []
    assert panel.entries == []
    assert "record of one published summary was cleared" in panel.status.text()
    assert not panel.clear_button.isEnabled()


def test_refresh_shows_a_new_export(
    make_panel: MakePanel, settle: Callable[[], None], services: Services
) -> None:
    panel = make_panel()
    assert panel.entries == []
    _record(services, dt.datetime(2026, 7, 1, 9, 30), ("Group 3",), "csv")
    panel.refresh()
    settle()
    assert [e.publication.group_labels for e in panel.entries] == [("Group 3",)]


def test_the_reports_page_reads_the_record_when_shown(
    qtbot: QtBot,
    backend: Backend,
    privacy: Privacy,
    settle: Callable[[], None],
    services: Services,
) -> None:
    _record(services, dt.datetime(2026, 7, 1, 9, 30), ("All groups",))
    page = ReportsPage(backend, privacy)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    settle()
    assert len(page.published.entries) == 1
    _record(services, dt.datetime(2026, 7, 2, 9, 30), ("All groups",))
    page.activate()
    settle()
    assert len(page.published.entries) == 2


def test_the_controls_are_named_and_reachable_by_keyboard(
    make_panel: MakePanel, services: Services
) -> None:
    _record(services, dt.datetime(2026, 7, 1, 9, 30), ("All groups",))
    panel = make_panel()
    assert panel.accessibleName() == "What you have published"
    assert panel.table.accessibleName() == "Summaries published"
    assert panel.clear_button.accessibleName() == "Clear the record of what was published"
    assert "&l" in panel.clear_button.text().lower()  # Alt+L
    for widget in (panel.table, panel.clear_button):
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_grab_the_panel(make_panel: MakePanel, services: Services, tmp_path: Path) -> None:
    """A picture of the panel with a few rows (for a person to look at)."""
    _record(services, dt.datetime(2026, 7, 1, 9, 30), ("All groups",), "pdf")
    _record(services, dt.datetime(2026, 7, 3, 11, 0), ("Thursday Family Group",), "csv")
    _record(services, dt.datetime(2026, 8, 2, 14, 5), ("Group 1", "Group 2", "Group 3"))
    panel = make_panel()
    panel.resize(760, 420)
    out = tmp_path / "published_panel.png"
    assert panel.grab().save(str(out))
    assert out.stat().st_size > 0


def test_an_export_from_the_reports_page_is_listed_at_once(
    qtbot: QtBot,
    backend: Backend,
    privacy: Privacy,
    settle: Callable[[], None],
    services: Services,
    messages: RecordingMessages,
    tmp_path: Path,
) -> None:
    services.roster.create_group(GroupDraft(name="Circle"))
    page = ReportsPage(backend, privacy)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    settle()
    assert page.published.entries == []
    # The default period (the year to date) holds this month, which is not published
    # until it ends (issue 16 defect 7): a period of ended months.
    summary = page.summary
    summary.preset.setCurrentIndex(summary.preset.findData("last-12-months"))
    page.summary.csv.setChecked(True)
    messages.file_answer = tmp_path / "for the funder"
    page.summary.export_button.click()
    settle()
    assert (tmp_path / "for the funder.csv").exists()
    (entry,) = page.published.entries
    assert entry.publication.format == "csv"
    assert entry.publication.group_labels == ("All groups", "Circle")
