"""Names with letters beyond ASCII sort and match without regard to case.

SQLite's own lower() folds A-Z only: "ÉMILE" and "émile" were two people to the
import, and "Émile", "Łukasz" and "Zoë" sorted after every plain name.
"""

from __future__ import annotations

from facilitator.app import Services

# In the order a reader expects: accents and case do not move a name out of its letter.
IN_ORDER = ["adam", "Émile", "Eve", "ingrid", "Íñigo", "Lara", "Łukasz", "Øyvind", "Peter", "Zoë"]


def _csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def test_members_and_rosters_sort_accented_names_among_their_letter(
    services: Services, make_group, make_member
) -> None:
    group = make_group()
    for name in reversed(IN_ORDER):
        make_member(name, group=group)

    assert [m.first_name for m in services.roster.members()] == IN_ORDER
    assert [e.member.first_name for e in services.roster.roster(group.id)] == IN_ORDER


def test_last_names_break_ties_whatever_their_case_and_accents(
    services: Services, make_member
) -> None:
    for last in ("Zapata", "ÖZTÜRK", "oliveira", "Ødegaard", "Olsen"):
        make_member("Sam", last_name=last)

    assert [m.last_name for m in services.roster.members()] == [
        "Ødegaard",
        "oliveira",
        "Olsen",
        "ÖZTÜRK",
        "Zapata",
    ]


def test_groups_sort_accented_names_among_their_letter(services: Services, make_group) -> None:
    for name in ("Zen Circle", "Été Group", "evening circle", "Alpha"):
        make_group(name)

    assert [g.name for g in services.roster.groups()] == [
        "Alpha",
        "Été Group",
        "evening circle",
        "Zen Circle",
    ]


def test_the_same_person_in_other_capitals_is_not_imported_twice(services: Services) -> None:
    services.importer.import_roster(
        _csv("First name,Last name,Email", "Émile,Łukasz,Émile.Ł@example.org", "Zoë,Brontë,")
    )

    again = services.importer.import_roster(
        _csv("First name,Last name,Email", "ÉMILE,łukasz,émile.ł@EXAMPLE.org", "ZOË,BRONTË,")
    )

    assert (again.added, again.already_present) == (0, 2)
    assert len(services.roster.members()) == 2


def test_different_accents_are_different_people(services: Services) -> None:
    services.importer.import_roster(_csv("First name,Last name", "Zoe,Lee"))

    again = services.importer.import_roster(_csv("First name,Last name", "Zoë,Lee"))

    assert (again.added, again.already_present) == (1, 0)
