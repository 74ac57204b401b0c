"""Plain, immutable records the services return.  No ORM object ever leaves storage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from facilitator.domain.enums import AttendanceStatus, ConsentKind, MemberStatus, Priority


@dataclass(frozen=True, slots=True)
class GroupRecord:
    id: int
    name: str
    printed_title: str
    description: str = ""
    location: str = ""
    facilitator: str = ""
    schedule_rule: str = ""  # RFC 5545 RRULE text, e.g. "FREQ=WEEKLY;BYDAY=TU"
    schedule_start: dt.date | None = None  # DTSTART of the rule
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    archived: bool = False
    member_count: int = 0  # current members (no leave date)


@dataclass(frozen=True, slots=True)
class MemberRecord:
    id: int
    first_name: str
    last_name: str = ""
    preferred_name: str = ""
    pronouns: str = ""
    phone: str = ""
    email: str = ""
    emergency_contact: str = ""
    date_joined: dt.date | None = None
    status: MemberStatus = MemberStatus.ACTIVE
    notes: str = ""

    @property
    def display_name(self) -> str:
        """The name a facilitator calls the person: preferred (or first) name and last name."""
        return display_name_of(self.first_name, self.last_name, self.preferred_name)

    @property
    def short_name(self) -> str:
        """First (or preferred) name and last initial: for screens others can see."""
        return short_name_of(self.first_name, self.last_name, self.preferred_name)


def display_name_of(first_name: str, last_name: str, preferred_name: str) -> str:
    """A person's name as :attr:`MemberRecord.display_name` shows it (for records that
    carry the names without being a MemberRecord, e.g. the Members list's rows)."""
    first = preferred_name or first_name
    return f"{first} {last_name}".strip()


def short_name_of(first_name: str, last_name: str, preferred_name: str) -> str:
    """A person's name as :attr:`MemberRecord.short_name` shows it."""
    first = preferred_name or first_name
    return f"{first} {last_name[:1]}.".strip() if last_name else first


@dataclass(frozen=True, slots=True)
class MembershipRecord:
    id: int
    member_id: int
    group_id: int
    group_name: str
    joined_on: dt.date
    left_on: dt.date | None = None

    @property
    def current(self) -> bool:
        return self.left_on is None


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    id: int
    member_id: int
    kind: ConsentKind
    given: bool
    recorded_on: dt.date
    revoked_on: dt.date | None = None
    note: str = ""

    @property
    def in_force(self) -> bool:
        return self.given and self.revoked_on is None


@dataclass(frozen=True, slots=True)
class MilestoneRecord:
    id: int
    member_id: int
    label: str
    date: dt.date
    shared: bool = True  # the member chose to have it shown / celebrated


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One line of a group's roster."""

    member: MemberRecord
    membership_id: int
    joined_on: dt.date
    left_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A meeting: held, cancelled, or only planned by the group's schedule (``id`` None)."""

    id: int | None
    group_id: int
    group_name: str
    date: dt.date
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    location: str = ""
    topic: str = ""
    facilitator: str = ""
    cancelled: bool = False
    guest_count: int = 0
    present_count: int = 0  # present + late
    marked_count: int = 0  # any attendance mark

    @property
    def planned(self) -> bool:
        """True for a session the schedule foresees that has not been opened yet."""
        return self.id is None

    @property
    def attendance_total(self) -> int:
        return self.present_count + self.guest_count


@dataclass(frozen=True, slots=True)
class AttendanceRecord:
    session_id: int
    member_id: int
    status: AttendanceStatus
    arrived_at: dt.time | None = None


@dataclass(frozen=True, slots=True)
class AttendanceChange:
    """What one mark changed, so that it can be undone."""

    session_id: int
    member_id: int
    before: AttendanceRecord | None
    after: AttendanceRecord | None


@dataclass(frozen=True, slots=True)
class CheckInRow:
    """One person on a session's check-in list."""

    member: MemberRecord
    status: AttendanceStatus | None = None
    arrived_at: dt.time | None = None
    on_roster: bool = True  # False: marked at this session but not a current member


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One session in a member's attendance history (status None: not marked)."""

    session_id: int
    group_id: int
    group_name: str
    date: dt.date
    cancelled: bool
    status: AttendanceStatus | None


@dataclass(frozen=True, slots=True)
class NoteRecord:
    id: int
    body: str
    session_id: int | None = None
    member_id: int | None = None
    template: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class FollowUpRecord:
    id: int
    description: str
    due_on: dt.date | None = None
    priority: Priority = Priority.NORMAL
    member_id: int | None = None
    session_id: int | None = None
    done: bool = False
    done_on: dt.date | None = None
    member_name: str = ""

    def overdue(self, today: dt.date) -> bool:
        return not self.done and self.due_on is not None and self.due_on < today


@dataclass(frozen=True, slots=True)
class SearchHit:
    note_id: int
    snippet: str  # the matched words are wrapped in the markers given to the search
    session_id: int | None = None
    member_id: int | None = None
    group_name: str = ""
    member_name: str = ""
    session_date: dt.date | None = None
    written: dt.date | None = None  # the day the note was written (a member note's date)


@dataclass(frozen=True, slots=True)
class OutreachSuggestion:
    """A member who missed several sessions in a row and agreed to be contacted."""

    member_id: int
    member_name: str
    group_id: int
    group_name: str
    missed_in_a_row: int
    last_attended: dt.date | None
    channels: tuple[ConsentKind, ...]
    phone: str = ""
    email: str = ""
    # Other groups where they also missed as many sessions or more than the threshold
    # (one suggestion per member: ``group_*`` is the group where they missed the most).
    other_groups: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UpcomingMilestone:
    member_id: int
    member_name: str
    label: str
    date: dt.date  # the milestone's own date
    anniversary: dt.date  # when it falls next (on or after today)
    years: int  # whole years it will mark on ``anniversary`` (0 for a first-time date)


