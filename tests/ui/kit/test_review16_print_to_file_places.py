"""review16: Qt's print dialog keeps places too.  Its "Print to file" chooser is Qt's own
QFileDialog, opened by Qt, not through kit/files.py; kit/files.py moves Qt's "QtProject"
settings away only when one of the app's own file dialogs opens, so a print before any
save writes the folder printed to into ~/.config/QtProject.conf (issue 16 defect 13)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from facilitator import app
from facilitator.ui.frame.application import Controller
from facilitator.ui.frame.main_window import MainWindow
from facilitator.ui.kit.files import forget_file_dialog_places

PASSPHRASE = "lantern orchard seventy quietly"


@pytest.fixture
def fresh_qt_settings(tmp_path: Path) -> Iterator[Path]:
    """Qt's settings paths as a new process has them (another test may have moved them)."""
    config = tmp_path / "config"
    config.mkdir()
    QSettings.setDefaultFormat(QSettings.Format.NativeFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(config))
    yield config
    forget_file_dialog_places()


def test_review16_a_print_to_file_before_any_save_leaves_no_folder_in_qt_settings(
    qtbot: QtBot,
    tmp_path: Path,
    fresh_qt_settings: Path,
    make_controller: Callable[..., Controller],
    wait_for_main: Callable[[Controller], MainWindow],
) -> None:
    folder = tmp_path / "vault"
    app.create_vault(folder, PASSPHRASE).lock()
    controller = make_controller(folder)
    window = controller.show_unlock(folder)
    window.passphrase.setText(PASSPHRASE)
    window.unlock()
    wait_for_main(controller)
    qtbot.waitUntil(lambda: controller.backend is not None and controller.backend.pending == 0)
    secret = tmp_path / "Recovery group printouts"
    secret.mkdir()

    # What QPrintDialog's "..." beside "Print to file" does: Qt's own save dialog.
    chooser = QFileDialog(None, "Print To File ...")
    chooser.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    chooser.setDirectory(str(secret))
    chooser.selectFile(str(secret / "print.pdf"))
    chooser.show()
    chooser.accept()
    shiboken6.delete(chooser)  # Qt saves its places when the dialog is destroyed
    qtbot.wait(50)

    written = "".join(p.read_text(errors="replace") for p in fresh_qt_settings.rglob("*.conf"))
    assert "printouts" not in written  # stored URL-encoded: Recovery%20group%20printouts
