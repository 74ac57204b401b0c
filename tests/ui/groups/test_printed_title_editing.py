"""The printed title where it is edited: neutral by default, explained, and a visible
warning line while a typed title could say what the group is.

issue 16 defect 4.  On a real vault; the services' clock is 24 November 2026."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.services.roster import GroupDraft
from facilitator.services.sheets import FALLBACK_TITLE, printed_title_of
from facilitator.ui.groups.group_dialog import GroupDialog
from facilitator.ui.groups.page import GroupsPage
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend

TODAY = dt.date(2026, 11, 24)
Settle = Callable[[], None]


def _dialog(qtbot: QtBot, backend: Backend, **kwargs: object) -> GroupDialog:
    dialog = GroupDialog(backend, TODAY, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_new_group_prints_a_neutral_title_and_says_why(
    qtbot: QtBot, backend: Backend, services: Services, settle: Callable[[], None]
) -> None:
    """issue 16 defect 4: the field is filled with the neutral title, explained where it
    is edited, and what is stored prints no word of the name."""
    dialog = _dialog(qtbot, backend)
    assert dialog.printed_title.text() == FALLBACK_TITLE
    assert dialog.title_help.isVisible()
    help_text = dialog.title_help.text()
    assert "paper" in help_text and "must not say what the" in help_text
    assert not dialog.title_warning.isVisible()
    qtbot.keyClicks(dialog.name, "Opioid Recovery Tuesday")
    assert dialog.printed_title.text() == FALLBACK_TITLE  # never follows the name
    dialog.ok_button.click()
    settle()
    (group,) = services.roster.groups()
    assert group.printed_title == FALLBACK_TITLE
    assert printed_title_of(group) == FALLBACK_TITLE


def test_a_title_holding_the_name_or_the_kind_of_group_is_warned_about_inline(
    qtbot: QtBot, backend: Backend
) -> None:
    """issue 16 defect 4: warn (a visible line, not a modal) when the typed title equals
    or contains the name, or says what kind of group it is."""
    dialog = _dialog(qtbot, backend)
    qtbot.keyClicks(dialog.name, "Opioid Recovery Tuesday")
    dialog.printed_title.clear()
    qtbot.keyClicks(dialog.printed_title, "Opioid Recovery Tuesday group")
    assert dialog.title_warning.isVisible()
    assert "holds the group's name" in dialog.title_warning.text()
    assert "\u201cMeeting\u201d" in dialog.title_warning.text()
    assert dialog.findChildren(QMessageBox) == []  # no modal

    dialog.printed_title.clear()
    qtbot.keyClicks(dialog.printed_title, "Recovery cafe")
    assert "what kind of group" in dialog.title_warning.text()

    dialog.printed_title.clear()
    qtbot.keyClicks(dialog.printed_title, "Tuesday evening meeting")
    assert not dialog.title_warning.isVisible()

    # Renaming the group re-reads the title too.
    qtbot.keyClicks(dialog.name, " evening meeting")  # "… Tuesday evening meeting"
    assert not dialog.title_warning.isVisible()
    dialog.name.setText("Tuesday evening meeting")
    assert dialog.title_warning.isVisible()


def test_editing_shows_what_sheets_print(
    qtbot: QtBot, backend: Backend, services: Services
) -> None:
    group = services.roster.create_group(
        GroupDraft(name="Opioid Recovery Tuesday", printed_title="Opioid Recovery Tuesday group")
    )
    dialog = _dialog(qtbot, backend, group=group)
    assert dialog.printed_title.text() == FALLBACK_TITLE  # what the sheet prints for it
    assert not dialog.title_warning.isVisible()


def test_the_details_tab_warns_about_a_title_that_names_the_kind_of_group(
    qtbot: QtBot, backend: Backend, privacy: Privacy, services: Services, settle: Settle
) -> None:
    """issue 16 defect 4: a group kept from before (its title says "Recovery") is
    pointed out where its details are read, not only when it is edited."""
    services.roster.create_group(GroupDraft(name="Tuesday Circle", printed_title="Recovery night"))
    services.roster.create_group(GroupDraft(name="Wednesday Circle", printed_title="Meeting"))
    page = GroupsPage(backend, privacy)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    settle()
    page.show_tab("details")
    warnings: dict[str, str] = {}
    for row in range(page.proxy.rowCount()):
        page.list.selectRow(row)
        name = page.proxy.index(row, 0).data()
        box = page.details.title_warning
        warnings[name] = box.text() if box.isVisible() else ""
    assert "what kind of group" in warnings["Tuesday Circle"]
    assert warnings["Wednesday Circle"] == ""
