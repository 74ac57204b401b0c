"""Issue 16 defect 17: the strength rule every new vault passphrase must meet, on the
corpus the issue names (non-English "password" words with a year, long passphrases,
unicode, four random words)."""

from __future__ import annotations

import random
import time

import pytest

from facilitator import app
from facilitator.errors import InvalidInput
from facilitator.services.passphrase_strength import REQUIRED_SCORE, assess, require_strong

WEAK = [
    "sunflower2024",  # the "Fair" one
    "motdepasse2024",  # French: the old library called it strong
    "contraseña2024",  # Spanish
    "contrasena2024",
    "passwort2024",  # German
    "Passwort2024!",
    "wachtwoord2023",
    "soleil2024",
    "пароль2024",  # noqa: RUF001 - Russian, on purpose
    "password2024",
    "a" * 10_000,
]

WORDS = ["kettle", "violin", "marsh", "tundra", "orbit", "pepper", "glacier", "saddle"]

STRONG = [
    "correct horse battery staple",
    "lantern orchard seventy quietly",
    "ünïcödé пароль 密码 2024",
    "my kettle sings louder than the neighbour's terrier every single morning at seven "
    "and the whole street hears it",  # > 72 characters: the old library raised
]


@pytest.mark.parametrize("passphrase", WEAK, ids=lambda p: p[:20])
def test_common_words_with_a_year_in_any_language_are_refused(passphrase: str) -> None:
    """issue 16 defect 17"""
    assert assess(passphrase).score < REQUIRED_SCORE
    with pytest.raises(InvalidInput) as raised:
        app.validate_new_passphrase(passphrase)
    message = raised.value.message
    assert "stolen" in message  # why a strong one
    assert "four or more words" in message  # what makes one strong
    assert passphrase[:8] not in message  # the passphrase itself is never repeated


@pytest.mark.parametrize("passphrase", STRONG, ids=lambda p: p[:20])
def test_unrelated_words_and_long_sentences_are_strong(passphrase: str) -> None:
    """issue 16 defect 17"""
    assert assess(passphrase).strong
    app.validate_new_passphrase(passphrase)


def test_four_random_words_are_strong() -> None:
    """issue 16 defect 17: the advice given ("four or more unrelated words") holds."""
    rnd = random.Random(16)
    for _ in range(20):
        require_strong(" ".join(rnd.sample(WORDS, 4)))


def test_the_vault_folders_name_counts_against_it() -> None:
    assert assess("Harbourside2024").score > assess("Harbourside2024", ("Harbourside",)).score


@pytest.mark.parametrize(
    "passphrase",
    [
        "x" * 10_000,
        "密" * 10_000,
        "".join(random.Random(1).choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(10_000)),
    ],
    ids=["repeat", "cjk", "random"],
)
def test_ten_thousand_characters_are_scored_fast_without_error(passphrase: str) -> None:
    """issue 16 defect 17: no length crashes or hangs the check (the meter runs at every
    key typed)."""
    started = time.perf_counter()
    assess(passphrase)
    assert time.perf_counter() - started < 0.5  # measured ~12 ms on the dev machine


def test_typing_speed_on_every_prefix() -> None:
    """The strength meter scores at every key: 120 keystrokes of a sentence (measured
    0.67 s in all, ~6 ms a key, on the shared 2-core machine; the bound is generous)."""
    sentence = "my kettle sings louder than the neighbour's terrier every single morning " * 2
    started = time.perf_counter()
    for end in range(1, 121):
        assess(sentence[:end])
    assert time.perf_counter() - started < 3.0
