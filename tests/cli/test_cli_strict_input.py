"""Strict input on the command line (issue 14): every bad file or argument exits 1,
names the row or field without quoting it, and leaves the vault as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_run import run

from facilitator.paths import AppPaths


@pytest.fixture
def vault_dir(tmp_path: Path, paths: AppPaths, pwfile: Path) -> Path:
    folder = tmp_path / "vault"
    assert run(paths, "init", "--vault", folder, "--passphrase-file", pwfile) == 0
    roster = tmp_path / "first.csv"
    roster.write_text("First name,Phone\nRobin,+44 7700 900456\n", encoding="utf-8")
    assert run(paths, "import", roster, "--vault", folder, "--passphrase-file", pwfile) == 0
    return folder


def _everything(paths: AppPaths, vault: Path, pwfile: Path, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / f"everything-{len(list(tmp_path.glob('everything-*')))}.json"
    assert (
        run(paths, "export", "full", "--out", out, "--vault", vault, "--passphrase-file", pwfile)
        == 0
    )
    document = json.loads(out.read_text(encoding="utf-8"))
    del document["exported_at"]
    return dict(document)


def _import(paths: AppPaths, vault: Path, pwfile: Path, file: Path, *extra: str) -> int:
    return run(paths, "import", file, "--vault", vault, "--passphrase-file", pwfile, *extra)


BAD_FILES = {
    "nul in a name": ("roster.csv", b"First name,Last name\nSam,Okafor\nAnn\x00,Lee\n", "row 3"),
    "escape in a note": ("roster.csv", b"First name,Notes\nSam,\x1b[2J\n", "row 2"),
    "direction override": (
        "roster.csv",
        "First name\nSam\u202eeivl\n".encode(),
        "row 2",
    ),
    "unclosed quote": ("roster.csv", b'First name,Last name\nSam,Okafor\n"Ann,Lee\n', "row 3"),
    "text after a quote": ("roster.csv", b'First name,Last name\n"Ann"x,Lee\n', "row 2"),
    "header only": ("roster.csv", b"First name,Last name\r\n", "no people in the file"),
    "bad e-mail": ("roster.csv", b"First name,E-mail\nSam,a..b@example.org\n", "row 2"),
    "name around a phone": ("roster.csv", b"First name,Phone\nSam,Kim 07700 900999\n", "row 2"),
    "nul in a bundle": (
        "bundle.json",
        json.dumps(
            {
                "format": "facilitator-bundle",
                "version": 1,
                "members": [{"id": 1, "first_name": "Ann\x00"}],
            }
        ).encode(),
        "members[0]: first_name",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES.values(), ids=BAD_FILES)
def test_a_bad_file_exits_1_naming_where_and_changes_nothing(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    case: tuple[str, bytes, str],
) -> None:
    name, content, where = case
    before = _everything(paths, vault_dir, pwfile, tmp_path)
    bad = tmp_path / name
    bad.write_bytes(content)
    capsys.readouterr()

    extra = () if name.endswith(".json") else ("--group", "New group")
    assert _import(paths, vault_dir, pwfile, bad, *extra) == 1

    err = capsys.readouterr().err
    assert where in err and "Traceback" not in err
    for value in ("Ann", "Okafor", "a..b", "Kim", "eivl"):
        assert value not in err
    assert _everything(paths, vault_dir, pwfile, tmp_path) == before


@pytest.mark.parametrize("group", ["Tuesday\x1b[31m", "Tues\u202eday", "Tues\nday"])
def test_a_group_name_argument_with_a_control_character_is_refused(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    group: str,
) -> None:
    before = _everything(paths, vault_dir, pwfile, tmp_path)
    roster = tmp_path / "roster.csv"
    roster.write_text("First name\nSam\n", encoding="utf-8")
    capsys.readouterr()

    assert _import(paths, vault_dir, pwfile, roster, "--group", group) == 1

    err = capsys.readouterr().err
    assert "group name" in err and group not in err
    assert _everything(paths, vault_dir, pwfile, tmp_path) == before


def test_a_guessed_encoding_is_named_and_a_chosen_one_is_used(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    roster = tmp_path / "polish.csv"
    roster.write_bytes("First name,Last name\nJoanna,Mąkowska\n".encode("iso-8859-2"))
    capsys.readouterr()

    assert _import(paths, vault_dir, pwfile, roster) == 0
    err = capsys.readouterr().err
    assert "not UTF-8" in err and "ISO-8859-2" in err and "--encoding" in err

    other = tmp_path / "czech.csv"
    other.write_bytes("First name,Last name\nAntonín,Dvořák\n".encode("cp1250"))
    assert _import(paths, vault_dir, pwfile, other, "--encoding", "windows-1250") == 0
    assert "a guess" not in capsys.readouterr().err

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
    names = {m["last_name"] for m in json.loads(capsys.readouterr().out)}
    assert {"Mąkowska", "Dvořák"} <= names


def test_a_vanity_phone_is_imported_as_its_digits(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("First name,Phone\nFlo,+1 800-FLOWERS\n", encoding="utf-8")
    assert _import(paths, vault_dir, pwfile, roster) == 0
    capsys.readouterr()
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
    phones = {m["first_name"]: m["phone"] for m in json.loads(capsys.readouterr().out)}
    assert phones["Flo"] == "+1 800-3569377"
