"""How hard a new passphrase is to guess, by zxcvbn, and what would make it harder.

zxcvbn scores 0 (guessed at once) to 4 (very hard) from the patterns it finds
(common passwords, dictionary words, names, dates, keyboard runs, repeats) and
gives a warning and suggestions in plain English.  Those texts go through
``QCoreApplication.translate`` with the context ``PassphraseAdvice`` so that a
translation can carry them too.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from zxcvbn import zxcvbn  # type: ignore[import-untyped]

MIN_SCORE = 2  # "somewhat guessable" and below is refused for a vault passphrase
MAX_SCORE = 4
# zxcvbn refuses longer input (and slows down on it); a longer passphrase is at
# least as strong as its first 72 characters, so those are what is scored.
_SCORED_LENGTH = 72
# Words anyone would try first against this app's vaults.
_APP_WORDS = ("facilitator", "vault", "group", "peer", "support", "recovery", "meeting")


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
    """Score ``passphrase``; ``extra_words`` (e.g. the folder's name) count as known."""
    if not passphrase:
        return Strength(0)
    result = zxcvbn(passphrase[:_SCORED_LENGTH], user_inputs=[*_APP_WORDS, *extra_words])
    feedback = result.get("feedback") or {}
    return Strength(
        score=int(result["score"]),
        warning=_advice(str(feedback.get("warning") or "")),
        suggestions=tuple(_advice(str(s)) for s in feedback.get("suggestions") or () if s),
    )


def label(score: int) -> str:
    """One word for a score, for the strength bar."""
    words = (
        QCoreApplication.translate("Strength", "Very weak"),
        QCoreApplication.translate("Strength", "Weak"),
        QCoreApplication.translate("Strength", "Fair"),
        QCoreApplication.translate("Strength", "Strong"),
        QCoreApplication.translate("Strength", "Very strong"),
    )
    return words[max(0, min(score, MAX_SCORE))]
