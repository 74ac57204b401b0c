"""The summary's named periods and its default: issue 16 defect 7 (the default left out
the month still going on, so a new vault showed only zeros; there were no presets)."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.exports.summary_options import (
    Preset,
    default_export_period,
    default_period,
    preset_period,
)

D = dt.date
EXPECTED = {
    D(2027, 1, 1): {
        Preset.THIS_MONTH: (D(2027, 1, 1), D(2027, 1, 31)),
        Preset.LAST_MONTH: (D(2026, 12, 1), D(2026, 12, 31)),
        Preset.THIS_QUARTER: (D(2027, 1, 1), D(2027, 1, 31)),
        Preset.LAST_QUARTER: (D(2026, 10, 1), D(2026, 12, 31)),
        Preset.YEAR_TO_DATE: (D(2027, 1, 1), D(2027, 1, 31)),
        Preset.LAST_12_MONTHS: (D(2026, 1, 1), D(2026, 12, 31)),
    },
    D(2026, 12, 31): {
        Preset.THIS_MONTH: (D(2026, 12, 1), D(2026, 12, 31)),
        Preset.LAST_MONTH: (D(2026, 11, 1), D(2026, 11, 30)),
        Preset.THIS_QUARTER: (D(2026, 10, 1), D(2026, 12, 31)),
        Preset.LAST_QUARTER: (D(2026, 7, 1), D(2026, 9, 30)),
        Preset.YEAR_TO_DATE: (D(2026, 1, 1), D(2026, 12, 31)),
        Preset.LAST_12_MONTHS: (D(2025, 12, 1), D(2026, 11, 30)),
    },
    D(2028, 2, 29): {
        Preset.THIS_MONTH: (D(2028, 2, 1), D(2028, 2, 29)),
        Preset.LAST_MONTH: (D(2028, 1, 1), D(2028, 1, 31)),
        Preset.THIS_QUARTER: (D(2028, 1, 1), D(2028, 2, 29)),
        Preset.LAST_QUARTER: (D(2027, 10, 1), D(2027, 12, 31)),
        Preset.YEAR_TO_DATE: (D(2028, 1, 1), D(2028, 2, 29)),
        Preset.LAST_12_MONTHS: (D(2027, 2, 1), D(2028, 1, 31)),
    },
}


@pytest.mark.parametrize("today", sorted(EXPECTED))
def test_each_preset_gives_its_dates(today: dt.date) -> None:
    """issue 16 defect 7: the presets' dates on 1 January, 31 December and 29 February."""
    assert {p: preset_period(p, today) for p in Preset} == EXPECTED[today]


@pytest.mark.parametrize("today", [*sorted(EXPECTED), D(2026, 11, 24), D(2026, 7, 1)])
def test_the_default_period_holds_today(today: dt.date) -> None:
    """issue 16 defect 7: the default period includes today (the year to date)."""
    start, end = default_period(today)
    assert start <= today <= end
    assert (start, end) == preset_period(Preset.YEAR_TO_DATE, today)


def test_the_default_export_covers_whole_months_that_have_ended() -> None:
    """What is published never holds a month still going on: with no dates an export
    covers the year's ended months, and in January the year before."""
    assert default_export_period(D(2026, 11, 24)) == (D(2026, 1, 1), D(2026, 10, 31))
    assert default_export_period(D(2027, 1, 1)) == (D(2026, 1, 1), D(2026, 12, 31))
    assert default_export_period(D(2028, 2, 29)) == (D(2028, 1, 1), D(2028, 1, 31))
