"""Issue 16 defect 16: the placeholder colour (3.9:1 against the window in the default
palette) was used for real text — the check-in hint, faded attendance marks, a dialog's
explanation.  Text that is read uses kit.widgets.secondary_text(_colour), which keeps
4.5:1; the placeholder colour is for placeholders only."""

from __future__ import annotations

import re
from pathlib import Path

import facilitator.ui

UI = Path(facilitator.ui.__file__).parent
USES_PLACEHOLDER_COLOUR = re.compile(r"ColorRole\.PlaceholderText")


def test_no_text_is_drawn_in_the_placeholder_colour() -> None:
    found = [
        f"{path.relative_to(UI)}:{number}"
        for path in sorted(UI.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if USES_PLACEHOLDER_COLOUR.search(line)
    ]
    assert found == []
