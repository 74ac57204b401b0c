"""The Reports page: roster import, bundle import, export everything."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from doubles import RecordingMessages
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.reports.page import ReportsPage

CSV = "first_name,last_name,phone\nAmara,Okafor,555-0101\nZoë,Lindqvist,\n"
MakePage = Callable[[], ReportsPage]


@pytest.fixture
def make_page(qtbot: QtBot, backend: Backend, privacy: Privacy, settle: object) -> MakePage:
    """The Reports page, shown and read."""

    def make() -> ReportsPage:
        page = ReportsPage(backend, privacy)
        qtbot.addWidget(page)
        page.show()
        page.activate()
        settle()  # type: ignore[operator]
        return page

    return make


def test_a_roster_csv_brings_people_into_a_new_group(
    make_page: MakePage,
    settle: object,
    services: Services,
    messages: RecordingMessages,
    tmp_path: Path,
) -> None:
    page = make_page()
    sheet = tmp_path / "roster.csv"
    sheet.write_text(CSV, encoding="utf-8")
    messages.file_answer = sheet
    page.roster_group.setCurrentText("Thursday Family Group")
    page.import_roster_button.click()
    settle()  # type: ignore[operator]
    assert "Added 2 people" in page.status.text()
    assert "new group “Thursday Family Group”" in page.status.text()
    group = services.roster.find_group("Thursday Family Group")
    names = sorted(e.member.first_name for e in services.roster.roster(group.id))
    assert names == ["Amara", "Zoë"]
    page.activate()
    settle()  # type: ignore[operator]
    assert page.roster_group.findText("Thursday Family Group") >= 0


def test_a_bad_row_adds_nobody_and_says_which_row(
    make_page: MakePage,
    settle: object,
    services: Services,
    messages: RecordingMessages,
    tmp_path: Path,
) -> None:
    page = make_page()
    sheet = tmp_path / "roster.csv"
    sheet.write_text(CSV + ",NoFirstName,\n", encoding="utf-8")
    messages.file_answer = sheet
    page.import_roster_button.click()
    settle()  # type: ignore[operator]
    assert "row 4" in page.status.text().lower()
    assert services.roster.members() == []
    assert page.import_roster_button.isEnabled()


def test_export_everything_asks_first_and_writes_an_owner_only_file(
    make_page: MakePage,
    settle: object,
    services: Services,
    messages: RecordingMessages,
    tmp_path: Path,
) -> None:
    from facilitator.services.roster import MemberDraft

    services.roster.add_member(MemberDraft(first_name="Amara", last_name="Okafor"))
    page = make_page()
    out = tmp_path / "everything.json"
    messages.file_answer = out

    messages.confirm_answer = False
    page.export_button.click()
    settle()  # type: ignore[operator]
    assert not out.exists()
    assert messages.shown[-1][0] == "confirm"
    assert "plain text" in messages.shown[-1][1]

    messages.confirm_answer = True
    page.export_button.click()
    settle()  # type: ignore[operator]
    assert out.exists()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["notice"].startswith("CONFIDENTIAL")
    assert [m["first_name"] for m in document["members"]] == ["Amara"]
    assert str(out) in page.status.text()


def test_a_file_that_is_not_a_bundle_is_refused_with_a_reason(
    make_page: MakePage,
    settle: object,
    services: Services,
    messages: RecordingMessages,
    tmp_path: Path,
) -> None:
    page = make_page()
    wrong = tmp_path / "holiday.json"
    wrong.write_text('{"photos": []}', encoding="utf-8")
    messages.file_answer = wrong
    page.import_bundle_button.click()
    settle()  # type: ignore[operator]
    assert page.status.text()
    assert "Imported" not in page.status.text()
    assert services.roster.members() == []
    missing = tmp_path / "gone.json"
    messages.file_answer = missing
    page.import_bundle_button.click()
    settle()  # type: ignore[operator]
    assert "could not be read" in page.status.text()
