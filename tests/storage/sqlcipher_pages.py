"""Read an SQLCipher 4 database and its write-ahead log page by page, decrypted.

A test helper (``from sqlcipher_pages import decrypted_pages``): with the vault's raw
data key it decrypts every page of ``vault.db`` and every frame of ``vault.db-wal``
— valid or stale — so that a test can look for what must not be there.

SQLCipher 4 with a raw key (storage/engine.py; docs/architecture.md, "The vault"): pages of 4096
bytes, each ending in 80 reserved bytes — a 16-byte IV and a 64-byte HMAC-SHA512 —
and AES-256-CBC with the 32-byte data key itself (no PBKDF2).  Page 1's first 16
bytes are the file's salt, in clear; its encrypted part starts after them.  The HMAC
key is PBKDF2-HMAC-SHA512(data key, salt XOR 0x3a, 2 iterations, 32 bytes), and each
page's HMAC covers its ciphertext, its IV and its page number (4 bytes, little-endian):
:func:`decrypted_pages` checks it, so a wrong key or a wrong layout fails loudly
instead of yielding garbage that contains nothing.

The WAL is a 32-byte header, then frames: a 24-byte frame header (its first 4 bytes
the page number, big-endian) and one encrypted page.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE_SIZE = 4096
SALT_SIZE = 16
IV_SIZE = 16
HMAC_SIZE = 64
RESERVE = IV_SIZE + HMAC_SIZE  # 80
WAL_HEADER = 32
FRAME_HEADER = 24


class PageError(AssertionError):
    """A page's HMAC does not match: wrong key, wrong layout, or a damaged page."""


@dataclass(frozen=True, slots=True)
class Page:
    source: str  # "db" or "wal"
    number: int  # the database page number
    plain: bytes  # the decrypted page; page 1 starts with its 16 salt bytes

    def contains(self, needle: str | bytes) -> bool:
        """Whether the page holds ``needle`` (a str: UTF-8, case-insensitive)."""
        if isinstance(needle, bytes):
            return needle in self.plain
        return needle.casefold() in self.plain.decode("utf-8", "replace").casefold()


def _salt(db: Path) -> bytes:
    with db.open("rb") as f:
        salt = f.read(SALT_SIZE)
    if len(salt) != SALT_SIZE:
        raise PageError(f"{db.name} is too short to hold a salt")
    return salt


def hmac_key(data_key: bytes, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha512", data_key, bytes(b ^ 0x3A for b in salt), 2, 32)


def decrypt_page(raw: bytes, number: int, data_key: bytes, mac_key: bytes) -> bytes:
    """One page as stored -> its plaintext (page 1 keeps its salt in front)."""
    if len(raw) != PAGE_SIZE:
        raise PageError(f"page {number} has {len(raw)} bytes, not {PAGE_SIZE}")
    start = SALT_SIZE if number == 1 else 0
    end = PAGE_SIZE - RESERVE
    iv = raw[end : end + IV_SIZE]
    mac = raw[end + IV_SIZE :]
    expected = hmac.new(
        mac_key, raw[start : end + IV_SIZE] + number.to_bytes(4, "little"), hashlib.sha512
    ).digest()
    if not hmac.compare_digest(mac, expected):
        raise PageError(f"page {number}: HMAC mismatch (wrong key or layout?)")
    decryptor = Cipher(algorithms.AES(data_key), modes.CBC(iv)).decryptor()
    plain = decryptor.update(raw[start:end]) + decryptor.finalize()
    return raw[:start] + plain + bytes(RESERVE)


def db_pages(db: Path, data_key: bytes) -> Iterator[Page]:
    """Every page of the database file, decrypted."""
    mac_key = hmac_key(data_key, _salt(db))
    data = db.read_bytes()
    if len(data) % PAGE_SIZE:
        raise PageError(f"{db.name} is not a whole number of pages")
    for index in range(len(data) // PAGE_SIZE):
        raw = data[index * PAGE_SIZE : (index + 1) * PAGE_SIZE]
        if index and not any(raw):
            yield Page("db", index + 1, raw)  # a page never written (all zeros)
            continue
        yield Page("db", index + 1, decrypt_page(raw, index + 1, data_key, mac_key))


def wal_pages(wal: Path, db: Path, data_key: bytes) -> Iterator[Page]:
    """Every frame of the write-ahead log (current or left over), decrypted."""
    if not wal.exists():
        return
    data = wal.read_bytes()
    if not data:
        return
    mac_key = hmac_key(data_key, _salt(db))
    frame = FRAME_HEADER + PAGE_SIZE
    position = WAL_HEADER
    while position + frame <= len(data):
        number = int.from_bytes(data[position : position + 4], "big")
        raw = data[position + FRAME_HEADER : position + frame]
        position += frame
        if number == 0 and not any(raw):
            continue
        yield Page("wal", number, decrypt_page(raw, number, data_key, mac_key))
    if position != len(data):
        raise PageError(f"{wal.name} ends in a partial frame ({len(data) - position} bytes)")


def decrypted_pages(db: Path, data_key: bytes) -> list[Page]:
    """Every page of ``db`` and of its ``-wal`` file, decrypted and authenticated."""
    wal = db.with_name(db.name + "-wal")
    return [*db_pages(db, data_key), *wal_pages(wal, db, data_key)]


def pages_holding(pages: list[Page], needle: str | bytes) -> list[tuple[str, int]]:
    """(source, page number) of every page that holds ``needle``."""
    return [(p.source, p.number) for p in pages if p.contains(needle)]


def looks_like_page_one(page: Page) -> bool:
    """A decrypted page 1: the rest of SQLite's header (page size 4096 big-endian at
    offset 16, the 80 reserved bytes at offset 20) and a table b-tree page at 100."""
    plain = page.plain
    return (
        page.number == 1
        and plain[16:18] == PAGE_SIZE.to_bytes(2, "big")
        and plain[20] == RESERVE
        and plain[100] in (0x05, 0x0D)
    )
