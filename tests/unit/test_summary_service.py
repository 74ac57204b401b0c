"""SummaryService: what a summary publishes, what it hides, and when it refuses to write.

"Today" is Tuesday 24 November 2026 (tests/unit/conftest.py); the default period is
the year to date (2026-01-01 to 2026-11-30), of which a summary with no dates publishes
the months that have ended: 2026-01-01 to 2026-10-31 (issue 16 defect 7).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator.app import OpenVault, Services
from facilitator.domain import AttendanceStatus, GroupRecord, MemberRecord
from facilitator.domain.summary import UNATTACHED, Measure, SummaryReport
from facilitator.errors import InvalidInput, LeakFound, NotFound
from facilitator.exports import leak_guard
from facilitator.exports.redact import Redactor
from facilitator.exports.summary_options import SummaryOptions
from facilitator.services.schedule import SessionDraft
from facilitator.services.summary import SummaryFormat, default_period, summary_format
from facilitator.storage import models

MakeGroup = Callable[..., GroupRecord]
MakeMember = Callable[..., MemberRecord]
SEPT, OCT = dt.date(2026, 9, 1), dt.date(2026, 10, 31)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the summaries (the vault lives elsewhere in ``tmp_path``)."""
    folder = tmp_path / "summaries"
    folder.mkdir()
    return folder


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def hold(services: Services) -> Callable[..., int]:
    """``hold(group, "2026-10-06", members, guests=0, topic="")``: a session where every
    member given came (present)."""

    def make(
        group: GroupRecord,
        day: str,
        members: Sequence[MemberRecord],
        *,
        guests: int = 0,
        topic: str = "",
    ) -> int:
        session = services.schedule.add_session(
            group.id, SessionDraft(date=dt.date.fromisoformat(day), topic=topic)
        )
        assert session.id is not None
        for member in members:
            services.attendance.mark(session.id, member.id, AttendanceStatus.PRESENT)
        if guests:
            services.schedule.set_guest_count(session.id, guests)
        return session.id

    return make


@pytest.fixture
def circle(make_group: MakeGroup, make_member: MakeMember, hold: Callable[..., int]) -> GroupRecord:
    """Twelve people at each of two October sessions, three of them at one in September."""
    group = make_group("Tuesday Circle")
    people = [make_member(f"Person{i:02d}", group=group) for i in range(12)]
    hold(group, "2026-09-29", people[:3])
    hold(group, "2026-10-06", people, guests=2)
    hold(group, "2026-10-13", people)
    return group


def lines_with_one_hidden(report: SummaryReport, measure: Measure) -> list[str]:
    """Rows (a group across the months and the period) and columns (a month across the
    groups and all groups) of an additive measure that hide exactly one value: that
    value would follow from the others.  Empty when suppression did its work."""
    groups: list[int | None] = [g.id for g in report.groups]  # all groups among them
    if report.single_group:
        groups.append(None)
    if (UNATTACHED, None, measure) in report.cells:
        groups.append(UNATTACHED)
    bad = []
    for g in groups:
        hidden = [m for m in report.rows if report.cell(g, m, measure).suppressed]
        if len(hidden) == 1:
            bad.append(f"group {g}")
    for month in report.rows:
        hidden_cells = [g for g in groups if report.cell(g, month, measure).suppressed]
        if len(hidden_cells) == 1:
            bad.append(f"month {month}")
    return bad


def test_small_counts_print_below_k_and_cannot_be_worked_out(
    services: Services, circle: GroupRecord
) -> None:
    report = services.summary.build(SummaryOptions(group_id=circle.id, start=SEPT, end=OCT))
    attendances = [report.cell(circle.id, m, Measure.ATTENDANCES) for m in report.rows]
    assert attendances[0].text == "<11"  # three in September
    assert attendances[0].value is None
    # 24 in October and 27 in all would give September away: one of them is hidden too,
    # with the same mark (a second mark would say which hidden values are small).
    assert [c.text for c in attendances[1:]].count("<11") >= 1
    for measure in Measure:
        if measure.additive:
            assert lines_with_one_hidden(report, measure) == [], measure
    assert report.cell(circle.id, None, Measure.SESSIONS_CANCELLED).text == "0"
    everything = services.summary.build(SummaryOptions(group_id=None, start=SEPT, end=OCT))
    for measure in Measure:
        if measure.additive:
            assert lines_with_one_hidden(everything, measure) == [], measure
    assert {cell.text for cell in everything.cells.values() if cell.suppressed} == {"<11"}