@dataclass(frozen=True, slots=True)
class TodayDigest:
    today: dt.date
    todays_sessions: tuple[SessionRecord, ...] = ()
    upcoming_sessions: tuple[SessionRecord, ...] = ()
    overdue_follow_ups: tuple[FollowUpRecord, ...] = ()
    due_soon_follow_ups: tuple[FollowUpRecord, ...] = ()
    outreach: tuple[OutreachSuggestion, ...] = ()
    milestones: tuple[UpcomingMilestone, ...] = field(default_factory=tuple)
    # How many there are in all: the lists above (but today's sessions) are cut short,
    # to the first 50 by default.  Never less than the list's own length.
    overdue_total: int = 0
    due_soon_total: int = 0
    upcoming_total: int = 0
    outreach_total: int = 0
    milestones_total: int = 0

    def __post_init__(self) -> None:
        for total, items in (
            ("overdue_total", self.overdue_follow_ups),
            ("due_soon_total", self.due_soon_follow_ups),
            ("upcoming_total", self.upcoming_sessions),
            ("outreach_total", self.outreach),
            ("milestones_total", self.milestones),
        ):
            if getattr(self, total) < len(items):
                object.__setattr__(self, total, len(items))


@dataclass(frozen=True, slots=True)
class PersonPage:
    """Everything a person's page shows, read in one transaction (one snapshot: the
    tabs cannot disagree, e.g. a note counted on one and missing from another)."""

    member: MemberRecord
    memberships: tuple[MembershipRecord, ...]
    consents: tuple[ConsentRecord, ...]
    milestones: tuple[MilestoneRecord, ...]
    history: tuple[HistoryEntry, ...]  # newest first
    notes: tuple[NoteRecord, ...]  # newest first
    follow_ups: tuple[FollowUpRecord, ...]  # open ones first
    groups: tuple[GroupRecord, ...]  # the groups they could join (not archived)
    today: dt.date  # the services' day ("overdue" is counted from it)

    @property
    def current_groups(self) -> tuple[str, ...]:
        names = {m.group_name for m in self.memberships if m.current}
        return tuple(sorted(names, key=str.casefold))


@dataclass(frozen=True, slots=True)
class CheckInScreen:
    """Everything the check-in screen shows, read in one transaction: the session (a
    planned one is opened, i.e. stored, first), its list, and how many steps Undo can
    take back there (the attendance service keeps them)."""

    session: SessionRecord
    rows: tuple[CheckInRow, ...]
    undo_steps: int = 0
    now: dt.datetime | None = None  # the services' clock when read (is the session on now?)


@dataclass(frozen=True, slots=True)
class UndoneStep:
    """What one Undo at the door took back: the marks (last change first), the people
    added in that step who were removed again, those kept because something else was
    recorded for them since, and the guest count put back (None: unchanged)."""

    changes: tuple[AttendanceChange, ...] = ()
    removed: tuple[int, ...] = ()
    kept: tuple[int, ...] = ()
    guests: int | None = None


@dataclass(frozen=True, slots=True)
class PaperMark:
    """One line of a paper sign-in sheet typed in after the session: a mark (None: no
    mark) and the arrival time written down (None: none)."""

    member_id: int
    status: AttendanceStatus | None
    arrived_at: dt.time | None = None


@dataclass(frozen=True, slots=True)
class PaperNewcomer:
    """Someone on the paper sheet who is not on the roster yet: added to the group."""

    first_name: str
    last_name: str = ""
    status: AttendanceStatus = AttendanceStatus.PRESENT
    arrived_at: dt.time | None = None


@dataclass(frozen=True, slots=True)
class ErasureCounts:
    """What forgetting a member removes or changes (see facilitator.services.erasure)."""

    notes: int = 0  # notes about them
    follow_ups: int = 0  # follow-ups for them
    consents: int = 0
    milestones: int = 0
    groups: int = 0  # groups they belong or belonged to
    marks_to_guests: int = 0  # present or late: each becomes one anonymous guest
    marks_dropped: int = 0  # excused or absent
    texts_redacted: int = 0  # other texts in which their mentions are replaced
    # The same texts by field, in the vault's order, fields with none left out:
    # (("groups.name", 1), ("sessions.topic", 30), ...) — counts only, never a value.
    redacted_fields: tuple[tuple[str, int], ...] = ()
    emergency_contacts_kept: int = 0  # other members' emergency contacts naming them
    vault_copies: int = 0  # copies kept in the vault folder before upgrades (deleted too)


@dataclass(frozen=True, slots=True)
class FreeText:
    """One free-text field of one row that may mention a person."""

    table: str
    column: str
    row_id: int
    text: str


@dataclass(frozen=True, slots=True)
class ErasurePreview:
    """What forgetting ``member`` will do, for the person to read before confirming."""

    member: MemberRecord
    counts: ErasureCounts
    # Their name words that other members also have, and how many others: ("Sam", 2).
    shared_names: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """What forgetting a member did.  ``traces_cleared``: the search index was compacted
    and the write-ahead log emptied, so no old copy of their data is left in the vault's
    files (False: the vault was busy; it happens when the vault is next locked)."""

    counts: ErasureCounts
    traces_cleared: bool
