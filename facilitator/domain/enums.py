"""The closed vocabularies of the data model."""

from __future__ import annotations

from enum import StrEnum


class MemberStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    LEFT = "left"


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    LATE = "late"
    EXCUSED = "excused"
    ABSENT = "absent"

    @property
    def attended(self) -> bool:
        return self in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


class ConsentKind(StrEnum):
    """What a member agreed to.  The ``CONTACT_*`` kinds are the outreach channels."""

    STORE_DETAILS = "store_details"
    CONTACT_PHONE = "contact_phone"
    CONTACT_TEXT = "contact_text"
    CONTACT_EMAIL = "contact_email"
    SHARE_MILESTONES = "share_milestones"

    @property
    def is_contact_channel(self) -> bool:
        return self.value.startswith("contact_")


CONTACT_CHANNELS: tuple[ConsentKind, ...] = tuple(k for k in ConsentKind if k.is_contact_channel)
