"""The anonymised summary as tidy CSV: one (group, month, measure, value) per row, safe
to open in a spreadsheet, and naming nobody."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.app import OpenVault
from facilitator.domain import AttendanceStatus
from facilitator.domain.summary import (
    NOT_APPLICABLE,
    UNATTACHED,
    Measure,
    SummaryCell,
    SummaryGroup,
    SummaryReport,
)
from facilitator.exports.summary_csv import HEADER, csv_texts, render_summary_csv
from facilitator.exports.summary_options import SummaryOptions
from facilitator.services._common import Clock
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import SessionDraft
from facilitator.storage.vault import Vault

SEPT, OCT = dt.date(2026, 9, 1), dt.date(2026, 10, 31)


def rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def hand_made(topics: dict[int, tuple[str, ...]] | None = None) -> SummaryReport:
    """Two months, one group called "=cmd|' /C calc'!A0", every count 12 but the
    guests of September (3) and October (hidden to protect them) and a hidden
    average."""
    cells: dict[tuple[int | None, str | None, Measure], SummaryCell] = {}
    for group in (None, 7, UNATTACHED):
        for month in ("2026-09", "2026-10", None):
            for measure in Measure:
                cells[(group, month, measure)] = SummaryCell(12, "12")
    cells[(7, "2026-09", Measure.GUESTS)] = SummaryCell(None, "<11", suppressed=True)
    cells[(7, "2026-10", Measure.GUESTS)] = SummaryCell(None, "<11", suppressed=True)
    cells[(7, None, Measure.AVERAGE_ATTENDANCE)] = SummaryCell(None, NOT_APPLICABLE)
    cells[(7, "2026-10", Measure.AVERAGE_ATTENDANCE)] = SummaryCell(7.5, "7.5")
    return SummaryReport(
        start=SEPT,
        end=OCT,
        k=11,
        months=("2026-09", "2026-10"),
        groups=(SummaryGroup(None, ""), SummaryGroup(7, "=cmd|' /C calc'!A0")),
        cells=cells,
        generated_on=dt.date(2026, 11, 24),
        include_topics=topics is not None,
        topics=topics or {},
    )


def test_one_tidy_row_per_group_month_and_measure() -> None:
    rows = rows_of(render_summary_csv(hand_made()))
    assert tuple(rows[0]) == HEADER
    body = rows[1:]
    assert all(len(row) == 4 for row in body)
    # (all groups + the group) x (2 months x the 7 monthly measures + the whole period
    # x 12), and the follow-ups not tied to a session: 3 x 2.  Counts of people are
    # for the whole period only: no month has a row of them.
    assert len(body) == 2 * (2 * 7 + 12) + 3 * 2
    assert body[0] == ["All groups", "2026-09", "sessions_held", "12"]
    assert {row[1] for row in body} == {"2026-09", "2026-10", "whole period"}
    assert {row[2] for row in body} == {m.value for m in Measure}
    people = {m.value for m in Measure if not m.monthly}
    assert people == {
        "different_people",
        "came_once",
        "came_2_to_3",
        "came_4_plus",
        "newcomers",
    }
    assert {row[1] for row in body if row[2] in people} == {"whole period"}
    assert ["Not tied to a session", "whole period", "follow_ups_opened", "12"] in body


def test_hidden_values_and_averages_print_as_in_the_pdf() -> None:
    rows = rows_of(render_summary_csv(hand_made()))
    group = "'=cmd|' /C calc'!A0"
    assert [group, "2026-09", "anonymous_guests", "<11"] in rows
    assert [group, "2026-10", "anonymous_guests", "<11"] in rows  # one mark, whatever why
    assert [group, "2026-10", "average_attendance", "7.5"] in rows
    assert [group, "whole period", "average_attendance", ""] in rows


def test_no_cell_starts_a_formula() -> None:
    report = hand_made({7: ("+44 is not a number here", "-1 for the tea fund", "@everyone")})
    texts = csv_texts(render_summary_csv(report))
    assert "'=cmd|' /C calc'!A0" in texts
    assert "'+44 is not a number here" in texts
    assert "'-1 for the tea fund" in texts
    assert "'@everyone" in texts
    assert not [t for t in texts if t[:1] in ("=", "+", "-", "@", "\t", "\r")]


# -- on a vault ----------------------------------------------------------------------
ROSTER = [
    MemberDraft("Hope", "Smith-Jones", phone="07700 900123", email="hope.sj@example.org"),
    MemberDraft("Will", "Faith", emergency_contact="Bernadette Quigley (sister)"),
    MemberDraft("Zoë", "O'Brien"),
    MemberDraft("José", "Núñez García"),
    MemberDraft("Grace"),
    MemberDraft("May", "D'Arcy"),
]


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@pytest.fixture
def opened(vault: Vault) -> Iterator[OpenVault]:
    with OpenVault(vault, Clock.fixed(dt.datetime(2026, 11, 24, 18, 30))) as open_vault:
        s = open_vault.services
        group = s.roster.create_group(GroupDraft(name="Tuesday Circle")).id
        members = [s.roster.add_member(m, group_id=group) for m in ROSTER]
        for day, topic in (("2026-09-01", "Hope's news"), ("2026-10-06", "Will and Grace")):
            session = s.schedule.add_session(
                group, SessionDraft(date=dt.date.fromisoformat(day), topic=topic)
            )
            assert session.id is not None
            for member in members:
                s.attendance.mark(session.id, member.id, AttendanceStatus.PRESENT)
            s.notes.add("Zoë O'Brien and José talked", session_id=session.id)
        yield open_vault


@pytest.mark.parametrize("include_topics", [False, True])
def test_the_csv_names_nobody(opened: OpenVault, tmp_path: Path, include_topics: bool) -> None:
    out = tmp_path / "summary.csv"
    # With topics, K = 2: the group's sessions held (2 over the period) are printed, and
    # so are its topics (a group whose sessions held are hidden lists none).
    k = 2 if include_topics else 11
    opened.services.summary.export(
        out, SummaryOptions(start=SEPT, end=OCT, include_topics=include_topics, k=k)
    )
    rows = rows_of(out.read_bytes())
    text = fold("\n".join(",".join(row) for row in rows))
    words = set(re.findall(r"[^\W\d_]+", text))
    names = {"hope", "smith", "jones", "will", "faith", "bernadette", "quigley", "zoe"}
    names |= {"brien", "jose", "nunez", "garcia", "grace", "may", "arcy"}
    assert words & names == set()
    assert "7700" not in text
    assert "example.org" not in text
    topics = [row[3] for row in rows if row[2] == "topic"]
    assert topics == (["[redacted] and [redacted]", "[redacted] news"] if include_topics else [])
    if not include_topics:
        assert ["Tuesday Circle", "2026-09", "attendances", "<11"] in rows
