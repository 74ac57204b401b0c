"""After a whole scripted session, no name, note or secret is in clear in any file.

tests/storage/test_plaintext.py watches the vault folder while storage writes;
tests/unit/test_canaries_through_services.py does the same through the services.
Here the whole app runs, in a child process (plaintext_session_child.py) whose
HOME, XDG folders, TMPDIR and XDG_RUNTIME_DIR are folders of this test, with
logging set up as the desktop app sets it up: a roster CSV import, a refused
import, a bundle import, check-ins, notes, follow-ups, refused input, a backup, a
passphrase change, a restore, then the real desktop windows (unlock, a check-in,
a note typed, a crash report, lock, unlock, quit).  Then every file the child
could have written — vault, backup, restored vault, log, Qt's settings, caches,
temporary files — is searched for every canary (UTF-8, UTF-16 LE/BE, any case),
the passphrases, the data key, and a plaintext SQLite header.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from plaintext_session_child import CANARIES, NEW_PASSPHRASE, PASSPHRASE

CHILD = Path(__file__).with_name("plaintext_session_child.py")
SQLITE_HEADER = b"SQLite format 3\x00"
Leak = tuple[str, str]  # (file, what was found)


def _forms(text: str) -> list[bytes]:
    lowered = text.lower()
    return [lowered.encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be")]


def scan(folders: list[Path], canaries: dict[str, str], raw: dict[str, bytes]) -> list[Leak]:
    """Every (file, label) where a canary (any case, three encodings), a raw byte
    string, or a plaintext SQLite database's header is found."""
    found: list[Leak] = []
    forms = {label: _forms(text) for label, text in canaries.items()}
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            lowered = data.lower()
            found += [
                (str(path), label) for label, f in forms.items() if any(x in lowered for x in f)
            ]
            found += [(str(path), label) for label, value in raw.items() if value in data]
            if SQLITE_HEADER in data:
                found.append((str(path), "a plaintext SQLite database"))
    return found


class Session:
    def __init__(self, root: Path, facts: dict[str, object]) -> None:
        self.root = root
        self.home = root / "home"
        self.tmp = root / "tmp"
        self.runtime = root / "runtime"
        self.exports = root / "exports"  # what the user asked for in clear: not scanned
        self.facts = facts

    @property
    def scanned(self) -> list[Path]:
        return [self.home, self.tmp, self.runtime]

    @property
    def secrets(self) -> dict[str, str]:
        return {
            "passphrase": PASSPHRASE,
            "new passphrase": NEW_PASSPHRASE,
            "data key (hex)": str(self.facts["data_key"]),
        }

    @property
    def raw_key(self) -> dict[str, bytes]:
        return {"data key (bytes)": bytes.fromhex(str(self.facts["data_key"]))}


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    root = tmp_path_factory.mktemp("plaintext-session")
    home = root / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "FACILITATOR_"))}
    env |= {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_RUNTIME_DIR": str(root / "runtime"),
        "TMPDIR": str(root / "tmp"),
        "TEMP": str(root / "tmp"),
        "TMP": str(root / "tmp"),
        "SQLITE_TMPDIR": str(root / "tmp"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    for folder in ("home", "tmp", "runtime", "exports"):
        (root / folder).mkdir(mode=0o700)
    done = subprocess.run(
        [sys.executable, str(CHILD), str(root / "exports")],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    facts = json.loads(done.stdout.strip().splitlines()[-1])
    return Session(root, facts)


def test_the_session_really_happened(session: Session) -> None:
    """The scan below is not vacuous: the data went in, through every path."""
    facts = session.facts
    assert facts["imported"] == 4
    assert facts["members"] == 5  # the CSV's four and the bundle's one
    assert facts["search_hits"] == 1
    assert facts["restored_tables"] == facts["backup_tables"]
    assert facts["marks"] == {
        "Ambrose": "present",  # checked in on screen, by keyboard
        "Cornelius": "late",
        "Peregrine": "present",  # the newcomer
        "Philippa": "excused",
        "Wendeline": "present",
    }
    assert facts["note_saved"] is True  # typed on screen, saved by the lock
    assert facts["shown"] == ["warning", "crash"]
    # Every place the app writes is inside the scanned folders.
    home = session.home
    vault = home / ".local" / "share" / "Facilitator" / "vault"
    for made in (
        vault / "vault.db",
        vault / "key.json",
        home / "usb-stick" / "tonight.fbk",
        home / "restored" / "vault" / "vault.db",
        Path(str(facts["log_file"])),
        Path(str(facts["settings_file"])),
    ):
        assert made.is_file() and made.is_relative_to(home), made
    assert list((home / "Downloads").iterdir()) == []  # the user's CSV files were deleted


def test_no_canary_or_secret_in_any_file_after_the_session(session: Session) -> None:
    canaries = CANARIES | session.secrets
    assert scan(session.scanned, canaries, session.raw_key) == []


def test_the_log_holds_what_happened_and_nothing_about_anyone(session: Session) -> None:
    log = Path(str(session.facts["log_file"])).read_text(encoding="utf-8")
    assert "backup written and verified" in log
    assert "vault restored from a backup" in log
    assert "RuntimeError (message left out)" in log  # the crash, without its message
    assert " alembic." not in log  # its start-up chatter is kept out of the log
    lowered = log.lower()
    assert [k for k, v in (CANARIES | session.secrets).items() if v.lower() in lowered] == []


def test_refusals_name_the_problem_not_the_person(session: Session) -> None:
    errors = session.facts["errors"]
    assert isinstance(errors, list)
    assert len(errors) == 4
    assert "row 3: the e-mail address is not valid" in errors[0]  # the refused CSV row
    assert "phone number" in errors[3]  # refused on screen, shown as a warning
    said = "\n".join(errors).lower()
    assert [label for label, text in CANARIES.items() if text.lower() in said] == []


def test_the_scan_finds_what_is_in_clear(session: Session, tmp_path: Path) -> None:
    """The scan can fail: the full export the user asked for is plaintext, and a
    canary in UTF-16 in capitals or a plaintext SQLite file are both found."""
    in_export = {label for _path, label in scan([session.exports], CANARIES, {})}
    assert in_export == {
        "bundle member's first name",
        "bundle member's last name",
        "bundle note",
    }

    (tmp_path / "clear.txt").write_bytes(CANARIES["session note"].upper().encode("utf-16-be"))
    plain = sqlite3.connect(tmp_path / "plain.db")
    plain.execute("CREATE TABLE t (x)")
    plain.commit()
    plain.close()
    (tmp_path / "key.bin").write_bytes(b"\x00" + session.raw_key["data key (bytes)"])
    found = {
        (Path(path).name, label) for path, label in scan([tmp_path], CANARIES, session.raw_key)
    }
    assert found == {
        ("clear.txt", "session note"),
        ("plain.db", "a plaintext SQLite database"),
        ("key.bin", "data key (bytes)"),
    }
