"""The full export (a JSON bundle) and importing it back (BundleService)."""

from __future__ import annotations

import datetime as dt
import json
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator.app import OpenVault, Services
from facilitator.domain import AttendanceStatus, ConsentKind, MemberStatus, Priority
from facilitator.errors import InvalidInput
from facilitator.services._common import Clock
from facilitator.services.bundle import CONFIDENTIALITY_NOTICE, looks_like_bundle
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import monthly_rule, weekly_rule
from facilitator.storage.vault import Vault

D = dt.date


@pytest.fixture
def other(tmp_path: Path, now: dt.datetime) -> Iterator[Services]:
    """Services on a second, empty vault whose clock is a day later."""
    vault = Vault.create(tmp_path / "v2", "another passphrase")
    with OpenVault(vault, clock=Clock.fixed(now + dt.timedelta(days=1))) as opened:
        yield opened.services


@pytest.fixture
def populated(services: Services) -> Services:
    """A bit of everything, entered the way a facilitator would."""
    roster, schedule = services.roster, services.schedule
    tuesday = roster.create_group(
        GroupDraft(
            name="Tuesday Circle",
            printed_title="Tuesday Evening Recovery Circle",
            description="Open to anyone in recovery.\nNo cross-talk.",
            location="St Anne's hall",
            facilitator="Robin",
            schedule_rule=weekly_rule(1),
            schedule_start=D(2026, 11, 3),
            start_time=dt.time(19, 0),
            end_time=dt.time(20, 30),
        )
    )
    ete = roster.create_group(
        GroupDraft(
            name="Été ensemble", schedule_rule=monthly_rule(0, 1), schedule_start=D(2026, 1, 5)
        )
    )
    roster.set_archived(ete.id)
    zoe = roster.add_member(
        MemberDraft(
            first_name="Zoë",
            last_name="O'Neil-Núñez",
            preferred_name="Zo",
            pronouns="she/her",
            phone="+44 7700 900123",
            email="zoe@example.org",
            emergency_contact="Kim (sister) 07700 900999",
            date_joined=D(2025, 2, 3),
            notes="Prefers “quiet” check-ins.\nAsk before sharing.",
        ),
        group_id=tuesday.id,
    )
    jose = roster.add_member(MemberDraft("José", status=MemberStatus.INACTIVE), group_id=tuesday.id)
    sam = roster.add_member(MemberDraft("Sam", "D'Arcy", status=MemberStatus.LEFT))
    roster.join_group(sam.id, tuesday.id, D(2026, 1, 6))
    roster.leave_group(sam.id, tuesday.id, D(2026, 6, 2))
    roster.join_group(zoe.id, ete.id, D(2026, 2, 2))

    roster.record_consent(zoe.id, ConsentKind.CONTACT_PHONE, recorded_on=D(2025, 2, 3))
    email = roster.record_consent(zoe.id, ConsentKind.CONTACT_EMAIL, note="weekdays only")
    roster.revoke_consent(email.id, D(2026, 11, 20))
    roster.record_consent(jose.id, ConsentKind.SHARE_MILESTONES, given=False)
    roster.add_milestone(zoe.id, "One year in recovery", D(2025, 12, 1))
    roster.add_milestone(jose.id, "Six months", D(2026, 5, 5), shared=False)

    held = schedule.open_session(tuesday.id, D(2026, 11, 17))
    schedule.set_topic(held.id, "Boundaries & “saying no”")
    schedule.set_guest_count(held.id, 3)
    tonight = schedule.open_session(tuesday.id, D(2026, 11, 24))
    called_off = schedule.open_session(tuesday.id, D(2026, 11, 10))
    schedule.set_guest_count(called_off.id, 2)
    mark = services.attendance.mark
    mark(held.id, zoe.id, AttendanceStatus.PRESENT, arrived_at=dt.time(19, 2))
    mark(held.id, jose.id, AttendanceStatus.LATE, arrived_at=dt.time(19, 25, 30))
    mark(held.id, sam.id, AttendanceStatus.EXCUSED)
    mark(tonight.id, zoe.id, AttendanceStatus.ABSENT)
    mark(called_off.id, jose.id, AttendanceStatus.PRESENT, arrived_at=dt.time(19, 0))
    schedule.cancel(schedule.session(called_off.id))

    notes = services.notes
    notes.add(
        "Themes: trust, family.\nConcern: Zoë's housing.", session_id=held.id, template="check-in"
    )
    notes.add("Seemed brighter today.", member_id=zoe.id, template="member")
    notes.add("Plain note, no template.", session_id=tonight.id)
    follow_ups = services.follow_ups
    follow_ups.add(
        "Call Zoë about the housing referral",
        due_on=D(2026, 11, 27),
        priority=Priority.HIGH,
        member_id=zoe.id,
        session_id=held.id,
    )
    done = follow_ups.add("Book the hall for December", priority=Priority.LOW)
    follow_ups.complete(done.id)
    return services


