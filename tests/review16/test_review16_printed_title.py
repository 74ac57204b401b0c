"""review16: the printed title's hard guard (issue 16 defect 4): a title holding the
group's name prints 'Meeting'."""

from __future__ import annotations

import pytest

from facilitator.exports.sheets import neutral_title

NAME = "Opioid Recovery Tuesday"


@pytest.mark.parametrize(
    "title",
    [
        NAME.upper(),
        "Opioid-Recovery-Tuesday",
        "Opi\u00adoid Recovery Tuesday",
        "Opioid\u200bRecovery Tuesday",
    ],
)
def test_review16_disguised_copies_of_the_name_print_meeting(title: str) -> None:
    """Held: case, hyphens, a soft hyphen, a zero-width space."""
    assert neutral_title(title, NAME) == "Meeting"


def test_review16_a_homoglyph_copy_of_the_name_prints_meeting() -> None:
    assert neutral_title("\u041epioid Recovery Tuesday", NAME) == "Meeting"
