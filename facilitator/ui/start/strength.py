"""How hard a new passphrase is to guess, for the windows that choose one: the first-run
window and "Change passphrase…".

The score and the rule are the services' (:mod:`facilitator.services.passphrase_strength`,
the same for the command line); here they get words a person reads.  The library's
warning and suggestions are English; they go through ``QCoreApplication.translate`` with
the context ``PassphraseAdvice`` so that a translation can carry them too.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from facilitator.services import passphrase_strength

MIN_SCORE = passphrase_strength.REQUIRED_SCORE  # the top score: see the service's docstring
MAX_SCORE = passphrase_strength.MAX_SCORE


@dataclass(frozen=True, slots=True)
class Strength:
    score: int  # 0..4
    warning: str = ""
    suggestions: tuple[str, ...] = ()

    @property
    def acceptable(self) -> bool:
        return self.score >= MIN_SCORE


def _advice(text: str) -> str:
    return QCoreApplication.translate("PassphraseAdvice", text) if text else ""


def evaluate(passphrase: str, extra_words: tuple[str, ...] = ()) -> Strength:
    """Score ``passphrase`` (any length, ~10 ms at most); ``extra_words`` (e.g. the
    folder's name) count as known words."""
    assessed = passphrase_strength.assess(passphrase, extra_words)
    return Strength(
        score=assessed.score,
        warning=_advice(assessed.warning),
        suggestions=tuple(_advice(s) for s in assessed.suggestions if s),
    )


def label(score: int) -> str:
    """A few words for a score, for the strength bar: only the required one is "Strong"."""
    words = (
        QCoreApplication.translate("Strength", "Very weak"),
        QCoreApplication.translate("Strength", "Weak"),
        QCoreApplication.translate("Strength", "Fair — not enough"),
        QCoreApplication.translate("Strength", "Nearly strong enough"),
        QCoreApplication.translate("Strength", "Strong"),
    )
    return words[max(0, min(score, MAX_SCORE))]


def why_strong() -> str:
    """Why the vault needs a strong passphrase, and what makes one (shown beside the
    field; the service's WHY_STRONG and WHAT_MAKES_STRONG, for translators)."""
    return QCoreApplication.translate(
        "Strength",
        "Your vault holds the names of people in recovery. If this computer or a backup is "
        "stolen, whoever has it can try passphrases for as long as they like. A strong "
        "passphrase is four or more words that do not belong together (not a saying, a name "
        "or a date), or a longer sentence only you would make up. A common word with a year "
        "or a number after it, in any language, is guessed quickly.",
    )


def too_weak() -> str:
    """Why "Create" / "Change" waits."""
    return QCoreApplication.translate(
        "Strength",
        "This passphrase is too easy to guess. Add words that do not belong together until "
        "the bar says Strong.",
    )
