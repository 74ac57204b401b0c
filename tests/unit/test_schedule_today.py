"""ScheduleService.today: the services' own today, which pages use for relative dates."""

from __future__ import annotations

import datetime as dt

from facilitator.app import Services


def test_today_is_the_services_clock_not_the_computers(services: Services, today: dt.date) -> None:
    assert services.schedule.today() == today == dt.date(2026, 11, 24)
