"""review16: the roster template of the first steps (issue 16, first steps)."""

from __future__ import annotations

from facilitator.errors import InvalidInput
from facilitator.services.first_steps import ROSTER_TEMPLATE_EXAMPLE, roster_template
from facilitator.services.importer import parse_roster_csv


def test_review16_the_templates_example_row_is_never_imported_as_a_person() -> None:
    filled = roster_template() + b"Sam,Reed,,,,,,,active,\r\n"
    try:
        parsed = parse_roster_csv(filled)
    except InvalidInput:
        return  # refused with a reason: also fine
    firsts = [d.first_name for d in parsed.drafts]
    assert ROSTER_TEMPLATE_EXAMPLE[0] not in firsts
