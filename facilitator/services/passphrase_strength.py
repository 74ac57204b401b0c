"""How hard a new vault passphrase is to guess, and the rule a new one must meet.

One rule for every place a passphrase is chosen: the first-run window, "Change
passphrase…" in the app, and the command line's ``init`` and ``passwd`` (issue 16
defect 17: a "Fair" ``sunflower2024`` was accepted for a vault of recovery-group notes).

**Why strong.**  A vault is a folder on a laptop.  If the laptop is stolen, or a backup
file is copied, the attacker can try passphrases offline for as long as they like; the
key derivation (Argon2id) slows each guess, it does not stop a guesser who starts with
the likely ones.  What is inside are the names of people in recovery.

**The library.**  zxcvbn-rs-py (the Rust zxcvbn, maintained) rather than the Python
``zxcvbn`` (4.x, English word lists only): measured on the same passphrases (docs in the issue 16
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
import unicodedata
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


def _scored(text: str, known: list[str]) -> tuple[int, str, tuple[str, ...]]:
    """The score of ``text``, and of it without a trailing number: the lower."""
    best = _score(text, known)
    match = _SUFFIX.match(text[:SCORED_LENGTH])
    if match is not None and match.group("stem") != text[:SCORED_LENGTH]:
        stem = _score(match.group("stem"), known)
        # The suffix adds one guess per year or number tried: a score at most one better.
        best = min(best, (min(stem[0] + 1, MAX_SCORE), *stem[1:]), key=lambda s: s[0])
    return best


_SEPARATORS = re.compile(r"[\s\W_\d]+")
_REPEATED = re.compile(r"^(.+?)\1+$", re.DOTALL)
# What a passphrase made of known words only (and digits and marks) is capped at.
ONLY_KNOWN_WORDS_SCORE = 2


def _only_known_words(text: str, known: list[str]) -> bool:
    """Whether ``text`` is nothing but known words, digits, spaces and marks
    ("facilitator-vault-2026", "recoverygroupmeeting2024"): the library scores the
    words it was given as known, but not a passphrase made of nothing else (review 16)."""
    rest = text.casefold()
    for word in sorted((w.casefold() for w in known if w), key=len, reverse=True):
        rest = rest.replace(word, " ")
    return len(_SEPARATORS.sub("", rest)) < 3


def assess(passphrase: str, extra_words: tuple[str, ...] = ()) -> Assessment:
    """Score ``passphrase``; ``extra_words`` (e.g. the vault folder's name) count as known
    words, as do :data:`APP_WORDS` and :data:`COMMON_WORDS`.

    The passphrase is scored as typed after Unicode compatibility normalisation (a
    full-width ``sunflower2024`` is ``sunflower2024``), and again with its spaces and
    marks taken out (``s u n f l o w e r 2 0 2 4``); a passphrase that is one part
    repeated (``sunflower 2024 sunflower 2024``) is scored as that part, one guess
    more; one made of known words, digits and marks only is at most
    :data:`ONLY_KNOWN_WORDS_SCORE`.  The lowest score counts.  A trailing number is
    scored with and without it: ``soleil2024`` is as weak as ``soleil`` with one more
    guess per year."""
    if not passphrase:
        return Assessment(0)
    known = [*APP_WORDS, *COMMON_WORDS, *(w for w in extra_words if w)]
    text = " ".join(unicodedata.normalize("NFKC", passphrase).split())
    squeezed = _SEPARATORS.sub("", text) + "".join(re.findall(r"\d", text))
    candidates = [_scored(text, known)]
    if squeezed and squeezed != text:
        candidates.append(_scored(squeezed, known))
    repeated = _REPEATED.match(_SEPARATORS.sub("", text.casefold()) or " ")
    if repeated is not None:
        unit = _scored(repeated.group(1), known)
        candidates.append((min(unit[0] + 1, MAX_SCORE), *unit[1:]))
    score, warning, suggestions = min(candidates, key=lambda s: s[0])
    if score > ONLY_KNOWN_WORDS_SCORE and _only_known_words(text, known):
        score = ONLY_KNOWN_WORDS_SCORE
        warning = warning or "This is made of words anyone would try first."
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
