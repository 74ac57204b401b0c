"""No user's text may hang an export or a forgetting: hostile 100,000-character notes
through the redactors and the leak guard finish in well under a second each.

A complexity guard is the one place a timing assertion is acceptable: the bound (2 s)
is some ten times what a linear method takes on this machine; the methods this
replaced took 5 s (the guard, on a hyphen run) to minutes (MentionRedactor: cubic in
the pieces of one hyphen-joined word; the e-mail pattern: quadratic in a letter run).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from test_leak_corpus import IDS_US  # the corpus roster (pytest puts this folder on the path)

from facilitator.exports.leak_guard import find_leak
from facilitator.exports.redact import MentionRedactor

N = 100_000
BOUND_SECONDS = 2.0

HOSTILE = {
    "hyphen run": "Sam said hi " + "a-" * (N // 2),
    "name hyphen run": "Sam-" * (N // 4),
    "apostrophe run": "a'" * (N // 2),
    "letter run": "a" * N,
    "digit run": "1" * N,
    "spaced digits": "1 " * (N // 2),
    "dotted digits": "1." * (N // 2),
    "dots": "." * N,
    "dotted letters": "a." * (N // 2),
    "at signs": "a@" * (N // 2),
    "spaced letters": "Sam " + "a " * (N // 2),
    "percent run": "Sam " + "%41" * (N // 3),
    "entities": "Sam " + "&#97;" * (N // 5),
    "broken words": "Sam " + "a- " * (N // 3),
    "long separators": ("1" + "." * 1000) * (N // 1000),
}

MENTION = MentionRedactor(
    ["Sam", "Taylor"], emails=["sam.taylor@example.org"], phones=["07700 900123"]
)
ROSTER_REDACTOR = IDS_US.redactor()


def _guard(text: str) -> object:
    return find_leak(text, IDS_US)


METHODS: dict[str, Callable[[str], object]] = {
    "MentionRedactor.redact": MENTION.redact,
    "Redactor.redact": ROSTER_REDACTOR.redact,
    "find_leak": _guard,
}


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_long_note_finishes_quickly(method: str, kind: str) -> None:
    text = HOSTILE[kind]
    started = time.perf_counter()
    METHODS[method](text)
    assert time.perf_counter() - started < BOUND_SECONDS, (method, kind)


def test_a_name_in_a_long_hyphen_run_is_still_redacted() -> None:
    text = "Sam said hi " + "a-" * 5000
    assert "Sam" not in MENTION.redact(text)
    assert "Sam" not in ROSTER_REDACTOR.redact(text)
