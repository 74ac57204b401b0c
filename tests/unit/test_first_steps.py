"""First steps: what a new vault lacks, read in one call; the roster template."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from facilitator import app
from facilitator.app import Services
from facilitator.errors import InvalidInput
from facilitator.services.first_steps import (
    ROSTER_TEMPLATE_EXAMPLE,
    ROSTER_TEMPLATE_HEADER,
    roster_template,
    save_roster_template,
)
from facilitator.services.importer import parse_roster_csv
from facilitator.services.roster import GroupDraft, MemberDraft


def test_each_step_is_done_once_the_vault_has_it(services: Services, tmp_path: Path) -> None:
    """issue 16, first steps: a group, a member, any mark, a backup."""
    steps = services.today.first_steps()
    assert (steps.has_group, steps.has_member, steps.has_check_in, steps.has_backup) == (
        False,
        False,
        False,
        False,
    )
    assert steps.shown and steps.first_group_id is None
    group = services.roster.create_group(GroupDraft(name="Tuesday Circle"))
    assert services.today.first_steps().has_group
    assert services.today.first_steps().first_group_id == group.id
    sam = services.roster.add_member(MemberDraft(first_name="Sam"), group_id=group.id)
    assert services.today.first_steps().has_member
    session = services.schedule.open_session(group.id)
    assert session.id is not None
    services.attendance.check_in(session.id, sam.id)
    assert services.today.first_steps().has_check_in
    assert not services.today.first_steps().has_backup
    services.backups.back_up_to(tmp_path / "first.fbk")  # where the last backup is recorded
    steps = services.today.first_steps()
    assert steps.all_done and not steps.shown


def test_a_dismissed_checklist_stays_away(services: Services) -> None:
    assert services.today.first_steps().shown
    services.today.dismiss_first_steps()
    steps = services.today.first_steps()
    assert steps.dismissed and not steps.shown


def test_the_roster_template_is_what_the_importer_reads(tmp_path: Path) -> None:
    """Every heading of the template is one the importer understands: nothing ignored, and
    the one example row reads as one (clearly fake) person."""
    target = tmp_path / "roster-template.csv"
    save_roster_template(target)
    raw = target.read_bytes()
    assert raw == roster_template()
    assert target.stat().st_mode & 0o077 == 0  # the owner's only, as every file written
    # The example row is skipped when left in (review 16): alone, there is nobody.
    with pytest.raises(InvalidInput, match="no people"):
        parse_roster_csv(raw)
    parsed = parse_roster_csv(raw + b"Sam,Reed,,,,,,,active,\r\n")
    assert parsed.ignored_columns == ()
    assert [d.first_name for d in parsed.drafts] == ["Sam"]
    assert ROSTER_TEMPLATE_EXAMPLE[5].endswith("@example.org")  # a reserved, fake domain
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == ROSTER_TEMPLATE_HEADER
    assert len(rows) == 2


def test_a_demo_vault_does_not_show_the_first_steps(tmp_path: Path) -> None:
    """A demo is not a first evening: its checklist would only ask to back up a
    throwaway vault (issue 16)."""
    opened = app.create_vault(tmp_path / "demo", "lantern orchard seventy quietly")
    try:
        opened.populate_demo("small")
        assert not opened.services.today.first_steps().shown
    finally:
        opened.lock()
