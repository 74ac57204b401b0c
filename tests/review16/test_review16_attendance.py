"""review16: Undo deleting a newcomer (issue 16 defect 9) and arrival times."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.app import OpenVault, Services
from facilitator.domain import AttendanceStatus, PaperMark, PaperNewcomer
from facilitator.domain.enums import ConsentKind
from facilitator.errors import InvalidInput
from facilitator.services._common import Clock
from facilitator.services.roster import MemberDraft

PRESENT, LATE = AttendanceStatus.PRESENT, AttendanceStatus.LATE


def names(services: Services) -> list[str]:
    return sorted(m.first_name for m in services.roster.members())


def test_review16_undo_keeps_a_newcomer_whose_leaving_was_recorded(
    services: Services, make_group
) -> None:
    group = make_group()
    session = services.schedule.open_session(group.id)
    kim, _ = services.attendance.add_newcomer(session.id, MemberDraft(first_name="Kim"))
    services.roster.leave_group(kim.id, group.id, session.date)

    undone = services.attendance.undo_last_step(session.id)

    assert undone.kept == (kim.id,)
    assert names(services) == ["Kim"]


def test_review16_undo_of_a_paper_sheet_keeps_the_newcomer_with_a_note(
    opened: OpenVault, services: Services, make_group
) -> None:
    """Held: two newcomers from the paper sheet, a note about one: only the other goes."""
    group = make_group()
    session = services.schedule.open_session(group.id)
    morning = Services.build(opened.unit_of_work, Clock.fixed(dt.datetime(2026, 11, 25, 6, 12)))
    _changes, created = morning.attendance.enter_paper_sheet(
        session.id,
        [],
        [PaperNewcomer("Kim", "", PRESENT, None), PaperNewcomer("Lee", "", LATE, None)],
    )
    kim, lee = created
    morning.notes.add("Came with a friend.", member_id=kim.id)
    undone = morning.attendance.undo_last_step(session.id)
    assert undone.kept == (kim.id,) and undone.removed == (lee.id,)
    assert names(services) == ["Kim"]


@pytest.mark.parametrize("since", ["consent", "milestone", "other group", "forgotten"])
def test_review16_undo_never_deletes_a_newcomer_with_more_data(
    services: Services, make_group, since: str
) -> None:
    """Held: a consent, a milestone, another group keep them; a forgotten one is skipped."""
    group = make_group()
    other = make_group("Thursday Circle")
    session = services.schedule.open_session(group.id)
    kim, _ = services.attendance.add_newcomer(session.id, MemberDraft(first_name="Kim"))
    if since == "consent":
        services.roster.record_consent(kim.id, ConsentKind.CONTACT_PHONE)
    elif since == "milestone":
        services.roster.add_milestone(kim.id, "30 days", dt.date(2026, 11, 24))
    elif since == "other group":
        services.roster.join_group(kim.id, other.id)
    else:
        services.erasure.forget(kim.id)
    undone = services.attendance.undo_last_step(session.id)
    if since == "forgotten":
        assert undone.removed == () and names(services) == []
    else:
        assert undone.kept == (kim.id,) and names(services) == ["Kim"]


def test_review16_a_late_arrival_before_the_start_is_refused(
    services: Services, make_group, make_member
) -> None:
    group = make_group()
    sam = make_member("Sam", group=group)
    session = services.schedule.open_session(group.id)
    with pytest.raises(InvalidInput):
        services.attendance.enter_paper_sheet(session.id, [PaperMark(sam.id, LATE, dt.time(3, 0))])
