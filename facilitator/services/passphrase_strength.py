"""How hard a new vault passphrase is to guess, and the rule a new one must meet.

One rule for every place a passphrase is chosen: the first-run window, "Change
passphrase…" in the app, and the command line's ``init`` and ``passwd`` (issue 16
defect 17: a "Fair" ``sunflower2024`` was accepted for a vault of recovery-group notes).

**Why strong.**  A vault is a folder on a laptop.  If the laptop is stolen, or a backup
file is copied, the attacker can try passphrases offline for as long as they like; the
key derivation (Argon2id) slows each guess, it does not stop a guesser who starts with
the likely ones.  What is inside are the names of people in recovery.

**The library.**  zxcvbn-rs-py (the Rust zxcvbn, maintained) rather than the Python
``zxcvbn`` (last release 2019): measured on the same passphrases (docs in the issue 16
report), the Python one scores ``motdepasse2024`` 3 and ``contraseña2024`` 4, and raises
past 72 characters; the Rust one scores them 1 and 3, takes any length (it scores the
first :data:`SCORED_LENGTH` characters) in under 10 ms.  Both know English word lists
only, so the common "password" words of other languages, and the year people add to
them, are given to it as known words (:data:`COMMON_WORDS`), and a trailing year or
number is scored both with and without it (:func:`assess`).

**The score required** is the top one, 4: at least 10^10 guesses, zxcvbn's "strong
protection from an offline slow-hash attack" — exactly the stolen-laptop case.  Four
unrelated words reach it; three usually do.  The feedback texts are the library's, in
English; the desktop app translates them (ui/start/strength.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zxcvbn_rs_py import zxcvbn

from facilitator.errors import InvalidInput

REQUIRED_SCORE = 4
MAX_SCORE = 4
# zxcvbn-rs scores the first 100 characters and ignores the rest (measured: a strong
# tail after 100 'a's changes nothing); said here so that it is a decision, not a surprise.
SCORED_LENGTH = 100

# Words anyone would try first against this app's vaults.
APP_WORDS = ("facilitator", "vault", "group", "peer", "support", "recovery", "meeting")
# "Password" and the first words tried after it, in the languages the English lists
# lack (French, Spanish, Portuguese, Italian, German, Dutch, Nordic, Polish, Russian...).
COMMON_WORDS = (
    "motdepasse",
    "mot de passe",
    "mdp",
    "soleil",
    "bonjour",
    "amour",
    "doudou",
    "contraseña",
    "contrasena",
    "clave",
    "hola",
    "amor",
    "te quiero",
    "senha",
    "parola",
    "ciao",
    "passwort",
    "kennwort",
    "geheim",
    "hallo",
    "schatz",
    "liebe",
    "sonne",
    "wachtwoord",
    "welkom",
    "lösenord",
    "losenord",
    "passord",
    "adgangskode",
    "salasana",
    "hasło",
    "haslo",
    "пароль",
    "parol",
)
# A word or two with a year, a number or a mark after it: the first thing a guesser adds.
_SUFFIX = re.compile(r"^(?P<stem>.*?\D)(?:\d{1,4})?[\W_]*$", re.DOTALL)

WHY_STRONG = (
    "Your vault holds the names of people in recovery. If this computer or a backup is "
    "stolen, whoever has it can try passphrases for as long as they like."
)
WHAT_MAKES_STRONG = (
    "A strong passphrase is four or more words that do not belong together (not a "
    "saying, a name or a date), or a longer sentence only you would make up. A common "
    "word with a year or a number after it, in any language, is guessed quickly."
)


@dataclass(frozen=True, slots=True)
class Assessment:
    """The score (0..4) and the library's advice, in English."""

    score: int
    warning: str = ""
    suggestions: tuple[str, ...] = ()

    @property
    def strong(self) -> bool:
        return self.score >= REQUIRED_SCORE


def _score(text: str, known: list[str]) -> tuple[int, str, tuple[str, ...]]:
    result = zxcvbn(text[:SCORED_LENGTH], known)
    feedback = result.feedback
    warning = str(feedback.warning) if feedback is not None and feedback.warning else ""
    suggestions = tuple(str(s) for s in feedback.suggestions) if feedback is not None else ()
    return int(result.score), warning, suggestions


def assess(passphrase: str, extra_words: tuple[str, ...] = ()) -> Assessment:
    """Score ``passphrase``; ``extra_words`` (e.g. the vault folder's name) count as known
    words, as do :data:`APP_WORDS` and :data:`COMMON_WORDS`.  The lower of the scores
    with and without a trailing number is taken: ``soleil2024`` is as weak as ``soleil``
    with one more guess per year."""
    if not passphrase:
        return Assessment(0)
    known = [*APP_WORDS, *COMMON_WORDS, *(w for w in extra_words if w)]
    best = _score(passphrase, known)
    match = _SUFFIX.match(passphrase[:SCORED_LENGTH])
    if match is not None and match.group("stem") != passphrase[:SCORED_LENGTH]:
        stem = _score(match.group("stem"), known)
        # The suffix adds one guess per year or number tried: a score at most one better.
        best = min(best, (min(stem[0] + 1, MAX_SCORE), *stem[1:]), key=lambda s: s[0])
    score, warning, suggestions = best
    return Assessment(score, warning, suggestions)


def require_strong(passphrase: str, extra_words: tuple[str, ...] = ()) -> None:
    """:class:`InvalidInput` (with the reason, and what makes one strong) unless
    ``passphrase`` scores :data:`REQUIRED_SCORE`."""
    if not passphrase or not passphrase.strip():
        raise InvalidInput("The passphrase is empty. Choose a passphrase of several words.")
    if not assess(passphrase, extra_words).strong:
        raise InvalidInput(
            "This passphrase is too easy to guess. " + WHY_STRONG + " " + WHAT_MAKES_STRONG
        )
