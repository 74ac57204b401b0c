"""What the harness measures in a fresh process (``python -m benchmarks.child KIND …``).

Each prints one line of JSON on stdout and exits.

- ``bare T0``: a bare PySide6 window, exiting on its first paint: the time from T0
  (the parent's ``time.monotonic()`` just before it started this process; the clock
  is the system's, shared by every process) and the resident memory then.
- ``app T0 VAULT``: the desktop app as the ``facilitator`` command starts it
  (``facilitator.cli.main(["--vault", VAULT])``: run_app, the controller, the unlock
  window), exiting on the unlock window's first paint; the same two numbers.
- ``browse VAULT TARGETS``: the app started the same way, unlocked with the benchmark's
  passphrase as a person would (typed, Enter), then Today, Groups (the largest group's
  roster and sessions), Members, a member's page, the check-in screen and a note
  search, each waited for until its data is shown; then the resident memory.
- ``workload MODE DB``: the services' workload (benchmarks.operations) on one database,
  MODE ``sqlcipher`` (the app's settings), ``sqlcipher-memsec-on`` (the same with
  ``cipher_memory_security`` ON, for reference) or ``plain`` (a plaintext copy, same library and
  pragmas); the data key comes on stdin.  A separate process per mode: SQLCipher's
  memory security is one switch for the whole process, and cannot be turned off once
  on.

Both window kinds watch paints with the same application-wide event filter, so the
filter's own cost is in both.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any


def _report(found: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(found) + "\n")
    sys.stdout.flush()
    os._exit(0)  # at once: what comes after the paint is not measured


def _rss() -> dict[str, float]:
    from benchmarks.common import rss_mb

    rss, peak = rss_mb()
    return {"rss_mb": rss, "peak_mb": peak}


def _paint_watch(t0: float, window_class: str | None) -> Any:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    application = QApplication(sys.argv[:1])

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
                window = watched.window()
                if window_class is None or type(window).__name__ == window_class:
                    _report({"seconds": time.monotonic() - t0, **_rss()})
            return False

    watcher = FirstPaint()
    application.installEventFilter(watcher)
    return application, watcher


def bare(t0: float) -> None:
    from PySide6.QtWidgets import QWidget

    application, _watcher = _paint_watch(t0, None)
    window = QWidget()
    window.setWindowTitle("Facilitator")
    window.resize(640, 400)
    window.show()
    application.exec()
    raise SystemExit("the window was never painted")


def app(t0: float, vault: str) -> None:
    _application, _watcher = _paint_watch(t0, "UnlockWindow")
    from facilitator.cli import main

    main(["--vault", vault])
    raise SystemExit("the unlock window was never painted")


def browse(vault: str, targets_json: str) -> None:
    import datetime as dt

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from benchmarks.vaults import PASSPHRASE

    targets = json.loads(targets_json)
    application = QApplication(sys.argv[:1])
    steps: list[str] = []

    def step() -> None:
        from facilitator.ui.frame.main_window import MainWindow
        from facilitator.ui.plumbing.navigation import (
            GroupTarget,
            MemberTarget,
            SearchTarget,
            SessionTarget,
        )
        from facilitator.ui.start.unlock import UnlockWindow

        windows = application.topLevelWidgets()
        main = next((w for w in windows if isinstance(w, MainWindow) and w.isVisible()), None)
        if main is None:
            unlock = next((w for w in windows if isinstance(w, UnlockWindow)), None)
            if unlock is not None and not unlock.working and "typed" not in steps:
                unlock.passphrase.setText(PASSPHRASE)
                unlock.unlock()
                steps.append("typed")
            return
        if main.backend.pending:
            return
        visits: list[Callable[[], object]] = [
            lambda: main.show_page("today"),
            lambda: main.go_to(GroupTarget(targets["group_id"], "roster")),
            lambda: main.go_to(GroupTarget(targets["group_id"], "sessions")),
            lambda: main.show_page("members"),
            lambda: main.go_to(MemberTarget(targets["member_id"])),
            lambda: main.go_to(
                SessionTarget(
                    targets["group_id"],
                    dt.date.fromisoformat(targets["session_date"]),
                    targets["session_id"],
                )
            ),
            lambda: main.go_to(SearchTarget(targets["search"])),
        ]
        done = len(steps) - 1
        if done < len(visits):
            visits[done]()
            main.repaint()
            steps.append(f"visit {done}")
            return
        application.processEvents()
        _report({"pages": done, **_rss()})

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(step)
    timer.start()
    from facilitator.cli import main

    main(["--vault", vault])
    raise SystemExit("the app quit before the pages were shown")


def workload(mode: str, db: str, runs: int) -> None:
    from benchmarks.workload import run_workload

    key_hex = sys.stdin.readline().strip()
    found = run_workload(mode, db, bytes.fromhex(key_hex) if key_hex else None, runs)
    _report(found)


def main(argv: list[str]) -> None:
    kind, *args = argv
    if kind == "bare":
        bare(float(args[0]))
    elif kind == "app":
        app(float(args[0]), args[1])
    elif kind == "browse":
        browse(args[0], args[1])
    elif kind == "workload":
        workload(args[0], args[1], int(args[2]))
    else:
        raise SystemExit(f"unknown kind {kind!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
