"""The operations measured on an open vault, each as the app does it and as raw SQL.

"As the app does it" is the service call (or calls) a page hands to ``backend.call``
(read from the pages: ui/groups.py, members.py, group_roster.py, group_sessions.py,
members/person.py via RosterService.person_page, session/page.py via
AttendanceService.checkin_screen and note_editor.py, search.py, today.py), run here
on the calling thread.  The floor is
the SQL that fetches the same data, written plainly and run through sqlcipher3 on the
same file with the app's pragmas: what reading the data costs before any of our
Python (ORM rows, records, sorting by our name key) is built on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitator.app import Services
from facilitator.exports.summary_options import SummaryOptions

# Words a facilitator might look for: very common, common, less common, a first name.
SEARCH_WORDS = ("group", "housing", "relapse", "maria")
SEARCH_LIMIT = 200  # as facilitator.ui.search.page.LIMIT
MARKERS = ("\x01", "\x02")  # as facilitator.ui.search.results.MARKERS (private-use marks)
UPCOMING_DAYS = 8 * 7  # as facilitator.ui.groups.sessions (UPCOMING_WEEKS * 7)


@dataclass(frozen=True, slots=True)
class Targets:
    """What the screens are opened on: the largest cases the vault has."""

    group_id: int  # the group with the most current members
    group_size: int
    session_id: int  # that group's latest session with attendance taken
    session_date: dt.date
    member_id: int  # the member with the most attendance marks in the vault
    mark_member_id: int  # a member on the group's roster (marked and cleared)
    today: dt.date


def find_targets(raw: Any, services: Services) -> Targets:
    groups = services.roster.groups()
    biggest = max(groups, key=lambda g: (g.member_count, -g.id))
    group_id = biggest.id
    session_id, day = raw.execute(
        "SELECT s.id, s.date FROM sessions s WHERE s.group_id = ? AND s.date <= ?"
        " AND s.cancelled = 0 AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id)"
        " ORDER BY s.date DESC, s.id DESC LIMIT 1",
        (group_id, services.schedule.today().isoformat()),
    ).fetchone()
    (member_id,) = raw.execute(
        "SELECT member_id FROM attendance GROUP BY member_id ORDER BY count(*) DESC, member_id"
        " LIMIT 1"
    ).fetchone()
    roster = services.roster.roster(group_id)
    return Targets(
        group_id=group_id,
        group_size=biggest.member_count,
        session_id=int(session_id),
        session_date=dt.date.fromisoformat(str(day)),
        member_id=int(member_id),
        mark_member_id=roster[0].member.id,
        today=services.schedule.today(),
    )


# -- as the app does it ------------------------------------------------------------------
def screens(services: Services, t: Targets) -> dict[str, Callable[[], object]]:
    """Each screen's data, read as its page reads it."""
    s = services

    def check_in() -> object:
        data = s.attendance.checkin_screen(t.group_id, t.session_date, t.session_id)
        return data, s.notes.for_session(t.session_id)  # the note beside the list

    return {
        "Groups": lambda: (s.schedule.today(), s.roster.groups(include_archived=False)),
        "Members": s.roster.member_list,
        "a group's roster": lambda: s.roster.roster(t.group_id, include_former=False),
        "a group's sessions": lambda: s.schedule.group_sessions(
            t.group_id, upcoming_days=UPCOMING_DAYS
        ),
        "a member's page": lambda: s.roster.person_page(t.member_id),
        "the check-in screen": check_in,
    }


def search(services: Services) -> None:
    """The note search as the search page runs it, once for each of SEARCH_WORDS."""
    for word in SEARCH_WORDS:
        services.notes.search(word, limit=SEARCH_LIMIT, markers=MARKERS)
        services.follow_ups.today()


def mark(services: Services, t: Targets) -> Callable[[], object]:
    return lambda: services.attendance.check_in(t.session_id, t.mark_member_id)


def unmark(services: Services, t: Targets) -> Callable[[], object]:
    return lambda: services.attendance.clear(t.session_id, t.mark_member_id)


def summary_pdf(services: Services, out: Path) -> Callable[[], object]:
    """The one-year anonymised summary as a PDF: the last twelve whole months, all
    groups, numbered (by name the large demo is refused: some group names hold members'
    names, as they should be)."""

    def export() -> object:
        services.summary.forget_audits()  # each run audits anew
        return services.summary.export(out, SummaryOptions(format="pdf", labels="numbers"))

    return export


# -- the floors: the same data in raw SQL ---------------------------------------------------
_ROSTER = (
    "SELECT m.*, ms.id, ms.joined_on, ms.left_on FROM memberships ms"
    " JOIN members m ON m.id = ms.member_id WHERE ms.group_id = ? AND ms.left_on IS NULL"
    " ORDER BY m.first_name COLLATE NOCASE, m.last_name COLLATE NOCASE, m.id"
)
_SESSIONS = (
    "SELECT s.*, g.name,"
    " (SELECT count(*) FROM attendance a WHERE a.session_id = s.id"
    "  AND a.status IN ('present', 'late')),"
    " (SELECT count(*) FROM attendance a WHERE a.session_id = s.id)"
    " FROM sessions s JOIN groups g ON g.id = s.group_id WHERE {where}"
    " ORDER BY s.date DESC, s.start_time DESC, s.id DESC"
)
_GROUPS = (
    "SELECT g.*, (SELECT count(*) FROM memberships ms WHERE ms.group_id = g.id"
    " AND ms.left_on IS NULL) FROM groups g WHERE g.archived = 0"
    " ORDER BY g.name COLLATE NOCASE, g.id"
)
_HISTORY = """
WITH ids(id) AS (
  SELECT session_id FROM attendance WHERE member_id = :m
  UNION
  SELECT s.id FROM memberships ms JOIN sessions s ON s.group_id = ms.group_id
   AND s.date >= ms.joined_on AND (ms.left_on IS NULL OR s.date <= ms.left_on)
  WHERE ms.member_id = :m
)
SELECT s.id, s.group_id, g.name, s.date, s.cancelled, a.status
FROM ids JOIN sessions s ON s.id = ids.id JOIN groups g ON g.id = s.group_id
LEFT JOIN attendance a ON a.session_id = s.id AND a.member_id = :m
ORDER BY s.date DESC, s.id DESC
"""


