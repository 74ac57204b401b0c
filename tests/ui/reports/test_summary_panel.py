"""The Reports page's summary panel: preview what will be hidden, then export."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.domain import AttendanceStatus, GroupRecord
from facilitator.exports import identifiers
from facilitator.exports.redact import Redactor
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import SessionDraft
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.reports.summary_panel import HIDDEN_FILL, SummaryPanel

Settle = Callable[[], None]
MakePanel = Callable[..., SummaryPanel]


@pytest.fixture
def circle(services: Services) -> GroupRecord:
    """Twelve people at two October sessions, three of them at one in September."""
    group = services.roster.create_group(GroupDraft(name="Tuesday Circle"))
    people = [
        services.roster.add_member(MemberDraft(f"Person{i:02d}"), group_id=group.id)
        for i in range(12)
    ]
    for day, who in (("2026-09-29", people[:3]), ("2026-10-06", people), ("2026-10-13", people)):
        session = services.schedule.add_session(
            group.id, SessionDraft(date=dt.date.fromisoformat(day))
        )
        assert session.id is not None
        for member in who:
            services.attendance.mark(session.id, member.id, AttendanceStatus.PRESENT)
    return group


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


@pytest.fixture
def make_panel(qtbot: QtBot, backend: Backend, settle: Settle) -> MakePanel:
    """The summary panel, shown, with its choices and first preview read, on the period
    ``preset`` names ("Last 12 months": the default before issue 16 made it the year to
    date, which holds a month still going on and cannot be exported; None: the
    default)."""

    def make(preset: str | None = "last-12-months") -> SummaryPanel:
        panel = SummaryPanel(backend)
        qtbot.addWidget(panel)
        panel.show()
        panel.activate()
        settle()
        settle()  # the first preview, asked for once the choices came
        if preset is not None:
            panel.preset.setCurrentIndex(panel.preset.findData(preset))
            panel.preview()
            settle()
        return panel

    return make


def cell(panel: SummaryPanel, month: str, column: str) -> str:
    model = panel.model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    months = [model.text(r, 0) for r in range(model.rowCount())]
    return model.text(months.index(month), titles.index(column))


def test_the_preview_shows_what_will_be_hidden(make_panel: MakePanel, circle: GroupRecord) -> None:
    panel = make_panel()
    assert panel.period() == (dt.date(2025, 11, 1), dt.date(2026, 10, 31))
    assert panel.group.currentText() == "All groups"
    assert [panel.table_choice.itemText(i) for i in range(panel.table_choice.count())] == [
        "All groups",
        "Tuesday Circle",
    ]
    assert cell(panel, "2026-09", "Members present") == "<11"
    assert cell(panel, "2026-10", "Cancelled") == "0"
    assert cell(panel, "Whole period", "Cancelled") == "0"
    model = panel.model
    row = [model.text(r, 0) for r in range(model.rowCount())].index("2026-09")
    index = model.index(row, 3)
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).color() == HIDDEN_FILL
    assert "Prints as <11" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "numbers will be hidden" in panel.hidden.text()
    assert "each shown as <11" in panel.hidden.text()
    assert "*" not in panel.hidden.text()  # one mark: nothing tells why a value is hidden
    # Counts of people are for the whole period only: a month's cell is empty, and says
    # so to a screen reader and in its tooltip.
    people = "Different people\n(whole period)"
    assert cell(panel, "2026-09", people) == ""
    assert cell(panel, "Whole period", people) not in ("", "None")
    column = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(13)].index(people)
    empty = model.index(row, column)
    for role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
        assert model.data(empty, role) == "Counted for the whole period only"


def test_other_choices_show_another_table(
    make_panel: MakePanel, settle: Settle, circle: GroupRecord
) -> None:
    panel = make_panel()
    panel.group.setCurrentIndex(panel.group.findText("Tuesday Circle"))
    panel.k.setValue(2)
    assert "press Preview" in panel.hidden.text()
    panel.preview_button.click()
    settle()
    assert panel.table_choice.count() == 1
    assert cell(panel, "2026-09", "Members present") == "3"
    assert cell(panel, "Whole period", "Members present") == "27"
    # A period that ends before it starts is explained, not previewed.
    panel.end.setDate(QDate(2025, 1, 1))
    panel.preview_button.click()
    settle()
    assert "before it starts" in panel.hidden.text()


@pytest.mark.parametrize("kind", ["pdf", "csv"])
def test_export_asks_where_and_writes_an_owner_only_file(
    make_panel: MakePanel,
    settle: Settle,
    circle: GroupRecord,
    messages: RecordingMessages,
    out: Path,
    kind: str,
) -> None:
    panel = make_panel()
    (panel.csv if kind == "csv" else panel.pdf).setChecked(True)
    messages.file_answer = out / "for the funder"  # the ending is added
    panel.export_button.click()
    settle()
    written = out / f"for the funder.{kind}"
    assert written.exists()
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert messages.shown[-1] == (
        "choose_save_file",
        f"attendance-summary-2025-11-01-to-2026-10-31.{kind}",
    )
    assert str(written) in panel.status.text()
    assert "numbers hidden" in panel.status.text()
    assert panel.export_button.isEnabled()


def test_nothing_is_written_when_the_dialog_is_cancelled(
    make_panel: MakePanel,
    settle: Settle,
    circle: GroupRecord,
    messages: RecordingMessages,
    out: Path,
) -> None:
    panel = make_panel()
    messages.file_answer = None
    panel.export_button.click()
    settle()
    assert os.listdir(out) == []
    assert panel.status.text() == ""


def test_a_refused_export_says_why_and_leaves_no_file(
    make_panel: MakePanel,
    settle: Settle,
    services: Services,
    messages: RecordingMessages,
    out: Path,
) -> None:
    group = services.roster.create_group(GroupDraft(name="Bernadette's Group"))
    services.roster.add_member(MemberDraft("Bernadette", "Quigley"), group_id=group.id)
    panel = make_panel()
    messages.file_answer = out / "summary.pdf"
    panel.export_button.click()
    settle()
    assert os.listdir(out) == []
    assert "refused" in panel.status.text()
    assert "a member's name" in panel.status.text()
    assert "Bernadette" not in panel.status.text()
    # Numbered instead, the groups name nobody.
    panel.numbered.setChecked(True)
    panel.preview_button.click()
    settle()
    assert panel.table_choice.itemText(1) == "Group 1"
    panel.export_button.click()
    settle()
    assert os.listdir(out) == ["summary.pdf"]


def test_a_refused_topic_is_named_by_its_date_and_can_be_left_out(
    make_panel: MakePanel,
    settle: Settle,
    services: Services,
    messages: RecordingMessages,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Redaction switched off: the leak guard refuses the topic.
    monkeypatch.setattr(identifiers.Identifiers, "redactor", lambda self: Redactor(frozenset()))
    group = services.roster.create_group(GroupDraft(name="Tuesday Circle"))
    people = [
        services.roster.add_member(MemberDraft(f"Person{i:02d}"), group_id=group.id)
        for i in range(11)
    ]
    people.append(services.roster.add_member(MemberDraft("Sam", "Taylor"), group_id=group.id))
    topics = {"2026-10-06": "Boundaries", "2026-10-13": "Welcome back #SamTaylor"}
    for day, topic in topics.items():
        session = services.schedule.add_session(
            group.id, SessionDraft(date=dt.date.fromisoformat(day), topic=topic)
        )
        assert session.id is not None
        for member in people:
            services.attendance.mark(session.id, member.id, AttendanceStatus.PRESENT)
    panel = make_panel()
    panel.topics.setChecked(True)
    panel.csv.setChecked(True)
    # K = 2: the group's sessions held (2) are printed, so its topics are listed (a
    # group whose sessions held are hidden lists none)
    panel.k.setValue(2)
    messages.file_answer = out / "summary.csv"
    assert not panel.leave_out_button.isVisible()
    panel.export_button.click()
    settle()
    assert os.listdir(out) == []
    status = panel.status.text()
    assert "the topic of the session on 2026-10-13 in group 1" in status
    assert "a member's name" in status
    assert "Sam" not in status and "Taylor" not in status
    assert panel.leave_out_button.isVisible()
    assert panel.leave_out_button.accessibleName()

    panel.leave_out_button.click()
    settle()
    written = (out / "summary.csv").read_text(encoding="utf-8-sig")
    assert "Boundaries" in written
    assert "Welcome" not in written and "Taylor" not in written
    assert "Topics left out: 1." in panel.status.text()
    assert not panel.leave_out_button.isVisible()


def test_the_preview_says_when_earlier_summaries_already_narrowed_a_hidden_count(
    make_panel: MakePanel, circle: GroupRecord
) -> None:
    """A month's counts of people, say, after a longer summary held that month: hidden,
    but no longer protectable.  The preview says how many, never which."""
    panel = make_panel()
    report = panel._report
    assert report is not None
    assert "could already be narrowed" not in panel.hidden.text()
    key = ((circle.id,), dt.date(2026, 9, 1), dt.date(2026, 9, 30), "came_once")
    narrowed = dataclasses.replace(report, already_published=(key,))
    panel._show_report(narrowed)
    assert "1 of the hidden small counts could already be narrowed" in panel.hidden.text()
    assert "2026-09" not in panel.hidden.text()
