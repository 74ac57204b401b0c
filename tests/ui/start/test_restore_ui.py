"""Restore from a backup, in the desktop app: from the unlock window of a damaged (or
missing) vault, and from the first-run window on a new computer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from doubles import RecordingMessages
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from facilitator import app
from facilitator.services.roster import MemberDraft
from facilitator.ui.frame.application import Controller
from facilitator.ui.frame.main_window import MainWindow
from facilitator.ui.start.restore_dialog import RestoreDialog
from facilitator.ui.start.unlock import FirstRunWindow, UnlockWindow

MakeController = Callable[..., Controller]
WaitForMain = Callable[[Controller], MainWindow]
DamagedUnlock = Callable[[], tuple[Controller, UnlockWindow]]

PAGE = 4096
NEW_PASSPHRASE = "copper meadow lighthouse umbrella"
FOLLOW_UP = "Ring the hall about the spare keys"


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _siblings(folder: Path) -> list[str]:
    """Everything next to the vault folder but itself (aside copies, staging folders)."""
    return sorted(p.name for p in folder.parent.iterdir() if p.name != folder.name)


@pytest.fixture
def backup(tmp_path: Path, vault_dir: Path, strong_passphrase: str) -> Path:
    """A vault with Robin and an overdue follow-up, backed up; then its passphrase is
    changed and Quinn added (after the backup).  Returns the backup file."""
    with app.create_vault(vault_dir, strong_passphrase) as opened:
        s = opened.services
        s.roster.add_member(MemberDraft(first_name="Robin", last_name="Backedup"))
        s.follow_ups.add(FOLLOW_UP, due_on=dt.date.today() - dt.timedelta(days=1))
        shelf = tmp_path / "usb-stick"
        shelf.mkdir()
        report = opened.backup(shelf / "vault.fbk")
        opened.change_passphrase(NEW_PASSPHRASE)
        s.roster.add_member(MemberDraft(first_name="Quinn", last_name="Afterwards"))
    return report.path


def _damage(vault_dir: Path) -> None:
    """Flip a byte in a page in the middle of vault.db (as test_faults_damage.py does)."""
    db = vault_dir / "vault.db"
    data = bytearray(db.read_bytes())
    assert len(data) >= 4 * PAGE
    data[(len(data) // PAGE // 2) * PAGE + 1234] ^= 0x5A
    db.write_bytes(bytes(data))


def _unlock_fails(qtbot: QtBot, window: UnlockWindow, passphrase: str) -> None:
    qtbot.keyClicks(window.passphrase, passphrase)
    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
    assert window.task is not None
    with qtbot.waitSignal(window.task.failed, timeout=20_000):
        pass


def _open_dialog(
    qtbot: QtBot, window: UnlockWindow | FirstRunWindow, messages: RecordingMessages, file: Path
) -> RestoreDialog:
    messages.file_answer = file
    assert window.restore_button.isVisibleTo(window)
    qtbot.mouseClick(window.restore_button, Qt.MouseButton.LeftButton)
    assert messages.shown[-1][0] == "choose_open_file"
    dialog = window.restore_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.file.text() == str(file)
    return dialog


def _restore(
    qtbot: QtBot,
    window: UnlockWindow | FirstRunWindow,
    dialog: RestoreDialog,
    passphrase: str,
    *,
    ok: bool,
) -> None:
    qtbot.keyClicks(dialog.passphrase, passphrase)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.passphrase.text() == ""  # not kept in a widget once used
    assert window.task is not None and window.working
    assert not window.restore_button.isEnabled()  # no second restore meanwhile
    signal = window.task.finished if ok else window.task.failed
    with qtbot.waitSignal(signal, timeout=20_000):
        pass


@pytest.fixture
def damaged_unlock(qtbot: QtBot, make_controller: MakeController, vault_dir: Path) -> DamagedUnlock:
    """The app on a damaged vault: its unlock window, after a refused unlock offers a restore."""

    def make() -> tuple[Controller, UnlockWindow]:
        _damage(vault_dir)
        controller = make_controller(vault_dir)
        window = controller.show_unlock(vault_dir)
        assert not window.restore_button.isVisibleTo(window)  # not offered before a problem
        _unlock_fails(qtbot, window, NEW_PASSPHRASE)
        assert "damaged" in window.problem.text()
        assert window.restore_button.isVisibleTo(window)
        return controller, window

    return make


def test_a_damaged_vault_is_restored_from_a_backup_and_opens(
    qtbot: QtBot,
    damaged_unlock: DamagedUnlock,
    wait_for_main: WaitForMain,
    messages: RecordingMessages,
    backup: Path,
    vault_dir: Path,
    strong_passphrase: str,
) -> None:
    controller, window = damaged_unlock()
    damaged = _tree(vault_dir)

    dialog = _open_dialog(qtbot, window, messages, backup)
    assert "when this backup was made" in " ".join(w.text() for w in dialog.findChildren(QLabel))
    _restore(qtbot, window, dialog, strong_passphrase, ok=True)  # the passphrase of then

    main = wait_for_main(controller)
    overdue = main.today.sections["overdue_follow_ups"]
    assert [row[1] for row in overdue.row_texts()] == [FOLLOW_UP]  # the backed-up data, shown
    assert controller.unlocked is not None
    members = controller.unlocked.vault.services.roster.members()
    assert [m.first_name for m in members] == ["Robin"]  # as it was when backed up
    # The damaged vault is kept aside, byte for byte, and the user is told where.
    (aside_name,) = [name for name in _siblings(vault_dir) if name != "usb-stick"]
    assert aside_name.startswith("vault.replaced-")
    aside = vault_dir.parent / aside_name
    assert {k: v for k, v in _tree(aside).items() if k != ".lock"} == {
        k: v for k, v in damaged.items() if k != ".lock"
    }
    qtbot.waitUntil(lambda: messages.shown[-1][0] == "information")
    assert str(aside) in messages.shown[-1][1]
    assert "Delete that folder" in messages.shown[-1][1]

    controller.lock()  # and the restored vault unlocks with the backup's passphrase
    controller.jobs.wait()
    with app.open_vault(vault_dir, strong_passphrase) as reopened:
        assert [m.first_name for m in reopened.services.roster.members()] == ["Robin"]


def test_a_wrong_backup_passphrase_changes_nothing(
    qtbot: QtBot,
    damaged_unlock: DamagedUnlock,
    messages: RecordingMessages,
    backup: Path,
    vault_dir: Path,
) -> None:
    controller, window = damaged_unlock()
    damaged, around = _tree(vault_dir), _siblings(vault_dir)

    dialog = _open_dialog(qtbot, window, messages, backup)
    _restore(qtbot, window, dialog, NEW_PASSPHRASE, ok=False)  # today's, not the backup's

    assert "does not unlock this backup" in window.problem.text()
    assert "Nothing has been changed" in window.problem.text()
    assert window.restore_button.isVisibleTo(window) and window.restore_button.isEnabled()
    assert controller.window is window
    assert _tree(vault_dir) == damaged
    assert _siblings(vault_dir) == around  # no aside copy, no staging folder left


def test_a_damaged_backup_file_is_refused(
    qtbot: QtBot,
    damaged_unlock: DamagedUnlock,
    messages: RecordingMessages,
    backup: Path,
    vault_dir: Path,
    strong_passphrase: str,
) -> None:
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0x01
    backup.write_bytes(bytes(data))
    controller, window = damaged_unlock()
    damaged, around = _tree(vault_dir), _siblings(vault_dir)

    _restore(
        qtbot, window, _open_dialog(qtbot, window, messages, backup), strong_passphrase, ok=False
    )

    assert "is damaged" in window.problem.text()
    assert "Use another backup" in window.problem.text()
    assert controller.window is window
    assert _tree(vault_dir) == damaged
    assert _siblings(vault_dir) == around


def test_a_file_that_is_not_a_backup_is_refused(
    qtbot: QtBot,
    damaged_unlock: DamagedUnlock,
    messages: RecordingMessages,
    backup: Path,
    vault_dir: Path,
    strong_passphrase: str,
) -> None:
    notes = backup.with_name("notes.txt")
    notes.write_text("not a backup at all", encoding="utf-8")
    _controller, window = damaged_unlock()
    damaged = _tree(vault_dir)

    _restore(
        qtbot, window, _open_dialog(qtbot, window, messages, notes), strong_passphrase, ok=False
    )

    assert "is not a Facilitator backup" in window.problem.text()
    assert _tree(vault_dir) == damaged


def test_cancelling_the_file_or_the_passphrase_does_nothing(
    qtbot: QtBot,
    damaged_unlock: DamagedUnlock,
    messages: RecordingMessages,
    backup: Path,
    vault_dir: Path,
) -> None:
    _controller, window = damaged_unlock()
    damaged = _tree(vault_dir)

    messages.file_answer = None  # the file dialog was cancelled
    qtbot.mouseClick(window.restore_button, Qt.MouseButton.LeftButton)
    assert window.restore_dialog is None

    dialog = _open_dialog(qtbot, window, messages, backup)
    assert not dialog.restore_button.isEnabled()  # nothing typed yet
    qtbot.keyClicks(dialog.passphrase, "typed then thought better of it")
    assert dialog.restore_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert not window.working  # no restore was started
    assert _tree(vault_dir) == damaged


def test_a_damaged_key_file_and_a_missing_vault_offer_restore_too(
    qtbot: QtBot,
    make_controller: MakeController,
    wait_for_main: WaitForMain,
    messages: RecordingMessages,
    backup: Path,
    vault_dir: Path,
    strong_passphrase: str,
) -> None:
    (vault_dir / "key.json").write_text("{not json", encoding="utf-8")
    controller = make_controller(vault_dir)
    window = controller.show_unlock(vault_dir)
    _unlock_fails(qtbot, window, NEW_PASSPHRASE)
    assert "key file" in window.problem.text()
    assert window.restore_button.isVisibleTo(window)

    gone = vault_dir.parent / "moved-away"
    window = controller.show_unlock(gone)
    _unlock_fails(qtbot, window, NEW_PASSPHRASE)
    assert "There is no vault" in window.problem.text()
    assert window.restore_button.isVisibleTo(window)
    assert window.create_button.isVisibleTo(window)

    _restore(
        qtbot, window, _open_dialog(qtbot, window, messages, backup), strong_passphrase, ok=True
    )
    wait_for_main(controller)
    assert app.vault_exists(gone)
    assert not any(p.name.startswith("moved-away.") for p in gone.parent.iterdir())  # no aside
    assert "information" not in [kind for kind, _ in messages.shown]


def test_first_run_restores_a_backup_into_a_fresh_folder(
    qtbot: QtBot,
    make_controller: MakeController,
    wait_for_main: WaitForMain,
    messages: RecordingMessages,
    backup: Path,
    tmp_path: Path,
    strong_passphrase: str,
) -> None:
    new_laptop = tmp_path / "new-laptop" / "vault"
    controller = make_controller(new_laptop)
    controller.start()
    window = controller.window
    assert isinstance(window, FirstRunWindow)
    assert window.restore_button.isVisibleTo(window)

    dialog = _open_dialog(qtbot, window, messages, backup)
    assert "becomes the vault in" in dialog.where.text()
    _restore(qtbot, window, dialog, strong_passphrase, ok=True)

    main = wait_for_main(controller)
    assert [row[1] for row in main.today.sections["overdue_follow_ups"].row_texts()] == [FOLLOW_UP]
    assert app.vault_exists(new_laptop)
    assert sorted(p.name for p in new_laptop.parent.iterdir()) == ["vault"]  # nothing else
    assert (new_laptop.stat().st_mode & 0o777) == 0o700


def test_first_run_into_a_folder_that_holds_a_vault_offers_no_restore(
    make_controller: MakeController, vault_dir: Path, strong_passphrase: str
) -> None:
    app.create_vault(vault_dir, strong_passphrase).lock()
    controller = make_controller(vault_dir)
    window = controller.show_first_run(vault_dir)
    assert window.open_existing_button.isVisibleTo(window)
    assert not window.restore_button.isVisibleTo(window)


def test_every_restore_control_has_an_accessible_name(
    qtbot: QtBot, damaged_unlock: DamagedUnlock, messages: RecordingMessages, backup: Path
) -> None:
    _controller, window = damaged_unlock()
    dialog = _open_dialog(qtbot, window, messages, backup)
    for widget in [window.restore_button, *dialog.findChildren(QWidget)]:
        if widget.metaObject().className() in {"QWidget", "QDialogButtonBox"}:
            continue  # layout containers
        if widget.objectName().startswith("qt_"):
            continue  # Qt's own internals (e.g. a line edit's clear action)
        assert widget.accessibleName(), widget.metaObject().className()
