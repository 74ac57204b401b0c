"""The Search page by keyboard and by date: Enter opens the highlighted first result,
Down moves onto it (issue 16 defect 10); every result shows its year and the newest
come first (issue 16 defect 15)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.services.roster import GroupDraft
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import SessionTarget
from facilitator.ui.search.page import SearchPage

DAYS = (dt.date(2025, 3, 4), dt.date(2026, 11, 17), dt.date(2026, 6, 2))


@pytest.fixture
def sessions(services: Services) -> list[int]:
    group = services.roster.create_group(GroupDraft("Tuesday Circle"))
    made = []
    for day in DAYS:
        session = services.schedule.open_session(group.id, day)
        services.notes.add(f"Talked about housing on {day:%B}.", session_id=session.id)
        made.append(session.id)
    return made


@pytest.fixture
def page(
    qtbot: QtBot, backend: Backend, privacy: Privacy, settle: Callable[[], None]
) -> SearchPage:
    made = SearchPage(backend, privacy)
    qtbot.addWidget(made)
    made.resize(1100, 680)
    made.show()
    made.activate()
    settle()
    return made


def _typed(qtbot: QtBot, page: SearchPage, text: str, settle: Callable[[], None]) -> None:
    qtbot.keyClicks(page.box, text)
    qtbot.waitUntil(lambda: page.results_shown and page.searched == text, timeout=5000)
    settle()


def test_enter_in_the_box_opens_the_highlighted_first_result(
    page: SearchPage, qtbot: QtBot, settle: Callable[[], None], sessions: list[int]
) -> None:
    """issue 16 defect 10: Enter after typing opens the first (highlighted) result."""
    went: list[object] = []
    page.navigate.connect(went.append)
    _typed(qtbot, page, "housing", settle)
    assert page.results.currentIndex().row() == 0
    first = page.model.hits[0]
    qtbot.keyClick(page.box, Qt.Key.Key_Return)
    settle()
    assert len(went) == 1
    target = went[0]
    assert isinstance(target, SessionTarget) and target.session_id == first.session_id


def test_enter_before_the_results_come_opens_the_first_when_they_do(
    page: SearchPage, qtbot: QtBot, settle: Callable[[], None], sessions: list[int]
) -> None:
    """issue 16 defect 10: typing and Enter at once (before the debounce) still opens
    the first result once it is found."""
    went: list[object] = []
    page.navigate.connect(went.append)
    qtbot.keyClicks(page.box, "housing")
    qtbot.keyClick(page.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(went) == 1, timeout=5000)
    settle()
    target = went[0]
    assert isinstance(target, SessionTarget) and target.session_id == page.model.hits[0].session_id


def test_down_from_the_box_highlights_the_first_result_not_the_second(
    page: SearchPage, qtbot: QtBot, settle: Callable[[], None], sessions: list[int]
) -> None:
    """issue 16 defect 10: Down from the field lands on the first result."""
    _typed(qtbot, page, "housing", settle)
    assert page.model.rowCount() == 3
    qtbot.keyClick(page.box, Qt.Key.Key_Down)
    assert page.results.hasFocus()
    assert page.results.currentIndex().row() == 0
    assert [i.row() for i in page.results.selectionModel().selectedIndexes()] == [0]
    qtbot.keyClick(page.results, Qt.Key.Key_Down)
    assert page.results.currentIndex().row() == 1


def test_results_show_their_year_newest_first(
    page: SearchPage, qtbot: QtBot, settle: Callable[[], None], sessions: list[int]
) -> None:
    """issue 16 defect 15: every result's date has its year, and the newest comes first."""
    _typed(qtbot, page, "housing", settle)
    texts = [page.hit_text(row) for row in range(page.model.rowCount())]
    assert [t.split(":")[0] for t in texts] == [
        "Tuesday Circle, Tue 17 Nov 2026",
        "Tuesday Circle, Tue 2 Jun 2026",
        "Tuesday Circle, Tue 4 Mar 2025",
    ]


def test_the_person_can_list_the_best_matches_first(
    page: SearchPage, qtbot: QtBot, settle: Callable[[], None], sessions: list[int]
) -> None:
    """issue 16 defect 15: the order is the person's choice ("Best match first")."""
    _typed(qtbot, page, "housing", settle)
    page.order_box.setCurrentIndex(page.order_box.findData("best"))
    assert page.model.hits == page.model.ranked
    assert page.results.currentIndex().row() == 0
    page.order_box.setCurrentIndex(page.order_box.findData("newest"))
    assert [h.session_date for h in page.model.hits] == sorted(DAYS, reverse=True)
