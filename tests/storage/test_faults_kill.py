"""Crash safety: a writer killed with SIGKILL at random points loses nothing it reported.

A writer process opens the vault and checks people in one by one, writing ``saved
<member id>`` on a pipe only after ``check_in`` returned, i.e. after the commit and its
record.  Each trial picks how far to let it get — killed as soon as it exists (while it
unwraps the key, verifies the record or runs the integrity checks), as soon as it says
the vault is open, or once it has reported k check-ins saved — and the test waits for
exactly that many reports on the pipe (never for a wall-clock delay: under load a delay
measures the machine, not the writer), then kills it with SIGKILL wherever it is by
then.  Then the vault must pass ``check`` (read-only) and open (never a false alarm of
missing changes), pass both integrity checks, and hold every check-in that was reported
saved (and at most the one in flight besides).

Starting Python and importing the app takes about a second, so one helper process (the
"zygote") imports everything once and forks a fresh writer for each trial; the writer
opens the vault itself, as a new process would, and inherits the zygote's stdout: its
lines and the zygote's (``pid``, ``status``) share one pipe, each written whole with one
``os.write`` (shorter than PIPE_BUF, so never interleaved).  ``status`` comes after
``waitpid``, so after every line the writer wrote.  The vault is created here with the
cheap test KDF, which key.json records, so the writer's unwrap is cheap too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import facilitator
from facilitator.app import OpenVault
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.storage import inspection
from facilitator.storage.vault import Vault

TRIALS = 60
MEMBERS = 120  # more than a trial lets the writer reach (if it does, it idles till killed)
MOST_REPORTS = 25  # the most check-ins a trial waits for before the kill
SEED = 20261207

_ZYGOTE = r"""
import json, os, signal, sys, traceback
from pathlib import Path
from facilitator.app import OpenVault
from facilitator.storage.vault import Vault

def say(line):
    os.write(1, (line + "\n").encode("ascii"))

say("ready")
for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            with OpenVault(Vault.open(Path(job["folder"]), job["passphrase"])) as opened:
                say("open")
                for member_id in job["members"]:
                    opened.services.attendance.check_in(job["session"], member_id)
                    say(f"saved {member_id}")  # only after the commit returned
                say("done")
                while True:  # idle with the vault open, until the kill
                    signal.pause()
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            os._exit(code)
    say(f"pid {pid}")
    _, status = os.waitpid(pid, 0)
    say(f"status {status}")
"""


class _Lines:
    """Whole lines from a pipe, read with select + os.read (no hidden buffer)."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._buffer = b""

    def next(self, timeout: float = 60.0) -> str:
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([self._fd], [], [], timeout)
            assert ready, "the helper process did not answer in time"
            chunk = os.read(self._fd, 65536)
            assert chunk, "the helper process ended"
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode("ascii")


