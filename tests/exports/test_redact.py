"""Redaction of free text: names from the roster, contact details, URLs and dates."""

from __future__ import annotations

import pytest

from facilitator.domain.folding import redaction_fold as fold
from facilitator.exports.redact import MIN_NAME_LENGTH, REDACTED, Redactor, name_variants

ROSTER = [
    "Sam",
    "Okafor",
    "Smith-Jones",
    "O'Brien",
    "D\u2019Souza",  # curly apostrophe, as typed on a phone
    "Zoë",
    "Hope",
    "Will",
    "May",
    "Rose",
    "Jo",
    "A",  # a one-letter initial
    "Mary Ann",
]
R = Redactor.from_names(ROSTER)
X = REDACTED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sam shared first", f"{X} shared first"),
        ("SAM and sam", f"{X} and {X}"),
        ("Sam's sponsor", f"{X} sponsor"),
        ("Sam\u2019s sponsor", f"{X} sponsor"),
        ("Samantha and Samuel", "Samantha and Samuel"),
        ("Okafor, Sam.", f"{X}, {X}."),
        # Hyphens: the whole and each part.
        ("Smith-Jones spoke", f"{X} spoke"),
        ("Smith and Jones", f"{X} and {X}"),
        ("Smith-Jones's turn", f"{X} turn"),
        # Apostrophes, straight, curly or left out.
        ("O'Brien arrived", f"{X} arrived"),
        ("O\u2019Brien arrived", f"{X} arrived"),
        ("OBrien and obrien", f"{X} and {X}"),
        ("Brien", X),
        ("D'Souza and D\u2019Souza\u2019s", f"{X} and {X}"),
        ("Souza", X),
        # Accents either way, composed or not.
        ("Zoe, ZOË, zoë, Zoe\u0308!", f"{X}, {X}, {X}, {X}!"),
        # A name that is also a word: the deny-list wins.
        ("There is hope. Will may help.", f"There is {X}. {X} {X} help."),
        ("a rose-coloured day", f"a {X}-coloured day"),
        # Short names: two letters count, one letter does not.
        ("Jo and JO", f"{X} and {X}"),
        ("a cat and a dog", "a cat and a dog"),
        # Multi-word names are matched word by word.
        ("Mary came, Ann stayed", f"{X} came, {X} stayed"),
        # Whole words only: a contraction is not a possessive.
        ("Willow willing wills", "Willow willing wills"),
    ],
)
def test_roster_names_are_redacted(text: str, expected: str) -> None:
    assert R.redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sam2 and sam_x", f"{X}2 and {X}_x"),
        ("Sam'll come", f"{X}'ll come"),
        ("3 November'Sam", f"{X}'{X}"),
        ("Sam07700 900123", X),
        ("ref abc07700900123", f"ref abc{X}"),
        ("x\uff20example.com and \uff10\uff17\uff17\uff10\uff10 900123", f"{X} and {X}"),
    ],
)
def test_names_and_numbers_glued_to_other_things_are_still_found(text: str, expected: str) -> None:
    assert R.redact(text) == expected


def test_a_contraction_is_not_the_name_it_starts_with() -> None:
    redactor = Redactor.from_names(["Don", "Ann"])
    assert redactor.redact("I don't know; Don's idea") == f"I don't know; {X} idea"


def test_names_of_one_letter_are_ignored() -> None:
    assert MIN_NAME_LENGTH == 2
    assert name_variants("A") == set()
    assert name_variants("J. R. Ed") == {"ed"}
    assert Redactor.from_names(["I", "a"]).redact("I think a lot") == "I think a lot"


def test_name_variants_cover_parts_and_punctuation() -> None:
    assert name_variants("Mary-Jo O\u2019Brien") == {
        "mary-jo",
        "mary",
        "jo",
        "maryjo",
        "o'brien",
        "brien",
        "obrien",
    }
    assert fold("ZOË Ø ß") == "zoe o ss"


