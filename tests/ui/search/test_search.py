"""The note Search page on a real vault: results as you type, highlighted, safe."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractScrollArea, QScrollBar, QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.kit.dates import weekday_date_text
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import MemberTarget, SearchTarget, SessionTarget
from facilitator.ui.search.page import SearchPage

SESSION_DAY = dt.date(2026, 11, 17)


@pytest.fixture
def arranged(services: Services) -> dict[str, int]:
    group = services.roster.create_group(GroupDraft("Tuesday Recovery Circle"))
    session = services.schedule.open_session(group.id, SESSION_DAY)
    sam = services.roster.add_member(MemberDraft("Samira", "Tahir", phone="07700 900123"))
    services.notes.add(
        "<script>alert(1)</script> & &amp; housing waiting list.",
        session_id=session.id,
    )
    services.notes.add("Samira is worried about her housing application.", member_id=sam.id)
    services.notes.add("Nothing about that here: gardening and tea.", session_id=session.id)
    return {"group": group.id, "session": session.id, "sam": sam.id}


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


def _type(qtbot: QtBot, page: SearchPage, text: str, settle: Callable[[], None]) -> None:
    page.box.clear()
    qtbot.keyClicks(page.box, text)
    qtbot.waitUntil(lambda: page.results_shown and page.searched == text.strip(), timeout=5000)
    settle()


def _texts(page: SearchPage) -> list[str]:
    return [page.hit_text(row) for row in range(page.model.rowCount())]


def test_results_come_as_you_type_with_the_words_highlighted(
    page: SearchPage, qtbot: QtBot, settle: Callable[[], None], arranged: dict[str, int]
) -> None:
    assert page.box.hasFocus()
    assert "Type a word" in page.status.text()
    qtbot.keyClicks(page.box, "hous")
    assert page.timer.isActive()  # debounced: nothing asked yet
    qtbot.waitUntil(lambda: page.results_shown and page.searched == "hous", timeout=5000)
    settle()

    assert page.model.rowCount() == 2
    assert page.status.text() == "2 notes match."
    texts = _texts(page)
    assert any(t.startswith("Tuesday Recovery Circle, Tue 17 Nov 2026:") for t in texts)
    written = weekday_date_text(dt.date.today())  # a member note: the day it was written
    assert any(
        t.startswith(f"Samira Tahir, {written}:") and "housing application" in t for t in texts
    )

    rendered = [page.hit_html(row) for row in range(2)]
    session_html = next(h for h in rendered if "waiting list" in h)
    assert '<b class="hit"' in session_html
    assert ">housing</b> waiting list" in session_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in session_html  # escaped, not markup
    assert "<script>" not in session_html
    assert "&amp;amp;" in session_html  # "&amp;" in a note shows as typed
    document = QTextDocument()
    document.setHtml(session_html)
    shown = document.toPlainText()
    assert "<script>alert(1)</script> & &amp; housing waiting list." in shown
    assert "\ue000" not in shown and "\ue001" not in shown


def test_no_match_says_so(
    page: SearchPage, qtbot: QtBot, settle: Callable[[], None], arranged: dict[str, int]
) -> None:
    _type(qtbot, page, "zebra", settle)
    assert page.model.rowCount() == 0
    assert page.status.text() == "No notes match “zebra”."
    _type(qtbot, page, "housing garden", settle)  # every word must match
    assert page.model.rowCount() == 0


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"housing',
        "hous*",
        "*",
        "(housing",
        "housing)",
        "housing OR",
        "OR",
        "NEAR(housing tea)",
        "-housing",
        "housing AND NOT tea",
        "'; DROP TABLE notes; --",
        "^housing",
        "body:housing",
        "{housing}",
        "\\",
        "ü",
        "housing " * 60,
    ],
)
def test_odd_queries_never_crash(
    page: SearchPage,
    qtbot: QtBot,
    settle: Callable[[], None],
    arranged: dict[str, int],
    query: str,
) -> None:
    page.box.setText(query)
    page.search_now()
    qtbot.waitUntil(lambda: page.results_shown, timeout=5000)
    settle()  # the backend fixture fails the test if the call crashed
    status = page.status.text()
    assert "match" in status
    if page.model.rowCount() == 0:
        assert status.startswith("No notes match")


def test_a_session_note_opens_its_session_and_a_member_note_the_member(
    page: SearchPage, qtbot: QtBot, settle: Callable[[], None], arranged: dict[str, int]
) -> None:
    went: list[object] = []
    page.navigate.connect(went.append)
    _type(qtbot, page, "waiting list", settle)
    assert page.model.rowCount() == 1
    qtbot.keyClick(page.box, Qt.Key.Key_Down)
    assert page.results.hasFocus()
    qtbot.keyClick(page.results, Qt.Key.Key_Return)
    settle()
    assert went == [SessionTarget(arranged["group"], SESSION_DAY, arranged["session"])]

    _type(qtbot, page, "application", settle)
    assert page.model.rowCount() == 1
    qtbot.keyClick(page.box, Qt.Key.Key_Return)  # results already shown: the first opens
    settle()
    assert went[-1] == MemberTarget(arranged["sam"])


def test_go_to_searches_for_the_text(
    page: SearchPage, qtbot: QtBot, settle: Callable[[], None], arranged: dict[str, int]
) -> None:
    assert page.go_to(SearchTarget("gardening"))
    qtbot.waitUntil(lambda: page.results_shown and page.searched == "gardening", timeout=5000)
    settle()
    assert page.box.text() == "gardening"
    assert page.box.hasFocus()
    assert page.model.rowCount() == 1
    assert page.go_to(SearchTarget())  # Ctrl+Shift+F: the box, as it was
    assert page.box.text() == "gardening"
    assert not page.go_to(MemberTarget(1))
    assert page.focus_filter()


def test_the_privacy_screen_hides_snippets_and_shortens_names(
    page: SearchPage,
    qtbot: QtBot,
    settle: Callable[[], None],
    privacy: Privacy,
    arranged: dict[str, int],
) -> None:
    _type(qtbot, page, "housing", settle)
    assert not page.privacy_notice.isVisible()
    privacy.set_on(True)
    assert page.privacy_notice.isVisible()
    assert "privacy screen is on" in page.privacy_notice.text()
    texts = _texts(page) + [page.hit_html(row) for row in range(page.model.rowCount())]
    assert "Samira T." in " ".join(texts)
    for text in texts:
        assert "Tahir" not in text
        assert "waiting" not in text and "application" not in text and "worried" not in text
    on_screen = " ".join(w.text() for w in page.findChildren(QWidget) if hasattr(w, "text"))
    assert "Tahir" not in on_screen and "07700" not in on_screen

    _type(qtbot, page, "application", settle)  # new results are hidden too
    assert _texts(page) == [f"Samira T., {weekday_date_text(dt.date.today())}"]
    privacy.set_on(False)
    assert "worried about her housing application" in _texts(page)[0]


def test_every_control_has_an_accessible_name(page: SearchPage, privacy: Privacy) -> None:
    privacy.set_on(True)  # the notice shows too
    unnamed = [
        type(w).__name__
        for w in page.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and w.isVisible()
        and not w.accessibleName()
        and not isinstance(w, QScrollBar)
        and not isinstance(w.parent(), QAbstractScrollArea)  # the list's viewport
        and w.parent() is not page.box  # the box's clear button
    ]
    assert unnamed == []
    for label in (page.status, page.privacy_notice):
        assert label.accessibleName()
