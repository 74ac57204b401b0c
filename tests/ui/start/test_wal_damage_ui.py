"""A lost write-ahead log in the desktop app: the unlock window says recent changes may
be missing and offers "Restore from a backup…"; nothing in the folder is changed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator import app
from facilitator.services.roster import MemberDraft
from facilitator.ui.frame.application import Controller

MakeController = Callable[..., Controller]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_a_lost_wal_says_recent_changes_may_be_missing_and_offers_a_backup(
    qtbot: QtBot,
    make_controller: MakeController,
    vault_dir: Path,
    tmp_path: Path,
    strong_passphrase: str,
) -> None:
    live = tmp_path / "live"
    with app.create_vault(live, strong_passphrase) as opened:
        for name in ("Robin", "Quinn", "Sasha"):
            opened.services.roster.add_member(MemberDraft(first_name=name))  # reported saved
        # The laptop dies now: the WAL holds the three; then a sync tool drops it.
        shutil.copytree(live, vault_dir, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
    before = _tree(vault_dir)

    controller = make_controller(vault_dir)
    window = controller.show_unlock(vault_dir)
    qtbot.keyClicks(window.passphrase, strong_passphrase)
    qtbot.keyClick(window.passphrase, Qt.Key.Key_Return)
    assert window.task is not None
    with qtbot.waitSignal(window.task.failed, timeout=20_000):
        pass
    assert "Recent changes to the vault may be missing" in window.problem.text()
    assert "3 change(s)" in window.problem.text()
    assert window.restore_button.isVisibleTo(window)
    assert controller.unlocked is None
    assert _tree(vault_dir) == before
