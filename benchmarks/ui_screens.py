"""How fast the desktop app's screens appear on the large demo vault (a detail of
``python -m benchmarks.run``, which has the budgets: this one adds the Qt side).

    python -m benchmarks.ui_screens [--vault CACHE]   # the harness's cached vault, copied

Measured, all in this one run (offscreen Qt, medians of --runs):

- floor: a bare QMainWindow with one label, created, shown and painted;
- unlock: the real unlock window → Enter → the main window painted with the
  Today digest (KDF + both integrity checks + digest + window), and its parts:
  `open_vault` alone (KDF + integrity checks) and `today.digest()` alone;
- each screen, from the navigation that opens it: "shown" (the page painted at
  once, with what it had) and "filled" (its data read off the GUI thread,
  shown and painted).  Screens are printed as a ratio of the bare window.

The vault is a copy of the harness's cached demo vault (benchmarks/vaults.py;
passphrase "benchmark", made-up people), deleted afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import isolate
from benchmarks.vaults import PASSPHRASE, script_copy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", type=Path, help="the harness's cache folder (optional)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    run_dir = Path(tempfile.mkdtemp(prefix="facilitator-bench-"))
    try:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        folder = script_copy(args.vault, run_dir)
        isolate(run_dir / "home")
        return _measure(folder, run_dir / "home", args.runs)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def _measure(folder: Path, home: Path, runs: int) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    from facilitator import app
    from facilitator.ui.dialogs.messages import Messages
    from facilitator.ui.frame.application import Controller
    from facilitator.ui.frame.main_window import MainWindow
    from facilitator.ui.plumbing.navigation import (
        FollowUpTarget,
        GroupTarget,
        MemberTarget,
        SessionTarget,
    )
    from facilitator.ui.start.unlock import UnlockWindow

    application = QApplication.instance() or QApplication(sys.argv[:1])

    def wait(until: Callable[[], bool], limit: float = 60.0) -> None:
        end = time.perf_counter() + limit
        while not until():
            QTest.qWait(1)
            if time.perf_counter() > end:
                raise SystemExit("timed out")

    def median_ms(samples: list[float]) -> float:
        return statistics.median(samples) * 1000

    # -- floor: a bare window ------------------------------------------------------
    bare: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        plain = QMainWindow()
        plain.setCentralWidget(QLabel("Facilitator"))
        plain.resize(1100, 680)
        plain.show()
        application.processEvents()
        plain.repaint()
        bare.append(time.perf_counter() - started)
        plain.close()
        plain.deleteLater()
        application.processEvents()
    floor = median_ms(bare)

    # -- parts of unlocking ----------------------------------------------------------
    opens: list[float] = []
    digests: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        opened = app.open_vault(folder, PASSPHRASE)
        opens.append(time.perf_counter() - started)
        started = time.perf_counter()
        digest = opened.services.today.digest()
        digests.append(time.perf_counter() - started)
        opened.lock()

    # -- the real unlock window → main window ---------------------------------------
    settings = QSettings(str(home / "window.ini"), QSettings.Format.IniFormat)
    unlocks: list[float] = []
    controller = Controller(folder, settings, messages=Messages())
    for _ in range(runs):
        window = controller.show_unlock(folder)
        assert isinstance(window, UnlockWindow)
        window.passphrase.setText(PASSPHRASE)
        started = time.perf_counter()
        window.unlock()
        wait(lambda: controller.main_window is not None)
        main = controller.main_window
        assert isinstance(main, MainWindow)
        main.repaint()
        unlocks.append(time.perf_counter() - started)
        controller.lock()
        controller.jobs.wait()
        application.processEvents()

    window = controller.show_unlock(folder)
    window.passphrase.setText(PASSPHRASE)
    window.unlock()
    wait(lambda: controller.main_window is not None)
    main = controller.main_window
    backend = controller.backend
    assert main is not None and backend is not None
    main.resize(1100, 680)

    services = controller.unlocked.vault.services if controller.unlocked else None
    assert services is not None
    groups = services.roster.groups()
    biggest = max(groups, key=lambda g: g.member_count)
    _upcoming, past = services.schedule.group_sessions(biggest.id)
    last = max((s for s in past if s.id is not None), key=lambda s: s.date)
    member = services.roster.roster(biggest.id)[0].member

    screens: dict[str, Callable[[], object]] = {
        "Today": lambda: main.show_page("today"),
        "Groups (biggest group's roster)": lambda: main.go_to(GroupTarget(biggest.id, "roster")),
        "Group sessions": lambda: main.go_to(GroupTarget(biggest.id, "sessions")),
        "Members (5,000)": lambda: main.show_page("members"),
        "A member's page": lambda: main.go_to(MemberTarget(member.id)),
        "Check-in (biggest group)": lambda: main.go_to(
            SessionTarget(last.group_id, last.date, last.id)
        ),
        "Follow-ups (open)": lambda: main.go_to(FollowUpTarget(None, "open")),
        "Reports": lambda: main.show_page("reports"),
    }
    results: dict[str, tuple[list[float], list[float]]] = {}
    for _ in range(runs):
        for name, go in screens.items():
            main.show_page("reports" if name != "Reports" else "today")
            wait(lambda: backend.pending == 0)
            application.processEvents()
            for page in main.pages.values():  # timed as a read, as every show was before
                page.stale = True  # pages read again only what changed (plumbing/page.py)
            started = time.perf_counter()
            go()
            main.repaint()
            shown = time.perf_counter() - started
            wait(lambda: backend.pending == 0)
            application.processEvents()
            main.repaint()
            filled = time.perf_counter() - started
            results.setdefault(name, ([], []))
            results[name][0].append(shown)
            results[name][1].append(filled)
    controller.shutdown()
    controller.dispose()

    print(f"\nlarge demo vault: {len(groups)} groups; biggest has {biggest.member_count} members")
    print(f"floor: bare window shown and painted        {floor:8.1f} ms")
    print(f"open_vault (Argon2id + integrity checks)    {median_ms(opens):8.1f} ms")
    print(f"today.digest()                              {median_ms(digests):8.1f} ms")
    print(f"unlock → main window painted (all of it)    {median_ms(unlocks):8.1f} ms")
    print(f"\n{'screen':34} {'shown ms':>9} {'x floor':>8} {'filled ms':>10} {'x floor':>8}")
    for name, (shown_s, filled_s) in results.items():
        shown_ms, filled_ms = median_ms(shown_s), median_ms(filled_s)
        print(
            f"{name:34} {shown_ms:9.1f} {shown_ms / floor:8.1f} "
            f"{filled_ms:10.1f} {filled_ms / floor:8.1f}"
        )
    print(f"\n(digest of {len(digest.overdue_follow_ups)} overdue follow-ups shown)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