def _export(services: Services, path: Path) -> dict[str, Any]:
    services.bundle.export_full(path)
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def _counts(services: Services, tmp_path: Path) -> dict[str, int]:
    return services.bundle.export_full(tmp_path / "probe.json").counts()


def _bundle(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


# -- round trip -------------------------------------------------------------------


def test_export_import_export_gives_the_same_file(
    populated: Services, other: Services, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    exported = populated.bundle.export_full(first)

    imported = other.bundle.import_bundle(first.read_bytes())
    other.bundle.export_full(second)

    expected = {
        "groups": 2,
        "members": 3,
        "memberships": 4,
        "consents": 3,
        "milestones": 2,
        "sessions": 3,
        "attendance": 5,
        "notes": 3,
        "follow_ups": 2,
    }
    assert exported.counts() == expected
    assert imported.counts() == expected
    one, two = first.read_text(encoding="utf-8"), second.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(one.splitlines(), two.splitlines(), strict=True) if a != b]
    assert changed == [
        (' "exported_at": "2026-11-24T18:30:00",', ' "exported_at": "2026-11-25T18:30:00",')
    ]


def test_the_bundle_holds_every_field_as_entered(populated: Services, tmp_path: Path) -> None:
    doc = _export(populated, tmp_path / "full.json")

    assert doc["format"] == "facilitator-bundle"
    assert doc["version"] == 1
    assert doc["app_version"] == "0.1.0"
    assert doc["groups"][0] == {
        "id": 1,
        "name": "Tuesday Circle",
        "printed_title": "Tuesday Evening Recovery Circle",
        "description": "Open to anyone in recovery.\nNo cross-talk.",
        "location": "St Anne's hall",
        "facilitator": "Robin",
        "schedule_rule": "FREQ=WEEKLY;BYDAY=TU",
        "schedule_start": "2026-11-03",
        "start_time": "19:00:00",
        "end_time": "20:30:00",
        "archived": False,
    }
    assert doc["groups"][1]["archived"] is True
    assert doc["members"][0] == {
        "id": 1,
        "first_name": "Zoë",
        "last_name": "O'Neil-Núñez",
        "preferred_name": "Zo",
        "pronouns": "she/her",
        "phone": "+44 7700 900123",
        "email": "zoe@example.org",
        "emergency_contact": "Kim (sister) 07700 900999",
        "date_joined": "2025-02-03",
        "status": "active",
        "notes": "Prefers “quiet” check-ins.\nAsk before sharing.",
    }
    assert [m["status"] for m in doc["members"]] == ["active", "inactive", "left"]
    assert {"member": 3, "group": 1, "joined_on": "2026-01-06", "left_on": "2026-06-02"} in doc[
        "memberships"
    ]
    revoked = [c for c in doc["consents"] if c["kind"] == "contact_email"]
    assert revoked == [
        {
            "member": 1,
            "kind": "contact_email",
            "given": True,
            "recorded_on": "2026-11-24",
            "revoked_on": "2026-11-20",
            "note": "weekdays only",
        }
    ]
    assert {"member": 2, "label": "Six months", "date": "2026-05-05", "shared": False} in doc[
        "milestones"
    ]
    cancelled = [s for s in doc["sessions"] if s["cancelled"]]
    assert [(s["date"], s["guest_count"]) for s in cancelled] == [("2026-11-10", 2)]
    held = next(s for s in doc["sessions"] if s["date"] == "2026-11-17")
    assert held["topic"] == "Boundaries & “saying no”"
    marks = {(a["session"], a["member"]): (a["status"], a["arrived_at"]) for a in doc["attendance"]}
    assert marks[(held["id"], 2)] == ("late", "19:25:30")
    assert marks[(held["id"], 3)] == ("excused", None)
    assert sorted(s for s, _ in marks.values()) == [
        "absent",
        "excused",
        "late",
        "present",
        "present",
    ]
    member_note = next(n for n in doc["notes"] if n["member"] is not None)
    assert (member_note["session"], member_note["template"]) == (None, "member")
    assert {f["done"] for f in doc["follow_ups"]} == {True, False}
    urgent = next(f for f in doc["follow_ups"] if f["priority"] == "high")
    assert (urgent["member"], urgent["session"], urgent["due_on"]) == (1, held["id"], "2026-11-27")


def test_the_file_is_private_and_starts_with_the_notice(
    populated: Services, tmp_path: Path
) -> None:
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "full.json"
    populated.bundle.export_full(path)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{\n "notice": "CONFIDENTIAL: ')
    assert json.loads(text)["notice"] == CONFIDENTIALITY_NOTICE
    assert "42 CFR Part 2" in CONFIDENTIALITY_NOTICE
    assert [p.name for p in path.parent.iterdir()] == ["full.json"]  # no temporary file left


def test_an_export_that_cannot_be_written_says_so(populated: Services, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="could not be written"):
        populated.bundle.export_full(tmp_path / "no such folder" / "full.json")


def test_import_into_a_vault_that_has_data_links_the_right_rows(
    populated: Services, other: Services, tmp_path: Path
) -> None:
    mine = other.roster.create_group(GroupDraft(name="Monday Family Group"))
    other.roster.add_member(MemberDraft("Existing"), group_id=mine.id)
    path = tmp_path / "full.json"
    populated.bundle.export_full(path)

    other.bundle.import_bundle(path.read_bytes())

    tuesday = other.roster.find_group("Tuesday Circle")
    assert tuesday.id != 1
    current = sorted(e.member.first_name for e in other.roster.roster(tuesday.id))
    everyone = sorted(
        e.member.first_name for e in other.roster.roster(tuesday.id, include_former=True)
    )
    assert (current, everyone) == (["José", "Zoë"], ["José", "Sam", "Zoë"])
    assert [e.member.first_name for e in other.roster.roster(mine.id)] == ["Existing"]
    zoe = next(m for m in other.roster.members() if m.first_name == "Zoë")
    assert [n.body for n in other.notes.for_member(zoe.id)] == ["Seemed brighter today."]
    (hit,) = other.notes.search("housing")  # the full-text index knows the imported notes
    assert (hit.group_name, hit.session_date) == ("Tuesday Circle", D(2026, 11, 17))


# -- all or nothing ------------------------------------------------------------------


def test_one_bad_row_imports_nothing(populated: Services, other: Services, tmp_path: Path) -> None:
    doc = _export(populated, tmp_path / "full.json")
    doc["members"][1]["first_name"] = "   "
    doc["memberships"][0]["member"] = 99
    doc["attendance"][2]["status"] = "asleep"
    doc["sessions"][0]["date"] = "17/11/2026"
    doc["consents"][0]["given"] = "yes"
    before = _counts(other, tmp_path)

    with pytest.raises(InvalidInput) as caught:
        other.bundle.import_bundle(_bundle(doc))

    error = caught.value
    assert error.message == "The bundle was not imported: 5 problem(s) found. Nothing was changed."
    assert error.details == (
        "members[1]: first_name is empty",
        "memberships[0]: member 99 is not in the bundle's members",
        "consents[0]: given must be true or false",
        "sessions[0]: date must be written YYYY-MM-DD",
        "attendance[2]: status must be one of present, late, excused, absent",
    )
    assert _counts(other, tmp_path) == before == dict.fromkeys(before, 0)


def test_problems_never_quote_the_personal_values(other: Services) -> None:
    doc = {
        "format": "facilitator-bundle",
        "version": 1,
        "members": [
            {"id": 1, "first_name": "Secretname", "email": "secret.at.example", "phone": "call me"}
        ],
    }
    with pytest.raises(InvalidInput) as caught:
        other.bundle.import_bundle(_bundle(doc))
    assert caught.value.details == (
        "members[0]: phone is not a valid phone number",
        "members[0]: email is not a valid e-mail address",
    )
    assert "secret" not in str(caught.value).casefold()
    assert "call me" not in str(caught.value)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            {
                "notes": [
                    {
                        "body": "x",
                        "created_at": "2026-01-01T10:00:00",
                        "updated_at": "2026-01-01T10:00:00",
                    }
                ]
            },
            "notes[0]: a note must belong to a session or a member",
        ),
        (
            {"groups": [{"id": 1, "name": "A"}, {"id": 1, "name": "B"}]},
            "groups[1]: id 1 is used by another row",
        ),
        (
            {"groups": [{"id": 1, "name": "Circle"}, {"id": 2, "name": " circle "}]},
            "groups[1]: another group in the bundle has the same name",
        ),
        (
            {"groups": [{"id": 1, "name": "A", "colour": "red"}]},
            "groups[0]: an unknown field",
        ),
        ({"groups": [{"id": 1}]}, "groups[0]: name is missing"),
        ({"groups": [{"id": "1", "name": "A"}]}, "groups[0]: id must be a whole number from 1"),
        (
            {"groups": [{"id": 1, "name": "A", "schedule_rule": "every tuesday"}]},
            "groups[0]: schedule_rule is not a schedule rule Facilitator can read",
        ),
        (
            {"groups": [{"id": 1, "name": "A", "start_time": "7pm"}]},
            "groups[0]: start_time must be written HH:MM:SS",
        ),
        ({"groups": "none"}, "groups: must be a list"),
        ({"groups": [["not", "an", "object"]]}, "groups[0]: must be an object"),
        (
            {"members": [{"id": 1, "first_name": "A", "date_joined": "2026-02-30"}]},
            "members[0]: date_joined is not a real date or time",
        ),
        (
            {"sessions": [{"id": 1, "group": 1, "date": "2026-01-01", "guest_count": -1}]},
            "sessions[0]: group 1 is not in the bundle's groups",
        ),
        (
            {"extras": []},
            "an unknown section (a bundle has only the sections it was exported with)",
        ),
    ],
)
def test_each_kind_of_problem_is_named(
    other: Services, change: dict[str, Any], problem: str
) -> None:
    doc = {"format": "facilitator-bundle", "version": 1, **change}
    with pytest.raises(InvalidInput) as caught:
        other.bundle.import_bundle(_bundle(doc))
    assert problem in caught.value.details