def test_different_people_are_a_partition(services: Services, circle: GroupRecord) -> None:
    report = services.summary.build(SummaryOptions(group_id=circle.id, start=SEPT, end=OCT, k=2))

    def row(month: str | None) -> list[str]:
        measures = (
            Measure.DIFFERENT_PEOPLE,
            Measure.CAME_ONCE,
            Measure.CAME_2_TO_3,
            Measure.CAME_4_PLUS,
        )
        return [report.cell(circle.id, month, m).text for m in measures]

    # The twelve came 2 or 3 times in the period (three of them three times).  Counts
    # of people are for the whole period only: the months print none (a month's three
    # beside the period's twelve would say nine came in October only).
    assert row("2026-09") == ["", "", "", ""]
    assert row("2026-10") == ["", "", "", ""]
    assert row(None) == ["12", "0", "12", "0"]
    assert report.cell(circle.id, "2026-10", Measure.NEWCOMERS).text == ""
    assert report.cell(circle.id, None, Measure.NEWCOMERS).text == "12"
    # A summary of one month prints its counts of people: they are its whole period's.
    september = services.summary.build(
        SummaryOptions(group_id=circle.id, start=SEPT, end=dt.date(2026, 9, 30), k=2)
    )
    assert [september.cell(circle.id, None, m).text for m in Measure if not m.monthly] == [
        "3",
        "3",
        "0",
        "0",
        "3",
    ]


def test_the_numbers_with_a_small_k(services: Services, circle: GroupRecord) -> None:
    report = services.summary.build(SummaryOptions(group_id=circle.id, start=SEPT, end=OCT, k=2))
    row = {
        measure: report.cell(circle.id, None, measure).text
        for measure in Measure
    }  # fmt: skip
    assert row == {
        Measure.SESSIONS_HELD: "3",
        Measure.SESSIONS_CANCELLED: "0",
        Measure.ATTENDANCES: "27",
        Measure.DIFFERENT_PEOPLE: "12",
        Measure.CAME_ONCE: "0",
        Measure.CAME_2_TO_3: "12",
        Measure.CAME_4_PLUS: "0",
        Measure.NEWCOMERS: "12",
        Measure.AVERAGE_ATTENDANCE: "9.0",
        Measure.GUESTS: "2",
        Measure.FOLLOW_UPS_OPENED: "0",
        Measure.FOLLOW_UPS_COMPLETED: "0",
    }


def test_an_average_is_hidden_when_it_would_reveal_a_count(
    services: Services, circle: GroupRecord
) -> None:
    report = services.summary.build(SummaryOptions(group_id=circle.id, start=SEPT, end=OCT))
    # Two sessions in October (a count below 11): 24 / 12.0 would give the 2 back.
    assert report.cell(circle.id, "2026-10", Measure.SESSIONS_HELD).text == "<11"
    assert report.cell(circle.id, "2026-10", Measure.AVERAGE_ATTENDANCE).text == "<11"
    empty = services.summary.build(
        SummaryOptions(group_id=circle.id, start=dt.date(2026, 7, 1), end=dt.date(2026, 7, 31))
    )
    assert empty.cell(circle.id, None, Measure.AVERAGE_ATTENDANCE).text == "\N{EN DASH}"


