"""RosterService.member_list: every member with their current groups, for the Members page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from facilitator.app import OpenVault, Services
from facilitator.domain import MemberStatus
from facilitator.services.roster import MemberDraft, MemberListRow


@contextmanager
def _statements(opened: OpenVault) -> Iterator[list[str]]:
    """The SQL the vault runs inside the block."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(opened.vault.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(opened.vault.engine, "before_cursor_execute", record)


def test_each_member_comes_with_their_current_groups_sorted_ignoring_case(
    services: Services, make_group: Callable[..., Any], make_member: Callable[..., Any]
) -> None:
    tuesday = make_group("Tuesday Circle")
    grief = make_group("grief group")
    old = make_group("Old Group")
    sam = make_member("Sam", last_name="Taylor", group=tuesday)
    services.roster.join_group(sam.id, grief.id)
    services.roster.join_group(sam.id, old.id, dt.date(2026, 1, 5))
    services.roster.leave_group(sam.id, old.id, dt.date(2026, 6, 1))
    services.roster.set_archived(tuesday.id)  # still their group, shown as such
    alone = make_member("Ada")

    rows = {row.id: row for row in services.roster.member_list()}

    # "grief group" before "Tuesday Circle" (a plain sort puts capitals first); the group
    # Sam left is not listed
    assert rows[sam.id].groups == ("grief group", "Tuesday Circle")
    assert rows[alone.id].groups == ()


def test_a_line_shows_the_names_status_and_date_the_person_has(
    services: Services, make_member: Callable[..., Any]
) -> None:
    people = [
        make_member("Samuel", last_name="Taylor", preferred_name="Sam"),
        make_member("Ada"),  # a first name alone
        make_member("Mary Ann", last_name="de la Cruz", date_joined=dt.date(2025, 3, 9)),
        make_member("Zoë", last_name="Ñúñez", status=MemberStatus.INACTIVE),
    ]

    rows = {row.id: row for row in services.roster.member_list()}

    for person in people:
        stored = services.roster.member(person.id)
        row = rows[person.id]
        assert (row.display_name, row.short_name) == (stored.display_name, stored.short_name)
        assert (row.status, row.date_joined) == (stored.status, stored.date_joined)
    assert [rows[p.id].short_name for p in people] == ["Sam T.", "Ada", "Mary Ann d.", "Zoë Ñ."]
    assert rows[people[2].id].date_joined == dt.date(2025, 3, 9)
    assert rows[people[0].id].date_joined == dt.date(2026, 11, 24)  # today, by default


def test_the_list_can_be_narrowed_by_status(
    services: Services, make_member: Callable[..., Any]
) -> None:
    make_member("Active")
    resting = make_member("Resting")
    services.roster.set_status(resting.id, MemberStatus.INACTIVE)
    gone = make_member("Gone")
    services.roster.set_status(gone.id, MemberStatus.LEFT)

    def names(*statuses: MemberStatus) -> list[str]:
        return [r.first_name for r in services.roster.member_list(statuses=statuses or None)]

    assert names() == ["Active", "Resting", "Gone"]  # everyone, in the order they were added
    assert names(MemberStatus.LEFT) == ["Gone"]
    assert names(MemberStatus.ACTIVE, MemberStatus.INACTIVE) == ["Active", "Resting"]


def test_the_line_of_a_person_just_edited_is_the_line_the_list_reads(
    services: Services, make_group: Callable[..., Any], make_member: Callable[..., Any]
) -> None:
    # The Members page redraws the line of the person it shows from the person's full
    # record (MemberListRow.of) rather than reading the whole list again.
    group = make_group("Tuesday Circle")
    sam = make_member("Samuel", last_name="Taylor", group=group)
    services.roster.join_group(sam.id, make_group("grief group").id)
    services.roster.update_member(
        sam.id, MemberDraft("Samuel", "Taylor-Reid", preferred_name="Sam", phone="07700 900123")
    )
    groups = [m.group_name for m in services.roster.memberships(sam.id) if m.current]

    (listed,) = services.roster.member_list()
    rebuilt = MemberListRow.of(services.roster.member(sam.id), groups)

    assert rebuilt == listed
    assert listed.display_name == "Sam Taylor-Reid"


def test_the_list_reads_two_statements_and_no_contact_details(
    opened: OpenVault,
    services: Services,
    make_group: Callable[..., Any],
    make_member: Callable[..., Any],
) -> None:
    group = make_group()
    for name in ("Ana", "Bea", "Cai", "Dev"):
        make_member(name, group=group, phone="07700 900123", notes="Private words")

    with _statements(opened) as seen:
        rows = services.roster.member_list()

    assert len(rows) == 4
    assert len(seen) == 2  # the members, their groups: not one more per member
    read = " ".join(seen).casefold()
    for private in ("phone", "email", "emergency_contact", "notes", "pronouns"):
        assert private not in read
