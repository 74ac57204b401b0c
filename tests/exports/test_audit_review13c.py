"""Third review of the suppression audit (issue 13, branch review13c): reproducers of
what an outside reviewer found; each was an ``xfail(strict=True)`` (and failed) until
the audit was fixed.

Each is a difference of printed counts that is itself a count of people (from 1 to
K-1), or a fact true of the app's counting that narrows a hidden small count, that
neither ``audit._derived`` nor the test attacker's ``derived_counts`` knows.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from attacker import UNATTACHED, attack, truth_of
from test_audit import Activity, Export
from test_audit_review import export_months

from facilitator.app import OpenVault
from facilitator.exports.summary_options import SummaryOptions
from facilitator.services._common import Clock
from facilitator.services.roster import GroupDraft
from facilitator.services.schedule import SessionDraft
from facilitator.storage.vault import Vault

K = 11
TODAY = dt.datetime(2026, 11, 24, 18, 30)
_D = "different_people"


def _shown(one: Export, label: str) -> dict[tuple[str, str], int]:
    """(month, measure) -> printed number, of one row label."""
    return {(mo, m): int(v) for g, mo, m, v in one.published.rows if g == label and v.isdigit()}


def _two_months_some_in_both() -> Activity:
    """One group: 15 people in January, 15 in February, 3 of them in both; everyone
    came 4 times a month (so every came_4_plus is large) and had come before (no
    newcomers)."""
    visits = {(1, "2026-01", who): 4 for who in range(15)}
    visits |= {(1, "2026-02", who): 4 for who in range(12, 27)}
    events = {(1, mo): (6, 0, 0, 0, 0) for mo in ("2026-01", "2026-02")}
    return Activity(visits, frozenset((1, who) for who in range(27)), events, {})


@pytest.mark.parametrize("single", [True, False])
def test_people_in_both_months_of_a_two_month_export_are_not_a_small_count(
    single: bool,
) -> None:
    """One export, January-February, K=11: different people 15 + 15 printed for the
    months, 27 for the period: 3 people came in both months, read off one file."""
    one = export_months(_two_months_some_in_both(), [1], 1, 2, K, single=single)
    shown = _shown(one, "Group 1" if single else "All groups")
    parts = [shown.get((mo, _D)) for mo in ("2026-01", "2026-02")]
    whole = shown.get(("whole period", _D))
    if whole is not None and None not in parts:
        both = sum(p for p in parts if p is not None) - whole
        assert not 0 < both < K, f"people in both months: {both}"


def _two_quarters_some_in_both() -> Activity:
    """One group, January-June: 15 people every month of the first quarter, 15 every
    month of the second, 3 of them in both (4 times a month; all had come before)."""
    months = [f"2026-{m:02d}" for m in range(1, 7)]
    visits = {(1, mo, who): 4 for mo in months[:3] for who in range(15)}
    visits |= {(1, mo, who): 4 for mo in months[3:] for who in range(12, 27)}
    events = {(1, mo): (6, 0, 0, 0, 0) for mo in months}
    return Activity(visits, frozenset((1, who) for who in range(27)), events, {})


@pytest.mark.parametrize("single", [True, False])
def test_people_in_both_quarters_are_not_a_small_count(single: bool) -> None:
    """Three exports through the ledger, K=11: January-March, April-June, then
    January-June (a funder's quarterly reports and the half-year).  Different people
    printed 15, 15 and 27: 3 people came in both quarters."""
    activity = _two_quarters_some_in_both()
    done: list[Export] = []
    for first, last in ((1, 3), (4, 6), (1, 6)):
        prior = [cell for one in done for cell in one.ledger]
        prior_k = (K, K) if prior else None
        done.append(export_months(activity, [1], first, last, K, prior, single, None, prior_k))
    label = "Group 1" if single else "All groups"
    q1, q2, half = (_shown(one, label).get(("whole period", _D)) for one in done)
    if q1 is not None and q2 is not None and half is not None:
        assert not 0 < q1 + q2 - half < K, f"people in both quarters: {q1 + q2 - half}"


def _drop_in_year() -> Activity:
    """One drop-in group, 2026: 15 new faces every month (4 times each), and 3 people
    who came back the month after (all had come before: no newcomers)."""
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    visits = {(1, mo, 100 * i + who): 4 for i, mo in enumerate(months) for who in range(15)}
    visits |= {(1, months[i + 1], 100 * i): 4 for i in range(3)}
    events = {(1, mo): (6, 0, 0, 0, 0) for mo in months}
    people = {who for _g, _mo, who in visits}
    return Activity(visits, frozenset((1, who) for who in people), events, {})


@pytest.mark.parametrize("single", [True, False])
def test_people_in_two_or_more_months_of_a_year_are_not_a_small_count(single: bool) -> None:
    """One default export (the twelve months of 2026), K=11: every different people
    printed; 15 x 12 + 3 over the months, 180 for the year: 3 people came in two
    months.  The same difference over groups ("people in two or more groups") is
    audited; over months it is not."""
    one = export_months(_drop_in_year(), [1], 1, 12, K, single=single)
    shown = _shown(one, "Group 1" if single else "All groups")
    months = [shown.get((f"2026-{m:02d}", _D)) for m in range(1, 13)]
    whole = shown.get(("whole period", _D))
    if whole is not None and None not in months:
        again = sum(m for m in months if m is not None) - whole
        assert not 0 < again < K, f"people counted in two or more months: {again}"


def _with_unattached(opened: int) -> Activity:
    """Two groups, January-March, every count large; ``opened`` follow-ups not tied to
    a session opened in February (none done)."""
    months = ("2026-01", "2026-02", "2026-03")
    visits = {(g, mo, who): 4 for g in (1, 2) for mo in months for who in range(15)}
    events = {(g, mo): (6, 0, 0, 20, 20) for g in (1, 2) for mo in months}
    before = frozenset((g, who) for g in (1, 2) for who in range(15))
    return Activity(visits, before, events, {"2026-02": (opened, 0)} if opened else {})


def test_the_unattached_row_does_not_tell_that_a_hidden_count_is_not_zero(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Review 13c R3, fixed: the row "Not tied to a session" was printed only when it
    had follow-ups, so its presence said "at least one" (all groups, January-March,
    K=11, 3 opened in February, every 'done' printed 0: the hidden 3 was proven >= 1
    by an attacker who knew it).  Now every export of all groups prints the row, with
    follow-ups or none: its presence tells nothing."""
    for opened in (0, 3):
        one = export_months(_with_unattached(opened), [1, 2], 1, 3, K)
        rows = {g for g, _mo, _m, _v in one.published.rows}
        assert UNATTACHED in rows, opened
    one = export_months(_with_unattached(3), [1, 2], 1, 3, K)
    truth = truth_of(one.ledger, one.names)
    assert attack([one.published], truth) == []


def _june(late_marks: bool) -> Activity:
    """Two groups in June: 30 people at group 1, 60 at group 2, 11 at both.  With
    ``late_marks``, group 1's marks of 12 more people are entered after the first export:
    11 who came to no group before, and one who came to group 2."""
    visits = {(1, "2026-06", who): 4 for who in range(30)}
    visits |= {(2, "2026-06", who): 4 for who in range(19, 79)}
    if late_marks:
        visits |= {(1, "2026-06", who): 4 for who in [40, *range(100, 111)]}
    events = {(g, "2026-06"): (6, 0, 0, 0, 0) for g in (1, 2)}
    people = {who for _g, _mo, who in visits}
    return Activity(visits, frozenset((g, w) for g in (1, 2) for w in people), events, {})


def test_late_marks_do_not_show_how_many_of_them_came_to_another_group() -> None:
    """All groups, June, K=11, exported twice through the ledger, 12 late marks for
    group 1 entered in between.  First file: all groups 79, group 1 30, group 2 60
    (11 in both groups); second: 90, 42, 60 (12 in both).  Every count changed by 0 or
    11 and more, but people in both groups changed by 1: of the 12 whose marks came
    late, exactly one also came to group 2 (and all groups - group 1 went 49 -> 48)."""
    first = export_months(_june(False), [1, 2], 6, 6, K)
    second = export_months(_june(True), [1, 2], 6, 6, K, first.ledger, prior_k=(K, K))
    overlaps = []
    for one in (first, second):
        shown = {
            g: v for (g, (mo, m)), v in _by_label(one).items() if mo == "whole period" and m == _D
        }
        if len(shown) < 3:
            return
        overlaps.append(shown["Group 1"] + shown["Group 2"] - shown["All groups"])
    assert not 0 < abs(overlaps[1] - overlaps[0]) < K, overlaps


def _by_label(one: Export) -> dict[tuple[str, tuple[str, str]], int]:
    return {(g, (mo, m)): int(v) for g, mo, m, v in one.published.rows if v.isdigit()}


def test_topics_do_not_prove_a_hidden_sessions_held_is_not_zero(
    vault: Vault, tmp_path: Path
) -> None:
    """Review 13c R5 (low), fixed: one group, October 2026, three sessions held (12
    anonymous guests each), each with its own topic, exported with topics, K=11:
    sessions held is hidden (3), and the three topics printed proved it at least 3.
    Topics are now listed only for groups whose sessions held are printed."""
    with OpenVault(vault, clock=Clock.fixed(TODAY)) as opened:
        roster, schedule = opened.services.roster, opened.services.schedule
        group = roster.create_group(GroupDraft(name="Tuesday group"))
        for day, topic in ((6, "Sleep"), (13, "Budgeting"), (20, "Cooking")):
            session = schedule.add_session(
                group.id, SessionDraft(date=dt.date(2026, 10, day), topic=topic)
            )
            schedule.set_guest_count(session.id, 12)
        path = tmp_path / "october.csv"
        opened.services.summary.export(
            path,
            SummaryOptions(
                start=dt.date(2026, 10, 1),
                end=dt.date(2026, 10, 31),
                include_topics=True,
                labels="numbers",
            ),
        )
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    rows = [tuple(row) for row in csv.reader(lines)]
    held = {r[3] for r in rows if r[:3] == ("Group 1", "whole period", "sessions_held")}
    topics = [r[3] for r in rows if r[0] == "Group 1" and r[2] == "topic"]
    assert held == {f"<{K}"}
    assert topics == []
