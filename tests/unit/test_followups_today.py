"""Small service additions for the Follow-ups page: the services' today, and several
sessions fetched at once (to name the sessions that follow-ups belong to)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from facilitator.app import Services


def test_today_is_the_services_clock(offline: Services, today: dt.date) -> None:
    assert offline.follow_ups.today() == today


def test_sessions_by_id_leave_out_missing_ones(services: Services, make_group: Any) -> None:
    group = make_group("Tuesday Circle")
    first = services.schedule.open_session(group.id, dt.date(2026, 11, 3))
    second = services.schedule.open_session(group.id, dt.date(2026, 11, 10))
    found = services.schedule.sessions([second.id, first.id, 9999, first.id])
    assert list(found) == [second.id, first.id]
    assert found[first.id] == first
    assert found[second.id].group_name == "Tuesday Circle"
    assert found[second.id].date == dt.date(2026, 11, 10)
    assert services.schedule.sessions([]) == {}
