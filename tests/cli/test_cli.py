"""The command-line contract: outputs, exit codes, passphrase sources, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import PASSPHRASE, run

from facilitator.paths import AppPaths
from facilitator.storage.vault import Vault


@pytest.fixture
def vault_dir(tmp_path: Path, paths: AppPaths, pwfile: Path) -> Path:
    folder = tmp_path / "vault"
    assert run(paths, "init", "--vault", folder, "--passphrase-file", pwfile) == 0
    return folder


ROSTER = (
    "First Name,Last Name,Preferred name,Pronouns,Phone,E-mail,Status\n"
    "Ana,Ruiz,,she/her,+1 555 010 4477,ana@example.org,active\n"
    "Bob,O'Brien,Bobby,he/him,,bob@example.org,\n"
    "Zoë,Smith-Jones,,,(555) 010-9999,,inactive\n"
)


def _import_roster(paths: AppPaths, vault_dir: Path, pwfile: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_bytes(ROSTER.encode("utf-8-sig"))
    code = run(
        paths,
        "import",
        roster,
        "--vault",
        vault_dir,
        "--passphrase-file",
        pwfile,
        "--group",
        "Tuesday Circle",
    )
    assert code == 0


def test_init_creates_a_vault_and_refuses_a_second_one(
    paths: AppPaths, vault_dir: Path, pwfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (vault_dir / "vault.db").is_file()
    assert (vault_dir / "key.json").is_file()
    capsys.readouterr()
    assert run(paths, "init", "--vault", vault_dir, "--passphrase-file", pwfile) == 1
    assert "already a vault" in capsys.readouterr().err


def test_list_members_csv_has_the_header_and_the_people(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _import_roster(paths, vault_dir, pwfile, tmp_path)
    capsys.readouterr()
    code = run(
        paths,
        "list",
        "members",
        "--vault",
        vault_dir,
        "--passphrase-file",
        pwfile,
        "--format",
        "csv",
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    header = set(rows[0])
    assert {
        "first_name",
        "last_name",
        "preferred_name",
        "pronouns",
        "phone",
        "email",
        "status",
    } <= header
    assert [(r["first_name"], r["last_name"]) for r in rows] == [
        ("Ana", "Ruiz"),
        ("Bob", "O'Brien"),
        ("Zoë", "Smith-Jones"),
    ]
    assert rows[1]["preferred_name"] == "Bobby"
    assert rows[2]["status"] == "inactive"
    # the id is what forget-member takes: distinct whole numbers
    assert len({int(r["id"]) for r in rows}) == 3


def test_list_groups_and_sessions_in_every_format(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _import_roster(paths, vault_dir, pwfile, tmp_path)
    capsys.readouterr()
    assert (
        run(
            paths,
            "list",
            "groups",
            "--vault",
            vault_dir,
            "--passphrase-file",
            pwfile,
            "--format",
            "json",
        )
        == 0
    )
    groups = json.loads(capsys.readouterr().out)
    assert [(g["name"], g["members"]) for g in groups] == [("Tuesday Circle", 3)]
    assert (
        run(
            paths,
            "list",
            "groups",
            "--vault",
            vault_dir,
            "--passphrase-file",
            pwfile,
            "--format",
            "csv",
        )
        == 0
    )
    assert capsys.readouterr().out.splitlines()[0].split(",")[0] == '"name"'
    assert (
        run(
            paths,
            "list",
            "members",
            "--vault",
            vault_dir,
            "--passphrase-file",
            pwfile,
            "--group",
            "tuesday circle",
        )
        == 0
    )
    table = capsys.readouterr().out
    assert table.splitlines()[0].split()[:2] == ["id", "first_name"]
    assert "Smith-Jones" in table
    assert (
        run(
            paths,
            "list",
            "sessions",
            "--vault",
            vault_dir,
            "--passphrase-file",
            pwfile,
            "--format",
            "json",
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == []


def test_passphrase_from_the_environment(
    paths: AppPaths,
    vault_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FACILITATOR_PASSPHRASE", PASSPHRASE)
    assert run(paths, "check", "--vault", vault_dir) == 0
    assert "healthy" in capsys.readouterr().err
    monkeypatch.setenv("FACILITATOR_PASSPHRASE", "not it")
    assert run(paths, "check", "--vault", vault_dir) == 3


def test_the_file_wins_over_the_environment(
    paths: AppPaths, vault_dir: Path, pwfile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACILITATOR_PASSPHRASE", "not it")
    assert run(paths, "check", "--vault", vault_dir, "--passphrase-file", pwfile) == 0


def test_no_passphrase_and_no_terminal_exits_2(
    paths: AppPaths,
    vault_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert run(paths, "list", "groups", "--vault", vault_dir) == 2
    err = capsys.readouterr().err
    assert "--passphrase-file" in err and "FACILITATOR_PASSPHRASE" in err
    assert run(paths, "init", "--vault", vault_dir.parent / "other") == 2
    assert not (vault_dir.parent / "other").exists()


def test_exit_codes(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase")
    # 1: invalid input
    assert (
        run(
            paths,
            "list",
            "members",
            "--vault",
            vault_dir,
            "--passphrase-file",
            pwfile,
            "--group",
            "No Such Group",
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "No group has that name" in err and "No Such Group" not in err
    # 2: usage
    assert run(paths, "list", "everything", "--vault", vault_dir) == 2
    assert run(paths, "frobnicate") == 2
    # 3: wrong passphrase
    assert run(paths, "check", "--vault", vault_dir, "--passphrase-file", wrong) == 3
    assert "does not unlock" in capsys.readouterr().err
    # 4: missing
    assert run(paths, "check", "--vault", tmp_path / "nowhere", "--passphrase-file", pwfile) == 4
    assert "There is no vault" in capsys.readouterr().err
    # 5: open elsewhere
    held = Vault.open(vault_dir, PASSPHRASE)
    try:
        assert run(paths, "check", "--vault", vault_dir, "--passphrase-file", pwfile) == 5
        assert "already open" in capsys.readouterr().err
    finally:
        held.close()
    # 0 again once it is closed
    assert run(paths, "check", "--vault", vault_dir, "--passphrase-file", pwfile) == 0


def test_check_reports_damage_with_exit_4(
    paths: AppPaths, vault_dir: Path, pwfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = vault_dir / "vault.db"
    data = bytearray(db.read_bytes())
    data[-100] ^= 0xFF
    db.write_bytes(bytes(data))
    assert run(paths, "check", "--vault", vault_dir, "--passphrase-file", pwfile) == 4
    err = capsys.readouterr().err
    assert "damaged" in err and "does not unlock" not in err


def test_import_of_a_bad_csv_changes_nothing(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("First Name,E-mail\nAna,ana@example.org\nBob,not-an-email\n,c@example.org\n")
    assert (
        run(
            paths,
            "import",
            bad,
            "--vault",
            vault_dir,
            "--passphrase-file",
            pwfile,
            "--group",
            "New Group",
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "row 3" in err and "row 4" in err
    assert "not-an-email" not in err  # personal values never echoed
    assert (
        run(
            paths,
            "list",
            "members",
            "--vault",
            vault_dir,
            "--passphrase-file",
            pwfile,
            "--format",
            "json",
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == []
    assert (
        run(
            paths,
            "list",
            "groups",
            "--vault",
            vault_dir,
            "--passphrase-file",
            pwfile,
            "--format",
            "json",
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == []


def test_import_of_a_missing_file_is_invalid_input(
    paths: AppPaths, vault_dir: Path, pwfile: Path, tmp_path: Path
) -> None:
    assert (
        run(
            paths,
            "import",
            tmp_path / "nope.csv",
            "--vault",
            vault_dir,
            "--passphrase-file",
            pwfile,
        )
        == 1
    )


def test_export_full_then_import_into_a_fresh_vault_round_trips(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _import_roster(paths, vault_dir, pwfile, tmp_path)
    first = tmp_path / "first.json"
    assert (
        run(
            paths,
            "export",
            "full",
            "--vault",
            vault_dir,
            "--passphrase-file",
            pwfile,
            "--out",
            first,
        )
        == 0
    )
    assert "CONFIDENTIAL" in capsys.readouterr().err
    assert first.stat().st_mode & 0o777 == 0o600
    # refuses to overwrite without --force
    assert (
        run(
            paths,
            "export",
            "full",
            "--vault",
            vault_dir,
            "--passphrase-file",
            pwfile,
            "--out",
            first,
        )
        == 2
    )
    fresh = tmp_path / "fresh"
    assert run(paths, "init", "--vault", fresh, "--passphrase-file", pwfile) == 0
    assert run(paths, "import", first, "--vault", fresh, "--passphrase-file", pwfile) == 0
    second = tmp_path / "second.json"
    assert (
        run(paths, "export", "full", "--vault", fresh, "--passphrase-file", pwfile, "--out", second)
        == 0
    )
    a, b = json.loads(first.read_text("utf-8")), json.loads(second.read_text("utf-8"))
    a.pop("exported_at")
    b.pop("exported_at")
    assert a == b
    assert [m["first_name"] for m in a["members"]] == ["Ana", "Bob", "Zoë"]


def test_passwd_changes_the_passphrase(
    paths: AppPaths, vault_dir: Path, pwfile: Path, tmp_path: Path
) -> None:
    new = tmp_path / "new.txt"
    new.write_text("a brand new long passphrase")
    before = (vault_dir / "vault.db").read_bytes()
    assert (
        run(
            paths,
            "passwd",
            "--vault",
            vault_dir,
            "--passphrase-file",
            pwfile,
            "--new-passphrase-file",
            new,
        )
        == 0
    )
    assert (vault_dir / "vault.db").read_bytes() == before
    assert run(paths, "check", "--vault", vault_dir, "--passphrase-file", pwfile) == 3
    assert run(paths, "check", "--vault", vault_dir, "--passphrase-file", new) == 0


def test_passwd_without_a_new_passphrase_and_no_terminal_exits_2(
    paths: AppPaths, vault_dir: Path, pwfile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.delenv("FACILITATOR_NEW_PASSPHRASE", raising=False)
    assert run(paths, "passwd", "--vault", vault_dir, "--passphrase-file", pwfile) == 2
    assert run(paths, "check", "--vault", vault_dir, "--passphrase-file", pwfile) == 0


def test_remember_is_refused_without_a_secure_keyring(
    paths: AppPaths, vault_dir: Path, pwfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(paths, "remember", "--vault", vault_dir, "--passphrase-file", pwfile) == 1
    assert "cannot be remembered" in capsys.readouterr().err


def _subprocess(
    *argv: str | Path,
    env_extra: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("FACILITATOR_PASSPHRASE", None)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "facilitator", *map(str, argv)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_a_real_process_prints_no_traceback_for_user_errors(tmp_path: Path) -> None:
    """With the real default Argon2id cost, in a separate process (no test doubles)."""
    pw = tmp_path / "pw"
    pw.write_text(PASSPHRASE)
    folder = tmp_path / "v"
    created = _subprocess("init", "--vault", folder, "--passphrase-file", pw)
    assert created.returncode == 0, created.stderr
    envelope = json.loads((folder / "key.json").read_text())
    assert envelope["kdf"]["memory_kib"] == 256 * 1024
    cases = [
        (_subprocess("check", "--vault", folder), 2),
        (_subprocess("check", "--vault", folder, env_extra={"FACILITATOR_PASSPHRASE": "x"}), 3),
        (_subprocess("check", "--vault", tmp_path / "missing", "--passphrase-file", pw), 4),
        (
            _subprocess(
                "import", tmp_path / "none.csv", "--vault", folder, "--passphrase-file", pw
            ),
            1,
        ),
        (_subprocess("check", "--vault", folder, "--passphrase-file", pw), 0),
    ]
    for result, expected in cases:
        assert result.returncode == expected, result.stderr
        assert "Traceback" not in result.stderr
