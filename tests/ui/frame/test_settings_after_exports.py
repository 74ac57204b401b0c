"""After a backup and an export, nothing the app keeps outside the vault names a folder.

issue 16 defect 13 (c): the README says the settings hold no paths; the app's own
settings file (and anything else in its config folder) is checked after the flows
that choose a place on disk.  (Qt's own file dialog: tests/ui/kit/test_file_dialog_memory.py.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from doubles import RecordingMessages
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator import app
from facilitator.services.roster import MemberDraft
from facilitator.ui.frame.application import SETTINGS_FILE, Controller
from facilitator.ui.frame.main_window import MainWindow

PASSPHRASE = "lantern orchard seventy quietly"


def _settle(qtbot: QtBot, controller: Controller) -> None:
    qtbot.waitUntil(
        lambda: controller.backend is not None and controller.backend.pending == 0,
        timeout=10_000,
    )


def test_backup_and_export_leave_no_path_in_the_settings(
    qtbot: QtBot,
    make_controller: Callable[..., Controller],
    wait_for_main: Callable[[Controller], MainWindow],
    messages: RecordingMessages,
    vault_dir: Path,
    config_dir: Path,
    tmp_path: Path,
) -> None:
    """issue 16 defect 13 (c)."""
    opened = app.create_vault(vault_dir, PASSPHRASE)
    opened.services.roster.add_member(MemberDraft("Samira", "Tahir-Whitfield"))
    opened.lock()
    controller = make_controller(vault_dir)
    window = controller.show_unlock(vault_dir)
    qtbot.keyClicks(window.passphrase, PASSPHRASE)
    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
    main = wait_for_main(controller)
    main.show_page("reports")
    _settle(qtbot, controller)

    place = tmp_path / "Recovery backups"
    place.mkdir()
    messages.file_answer = place / "tuesday.fbk"
    main.reports.back_up_button.click()
    _settle(qtbot, controller)
    assert (place / "tuesday.fbk").is_file()

    summary = main.reports.summary
    summary.preset.setCurrentIndex(summary.preset.findData("last-12-months"))  # ended months
    main.reports.summary.csv.setChecked(True)
    messages.file_answer = place / "summary.csv"
    main.reports.summary.export_button.click()
    _settle(qtbot, controller)
    assert (place / "summary.csv").is_file(), main.reports.summary.status.text()

    controller.lock()
    controller.jobs.wait()
    kept = [p for p in config_dir.rglob("*") if p.is_file()]
    assert config_dir / SETTINGS_FILE in kept
    for path in kept:
        text = path.read_bytes().decode("utf-8", "replace")
        for secret in ("Recovery", str(tmp_path), str(vault_dir), "Samira"):
            assert secret not in text, path.name
