"""`facilitator published`: what the vault has published (its export ledger), and
clearing that record.

Each anonymised summary is audited against every one listed here (services/ledger.py).
Clearing the record means later exports are no longer checked against these, and the
files already handed over still exist; so, like forget-member, ``--clear`` asks in a
terminal, and refuses (exit status 2) without one unless ``--yes`` is given.
"""

from __future__ import annotations

import argparse
import sys

from facilitator.cli import output
from facilitator.cli.confirm import need_terminal_or_yes, typed
from facilitator.cli.unlock import open_existing
from facilitator.errors import UsageError

CLEAR_WARNING = (
    "Summaries you export later will no longer be checked against them, so someone who "
    "holds one of these files and a later one may be able to work out a hidden number. "
    "The files you already handed over still exist: clearing the record does not take "
    "them back."
)
COLUMNS = ["written", "from", "to", "groups", "format", "k", "hidden", "printed"]


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")


def _summaries(n: int) -> str:
    return "1 published summary" if n == 1 else f"{n} published summaries"


def cmd_published(args: argparse.Namespace) -> int:
    if args.clear:
        return _clear(args)
    if args.yes:
        raise UsageError("--yes applies to --clear only.")
    with open_existing(args) as opened:
        listing = opened.services.ledger.listing()
    rows = [
        [
            e.publication.made_at.strftime("%Y-%m-%d %H:%M"),
            e.publication.start,
            e.publication.end,
            ", ".join(e.publication.group_labels),
            e.publication.format,
            e.publication.k,
            e.hidden,
            e.printed,
        ]
        for e in listing
    ]
    if not rows and args.format == "table":
        _say("Nothing has been published from this vault yet.")
        return 0
    sys.stdout.write(output.render(COLUMNS, rows, args.format))
    return 0


def _clear(args: argparse.Namespace) -> int:
    need_terminal_or_yes(args.yes, "Clearing the record of what was published")
    with open_existing(args) as opened:
        ledger = opened.services.ledger
        count = len(ledger.published())
        if count == 0:
            _say("Nothing has been published from this vault; there is nothing to clear.")
            return 0
        if not args.yes:
            _say(f"Facilitator will forget the record of {_summaries(count)}. " + CLEAR_WARNING)
            if not typed("clear", "Type “clear” to clear the record: "):
                return 1
        removed = ledger.clear()
    _say(f"Cleared the record of {_summaries(removed)}. " + CLEAR_WARNING)
    return 0
