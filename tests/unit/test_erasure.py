"""Forgetting a member (ErasureService): what goes, what becomes anonymous, what is
redacted, what is kept — and the names-only redactor it uses."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from facilitator.app import OpenVault, Services
from facilitator.domain import AttendanceStatus, ConsentKind, GroupRecord, MemberRecord
from facilitator.domain.records import ErasureCounts
from facilitator.domain.summary import Measure
from facilitator.errors import NotFound
from facilitator.exports.redact import REDACTED, MentionRedactor
from facilitator.exports.summary_options import SummaryOptions
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import SessionDraft
from facilitator.storage.repositories import erasure as erasure_repo

X = REDACTED
P, L, E, A = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.ABSENT,
)


# -- the names-only redactor (no vault) ------------------------------------------------
QUENNELL = MentionRedactor(
    ["Quennell", "Marchbanks-Hale", "Q", "Zoë"],
    emails=["Q.March@Example.org"],
    phones=["+44 7700 900461"],
)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Quennell shared first", f"{X} shared first"),
        ("QUENNELL's sponsor, quennell\u2019s too", f"{X} sponsor, {X} too"),
        ("Marchbanks-Hale, Marchbanks and Hale", f"{X}, {X} and {X}"),
        ("zoe and ZOË and Zoe\u0308", f"{X} and {X} and {X}"),
        ("Quennellish Hales", "Quennellish Hales"),  # whole words only
        ("Q came", "Q came"),  # one letter is no name
        ("mail q.march@example.org.", f"mail {X}."),
        ("mail other@example.org", "mail other@example.org"),
        ("call 07700 900461, +44 7700 900 461 or 07700900461", f"call {X}, {X} or {X}"),
        ("call 07700 900999", "call 07700 900999"),  # someone else's number
        ("Tuesday 3 November at 19:00, room 12", "Tuesday 3 November at 19:00, room 12"),
    ],
)
def test_only_their_mentions_are_redacted(before: str, after: str) -> None:
    assert QUENNELL.redact(before) == after


@dataclass(frozen=True)
class _Case:
    text: str


_PIECES = st.sampled_from(
    ["Quennell", "quennell's", "Zoë", "zoe", "ZOE\u0308", "Hale", "-", "'", " ", ".", "x", "é",
     "07700", "900461", "q.march@example.org", "2", "_", "Ann", "\u2019s", "\n"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=12).map("".join))
def test_the_quick_test_never_misses_a_mention(text_: str) -> None:
    # mentions() lets texts through unread: it must say True wherever there is a mention.
    if QUENNELL.spans(text_):
        assert QUENNELL.mentions(text_)
    assert QUENNELL.redact(text_) == text_ or QUENNELL.mentions(text_)


# -- the vault ----------------------------------------------------------------------------
@dataclass
class World:
    group: GroupRecord
    other_group: GroupRecord
    quennell: MemberRecord
    ottoline: MemberRecord
    sam: MemberRecord  # shares the first name "Sam" with Quennell's preferred name
    sessions: list[int]


@pytest.fixture
def world(services: Services) -> World:
    roster = services.roster
    group = roster.create_group(
        GroupDraft(
            name="Tuesday Circle",
            printed_title="Tuesday with Quennell",
            description="Started by Quennell and Ottoline",
            location="Marchbanks house",
            facilitator="Robin with Quennell Marchbanks",
        )
    )
    other_group = roster.create_group(GroupDraft(name="Quennell's Thursday"))
    quennell = roster.add_member(
        MemberDraft(
            first_name="Quennell",
            last_name="Marchbanks",
            preferred_name="Sam",
            phone="07700 900461",
            email="q.march@example.org",
            emergency_contact="Hesketh (brother)",
            notes="Prefers tea",
        )
    )
    ottoline = roster.add_member(
        MemberDraft(
            first_name="Ottoline",
            last_name="Wraxall",
            emergency_contact="Quennell Marchbanks, 07700 900461",
            notes="Came with Quennell; call 07700900461 if late",
        )
    )
    sam = roster.add_member(MemberDraft(first_name="Sam", last_name="Okafor"))
    for member in (quennell, ottoline, sam):
        roster.join_group(member.id, group.id, dt.date(2025, 1, 7))
    roster.join_group(quennell.id, other_group.id, dt.date(2025, 2, 6))
    roster.leave_group(quennell.id, other_group.id, dt.date(2025, 6, 5))
    roster.record_consent(quennell.id, ConsentKind.CONTACT_PHONE, note="said yes")
    roster.record_consent(ottoline.id, ConsentKind.CONTACT_EMAIL, note="agreed with Quennell")
    roster.add_milestone(quennell.id, "One year", dt.date(2025, 3, 1))
    roster.add_milestone(ottoline.id, "Quennell's sponsor since", dt.date(2025, 4, 1))

    marks = [(P, P), (L, P), (E, L), (A, P), (P, A), (P, P)]  # Quennell's, Ottoline's
    sessions = []
    for week, (q_mark, o_mark) in enumerate(marks):
        session = services.schedule.add_session(
            group.id,
            SessionDraft(
                date=dt.date(2026, 1, 6) + dt.timedelta(weeks=week),
                topic="Quennell's anniversary" if week == 0 else "Sleep",
                facilitator="Quennell" if week == 1 else "Robin",
                location="ring 07700 900461" if week == 2 else "Hall",
            ),
        )
        sessions.append(session.id)
        services.attendance.mark(session.id, quennell.id, q_mark)
        services.attendance.mark(session.id, ottoline.id, o_mark)
        services.attendance.mark(session.id, sam.id, P)
    services.schedule.set_guest_count(sessions[0], 2)
    notes = services.notes
    notes.add("Quennell Marchbanks shared about work; Sam listened.", session_id=sessions[0])
    notes.add("Quiet evening.", session_id=sessions[1])
    notes.add("About Quennell: q.march@example.org", member_id=quennell.id)
    notes.add("Second note about them", member_id=quennell.id, session_id=sessions[1])
    notes.add("Ottoline asked after Marchbanks", member_id=ottoline.id)
    follow_ups = services.follow_ups
    follow_ups.add("Call Quennell about housing", member_id=quennell.id)
    follow_ups.add("Ask Ottoline how Quennell is", member_id=ottoline.id)
    follow_ups.add("Book the room", session_id=sessions[2])
    return World(group, other_group, quennell, ottoline, sam, sessions)


REDACTED_BY_FIELD = (
    ("groups.name", 1),
    ("groups.printed_title", 1),
    ("groups.description", 1),
    ("groups.location", 1),
    ("groups.facilitator", 1),
    ("sessions.location", 1),
    ("sessions.topic", 1),
    ("sessions.facilitator", 1),
    ("notes.body", 2),
    ("follow_ups.description", 1),
    ("members.notes", 1),
    ("consents.note", 1),
    ("milestones.label", 1),
)


def test_the_preview_counts_what_will_go_and_what_stays(services: Services, world: World) -> None:
    preview = services.erasure.preview(world.quennell.id)

    counts = preview.counts
    assert preview.member == world.quennell
    assert (counts.notes, counts.follow_ups, counts.consents, counts.milestones) == (2, 1, 1, 1)
    assert counts.groups == 2  # a current and a former group
    assert (counts.marks_to_guests, counts.marks_dropped) == (4, 2)
    # A group's name, another's printed title, description, location and facilitator,
    # a session's topic, another's facilitator and a third's location, the session note
    # and Ottoline's note, her follow-up, free notes, consent note and milestone.
    assert counts.texts_redacted == 14
    assert counts.redacted_fields == REDACTED_BY_FIELD
    assert counts.emergency_contacts_kept == 1
    assert preview.shared_names == (("Sam", 1),)
    # Nothing changed.
    assert services.roster.member(world.quennell.id) == world.quennell
    assert len(services.notes.for_member(world.quennell.id)) == 2


def test_forgetting_removes_the_person_and_everything_about_them(
    services: Services, world: World
) -> None:
    report = services.erasure.forget(world.quennell.id)

    assert report.traces_cleared
    assert report.counts == ErasureCounts(
        notes=2,
        follow_ups=1,
        consents=1,
        milestones=1,
        groups=2,
        marks_to_guests=4,
        marks_dropped=2,
        texts_redacted=14,
        redacted_fields=REDACTED_BY_FIELD,
        emergency_contacts_kept=1,
    )
    with pytest.raises(NotFound):
        services.roster.member(world.quennell.id)
    assert world.quennell.id not in {m.id for m in services.roster.members()}
    roster = {e.member.id for e in services.roster.roster(world.group.id)}
    assert roster == {world.ottoline.id, world.sam.id}
    assert services.roster.roster(world.other_group.id, include_former=True) == []
    assert services.notes.search("Second note") == []
    assert {f.description for f in services.follow_ups.find()} == {
        f"Ask Ottoline how {X} is",
        "Book the room",
    }
    for session_id in world.sessions:
        marked = {row.member.id for row in services.attendance.check_in_list(session_id)}
        assert world.quennell.id not in marked


def test_mentions_are_redacted_everywhere_and_emergency_contacts_kept(
    services: Services, world: World
) -> None:
    services.erasure.forget(world.quennell.id)

    group = services.roster.group(world.group.id)
    assert group.name == "Tuesday Circle"
    assert group.printed_title == f"Tuesday with {X}"
    assert group.description == f"Started by {X} and Ottoline"
    assert group.location == f"{X} house"
    assert group.facilitator == f"Robin with {X} {X}"
    assert services.roster.group(world.other_group.id).name == f"{X} Thursday"
    first, second, third = (services.schedule.session(s) for s in world.sessions[:3])
    assert (first.topic, first.facilitator) == (f"{X} anniversary", "Robin")
    assert first.location == "Hall"
    assert second.facilitator == X
    assert third.location == f"ring {X}"
    note = services.notes.for_session(world.sessions[0])[0]
    # "Sam" is Quennell's preferred name: it goes even where it means the other Sam.
    assert note.body == f"{X} {X} shared about work; {X} listened."
    ottoline = services.roster.member(world.ottoline.id)
    assert ottoline.notes == f"Came with {X}; call {X} if late"
    assert ottoline.emergency_contact == "Quennell Marchbanks, 07700 900461"  # hers: kept
    assert services.notes.for_member(world.ottoline.id)[0].body == f"Ottoline asked after {X}"
    assert services.roster.consents(world.ottoline.id)[0].note == f"agreed with {X}"
    assert services.roster.milestones(world.ottoline.id)[0].label == f"{X} sponsor since"
    # The other Sam is still a member with their name.
    assert services.roster.member(world.sam.id).first_name == "Sam"


def test_a_redacted_note_keeps_its_time_and_the_search_index_follows(
    services: Services, world: World
) -> None:
    before = services.notes.for_session(world.sessions[0])[0]
    assert {h.note_id for h in services.notes.search("Marchbanks")} >= {before.id}

    services.erasure.forget(world.quennell.id)

    after = services.notes.for_session(world.sessions[0])[0]
    assert after.updated_at == before.updated_at
    for word in ("Quennell", "Marchbanks", "march"):
        assert services.notes.search(word) == []
    assert [h.note_id for h in services.notes.search("shared work")] == [before.id]
    assert [h.note_id for h in services.notes.search("Ottoline asked")] != []


def test_attendance_becomes_guests_so_every_total_stays_true(
    services: Services, world: World
) -> None:
    def totals() -> list[tuple[int, int]]:
        found = [services.schedule.session(s) for s in world.sessions]
        return [(s.attendance_total, s.present_count) for s in found]

    def attended() -> int:  # the summary's attendances plus anonymous guests, all groups
        start, end = dt.date(2026, 1, 1), dt.date(2026, 10, 31)
        report = services.summary.build(SummaryOptions(start=start, end=end, k=2))
        # The exact counts behind the report (printed or hidden: the audit may hide a
        # total to protect a small count), over the whole period and every group.
        wanted = {Measure.ATTENDANCES.value, Measure.GUESTS.value}
        whole = [
            c
            for c in report.ledger_cells
            if (c.start, c.end) == (start, end) and c.measure in wanted
        ]
        widest = max(len(c.groups) for c in whole)
        counted = [c for c in whole if c.measure in wanted and len(c.groups) == widest]
        assert len(counted) == 2
        return sum(c.true_value for c in counted)

    before, summary_before = totals(), attended()

    services.erasure.forget(world.quennell.id)

    after = totals()
    assert [total for total, _ in after] == [total for total, _ in before]
    # Present or late: one member fewer and one guest more; excused or absent: no change.
    assert [b[1] - a[1] for b, a in zip(before, after, strict=True)] == [1, 1, 0, 0, 1, 1]
    assert services.schedule.session(world.sessions[0]).guest_count == 3
    assert attended() == summary_before


def test_forgetting_is_all_or_nothing(
    services: Services, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: object, texts: object) -> int:
        raise RuntimeError("disk went away")

    monkeypatch.setattr(erasure_repo.ErasureRepository, "_rewrite", broken)
    guests = services.schedule.session(world.sessions[0]).guest_count

    with pytest.raises(RuntimeError):
        services.erasure.forget(world.quennell.id)

    assert services.roster.member(world.quennell.id) == world.quennell
    assert len(services.notes.for_member(world.quennell.id)) == 2
    assert services.schedule.session(world.sessions[0]).guest_count == guests
    assert services.attendance.history(world.quennell.id)
    assert [h.note_id for h in services.notes.search("Quennell")] != []


def test_the_search_index_is_whole_and_keeps_deleting_securely(
    opened: OpenVault, services: Services, world: World
) -> None:
    services.erasure.forget(world.quennell.id)

    with opened.vault.unit_of_work() as session:
        session.execute(text("INSERT INTO notes_fts(notes_fts) VALUES ('integrity-check')"))
        setting = session.execute(
            text("SELECT v FROM notes_fts_config WHERE k = 'secure-delete'")
        ).scalar()
    assert setting == 1


def test_an_unknown_member_is_a_clear_error(services: Services) -> None:
    with pytest.raises(NotFound, match="No member with id 999"):
        services.erasure.preview(999)
    with pytest.raises(NotFound, match="No member with id 999"):
        services.erasure.forget(999)


def test_the_log_line_has_counts_and_no_names(
    services: Services, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="facilitator"):
        services.erasure.forget(world.quennell.id)

    lines = [r.getMessage() for r in caplog.records if r.name == "facilitator.services.erasure"]
    assert len(lines) == 1
    assert "2 notes" in lines[0] and "4 marks made guests" in lines[0]
    logged = "\n".join(r.getMessage() for r in caplog.records).casefold()
    for secret in ("quennell", "marchbanks", "sam", "900461", "q.march"):
        assert secret not in logged


def test_a_busy_vault_is_reported_not_hidden(
    opened: OpenVault, services: Services, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(erasure_repo, "_BUSY_RETRIES", 2)
    monkeypatch.setattr(erasure_repo, "_BUSY_WAIT_MS", 0)
    reader = opened.vault.engine.raw_connection()
    try:
        cursor = reader.cursor()
        cursor.execute("BEGIN")
        cursor.execute("SELECT count(*) FROM members").fetchall()  # holds a read snapshot

        report = services.erasure.forget(world.quennell.id)
    finally:
        reader.rollback()
        reader.close()

    assert not report.traces_cleared
    with pytest.raises(NotFound):  # the forgetting itself stands
        services.roster.member(world.quennell.id)


def test_a_contact_name_other_members_share_is_named_in_the_preview() -> None:
    """Their emergency contact's name words are redacted everywhere too, so the preview
    says when another member shares one."""
    from facilitator.domain import MemberRecord
    from facilitator.services.erasure import shared_names

    member = MemberRecord(1, "Quennell", "Marchbanks", emergency_contact="Mum: Rosalind Okafor")
    others = [MemberRecord(2, "Rosalind", "Wraxall"), MemberRecord(3, "Sam", "Okafor")]
    assert shared_names(member, others) == (("Okafor", 1), ("Rosalind", 1))