def test_the_period_and_the_smallest_count_are_checked(
    services: Services, circle: GroupRecord
) -> None:
    # issue 16 defect 7: the default period holds today's month (a preview of it)...
    assert services.summary.default_period() == (dt.date(2026, 1, 1), dt.date(2026, 11, 30))
    assert default_period(dt.date(2026, 1, 15)) == (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    # ... and a summary built with no dates covers its months that have ended.
    report = services.summary.build()
    assert report.months[0] == "2026-01"
    assert len(report.months) == 10
    for k in (1, 101, True):
        with pytest.raises(InvalidInput, match="smallest count"):
            services.summary.build(SummaryOptions(k=k))
    with pytest.raises(InvalidInput, match="before it starts"):
        services.summary.build(SummaryOptions(start=OCT, end=SEPT))
    with pytest.raises(InvalidInput, match="10 years"):
        services.summary.build(SummaryOptions(start=dt.date(2010, 1, 1), end=OCT))
    with pytest.raises(NotFound):
        services.summary.build(SummaryOptions(group_id=9999))


def test_topics_only_when_asked_and_redacted(
    services: Services, make_group: MakeGroup, make_member: MakeMember, hold: Callable[..., int]
) -> None:
    group = make_group("Thursday Circle")
    hope = make_member("Hope", group=group, last_name="Smith-Jones", phone="07700 900123")
    hold(group, "2026-10-01", [hope], topic="Hope Smith-Jones's anniversary")
    hold(group, "2026-10-08", [hope], topic="Boundaries; call 07700 900123")
    assert (
        services.summary.build(SummaryOptions(group_id=group.id, start=SEPT, end=OCT)).topics == {}
    )
    report = services.summary.build(
        SummaryOptions(group_id=group.id, start=SEPT, end=OCT, include_topics=True, k=2)
    )
    assert report.topics == {
        group.id: ("[redacted] anniversary", "Boundaries; call [redacted]"),
    }


def test_follow_ups_without_a_session_count_in_all_groups_only(
    services: Services, circle: GroupRecord, opened: OpenVault
) -> None:
    chore = services.follow_ups.add("Book the hall for next quarter")
    with opened.unit_of_work() as uow:  # written down in October
        row = uow.session.get(models.FollowUp, chore.id)
        assert row is not None
        row.created_at = dt.datetime(2026, 10, 20, 21, 0)
    report = services.summary.build(SummaryOptions(start=SEPT, end=OCT, k=2))
    assert report.cell(UNATTACHED, "2026-10", Measure.FOLLOW_UPS_OPENED).text == "<2"
    assert report.cell(None, None, Measure.FOLLOW_UPS_OPENED).text == "<2"
    assert report.cell(circle.id, None, Measure.FOLLOW_UPS_OPENED).text == "0"
    alone = services.summary.build(SummaryOptions(group_id=circle.id, start=SEPT, end=OCT, k=2))
    assert alone.cell(None, None, Measure.FOLLOW_UPS_OPENED).text == "0"
    rendered = services.summary.render(report, "pdf")
    lines = [line.strip() for line in pdf_text(rendered.data).splitlines()]
    at = lines.index("Follow-ups not tied to a session (counted in All groups)")
    assert lines[at + 1 : at + 6] == ["Opened", "Done", "Whole period", "<2", "0"]


# -- writing --------------------------------------------------------------------------
def test_a_pdf_is_written_for_its_owner_only(
    services: Services, circle: GroupRecord, out: Path
) -> None:
    target = out / "summary.pdf"
    written = services.summary.export(
        target, SummaryOptions(group_id=circle.id, start=SEPT, end=OCT)
    )
    assert written.format is SummaryFormat.PDF
    assert written.pages >= 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = pdf_text(target.read_bytes())
    assert "Tuesday Circle" in text
    assert "<11" in text
    assert "2026-09" in text
    assert written.hidden_cells > 0


def test_a_vault_without_groups_gives_a_summary_of_zeros(services: Services, out: Path) -> None:
    report = services.summary.build()
    assert [g.id for g in report.groups] == [None]
    assert {report.cell(None, m, Measure.ATTENDANCES).text for m in report.rows} == {"0"}
    assert report.cell(None, None, Measure.AVERAGE_ATTENDANCE).text == "\N{EN DASH}"
    services.summary.export(out / "empty.pdf")
    services.summary.export(out / "empty.csv")
    assert sorted(os.listdir(out)) == ["empty.csv", "empty.pdf"]


def test_the_format_comes_from_the_name_unless_given(out: Path) -> None:
    assert summary_format(None, out / "out.CSV") is SummaryFormat.CSV
    assert summary_format("pdf", out / "out.csv") is SummaryFormat.PDF
    with pytest.raises(InvalidInput, match="PDF or CSV"):
        summary_format(None, out / "out.txt")


def test_common_words_as_names_do_not_block_a_summary(
    services: Services, make_group: MakeGroup, make_member: MakeMember, hold: Callable[..., int],
    out: Path,
) -> None:  # fmt: skip
    group = make_group("Friday Group")
    people = [
        make_member("May", group=group, last_name="Page"),
        make_member("Will", group=group, last_name="Held"),
        make_member("Total", group=group, last_name="Average"),
    ]
    hold(group, "2026-05-05", people)
    target = out / "summary.pdf"
    services.summary.export(target, SummaryOptions(start=dt.date(2026, 5, 1), end=OCT))
    text = pdf_text(target.read_bytes())
    assert "2026-05" in text
    assert "Page 1 of" in text
    services.summary.export(out / "summary.csv", SummaryOptions(start=dt.date(2026, 5, 1), end=OCT))


def test_a_group_named_after_a_member_is_refused_and_nothing_written(
    services: Services, make_group: MakeGroup, make_member: MakeMember, out: Path
) -> None:
    group = make_group("Bernadette's Tuesday Group")
    make_member("Bernadette", group=group, last_name="Quigley")
    before = out / "old.pdf"
    before.write_bytes(b"an earlier file")
    for name in ("new.pdf", "new.csv", "old.pdf"):
        with pytest.raises(LeakFound) as refused:
            services.summary.export(out / name, SummaryOptions(start=SEPT, end=OCT))
        assert refused.value.kind == "a member's name"
        assert "Bernadette" not in str(refused.value)
        assert "Label the groups by number" in str(refused.value)
    assert sorted(os.listdir(out)) == ["old.pdf"]  # no file, no temporary file
    assert before.read_bytes() == b"an earlier file"
    # Numbered, the groups say nothing: the summary is written.
    services.summary.export(out / "new.pdf", SummaryOptions(start=SEPT, end=OCT, labels="numbers"))
    text = pdf_text((out / "new.pdf").read_bytes())
    assert "Group 1" in text
    assert "Bernadette" not in text
    with pytest.raises(InvalidInput, match="names, numbers"):
        services.summary.build(SummaryOptions(labels="letters"))


@pytest.mark.parametrize("suffix", ["pdf", "csv"])
def test_a_topic_that_escaped_redaction_is_refused(
    services: Services, make_group: MakeGroup, make_member: MakeMember, hold: Callable[..., int],
    out: Path, monkeypatch: pytest.MonkeyPatch, suffix: str,
) -> None:  # fmt: skip
    group = make_group("Thursday Circle")
    zoe = make_member("Zoë", group=group, last_name="O'Brien", email="zoe@example.org")
    hold(group, "2026-10-01", [zoe], topic="Welcome back Zoe O\N{RIGHT SINGLE QUOTATION MARK}Brien")
    hold(group, "2026-10-08", [zoe])  # two held: printed with K = 2, and so are the topics
    target = out / f"summary.{suffix}"
    # Redaction deliberately bypassed: only the leak guard stands in the way.
    monkeypatch.setattr(leak_guard.Identifiers, "redactor", lambda self: Redactor(frozenset()))
    with pytest.raises(LeakFound):
        services.summary.export(
            target, SummaryOptions(start=SEPT, end=OCT, include_topics=True, k=2)
        )
    assert os.listdir(out) == []
    # Without topics the same summary is safe to write.
    services.summary.export(target, SummaryOptions(start=SEPT, end=OCT))
    assert target.exists()


def test_a_missing_folder_is_a_clear_error(services: Services, out: Path) -> None:
    with pytest.raises(InvalidInput, match="does not exist"):
        services.summary.export(out / "nowhere" / "summary.pdf")
    with pytest.raises(InvalidInput, match="is a folder"):
        services.summary.export(out, SummaryOptions(format="pdf"))
