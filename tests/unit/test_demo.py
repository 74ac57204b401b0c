"""The demo data: what a facilitator sees in it, that it is deterministic, and that it
loads into a vault exactly as the ORM would have written it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from facilitator.app import OpenVault
from facilitator.domain.enums import AttendanceStatus, ConsentKind
from facilitator.errors import InvalidInput
from facilitator.services import demo
from facilitator.services.demo import DemoSummary, build_demo, populate_demo
from facilitator.storage import bulk, models
from facilitator.storage.bulk import DemoData
from facilitator.storage.vault import Vault

TODAY = dt.date(2026, 11, 24)  # a Tuesday


@pytest.fixture(scope="module")
def small() -> DemoData:
    return build_demo("small", seed=0, today=TODAY)


def _next_anniversary(day: dt.date) -> dt.date:
    if day >= TODAY:
        return day
    for year in (TODAY.year, TODAY.year + 1):
        when = day.replace(year=year, day=28) if (day.month, day.day) == (2, 29) else None
        when = when or day.replace(year=year)
        if when >= TODAY:
            return when
    raise AssertionError("unreachable")


def test_small_demo_is_one_facilitators_year(small: DemoData) -> None:
    counts = small.counts()
    assert 8 <= counts["groups"] <= 10
    assert counts["members"] == 150
    assert 150 <= counts["memberships"] <= 450
    assert 8 * 52 * 0.9 <= counts["sessions"] <= 10 * 53
    assert 2_000 <= counts["attendance"] <= 20_000
    assert counts["notes"] >= 300
    assert 20 <= counts["follow_ups"] <= 200
    assert counts["consents"] >= 140
    groups_of: dict[int, set[int]] = defaultdict(set)
    for ship in small.memberships:
        groups_of[ship.member_id].add(ship.group_id)
    assert {len(g) for g in groups_of.values()} <= {1, 2, 3}
    assert len(groups_of) == counts["members"]


def test_groups_meet_weekly_under_neutral_titles(small: DemoData) -> None:
    names = {g.name for g in small.groups}
    assert {"Tuesday Evening Recovery Circle", "Grief Support — Thursdays"} <= names
    for group in small.groups:
        assert group.schedule_rule.startswith("FREQ=WEEKLY;")
        assert group.printed_title.endswith("Meeting")
        for word in ("Recovery", "Grief", "Family", "Mental"):
            assert word not in group.printed_title
    assert "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH" in {g.schedule_rule for g in small.groups}
    first = {s.group_id: s.date for s in reversed(small.sessions)}
    assert all(g.schedule_start == first[g.id] for g in small.groups)


def test_same_seed_same_rows_other_seed_other_people(small: DemoData) -> None:
    assert build_demo("small", seed=0, today=TODAY) == small
    other = build_demo("small", seed=1, today=TODAY)
    assert [m.first_name for m in other.members] != [m.first_name for m in small.members]


def test_there_is_a_session_tonight_with_nobody_checked_in_yet(small: DemoData) -> None:
    tonight = [s for s in small.sessions if s.date == TODAY]
    assert tonight and not any(s.cancelled for s in tonight)
    marked = {a.session_id for a in small.attendance}
    assert not marked & {s.id for s in tonight}
    assert all(s.date <= TODAY for s in small.sessions)


def test_follow_ups_are_overdue_due_this_week_and_done(small: DemoData) -> None:
    open_ = [f for f in small.follow_ups if not f.done]
    assert any(f.due_on is not None and f.due_on < TODAY for f in open_)
    week = TODAY + dt.timedelta(days=7)
    assert any(f.due_on is not None and TODAY <= f.due_on <= week for f in open_)
    done = [f for f in small.follow_ups if f.done]
    assert done and all(f.done_on is not None and f.done_on <= TODAY for f in done)


def test_someone_missed_three_in_a_row_and_may_be_contacted(small: DemoData) -> None:
    dates = {s.id: (s.group_id, s.date) for s in small.sessions}
    history: dict[tuple[int, int], list[tuple[dt.date, AttendanceStatus]]] = defaultdict(list)
    for mark in small.attendance:
        group, day = dates[mark.session_id]
        history[(mark.member_id, group)].append((day, mark.status))
    missing = set()
    for (member, _group), marks in history.items():
        latest = [status for _day, status in sorted(marks)[-3:]]
        if len(latest) == 3 and all(s is AttendanceStatus.ABSENT for s in latest):
            missing.add(member)
    reachable = {
        c.member_id
        for c in small.consents
        if c.kind.is_contact_channel and c.given and c.revoked_on is None
    }
    assert missing & reachable


def test_consents_are_mostly_given_some_revoked(small: DemoData) -> None:
    stored = [c for c in small.consents if c.kind is ConsentKind.STORE_DETAILS]
    assert len(stored) == len(small.members)
    assert sum(c.given for c in stored) >= 0.9 * len(stored)
    assert any(c.revoked_on is not None for c in small.consents)
    for c in stored:  # who declined keeps nothing but a name
        member = small.members[c.member_id - 1]
        assert c.given or not (member.phone or member.email or member.emergency_contact)


def test_a_shared_milestone_falls_in_the_coming_week(small: DemoData) -> None:
    week = TODAY + dt.timedelta(days=7)
    soon = [m for m in small.milestones if m.shared and _next_anniversary(m.date) <= week]
    assert soon


def test_names_are_not_all_plain(small: DemoData) -> None:
    names = {f"{m.first_name} {m.last_name}".strip() for m in small.members}
    assert {"Zoë O'Brien", "Hope Smith-Jones", "Grace Ó Súilleabháin", "Dee"} <= names


def test_notes_are_real_paragraphs(small: DemoData) -> None:
    assert all(200 <= len(n.body) <= 800 for n in small.notes)
    assert any(n.member_id is not None for n in small.notes)
    assert {n.template for n in small.notes} == {"", "check-in", "member"}
    text = " ".join(n.body for n in small.notes).lower()
    for theme in ("housing", "sleep", "cravings", "family", "work", "grief", "anniversary"):
        assert theme in text


def test_unknown_scale_is_refused() -> None:
    with pytest.raises(InvalidInput):
        build_demo("medium")


def test_exact_counts_when_the_plan_asks_for_them() -> None:
    # The large scale's mode (exact marks, notes and follow-ups), scaled down.
    plan = demo._Plan(12, 400, 30, False, (8, 14), marks=3_001, notes=700, follow_ups=90)
    data = demo._Builder(plan, seed=3, today=TODAY).build()
    assert len(data.attendance) == 3_001
    assert len(data.notes) == 700
    assert 90 <= len(data.follow_ups) <= 95
    assert len(data.sessions) == 12 * 30


def test_populate_loads_what_the_orm_reads_back(vault: Vault, small: DemoData) -> None:
    summary = populate_demo(vault, "small", seed=0, today=TODAY)
    assert summary == DemoSummary(**small.counts())
    with vault.session() as session:
        assert session.scalar(select(func.count()).select_from(models.Member)) == 150
        assert session.scalar(select(func.count()).select_from(models.Attendance)) == len(
            small.attendance
        )
        first = session.get(models.Session, small.sessions[0].id)
        assert first is not None
        row = small.sessions[0]
        assert (first.date, first.start_time, first.end_time) == (row.date, *row[3:5])
        note = session.get(models.Note, 1)
        assert note is not None
        assert (note.body, note.created_at) == (small.notes[0].body, small.notes[0].created_at)
        member = session.get(models.Member, 1)
        assert member is not None
        assert member.status == small.members[0].status.value
    vault.check()


def test_values_are_stored_as_sqlalchemy_stores_them(vault: Vault) -> None:
    populate_demo(vault, "small", seed=0, today=TODAY)
    when = dt.datetime(2026, 1, 2, 3, 4, 5)
    with vault.unit_of_work() as session:
        session.add(
            models.Group(
                id=999,
                name="Written by the ORM",
                schedule_start=when.date(),
                start_time=when.time(),
                archived=True,
                created_at=when,
            )
        )
    sql = "SELECT schedule_start, start_time, archived, created_at FROM groups WHERE id = ?"
    with vault.engine.connect() as connection:
        by_orm = connection.exec_driver_sql(sql, (999,)).one()
        by_demo = connection.exec_driver_sql(sql, (1,)).one()
    ours = (bulk.sql_date(when.date()), bulk.sql_time(when.time()), 1, bulk.sql_datetime(when))
    assert tuple(by_orm) == ours
    assert [len(str(v)) for v in by_demo] == [len(str(v)) for v in by_orm]


def test_search_finds_the_themes_and_the_index_is_whole(vault: Vault) -> None:
    populate_demo(vault, "small", seed=0, today=TODAY)
    with vault.engine.connect() as connection:
        found = connection.exec_driver_sql(
            "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'housing'"
        ).scalar_one()
        assert found > 0
        connection.exec_driver_sql("INSERT INTO notes_fts(notes_fts) VALUES ('integrity-check')")
        triggers = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).scalars()
        assert list(triggers) == ["notes_fts_ad", "notes_fts_ai", "notes_fts_au"]
        analysed = connection.exec_driver_sql(
            "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'attendance'"
        ).scalar_one()
        assert analysed > 0  # PRAGMA optimize ran after the load


def test_a_vault_with_data_is_refused_and_left_alone(vault: Vault) -> None:
    first = populate_demo(vault, "small", seed=0, today=TODAY)
    with pytest.raises(InvalidInput):
        populate_demo(vault, "small", seed=1, today=TODAY)
    with vault.session() as session:
        assert session.scalar(select(func.count()).select_from(models.Member)) == first.members
    with pytest.raises(InvalidInput):
        populate_demo(vault, "huge")


def test_a_load_that_fails_changes_nothing(vault: Vault, small: DemoData) -> None:
    stray = small.follow_ups[0]._replace(id=len(small.follow_ups) + 1, member_id=10**6)
    broken = dataclasses.replace(small, follow_ups=[*small.follow_ups, stray])
    with pytest.raises(IntegrityError):  # the last row of the last table breaks a foreign key
        bulk.bulk_load(vault, broken)
    assert bulk.is_empty(vault)
    vault.check()


def test_todays_digest_has_something_in_every_part(opened: OpenVault) -> None:
    populate_demo(opened.vault, "small", seed=0, today=TODAY)
    digest = opened.services.today.digest()
    assert digest.todays_sessions
    assert digest.overdue_follow_ups
    assert digest.due_soon_follow_ups
    assert digest.outreach
    assert digest.milestones
