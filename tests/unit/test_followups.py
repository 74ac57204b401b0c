"""Follow-ups: what to do, for whom, by when (FollowUpService)."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.app import Services
from facilitator.domain import Priority
from facilitator.errors import InvalidInput, NotFound
from facilitator.services.followups import FollowUpFilter


def nov(day: int) -> dt.date:
    return dt.date(2026, 11, day)


def descriptions(services: Services, which: FollowUpFilter | str, **kw: int) -> list[str]:
    return [f.description for f in services.follow_ups.find(which, **kw)]  # type: ignore[arg-type]


def test_add_complete_and_reopen(services: Services, make_member, today: dt.date) -> None:
    sam = make_member("Samantha", preferred_name="Sam", last_name="Jones")

    added = services.follow_ups.add(
        "  Call Sam about the   housing referral ",
        due_on=nov(27),
        priority=Priority.HIGH,
        member_id=sam.id,
    )

    assert added.description == "Call Sam about the housing referral"
    assert (added.due_on, added.priority, added.member_name) == (
        nov(27),
        Priority.HIGH,
        "Sam Jones",
    )
    assert not added.done
    assert added.done_on is None

    done = services.follow_ups.complete(added.id)
    assert (done.done, done.done_on) == (True, today)
    assert descriptions(services, FollowUpFilter.OPEN) == []

    reopened = services.follow_ups.complete(added.id, done=False)
    assert (reopened.done, reopened.done_on) == (False, None)
    assert descriptions(services, FollowUpFilter.OPEN) == ["Call Sam about the housing referral"]


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_a_follow_up_needs_a_description(offline: Services, blank: str) -> None:
    with pytest.raises(InvalidInput, match="follow-up"):
        offline.follow_ups.add(blank, due_on=nov(27))
    with pytest.raises(InvalidInput, match="follow-up"):
        offline.follow_ups.edit(1, description=blank, due_on=None, priority=Priority.LOW)


def test_a_follow_up_for_an_unknown_member_is_rejected(services: Services) -> None:
    with pytest.raises(NotFound):
        services.follow_ups.add("Call", member_id=404)
    assert services.follow_ups.find(FollowUpFilter.ALL) == []


@pytest.fixture
def mixed(services: Services) -> None:
    """Open ones due 20 Nov (overdue), 24 Nov (today), 1 Dec, two undated; done ones
    due 18 Nov and 30 Nov, added in a muddled order."""
    add = services.follow_ups.add
    add("undated A")
    add("due 1 Dec", due_on=dt.date(2026, 12, 1))
    services.follow_ups.complete(add("done, was due 18 Nov", due_on=nov(18)).id)
    add("due 20 Nov", due_on=nov(20), priority=Priority.LOW)
    add("due today", due_on=nov(24))
    add("undated B")
    services.follow_ups.complete(add("done, due 30 Nov", due_on=nov(30)).id)


@pytest.mark.usefixtures("mixed")
def test_the_filters(services: Services, today: dt.date) -> None:
    assert descriptions(services, FollowUpFilter.OVERDUE) == ["due 20 Nov"]
    assert descriptions(services, FollowUpFilter.OPEN) == [
        "due 20 Nov",
        "due today",
        "due 1 Dec",
        "undated A",
        "undated B",
    ]
    assert descriptions(services, FollowUpFilter.DONE) == [
        "done, was due 18 Nov",
        "done, due 30 Nov",
    ]
    everything = services.follow_ups.find(FollowUpFilter.ALL)
    assert [f.done for f in everything] == [False] * 5 + [True] * 2
    assert [f.description for f in everything if f.overdue(today)] == ["due 20 Nov"]


@pytest.mark.usefixtures("mixed")
def test_the_filters_by_name_as_the_command_line_gives_them(services: Services) -> None:
    assert descriptions(services, "overdue") == ["due 20 Nov"]
    assert descriptions(services, "done") == ["done, was due 18 Nov", "done, due 30 Nov"]
    assert len(descriptions(services, "open")) == 5


def test_filter_by_member_and_session(services: Services, make_group, make_member) -> None:
    sam = make_member("Sam")
    session = services.schedule.open_session(make_group().id)
    services.follow_ups.add("for Sam", member_id=sam.id)
    services.follow_ups.add("for tonight", session_id=session.id)
    services.follow_ups.add("for nobody")

    assert descriptions(services, FollowUpFilter.OPEN, member_id=sam.id) == ["for Sam"]
    assert descriptions(services, FollowUpFilter.ALL, session_id=session.id) == ["for tonight"]


def test_edit_and_delete(services: Services) -> None:
    added = services.follow_ups.add("Call", due_on=nov(20))

    edited = services.follow_ups.edit(
        added.id, description="Call back", due_on=None, priority=Priority.HIGH
    )
    assert (edited.description, edited.due_on, edited.priority) == (
        "Call back",
        None,
        Priority.HIGH,
    )
    assert descriptions(services, FollowUpFilter.OVERDUE) == []

    services.follow_ups.delete(added.id)
    assert services.follow_ups.find(FollowUpFilter.ALL) == []
