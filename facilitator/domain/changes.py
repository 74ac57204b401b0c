"""What kinds of things a write changed: the vocabulary of "changes reported, not guessed".

A write to the vault (a service call) changes rows of some kinds — members, a
group's roster, attendance, notes…  The storage layer sees which tables every
committed transaction wrote and names them with these flags; the desktop app's
pages say which kinds they show, and a page whose kinds were written since it
last read reads again when it is next shown (the idea of Anki's ``OpChanges``).

Over-reporting is harmless (a page reads once more than it had to);
under-reporting would show stale data, so anything not known is reported as
:data:`EVERYTHING`.
"""

from __future__ import annotations

from enum import Flag, auto


class Change(Flag):
    """Kinds of things a write can change (combine with ``|``)."""

    NOTHING = 0
    GROUPS = auto()  # a group's name, schedule, details, archiving
    MEMBERS = auto()  # a person's details, consents, milestones, status
    MEMBERSHIPS = auto()  # who is in which group
    SESSIONS = auto()  # sessions opened, cancelled, restored, their topics
    ATTENDANCE = auto()  # marks at check-in
    NOTES = auto()  # session and member notes
    FOLLOW_UPS = auto()  # follow-ups added, edited, done
    PUBLICATIONS = auto()  # the ledger of published summaries
    SETTINGS = auto()  # settings kept in the vault (backups)


EVERYTHING = (
    Change.GROUPS
    | Change.MEMBERS
    | Change.MEMBERSHIPS
    | Change.SESSIONS
    | Change.ATTENDANCE
    | Change.NOTES
    | Change.FOLLOW_UPS
    | Change.PUBLICATIONS
    | Change.SETTINGS
)

__all__ = ["EVERYTHING", "Change"]
