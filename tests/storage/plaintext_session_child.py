"""A facilitator's whole session, run in a child process by test_plaintext_session.py.

The parent points HOME, the XDG folders and TMPDIR at folders it can scan, then
runs this script.  It sets the process up as ``facilitator.ui.frame.application.run_app``
does (umask 077, Qt's application names, the log file in ``AppPaths.log_dir`` at the
app's level), then:

services  create the vault in ``AppPaths.default_vault`` → import a roster CSV (the
          input file is then deleted: it is the user's, not ours) → a refused CSV
          whose bad row holds a canary → a full bundle from an "old laptop" vault
          (exported to the EXPORTS folder, outside the scan) imported, and refused
          the second time → a session: present, late, excused, a newcomer → session
          and member notes (one deleted again) → follow-ups → a refused member →
          a backup → a passphrase change → a restore into another folder → lock.
desktop   the real Controller, offscreen: unlock → check someone in by keyboard →
          type into the session note → privacy screen on → a refused call (a
          warning) → an unexpected failure (the crash path, into the log) → lock →
          unlock → quit (window.ini written).

Every value in :data:`CANARIES` goes into the vault somewhere.  The script prints
one JSON line: what the parent needs to check that the session really happened.

Usage: ``python plaintext_session_child.py EXPORTS_DIR``
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

# Person data, notes and secrets: each must appear in no file the scan covers.  One
# value per stored field (a first and a last name are two columns, never one string).
CANARIES = {
    "imported first name": "Wendeline",
    "imported last name": "Quillfeather",
    "imported phone": "+44 7700 900417",
    "imported e-mail": "wendeline.q@example.org",
    "emergency contact": "Marigold Thistlewood",
    "roster notes column": "allergic to zanzibarite",
    "late member's first name": "Cornelius",
    "late member's last name": "Ashdown",
    "excused member's last name": "Underhay",
    "checked in on screen": "Pennyworth",
    "group": "Lanternfish Thursday circle",
    "refused row's first name": "Bartholomew",
    "refused row's last name": "Quincunx",
    "refused row's notes": "sees Dr Oakhaven on Fridays",
    "bundle member's first name": "Ottoline",
    "bundle member's last name": "Featherstonehaugh",
    "bundle note": "told the Wolverhampton story",
    "newcomer's first name": "Peregrine",
    "newcomer's last name": "Saltmarsh",
    "session topic": "Grief of Aldebaran",
    "session note": "spoke about the xylophonist relapse",
    "member note": "confided the Marchbanks incident",
    "deleted note": "regretted the Holloway remark",
    "follow-up": "Pemberton housing referral",
    "refused member": "Grimsditch",
    "note typed on screen": "typed at the door about Brackenbury detox",
    "refused on screen": "Ravenscroft",
    "crash message": "Isadora Vantongeren relapsed",
}
PASSPHRASE = "lantern orchard seventy quietly"
NEW_PASSPHRASE = "copper meadow lighthouse umbrella"

ROSTER_CSV = (
    "First name,Last name,Mobile,E-mail,Emergency contact,Notes\n"
    "Wendeline,Quillfeather,+44 7700 900417,wendeline.q@example.org,"
    "Marigold Thistlewood,allergic to zanzibarite\n"
    "Cornelius,Ashdown,,,,\n"
    "Philippa,Underhay,,,,\n"
    "Ambrose,Pennyworth,,,,\n"
)
REFUSED_CSV = (  # the second row's e-mail address is not one
    "First name,Last name,E-mail,Notes\n"
    "Cressida,Fallowfield,cressida@example.org,\n"
    "Bartholomew,Quincunx,bartholomew at example dot org,sees Dr Oakhaven on Fridays\n"
)


def _fast_kdf() -> None:
    """Argon2id at the tests' cost (the parameters are stored in the envelope; what is
    written in clear does not depend on them)."""
    from facilitator.storage import envelope
    from facilitator.storage.envelope import KdfParams

    envelope.DEFAULT_KDF = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)


def _refused(action: Callable[[], object], errors: list[str]) -> None:
    from facilitator.errors import UserFacingError

    try:
        action()
    except UserFacingError as exc:
        errors.append(str(exc))  # with its details, as the command line prints it
    else:
        raise AssertionError("this was meant to be refused")


def services_session(vault_dir: Path, home: Path, exports: Path, errors: list[str]) -> dict:
    from facilitator import app
    from facilitator.domain import AttendanceStatus
    from facilitator.services.roster import GroupDraft, MemberDraft

    today = dt.date.today()
    # -- the old laptop's vault, exported in full (a plaintext file, by request) --------
    with app.create_vault(home / "old-laptop" / "vault", PASSPHRASE) as old:
        group = old.services.roster.create_group(GroupDraft(name="Monday group"))
        member = old.services.roster.add_member(
            MemberDraft(first_name="Ottoline", last_name="Featherstonehaugh"), group_id=group.id
        )
        old.services.notes.add("She told the Wolverhampton story", member_id=member.id)
        bundle = exports / "old-laptop-full-export.json"
        old.services.bundle.export_full(bundle)

    opened = app.create_vault(vault_dir, PASSPHRASE)
    s = opened.services
    # -- the roster, from the user's spreadsheet; then the file is theirs to delete -----
    downloads = home / "Downloads"
    downloads.mkdir()
    roster = downloads / "roster.csv"
    roster.write_text(ROSTER_CSV, encoding="utf-8")
    report = s.importer.import_roster(roster.read_bytes(), group_name=CANARIES["group"])
    roster.unlink()
    refused = downloads / "new-people.csv"
    refused.write_text(REFUSED_CSV, encoding="utf-8")
    _refused(lambda: s.importer.import_roster(refused.read_bytes()), errors)
    refused.unlink()
    raw = bundle.read_bytes()
    s.bundle.import_bundle(raw)
    _refused(lambda: s.bundle.import_bundle(raw), errors)  # its group is there now

    # -- tonight's session ------------------------------------------------------------
    group = s.roster.find_group(CANARIES["group"])
    people = {m.first_name: m for m in s.roster.members()}
    session = s.schedule.open_session(group.id, today)
    assert session.id is not None
    s.schedule.set_topic(session.id, CANARIES["session topic"])
    s.attendance.check_in(session.id, people["Wendeline"].id)
    s.attendance.check_in(session.id, people["Cornelius"].id, late=True)
    s.attendance.mark(session.id, people["Philippa"].id, AttendanceStatus.EXCUSED)
    s.attendance.add_newcomer(
        session.id, MemberDraft(first_name="Peregrine", last_name="Saltmarsh")
    )
    s.notes.add(f"Tonight she {CANARIES['session note']}.", session_id=session.id)
    s.notes.add(f"He {CANARIES['member note']}.", member_id=people["Cornelius"].id)
    doomed = s.notes.add(f"I {CANARIES['deleted note']}.", member_id=people["Wendeline"].id)
    s.notes.delete(doomed.id)
    s.follow_ups.add(
        f"Call about the {CANARIES['follow-up']}",
        due_on=today + dt.timedelta(days=2),
        member_id=people["Wendeline"].id,
    )
    _refused(
        lambda: s.roster.add_member(
            MemberDraft(first_name="Thaddeus", last_name="Grimsditch", email="thaddeus@")
        ),
        errors,
    )
    found = [h.note_id for h in s.notes.search("xylophonist")]

    # -- a backup, a new passphrase, and the backup restored elsewhere -------------------
    backups = home / "usb-stick"
    backups.mkdir()
    backup = opened.backup(backups / "tonight.fbk")
    data_key = bytes(opened.vault._data_key())  # to look for it in clear, below
    opened.change_passphrase(NEW_PASSPHRASE)
    opened.lock()
    restored = app.restore(backup.path, home / "restored" / "vault", PASSPHRASE)
    return {
        "imported": report.added,
        "members": len(people),
        "session_id": session.id,
        "group_id": group.id,
        "search_hits": len(found),
        "backup_tables": len(backup.tables),
        "restored_tables": len(restored.tables),
        "data_key": data_key.hex(),
    }


def desktop_session(vault_dir: Path, facts: dict, errors: list[str], log_file: Path) -> dict:
    from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    from facilitator import APP_NAME
    from facilitator.paths import AppPaths
    from facilitator.services.roster import MemberDraft
    from facilitator.ui.dialogs.messages import Messages
    from facilitator.ui.frame.application import Controller, ui_settings
    from facilitator.ui.frame.crash import install_excepthook
    from facilitator.ui.plumbing.navigation import SessionTarget
    from facilitator.ui.start.unlock import UnlockWindow

    class AnsweringMessages(Messages):
        """Dialogs that answer at once (nothing modal may block the child)."""

        def __init__(self) -> None:
            self.shown: list[tuple[str, str]] = []

        def crash(self, parent: QWidget | None, log_file: Path | None) -> None:
            self.shown.append(("crash", str(log_file)))

        def warning(self, parent: QWidget | None, title: str, text: str) -> None:
            self.shown.append(("warning", text))

        def information(self, parent: QWidget | None, title: str, text: str) -> None:
            self.shown.append(("information", text))

        def confirm(self, parent: QWidget | None, title: str, text: str, action: str) -> bool:
            self.shown.append(("confirm", text))
            return True

    def wait(what: str, condition: Callable[[], bool], seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(what)
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    application = QApplication([sys.argv[0]])
    paths = AppPaths.for_user()
    messages = AnsweringMessages()
    controller = Controller(
        vault_dir, ui_settings(paths.config_dir), messages=messages, log_file=log_file
    )
    restore_hooks = install_excepthook(controller.show_crash)

    def settle() -> None:
        wait("backend", lambda: controller.backend is not None and controller.backend.pending == 0)

    def unlock() -> None:
        window = controller.window
        assert isinstance(window, UnlockWindow), window
        wait("remembered key", lambda: not window.working)
        QTest.keyClicks(window.passphrase, NEW_PASSPHRASE)
        QTest.keyClick(window.passphrase, Qt.Key.Key_Return)
        wait("main window", lambda: controller.main_window is not None)
        settle()

    controller.start()
    unlock()
    main = controller.main_window
    assert main is not None
    today = dt.date.today()
    main.go_to(SessionTarget(facts["group_id"], today, facts["session_id"]))
    settle()
    check_in = main.session.check_in
    QTest.keyClicks(check_in.filter_edit, "pennyw")
    QTest.keyClick(check_in.filter_edit, Qt.Key.Key_Return)
    settle()
    note = main.session.note
    wait("the session note", lambda: note.text_edit.isEnabled() and bool(note.text()))
    note.text_edit.moveCursor(note.text_edit.textCursor().MoveOperation.End)
    QTest.keyClicks(note.text_edit, f" Later: {CANARIES['note typed on screen']}.")
    controller.privacy.set_on(True)  # saved in window.ini
    assert controller.backend is not None
    controller.backend.call(
        lambda s: s.roster.add_member(
            MemberDraft(first_name="Leopold", last_name="Ravenscroft", phone="call me")
        ),
        context=main,
    )
    settle()
    try:
        raise RuntimeError(CANARIES["crash message"])  # personal data in a message
    except RuntimeError as exc:
        controller.report_crash(exc)
    controller.lock()  # as Ctrl+L: the note's last words are saved first
    controller.jobs.wait()
    QCoreApplication.processEvents()
    unlock()
    assert controller.unlocked is not None
    services = controller.unlocked.vault.services
    bodies = [n.body for n in services.notes.for_session(facts["session_id"])]
    marks = {
        row.member.first_name: row.status.value if row.status else None
        for row in services.attendance.check_in_list(facts["session_id"])
    }
    controller.shutdown()  # as at quit: window.ini written, the vault locked
    controller.dispose()
    restore_hooks()
    del application
    errors.extend(text for kind, text in messages.shown if kind == "warning")
    return {
        "shown": [kind for kind, _ in messages.shown],
        "note_saved": any(CANARIES["note typed on screen"] in body for body in bodies),
        "marks": marks,
        "settings_file": str(paths.config_dir / "window.ini"),
    }


def main() -> None:
    exports = Path(sys.argv[1])
    os.umask(0o077)  # as run_app: every file this process makes is the owner's only
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _fast_kdf()
    from facilitator.paths import AppPaths
    from facilitator.ui.frame.crash import configure_logging

    paths = AppPaths.for_user()
    log_file = configure_logging(paths.log_dir)  # the app's file, at the app's level
    assert log_file is not None
    home = Path(os.environ["HOME"])
    errors: list[str] = []
    facts = services_session(paths.default_vault, home, exports, errors)
    facts |= desktop_session(paths.default_vault, facts, errors, log_file)
    facts["errors"] = errors
    facts["log_file"] = str(log_file)
    print(json.dumps(facts))


if __name__ == "__main__":
    main()
