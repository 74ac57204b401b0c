"""The one way dates are written on screen (facilitator.ui.kit.dates), and the place it
fixed: a day in another year than today shows its year on the Today page, as it
already did on the Follow-ups page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from facilitator.domain import TodayDigest, UpcomingMilestone
from facilitator.ui.editors.followup_dialog import FollowUpDialog
from facilitator.ui.kit.dates import (
    DateStyle,
    date_format,
    date_text,
    day_text,
    long_date_text,
    short_date_text,
    weekday_date_text,
)
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.today.page import TodayPage

TUESDAY = dt.date(2026, 11, 24)
NEW_YEAR = dt.date(2027, 1, 4)  # a Monday


def test_each_variant_writes_the_date_its_own_way(qapp: object) -> None:
    assert date_text(TUESDAY) == "24 Nov 2026"
    assert date_text(None) == "\N{EN DASH}"
    assert weekday_date_text(TUESDAY) == "Tue 24 Nov 2026"
    assert long_date_text(TUESDAY) == "Tuesday 24 November 2026"
    assert short_date_text(TUESDAY, TUESDAY) == "Tue 24 Nov"
    assert short_date_text(NEW_YEAR, None) == "Mon 4 Jan"  # no today: no year


def test_a_near_day_has_its_year_only_when_it_is_not_this_years(qapp: object) -> None:
    assert short_date_text(NEW_YEAR, dt.date(2027, 1, 1)) == "Mon 4 Jan"
    assert short_date_text(NEW_YEAR, dt.date(2026, 12, 30)) == "Mon 4 Jan 2027"
    assert short_date_text(dt.date(2025, 12, 29), dt.date(2026, 1, 2)) == "Mon 29 Dec 2025"


def test_today_and_tomorrow_are_words(qapp: object) -> None:
    assert day_text(TUESDAY, TUESDAY) == "Today"
    assert day_text(dt.date(2027, 1, 1), dt.date(2026, 12, 31)) == "Tomorrow"
    assert day_text(TUESDAY - dt.timedelta(days=1), TUESDAY) == "Mon 23 Nov"
    assert day_text(NEW_YEAR, dt.date(2026, 12, 30)) == "Mon 4 Jan 2027"


def test_an_editor_shows_a_date_as_the_pages_do(qapp: object) -> None:
    assert date_format(DateStyle.WEEKDAY) == "ddd d MMM yyyy"
    assert date_format(DateStyle.PLAIN) == "d MMM yyyy"


def test_the_today_page_says_the_year_of_a_milestone_next_january(
    qtbot: QtBot, backend: Backend, privacy: Privacy
) -> None:
    milestone = UpcomingMilestone(
        member_id=9,
        member_name="Jo Marsh",
        label="Sober",
        date=dt.date(2025, 1, 4),
        anniversary=NEW_YEAR,
        years=2,
    )
    page = TodayPage(backend, privacy)
    qtbot.addWidget(page)
    page.show_digest(TodayDigest(today=dt.date(2026, 12, 28), milestones=(milestone,)))
    page.show()
    assert page.sections["milestones"].row_texts()[0][0] == "Mon 4 Jan 2027"


def test_the_follow_up_editor_says_the_year_of_next_week_in_late_december(
    qtbot: QtBot, backend: Backend, privacy: Privacy, settle: Callable[[], None]
) -> None:
    dialog = FollowUpDialog(backend, privacy, None)
    qtbot.addWidget(dialog)
    dialog.open()
    settle()
    dialog.today = dt.date(2026, 12, 28)  # as if the services' day were this Monday
    dialog._label_choices()
    texts = [dialog.due_choice.itemText(row) for row in range(dialog.due_choice.count())]
    assert "Tomorrow (Tue 29 Dec)" in texts
    assert "Next week (Mon 4 Jan 2027)" in texts
