"""The vault: one folder with an SQLCipher 4 database and its key envelope.

::

    <vault>/            0700
      vault.db          0600  SQLCipher 4, raw 256-bit data key, WAL mode
      vault.db-wal/-shm 0600  (while open; truncated on lock and close)
      key.json          0600  the data key wrapped by the passphrase (envelope.py)
      vault.commits     0600  the last commit's number, HMAC'd (commit_record.py)
      vault.lock        0600  held (flock) by the one process that has it open

Opening checks, in order, each leaving every file as it was: the folder and
files exist (:class:`VaultMissing`); the envelope parses (:class:`EnvelopeDamaged`);
no other process holds the vault (:class:`VaultInUse`); the passphrase unwraps
the key (:class:`WrongPassphrase`); every commit the record says was saved is
readable, checked on a private copy before any connection could checkpoint or delete
the WAL (:class:`VaultDamaged`, "recent changes may be missing"); SQLCipher accepts
the key and both ``cipher_integrity_check`` and ``integrity_check`` pass
(:class:`VaultDamaged` — after a good unwrap a failure is always damage, never a
wrong passphrase).
Then migrations run.

``full_check=False`` (the desktop app's unlock) runs only ``cipher_integrity_check``
(every page's HMAC) before the vault is handed over, and defers ``integrity_check``
(about a second on a large vault) to :meth:`Vault.deferred_check`, which runs it on its
own connection, on whatever thread calls it, while the vault is in use.  When a
migration is due the full check still runs first: a migration writes.

``first_read`` (a function given the open vault) is what the caller would read first,
the desktop app's Today digest.  With no migration due it runs on the calling thread
while ``cipher_integrity_check`` runs on a connection and thread of its own (SQLite
releases the GIL while it checks), rather than after it.  Nothing it read reaches the
caller before the check has passed: the open fails with VaultDamaged if the check fails,
whatever ``first_read`` did, and every page ``first_read`` reads is authenticated as it
is read anyway.  With a migration due it runs after the checks and the migration.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

import filelock
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from facilitator.errors import (
    EnvelopeDamaged,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultInUse,
    VaultLocked,
    VaultMissing,
)
from facilitator.storage import backup as backup_module
from facilitator.storage import commit_record, keystore, migrate, untrusted
from facilitator.storage.engine import make_engine
from facilitator.storage.envelope import Envelope, KdfParams, new_data_key
from facilitator.storage.files import fsync_dir, make_private_dir, set_private_umask
from facilitator.storage.integrity import CIPHER_CHECK, FULL_CHECK, IntegrityCheck, run_check
from facilitator.vault_folder import DB_NAME, ENVELOPE_NAME, vault_exists

log = logging.getLogger(__name__)

# What the opener reads first, given the vault (see the module's doc).
FirstRead = Callable[["Vault"], None]

LOCK_NAME = "vault.lock"
# Every file a vault folder may hold: each must be a readable regular file, never a
# link, before anything is opened (storage/untrusted.py says why).
FOLDER_ENTRIES = (
    DB_NAME,
    f"{DB_NAME}-wal",
    f"{DB_NAME}-shm",
    f"{DB_NAME}-journal",
    ENVELOPE_NAME,
    LOCK_NAME,
    commit_record.RECORD_NAME,
)

_DAMAGED = (
    "The vault's database is damaged and cannot be opened safely. Nothing has been "
    "changed. Restore a backup of this vault (your passphrase was right)."
)


class VaultFiles:
    """The paths of a vault folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder).expanduser()
        self.db = self.folder / DB_NAME
        self.envelope = self.folder / ENVELOPE_NAME
        self.lock = self.folder / LOCK_NAME

    def exists(self) -> bool:
        return vault_exists(self.folder)


