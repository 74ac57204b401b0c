"""Skipping a schedule's history gives exactly the dates walking it from the start gives."""

from __future__ import annotations

import datetime as dt

from dateutil import rrule
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.domain import GroupRecord
from facilitator.services.schedule import occurrences

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _walked(rule: str, first: dt.date, start: dt.date, end: dt.date) -> list[dt.date]:
    parsed = rrule.rrulestr(rule, dtstart=dt.datetime.combine(first, dt.time()))
    found = parsed.between(  # type: ignore[union-attr]
        dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time()), inc=True
    )
    return list(dict.fromkeys(d.date() for d in found))


@st.composite
def rules(draw: st.DrawFn) -> str:
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]))
    parts = [f"FREQ={freq}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(1, 4))}")
    if freq != "DAILY" and draw(st.booleans()):
        days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True))
        parts.append("BYDAY=" + ",".join(days))
        if len(days) > 1 and draw(st.booleans()):
            parts.append(f"BYSETPOS={draw(st.sampled_from(['1', '-1', '2']))}")
    if draw(st.booleans()):
        parts.append(f"WKST={draw(st.sampled_from(DAYS))}")
    if draw(st.integers(0, 5)) == 0:
        parts.append(f"COUNT={draw(st.integers(1, 60))}")
    elif draw(st.integers(0, 5)) == 0:
        until = dt.date(2024, 1, 1) + dt.timedelta(days=draw(st.integers(0, 1500)))
        parts.append(f"UNTIL={until:%Y%m%d}")
    return ";".join(parts)


@settings(max_examples=400, deadline=None)
@given(
    rule=rules(),
    first_offset=st.integers(0, 1500),
    start_offset=st.integers(-30, 1600),
    length=st.integers(0, 60),
)
def test_the_shortcut_gives_the_same_dates(
    rule: str, first_offset: int, start_offset: int, length: int
) -> None:
    first = dt.date(2022, 1, 1) + dt.timedelta(days=first_offset)
    start = first + dt.timedelta(days=start_offset)
    end = start + dt.timedelta(days=length)
    group = GroupRecord(id=1, name="G", printed_title="G", schedule_rule=rule, schedule_start=first)
    assert occurrences(group, start, end) == _walked(rule, first, start, end)
