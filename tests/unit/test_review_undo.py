"""Outside review of issue 15: check-in undo, now in the attendance service, after the
member it would touch has been forgotten."""

from __future__ import annotations

import datetime as dt

from facilitator.app import Services
from facilitator.domain import AttendanceStatus


def test_undo_at_the_door_after_a_member_was_forgotten_goes_on(
    services: Services, make_group, make_member, today: dt.date
) -> None:
    group = make_group()
    sam = make_member("Sam", group=group)
    alex = make_member("Alex", group=group)
    session = services.attendance.checkin_screen(group.id, today).session
    assert session.id is not None
    attendance = services.attendance
    attendance.check_in(session.id, sam.id)
    attendance.mark(session.id, alex.id, AttendanceStatus.ABSENT)
    attendance.check_in(session.id, alex.id)  # changed: Alex came after all
    services.erasure.forget(alex.id)

    attendance.undo_last(session.id)  # Alex's marks: nothing to put back, and no trace
    attendance.undo_last(session.id)
    attendance.undo_last(session.id)  # Sam's check-in

    rows = {r.member.first_name: r.status for r in attendance.check_in_list(session.id)}
    assert rows == {"Sam": None}
    assert attendance.undo_steps(session.id) == 0
