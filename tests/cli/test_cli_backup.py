"""`facilitator backup` and `facilitator restore`: exit codes, messages, nothing clobbered."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cli_run import PASSPHRASE, run

from facilitator.paths import AppPaths


@pytest.fixture
def vault_dir(tmp_path: Path, paths: AppPaths, pwfile: Path) -> Path:
    folder = tmp_path / "vault"
    assert run(paths, "init", "--vault", folder, "--passphrase-file", pwfile) == 0
    roster = tmp_path / "roster.csv"
    roster.write_text("First Name,Last Name\nAna,Ruiz\nBob,Stone\n", encoding="utf-8")
    assert run(paths, "import", roster, "--vault", folder, "--passphrase-file", pwfile) == 0
    return folder


@pytest.fixture
def backup(tmp_path: Path, paths: AppPaths, vault_dir: Path, pwfile: Path) -> Path:
    out = tmp_path / "vault.fbk"
    assert (
        run(paths, "backup", "--vault", vault_dir, "--out", out, "--passphrase-file", pwfile) == 0
    )
    return out


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_backup_then_restore(
    backup: Path, tmp_path: Path, paths: AppPaths, pwfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    target = tmp_path / "restored"
    assert run(paths, "restore", backup, "--vault", target, "--passphrase-file", pwfile) == 0
    assert "Restored" in capsys.readouterr().err
    assert (
        run(
            paths,
            "list",
            "members",
            "--vault",
            target,
            "--passphrase-file",
            pwfile,
            "--format",
            "csv",
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Ana" in out
    assert "Bob" in out


def test_backup_refuses_to_overwrite(
    backup: Path, paths: AppPaths, vault_dir: Path, pwfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = backup.read_bytes()
    args = ("backup", "--vault", vault_dir, "--out", backup, "--passphrase-file", pwfile)
    assert run(paths, *args) == 2
    assert backup.read_bytes() == before
    capsys.readouterr()
    assert run(paths, *args, "--force") == 0
    assert "verified" in capsys.readouterr().err


def test_restore_passphrase_from_environment(
    backup: Path, tmp_path: Path, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACILITATOR_PASSPHRASE", PASSPHRASE)
    assert run(paths, "restore", backup, "--vault", tmp_path / "r") == 0


def test_restore_without_a_passphrase_is_a_usage_error(
    backup: Path, tmp_path: Path, paths: AppPaths
) -> None:
    assert run(paths, "restore", backup, "--vault", tmp_path / "r") == 2
    assert not (tmp_path / "r").exists()


def test_restore_refuses_an_existing_vault(
    backup: Path,
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = _tree(vault_dir)
    assert run(paths, "restore", backup, "--vault", vault_dir, "--passphrase-file", pwfile) == 1
    assert "--replace" in capsys.readouterr().err
    assert _tree(vault_dir) == before


def test_restore_wrong_passphrase_is_3_and_changes_nothing(
    backup: Path,
    tmp_path: Path,
    paths: AppPaths,
    vault_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("nope nope nope\n", encoding="utf-8")
    before = _tree(tmp_path)
    code = run(
        paths, "restore", backup, "--vault", vault_dir, "--replace", "--passphrase-file", wrong
    )
    assert code == 3
    assert "Traceback" not in capsys.readouterr().err
    assert _tree(tmp_path) == before


def test_restore_damaged_backup_is_4_never_3(
    backup: Path,
    tmp_path: Path,
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0x40
    backup.write_bytes(bytes(data))
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("nope nope nope\n", encoding="utf-8")
    before = _tree(vault_dir)
    for pw in (pwfile, wrong):
        code = run(
            paths, "restore", backup, "--vault", vault_dir, "--replace", "--passphrase-file", pw
        )
        assert code == 4
        assert "damaged" in capsys.readouterr().err
    assert _tree(vault_dir) == before


def test_restore_replace_keeps_the_old_vault_and_says_where(
    backup: Path,
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = run(
        paths, "restore", backup, "--vault", vault_dir, "--replace", "--passphrase-file", pwfile
    )
    assert code == 0
    err = capsys.readouterr().err
    asides = list(vault_dir.parent.glob(f"{vault_dir.name}.replaced-*"))
    assert len(asides) == 1
    assert str(asides[0]) in err
    assert run(paths, "check", "--vault", vault_dir, "--passphrase-file", pwfile) == 0
    assert run(paths, "check", "--vault", asides[0], "--passphrase-file", pwfile) == 0
