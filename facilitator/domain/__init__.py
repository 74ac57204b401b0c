"""Plain records and enums that every layer reads.  Imports nothing of ours."""

from facilitator.domain.enums import (
    AttendanceStatus,
    ConsentKind,
    MemberStatus,
    Priority,
)
from facilitator.domain.records import (
    AttendanceRecord,
    ConsentRecord,
    FollowUpRecord,
    GroupRecord,
    MemberRecord,
    MembershipRecord,
    MilestoneRecord,
    NoteRecord,
    OutreachSuggestion,
    RosterEntry,
    SearchHit,
    SessionRecord,
    TodayDigest,
    UpcomingMilestone,
)

__all__ = [
    "AttendanceRecord",
    "AttendanceStatus",
    "ConsentKind",
    "ConsentRecord",
    "FollowUpRecord",
    "GroupRecord",
    "MemberRecord",
    "MemberStatus",
    "MembershipRecord",
    "MilestoneRecord",
    "NoteRecord",
    "OutreachSuggestion",
    "Priority",
    "RosterEntry",
    "SearchHit",
    "SessionRecord",
    "TodayDigest",
    "UpcomingMilestone",
]
