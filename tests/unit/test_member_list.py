"""RosterService.member_list: every member with their current groups, for the Members page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from facilitator.app import Services
from facilitator.domain import MemberStatus


def test_each_member_comes_with_their_current_groups(
    services: Services, make_group: Callable[..., Any], make_member: Callable[..., Any]
) -> None:
    tuesday = make_group("Tuesday Circle")
    grief = make_group("grief group")
    old = make_group("Old Group")
    sam = make_member("Sam", last_name="Taylor", group=tuesday)
    services.roster.join_group(sam.id, grief.id)
    services.roster.join_group(sam.id, old.id, dt.date(2026, 1, 5))
    services.roster.leave_group(sam.id, old.id, dt.date(2026, 6, 1))
    services.roster.set_archived(tuesday.id)
    alone = make_member("Ada")

    rows = {row.member.id: row for row in services.roster.member_list()}

    assert rows[sam.id].groups == ("grief group", "Tuesday Circle")  # sorted, former left out
    assert rows[alone.id].groups == ()
    assert rows[sam.id].member == services.roster.member(sam.id)


def test_the_list_can_be_narrowed_by_status(
    services: Services, make_member: Callable[..., Any]
) -> None:
    make_member("Active")
    gone = make_member("Gone")
    services.roster.set_status(gone.id, MemberStatus.LEFT)

    everyone = [r.member.first_name for r in services.roster.member_list()]
    left = services.roster.member_list(statuses=[MemberStatus.LEFT])

    assert everyone == ["Active", "Gone"]
    assert [r.member.first_name for r in left] == ["Gone"]
