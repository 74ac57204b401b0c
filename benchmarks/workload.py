"""The whole workload through the services, on an encrypted or a plaintext database.

One pass: every screen's data (benchmarks.operations.screens), the Today digest,
twenty check-in marks and their clearing, the note search (four words), and the
one-year summary as a PDF.  Run in a process of its own per mode (benchmarks/child.py):
the services are built on an engine made here the way the vault makes its own, so
that the only difference between the modes is the file's encryption (and, for
``sqlcipher-memsec-on``, SQLCipher's memory security).
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path
from typing import Any

MODES = ("sqlcipher", "sqlcipher-memsec-on", "plain")
MARKS = 20


def _engine(mode: str, db: Path, key: bytes | None) -> Any:
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    from facilitator.storage import engine as engine_module

    if mode == "sqlcipher":
        assert key is not None
        return engine_module.make_engine(db, key)
    if mode == "sqlcipher-memsec-on":
        assert key is not None
        # This process only: the app's engine with SQLCipher's memory security turned on
        # (the app leaves it off: storage/engine.py says why), to show what it would cost.
        pragmas = tuple(
            p.replace("cipher_memory_security = OFF", "cipher_memory_security = ON")
            for p in engine_module.PRE_KEY_PRAGMAS
        )
        assert pragmas != engine_module.PRE_KEY_PRAGMAS, "the pragma is no longer where it was"
        setattr(engine_module, "PRE_KEY_PRAGMAS", pragmas)  # noqa: B010
        return engine_module.make_engine(db, key)
    if mode != "plain":
        raise SystemExit(f"unknown mode {mode!r}")
    import sqlcipher3

    plain = create_engine(
        "sqlite://",
        creator=lambda: sqlcipher3.connect(str(db), check_same_thread=False),
        poolclass=QueuePool,
        hide_parameters=True,
    )

    @event.listens_for(plain, "connect")
    def _setup(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            for pragma in engine_module.POST_KEY_PRAGMAS:
                cursor.execute(pragma)
        finally:
            cursor.close()
        for name, function in engine_module.SQL_FUNCTIONS.items():
            dbapi_connection.create_function(name, 1, function, deterministic=True)

    return plain


def run_workload(mode: str, db: str, key: bytes | None, runs: int) -> dict[str, Any]:
    from sqlalchemy.orm import sessionmaker

    from benchmarks import operations
    from benchmarks.common import raw_connection, samples
    from facilitator.app import Services
    from facilitator.storage.repositories import unit_of_work_factory

    path = Path(db)
    engine = _engine(mode, path, key)
    services = Services.build(unit_of_work_factory(sessionmaker(engine, expire_on_commit=False)))
    raw = raw_connection(path, key)
    try:
        targets = operations.find_targets(raw, services)
    finally:
        raw.close()
    out = Path(tempfile.mkdtemp(prefix="facilitator-bench-")) / "summary.pdf"
    screens = operations.screens(services, targets)
    mark = operations.mark(services, targets)
    unmark = operations.unmark(services, targets)

    def marks() -> None:
        for _ in range(MARKS):
            mark()
            unmark()

    parts = {
        **screens,
        "Today digest": services.today.digest,
        f"{MARKS} check-in marks (and clearing them)": marks,
        "note search (4 words)": lambda: operations.search(services),
        "one-year summary PDF": operations.summary_pdf(services, out),
    }
    times: dict[str, list[float]] = {name: [] for name in parts}
    totals: list[float] = []
    for work in parts.values():  # warm: statements prepared, pages in the cache
        work()
    for _ in range(runs):
        total = 0.0
        for name, work in parts.items():
            (seconds,) = samples(work, 1, warm=False)
            times[name].append(seconds)
            total += seconds
        totals.append(total)
    out.unlink(missing_ok=True)
    out.parent.rmdir()
    engine.dispose()
    return {
        "mode": mode,
        "total": statistics.median(totals),
        "totals": totals,
        "parts": {name: statistics.median(found) for name, found in times.items()},
    }
