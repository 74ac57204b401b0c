"""The leak guard: an export whose final text names a member is refused."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.domain.records import MemberRecord
from facilitator.errors import LeakFound, UserFacingError
from facilitator.exports.leak_guard import (
    CONTACT_NAME,
    EMAIL,
    MEMBER_NAME,
    PHONE,
    Identifiers,
    check_no_leaks,
    find_leak,
)

MEMBERS = [
    MemberRecord(
        id=1,
        first_name="Siobhán",
        last_name="Smith-Jones",
        phone="07700 900123",
        email="S.SmithJones@Example.org",
        emergency_contact="Mum (Rosalind Okafor) 07700 900456",
    ),
    MemberRecord(id=2, first_name="William", preferred_name="Will", last_name="O\u2019Brien"),
    MemberRecord(id=3, first_name="May", last_name="Zoë", email="may@example.net"),
    MemberRecord(id=4, first_name="Ed", emergency_contact="partner: dana@example.com"),
]
IDS = Identifiers.from_members(MEMBERS)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Attendance by group: Siobhan 4", MEMBER_NAME),
        ("SIOBHÁN", MEMBER_NAME),
        ("smith", MEMBER_NAME),
        ("Jones's", MEMBER_NAME),
        ("o'brien", MEMBER_NAME),
        ("OBrien", MEMBER_NAME),
        ("ZOE", MEMBER_NAME),
        ("Ed", MEMBER_NAME),
        ("Thanks to Will", MEMBER_NAME),
        ("in May", MEMBER_NAME),
        ("Will's", MEMBER_NAME),
        ("Rosalind", CONTACT_NAME),
        ("okafor", CONTACT_NAME),
        ("call +44 7700 900123", PHONE),
        ("call 07700-900-123", PHONE),
        ("ring 07700 900456", PHONE),
        ("mail s.smithjones@example.org.", EMAIL),
        ("mail DANA@example.com", EMAIL),
        ("ref abc07700900123", PHONE),
        ("Siobhan2", MEMBER_NAME),
    ],
)
def test_each_kind_of_identifier_is_found(text: str, kind: str) -> None:
    assert find_leak(text, IDS) == kind


def test_a_planted_leak_refuses_the_export_without_repeating_it() -> None:
    with pytest.raises(LeakFound) as caught:
        check_no_leaks("Sessions held 12\nTopics: Siobhán's anniversary", IDS)
    error = caught.value
    assert isinstance(error, UserFacingError)
    assert error.exit_code == 1
    assert error.kind == MEMBER_NAME
    assert "a member's name" in str(error)
    assert "no file was written" in str(error)
    assert "Siobh" not in str(error) and "siobh" not in str(error)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("phone 07700 900123", "900123"),
        ("dana@example.com", "dana"),
        ("Okafor", "Okafor"),
    ],
)
def test_the_message_never_contains_the_value(text: str, secret: str) -> None:
    with pytest.raises(LeakFound) as caught:
        check_no_leaks(text, IDS)
    assert secret.casefold() not in str(caught.value).casefold()


@pytest.mark.parametrize(
    "text",
    [
        "Sessions held 12, cancelled 0, newcomers <11",
        "Willow Group, willing helpers",  # whole words only
        "Smithfield and Jonesborough",
        "Mum and partner are not names",  # words describing the contact
        "Numbers 12 14 0 23 07 and 2026-05",
        "edition, education",
        "",
    ],
)
def test_clean_text_passes(text: str) -> None:
    check_no_leaks(text, IDS)


def test_fixed_wording_is_allowed_but_the_same_word_elsewhere_is_not() -> None:
    allowed = ["Will attend", "Total"]
    check_no_leaks("Will attend: 14\nTotal 40", IDS, allowed=allowed)
    with pytest.raises(LeakFound):
        check_no_leaks("Will attend: 14\nThanks, Will came late", IDS, allowed=allowed)


def test_allowed_wording_is_removed_only_as_whole_words() -> None:
    # "May" inside a longer allowed phrase does not excuse a name standing on its own.
    with pytest.raises(LeakFound):
        check_no_leaks("Mayday\nthanks May", IDS, allowed=["Mayday"])
    check_no_leaks("Mayday", IDS, allowed=["May day"])


def test_member_ids_are_not_identifiers() -> None:
    check_no_leaks("1 2 3 4", IDS)


def test_an_empty_roster_finds_nothing() -> None:
    check_no_leaks("Anything at all, 07700 900123", Identifiers.from_members([]))


def test_the_redactor_of_the_identifiers_removes_what_the_guard_finds() -> None:
    redactor = IDS.redactor()
    topic = "Will and Siobhán\u2019s sponsor; call 07700 900123 or may@example.net; Rosalind too"
    assert find_leak(topic, IDS) is not None
    check_no_leaks(redactor.redact(topic), IDS)


WORDS = [
    "Siobhán",
    "siobhan's",
    "Smith-Jones",
    "JONES",
    "O\u2019Brien",
    "obrien",
    "Will",
    "May",
    "Zoë",
    "Rosalind",
    "07700 900123",
    "dana@example.com",
    "group",
    "sponsor",
    "don't",
    "3",
    "-",
    "\u2019",
    "(",
    "3 November",
    "2026-11-03",
    "www.example.org",
    "07700",
    "900123",
    "sam2",
    "\uff20",
    "Nov",
    "s",
    "t",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=12),
    st.sampled_from([" ", "", "-", "'", "\n", "/", "."]),
)
def test_redacted_text_always_passes_the_guard(words: list[str], joiner: str) -> None:
    check_no_leaks(IDS.redactor().redact(joiner.join(words)), IDS)


def test_an_emergency_contact_gives_its_name_number_and_address_only() -> None:
    member = MemberRecord(
        id=9,
        first_name="Kit",
        emergency_contact="Same as above; ask Pat (wife) on 0117 496 0000 or pat@example.com",
    )
    ids = Identifiers.from_members([member])
    assert ids.contact_names == {"pat"}
    assert ids.phones == {"1174960000"}
    assert ids.emails == {"pat@example.com"}
    check_no_leaks("Same as above, ask your wife", ids)


def test_plain_rows_of_the_six_fields_give_what_member_records_give() -> None:
    """The summary reads only the columns the guard needs; it must find the same."""

    class Row(NamedTuple):
        first_name: str
        last_name: str
        preferred_name: str
        phone: str
        email: str
        emergency_contact: str

    rows = [
        Row(m.first_name, m.last_name, m.preferred_name, m.phone, m.email, m.emergency_contact)
        for m in MEMBERS
    ]
    assert Identifiers.from_members(rows) == IDS
    with pytest.raises(LeakFound):
        check_no_leaks("Thanks to Rosalind", Identifiers.from_members(rows))


@pytest.mark.parametrize(
    "text",
    ["We will meet again", "Will we meet?", "May we begin", "hope and recovery", "Hopeful"],
)
def test_a_common_word_name_as_the_word_passes(text: str) -> None:
    check_no_leaks(text, IDS)


@pytest.mark.parametrize(
    "text", ["Thanks to Will", "Will's flat", "#may", "May2", "Will", " May. ", "W\u200bill"]
)
def test_a_common_word_name_as_a_name_is_refused(text: str) -> None:
    assert find_leak(text, IDS) == MEMBER_NAME


def test_a_field_that_holds_a_name_counts_common_words_everywhere() -> None:
    # A sheet's facilitator field: "Will leads" names the member Will.
    assert find_leak("Will leads", IDS) is None
    assert find_leak("Will leads", IDS, strict=True) == MEMBER_NAME
    with pytest.raises(LeakFound) as refused:
        check_no_leaks("Will leads", IDS, strict=True, where="the facilitator field")
    assert refused.value.where == "the facilitator field"
    assert "the facilitator field contains a member's name" in str(refused.value)


def test_surnames_that_are_words_read_as_words_in_lower_case() -> None:
    ids = Identifiers.from_members(
        [
            MemberRecord(id=1, first_name="Ann", last_name="Page"),
            MemberRecord(id=2, first_name="Ed", last_name="Read"),
        ]
    )
    check_no_leaks("Read the page's header, then the next page", ids)
    assert find_leak("Thanks to Ann Page's family", ids) == MEMBER_NAME
    assert find_leak("Met at Page's flat", ids) == MEMBER_NAME
    assert find_leak("ask ed", ids) == MEMBER_NAME  # not a common word: a name anywhere
