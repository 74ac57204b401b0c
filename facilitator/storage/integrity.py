"""The integrity check an unlock deferred, run beside the vault's work.

An unlock in the desktop app (``Vault.open(..., full_check=False)``) checks every
page's HMAC (``cipher_integrity_check``) before the vault is handed over and leaves
``integrity_check`` — the b-trees, indexes and free list, about a second on a large
vault — to an :class:`IntegrityCheck` from ``Vault.deferred_check()``.  It runs on
an engine (and so a connection) of its own: SQLite releases the GIL while it reads
and WAL gives it a consistent snapshot while the vault's job thread writes.  Any
thread may cancel it; locking the vault cancels it and waits for it to stop.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from facilitator.errors import VaultDamaged

log = logging.getLogger(__name__)

CIPHER_CHECK = "cipher_integrity_check"  # every page decrypts and its HMAC is right
FULL_CHECK = "integrity_check"  # the b-trees, indexes and free list are consistent

# Found once the vault is open and in use: it is locked again (by the app) at once.
DAMAGED_AFTER_UNLOCK = (
    "The vault's database is damaged: the check that runs after unlocking found a "
    "problem, so the vault was locked again to keep it from getting worse. Restore a "
    "backup of this vault (your passphrase was right)."
)

# The check reads every page once: SQLite's default page cache (2 MB) does it as fast,
# give or take 5 % on the large vault, as the app's 32 MiB, which it need not hold.
CHECK_CACHE_KIB = 2000

# How often stop() interrupts again while it waits: an interrupt that arrives just
# before a statement starts is lost (SQLite ignores it when nothing is running).
_REINTERRUPT_SECONDS = 0.05


def run_check(connection: Connection, pragma: str, damaged: str) -> None:
    """Run one of the two checks; VaultDamaged(``damaged``) if it reports anything."""
    rows = [tuple(r) for r in connection.exec_driver_sql(f"PRAGMA {pragma}").fetchall()]
    ok: list[tuple[Any, ...]] = [] if pragma == CIPHER_CHECK else [("ok",)]
    if rows != ok:
        log.error("%s reported %d problem(s)", pragma, len(rows))
        raise VaultDamaged(damaged)


class IntegrityCheck:
    """One run of the checks ``pragmas`` on an engine of its own.

    ``engine_for(check)`` gives that engine (None: the vault is locked) and
    ``ended(check, passed)`` is told when it is done; both come from the vault.
    """

    def __init__(
        self,
        pragmas: tuple[str, ...],
        engine_for: Callable[[IntegrityCheck], Engine | None],
        ended: Callable[[IntegrityCheck, bool], None],
    ) -> None:
        self.pragmas = pragmas
        self._engine_for = engine_for
        self._ended = ended
        self._lock = threading.Lock()
        self._cancelled = False
        self._dbapi: Any = None  # the DB-API connection while a check runs on it
        self._idle = threading.Event()
        self._idle.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def run(self) -> bool:
        """Blocks (call it on a thread of its own).  True: the vault passed; False:
        cancelled, or the vault was locked, before the end.  VaultDamaged if the check
        found damage."""
        with self._lock:
            if self._cancelled:
                return False
            self._idle.clear()
        passed = False
        try:
            engine = self._engine_for(self)
            if engine is None:
                return False
            try:
                passed = self._run_on(engine)
            finally:
                engine.dispose()
            return passed
        finally:
            self._ended(self, passed)
            self._idle.set()

    def _run_on(self, engine: Engine) -> bool:
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql(f"PRAGMA cache_size = -{CHECK_CACHE_KIB}")
                for pragma in self.pragmas:
                    with self._lock:
                        if self._cancelled:
                            return False
                        self._dbapi = connection.connection.dbapi_connection
                    try:
                        run_check(connection, pragma, DAMAGED_AFTER_UNLOCK)
                    finally:
                        with self._lock:
                            self._dbapi = None
        except DBAPIError as exc:
            if self._cancelled:  # interrupted
                return False
            log.error("the database could not be read: %s", type(exc.orig).__name__)
            raise VaultDamaged(DAMAGED_AFTER_UNLOCK) from None
        if self._cancelled:  # finished, but nobody wants to hear it any more
            return False
        log.info("the deferred integrity check passed")
        return True

    def cancel(self) -> None:
        """From any thread: interrupt the statement under way; run() returns False."""
        with self._lock:
            self._cancelled = True
            if self._dbapi is not None:
                self._dbapi.interrupt()

    def wait(self, timeout: float | None = None) -> bool:
        """Until run() has returned (or if it is not running); False on a timeout."""
        return self._idle.wait(timeout)

    def stop(self) -> None:
        """Cancel and wait until run() has returned and closed its connection."""
        self.cancel()
        while not self.wait(_REINTERRUPT_SECONDS):
            self.cancel()
