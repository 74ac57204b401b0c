"""Forgetting a person from their page: the preview, the deliberate confirmation, the
report, and the vault afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from facilitator.app import Services
from facilitator.domain import AttendanceStatus, ConsentKind, MemberRecord
from facilitator.errors import NotFound
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import SessionDraft
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.members.forget_dialog import ForgetDialog
from facilitator.ui.members.page import MembersPage
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import MemberTarget

PHONE = "07700 900461"
EMAIL = "q.march@example.org"
MakePage = Callable[[MemberRecord], MembersPage]


@dataclass
class World:
    quennell: MemberRecord
    ottoline: MemberRecord
    sessions: list[int]


@pytest.fixture
def world(services: Services) -> World:
    roster = services.roster
    group = roster.create_group(GroupDraft("Tuesday Circle", location="Quennell's flat"))
    quennell = roster.add_member(
        MemberDraft("Quennell", "Marchbanks", preferred_name="Sam", phone=PHONE, email=EMAIL),
        group_id=group.id,
    )
    ottoline = roster.add_member(
        MemberDraft(
            "Ottoline",
            "Marchbanks",  # a cousin: the last name is shared
            emergency_contact="Quennell Marchbanks 07700 900461",
            notes="Came with Quennell",
        ),
        group_id=group.id,
    )
    roster.add_member(MemberDraft("Sam", "Okafor"), group_id=group.id)
    roster.record_consent(quennell.id, ConsentKind.CONTACT_PHONE)
    sessions = []
    for week, mark in enumerate((AttendanceStatus.PRESENT, AttendanceStatus.ABSENT)):
        session = services.schedule.add_session(
            group.id, SessionDraft(date=dt.date(2026, 11, 3) + dt.timedelta(weeks=week))
        )
        services.attendance.mark(session.id, quennell.id, mark)
        sessions.append(session.id)
    services.notes.add("Quennell spoke first", session_id=sessions[0])
    services.notes.add("About them", member_id=quennell.id)
    services.notes.add("Another about them", member_id=quennell.id)
    services.follow_ups.add("Call Quennell", member_id=quennell.id)
    return World(quennell, ottoline, sessions)


@pytest.fixture
def make_page(
    qtbot: QtBot, backend: Backend, privacy: Privacy, settle: Callable[[], None]
) -> MakePage:
    """The Members page, shown and read, open on a person's page."""

    def make(who: MemberRecord) -> MembersPage:
        page = MembersPage(backend, privacy)
        qtbot.addWidget(page)
        page.resize(1100, 680)
        page.show()
        page.activate()
        settle()
        page.go_to(MemberTarget(who.id))
        settle()
        assert page.person.data is not None and page.person.data.member.id == who.id
        return page

    return make


def _open_dialog(page: MembersPage, settle: Callable[[], None]) -> ForgetDialog:
    page.person.overview.forget_button.click()
    dialog = page.person.forgetter
    assert dialog is not None and dialog.isVisible()
    settle()  # the preview
    return dialog


def _closed(dialog: ForgetDialog) -> bool:
    """Closed (and, as it deletes itself on close, maybe deleted already)."""
    return not Shiboken.isValid(dialog) or not dialog.isVisible()


