"""`facilitator forget-member`: forget a member for good (the right to be forgotten).

Without ``--yes`` it shows what will happen and asks, in a terminal; with no terminal
it refuses (exit status 2) rather than guess.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from facilitator.cli.confirm import need_terminal_or_yes, typed
from facilitator.cli.unlock import open_existing

if TYPE_CHECKING:  # the parser is built at every start, the app included: keep it light
    from facilitator.domain.records import ErasureCounts, ErasurePreview

BACKUPS = (
    "Backups made before now still hold this person (your own, the automatic ones in the "
    "backup folder, and any copy kept before an upgrade or a restore). If they must be "
    "gone from those too, make a new backup now, then delete or replace the older ones."
)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


# What each field the redaction reaches is called, one and many ("groups.name" is how
# ErasureCounts.redacted_fields names it); a field not listed is "other text".
FIELDS: dict[str, tuple[str, str]] = {
    "groups.name": ("group name", "group names"),
    "groups.printed_title": ("printed title", "printed titles"),
    "groups.description": ("group description", "group descriptions"),
    "groups.location": ("group location", "group locations"),
    "groups.facilitator": ("group's facilitator", "groups' facilitators"),
    "sessions.location": ("session location", "session locations"),
    "sessions.topic": ("session topic", "session topics"),
    "sessions.facilitator": ("session's facilitator", "sessions' facilitators"),
    "notes.body": ("note", "notes"),
    "follow_ups.description": ("follow-up", "follow-ups"),
    "members.notes": ("other member's notes", "other members' notes"),
    "consents.note": ("consent note", "consent notes"),
    "milestones.label": ("milestone of another member", "milestones of other members"),
}


def fields_text(c: ErasureCounts) -> str:
    """The redacted texts by field: "1 group name, 30 session topics, 2 notes"."""
    parts = []
    for field, n in c.redacted_fields:
        one, many = FIELDS.get(field, ("other text", "other texts"))
        parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)


def counts_text(c: ErasureCounts) -> str:
    return (
        f"{_plural(c.notes, 'note')} about them, {_plural(c.follow_ups, 'follow-up')}, "
        f"{_plural(c.consents, 'consent record')}, {_plural(c.milestones, 'milestone')}, "
        f"their place in {_plural(c.groups, 'group')}; "
        f"{_plural(c.marks_to_guests, 'attendance')} kept as anonymous guests; "
        f"{_plural(c.marks_dropped, 'excused or absent mark')} removed; "
        f"mentions redacted in {_plural(c.texts_redacted, 'other text')}"
        + (f" ({fields_text(c)})" if c.redacted_fields else "")
        + (
            f"; {c.vault_copies} {'copy' if c.vault_copies == 1 else 'copies'} of the vault "
            "kept before an upgrade "
            "deleted (they held them too)"
            if c.vault_copies
            else ""
        )
    )


def preview_text(preview: ErasurePreview) -> str:
    lines = [
        f"Forgetting {preview.member.display_name} (id {preview.member.id}) removes their "
        f"details and {counts_text(preview.counts)}."
    ]
    if preview.counts.emergency_contacts_kept:
        lines.append(
            "They are named as the emergency contact of "
            f"{_plural(preview.counts.emergency_contacts_kept, 'other member')} — kept; "
            "change it there if needed."
        )
    lines += [
        f"“{word}” is also the name of {_plural(n, 'other member')}; it will be redacted "
        "wherever it appears."
        for word, n in preview.shared_names
    ]
    lines.append("This cannot be undone. " + BACKUPS)
    return "\n".join(lines)


def cmd_forget_member(args: argparse.Namespace) -> int:
    need_terminal_or_yes(args.yes, "Forgetting a member")
    with open_existing(args) as opened:
        erasure = opened.services.erasure
        if not args.yes:
            preview = erasure.preview(args.member)
            sys.stderr.write(preview_text(preview) + "\n")
            if not typed("forget", f"Type “forget” to forget {preview.member.display_name}: "):
                return 1
        report = erasure.forget(args.member)
    sys.stderr.write(f"Member {args.member} has been forgotten: {counts_text(report.counts)}.\n")
    if not report.traces_cleared:
        sys.stderr.write(
            "The vault was busy, so old copies of what was deleted stayed in its encrypted "
            "files until the command closed the vault.\n"
        )
    sys.stderr.write(BACKUPS + "\n")
    return 0