def acquire_lock(files: VaultFiles) -> filelock.BaseFileLock:
    # thread_local=False: the app may unlock on one thread and lock on another.
    lock = filelock.FileLock(str(files.lock), blocking=False, mode=0o600, thread_local=False)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise VaultInUse(
            "This vault is already open in another Facilitator window or command. "
            "Close it there (or wait for that command to finish), then try again."
        ) from None
    return lock


@contextlib.contextmanager
def _unreadable_is_damage() -> Iterator[None]:
    """SQLite's errors while the vault opens (a page that fails its HMAC, a malformed
    file) as VaultDamaged, with only the error's kind logged."""
    try:
        yield
    except DBAPIError as exc:
        log.error("the database could not be read: %s", type(exc.orig).__name__)
        raise VaultDamaged(_DAMAGED) from None


def _lock_left_open(parts: dict[str, object]) -> None:
    """A vault dropped or left open at exit (an exit or an uncaught error before it was
    locked) is locked here, on the marked path: otherwise SQLite's last connection,
    closed as the object or the interpreter goes, would copy the WAL into the database
    with the commit record unmarked (commit_record.py), and delete it.  Runs when the
    Vault object is collected or at exit (weakref.finalize), with what it needs held
    here, not the Vault."""
    engine = parts.get("engine")
    record = parts.get("record")
    try:
        if isinstance(engine, Engine):
            with engine.connect() as connection:
                commit_record.checkpoint(connection)
            engine.dispose()
    except Exception as exc:  # noqa: BLE001 - the object or the process is going
        log.error("a vault left open could not be locked: %s", type(exc).__name__)
    finally:
        if isinstance(record, commit_record.CommitRecord):
            record.close()
        lock = parts.get("lock")
        if isinstance(lock, filelock.BaseFileLock) and lock.is_locked:
            lock.release()


