"""A printed summary is a publication (issue 16 defect 8): the same checks as an export,
recorded in the export ledger, nothing written to disk; and what is published never
holds the month still going on (issue 16 defect 7)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from facilitator.app import OpenVault, Services
from facilitator.domain import AttendanceStatus
from facilitator.errors import InvalidInput, LeakFound
from facilitator.exports.summary_options import SummaryOptions
from facilitator.services.schedule import SessionDraft
from facilitator.services.summary import PRINTED

OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))  # today: 24 Nov 2026


@pytest.fixture
def october(
    services: Services, make_group: Callable[..., Any], make_member: Callable[..., Any]
) -> None:
    group = make_group("Alpha Circle", schedule_start=dt.date(2026, 10, 6))
    people = [make_member(f"Person{i:02d}", group=group) for i in range(12)]
    for day in (dt.date(2026, 10, 6), dt.date(2026, 10, 13)):
        session = services.schedule.add_session(group.id, SessionDraft(date=day))
        assert session.id is not None
        for member in people:
            services.attendance.mark(session.id, member.id, AttendanceStatus.PRESENT)


def test_a_print_is_recorded_like_an_export_and_prints_the_same_pdf(
    services: Services, october: None, opened: OpenVault, tmp_path: Path
) -> None:
    """issue 16 defect 8: the summary printed is what an export publishes, recorded in
    the export ledger (so the next summary is audited against it)."""
    before = set(tmp_path.rglob("*"))
    printed = services.summary.publish_for_print(SummaryOptions(start=OCT[0], end=OCT[1]))
    (publication,) = services.ledger.published()
    assert publication.format == PRINTED
    assert (publication.start, publication.end) == OCT
    assert services.ledger.cells_related_to(*OCT)  # the audit of later summaries reads them
    saved = tmp_path / "saved.pdf"
    services.summary.export(saved, SummaryOptions(start=OCT[0], end=OCT[1]))
    assert set(tmp_path.rglob("*")) - before == {saved}  # the print wrote nothing
    pages = PdfReader(io.BytesIO(printed.data)).pages
    assert len(pages) == printed.pages == len(PdfReader(saved).pages)
    assert pages[0].extract_text() == PdfReader(saved).pages[0].extract_text()


def test_a_refused_print_records_nothing(
    services: Services, make_group: Callable[..., Any], make_member: Callable[..., Any]
) -> None:
    make_group("Ashton Circle")
    make_member("Ashton", last_name="Reed")
    with pytest.raises(LeakFound):
        services.summary.publish_for_print(SummaryOptions(start=OCT[0], end=OCT[1]))
    assert services.ledger.published() == []


def test_a_month_still_going_on_is_previewed_never_published(
    services: Services, october: None, tmp_path: Path
) -> None:
    """issue 16 defect 7: a preview may hold this month (counted so far); an export or
    a print of it is refused, and nothing is recorded."""
    november = SummaryOptions(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    report = services.summary.build(november, month_in_progress=True)
    assert report.months == ("2026-11",)
    with pytest.raises(InvalidInput, match="whole months that have ended"):
        services.summary.build(november)
    with pytest.raises(InvalidInput, match="whole months that have ended"):
        services.summary.publish_for_print(november)
    with pytest.raises(InvalidInput, match="whole months that have ended"):
        services.summary.export(tmp_path / "s.pdf", november)
    assert services.ledger.published() == []
    with pytest.raises(InvalidInput, match="no later than 2026-11-30"):
        services.summary.build(
            SummaryOptions(start=dt.date(2026, 11, 1), end=dt.date(2026, 12, 1)),
            month_in_progress=True,
        )
