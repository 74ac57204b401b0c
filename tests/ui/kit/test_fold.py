"""The filter boxes' matching: case and accents ignored, the same for any text."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.folding import search_fold as fold


def _fold_by_the_book(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def test_case_and_accents_are_ignored() -> None:
    assert fold("Zoë") == fold("ZOE") == "zoe"
    assert fold("Émile O'Brien") == "emile o'brien"
    assert fold("Straße") == fold("STRASSE")


@given(st.text())
def test_the_plain_text_shortcut_gives_what_decomposing_gives(text: str) -> None:
    assert fold(text) == _fold_by_the_book(text)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_plain_ascii_text_gives_what_decomposing_gives(text: str) -> None:
    assert fold(text) == _fold_by_the_book(text)
