"""Choosing a file leaves no path on disk: Qt's file dialog remembers no folder.

issue 16 defect 13 (c): Qt's own ``~/.config/QtProject.conf`` recorded the folders
a facilitator exported or backed up to (``lastVisited``, ``history``), while the
README says the app's settings hold no paths.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

# Runs in a fresh process (Qt reads where its settings live once per process): the
# real dialogs, answered by a timer as a person would, once for each kind of choice.
SCRIPT = r"""
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from facilitator.ui.dialogs.messages import Messages

app = QApplication([])
kind, place = sys.argv[1], Path(sys.argv[2])

def answer():
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, QFileDialog):
        QTimer.singleShot(20, answer)
        return
    dialog.setDirectory(str(place))
    if kind == "save":
        dialog.selectFile(str(place / "summary-2026-11.csv"))
    elif kind == "open":
        dialog.selectFile(str(place / "roster.csv"))
    dialog.accept()

QTimer.singleShot(0, answer)
messages = Messages()
if kind == "save":
    chosen = messages.choose_save_file(None, "Save", place.parent / "summary.csv", "CSV (*.csv)")
elif kind == "open":
    chosen = messages.choose_open_file(None, "Open", place.parent, "CSV (*.csv)")
else:
    chosen = messages.choose_folder(None, "Backups", place.parent)
app.processEvents()
print(chosen)
"""


@pytest.mark.parametrize("kind", ["save", "open", "folder"])
def test_a_chosen_folder_is_written_nowhere(tmp_path: Path, kind: str) -> None:
    """issue 16 defect 13 (c): after a file or folder is chosen, no file under the
    person's home (config, data, state, cache) holds the folder's name."""
    home = tmp_path / "home"
    home.mkdir()
    place = tmp_path / "Recovery group exports"
    place.mkdir()
    (place / "roster.csv").write_text("first_name\n", encoding="utf-8")
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, kind, str(place)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "Recovery group exports" in done.stdout  # the choice was made
    written = [p for p in home.rglob("*") if p.is_file()]
    remembered = [
        str(p.relative_to(home))
        for p in written
        if "Recovery" in p.read_bytes().decode("utf-8", "replace").replace("%20", " ")
    ]
    assert remembered == []


def test_only_the_kit_opens_a_file_dialog() -> None:
    """issue 16 defect 13 (c): every file choice goes through facilitator.ui.kit.files
    (a QFileDialog opened elsewhere would remember its folders again)."""
    ui = ROOT / "facilitator" / "ui"
    users = sorted(
        str(p.relative_to(ui))
        for p in ui.rglob("*.py")
        if "QFileDialog" in p.read_text(encoding="utf-8")
        and p != ui / "kit" / "files.py"
        and p != ui / "dialogs" / "messages.py"  # names it in its description only
    )
    assert users == []
    assert "QFileDialog." not in (ui / "dialogs" / "messages.py").read_text(encoding="utf-8")
