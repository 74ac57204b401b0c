"""A sign-in sheet's printed title must not say what the group is (issue 16 defect 4):
a title holding the group's name prints as "Meeting", and the group editor is told
every way a typed title could give the group away."""

from __future__ import annotations

import pytest

from facilitator.exports.sheet_title import TitleConcern, holds_name, title_concerns
from facilitator.exports.sheets import FALLBACK_TITLE, neutral_title

NAME = "Opioid Recovery Tuesday"


@pytest.mark.parametrize(
    "title",
    [
        "Opioid Recovery Tuesday group",  # the name plus a word: the skeleton match missed it
        "The Opioid Recovery Tuesday",
        "OPIOID-RECOVERY TUESDAY (room 2)",
        "Opioid Récovery Tuesday meeting",
    ],
)
def test_a_title_that_contains_the_name_prints_the_neutral_one(title: str) -> None:
    """issue 16 defect 4: the name with a word added printed the name on the paper."""
    assert holds_name(title, NAME)
    assert neutral_title(title, NAME) == FALLBACK_TITLE


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Meeting", ()),
        ("Tuesday evening meeting", ()),
        ("", ()),
        (NAME, (TitleConcern.NAME, TitleConcern.KIND)),
        ("Opioid Recovery Tuesdays", (TitleConcern.NAME, TitleConcern.KIND)),
        ("Opioid Tuesdays", (TitleConcern.NAME_WORDS, TitleConcern.KIND)),
        ("Tuesday Recovery", (TitleConcern.NAME_WORDS, TitleConcern.KIND)),
        ("Alcoholics Anonymous", (TitleConcern.KIND,)),
        ("Grief café", (TitleConcern.KIND,)),
        ("Al-Anon Thursdays", (TitleConcern.KIND,)),
        ("Mental Health peer support", (TitleConcern.KIND,)),
        ("Self-harm support", (TitleConcern.KIND,)),
    ],
)
def test_what_the_editor_is_told_about_a_title(
    title: str, expected: tuple[TitleConcern, ...]
) -> None:
    assert title_concerns(title, NAME) == expected


def test_a_short_name_inside_a_word_is_not_the_name() -> None:
    assert not holds_name("Women's evening", "Men")
    assert neutral_title("Women's evening", "Men") == "Women's evening"
    assert holds_name("Men's evening", "Men")


def test_a_neutral_name_shares_only_plain_words() -> None:
    assert title_concerns("Tuesday Evening Meeting", "Tuesday Evening Circle") == ()
    assert title_concerns("Harbour room, Tuesdays", "Harbour Group") == (TitleConcern.NAME_WORDS,)
