"""First run, unlock, lock: the real windows driven with qtbot on real vaults."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitator import app
from facilitator.ui.frame.application import SETTINGS_FILE, Controller
from facilitator.ui.frame.main_window import SETTINGS_KEYS, MainWindow
from facilitator.ui.start.unlock import FirstRunWindow, UnlockWindow

MakeController = Callable[..., Controller]
WaitForMain = Callable[[Controller], MainWindow]


def _first_run(controller: Controller) -> FirstRunWindow:
    controller.start()
    window = controller.window
    assert isinstance(window, FirstRunWindow)
    return window


def _type(qtbot: QtBot, window: FirstRunWindow, first: str, second: str) -> None:
    window.passphrase.clear()
    window.repeat.clear()
    qtbot.keyClicks(window.passphrase, first)
    qtbot.keyClicks(window.repeat, second)


def _create(qtbot: QtBot, window: FirstRunWindow, passphrase: str) -> None:
    _type(qtbot, window, passphrase, passphrase)
    assert window.create_button.isEnabled(), window.why_not_ready()
    qtbot.mouseClick(window.create_button, Qt.MouseButton.LeftButton)
    assert window.task is not None
    assert not window.form.isEnabled()  # the form waits while the KDF runs
    assert window.busy.isVisibleTo(window)
    with qtbot.waitSignal(window.task.finished, timeout=20_000):
        pass


def _unlock(qtbot: QtBot, window: UnlockWindow, passphrase: str, *, ok: bool) -> None:
    window.passphrase.clear()
    qtbot.keyClicks(window.passphrase, passphrase)
    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)  # Enter unlocks
    assert window.task is not None
    signal = window.task.finished if ok else window.task.failed
    with qtbot.waitSignal(signal, timeout=20_000):
        pass


def test_create_is_enabled_only_for_a_strong_matching_passphrase(
    qtbot: QtBot, make_controller: MakeController, tmp_path: Path, strong_passphrase: str
) -> None:
    window = _first_run(make_controller(tmp_path / "vault"))

    assert not window.create_button.isEnabled()
    assert "type it again" in window.reason.text()

    _type(qtbot, window, strong_passphrase, strong_passphrase + "x")
    assert not window.create_button.isEnabled()
    assert window.reason.text() == "The two passphrases do not match."
    assert window.create_button.toolTip() == window.reason.text()

    _type(qtbot, window, "password", "password")
    assert not window.create_button.isEnabled()
    assert "too easy to guess" in window.reason.text()
    assert window.strength_bar.value() < 2
    assert window.advice.text()  # zxcvbn's warning, e.g. a top-10 common password

    _type(qtbot, window, strong_passphrase, strong_passphrase)
    assert window.create_button.isEnabled()
    assert window.strength_bar.value() >= 2
    assert not window.reason.isVisibleTo(window)


def test_create_lock_and_unlock_again(
    qtbot: QtBot,
    make_controller: MakeController,
    wait_for_main: WaitForMain,
    tmp_path: Path,
    strong_passphrase: str,
) -> None:
    folder = tmp_path / "vault"
    controller = make_controller(folder)
    first_run = _first_run(controller)

    _create(qtbot, first_run, strong_passphrase)
    main = wait_for_main(controller)
    assert app.vault_exists(folder)
    assert main.stack.currentWidget() is main.today
    assert main.today.title.text().startswith("Today")
    assert main.today.sections["overdue_follow_ups"].empty.isVisibleTo(main.today)

    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    with qtbot.waitSignal(main.destroyed):  # the window and all it showed are gone
        qtbot.keyClick(main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    unlock = controller.window
    assert isinstance(unlock, UnlockWindow)
    assert controller.main_window is None and controller.unlocked is None
    controller.jobs.wait()  # the lock is done on the vault's thread...
    with app.open_vault(folder, strong_passphrase):  # ...and frees the vault for others
        pass

    _unlock(qtbot, unlock, "not the passphrase", ok=False)
    assert controller.window is unlock
    assert "does not unlock this vault" in unlock.problem.text()
    assert unlock.problem.isVisibleTo(unlock)
    assert not unlock.problem_icon.pixmap().isNull()  # the warning sign beside it
    assert unlock.problem.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert unlock.passphrase.text() == ""
    assert unlock.form.isEnabled()

    _unlock(qtbot, unlock, strong_passphrase, ok=True)
    main = wait_for_main(controller)
    assert main.today.sections["todays_sessions"].empty.text() == "No sessions today."


def test_lock_leaves_only_window_geometry_in_the_settings(
    qtbot: QtBot,
    make_controller: MakeController,
    wait_for_main: WaitForMain,
    tmp_path: Path,
    config_dir: Path,
    strong_passphrase: str,
) -> None:
    folder = tmp_path / "private-folder-name"
    controller = make_controller(folder)
    _create(qtbot, _first_run(controller), strong_passphrase)
    wait_for_main(controller)
    controller.lock()

    ini = config_dir / SETTINGS_FILE
    settings = QSettings(str(ini), QSettings.Format.IniFormat)
    assert set(settings.allKeys()) == set(SETTINGS_KEYS)
    assert "private-folder-name" not in ini.read_text(encoding="latin-1")


def test_remember_is_disabled_with_the_reason_when_no_keyring(
    make_controller: MakeController, tmp_path: Path
) -> None:
    window = _first_run(make_controller(tmp_path / "vault"))
    status = app.keyring_status()
    assert not status.available  # the tests' fail backend

    assert not window.remember.isEnabled()
    assert status.reason in window.remember.toolTip()
    assert status.reason in window.remember_note.text()


def test_remember_is_offered_with_a_keyring_and_a_refusal_makes_no_vault(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    make_controller: MakeController,
    tmp_path: Path,
    strong_passphrase: str,
) -> None:
    from facilitator.storage.keystore import KeyringStatus

    # The app sees a keyring; the storage layer (still on the fail backend) refuses.
    # That is decided before the vault is made: the window says why, nothing is made.
    monkeypatch.setattr(app, "keyring_status", lambda: KeyringStatus(True, "Test Keychain"))
    folder = tmp_path / "vault"
    controller = make_controller(folder)
    window = _first_run(controller)
    assert window.remember.isEnabled()
    assert "Test Keychain" in window.remember.toolTip()

    window.remember.setChecked(True)
    _type(qtbot, window, strong_passphrase, strong_passphrase)
    qtbot.mouseClick(window.create_button, Qt.MouseButton.LeftButton)
    assert window.task is not None
    with qtbot.waitSignal(window.task.failed, timeout=20_000):
        pass

    assert "cannot be remembered" in window.problem.text()
    assert window.problem.isVisibleTo(window)
    assert controller.window is window
    assert not folder.exists()


def test_a_remembered_key_opens_straight_into_the_main_window(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    make_controller: MakeController,
    wait_for_main: WaitForMain,
    vault_dir: Path,
    strong_passphrase: str,
) -> None:
    app.create_vault(vault_dir, strong_passphrase).lock()
    # As if the keyring held this vault's key.
    monkeypatch.setattr(
        app, "open_remembered", lambda f, **kw: app.open_vault(f, strong_passphrase, **kw)
    )
    controller = make_controller(vault_dir)
    controller.start()
    wait_for_main(controller)


def test_a_missing_vault_offers_to_create_one(
    qtbot: QtBot, make_controller: MakeController, tmp_path: Path
) -> None:
    missing = tmp_path / "gone"
    controller = make_controller(missing)
    unlock = controller.show_unlock(missing)

    _unlock(qtbot, unlock, "anything at all", ok=False)
    assert "There is no vault" in unlock.problem.text()
    assert unlock.create_button.isVisibleTo(unlock)

    qtbot.mouseClick(unlock.create_button, Qt.MouseButton.LeftButton)
    assert isinstance(controller.window, FirstRunWindow)
    assert controller.window.target == missing


def test_a_damaged_vault_says_to_restore_a_backup(
    qtbot: QtBot, make_controller: MakeController, vault_dir: Path, strong_passphrase: str
) -> None:
    app.create_vault(vault_dir, strong_passphrase).lock()
    (vault_dir / "key.json").write_text("{not json", encoding="utf-8")
    controller = make_controller(vault_dir)
    unlock = controller.show_unlock(vault_dir)

    _unlock(qtbot, unlock, strong_passphrase, ok=False)
    assert "damaged" in unlock.problem.text()
    assert "backup" in unlock.problem.text()
    assert controller.window is unlock


def _cost_16_gib(folder: Path) -> None:
    import hashlib
    import json

    body = json.loads((folder / "key.json").read_bytes())
    body.pop("checksum")
    body["kdf"]["memory_kib"] = 16 * 1024 * 1024
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    body["checksum"] = hashlib.sha256(canonical).hexdigest()
    (folder / "key.json").write_text(json.dumps(body), encoding="ascii")


def _key_file_a_folder(folder: Path) -> None:
    (folder / "key.json").unlink()
    (folder / "key.json").mkdir()


def _wal_a_fifo(folder: Path) -> None:
    import os

    os.mkfifo(folder / "vault.db-wal")


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "damage",
    [_cost_16_gib, _key_file_a_folder, _wal_a_fifo],
    ids=["key.json asks for 16 GiB", "key.json is a folder", "the -wal is a FIFO"],
)
def test_an_untrusted_vault_file_shows_the_damaged_vault_window(
    qtbot: QtBot,
    make_controller: MakeController,
    vault_dir: Path,
    strong_passphrase: str,
    damage: Callable[[Path], None],
) -> None:
    """Before: a hang allocating 16 GiB, an IsADirectoryError, a hang on the pipe."""
    app.create_vault(vault_dir, strong_passphrase).lock()
    damage(vault_dir)
    controller = make_controller(vault_dir)
    unlock = controller.show_unlock(vault_dir)

    _unlock(qtbot, unlock, strong_passphrase, ok=False)

    assert "damaged" in unlock.problem.text()
    assert unlock.restore_button.isVisibleTo(unlock)  # "Restore from a backup…"
    assert controller.window is unlock


def test_a_vault_open_elsewhere_says_so(
    qtbot: QtBot, make_controller: MakeController, vault_dir: Path, strong_passphrase: str
) -> None:
    app.create_vault(vault_dir, strong_passphrase).lock()
    with app.open_vault(vault_dir, strong_passphrase):  # "another window"
        controller = make_controller(vault_dir)
        unlock = controller.show_unlock(vault_dir)
        _unlock(qtbot, unlock, strong_passphrase, ok=False)
    assert "already open" in unlock.problem.text()


def test_an_unexpected_failure_reaches_the_crash_dialog_and_the_log_without_its_message(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    make_controller: MakeController,
    messages: object,
    vault_dir: Path,
    strong_passphrase: str,
) -> None:
    app.create_vault(vault_dir, strong_passphrase).lock()

    def broken(folder: Path, passphrase: str, **_: object) -> app.OpenVault:
        raise RuntimeError("Alice Example relapsed")  # personal data in a message

    monkeypatch.setattr(app, "open_vault", broken)
    controller = make_controller(vault_dir)
    unlock = controller.show_unlock(vault_dir)
    _unlock(qtbot, unlock, strong_passphrase, ok=False)

    assert [kind for kind, _ in controller.messages.shown] == ["crash"]  # type: ignore[attr-defined]
    assert "RuntimeError" in caplog.text
    assert "broken" in caplog.text  # the frame's function
    assert "Alice" not in caplog.text
    assert not unlock.problem.isVisibleTo(unlock)


def test_the_about_box_names_the_version_and_the_security_model(
    qtbot: QtBot,
    make_controller: MakeController,
    wait_for_main: WaitForMain,
    vault_dir: Path,
    strong_passphrase: str,
) -> None:
    from facilitator import __version__

    app.create_vault(vault_dir, strong_passphrase).lock()
    controller = make_controller(vault_dir)
    _unlock(qtbot, controller.show_unlock(vault_dir), strong_passphrase, ok=True)
    main = wait_for_main(controller)
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    main.about_action.trigger()  # Help ▸ About (F1 opens the guide since issue 16)
    kind, text = controller.messages.shown[-1]  # type: ignore[attr-defined]
    assert kind == "about"
    assert __version__ in text
    assert "Argon2id" in text


def test_refresh_reads_the_digest_again(
    qtbot: QtBot,
    make_controller: MakeController,
    wait_for_main: WaitForMain,
    vault_dir: Path,
    strong_passphrase: str,
) -> None:
    import datetime as dt

    app.create_vault(vault_dir, strong_passphrase).lock()
    controller = make_controller(vault_dir)
    _unlock(qtbot, controller.show_unlock(vault_dir), strong_passphrase, ok=True)
    main = wait_for_main(controller)
    overdue = main.today.sections["overdue_follow_ups"]
    assert overdue.row_texts() == []

    assert controller.unlocked is not None
    yesterday = dt.date.today() - dt.timedelta(days=1)
    controller.unlocked.vault.services.follow_ups.add("Ring the hall about keys", due_on=yesterday)
    main.refresh_action.trigger()  # F5
    qtbot.waitUntil(lambda: overdue.row_texts() != [], timeout=10_000)
    assert overdue.row_texts()[0][1] == "Ring the hall about keys"