def test_plain_text_folds_as_it_does_among_accented_letters() -> None:
    # ASCII text is folded at once, other text character by character: the same rule.
    # An accented letter after it sends the same characters the slow way.
    ascii_text = "".join(map(chr, range(128))) + "O'Brien `Jo` SMITH-JONES\t\x1c"
    assert fold(ascii_text + "é") == fold(ascii_text) + "e"
    assert fold("Zoë\tO`Brien") == "zoe o'brien"


def test_a_plain_one_word_name_is_matched_by_itself_in_lower_case() -> None:
    assert name_variants("Maria") == name_variants("MARIA") == {"maria"}
    assert name_variants("Jo") == {"jo"}
    assert name_variants("") == set()
    # The same words as the general rule gives them, with marks or accents about.
    assert name_variants("Maria Jo") == {"maria", "jo"}
    assert name_variants("Maria2") == {"maria"}


@pytest.mark.parametrize(
    "text",
    [
        "call 07700 900123 tonight",
        "call 07700900123 tonight",
        "call +44 7700 900123 tonight",
        "call (020) 7946-0958 tonight",
        "call +1 415-555-0100 tonight",
        "call 415.555.0100 tonight",
        "call 555 0100 tonight",
    ],
)
def test_phone_numbers_are_redacted(text: str) -> None:
    assert R.redact(text) == f"call {X} tonight"


def test_a_region_reads_local_numbers() -> None:
    us = Redactor.from_names([], region="US")
    assert us.redact("ring (415) 555-0100") == f"ring {X}"


@pytest.mark.parametrize(
    "text",
    [
        "write to sam.okafor+group@example.co.uk",
        "write to help@xn--bcher-kva.example",
        "write to https://example.org/path?q=1",
        "write to http://192.0.2.1:8080/",
        "write to www.example.com",
        "write to example.org.uk/group",
    ],
)
def test_emails_and_urls_are_redacted(text: str) -> None:
    assert R.redact(text) == f"write to {X}"


def test_punctuation_after_a_url_stays() -> None:
    assert R.redact("See https://example.org/a.") == f"See {X}."


@pytest.mark.parametrize(
    "date",
    [
        "3/11/2026",
        "03/11/26",
        "2026-11-03",
        "2026/11/03",
        "03.11.2026",
        "3/11",
        "2026-11",
        "3 November",
        "3rd November",
        "3rd of Nov 2026",
        "the 3rd of November",
        "Nov 3rd",
        "Nov. 3",
        "November 3, 2026",
        "Sept 30",
        "November 2026",
        "December",
        "May 3",
        "3 March",
    ],
)
def test_dates_are_redacted(date: str) -> None:
    assert R.redact(f"met on {date} again") == f"met on {X} again"


@pytest.mark.parametrize(
    "text",
    [
        "we met 12 times in 2026 with 25 people",
        "support 24/7",
        "steps 1 to 12",
        "the 3rd step",
        "on Tuesday",
        "march on",
        "the 2025-26 season",
    ],
)
def test_ordinary_numbers_and_words_are_kept(text: str) -> None:
    assert Redactor.from_names([]).redact(text) == text


def test_several_kinds_in_one_topic() -> None:
    text = "Sam (sam@example.org, 07700 900123) asked about 3 November: see www.example.org"
    assert R.redact(text) == f"{X} ({X}, {X}) asked about {X}: see {X}"


def test_redacting_twice_changes_nothing_more() -> None:
    text = "Zoë's call with O'Brien on 2026-11-03 at +44 7700 900123"
    once = R.redact(text)
    assert R.redact(once) == once
    assert "Zo" not in once and "Brien" not in once and "7700" not in once


def test_text_without_anything_to_redact_is_unchanged() -> None:
    text = "Coping with the holidays — a calm evening, 14 people."
    assert R.redact(text) == text
