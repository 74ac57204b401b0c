"""Opening the files of a vault folder without trusting what is there.

Anything in the vault folder may have been changed by something other than this app:
a sync tool, a bad sector, a restore from the wrong place, someone else with access.
Nothing read from it is used before it is authenticated (the envelope's AES-GCM,
SQLCipher's page HMACs) or bounded, and no odd file-system state may end in a
traceback or a hang:

- **Only regular files.**  A FIFO blocks an open for reading (and SQLite's reads of a
  ``-wal``) for ever; a device can be endless; a folder raises.  Files this module
  reads (key.json, a backup) are opened with ``O_NONBLOCK`` and checked with
  ``fstat`` on the open descriptor, so what is checked is what is read.
- **Symbolic links inside the vault folder are refused, not followed.**  The app never
  makes one.  Following one would read a key file or database from outside the
  owner-only folder, and SQLite and the lock would *write* through it (the ``-wal`` and
  ``-shm`` are created next to the database, the lock file is opened for writing), onto
  whatever file it points to.  Refusing costs nothing a user would do on purpose.
- **The vault folder itself may be a symbolic link**: it is the path the person chose
  (a Documents folder moved to another drive is common), and whoever could replace it
  with a link could as well replace the folder.
- **Small files are read with a bound** (``read_small_file``): a 5 GB ``key.json`` is
  refused after reading one byte past the bound, never loaded.
- **Unreadable** (permissions) is said as such: the fix is the file's permissions, not
  a backup.
- **SQLite's files are only looked at** (``lstat``, ``access``), never opened here: a
  close of any descriptor on them would drop SQLite's POSIX locks in this process.

Messages name the file (a path the person chose, and the app's own file names) and the
kind of problem, never anything read from the file.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from facilitator.errors import (
    EnvelopeDamaged,
    InvalidInput,
    VaultDamaged,
    VaultError,
    VaultUnreadable,
)

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)


class UnfitFile(Exception):
    """A file that is not a readable regular file of a sane size.  ``reason`` is a
    phrase for a message ("is a symbolic link"); ``unreadable`` says the cause is its
    permissions (the fix is not a backup)."""

    def __init__(self, reason: str, *, missing: bool = False, unreadable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.missing = missing
        self.unreadable = unreadable


_SYMLINK = "is a symbolic link (Facilitator never makes one, and does not follow one)"
_NOT_A_FILE = "is not a regular file (a folder, a pipe or a device)"
_UNREADABLE = "cannot be read or written by you (its permissions do not allow it)"


def open_regular(path: Path, *, follow_symlinks: bool = False) -> int:
    """An open, read-only descriptor on ``path`` if it is a regular file (UnfitFile if
    not).  Never blocks: a FIFO is opened non-blocking and then refused."""
    flags = os.O_RDONLY | _O_NONBLOCK | _O_BINARY | (0 if follow_symlinks else _O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise UnfitFile("is missing", missing=True) from None
    except PermissionError:
        raise UnfitFile(_UNREADABLE, unreadable=True) from None
    except IsADirectoryError:
        raise UnfitFile(_NOT_A_FILE) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnfitFile(_SYMLINK) from None
        raise UnfitFile(f"cannot be opened ({exc.strerror})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnfitFile(_NOT_A_FILE)
        if _O_NONBLOCK:  # regular files ignore it; clear it for plain reads
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_small_file(path: Path, limit: int, *, follow_symlinks: bool = False) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes (UnfitFile if it
    is anything else).  Reads at most ``limit + 1`` bytes whatever the file's size."""
    fd = open_regular(path, follow_symlinks=follow_symlinks)
    try:
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise UnfitFile(f"cannot be read ({exc.strerror})") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise UnfitFile("is far larger than such a file can be")
    return data


def entry_problem(path: Path, *, writable: bool = True) -> UnfitFile | None:
    """What is wrong with an entry of the vault folder, or None if it is absent or a
    regular file (not a link) this account may read (and, with ``writable``, write).

    Looked at with ``lstat`` and ``access`` only, never opened: SQLite's locks on the
    database, its -wal and -shm are POSIX record locks, which *any* close of *any*
    descriptor on the file in this process would silently drop."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except PermissionError:
        return UnfitFile(_UNREADABLE, unreadable=True)
    except OSError as exc:
        return UnfitFile(f"cannot be looked at ({exc.strerror})")
    if stat.S_ISLNK(info.st_mode):
        return UnfitFile(_SYMLINK)
    if not stat.S_ISREG(info.st_mode):
        return UnfitFile(_NOT_A_FILE)
    allowed = os.access(path, os.R_OK | (os.W_OK if writable else 0))
    return None if allowed else UnfitFile(_UNREADABLE, unreadable=True)


def check_folder(
    folder: Path, entries: Iterable[str], *, key_file: str, for_new: bool = False
) -> None:
    """Raise the VaultError that fits if the vault folder cannot be listed or one of
    ``entries`` (the app's file names) is there but not a readable regular file.  A
    missing folder or file is left to the caller (it knows which is missing), except
    that with ``for_new`` (a vault is to be made there) something that is not a folder
    (a file, a pipe, a link to nothing) is refused as input (exit 1)."""
    if for_new and os.path.lexists(folder) and not os.path.isdir(folder):
        raise InvalidInput(
            f"{folder} is not a folder (it is a file, a pipe or a link to nothing). "
            "Nothing has been changed. Choose a folder for the new vault."
        )
    try:
        os.listdir(folder)
    except FileNotFoundError:
        return
    except NotADirectoryError:
        return
    except PermissionError:
        raise VaultUnreadable(
            f"The vault folder {folder} cannot be read (its permissions do not allow it). "
            "Nothing has been changed. Give your user account access to it, then try again."
        ) from None
    except OSError as exc:
        raise VaultDamaged(
            f"The vault folder {folder} cannot be read ({exc.strerror}). Nothing has been "
            "changed. Check the disk, or restore a backup of this vault."
        ) from None
    for name in entries:
        unfit = entry_problem(folder / name, writable=name != key_file)
        if unfit is not None:
            raise problem_error(folder, name, unfit, key_file=key_file)


def problem_error(folder: Path, name: str, unfit: UnfitFile, *, key_file: str) -> VaultError:
    """The error for the vault file ``name`` being unfit."""
    where = f"The vault's file {name} in {folder} {unfit.reason}."
    if unfit.unreadable:
        return VaultUnreadable(
            f"{where} Nothing has been changed. Give your user account read and write "
            "access to it (it should be yours, mode 600), then try again."
        )
    if name == key_file:
        return EnvelopeDamaged(
            f"The vault's key file ({name}) in {folder} is damaged: it {unfit.reason}, so "
            "the vault cannot be unlocked. Nothing has been changed. Put the key file back "
            "from a copy of this vault folder, or restore a backup."
        )
    return VaultDamaged(
        f"The vault's file {name} in {folder} is damaged: it {unfit.reason}. Nothing has "
        "been changed. Put the vault folder back from a copy, or restore a backup of this "
        "vault."
    )
