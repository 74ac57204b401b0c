"""The folding variants of domain/folding.py keep their relations: what a search tells
apart the redactor may merge, never the reverse; storage's caseless text searches as the
text does; each sort key starts with the search-folded letters."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.folding import (
    ascii_word,
    caseless,
    name_sort_key,
    redaction_fold,
    redaction_fold_with_map,
    search_fold,
    sheet_sort_key,
    title_skeleton,
)

# Names from many scripts, with the marks that trip folding (combining accents, dotted
# and dotless i, sharp s, ligatures, apostrophes, hyphens, full-width forms).
_NAMEISH = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(
            "İıßẞǅﬁŁłØøÆæŒœÞþđĐħŀŧ'`-\u2019\u00b4\u2010\u2013\u0301\u0308\u0327"
            "\uff21\uff3a\uff11\uff20"
        ),
    )
)


def test_each_variant_on_one_name() -> None:
    assert search_fold("ZOË O\u2019Brien-Łukasz") == "zoe o\u2019brien-łukasz"
    assert redaction_fold("ZOË O\u2019Brien-Łukasz") == "zoe o'brien-lukasz"
    assert caseless("ZOË") == "zoë"
    assert name_sort_key("Émile") == "emile\x01émile"
    assert sheet_sort_key("Łukasz") == ("lukasz", "łukasz")
    assert title_skeleton("Alcohol  Recovery, TUESDAY") == "alcoholrecoverytuesday"
    assert ascii_word("Zoë O'Brien") == "zoeobrien"


@given(_NAMEISH)
def test_redaction_folding_is_a_function_of_search_folding(text: str) -> None:
    # Folding for a search first loses nothing the redactor would have kept apart.
    assert redaction_fold(search_fold(text)) == redaction_fold(text)


@given(_NAMEISH, _NAMEISH)
def test_what_search_merges_the_redactor_merges(left: str, right: str) -> None:
    if search_fold(left) == search_fold(right):
        assert redaction_fold(left) == redaction_fold(right)


@given(_NAMEISH)
def test_caseless_text_searches_as_the_text(text: str) -> None:
    assert search_fold(caseless(text) or "") == search_fold(text)


@given(_NAMEISH)
def test_the_fast_ascii_paths_agree_with_the_slow_ones(text: str) -> None:
    folded, origin = redaction_fold_with_map(text)
    assert folded == redaction_fold(text)
    assert len(origin) == len(folded)


@given(st.text(alphabet=string.printable))
def test_on_ascii_every_variant_is_lower_case(text: str) -> None:
    assert search_fold(text) == text.lower()
    assert redaction_fold(text) == text.lower().replace("`", "'").translate(
        {ord(c): " " for c in string.whitespace}
    )
    assert sheet_sort_key(text)[0] == search_fold(text)


@given(_NAMEISH)
def test_the_sheet_order_starts_with_the_search_folded_letters(text: str) -> None:
    # The sheet only adds base letters Unicode does not decompose ("ł" is "l").
    table = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe"})
    table.update({ord("ß"): "ss", ord("þ"): "th"})
    assert sheet_sort_key(text)[0] == search_fold(text).translate(table)


@given(_NAMEISH)
def test_demo_words_are_plain_lower_case_letters_and_digits(text: str) -> None:
    word = ascii_word(text)
    assert word == "".join(c for c in word if c in string.ascii_lowercase + string.digits)
