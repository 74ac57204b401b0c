"""Asking before something that cannot be undone (forgetting a member, clearing the
record of what was published): a word typed at a terminal, or ``--yes``."""

from __future__ import annotations

import sys

from facilitator.errors import UsageError


def need_terminal_or_yes(yes: bool, what: str) -> None:
    """UsageError (exit 2) when there is no terminal to ask in and no ``--yes``.
    ``what`` says what cannot be undone ("Forgetting a member")."""
    if not yes and not (sys.stdin is not None and sys.stdin.isatty()):
        raise UsageError(
            f"{what} cannot be undone, and there is no terminal to ask in. "
            "Add --yes to go ahead without being asked."
        )


def typed(word: str, prompt: str) -> bool:
    """Whether the person typed ``word`` (any case) at ``prompt``; if not, says that
    nothing was changed."""
    if input(prompt).strip().casefold() == word:
        return True
    sys.stderr.write("Nothing was changed.\n")
    return False