def raw_screens(raw: Any, t: Targets) -> dict[str, Callable[[], object]]:
    def q(sql: str, *params: Any) -> list[Any]:
        return list(raw.execute(sql, params).fetchall())

    def member_page() -> object:
        m = t.member_id
        return (
            q("SELECT * FROM members WHERE id = ?", m),
            q(
                "SELECT ms.*, g.name FROM memberships ms JOIN groups g ON g.id = ms.group_id"
                " WHERE ms.member_id = ? ORDER BY ms.joined_on, ms.id",
                m,
            ),
            q("SELECT * FROM consents WHERE member_id = ? ORDER BY recorded_on, id", m),
            q("SELECT * FROM milestones WHERE member_id = ? ORDER BY date", m),
            list(raw.execute(_HISTORY, {"m": m}).fetchall()),
            q("SELECT * FROM notes WHERE member_id = ? ORDER BY created_at DESC, id DESC", m),
            q(
                "SELECT f.*, mem.first_name, mem.last_name FROM follow_ups f"
                " LEFT JOIN members mem ON mem.id = f.member_id WHERE f.member_id = ?"
                " ORDER BY f.done, f.due_on IS NULL, f.due_on, f.id",
                m,
            ),
            q(_GROUPS),
        )

    def check_in() -> object:
        return (
            q(_SESSIONS.format(where="s.id = ?"), t.session_id),
            q("SELECT * FROM attendance WHERE session_id = ?", t.session_id),
            q(_ROSTER, t.group_id),
            q("SELECT * FROM notes WHERE session_id = ? ORDER BY created_at", t.session_id),
        )

    return {
        "Groups": lambda: q(_GROUPS),
        # the columns the list shows and everyone's current groups; the page sorts them by
        # the column chosen (ui/member_list.py)
        "Members": lambda: (
            q(
                "SELECT id, first_name, last_name, preferred_name, status, date_joined"
                " FROM members ORDER BY id"
            ),
            q(
                "SELECT ms.member_id, g.name FROM memberships ms JOIN groups g"
                " ON g.id = ms.group_id WHERE ms.left_on IS NULL"
            ),
        ),
        "a group's roster": lambda: q(_ROSTER, t.group_id),
        "a group's sessions": lambda: (
            q("SELECT * FROM groups WHERE id = ?", t.group_id),
            q(_SESSIONS.format(where="s.group_id = ?"), t.group_id),
        ),
        "a member's page": member_page,
        "the check-in screen": check_in,
    }


_FTS = (
    "SELECT rowid, snippet(notes_fts, 0, ?, ?, '…', 12) FROM notes_fts"
    " WHERE notes_fts MATCH ? ORDER BY rank LIMIT ?"
)


def raw_search(raw: Any) -> None:
    """FTS5 MATCH, ranked, the first SEARCH_LIMIT hits with their snippets."""
    for word in SEARCH_WORDS:
        raw.execute(_FTS, (*MARKERS, f'"{word}"*', SEARCH_LIMIT)).fetchall()


def raw_mark(raw: Any, t: Targets) -> Callable[[], object]:
    def insert() -> None:
        raw.execute("BEGIN")
        raw.execute(
            "INSERT INTO attendance (session_id, member_id, status, arrived_at)"
            " VALUES (?, ?, 'present', '19:05:00.000000')",
            (t.session_id, t.mark_member_id),
        )
        raw.execute("COMMIT")

    return insert


def raw_unmark(raw: Any, t: Targets) -> Callable[[], object]:
    def delete() -> None:
        raw.execute(
            "DELETE FROM attendance WHERE session_id = ? AND member_id = ?",
            (t.session_id, t.mark_member_id),
        )

    return delete


def raw_summary(raw: Any, start: dt.date, end: dt.date, today: dt.date) -> Callable[[], object]:
    """The summary's aggregate statements alone, fetched (no counting, no PDF)."""
    from facilitator.domain.summary import UNATTACHED
    from facilitator.storage.repositories import summary as queries

    params = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "after_end": (end + dt.timedelta(days=1)).isoformat(),
        "today": today.isoformat(),
        "unattached": UNATTACHED,
        "group": None,
    }
    statements = [
        queries._SESSIONS.format(only=""),
        queries._ATTENDANCES.format(only=""),
        queries._SEEN_BEFORE.format(only=""),
        queries._FOLLOW_UPS.format(only=""),
        queries._GROUPS.format(which=queries._REPORTED),
    ]

    def run() -> None:
        for sql in statements:
            raw.execute(sql, params).fetchall()

    return run