def test_attendance_twice_for_the_same_person_and_session_is_refused(
    populated: Services, other: Services, tmp_path: Path
) -> None:
    doc = _export(populated, tmp_path / "full.json")
    doc["attendance"].append(dict(doc["attendance"][0], status="late"))
    with pytest.raises(InvalidInput) as caught:
        other.bundle.import_bundle(_bundle(doc))
    assert caught.value.details == (
        "attendance[5]: the same person is marked twice at this session",
    )


def test_a_group_name_already_in_the_vault_is_refused(populated: Services, tmp_path: Path) -> None:
    path = tmp_path / "full.json"
    populated.bundle.export_full(path)
    before = _counts(populated, tmp_path)

    with pytest.raises(InvalidInput, match="already has groups") as caught:
        populated.bundle.import_bundle(path.read_bytes())

    assert caught.value.details == ("groups[0]: its name is taken", "groups[1]: its name is taken")
    assert _counts(populated, tmp_path) == before


# -- not a bundle ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            b'{"format": "facilitator-bundle",\n "version": 1,,}',
            r"not valid JSON \(line 2, column 15",
        ),
        (b"[1, 2, 3]", "not a Facilitator bundle"),
        (b'{"format": "something-else", "version": 1}', "not a Facilitator bundle"),
        (b'{"version": 1}', "not a Facilitator bundle"),
        (b'{"format": "facilitator-bundle", "version": 2}', "made by a newer Facilitator.*update"),
        (b'{"format": "facilitator-bundle", "version": "1"}', "version cannot be read"),
        (b'{"format": "facilitator-bundle", "version": 1, "x": "\xff"}', "not UTF-8"),
        (b"[" * 100_000, "not valid JSON"),
    ],
)
def test_files_that_are_not_bundles_are_refused(other: Services, raw: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        other.bundle.import_bundle(raw)


def test_an_empty_bundle_imports_nothing(other: Services) -> None:
    summary = other.bundle.import_bundle(
        b'\xef\xbb\xbf{"format": "facilitator-bundle", "version": 1}'
    )
    assert summary.total == 0
    assert str(summary).startswith("0 groups, 0 members")


def test_looks_like_bundle_tells_json_from_csv() -> None:
    assert looks_like_bundle(b'{"format": "facilitator-bundle"}')
    assert looks_like_bundle(b'\xef\xbb\xbf \r\n {"format"')
    assert not looks_like_bundle(b"First name,Last name\r\n")
    assert not looks_like_bundle(b"")
