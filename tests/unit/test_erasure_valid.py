"""Forgetting leaves every text one the app accepts: a group name is never empty and
stays distinct from every other group's (ignoring case, as the app compares them), and
no text grows past what its field takes, even when every "Al" becomes "[redacted]" —
so each changed row can still be opened and saved as it is."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from facilitator.app import Services
from facilitator.domain import ConsentKind, GroupRecord, Priority
from facilitator.domain.records import FreeText
from facilitator.exports.redact import REDACTED, MentionRedactor
from facilitator.exports.summary_options import SummaryOptions
from facilitator.services.erasure import JSON_LISTS, distinct_group_names, fitted, redact_field
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import SessionDraft

X = REDACTED


def _draft(group: GroupRecord) -> GroupDraft:
    return GroupDraft(
        name=group.name,
        printed_title=group.printed_title,
        description=group.description,
        location=group.location,
        facilitator=group.facilitator,
    )


def test_group_names_stay_distinct_ignoring_case(services: Services) -> None:
    roster = services.roster
    first = roster.create_group(GroupDraft(name="Quennell's Circle"))
    second = roster.create_group(GroupDraft(name="Marchbanks circle"))
    third = roster.create_group(GroupDraft(name="Quennell"))
    kept = roster.create_group(GroupDraft(name="[REDACTED]"))  # someone typed it once
    quennell = roster.add_member(MemberDraft(first_name="Quennell", last_name="Marchbanks"))

    report = services.erasure.forget(quennell.id)

    names = [roster.group(g.id).name for g in (first, second, third, kept)]
    assert names == [f"{X} Circle", f"{X} circle (2)", f"{X} (2)", "[REDACTED]"]
    assert report.counts.redacted_fields == (("groups.name", 3),)
    for name, group in zip(names, (first, second, third, kept), strict=True):
        assert roster.find_group(name).id == group.id
        roster.update_group(group.id, _draft(roster.group(group.id)))  # still valid


def test_no_text_grows_past_what_its_field_takes(services: Services) -> None:
    roster = services.roster
    full = " ".join(["Al"] * 67)  # 200 characters: each "Al" becomes ten
    group = roster.create_group(
        GroupDraft(
            name=full,
            printed_title=full,
            location=full,
            facilitator=full,
            description=" ".join(["Al"] * 5000),
        )
    )
    al = roster.add_member(MemberDraft(first_name="Al"))
    other = roster.add_member(MemberDraft(first_name="Bea", notes=full * 10))
    session = services.schedule.add_session(
        group.id,
        SessionDraft(
            date=dt.date(2026, 1, 6),
            location=full,
            topic=" ".join(["Al"] * 100),
            facilitator=full,
        ),
    )
    follow_up = services.follow_ups.add(" ".join(["Al"] * 667), member_id=other.id)
    roster.record_consent(other.id, ConsentKind.CONTACT_PHONE, note=" ".join(["Al"] * 167))
    roster.add_milestone(other.id, full, dt.date(2026, 1, 1))

    services.erasure.forget(al.id)

    after = roster.group(group.id)
    for value in (after.name, after.printed_title, after.location, after.facilitator):
        assert len(value) <= 200 and value.startswith(X) and "Al" not in value
    roster.update_group(group.id, _draft(after))
    held = services.schedule.session(session.id)
    assert len(held.topic) <= 300 and len(held.location) <= 200
    services.schedule.update_session(
        session.id,
        SessionDraft(
            date=held.date, location=held.location, topic=held.topic, facilitator=held.facilitator
        ),
    )
    edited = next(f for f in services.follow_ups.find() if f.id == follow_up.id)
    services.follow_ups.edit(
        follow_up.id, description=edited.description, due_on=None, priority=Priority.NORMAL
    )
    assert len(edited.description) <= 2000
    assert len(roster.consents(other.id)[0].note) <= 500
    assert len(roster.milestones(other.id)[0].label) <= 200
    for text in (edited.description, roster.consents(other.id)[0].note, after.description):
        assert "Al" not in text.replace(X, "")


def test_a_cut_that_makes_a_name_whole_is_redacted_again() -> None:
    quennell = MentionRedactor(["Quennell"])
    # Cut at 20 characters, "Quennellish" would end as "Quennell…": a name again; and
    # the cut is never inside a "[redacted]".
    assert fitted("[redacted] Quennellish", 20, quennell) == f"{X}…"
    assert fitted("xx Quennellish", 12, quennell) == "xx…"
    assert fitted("short", 20, quennell) == "short"
    assert fitted(" ".join(["Quennell"] * 40), None, quennell).count("Quennell") == 40


def test_a_name_cut_for_its_number_is_looked_at_again() -> None:
    quennell = MentionRedactor(["Quennell"])
    renamed = [FreeText("groups", "name", 2, "[redacted] Quennellish")]  # 22 characters
    names = {1: "[redacted] Quennellish", 2: "Quennell Quennellish"}
    # With room for 23 characters, " (2)" leaves 19: the cut would end in "Quennell".
    (item,) = distinct_group_names(renamed, names, 23, quennell)
    assert item.text == f"{X} (2)"
    (item,) = distinct_group_names(renamed, names, 30, quennell)  # room enough: no cut
    assert item.text == "[redacted] Quennellish (2)"
    assert distinct_group_names([], {1: "A", 2: "a"}, 200, quennell) == []


def test_a_json_list_of_labels_is_redacted_label_by_label() -> None:
    # The export ledger keeps the group labels it printed as a JSON list (issue 13): a
    # name behind an escape is still found, and the result is still a JSON list.
    (field,) = JSON_LISTS
    quennell = MentionRedactor(["Quennell", "Zoë"], phones=["07700 900461"])
    labels = ["All groups", "Quennell's Circle", 'Tea\nZoë "Q"', "Ring 07700900461", 3]
    stored = json.dumps(labels, ensure_ascii=True)  # "Zo\u00eb": hidden from a text match
    assert "Zo\\u00eb" in quennell.redact(stored)  # what redacting the raw text leaves

    after = json.loads(redact_field(field, stored, quennell))

    assert after == ["All groups", f"{X} Circle", f'Tea\n{X} "Q"', f"Ring {X}", 3]
    assert redact_field(field, '["Circle"]', quennell) == '["Circle"]'  # unchanged: as it was
    assert redact_field(field, "Quennell, not JSON", quennell) == f"{X}, not JSON"


def test_a_redacted_group_name_can_still_be_exported_by_name(
    services: Services, tmp_path: Path
) -> None:
    # "[redacted] Circle" is a group name like any other: the summary labels groups by
    # name and its leak guard finds no one in it.
    roster = services.roster
    group = roster.create_group(GroupDraft(name="Quennell's Circle"))
    quennell = roster.add_member(MemberDraft(first_name="Quennell"), group_id=group.id)
    roster.add_member(MemberDraft(first_name="Ottoline"), group_id=group.id)
    services.erasure.forget(quennell.id)

    written = services.summary.export(
        tmp_path / "summary.csv",
        SummaryOptions(start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31), labels="names"),
    )

    assert f"{X} Circle" in written.path.read_text(encoding="utf-8")