@pytest.fixture
def zygote(tmp_path: Path):
    env = dict(os.environ)
    root = str(Path(facilitator.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    stderr = (tmp_path / "zygote.err").open("w")
    child = subprocess.Popen(
        [sys.executable, "-c", _ZYGOTE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
        bufsize=0,
        env=env,
    )
    try:
        assert child.stdout is not None
        lines = _Lines(child.stdout.fileno())
        assert lines.next() == "ready", (tmp_path / "zygote.err").read_text()
        yield child, lines
    finally:
        if child.stdin:
            child.stdin.close()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(timeout=10)
        stderr.close()


def _trial(zygote, job: dict, kill_after: int) -> tuple[list[int], int, bool]:
    """Run one writer; kill it once it has reported ``kill_after`` check-ins saved (-1:
    as soon as it exists; 0: once the vault is open).  Returns the check-ins it reported
    saved, its wait status, and whether it finished before the kill."""
    child, lines = zygote
    child.stdin.write((json.dumps(job) + "\n").encode("ascii"))
    child.stdin.flush()
    reported: list[int] = []
    pid = None
    opened = finished = killed = False
    while True:
        line = lines.next()
        kind, _, value = line.partition(" ")
        if kind == "pid":
            pid = int(value)
        elif kind == "open":
            opened = True
        elif kind == "saved":
            reported.append(int(value))
        elif kind == "done":
            finished = True
        elif kind == "status":
            return reported, int(value), finished
        else:  # pragma: no cover - the protocol is broken
            pytest.fail(f"unexpected line from the writer: {line!r}")
        due = kill_after < 0 or (opened and len(reported) >= kill_after)
        if pid is not None and due and not killed:
            with contextlib.suppress(ProcessLookupError):  # it may have ended already
                os.kill(pid, signal.SIGKILL)
            killed = True


def test_sigkill_at_random_points_loses_no_reported_check_in(
    vault: Vault, vault_dir: Path, passphrase: str, zygote, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    with OpenVault(vault) as opened:
        roster = opened.services.roster
        group = roster.create_group(GroupDraft(name="Crash test circle"))
        member_ids = [
            roster.add_member(MemberDraft(first_name=f"Person {i:03d}")).id for i in range(MEMBERS)
        ]
        # A session per trial, so each trial's marks can be compared exactly.
        sessions = [
            opened.services.schedule.open_session(
                group.id, dt.date(2026, 1, 1) + dt.timedelta(days=trial)
            ).id
            for trial in range(TRIALS)
        ]
    assert not vault.is_open

    trials = killed = finished_before_kill = 0
    reported_total = 0
    problems: list[str] = []
    started = time.monotonic()
    for trial in range(TRIALS):
        session_id = sessions[trial]
        order = member_ids[:]
        rng.shuffle(order)
        kill_after = rng.choice([-1, 0, *range(1, MOST_REPORTS + 1)])
        job = {
            "folder": str(vault_dir),
            "passphrase": passphrase,
            "session": session_id,
            "members": order,
        }
        reported, status, finished = _trial(zygote, job, kill_after)
        finished_before_kill += finished  # then killed while idle, the vault still open
        if os.WIFEXITED(status):
            pytest.fail(
                f"trial {trial}: the writer failed on its own:\n"
                + (tmp_path / "zygote.err").read_text()
            )
        assert os.WTERMSIG(status) == signal.SIGKILL
        assert len(reported) >= kill_after, "killed before it reported what the trial waited for"
        killed += 1
        reported_total += len(reported)
        trials += 1

        try:
            inspection.check(vault_dir, passphrase)  # read-only, as `facilitator check`
            reopened = OpenVault(Vault.open(vault_dir, passphrase))
        except Exception as exc:  # noqa: BLE001 - counted and reported below
            problems.append(f"trial {trial} (killed after {kill_after}): {exc!r}")
            break  # nothing after this can be trusted
        with reopened:
            try:
                reopened.check()
            except Exception as exc:  # noqa: BLE001
                problems.append(f"trial {trial}: integrity check failed: {exc!r}")
                continue
            marked = {
                row.member.id
                for row in reopened.services.attendance.check_in_list(session_id)
                if row.status is not None
            }
        missing = set(reported) - marked
        extra = marked - set(reported)
        # At most one more: committed, killed before its id was written — and it
        # must be the next one in the writer's order.
        in_flight = {order[len(reported)]} if len(reported) < len(order) else set()
        if missing or not extra <= in_flight:
            problems.append(
                f"trial {trial}: reported {len(reported)}, missing {sorted(missing)}, "
                f"unexpected {sorted(extra - in_flight)}"
            )

    elapsed = time.monotonic() - started
    print(
        f"\nSIGKILL trials: {trials}, killed: {killed} ({finished_before_kill} once idle), "
        f"failures: {len(problems)}, check-ins reported saved: {reported_total}, "
        f"{elapsed:.1f} s"
    )
    assert not problems, "\n".join(problems)
    assert trials == TRIALS and killed >= 50
    assert reported_total > 0
