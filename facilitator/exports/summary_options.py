"""What a person chose for an anonymised summary, as one value (beside the sign-in
sheet's :class:`~facilitator.exports.sheets.SheetOptions`).

The same choices travel from the command line and the Reports page through the summary
service to the report: one frozen object instead of the same seven to nine keyword
arguments repeated at every step.  Invalid choices raise InvalidInput when the object
is made, before anything is read.  The defaults are
:mod:`facilitator.defaults`'s, which the parser and the dialogs read too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from facilitator.defaults import DEFAULT_GROUP_LABELS, DEFAULT_K, MAX_K, MIN_K
from facilitator.errors import InvalidInput


class SummaryFormat(StrEnum):
    PDF = "pdf"
    CSV = "csv"


class GroupLabels(StrEnum):
    """How groups are named in a summary: by their names, or as "Group 1", "Group 2", …
    (in the order of their names) when a name would say too much."""

    NAMES = "names"
    NUMBERS = "numbers"


def group_labels(value: str | GroupLabels) -> GroupLabels:
    """The labelling asked for ("names" or "numbers", any case)."""
    try:
        return GroupLabels(str(value).strip().lower())
    except ValueError:
        raise InvalidInput(
            "Unknown choice of group labels. Choose one of: names, numbers."
        ) from None


def summary_format(value: str | SummaryFormat | None, path: Path | None = None) -> SummaryFormat:
    """The format asked for ("pdf"/"csv", any case), else the one ``path``'s ending names."""
    word = str(value).strip().lower() if value else ""
    if not word and path is not None:
        word = path.suffix.lower().lstrip(".")
    try:
        return SummaryFormat(word)
    except ValueError:
        raise InvalidInput(
            "A summary is written as PDF or CSV: choose one, or end the file name in .pdf or .csv."
        ) from None


_DEFAULT_LABELS = GroupLabels(DEFAULT_GROUP_LABELS)


def check_k(k: int) -> None:
    """InvalidInput unless ``k`` is a whole number from MIN_K to MAX_K."""
    if isinstance(k, bool) or not isinstance(k, int) or not MIN_K <= k <= MAX_K:
        raise InvalidInput(
            f"The smallest count to show must be a whole number from {MIN_K} to {MAX_K} "
            f"(usually {DEFAULT_K}: counts from 1 to {DEFAULT_K - 1} are hidden)."
        )


@dataclass(frozen=True, slots=True)
class SummaryOptions:
    """One summary's choices.

    ``group_id``: one group, or None for all.  ``start``/``end``: the period (both
    included; the service widens it to whole months and defaults it to the last twelve
    whole months).  ``k``: counts from 1 to k-1 are hidden.  ``include_topics``: list
    the sessions' topics, redacted.  ``labels``: groups by name or by number.
    ``leave_out_sessions``: sessions whose topic is not listed (a refused topic, left
    out).  ``format`` (exports only): PDF or CSV, None for the file name's ending.
    ``paper`` (PDF only): "a4" or "letter", None for the locale's.
    """

    group_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    k: int = DEFAULT_K
    include_topics: bool = False
    labels: GroupLabels = _DEFAULT_LABELS
    leave_out_sessions: frozenset[int] = frozenset()
    format: SummaryFormat | None = None
    paper: str | None = None

    def __post_init__(self) -> None:
        check_k(self.k)
        object.__setattr__(self, "labels", group_labels(self.labels))
        object.__setattr__(self, "leave_out_sessions", frozenset(self.leave_out_sessions))
        if self.format:
            object.__setattr__(self, "format", summary_format(self.format))
        else:
            object.__setattr__(self, "format", None)

    @property
    def by_number(self) -> bool:
        return self.labels is GroupLabels.NUMBERS


__all__ = [
    "GroupLabels",
    "SummaryFormat",
    "SummaryOptions",
    "check_k",
    "group_labels",
    "summary_format",
]
