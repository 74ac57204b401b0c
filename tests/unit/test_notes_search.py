"""Session and member notes, templates, and full-text search (NotesService)."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.app import Services
from facilitator.domain import SessionRecord
from facilitator.errors import InvalidInput, NotFound
from facilitator.services.notes import MAX_NOTE_LENGTH, TEMPLATES, fts_query


@pytest.fixture
def session(services: Services, make_group) -> SessionRecord:
    return services.schedule.open_session(make_group().id, dt.date(2026, 11, 17))


def found(services: Services, text: str) -> set[int]:
    return {hit.note_id for hit in services.notes.search(text)}


# -- fts_query (no vault) ----------------------------------------------------------


def test_fts_query_makes_every_word_a_quoted_prefix() -> None:
    assert fts_query("hous sam") == '"hous"* "sam"*'
    assert fts_query('"housing" AND -Sam* NEAR(') == '"housing"* "AND"* "Sam"* "NEAR"*'
    assert fts_query("Zoë's") == '"Zoë"* "s"*'
    assert fts_query(" \"*-^():' ") == ""


# -- notes ---------------------------------------------------------------------------


def test_add_a_session_note_from_a_template(services: Services, session: SessionRecord) -> None:
    body = TEMPLATES["check-in"] + "Sleep, money worries."

    note = services.notes.add(body, session_id=session.id, template="check-in")

    assert services.notes.for_session(session.id) == [note]
    assert note.template == "check-in"
    assert note.body.startswith("Check-in themes:")
    assert note.member_id is None
    assert set(services.notes.templates()) == {"check-in", "member", "incident"}


def test_a_note_needs_a_known_template_and_a_session_or_member(offline: Services) -> None:
    with pytest.raises(InvalidInput, match="template"):
        offline.notes.add("text", session_id=1, template="diary")
    with pytest.raises(InvalidInput, match="session or to a member"):
        offline.notes.add("floating thought")


def test_a_note_belongs_to_a_session_or_a_member(
    services: Services, session: SessionRecord, make_member
) -> None:
    sam = make_member("Sam")
    note = services.notes.add("Seemed tired", member_id=sam.id)
    assert services.notes.for_member(sam.id) == [note]
    assert services.notes.for_session(session.id) == []
    with pytest.raises(NotFound):
        services.notes.add("ghost", member_id=999)


def test_saving_a_note_updates_the_search_index(services: Services, session: SessionRecord) -> None:
    with pytest.raises(InvalidInput, match="longer"):
        services.notes.add("x" * (MAX_NOTE_LENGTH + 1), session_id=session.id)
    note = services.notes.add("Talked about housing", session_id=session.id)
    assert found(services, "housing") == {note.id}

    with pytest.raises(InvalidInput, match="longer"):
        services.notes.save(note.id, "housing " * MAX_NOTE_LENGTH)
    assert services.notes.note(note.id).body == "Talked about housing"

    saved = services.notes.save(note.id, "Talked about employment")

    assert services.notes.note(note.id).body == "Talked about employment"
    assert saved.body == "Talked about employment"
    assert found(services, "housing") == set()
    assert found(services, "employment") == {note.id}


def test_deleting_a_note_removes_it_from_search(services: Services, session: SessionRecord) -> None:
    keep = services.notes.add("housing list", session_id=session.id)
    gone = services.notes.add("housing referral", session_id=session.id)

    services.notes.delete(gone.id)

    assert found(services, "housing") == {keep.id}
    assert found(services, "referral") == set()
    with pytest.raises(NotFound):
        services.notes.note(gone.id)


# -- search --------------------------------------------------------------------------


def test_search_by_prefix_with_every_word_required(
    services: Services, session: SessionRecord
) -> None:
    housing = services.notes.add("Sam asked about the housing referral", session_id=session.id)
    house = services.notes.add("Meeting moved to Ann's house", session_id=session.id)
    services.notes.add("Nothing of note", session_id=session.id)

    assert found(services, "hous") == {housing.id, house.id}
    assert found(services, "HOUSING") == {housing.id}
    assert found(services, "hous sam") == {housing.id}
    assert found(services, "sam ann") == set()
    assert found(services, "   ") == set()


# What a person may type, and whether it should find "Sam asked about the housing referral".
TYPED: list[tuple[str, bool]] = [
    ('"', False),
    ('"housing', True),
    ("housing*", True),
    ("-housing", True),
    ("^housing", True),
    ("💬 housing", True),
    ("AND", False),
    ("housing AND", False),
    ("OR housing", False),
    ("NOT", False),
    ("*", False),
    ("-", False),
    ("+", False),
    ("NEAR(", False),
    ("NEAR(housing sam, 2)", False),
    ("body:housing", False),
    ("(", False),
    (")", False),
    ("{x}", False),
    ("a'b", False),
    ('ho"us', False),
    ("_", False),
    ("__init__", False),
    ("\\", False),
    ("%", False),
    ("NULL", False),
    (";DROP TABLE notes", False),
]


def test_whatever_a_person_types_never_raises(services: Services, session: SessionRecord) -> None:
    note = services.notes.add("Sam asked about the housing referral", session_id=session.id)
    wrong = [
        (typed, finds_it)
        for typed, finds_it in TYPED
        if found(services, typed) != ({note.id} if finds_it else set())
    ]
    assert wrong == []


def test_operators_typed_by_a_person_are_words_not_operators(
    services: Services, session: SessionRecord
) -> None:
    plain = services.notes.add("housing referral", session_id=session.id)
    with_and = services.notes.add("housing and benefits", session_id=session.id)

    # FTS5 would read these as AND / NOT / a column filter; here they are just words.
    assert found(services, "housing AND") == {with_and.id}
    assert found(services, "-referral") == {plain.id}
    assert found(services, "body:housing") == set()  # "body" is not in either note
    assert found(services, '"housing') == {plain.id, with_and.id}


def test_the_snippet_marks_the_hit(services: Services, session: SessionRecord) -> None:
    services.notes.add("We talked about the housing referral at length", session_id=session.id)

    [default] = services.notes.search("hous")
    [custom] = services.notes.search("hous", markers=("<b>", "</b>"))

    assert "[housing]" in default.snippet
    assert "<b>housing</b>" in custom.snippet
    assert "referral" in custom.snippet


def test_search_ignores_accents(services: Services, session: SessionRecord) -> None:
    zoe = services.notes.add("Zoë shared about her café job", session_id=session.id)

    assert found(services, "zoe") == {zoe.id}
    assert found(services, "ZOË cafe") == {zoe.id}
    [hit] = services.notes.search("zoe")
    assert "[Zoë]" in hit.snippet


def test_hits_say_where_the_note_belongs(
    services: Services, session: SessionRecord, make_member
) -> None:
    sam = make_member("Samantha", preferred_name="Sam", last_name="Jones")
    on_session = services.notes.add("relapse worries", session_id=session.id)
    on_member = services.notes.add("relapse last month", member_id=sam.id)

    hits = {h.note_id: h for h in services.notes.search("relapse")}

    assert hits[on_session.id].group_name == "Tuesday Circle"
    assert hits[on_session.id].session_date == dt.date(2026, 11, 17)
    assert hits[on_session.id].session_id == session.id
    assert hits[on_session.id].member_name == ""
    assert hits[on_member.id].member_name == "Sam Jones"
    assert hits[on_member.id].member_id == sam.id
    assert hits[on_member.id].session_date is None


def test_search_respects_the_limit(services: Services, session: SessionRecord) -> None:
    for i in range(5):
        services.notes.add(f"housing note {i}", session_id=session.id)
    assert len(services.notes.search("housing", limit=3)) == 3
    assert len(services.notes.search("housing")) == 5
