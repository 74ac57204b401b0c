"""What the harness's parts share: timing, the result rows, a raw connection, the
environment a measured process runs in."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MS = 1000.0


@dataclass
class Row:
    """One line of the table: an operation, its budget, its median and its floor's."""

    operation: str
    budget: str  # as the issue states it ("≤ 20 ms", "≤ 1.5 x floor", "—")
    unit: str  # "ms", "s", "MB"
    median: float
    floor: float | None = None
    floor_name: str = ""
    limit: float | None = None  # the budget in ``unit`` (absolute), if it is one
    ratio_limit: float | None = None  # the budget as a ratio of the floor, if it is one
    samples: list[float] = field(default_factory=list)
    floor_samples: list[float] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.floor <= 0:
            return None
        return self.median / self.floor

    @property
    def met(self) -> bool | None:
        """Whether the budget is met; None where the row has no budget."""
        checks: list[bool] = []
        if self.limit is not None:
            checks.append(self.median <= self.limit)
        if self.ratio_limit is not None and self.ratio is not None:
            checks.append(self.ratio <= self.ratio_limit)
        return all(checks) if checks else None

    def as_json(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "budget": self.budget,
            "unit": self.unit,
            "median": self.median,
            "floor": self.floor,
            "floor_name": self.floor_name,
            "ratio": self.ratio,
            "met": self.met,
            "samples": self.samples,
            "floor_samples": self.floor_samples,
            "details": self.details,
        }


def timed(work: Callable[[], object]) -> float:
    """Seconds one call of ``work`` took."""
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def samples(
    work: Callable[[], object],
    runs: int,
    *,
    warm: bool = True,
    before: Callable[[], object] | None = None,
) -> list[float]:
    """Seconds of ``runs`` calls of ``work`` (after one untimed call when ``warm``);
    ``before`` runs untimed ahead of each call."""
    if warm:
        if before is not None:
            before()
        work()
    found = []
    for _ in range(runs):
        if before is not None:
            before()
        found.append(timed(work))
    return found


def median(values: list[float], scale: float = 1.0) -> float:
    return statistics.median(values) * scale


def scaled(values: list[float], scale: float) -> list[float]:
    return [round(v * scale, 4) for v in values]


def isolated_env(home: Path) -> dict[str, str]:
    """The environment for a measured process: a throw-away home, no real keyring,
    Qt offscreen."""
    env = dict(os.environ)
    env["HOME"] = str(home)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(home / name.lower())
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("FACILITATOR_PASSPHRASE", None)
    return env


def isolate(home: Path) -> None:
    """Make this process use a throw-away home (settings, logs) and no real keyring."""
    home.mkdir(parents=True, exist_ok=True)
    os.environ.update(isolated_env(home))
    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]


def raw_connection(db: Path, key: bytes | None) -> Any:
    """A plain sqlcipher3 connection to ``db`` set up as the app's engine sets up its
    own (the same pragmas in the same order; no key for a plaintext file)."""
    import sqlcipher3

    from facilitator.storage.engine import POST_KEY_PRAGMAS, PRE_KEY_PRAGMAS, raw_key_literal

    connection = sqlcipher3.connect(str(db), check_same_thread=False, isolation_level=None)
    if key is not None:
        for pragma in PRE_KEY_PRAGMAS:
            connection.execute(pragma)
        connection.execute(f'PRAGMA key = "{raw_key_literal(key)}"')
    for pragma in POST_KEY_PRAGMAS:
        connection.execute(pragma)
    return connection


@contextmanager
def statement_counter(engine: Any) -> Iterator[list[str]]:
    """The SQL statements ``engine`` runs inside the block (to spot N+1 queries)."""
    from sqlalchemy import event

    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def rss_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MB (MiB), from /proc."""
    found = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0]) / 1024
    return found.get("VmRSS", 0.0), found.get("VmHWM", 0.0)
