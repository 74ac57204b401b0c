"""Every date a person reads is written by facilitator/ui/kit/dates.py (issue 16
defect 15: "2026-12-07" in one dialog, "7 Dec 2026" elsewhere).

The UI's source is scanned: ``isoformat()``, ``strftime`` and literal Qt date
formats ("yyyy-MM-dd") appear only in kit/dates.py and in the few lines that build
file names (allow-listed below); a date edit's display format comes from
:func:`date_format`, so a typed date looks like a shown one.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pytestqt.qtbot import QtBot

import facilitator.ui
from facilitator.ui.kit.dates import DateStyle, date_format, date_time_text
from facilitator.ui.members.common import date_edit

UI = Path(facilitator.ui.__file__).parent
DATES = UI / "kit" / "dates.py"
WRITES_A_DATE = re.compile(
    r"isoformat\(\)|strftime\(|\.toString\(\s*\"|\"[^\"]*(yyyy|MM-dd|dd/MM|MM/dd)[^\"]*\""
)
# (file, a word on the line): dates in suggested file names, not shown as text.
FILE_NAMES = {
    ("session/page.py", "sign-in-sheet-"),
    ("editors/sheet_flow.py", "sign-in-sheet-"),
    ("reports/page.py", "facilitator-export-"),
    ("reports/summary_panel.py", "attendance-summary-"),
    ("reports/backup_now.py", "Facilitator-backup-"),
}


def _written_dates() -> list[str]:
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path == DATES:
            continue
        name = path.relative_to(UI).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not WRITES_A_DATE.search(line):
                continue
            if any(name == f and word in line for f, word in FILE_NAMES):
                continue
            found.append(f"{name}:{number}: {line.strip()}")
    return found


def test_no_date_is_written_outside_kit_dates_but_file_names() -> None:
    """issue 16 defect 15: one way of writing dates, kit/dates.py's."""
    assert _written_dates() == []


def test_the_scan_finds_a_date_written_by_hand(tmp_path: Path) -> None:
    """The scan is not blind: the shapes it must catch."""
    for line in (
        "label.setText(day.isoformat())",
        'text = f"{made_at.strftime("%Y-%m-%d")}"',
        'edit.setDisplayFormat("yyyy-MM-dd")',
        'QDate.currentDate().toString("dd/MM/yyyy")',
    ):
        assert WRITES_A_DATE.search(line), line
    assert not WRITES_A_DATE.search("edit.setDisplayFormat(date_format(DateStyle.PLAIN))")


def test_every_date_edit_shows_dates_as_the_app_writes_them(qtbot: QtBot) -> None:
    """issue 16 defect 15: the Members page's and the member dialog's date edits show
    "7 Dec 2026", as the lists do, not "2026-12-07"."""
    from facilitator.ui.editors import member_dialog

    edit = date_edit("A date")
    qtbot.addWidget(edit)
    assert edit.displayFormat() == date_format(DateStyle.PLAIN)
    source = Path(member_dialog.__file__).read_text(encoding="utf-8")
    assert "setDisplayFormat(date_format(" in source
    assert "yyyy-MM-dd" not in source


def test_a_moment_is_written_with_its_date_as_elsewhere() -> None:
    """issue 16 defect 15: "when published" reads "2 Aug 2026 …", not "2026-08-02 …"."""
    text = date_time_text(dt.datetime(2026, 8, 2, 14, 5))
    assert text.startswith("2 Aug 2026 ")
    assert "14" in text or "2:05" in text
