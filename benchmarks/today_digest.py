"""How fast the Today digest is read on the large demo vault.

    python -m benchmarks.today_digest [--vault CACHE]   # the harness's cached vault, copied

The digest is read on unlock and on every refresh of the app's first screen.
Measured, all in this one run, on one open vault:

- digest: ``TodayService.digest()``, the first call (as on unlock) and the median
  of --runs more;
- floor: the data the digest answers from, read the plain way as statements on the
  same engine and fetched (the week's sessions, the open follow-ups, the rosters,
  each group's latest held sessions and every mark at them, the consents of those
  who missed sessions, the shared milestones).  The digest is printed as a ratio
  of this floor.  It is no longer a lower bound: the digest does not read every
  mark (SQLite finds who missed a group's latest sessions, and only their marks
  are read: services/today.py), so it can come close to the floor or under it.

The vault's passphrase is "benchmark" (a demo vault of made-up people), as for
benchmarks/ui_screens.py: the two can share a vault.  A vault built on an
earlier day has aged by those days (fewer sessions this week, other outreach).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import isolate
from benchmarks.vaults import PASSPHRASE, script_copy

MISSED_THRESHOLD = 3
LOOK_BACK = 8  # as facilitator.services.today.LOOK_BACK


def _timed(work: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def _floor_queries() -> list[str]:
    """Plain SQL for what the digest reads, each a statement fetched in full."""

    def held(s: str) -> str:
        return (
            f"{s}.group_id = g.id AND {s}.date <= :today AND {s}.cancelled = 0"
            f" AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = {s}.id)"
        )

    # Each group's latest held sessions: those from the date of its n-th latest on.
    nth = f"SELECT n.date FROM sessions n WHERE {held('n')} ORDER BY n.date DESC LIMIT 1 OFFSET :n"
    recent = (
        f"SELECT s.id FROM groups g JOIN sessions s ON {held('s')}"
        f" AND s.date >= coalesce(({nth}), '') WHERE g.archived = 0"
    )
    return [
        "SELECT id, name, schedule_rule, schedule_start FROM groups WHERE archived = 0",
        (
            "SELECT s.*, g.name FROM sessions s JOIN groups g ON g.id = s.group_id"
            " WHERE s.date BETWEEN :today AND :week"
        ),
        (
            "SELECT f.*, m.first_name, m.last_name FROM follow_ups f"
            " LEFT JOIN members m ON m.id = f.member_id"
            " WHERE f.done = 0 AND f.due_on < :today ORDER BY f.due_on, f.id LIMIT 50"
        ),
        "SELECT count(*) FROM follow_ups WHERE done = 0 AND due_on < :today",
        (
            "SELECT f.*, m.first_name, m.last_name FROM follow_ups f"
            " LEFT JOIN members m ON m.id = f.member_id"
            " WHERE f.done = 0 AND f.due_on BETWEEN :today AND :week"
            " ORDER BY f.due_on, f.id LIMIT 50"
        ),
        (
            "SELECT ms.group_id, ms.member_id, ms.joined_on FROM memberships ms"
            " JOIN members m ON m.id = ms.member_id"
            " WHERE ms.left_on IS NULL AND m.status = 'active'"
        ),
        recent,
        (
            "SELECT a.session_id, a.member_id, a.status FROM attendance a"
            f" WHERE a.session_id IN ({recent})"
        ),
        (
            "SELECT c.* FROM consents c WHERE c.member_id IN (SELECT a.member_id"
            f" FROM attendance a WHERE a.status = 'absent' AND a.session_id IN ({recent}))"
        ),
        (
            "SELECT ms.*, m.first_name, m.last_name FROM milestones ms"
            " JOIN members m ON m.id = ms.member_id WHERE ms.shared = 1 AND m.status = 'active'"
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", type=Path, help="the harness's cache folder (optional)")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    run_dir = Path(tempfile.mkdtemp(prefix="facilitator-bench-"))
    try:
        folder = script_copy(args.vault, run_dir)
        isolate(run_dir / "home")
        return _measure(args, folder)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def _measure(args: argparse.Namespace, folder: Path) -> int:
    from facilitator import app

    opened = app.open_vault(folder, PASSPHRASE)
    try:
        today_service = opened.services.today
        start = time.perf_counter()
        digest = today_service.digest()
        first = time.perf_counter() - start
        today = digest.today

        params = {
            "today": today.isoformat(),
            "week": (today + dt.timedelta(days=7)).isoformat(),
            "n": MISSED_THRESHOLD + LOOK_BACK - 1,
        }
        queries = _floor_queries()
        with opened.vault.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None

            def floor() -> None:
                for sql in queries:
                    raw.execute(sql, params).fetchall()

            floor()  # warm: statements prepared, pages in the cache
            floors = _timed(floor, args.runs)
        digests = _timed(today_service.digest, args.runs)
    finally:
        opened.lock()

    median_floor = statistics.median(floors)
    median_digest = statistics.median(digests)
    print(f"Today digest on the large demo vault ({today}), medians of {args.runs} runs")
    print(
        f"  {len(digest.todays_sessions)} sessions today, {digest.upcoming_total} this week,"
        f" {digest.overdue_total} overdue and {digest.due_soon_total} due-soon follow-ups,"
        f" {digest.outreach_total} outreach suggestions, {digest.milestones_total} milestones"
    )
    print(f"  floor (the SQL alone)   {median_floor * 1000:8.1f} ms")
    print(f"  digest, first call      {first * 1000:8.1f} ms  {first / median_floor:6.1f} x floor")
    print(
        f"  digest                  {median_digest * 1000:8.1f} ms"
        f"  {median_digest / median_floor:6.1f} x floor"
        f"  (min {min(digests) * 1000:.1f}, max {max(digests) * 1000:.1f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
