"""Groups, members, memberships, consents and milestones (RosterService)."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.app import Services
from facilitator.domain import ConsentKind, MemberStatus
from facilitator.errors import InvalidInput, NotFound
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import validate_rule, weekly_rule

# -- groups --------------------------------------------------------------------


def test_create_group_keeps_schedule_times_and_printed_title(services: Services) -> None:
    created = services.roster.create_group(
        GroupDraft(
            name="  Tuesday   Circle ",
            printed_title="Tuesday Evening Recovery Circle",
            location="St Anne's hall",
            schedule_rule=weekly_rule(1),
            schedule_start=dt.date(2026, 11, 3),
            start_time=dt.time(19, 0),
            end_time=dt.time(20, 30),
        )
    )

    stored = services.roster.group(created.id)
    assert stored.name == "Tuesday Circle"  # white space tidied
    assert stored.printed_title == "Tuesday Evening Recovery Circle"
    assert stored.schedule_rule == "FREQ=WEEKLY;BYDAY=TU"
    assert stored.schedule_start == dt.date(2026, 11, 3)
    assert (stored.start_time, stored.end_time) == (dt.time(19, 0), dt.time(20, 30))
    assert stored.location == "St Anne's hall"
    assert not stored.archived
    assert [g.name for g in services.roster.groups()] == ["Tuesday Circle"]


def test_a_group_needs_a_name(offline: Services) -> None:
    with pytest.raises(InvalidInput, match="group name"):
        offline.roster.create_group(GroupDraft(name="   "))


def test_duplicate_group_name_is_rejected_whatever_the_case(services: Services, make_group) -> None:
    make_group("Tuesday Circle")
    for other in ("Tuesday Circle", "tuesday circle", "TUESDAY CIRCLE", "  Tuesday  Circle  "):
        with pytest.raises(InvalidInput, match="already exists"):
            services.roster.create_group(GroupDraft(name=other))
    assert [g.name for g in services.roster.groups(include_archived=True)] == ["Tuesday Circle"]


def test_duplicate_group_name_with_accented_capitals_is_rejected(
    services: Services, make_group
) -> None:
    make_group("Été ensemble")
    with pytest.raises(InvalidInput, match="already exists"):
        services.roster.create_group(GroupDraft(name="ÉTÉ ENSEMBLE"))
    assert services.roster.find_group("ÉTÉ ensemble").name == "Été ensemble"


def test_renaming_onto_another_group_is_rejected_but_recasing_itself_is_fine(
    services: Services, make_group
) -> None:
    make_group("Grief Group")
    family = make_group("Family Group")
    with pytest.raises(InvalidInput, match="already exists"):
        services.roster.update_group(family.id, GroupDraft(name="grief group"))

    renamed = services.roster.update_group(family.id, GroupDraft(name="FAMILY group"))
    assert renamed.name == "FAMILY group"
    assert renamed.schedule_rule == ""  # the draft replaced the schedule


@pytest.mark.parametrize(
    "rule",
    [
        "every tuesday",
        "FREQ=HOURLY",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=WEEKLY;BYDAY=TU;FOO=1",
        "FREQ=WEEKLY;INTERVAL=0;BYDAY=TU",  # dateutil would loop for ever
        "FREQ=WEEKLY;INTERVAL=-1;BYDAY=TU",
        "FREQ=WEEKLY;INTERVAL=two;BYDAY=TU",
        "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9,10",  # two meetings on every Tuesday
        "FREQ=DAILY;BYMINUTE=0,30",
        "DTSTART:20261103\nRRULE:FREQ=WEEKLY;BYDAY=TU",
        "FREQ=WEEKLY;BYDAY=TU\nRRULE:FREQ=DAILY",
        "FREQ=WEEKLY;BYDAY=TU;COUNT=0",  # never meets
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261001",  # ends before the first meeting
    ],
)
def test_bad_schedule_rule_is_rejected(rule: str) -> None:
    with pytest.raises(InvalidInput):
        validate_rule(rule, dt.date(2026, 11, 3))


def test_the_group_is_not_created_with_a_bad_rule(offline: Services) -> None:
    with pytest.raises(InvalidInput, match="INTERVAL"):
        offline.roster.create_group(
            GroupDraft(
                name="Circle",
                schedule_rule="FREQ=WEEKLY;INTERVAL=0;BYDAY=TU",
                schedule_start=dt.date(2026, 11, 3),
            )
        )


def test_a_schedule_without_a_first_date_is_rejected(offline: Services) -> None:
    with pytest.raises(InvalidInput, match="first meeting"):
        offline.roster.create_group(GroupDraft(name="Circle", schedule_rule=weekly_rule(1)))


def test_end_time_before_start_time_is_rejected(offline: Services) -> None:
    with pytest.raises(InvalidInput, match="end time"):
        offline.roster.create_group(
            GroupDraft(name="Circle", start_time=dt.time(19, 0), end_time=dt.time(18, 0))
        )


def test_find_group_is_case_insensitive_and_names_no_group_when_unknown(
    services: Services, make_group
) -> None:
    grief = make_group("Grief Group")
    make_group("Family Group")
    assert services.roster.find_group("  grief GROUP ").id == grief.id
    with pytest.raises(InvalidInput) as raised:
        services.roster.find_group("Nope")
    assert "No group has that name" in raised.value.message
    for name in ("Family", "Grief", "Nope"):
        assert name not in raised.value.message  # a message never carries a value


def test_unknown_group_id_is_not_found(services: Services) -> None:
    with pytest.raises(NotFound):
        services.roster.group(999)


def test_archiving_hides_a_group_from_the_normal_list(services: Services, make_group) -> None:
    grief = make_group("Grief Group")
    family = make_group("Family Group")

    archived = services.roster.set_archived(grief.id)

    assert archived.archived
    assert [g.id for g in services.roster.groups()] == [family.id]
    everything = services.roster.groups(include_archived=True)
    assert {g.id for g in everything} == {grief.id, family.id}
    assert services.roster.set_archived(grief.id, False).archived is False
    assert {g.id for g in services.roster.groups()} == {grief.id, family.id}


def test_member_count_counts_current_members_only(
    services: Services, make_group, make_member
) -> None:
    group = make_group()
    other = make_group("Other")
    alex = make_member("Alex", group=group, joined_on=dt.date(2026, 1, 1))
    make_member("Sam", group=group, joined_on=dt.date(2026, 1, 1))
    make_member("Jo", group=other)
    assert services.roster.group(group.id).member_count == 2

    services.roster.leave_group(alex.id, group.id)

    assert services.roster.group(group.id).member_count == 1
    counts = {g.name: g.member_count for g in services.roster.groups()}
    assert counts == {"Tuesday Circle": 1, "Other": 1}


# -- members -------------------------------------------------------------------


def test_a_first_name_is_enough_for_a_member(services: Services, today: dt.date) -> None:
    member = services.roster.add_member(MemberDraft(first_name="  Sam "))

    stored = services.roster.member(member.id)
    assert stored.first_name == "Sam"
    assert stored.last_name == ""
    assert stored.display_name == "Sam"
    assert stored.short_name == "Sam"
    assert stored.status is MemberStatus.ACTIVE
    assert stored.date_joined == today


def test_member_names_for_screens(services: Services) -> None:
    member = services.roster.add_member(
        MemberDraft(first_name="Samantha", preferred_name="Sam", last_name="Jones")
    )
    assert member.display_name == "Sam Jones"
    assert member.short_name == "Sam J."


@pytest.mark.parametrize("first", ["", "   ", "\t", "\n"])
def test_a_blank_first_name_is_rejected(first: str) -> None:
    with pytest.raises(InvalidInput, match="first name"):
        MemberDraft(first_name=first, last_name="Jones").cleaned()


def test_a_member_with_a_blank_first_name_is_not_saved(offline: Services) -> None:
    with pytest.raises(InvalidInput, match="first name"):
        offline.roster.add_member(MemberDraft(first_name="  ", last_name="Jones"))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "sam.jones@"),
        ("email", "sam jones@example.org"),
        ("email", "samjones.example.org"),
        ("phone", "call Sam Jones"),
        ("phone", "12345"),
        ("phone", "+44 7700 900123 4567 8901 2345"),
    ],
)
def test_bad_contact_details_are_rejected_without_repeating_them(field: str, value: str) -> None:
    draft = MemberDraft(first_name="Sam", last_name="Jones", **{field: value})
    with pytest.raises(InvalidInput) as raised:
        draft.cleaned()
    message = str(raised.value)
    assert ("e-mail address" if field == "email" else "phone number") in message
    # Error messages may be shown and logged: no personal values in them.
    for personal in ("Sam", "Jones", "sam", "jones", value.strip()):
        assert personal not in message


def test_a_member_with_a_bad_email_is_not_saved(offline: Services) -> None:
    with pytest.raises(InvalidInput, match="e-mail"):
        offline.roster.add_member(MemberDraft(first_name="Sam", email="sam@"))


@pytest.mark.parametrize(
    "phone", ["+44 7700 900123", "(555) 010-4477", "555.010.4477", "0161 496 0000 ext. 12"]
)
def test_usual_phone_numbers_are_accepted(phone: str) -> None:
    assert MemberDraft(first_name="Sam", phone=f"  {phone} ").cleaned().phone == phone


def test_members_search_matches_every_word_in_any_name_field(
    services: Services, make_member
) -> None:
    sam = make_member("Samantha", last_name="Jones", preferred_name="Sam")
    make_member("Samuel", last_name="Brown")
    make_member("Alex", last_name="Jonas", email="alex@example.org")

    def found(text: str) -> set[str]:
        return {m.first_name for m in services.roster.members(search=text)}

    assert found("sam") == {"Samantha", "Samuel"}
    assert found("SAM jon") == {"Samantha"}
    assert found("jon") == {"Samantha", "Alex"}
    assert found("example.org") == {"Alex"}
    assert found("sam brown jones") == set()
    assert found("  ") == {"Samantha", "Samuel", "Alex"}
    assert services.roster.members(search="jones")[0].id == sam.id


def test_members_filtered_by_status_and_group(services: Services, make_group, make_member) -> None:
    group = make_group()
    alex = make_member("Alex", group=group)
    sam = make_member("Sam")
    services.roster.set_status(sam.id, MemberStatus.INACTIVE)

    assert [m.id for m in services.roster.members(group_id=group.id)] == [alex.id]
    assert [m.id for m in services.roster.members(statuses=[MemberStatus.INACTIVE])] == [sam.id]
    assert [m.first_name for m in services.roster.members()] == ["Alex", "Sam"]


def test_update_member_cleans_and_saves_every_field(services: Services, make_member) -> None:
    sam = make_member("Sam")
    services.roster.update_member(
        sam.id,
        MemberDraft(
            first_name="Sam",
            last_name=" Jones ",
            pronouns="they/them",
            email="sam@example.org",
            date_joined=dt.date(2025, 5, 1),
            status=MemberStatus.LEFT,
        ),
    )
    stored = services.roster.member(sam.id)
    assert stored.last_name == "Jones"
    assert stored.pronouns == "they/them"
    assert stored.email == "sam@example.org"
    assert stored.date_joined == dt.date(2025, 5, 1)
    assert stored.status is MemberStatus.LEFT


def test_add_member_straight_into_a_group(services: Services, make_group, today) -> None:
    group = make_group()
    member = services.roster.add_member(MemberDraft(first_name="Jo"), group_id=group.id)
    [entry] = services.roster.roster(group.id)
    assert entry.member.id == member.id
    assert entry.joined_on == today


# -- memberships ---------------------------------------------------------------


def test_roster_shows_current_members_and_former_ones_on_request(
    services: Services, make_group, make_member
) -> None:
    group = make_group()
    alex = make_member("Alex", group=group, joined_on=dt.date(2026, 3, 1))
    sam = make_member("Sam", group=group, joined_on=dt.date(2026, 4, 1))

    left = services.roster.leave_group(alex.id, group.id, dt.date(2026, 10, 1))

    assert left.left_on == dt.date(2026, 10, 1)
    assert not left.current
    assert [e.member.id for e in services.roster.roster(group.id)] == [sam.id]
    everyone = services.roster.roster(group.id, include_former=True)
    assert {(e.member.id, e.left_on) for e in everyone} == {
        (alex.id, dt.date(2026, 10, 1)),
        (sam.id, None),
    }
    [membership] = services.roster.memberships(alex.id)
    assert membership.group_name == "Tuesday Circle"
    assert membership.joined_on == dt.date(2026, 3, 1)


def test_joining_twice_keeps_one_membership(services: Services, make_group, make_member) -> None:
    group = make_group()
    sam = make_member("Sam", group=group, joined_on=dt.date(2026, 3, 1))
    again = services.roster.join_group(sam.id, group.id, dt.date(2026, 6, 1))
    assert again.joined_on == dt.date(2026, 3, 1)
    assert len(services.roster.roster(group.id)) == 1


def test_rejoining_after_leaving_makes_a_new_membership(
    services: Services, make_group, make_member
) -> None:
    group = make_group()
    sam = make_member("Sam", group=group, joined_on=dt.date(2026, 3, 1))
    services.roster.leave_group(sam.id, group.id, dt.date(2026, 5, 1))
    services.roster.join_group(sam.id, group.id, dt.date(2026, 9, 1))

    assert [e.joined_on for e in services.roster.roster(group.id)] == [dt.date(2026, 9, 1)]
    spans = [(ms.joined_on, ms.left_on) for ms in services.roster.memberships(sam.id)]
    assert spans == [(dt.date(2026, 3, 1), dt.date(2026, 5, 1)), (dt.date(2026, 9, 1), None)]


def test_leaving_before_joining_is_rejected(services: Services, make_group, make_member) -> None:
    group = make_group()
    sam = make_member("Sam", group=group, joined_on=dt.date(2026, 11, 1))
    with pytest.raises(InvalidInput, match="before"):
        services.roster.leave_group(sam.id, group.id, dt.date(2026, 10, 31))
    assert [e.member.id for e in services.roster.roster(group.id)] == [sam.id]


def test_leaving_a_group_one_is_not_in_is_rejected(
    services: Services, make_group, make_member
) -> None:
    group = make_group()
    sam = make_member("Sam")
    with pytest.raises(InvalidInput, match="not a current member"):
        services.roster.leave_group(sam.id, group.id)


# -- consents and milestones ---------------------------------------------------


def test_recording_a_consent_again_leaves_only_the_newest_in_force(
    services: Services, make_member
) -> None:
    sam = make_member("Sam")
    first = services.roster.record_consent(
        sam.id, ConsentKind.CONTACT_PHONE, recorded_on=dt.date(2026, 1, 5)
    )
    services.roster.record_consent(sam.id, ConsentKind.CONTACT_EMAIL)
    newest = services.roster.record_consent(sam.id, ConsentKind.CONTACT_PHONE, note="evenings")

    consents = {c.id: c for c in services.roster.consents(sam.id)}
    assert len(consents) == 3
    assert not consents[first.id].in_force
    assert consents[first.id].revoked_on == newest.recorded_on
    in_force = {(c.kind, c.note) for c in consents.values() if c.in_force}
    assert in_force == {(ConsentKind.CONTACT_PHONE, "evenings"), (ConsentKind.CONTACT_EMAIL, "")}


def test_declining_after_agreeing_leaves_nothing_in_force(
    services: Services, make_member, today
) -> None:
    sam = make_member("Sam")
    services.roster.record_consent(sam.id, ConsentKind.CONTACT_TEXT)
    declined = services.roster.record_consent(sam.id, ConsentKind.CONTACT_TEXT, given=False)

    assert declined.recorded_on == today
    assert not any(c.in_force for c in services.roster.consents(sam.id))


def test_revoking_a_consent(services: Services, make_member, today) -> None:
    sam = make_member("Sam")
    consent = services.roster.record_consent(sam.id, ConsentKind.SHARE_MILESTONES)
    revoked = services.roster.revoke_consent(consent.id)
    assert revoked.revoked_on == today
    assert not services.roster.consents(sam.id)[0].in_force


def test_milestones_can_be_added_and_removed(services: Services, make_member) -> None:
    sam = make_member("Sam")
    later = services.roster.add_milestone(sam.id, "Two years", dt.date(2026, 6, 1))
    first = services.roster.add_milestone(sam.id, " One year ", dt.date(2025, 6, 1), shared=False)

    listed = services.roster.milestones(sam.id)
    assert [(m.label, m.shared) for m in listed] == [("One year", False), ("Two years", True)]

    services.roster.remove_milestone(first.id)
    assert [m.id for m in services.roster.milestones(sam.id)] == [later.id]
    with pytest.raises(NotFound):
        services.roster.remove_milestone(first.id)


def test_a_milestone_needs_a_label(offline: Services) -> None:
    with pytest.raises(InvalidInput, match="milestone"):
        offline.roster.add_milestone(1, "  ", dt.date(2025, 6, 1))