def _texts(dialog: ForgetDialog) -> str:
    shown = [dialog.windowTitle()]
    shown += [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
    shown += [w.text() for w in dialog.findChildren(QAbstractButton) if w.isVisible()]
    return "\n".join(shown)


def test_the_dialog_says_what_will_happen_and_waits_for_a_deliberate_yes(
    make_page: MakePage, services: Services, world: World, settle: Callable[[], None]
) -> None:
    page = make_page(world.quennell)
    assert not page.person.overview.forget_button.isDefault()

    dialog = _open_dialog(page, settle)

    text = _texts(dialog)
    assert "Forget Sam Marchbanks for good?" in text
    assert "2 notes about them." in text
    assert "1 follow-up for them." in text
    assert "1 consent record." in text
    assert "milestone" not in text  # nothing is said of what there is none of
    assert "the 1 time they came will count as anonymous guests of those sessions" in text
    assert "1 excused or absent mark." in text
    # The group's location, the session note and Ottoline's notes: counted by field,
    # and none of them shown.
    assert "in 3 other texts (1 group location, 1 note, the notes of 1 other member)" in text
    assert "flat" not in text and "spoke first" not in text
    assert "emergency contact of 1 other member — kept" in text
    assert "“Sam” is also the name of 1 other member" in text
    assert "“Marchbanks” is also the name of 1 other member" in text
    assert "Backups made before now still hold this person" in text
    assert "automatic backups" in text
    # Nothing can be forgotten before "I understand" is ticked; Cancel is the default.
    assert not dialog.forget_button.isEnabled()
    assert dialog.cancel_button.isDefault() and not dialog.forget_button.isDefault()
    dialog.understood.click()
    assert dialog.forget_button.isEnabled()
    dialog.understood.click()
    assert not dialog.forget_button.isEnabled()
    assert services.roster.member(world.quennell.id) == world.quennell


def test_forgetting_tells_what_was_done_and_shows_the_list_without_them(
    make_page: MakePage,
    services: Services,
    messages: RecordingMessages,
    world: World,
    settle: Callable[[], None],
) -> None:
    page = make_page(world.quennell)
    dialog = _open_dialog(page, settle)
    guests_before = services.schedule.session(world.sessions[0]).guest_count

    dialog.understood.click()
    dialog.forget_button.click()
    assert not dialog.forget_button.isEnabled() and dialog.progress.isVisible()
    settle()
    settle()  # the list, read again

    assert _closed(dialog)
    kinds = [kind for kind, _ in messages.shown]
    assert kinds == ["information"]
    report = messages.shown[0][1]
    assert report.startswith("Sam Marchbanks has been forgotten.")
    assert "2 notes" in report and "1 follow-up" in report
    assert "Mentions redacted in 3 other texts: 1 group location, 1 note, the " in report
    assert "1 attendance kept as anonymous guests" in report
    assert "Backups made before now still hold this person" in report
    # The vault.
    with pytest.raises(NotFound):
        services.roster.member(world.quennell.id)
    assert services.schedule.session(world.sessions[0]).guest_count == guests_before + 1
    assert services.notes.for_session(world.sessions[0])[0].body == "[redacted] spoke first"
    ottoline = services.roster.member(world.ottoline.id)
    assert ottoline.notes == "Came with [redacted]"
    assert services.roster.groups()[0].location == "[redacted] flat"
    assert ottoline.emergency_contact == "Quennell Marchbanks 07700 900461"
    # The screen: the Members list without them, and no page of theirs.
    names = [r.first_name for r in page.proxy.records()]
    assert "Quennell" not in names and "Ottoline" in names
    assert page.person.data is None
    assert page.person.message.text() == "The person has been forgotten."


def test_enter_or_cancel_forgets_nobody(
    qtbot: QtBot, make_page: MakePage, services: Services, world: World, settle: Callable[[], None]
) -> None:
    page = make_page(world.quennell)
    dialog = _open_dialog(page, settle)
    dialog.understood.click()
    qtbot.keyClick(dialog.understood, Qt.Key.Key_Return)  # the default button: Cancel
    settle()
    assert _closed(dialog)

    dialog = _open_dialog(page, settle)
    dialog.understood.click()
    dialog.cancel_button.click()
    settle()

    assert _closed(dialog)
    assert services.roster.member(world.quennell.id) == world.quennell
    assert page.person.data is not None


def test_while_the_vault_works_the_dialog_stays(
    make_page: MakePage, services: Services, world: World, settle: Callable[[], None]
) -> None:
    page = make_page(world.quennell)
    dialog = _open_dialog(page, settle)
    dialog.understood.click()
    dialog.forget_button.click()

    dialog.reject()  # Escape or the window's close button, before the vault has answered
    assert dialog.isVisible() and not dialog.cancel_button.isEnabled()
    settle()
    assert _closed(dialog)


def test_with_the_privacy_screen_on_only_a_short_name_shows(
    make_page: MakePage,
    privacy: Privacy,
    messages: RecordingMessages,
    world: World,
    settle: Callable[[], None],
) -> None:
    privacy.set_on(True)
    page = make_page(world.quennell)
    dialog = _open_dialog(page, settle)

    text = _texts(dialog)
    assert "Sam M." in text and "“Sam” is also the name" in text
    assert "“M.” is also the name" in text
    for secret in ("Marchbanks", "Quennell", "900461", EMAIL):
        assert secret not in text
    dialog.understood.click()
    dialog.forget_button.click()
    settle()
    report = messages.shown[-1][1]
    assert report.startswith("Sam M. has been forgotten.") and "Marchbanks" not in report


def test_a_person_already_gone_is_said_inline(
    make_page: MakePage, services: Services, world: World, settle: Callable[[], None]
) -> None:
    page = make_page(world.quennell)
    services.erasure.forget(world.quennell.id)  # elsewhere, meanwhile (e.g. the command line)

    dialog = _open_dialog(page, settle)

    assert dialog.problem.isVisible()
    assert "No member with id" in dialog.problem.text()
    assert not dialog.understood.isEnabled() and not dialog.forget_button.isEnabled()


def test_every_control_of_the_dialog_has_an_accessible_name(
    make_page: MakePage, world: World, settle: Callable[[], None]
) -> None:
    page = make_page(world.quennell)
    assert page.person.overview.forget_button.accessibleName() == "Forget this person"
    dialog = _open_dialog(page, settle)
    unnamed = [
        type(w).__name__
        for w in dialog.findChildren(QWidget)
        if w.isVisible() and w.focusPolicy() != Qt.FocusPolicy.NoFocus and not w.accessibleName()
    ]
    assert unnamed == []
    assert dialog.accessibleName() == "Forget Sam Marchbanks"
