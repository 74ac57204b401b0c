"""Forgetting finds the member however a text spells them, in every free-text field of
the vault (``REDACTED_FIELDS``): each everyday spelling the review found below is put in
every field — group name, printed title, description, locations, facilitators, topic,
notes, follow-ups, others' notes, consent notes and milestone labels — and none of it may
be left afterwards.

The spellings marked ``needs the stronger matcher`` are missed by today's
:class:`MentionRedactor`; the matcher being built for issue 13 (part 2) catches them
behind the same API.  The marks are strict: once it lands they fail as "XPASS" until
they are removed, so none stays by mistake.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select, update

from facilitator.app import OpenVault, Services
from facilitator.domain import ConsentKind
from facilitator.domain.ledger import Publication
from facilitator.domain.text import text_problem
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import SessionDraft
from facilitator.storage.repositories.erasure import REDACTED_FIELDS


@dataclass(frozen=True)
class Person:
    first: str
    last: str = ""
    phone: str = ""
    email: str = ""
    contact: str = ""


QUENNELL = Person("Quennell", "O'Neill", "07700 900461", "qmb1987@example.org")
SIX = Person("Quennell", "Marchbanks", "900 461")  # validation accepts a 6-digit phone
WANG = Person("伟", "王")  # a one-character given name, written without spaces
# Their own emergency contact identifies them too ("Rosalind Achebe (Bridget's mum)").
CONTACTED = Person(
    "Bridget",
    "Marchbanks",
    contact="Mum: Rosalind Achebe 0117 496 0000, rosalind.a@example.com",
)


def _case(person: Person, spelled: str, *marks: pytest.MarkDecorator) -> object:
    return pytest.param(person, spelled, marks=marks, id=spelled.encode("unicode_escape").decode())


CASES = [
    _case(QUENNELL, "Quennell"),
    _case(QUENNELL, "QUENNELL's"),
    _case(QUENNELL, "ONeill"),
    _case(QUENNELL, "O\u2019Neill"),
    _case(QUENNELL, "#Quennell"),
    _case(QUENNELL, "07700 900461"),
    _case(QUENNELL, "+44 (0)7700-900-461"),
    _case(QUENNELL, "QMB1987@Example.ORG"),
    _case(QUENNELL, "QuennellONeill"),
    _case(QUENNELL, "#quennelloneill"),
    _case(QUENNELL, "Quen\u200bnell"),
    _case(QUENNELL, "Quen\u00adnell"),
    _case(QUENNELL, "Qu\u0435nnell"),  # a Cyrillic small ie (U+0435)
    _case(QUENNELL, "07700,900,461"),
    _case(QUENNELL, "07700_900_461"),
    _case(QUENNELL, "qmb1987 at example dot org"),
    _case(SIX, "ring 900461"),
    _case(WANG, "今天王伟来了"),
    _case(CONTACTED, "Rosalind"),
    _case(CONTACTED, "ACHEBE's"),
    _case(CONTACTED, "0117 496 0000"),
    _case(CONTACTED, "+44 117 496 0000"),
    _case(CONTACTED, "rosalind.a@example.com"),
    _case(CONTACTED, "rosalind.a at example dot com"),
    _case(CONTACTED, "#RosalindAchebe"),
]


# Stands in for a spelling the app now refuses as it is typed (an invisible character in
# a one-line field, issue 14), written in afterwards as a vault made before could hold it.
STAND_IN = "Zzstandinzz"


def as_stored_before(opened: OpenVault, stand_in: str, spelled: str) -> None:
    """Every free-text field's ``stand_in`` replaced by ``spelled``, directly in the vault."""
    with opened.vault.unit_of_work() as session:
        for _id, field, _owner in REDACTED_FIELDS.values():
            session.execute(
                update(field.class_)
                .values({field.key: func.replace(field, stand_in, spelled)})
                .execution_options(synchronize_session=False)
            )


def _fill(opened: OpenVault, person: Person, spelled: str) -> int:
    """The person, another member, and ``spelled`` in every field that is not theirs."""
    services = opened.services
    typed = spelled if text_problem(spelled) is None else STAND_IN
    member_id = _fill_typed(services, person, typed)
    if typed != spelled:
        as_stored_before(opened, typed, spelled)
    return member_id


def _fill_typed(services: Services, person: Person, spelled: str) -> int:
    roster = services.roster
    text = f"About {spelled} today"
    group = roster.create_group(
        GroupDraft(
            name=f"Circle {spelled}",
            printed_title=text,
            description=text,
            location=text,
            facilitator=text,
        )
    )
    member = roster.add_member(
        MemberDraft(
            person.first,
            person.last,
            phone=person.phone,
            email=person.email,
            emergency_contact=person.contact,
        ),
        group_id=group.id,
    )
    other = roster.add_member(MemberDraft("Ottoline", "Wraxall", notes=text), group_id=group.id)
    session = services.schedule.add_session(
        group.id,
        SessionDraft(date=dt.date(2026, 1, 6), location=text, topic=text, facilitator=text),
    )
    services.notes.add(text, session_id=session.id)
    services.notes.add(text, member_id=other.id)
    services.follow_ups.add(text, member_id=other.id)
    services.follow_ups.add(text, session_id=session.id)
    roster.record_consent(other.id, ConsentKind.CONTACT_PHONE, note=text)
    roster.add_milestone(other.id, text, dt.date(2026, 1, 1))
    services.ledger.record(  # the export ledger keeps the groups as printed (their names)
        Publication(
            None,
            dt.datetime(2026, 2, 1, 9, 0),
            dt.date(2026, 1, 1),
            dt.date(2026, 1, 31),
            ("All groups", f"Circle {spelled}"),
            "csv",
            11,
        )
    )
    return member.id


def _every_free_text(opened: OpenVault) -> list[str]:
    with opened.vault.unit_of_work() as session:
        return [
            value
            for _id, field, _owner in REDACTED_FIELDS.values()
            for value in session.scalars(select(field))
        ]


@pytest.mark.parametrize(("person", "spelled"), CASES)
def test_every_field_loses_every_spelling(
    opened: OpenVault, services: Services, person: Person, spelled: str
) -> None:
    member_id = _fill(opened, person, spelled)
    before = _every_free_text(opened)
    assert sum(spelled in value for value in before) == len(REDACTED_FIELDS) + 2  # control

    report = services.erasure.forget(member_id)

    after = _every_free_text(opened)
    assert [value for value in after if spelled in value] == []
    assert report.counts.texts_redacted == len(REDACTED_FIELDS) + 2
    (name,) = [g.name for g in services.roster.groups()]
    assert name.startswith("Circle ") and "[redacted]" in name
    assert [m.first_name for m in services.roster.members()] == ["Ottoline"]
