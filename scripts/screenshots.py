"""Take the README's screenshots from the running app, offscreen, on a fresh demo vault.

    python scripts/screenshots.py            # writes docs/screenshots/*.png

Everything runs in a throw-away home folder (no settings, logs or keyring of
yours are touched) on a demo vault of made-up people, with the real windows
driven the way a person would: unlock, then each page through the same
navigation targets the app's own links use.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SIZE = (1280, 760)
PASSPHRASE = "lantern orchard seventy quietly"


def _isolate(home: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["HOME"] = str(home)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[name] = str(home / name.lower())
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="facilitator-shots-"))
    _isolate(home)

    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtGui import QPixmap
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    from facilitator import app
    from facilitator.ui.dialogs.messages import Messages
    from facilitator.ui.frame.application import Controller
    from facilitator.ui.plumbing.navigation import (
        FollowUpTarget,
        GroupTarget,
        MemberTarget,
        SearchTarget,
        SessionTarget,
    )
    from facilitator.ui.start.unlock import FirstRunWindow, UnlockWindow

    class QuietMessages(Messages):
        def warning(self, parent: QWidget | None, title: str, text: str) -> None:
            print(f"warning: {text}", file=sys.stderr)

        def crash(self, parent: QWidget | None, log_file: Path | None) -> None:
            raise SystemExit("the app reported a crash; see the log")

    _application = QApplication.instance() or QApplication(sys.argv[:1])  # kept alive
    QCoreApplication.setApplicationName("Facilitator")
    args.out.mkdir(parents=True, exist_ok=True)

    def pump(seconds: float = 0.3, until: Callable[[], bool] | None = None) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end or (until is not None and not until()):
            QTest.qWait(10)
            if time.monotonic() > end + 180:
                raise SystemExit("timed out waiting for the app")

    def shoot(widget: QWidget, name: str) -> None:
        pump(0.4)
        path = args.out / f"{name}.png"
        # render() onto a pixmap filled first: grab() leaves the pixmap's memory as it was
        # where nothing paints, and shows ghosts of the previous screenshot there.
        pixmap = QPixmap(widget.size())
        pixmap.fill(widget.palette().window().color())
        widget.render(pixmap)
        pixmap.save(str(path))
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    settings = QSettings(str(home / "window.ini"), QSettings.Format.IniFormat)
    messages = QuietMessages()

    # First run, on an empty folder.
    first = Controller(home / "new-vault", settings, messages=messages)
    first.start()
    window = first.window
    assert isinstance(window, FirstRunWindow)
    window.passphrase.setText("lantern orchard")
    window.repeat.setText("lantern orchard")
    window.resize(720, window.sizeHint().height())
    shoot(window, "first-run")
    first.shutdown()
    first.dispose()

    # A new, empty vault: Today's first steps.
    empty_folder = home / "empty-vault"
    app.create_vault(empty_folder, PASSPHRASE).lock()
    empty = Controller(empty_folder, settings, messages=messages)
    empty.start()
    empty_unlock = empty.window
    assert isinstance(empty_unlock, UnlockWindow)
    pump(0.5, until=lambda: not empty_unlock.working)
    empty_unlock.passphrase.setText(PASSPHRASE)
    empty_unlock.unlock()
    pump(0.5, until=lambda: empty.main_window is not None)
    empty_main = empty.main_window
    assert empty_main is not None and empty.backend is not None
    empty_main.resize(*SIZE)
    empty_backend = empty.backend
    pump(0.8, until=lambda: empty_backend.pending == 0)
    shoot(empty_main, "first-steps")
    empty.shutdown()
    empty.dispose()

    # The demo vault, then the unlock window with a wrong passphrase.
    folder = home / "vault"
    opened = app.create_vault(folder, PASSPHRASE)
    opened.populate_demo("small", seed=0)
    services = opened.services
    digest = services.today.digest()
    tonight = next(iter(digest.todays_sessions + digest.upcoming_sessions))
    session = services.schedule.open_session(tonight.group_id, tonight.date)
    rows = services.attendance.check_in_list(session.id or 0)
    for row in rows[:5]:
        services.attendance.check_in(session.id or 0, row.member.id)
    if len(rows) > 6:
        services.attendance.check_in(session.id or 0, rows[5].member.id, late=True)
    member_id = (
        (digest.outreach or digest.milestones or ())[0].member_id
        if (digest.outreach or digest.milestones)
        else rows[0].member.id
    )
    opened.lock()

    controller = Controller(folder, settings, messages=messages)
    controller.start()
    unlock = controller.window
    assert isinstance(unlock, UnlockWindow)
    # The window's own first jobs (is a key remembered?) done first: Unlock is ignored
    # while it is working, and the picture then showed no refusal.
    pump(0.5, until=lambda: not unlock.working)
    unlock.passphrase.setText("wrong guess")
    unlock.unlock()
    pump(0.5, until=lambda: not unlock.working and not unlock.problem_box.isHidden())
    unlock.resize(720, unlock.sizeHint().height())
    shoot(unlock, "unlock-wrong-passphrase")
    unlock.passphrase.setText(PASSPHRASE)
    unlock.unlock()
    pump(0.5, until=lambda: controller.main_window is not None)
    main = controller.main_window
    assert main is not None and controller.backend is not None
    backend = controller.backend
    main.resize(*SIZE)

    def settled() -> bool:
        return backend.pending == 0

    def page(name: str, go: Callable[[], object]) -> None:
        go()
        pump(0.6, until=settled)
        pump(0.3, until=settled)
        shoot(main, name)

    page("today", lambda: main.show_page("today"))
    page("groups", lambda: main.go_to(GroupTarget(tonight.group_id, "roster")))
    page("group-sessions", lambda: main.go_to(GroupTarget(tonight.group_id, "sessions")))
    page("check-in", lambda: main.go_to(SessionTarget(session.group_id, session.date, session.id)))
    page("member", lambda: main.go_to(MemberTarget(member_id)))
    page("follow-ups", lambda: main.go_to(FollowUpTarget(None, "open")))
    page("search", lambda: main.go_to(SearchTarget("housing")))
    page("reports", lambda: main.show_page("reports"))

    # Issue 16's new screens: a past session's paper sheet, the sign-in sheet dialog
    # (Print… the default), the guide (F1), the passphrase change.
    import datetime as dt

    from facilitator.ui.help import open_guide

    fortnight = session.date - dt.timedelta(days=14)
    main.go_to(SessionTarget(session.group_id, fortnight, None))
    pump(0.6, until=settled)
    main.session.paper_button.click()
    paper = main.session.editor
    assert paper is not None
    paper.resize(640, 520)
    shoot(paper, "paper-sheet")
    paper.close()
    page("check-in", lambda: main.go_to(SessionTarget(session.group_id, session.date, session.id)))
    main.session.sheet_button.click()
    sheet = main.session.editor
    assert sheet is not None
    shoot(sheet, "sheet-dialog-print")
    sheet.close()
    guide = open_guide(main, "reports")
    guide.resize(900, 640)
    shoot(guide, "guide")
    guide.close()
    main.key_actions.change_passphrase()
    change = main.key_actions.dialog
    assert change is not None
    shoot(change, "change-passphrase")
    change.close()
    controller.privacy.set_on(True)
    page(
        "check-in-privacy",
        lambda: main.go_to(SessionTarget(session.group_id, session.date, session.id)),
    )
    controller.privacy.set_on(False)

    # The same screens in a dark palette: the app draws with the palette's colours only.
    from PySide6.QtGui import QColor, QPalette

    dark = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#262626"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#353535"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
        (QPalette.ColorRole.Highlight, "#3d6fa8"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.ToolTipBase, "#3a3a3a"),
        (QPalette.ColorRole.ToolTipText, "#e6e6e6"),
        (QPalette.ColorRole.PlaceholderText, "#9a9a9a"),
        (QPalette.ColorRole.Link, "#8ab4f8"),
    ):
        dark.setColor(role, QColor(colour))
    QApplication.setPalette(dark)
    page("member-dark", lambda: main.go_to(MemberTarget(member_id)))
    page(
        "check-in-dark",
        lambda: main.go_to(SessionTarget(session.group_id, session.date, session.id)),
    )
    controller.shutdown()
    controller.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
