"""Nothing a facilitator writes ever reaches the disk (or the log) in clear."""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import select

from facilitator.storage.models import FollowUp, Group, Member, Note, Session
from facilitator.storage.vault import Vault

SQLITE_HEADER = b"SQLite format 3\x00"

KEPT = {
    "first name": "Zebedee",
    "last name": "Quattlebaum",
    "preferred name": "Zebbo",
    "email": "zebedee.quattlebaum@example.org",
    "emergency contact": "Marigold Quattlebaum +44 7700 900456",
    "note": "talked about the xylophone relapse at Thistlewood",
    "follow-up": "ring about Pemberton housing referral",
    "group": "Thursday Lanternfish circle",
    "member notes": "Prefers the seat nearest the Oakhaven door",
}
GONE = {
    "old phone": "+44 7700 900123",
    "old last name": "Featherstonehaugh",
    "deleted note": "confided the Wolverhampton incident",
    "deleted member": "Bartholomew Quincunx",
}


def _encodings(text: str) -> list[bytes]:
    lowered = text.lower()
    return [lowered.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]


def _leaks(folders: list[Path], canaries: dict[str, str]) -> list[tuple[str, str]]:
    """(file, canary label) for every canary found in any file, case-insensitive."""
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            data = path.read_bytes().lower()
            for label, text in canaries.items():
                if any(form in data for form in _encodings(text)):
                    found.append((str(path), label))
    return found


def _write_canaries(vault: Vault) -> None:
    with vault.unit_of_work() as s:
        group = Group(name=KEPT["group"], location="Room 2")
        member = Member(
            first_name=KEPT["first name"],
            last_name=GONE["old last name"],
            preferred_name=KEPT["preferred name"],
            phone=GONE["old phone"],
            email=KEPT["email"],
            emergency_contact=KEPT["emergency contact"],
            notes=KEPT["member notes"],
        )
        doomed = Member(
            first_name=GONE["deleted member"].split()[0],
            last_name=GONE["deleted member"].split()[1],
        )
        s.add_all([group, member, doomed])
        s.flush()
        meeting = Session(group_id=group.id, date=dt.date(2026, 11, 19), topic="Boundaries")
        s.add(meeting)
        s.flush()
        s.add_all(
            [
                Note(session_id=meeting.id, body=KEPT["note"]),
                Note(member_id=member.id, body=GONE["deleted note"]),
                FollowUp(description=KEPT["follow-up"], member_id=member.id),
            ]
        )
    with vault.unit_of_work() as s:
        member = s.scalars(select(Member).where(Member.first_name == KEPT["first name"])).one()
        member.phone = "+44 7700 900999"
        member.last_name = KEPT["last name"]
        s.delete(s.scalars(select(Note).where(Note.body == GONE["deleted note"])).one())
        s.delete(s.scalars(select(Member).where(Member.first_name == "Bartholomew")).one())


@pytest.fixture
def private_tmp(monkeypatch, tmp_path) -> Path:
    """Point every temporary-file location at a folder the test can inspect."""
    folder = tmp_path / "tmpdir"
    folder.mkdir()
    for var in ("TMPDIR", "TEMP", "TMP", "SQLITE_TMPDIR"):
        monkeypatch.setenv(var, str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_canaries_never_appear_in_any_file_or_log(
    vault, vault_dir, passphrase, private_tmp, caplog
):
    caplog.set_level(logging.DEBUG, logger="facilitator")
    canaries = {**KEPT, **GONE}
    key = vault._data_key()
    home = Path(os.environ["HOME"])
    watched = [vault_dir, private_tmp, home]

    _write_canaries(vault)
    vault.check()

    wal = vault_dir / "vault.db-wal"
    assert wal.exists() and wal.stat().st_size > 0, "the check below must cover a live WAL"
    assert _leaks(watched, canaries) == [], "while open"
    vault.close()
    assert _leaks(watched, canaries) == [], "after close"

    reopened = Vault.open(vault_dir, passphrase)
    try:
        with reopened.unit_of_work() as s:
            member = s.scalars(select(Member)).one()
            assert (member.first_name, member.last_name) == (KEPT["first name"], KEPT["last name"])
            assert member.phone == "+44 7700 900999"
            assert s.scalars(select(Note.body)).all() == [KEPT["note"]]
    finally:
        reopened.close()
    assert _leaks(watched, canaries) == [], "after reopening"

    secrets = {"passphrase": passphrase, "key": key.hex()}
    logged = caplog.text.lower()
    assert [
        label for label, text in {**canaries, **secrets}.items() if text.lower() in logged
    ] == []


def test_database_file_has_no_sqlite_header(vault, vault_dir):
    _write_canaries(vault)
    vault.close()

    data = (vault_dir / "vault.db").read_bytes()
    assert not data.startswith(SQLITE_HEADER)
    assert SQLITE_HEADER not in data
    assert b"CREATE TABLE" not in data.upper()


def test_close_truncates_the_wal(vault, vault_dir):
    _write_canaries(vault)
    wal = vault_dir / "vault.db-wal"
    assert wal.exists() and wal.stat().st_size > 0

    vault.close()

    assert not wal.exists() or wal.stat().st_size == 0


def test_checkpoint_truncates_the_wal_while_open(vault, vault_dir):
    _write_canaries(vault)
    wal = vault_dir / "vault.db-wal"
    assert wal.stat().st_size > 0

    vault.checkpoint()

    assert wal.stat().st_size == 0


def test_leak_check_would_see_a_plaintext_copy(vault, tmp_path):
    """The check above can fail: a plaintext export (ATTACH ... KEY '') is caught by it."""
    _write_canaries(vault)
    outside = tmp_path / "outside"
    outside.mkdir()
    with vault.engine.connect() as connection:
        connection.exec_driver_sql(f"ATTACH DATABASE '{outside / 'plain.db'}' AS plain KEY ''")
        connection.exec_driver_sql("SELECT sqlcipher_export('plain')")
        connection.exec_driver_sql("DETACH DATABASE plain")

    assert (outside / "plain.db").read_bytes().startswith(SQLITE_HEADER)
    found = {label for _path, label in _leaks([outside], KEPT)}
    assert found == set(KEPT)