class Vault:
    """An unlocked vault.  Close (or lock) it to drop the key."""

    def __init__(
        self,
        files: VaultFiles,
        envelope: Envelope,
        data_key: bytes,
        lock: filelock.BaseFileLock,
    ) -> None:
        self.files = files
        self._envelope = envelope
        self._key: bytearray | None = bytearray(data_key)
        self._lock = lock
        self._engine: Engine | None = make_engine(files.db, data_key)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        self.migration_copy: Path | None = None
        self._record: commit_record.CommitRecord | None = None  # see _attach_record
        # What the open found of the commit record (missing commits given up, if asked).
        self.verified = commit_record.Verified(0, None)
        # The checks left for deferred_check() by an open with full_check=False.
        self._deferred: tuple[str, ...] = ()
        self._checks: set[IntegrityCheck] = set()  # deferred checks under way
        self._checks_lock = threading.Lock()
        # Locked on the marked path even if never closed (see _lock_left_open).
        self._left_open: dict[str, object] = {"engine": self._engine, "lock": lock}
        self._finalizer = weakref.finalize(self, _lock_left_open, self._left_open)

    # -- creating and opening --------------------------------------------------
    @classmethod
    def create(cls, folder: Path, passphrase: str, *, kdf: KdfParams | None = None) -> Vault:
        """Make a new, empty vault in ``folder`` (which may exist but hold no vault)."""
        set_private_umask()
        files = VaultFiles(folder)
        untrusted.check_folder(files.folder, FOLDER_ENTRIES, key_file=ENVELOPE_NAME, for_new=True)
        if files.exists():
            raise VaultExists(
                f"There is already a vault in {files.folder}. Open it, or choose another folder."
            )
        data_key = new_data_key()
        envelope = Envelope.seal(data_key, passphrase, kdf=kdf)
        make_private_dir(files.folder)
        lock = acquire_lock(files)
        try:
            envelope.save(files.envelope)
            vault = cls(files, envelope, data_key, lock)
            vault._attach_record(0, None)
            vault._prepare()
            vault._first_commit(0)
        except BaseException:
            lock.release()
            raise
        log.info("created a new vault")
        return vault

    @classmethod
    def open(
        cls,
        folder: Path,
        passphrase: str,
        *,
        full_check: bool = True,
        first_read: FirstRead | None = None,
        accept_missing: bool = False,
    ) -> Vault:
        """Unlock with the passphrase.  ``full_check=False``, ``first_read``: see the
        module's doc.  ``accept_missing``: go on with what can still be read when recent
        commits are missing, keeping the damaged log aside (commit_record.verify)."""
        files, envelope = cls._locate(folder)
        lock = acquire_lock(files)
        try:
            data_key = envelope.unseal(passphrase)
        except BaseException:
            lock.release()
            raise
        return cls._open_with(
            files,
            envelope,
            data_key,
            lock,
            full_check=full_check,
            first_read=first_read,
            accept_missing=accept_missing,
        )

    @classmethod
    def open_with_key(cls, folder: Path, data_key: bytes, *, full_check: bool = True) -> Vault:
        """Open with a data key remembered in the keyring (checked against the envelope)."""
        files, envelope = cls._locate(folder)
        if not envelope.matches(data_key):
            raise EnvelopeDamaged(
                "The key remembered on this computer does not belong to this vault. "
                "Unlock with the passphrase; the remembered key has been ignored."
            )
        lock = acquire_lock(files)
        return cls._open_with(files, envelope, data_key, lock, full_check=full_check)

    @classmethod
    def open_remembered(
        cls, folder: Path, *, full_check: bool = True, first_read: FirstRead | None = None
    ) -> Vault | None:
        """Open with the keyring's key if one is remembered and fits; otherwise None."""
        files, envelope = cls._locate(folder)
        data_key = keystore.recall(envelope.vault_id)
        if data_key is None or not envelope.matches(data_key):
            return None
        lock = acquire_lock(files)
        return cls._open_with(
            files, envelope, data_key, lock, full_check=full_check, first_read=first_read
        )

    @staticmethod
    def read_envelope(folder: Path) -> Envelope:
        return Vault._locate(folder)[1]

    @staticmethod
    def _locate(folder: Path) -> tuple[VaultFiles, Envelope]:
        set_private_umask()
        files = VaultFiles(folder)
        untrusted.check_folder(files.folder, FOLDER_ENTRIES, key_file=ENVELOPE_NAME)
        if not files.folder.is_dir() or not files.exists():
            raise VaultMissing(
                f"There is no vault in {files.folder}. Check the folder, or create a vault "
                "there with “facilitator init”."
            )
        if not files.db.is_file():
            raise VaultDamaged(
                f"The vault's database file ({DB_NAME}) is missing from {files.folder}. "
                "Restore a backup of this vault."
            )
        if files.db.stat().st_size == 0:
            # SQLCipher would take an empty file for a new database and the
            # migrations would write a fresh, empty schema into it.
            raise VaultDamaged(_DAMAGED)
        return files, Envelope.load(files.envelope)

    @classmethod
    def _open_with(
        cls,
        files: VaultFiles,
        envelope: Envelope,
        data_key: bytes,
        lock: filelock.BaseFileLock,
        *,
        full_check: bool = True,
        first_read: FirstRead | None = None,
        accept_missing: bool = False,
    ) -> Vault:
        try:
            # Before any connection that could checkpoint or delete the WAL: every
            # commit reported saved must be readable (commit_record.py).
            verified = commit_record.verify(
                files.folder, files.db, data_key, accept_missing=accept_missing
            )
            vault = cls(files, envelope, data_key, lock)
        except BaseException:
            lock.release()
            raise
        vault.verified = verified
        counter = verified.counter
        try:
            vault._attach_record(counter, verified.state)
            if not vault._verify_integrity(full=full_check, first_read=first_read):
                vault._prepare()
                if first_read is not None:
                    with _unreadable_is_damage():
                        first_read(vault)
            vault._first_commit(counter)
        except BaseException:
            vault._shutdown(checkpoint=False)
            raise
        return vault

    def _verify_integrity(self, *, full: bool = True, first_read: FirstRead | None = None) -> bool:
        """Both checks; with ``full=False`` only the cipher check, unless a migration is
        due (it would write into the file), and the other is left for deferred_check().
        True when ``first_read`` ran, alongside the cipher check (no migration due).
        A file SQLite cannot read is damaged, whichever of them found it."""
        with _unreadable_is_damage():
            if not full and first_read is not None and not self._migration_due():
                self._deferred = (FULL_CHECK,)
                self._check_while(first_read)
                return True
            with self.engine.connect() as connection:
                run_check(connection, CIPHER_CHECK, _DAMAGED)
                if not full and not self._migration_due():
                    self._deferred = (FULL_CHECK,)
                    return False
                run_check(connection, FULL_CHECK, _DAMAGED)
                self._deferred = ()
            return False

    def _check_while(self, first_read: FirstRead) -> None:
        """The cipher check on a thread of its own while ``first_read(self)`` runs here.
        The check's failure wins over anything ``first_read`` raised: on a damaged file
        that is what the reading failed on too."""
        failed: list[BaseException] = []

        def check() -> None:
            try:
                with self.engine.connect() as connection:
                    run_check(connection, CIPHER_CHECK, _DAMAGED)
            except BaseException as exc:  # noqa: BLE001 - handed to the opening thread
                failed.append(exc)

        checking = threading.Thread(target=check, name="cipher check", daemon=True)
        checking.start()
        try:
            first_read(self)
        except BaseException:
            checking.join()
            if failed:
                raise failed[0] from None
            raise
        checking.join()
        if failed:
            raise failed[0]

    def _attach_record(self, counter: int, state: commit_record.RecordState | None) -> None:
        """Write the commit record with every commit from now on (a vault without one
        gets one first, at its counter: 0, see commit_record.py)."""
        path = commit_record.record_path(self.files.folder)
        key = commit_record.record_key(self._data_key())
        if state is None:
            commit_record.create_record(path, key, counter)
            state = commit_record.RecordState(counter)
        self._record = commit_record.CommitRecord(path, key, state)
        self._left_open["record"] = self._record
        commit_record.install(self.engine, self._record)

    def _first_commit(self, counter: int) -> None:
        """A vault whose main file still says 0 commits (new, restored from an old
        backup, or older than the record) gets one, checkpointed: from then on a
        missing record is damage, not a vault from before the record."""
        if counter > 0:
            return
        with _unreadable_is_damage():
            commit_record.bump(self.engine)
            self.checkpoint()

    def _migration_due(self) -> bool:
        return migrate.current_revision(self.engine) != migrate.head_revision()

    def _prepare(self) -> None:
        try:
            self.migration_copy = migrate.upgrade(self.engine, self.files.db)
        except DBAPIError as exc:
            log.error("migration failed: %s", type(exc.orig).__name__)
            raise VaultDamaged(_DAMAGED) from None

    # -- using -----------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._engine is not None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise VaultLocked("The vault is locked. Unlock it to continue.")
        return self._engine

    @property
    def vault_id(self) -> str:
        return self._envelope.vault_id

    @property
    def kdf(self) -> KdfParams:
        return self._envelope.kdf

    def session(self) -> Session:
        if self._engine is None:
            raise VaultLocked("The vault is locked. Unlock it to continue.")
        return self._sessions()

    @contextlib.contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on an error."""
        with self.session() as session, session.begin():
            yield session

    def migration_copies(self) -> list[Path]:
        """The encrypted copies kept in the folder before past schema upgrades."""
        return migrate.migration_copies(self.files.folder)

    def remove_migration_copies(self) -> int:
        """Delete those copies (they still hold everything they held); how many went."""
        copies = migrate.migration_copies(self.files.folder)
        for copy in copies:
            copy.unlink(missing_ok=True)
        if copies:
            fsync_dir(self.files.folder)
            log.info("removed %d pre-migration copies", len(copies))
        return len(copies)

    def check(self) -> None:
        """Run both integrity checks again on the open vault (raises VaultDamaged)."""
        self._verify_integrity()

    @property
    def check_deferred(self) -> bool:
        """Whether an open with ``full_check=False`` left a check to run (and it has not
        passed yet)."""
        return bool(self._deferred)

    def deferred_check(self) -> IntegrityCheck | None:
        """The check that open left out, to run (:meth:`IntegrityCheck.run`) on another
        thread while the vault is used; None if nothing was left out.  Locking the vault
        interrupts it and waits for it to stop."""
        if not self._deferred:
            return None
        return IntegrityCheck(self._deferred, self._engine_for_check, self._check_ended)

    def _engine_for_check(self, check: IntegrityCheck) -> Engine | None:
        """An engine of its own for ``check`` (registered: locking stops the check), or
        None once the vault is locked or the check cancelled."""
        with self._checks_lock:
            if self._key is None or self._engine is None or check.cancelled:
                return None
            self._checks.add(check)
            return make_engine(self.files.db, bytes(self._key))

    def _check_ended(self, check: IntegrityCheck, passed: bool) -> None:
        with self._checks_lock:
            self._checks.discard(check)
            if passed and self._deferred == check.pragmas:
                self._deferred = ()

    def checkpoint(self) -> None:
        """Move everything from the WAL into the database and empty the WAL file (marked
        in the commit record while it writes into the database: commit_record.py)."""
        with self.engine.connect() as connection:
            commit_record.checkpoint(connection)

    def backup(self, out: Path) -> backup_module.BackupReport:
        """Write a verified, encrypted one-file backup (see facilitator.storage.backup)."""
        return backup_module.write_backup(
            self.engine, self._data_key(), self._envelope.to_json(), out
        )

    # -- the key -----------------------------------------------------------------
    def change_passphrase(self, new_passphrase: str, *, kdf: KdfParams | None = None) -> None:
        """Re-wrap the data key under a new passphrase.  The database is not touched."""
        new = self._envelope.rewrap(self._data_key(), new_passphrase, kdf=kdf)
        new.save(self.files.envelope)
        self._envelope = new
        log.info("passphrase changed (key re-wrapped)")

    def remember_key(self) -> keystore.KeyringStatus:
        return keystore.remember(self.vault_id, self._data_key())

    def forget_key(self) -> bool:
        return keystore.forget(self.vault_id)

    def is_key_remembered(self) -> bool:
        return keystore.recall(self.vault_id) == self._data_key()

    def _data_key(self) -> bytes:
        if self._key is None:
            raise VaultLocked("The vault is locked. Unlock it to continue.")
        return bytes(self._key)

    # -- closing -----------------------------------------------------------------
    def close(self) -> None:
        """Lock: checkpoint the WAL into the database, drop every connection and the key."""
        self._shutdown(checkpoint=True)

    lock = close

    def _shutdown(self, *, checkpoint: bool) -> None:
        self._finalizer.detach()
        with self._checks_lock:
            checks = list(self._checks)
            engine, self._engine = self._engine, None  # no check starts after this
        for check in checks:  # the WAL cannot be checkpointed under a check's reads
            check.stop()
        if engine is not None:
            done = False
            if checkpoint:
                try:
                    with engine.connect() as connection:
                        connection.exec_driver_sql("PRAGMA optimize")
                        done = not commit_record.checkpoint(connection)[0]
                except DBAPIError as exc:
                    log.error("could not checkpoint on close: %s", type(exc.orig).__name__)
                except VaultError:
                    log.error("could not mark the checkpoint on close")
            if done or self._key is None:
                engine.dispose()
            else:  # nothing may copy the WAL into the database unmarked
                with commit_record.log_kept(self.files.db, bytes(self._key)):
                    engine.dispose()
        if self._record is not None:
            self._record.close()
        if self._key is not None:
            for i in range(len(self._key)):
                self._key[i] = 0
            self._key = None
        if self._lock.is_locked:
            self._lock.release()
        log.info("vault closed")

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
