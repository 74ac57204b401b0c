"""Where a click can lead: plain targets that pages emit and the main window follows.

A page emits ``navigate(target)``; the main window shows the page that owns the
target and hands it over (``Page.go_to``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GroupTarget:
    group_id: int
    tab: str = ""  # "roster", "sessions" or "details"; empty: as it was


@dataclass(frozen=True, slots=True)
class MemberTarget:
    member_id: int


@dataclass(frozen=True, slots=True)
class SessionTarget:
    """A session's check-in screen.  ``session_id`` None: a planned session (it is
    opened — created — when the screen shows it)."""

    group_id: int
    date: dt.date
    session_id: int | None = None


@dataclass(frozen=True, slots=True)
class FollowUpTarget:
    follow_up_id: int | None = None
    show: str = ""  # "open", "overdue", "done" or "all"; empty: as it was


@dataclass(frozen=True, slots=True)
class SearchTarget:
    text: str = ""


@dataclass(frozen=True, slots=True)
class NewItemTarget:
    """A page's own "New…" (what Ctrl+N does there): ``page`` "groups" (New group) or
    "members" (New member)."""

    page: str


@dataclass(frozen=True, slots=True)
class ReportsTarget:
    """The Reports page, with ``box`` ("import" — the roster import — or "backup")
    brought into view if the page knows it."""

    box: str = ""


@dataclass(frozen=True, slots=True)
class BackUpNowTarget:
    """Not a place: File ▸ Back Up Now, asked for from a page (the frame runs it)."""


Target = (
    GroupTarget
    | MemberTarget
    | SessionTarget
    | FollowUpTarget
    | SearchTarget
    | NewItemTarget
    | ReportsTarget
    | BackUpNowTarget
)
