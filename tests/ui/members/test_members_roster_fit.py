"""The Members page as a new facilitator met it: the filter matches what a person
searches by, not the Status column (issue 16 defect 11); a heading and one wording
for adding someone (defect 15); nothing cut off at the main window's default size
(defect 6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.members.page import MembersPage
from facilitator.ui.plumbing.backend import Backend

MakePage = Callable[[], MembersPage]


@pytest.fixture
def roster(services: Services) -> None:
    grief = services.roster.create_group(GroupDraft("Grief Group"))
    services.roster.add_member(MemberDraft("Zoë", "Adeyemi"), group_id=grief.id)
    services.roster.add_member(
        MemberDraft("Otto", "Fink", date_joined=dt.date(2026, 3, 2)), group_id=grief.id
    )
    services.roster.add_member(MemberDraft("Björn", "Lund", preferred_name="Bo"))


@pytest.fixture
def make_page(
    qtbot: QtBot, backend: Backend, privacy: Privacy, settle: Callable[[], None]
) -> MakePage:
    def make() -> MembersPage:
        page = MembersPage(backend, privacy)
        qtbot.addWidget(page)
        page.resize(1100, 680)
        page.show()
        page.activate()
        settle()
        return page

    return make


def _listed(page: MembersPage, text: str) -> list[str]:
    page.filter.setText(text)
    return sorted(r.first_name for r in page.proxy.records())


def test_the_filter_does_not_match_the_status_column(make_page: MakePage, roster: None) -> None:
    """issue 16 defect 11: "a" lists only people whose name or group has an "a", not
    everyone whose status reads "Active"; the status words and dates find no one."""
    page = make_page()
    assert _listed(page, "") == ["Björn", "Otto", "Zoë"]  # all three are Active
    assert _listed(page, "a") == ["Zoë"]  # Adeyemi; Otto Fink and Björn "Bo" Lund have none
    assert _listed(page, "active") == []
    assert _listed(page, "mar") == []  # Otto joined in March: the date is not searched


def test_the_filter_still_finds_names_and_groups_ignoring_case_and_accents(
    make_page: MakePage, roster: None
) -> None:
    """issue 16 defect 11: names (first, last, preferred) and group names, folded."""
    page = make_page()
    assert _listed(page, "ZOE") == ["Zoë"]
    assert _listed(page, "bjorn") == ["Björn"]
    assert _listed(page, "bo lund") == ["Björn"]  # the preferred name
    assert _listed(page, "FINK") == ["Otto"]
    assert _listed(page, "grief") == ["Otto", "Zoë"]


def test_the_page_has_a_heading_and_adds_a_new_member(make_page: MakePage) -> None:
    """issue 16 defect 15: a heading like the other pages; "New member…" as elsewhere."""
    page = make_page()
    headings = [label.text() for label in page.findChildren(QLabel)]
    assert "Members" in headings
    assert page.new_button.text().replace("&", "") == "New member…"
