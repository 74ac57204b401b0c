"""First steps: what a new vault still lacks, for the checklist on the Today page.

Four things make a vault useful: a group, people on its roster, a session checked
in, and a backup.  :func:`read_first_steps` says which of them the vault has (one
read, a few counts); the checklist goes away once all are done, or when it is
dismissed — remembered in the vault's settings (a flag, no names or paths), so it
stays away on another computer too.

:data:`ROSTER_TEMPLATE` is a CSV file to fill in and import: the column headings
the roster importer understands (:mod:`facilitator.services.importer`), and one
example row that is clearly not a person.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from pathlib import Path

from facilitator.errors import InvalidInput
from facilitator.services._common import SYSTEM_CLOCK, Clock
from facilitator.services.backups import BackupService
from facilitator.storage.files import atomic_write_bytes
from facilitator.storage.repositories import UnitOfWorkFactory

DISMISSED_KEY = "first_steps.dismissed"

ROSTER_TEMPLATE_HEADER = (
    "First name",
    "Last name",
    "Preferred name",
    "Pronouns",
    "Phone",
    "E-mail",
    "Emergency contact",
    "Date joined",
    "Status",
    "Notes",
)
ROSTER_TEMPLATE_EXAMPLE = (
    "Example",
    "Person",
    "Ex",
    "they/them",
    "",
    "example@example.org",
    "",
    "2026-01-31",
    "active",
    "An example row: replace it with real people, or delete it",
)


@dataclass(frozen=True, slots=True)
class FirstSteps:
    has_group: bool
    has_member: bool
    has_check_in: bool  # any attendance mark, present or not
    has_backup: bool  # a good backup has been made (and recorded) at least once
    dismissed: bool = False
    first_group_id: int | None = None  # where "check in a session" leads without one today

    @property
    def all_done(self) -> bool:
        return self.has_group and self.has_member and self.has_check_in and self.has_backup

    @property
    def shown(self) -> bool:
        """Whether the checklist is shown: something left to do, and not dismissed."""
        return not (self.dismissed or self.all_done)


def read_first_steps(uow: UnitOfWorkFactory, clock: Clock = SYSTEM_CLOCK) -> FirstSteps:
    """Which first steps the vault has taken.  Once dismissed nothing else is counted
    (the checklist is not shown again)."""
    with uow() as work:
        if work.settings.get(DISMISSED_KEY) == "1":
            return FirstSteps(False, False, False, False, dismissed=True)
        groups = work.groups.all()
        found = FirstSteps(
            has_group=bool(groups),
            has_member=work.members.any(),
            has_check_in=work.attendance.any(),
            has_backup=False,
            first_group_id=groups[0].id if groups else None,
        )
    last_backup = BackupService(uow, clock).status().last
    return replace(found, has_backup=last_backup is not None)


def dismiss_first_steps(uow: UnitOfWorkFactory) -> None:
    with uow() as work:
        work.settings.set_many({DISMISSED_KEY: "1"})


def roster_template() -> bytes:
    """The template's bytes: UTF-8 with the byte-order mark, which spreadsheets (Excel
    especially) need to read accented letters right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ROSTER_TEMPLATE_HEADER)
    writer.writerow(ROSTER_TEMPLATE_EXAMPLE)
    return out.getvalue().encode("utf-8-sig")


def save_roster_template(path: Path) -> None:
    """Write the template to ``path`` atomically (all of it or, if anything fails, the
    file as it was), readable by its owner only like every file the app writes."""
    try:
        atomic_write_bytes(path, roster_template(), 0o600)
    except OSError as exc:
        raise InvalidInput(
            f"The template could not be written there ({exc.strerror}). Choose another folder."
        ) from None
