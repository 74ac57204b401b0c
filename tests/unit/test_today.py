"""The Today digest (TodayService) and the pure rules behind it.

Today is Tuesday 24 November 2026; "the next 7 days" run to Tuesday 1 December.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from facilitator.app import OpenVault, Services
from facilitator.domain import AttendanceStatus, ConsentKind, ConsentRecord, MemberStatus
from facilitator.services._common import Clock
from facilitator.services.followups import FollowUpFilter
from facilitator.services.roster import MemberDraft
from facilitator.services.schedule import SessionDraft, weekly_rule
from facilitator.services.today import contact_channels, missed_in_a_row, next_anniversary

PRESENT, LATE = AttendanceStatus.PRESENT, AttendanceStatus.LATE
ABSENT, EXCUSED = AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED
PHONE, TEXT, EMAIL = ConsentKind.CONTACT_PHONE, ConsentKind.CONTACT_TEXT, ConsentKind.CONTACT_EMAIL
SHARE = ConsentKind.SHARE_MILESTONES


def day(month: int, d: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, d)


# -- missed_in_a_row ---------------------------------------------------------------

# Sessions 4..1 of one group, newest first.
HELD = [(4, day(11, 17)), (3, day(11, 10)), (2, day(11, 3)), (1, day(10, 27))]
MEMBER = 7


def run(
    marks: dict[int, AttendanceStatus], joined_on: dt.date | None = None
) -> tuple[int, dt.date | None]:
    keyed = {(sid, MEMBER): status for sid, status in marks.items()}
    return missed_in_a_row(MEMBER, joined_on or day(1, 1), HELD, keyed)


def test_missed_in_a_row_counts_absent_and_unmarked_back_to_the_last_attendance() -> None:
    assert run({4: ABSENT, 2: ABSENT, 1: PRESENT}) == (3, day(10, 27))
    assert run({4: ABSENT, 3: ABSENT, 2: LATE}) == (2, day(11, 3))
    assert run({4: PRESENT}) == (0, day(11, 17))
    assert run({}) == (4, None)
    assert missed_in_a_row(MEMBER, day(1, 1), [], {}) == (0, None)


def test_missed_in_a_row_skips_excused_absences() -> None:
    assert run({4: ABSENT, 3: EXCUSED, 2: ABSENT, 1: PRESENT}) == (2, day(10, 27))
    assert run({4: EXCUSED, 3: EXCUSED, 2: EXCUSED, 1: EXCUSED}) == (0, None)


def test_missed_in_a_row_stops_at_the_sessions_before_joining() -> None:
    assert run({}, joined_on=day(11, 5)) == (2, None)  # 10 and 17 Nov
    assert run({}, joined_on=day(11, 10)) == (2, None)  # joined on the day of a session
    assert run({}, joined_on=day(11, 11)) == (1, None)
    assert run({}, joined_on=day(11, 18)) == (0, None)
    # Another member's marks are not theirs.
    assert missed_in_a_row(MEMBER, day(1, 1), HELD[:1], {(4, MEMBER + 1): PRESENT}) == (1, None)


def test_a_session_still_under_way_counts_only_marks() -> None:
    tonight = [(5, day(11, 24)), *HELD]
    marks = {(4, MEMBER): ABSENT, (3, MEMBER): ABSENT, (2, MEMBER): PRESENT}
    # Not checked in yet tonight: tonight is not (yet) missed.
    assert missed_in_a_row(MEMBER, day(1, 1), tonight, marks, today=day(11, 24)) == (
        2,
        day(11, 3),
    )
    absent_tonight = {**marks, (5, MEMBER): ABSENT}
    assert missed_in_a_row(MEMBER, day(1, 1), tonight, absent_tonight, today=day(11, 24)) == (
        3,
        day(11, 3),
    )
    # The day after, not marked means missed.
    assert missed_in_a_row(MEMBER, day(1, 1), tonight, marks, today=day(11, 25)) == (
        3,
        day(11, 3),
    )


# -- next_anniversary --------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "today", "expected"),
    [
        (day(11, 27, 2025), day(11, 24), (day(11, 27), 1)),
        (day(11, 24, 2024), day(11, 24), (day(11, 24), 2)),  # on the day itself
        (day(11, 20, 2025), day(11, 24), (day(11, 20, 2027), 2)),  # just passed this year
        (day(1, 3, 2020), day(11, 24), (day(1, 3, 2027), 7)),  # next January
        (day(12, 1, 2026), day(11, 24), (day(12, 1), 0)),  # still to come the first time
        (day(2, 29, 2024), day(2, 25, 2027), (day(2, 28, 2027), 3)),  # common year: 28th
        (day(2, 29, 2024), day(2, 25, 2028), (day(2, 29, 2028), 4)),  # leap year: 29th
        (day(2, 29, 2024), day(3, 1, 2027), (day(2, 29, 2028), 4)),
        (day(2, 29, 2024), day(3, 1, 2025), (day(2, 28, 2026), 2)),
    ],
)
def test_next_anniversary(date: dt.date, today: dt.date, expected: tuple[dt.date, int]) -> None:
    assert next_anniversary(date, today) == expected


# -- contact_channels --------------------------------------------------------------


def consent(
    cid: int,
    kind: ConsentKind,
    on: dt.date,
    *,
    given: bool = True,
    revoked_on: dt.date | None = None,
) -> ConsentRecord:
    return ConsentRecord(
        id=cid, member_id=1, kind=kind, given=given, recorded_on=on, revoked_on=revoked_on
    )


def test_contact_channels_are_the_contact_kinds_in_force_in_a_fixed_order() -> None:
    assert contact_channels([]) == ()
    consents = [
        consent(1, EMAIL, day(3, 1)),
        consent(2, ConsentKind.STORE_DETAILS, day(3, 1)),
        consent(3, ConsentKind.SHARE_MILESTONES, day(3, 1)),
        consent(4, PHONE, day(3, 2)),
    ]
    assert contact_channels(consents) == (PHONE, EMAIL)


def test_contact_channels_follow_the_latest_answer_per_kind() -> None:
    declined_later = [consent(1, PHONE, day(3, 1)), consent(2, PHONE, day(4, 1), given=False)]
    given_later = [consent(2, TEXT, day(4, 1)), consent(1, TEXT, day(3, 1), given=False)]
    same_day = [consent(5, EMAIL, day(4, 1), given=False), consent(6, EMAIL, day(4, 1))]
    revoked = [consent(1, PHONE, day(3, 1), revoked_on=day(5, 1))]

    assert contact_channels(declined_later) == ()
    assert contact_channels(given_later) == (TEXT,)
    assert contact_channels(same_day) == (EMAIL,)
    assert contact_channels(revoked) == ()


# -- the digest --------------------------------------------------------------------


def test_todays_and_upcoming_sessions_planned_and_opened_without_duplicates(
    services: Services, make_group, today: dt.date
) -> None:
    tuesday = make_group("Tuesday Circle")
    make_group(
        "Thursday Group",
        schedule_rule=weekly_rule(3),
        schedule_start=day(11, 5),
        start_time=dt.time(10, 0),
        end_time=dt.time(11, 30),
    )
    extra = make_group("Drop-in", schedule_rule="", schedule_start=None)
    gone = make_group("Old Group")
    services.roster.set_archived(gone.id)
    opened = services.schedule.open_session(tuesday.id)
    drop_in = services.schedule.add_session(
        extra.id, SessionDraft(date=today, start_time=dt.time(20, 45))
    )

    digest = services.today.digest()

    assert digest.today == today
    assert [(s.group_name, s.id) for s in digest.todays_sessions] == [
        ("Tuesday Circle", opened.id),
        ("Drop-in", drop_in.id),
    ]
    assert [(s.group_name, s.date, s.planned) for s in digest.upcoming_sessions] == [
        ("Thursday Group", day(11, 26), True),
        ("Tuesday Circle", day(12, 1), True),  # today + 7 is included
    ]


def test_overdue_and_due_soon_follow_ups(services: Services) -> None:
    add = services.follow_ups.add
    add("overdue", due_on=day(11, 20))
    add("overdue but done", due_on=day(11, 19))
    services.follow_ups.complete(services.follow_ups.find(FollowUpFilter.OPEN)[0].id)
    add("due in a week", due_on=day(12, 1))
    add("due today", due_on=day(11, 24))
    add("due in eight days", due_on=day(12, 2))
    add("whenever")

    digest = services.today.digest()

    assert [f.description for f in digest.overdue_follow_ups] == ["overdue"]
    assert [f.description for f in digest.due_soon_follow_ups] == ["due today", "due in a week"]


@pytest.fixture
def absences(services: Services, make_group, make_member) -> dict[str, int]:
    """Tuesday Circle held 27 Oct and 3, 10, 17 Nov (tonight's session is not held yet).

    Alex came every time.  Everyone else came on 27 Oct, then:
    Sam   absent, not marked, absent; may be phoned and e-mailed -> outreach
    Jo    absent x3; never asked to be contacted              -> no
    Kim   absent x3; agreed to texts, then revoked             -> no
    Lee   absent, excused, absent; may be phoned               -> no (2 in a row)
    Ira   absent x3; may be phoned; now inactive               -> no
    Pat   joined 18 Nov; may be phoned                         -> no
    """
    group = make_group()
    names = ("Alex", "Sam", "Jo", "Kim", "Lee", "Ira")
    people = {n: make_member(n, group=group, joined_on=day(10, 1)).id for n in names}
    people["Pat"] = make_member("Pat", group=group, joined_on=day(11, 18)).id
    services.roster.join_group(people["Sam"], make_group("Quiet Group").id, day(10, 1))
    marks = {
        day(10, 27): dict.fromkeys(names, PRESENT),
        day(11, 3): {"Alex": PRESENT, "Sam": ABSENT, "Jo": ABSENT, "Kim": ABSENT, "Lee": ABSENT,
                     "Ira": ABSENT},
        day(11, 10): {"Alex": PRESENT, "Jo": ABSENT, "Kim": ABSENT, "Lee": EXCUSED, "Ira": ABSENT},
        day(11, 17): {"Alex": LATE, "Sam": ABSENT, "Jo": ABSENT, "Kim": ABSENT, "Lee": ABSENT,
                      "Ira": ABSENT},
    }  # fmt: skip
    for when, statuses in marks.items():
        session = services.schedule.open_session(group.id, when)
        assert session.id is not None
        for name, status in statuses.items():
            services.attendance.mark(session.id, people[name], status)
    services.schedule.open_session(group.id)  # tonight: opened, nobody marked yet
    for name in ("Sam", "Lee", "Ira", "Pat"):
        services.roster.record_consent(people[name], PHONE, recorded_on=day(10, 1))
    services.roster.record_consent(people["Sam"], EMAIL, recorded_on=day(10, 1))
    kim_text = services.roster.record_consent(people["Kim"], TEXT, recorded_on=day(10, 1))
    services.roster.revoke_consent(kim_text.id, day(11, 1))
    services.roster.set_status(people["Ira"], MemberStatus.INACTIVE)
    return people


def test_outreach_suggests_members_who_missed_three_and_may_be_contacted(
    services: Services, absences: dict[str, int]
) -> None:
    sam = services.roster.update_member(
        absences["Sam"],
        services_draft(services, absences["Sam"], phone="07700 900123", email="sam@example.org"),
    )

    [suggestion] = services.today.digest().outreach

    assert suggestion.member_id == sam.id
    assert suggestion.member_name == "Sam"
    assert suggestion.group_name == "Tuesday Circle"
    assert suggestion.missed_in_a_row == 3
    assert suggestion.last_attended == day(10, 27)
    assert suggestion.channels == (PHONE, EMAIL)
    assert (suggestion.phone, suggestion.email) == ("07700 900123", "sam@example.org")


def test_outreach_follows_consent_and_the_threshold(
    services: Services, absences: dict[str, int]
) -> None:
    # Jo agrees to be phoned: now two suggestions, Jo and Sam, both 3 in a row.
    services.roster.record_consent(absences["Jo"], PHONE)
    assert [o.member_name for o in services.today.digest().outreach] == ["Jo", "Sam"]

    # Sam changes their mind about both channels.
    services.roster.record_consent(absences["Sam"], PHONE, given=False)
    for record in services.roster.consents(absences["Sam"]):
        if record.in_force:
            services.roster.revoke_consent(record.id)
    assert [o.member_name for o in services.today.digest().outreach] == ["Jo"]

    # With a threshold of 2, Lee (absent, excused, absent) is suggested too.
    lowered = services.today.digest(missed_threshold=2).outreach
    assert [(o.member_name, o.missed_in_a_row) for o in lowered] == [("Jo", 3), ("Lee", 2)]


def test_tonight_counts_for_outreach_only_as_people_are_marked(
    services: Services, absences: dict[str, int], today: dt.date
) -> None:
    tonight = services.schedule.open_session(services.roster.find_group("Tuesday Circle").id)
    assert tonight.date == today
    assert tonight.id is not None

    # Sam comes back tonight; Lee has not arrived (yet): neither is suggested.
    services.attendance.check_in(tonight.id, absences["Sam"])
    assert services.today.digest().outreach == ()

    # After the meeting the rest are marked absent: Lee has now missed three in a row.
    services.attendance.mark_rest(tonight.id)
    [lee] = services.today.digest().outreach
    assert (lee.member_name, lee.missed_in_a_row, lee.last_attended) == ("Lee", 3, day(10, 27))


def services_draft(services: Services, member_id: int, **changes: str) -> MemberDraft:
    """The member's current details as a draft, with some fields changed."""
    member = services.roster.member(member_id)
    draft = MemberDraft(
        first_name=member.first_name,
        last_name=member.last_name,
        date_joined=member.date_joined,
        status=member.status,
    )
    return replace(draft, **changes)


def test_milestones_shared_and_due_within_a_week(
    services: Services, make_member, today: dt.date
) -> None:
    sam = make_member("Sam")
    alex = make_member("Alex")
    jo = make_member("Jo", last_name="Brown")
    kim = make_member("Kim")
    ira = make_member("Ira")
    for member in (sam, alex, jo, kim, ira):
        services.roster.record_consent(member.id, SHARE, recorded_on=day(1, 5))
    services.roster.add_milestone(sam.id, "One year", day(11, 27, 2025))
    services.roster.add_milestone(alex.id, "Private date", day(11, 25, 2025), shared=False)
    services.roster.add_milestone(jo.id, "Six years", day(12, 1, 2020))
    services.roster.add_milestone(jo.id, "Next week", day(12, 2, 2025))  # today + 8
    services.roster.add_milestone(kim.id, "Two years", day(11, 24, 2024))
    services.roster.add_milestone(ira.id, "One year", day(11, 26, 2025))
    services.roster.set_status(ira.id, MemberStatus.INACTIVE)

    milestones = services.today.digest().milestones

    assert [(m.member_name, m.label, m.anniversary, m.years) for m in milestones] == [
        ("Kim", "Two years", today, 2),
        ("Sam", "One year", day(11, 27), 1),
        ("Jo Brown", "Six years", day(12, 1), 6),
    ]
    assert milestones[1].date == day(11, 27, 2025)


def test_a_29_february_milestone_is_celebrated_on_28_february_in_a_common_year(
    opened: OpenVault, services: Services, make_member
) -> None:
    sam = make_member("Sam")
    services.roster.record_consent(sam.id, SHARE, recorded_on=day(1, 5, 2024))
    services.roster.add_milestone(sam.id, "Leap day", day(2, 29, 2024))
    february = Services.build(opened.unit_of_work, Clock.fixed(dt.datetime(2027, 2, 23, 9)))
    leap_year = Services.build(opened.unit_of_work, Clock.fixed(dt.datetime(2028, 2, 23, 9)))

    [common] = february.today.digest().milestones
    [leap] = leap_year.today.digest().milestones

    assert (common.anniversary, common.years) == (day(2, 28, 2027), 3)
    assert (leap.anniversary, leap.years) == (day(2, 29, 2028), 4)
    assert services.today.digest().milestones == ()  # not near in November


def test_a_member_missing_two_groups_is_suggested_once_for_the_worse_one(
    services: Services, absences: dict[str, int], make_group
) -> None:
    thursday = make_group(
        "Thursday Group", schedule_rule=weekly_rule(3), schedule_start=day(10, 29)
    )
    services.roster.join_group(absences["Sam"], thursday.id, day(10, 1))
    services.roster.join_group(absences["Alex"], thursday.id, day(10, 1))
    for when in (day(10, 29), day(11, 5), day(11, 12), day(11, 19)):
        session = services.schedule.open_session(thursday.id, when)
        assert session.id is not None
        services.attendance.mark(session.id, absences["Sam"], ABSENT)
        services.attendance.mark(session.id, absences["Alex"], PRESENT)

    [sam] = services.today.digest().outreach

    # Tuesdays: 3 missed since 27 Oct; Thursdays: all 4 missed.  The worse one leads.
    assert (sam.member_name, sam.group_name, sam.missed_in_a_row) == ("Sam", "Thursday Group", 4)
    assert sam.last_attended is None
    assert sam.other_groups == ("Tuesday Circle",)


def test_a_tie_between_groups_goes_to_the_longer_absence(
    services: Services, absences: dict[str, int], make_group
) -> None:
    thursday = make_group(
        "Thursday Group", schedule_rule=weekly_rule(3), schedule_start=day(10, 29)
    )
    services.roster.join_group(absences["Sam"], thursday.id, day(10, 1))
    marks = {day(10, 22): PRESENT, day(11, 5): ABSENT, day(11, 12): ABSENT, day(11, 19): ABSENT}
    for when, status in marks.items():
        session = services.schedule.open_session(thursday.id, when)
        assert session.id is not None
        services.attendance.mark(session.id, absences["Sam"], status)

    [sam] = services.today.digest().outreach

    # Three in a row in both; last seen on Tuesday 27 Oct, on Thursday 22 Oct.
    assert (sam.group_name, sam.missed_in_a_row, sam.last_attended) == (
        "Thursday Group",
        3,
        day(10, 22),
    )
    assert sam.other_groups == ("Tuesday Circle",)


def test_a_milestone_shows_only_while_the_member_agrees_to_share_milestones(
    services: Services, make_member, today: dt.date
) -> None:
    sam = make_member("Sam")
    services.roster.add_milestone(sam.id, "One year", day(11, 27, 2025))

    def shown() -> list[str]:
        return [m.member_name for m in services.today.digest().milestones]

    assert shown() == []  # shared, but Sam was never asked
    services.roster.record_consent(sam.id, SHARE, recorded_on=day(1, 5))
    assert shown() == ["Sam"]
    services.roster.record_consent(sam.id, SHARE, given=False)  # changed their mind
    assert shown() == []
    services.roster.record_consent(sam.id, SHARE)
    assert shown() == ["Sam"]
    [agreed] = [c for c in services.roster.consents(sam.id) if c.in_force]
    services.roster.revoke_consent(agreed.id)
    assert shown() == []


def test_a_milestone_kept_private_stays_private_despite_the_consent(
    services: Services, make_member
) -> None:
    sam = make_member("Sam")
    services.roster.record_consent(sam.id, SHARE, recorded_on=day(1, 5))
    services.roster.add_milestone(sam.id, "Private", day(11, 27, 2025), shared=False)

    assert services.today.digest().milestones == ()


def test_long_lists_are_cut_short_with_their_totals(services: Services, make_group) -> None:
    for n in range(7):
        services.follow_ups.add(f"overdue {n}", due_on=day(11, 10 + n))
    for n in range(4):
        services.follow_ups.add(f"soon {n}", due_on=day(11, 25 + n))
    for n in range(6):
        make_group(f"Group {n}")  # each meets tonight and next Tuesday

    digest = services.today.digest(limit=3)

    assert [f.description for f in digest.overdue_follow_ups] == [
        "overdue 0",
        "overdue 1",
        "overdue 2",
    ]
    assert digest.overdue_total == 7
    assert len(digest.due_soon_follow_ups) == 3
    assert digest.due_soon_total == 4
    assert len(digest.todays_sessions) == 6  # today's are all there: they are checked in
    assert len(digest.upcoming_sessions) == 3
    assert digest.upcoming_total == 6
    assert (digest.outreach_total, digest.milestones_total) == (0, 0)


def test_a_digest_made_by_hand_counts_what_it_holds() -> None:
    from facilitator.domain import FollowUpRecord, TodayDigest

    follow_up = FollowUpRecord(id=1, description="Call", due_on=day(11, 1))
    digest = TodayDigest(today=day(11, 24), overdue_follow_ups=(follow_up,))

    assert digest.overdue_total == 1
    assert (digest.due_soon_total, digest.upcoming_total, digest.outreach_total) == (0, 0, 0)
