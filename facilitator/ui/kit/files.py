"""Choosing a file or a folder, without anything on disk remembering where.

Qt's own file dialog, when it closes, writes where it was (``lastVisited``), the
folders it went through (``history``) and its side bar into the user's
"QtProject" settings (``~/.config/QtProject.conf`` on Linux), shared by every Qt
application; Qt offers no switch to stop it.  Native dialogs keep lists of their
own (GTK's last folder, the Windows "recent" lists).  A folder called "Recovery
group exports" or a backup drive's name on a shared computer says enough, and the
README promises that the app's settings hold no paths (issue 16 defect 13).  So
every file choice in the app goes through the three functions here, which:

* use Qt's own dialog (``DontUseNativeDialog``): what it keeps is in Qt's hands;
* point this process's user "QtProject" settings at a place that can never exist
  (below the null device): Qt reads nothing there and writes nothing anywhere.
  Other Qt applications' entries in the same file are left as they are
  (clearing the keys there instead would wipe theirs too); the app's own
  settings file is opened by its path and format, so it is not affected;
* start each dialog with an empty history (the last person's folders are not
  offered to whoever unlocks next).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

# A folder that cannot be made: the null device is not a directory on any system.
NOWHERE = str(Path(os.devnull) / "facilitator-keeps-no-file-dialog-history")


def forget_file_dialog_places() -> None:
    """Make Qt's file dialogs read and write their settings nowhere (idempotent).

    On Windows and macOS the "native" settings format is the registry or a plist,
    which :meth:`QSettings.setPath` cannot move: the default format becomes INI
    (only settings made without a format — Qt's own — use it), then the INI path
    moves."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, NOWHERE)


def _dialog(parent: QWidget | None, title: str) -> QFileDialog:
    forget_file_dialog_places()
    dialog = QFileDialog(parent, title)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAccessibleName(title)
    dialog.setHistory([])
    return dialog


def _run(dialog: QFileDialog) -> Path | None:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return None
        chosen = dialog.selectedFiles()
        return Path(chosen[0]) if chosen and chosen[0] else None
    finally:
        dialog.setHistory([])
        dialog.deleteLater()


def choose_open_file(parent: QWidget | None, title: str, start: Path, filters: str) -> Path | None:
    """An existing file to read, or None if cancelled."""
    dialog = _dialog(parent, title)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilter(filters)
    dialog.setDirectory(str(start if start.is_dir() else start.parent))
    if not start.is_dir():
        dialog.selectFile(start.name)
    return _run(dialog)


def choose_save_file(
    parent: QWidget | None, title: str, suggested: Path, filters: str
) -> Path | None:
    """Where to write, or None; the dialog asks before replacing an existing file."""
    dialog = _dialog(parent, title)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setNameFilter(filters)
    dialog.setDirectory(str(suggested.parent))
    dialog.selectFile(suggested.name)
    return _run(dialog)


def choose_folder(parent: QWidget | None, title: str, start: Path) -> Path | None:
    """An existing folder, or None if cancelled."""
    dialog = _dialog(parent, title)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setDirectory(str(start))
    return _run(dialog)
