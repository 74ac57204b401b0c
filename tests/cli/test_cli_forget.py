"""`facilitator forget-member`: asks (or needs --yes), forgets, says what it did."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from cli_run import PASSPHRASE, run

from facilitator import app
from facilitator.paths import AppPaths
from facilitator.services.roster import GroupDraft


@pytest.fixture
def vault_dir(tmp_path: Path, paths: AppPaths, pwfile: Path) -> Path:
    folder = tmp_path / "vault"
    assert run(paths, "init", "--vault", folder, "--passphrase-file", pwfile) == 0
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "First Name,Last Name,Email\nQuennell,Marchbanks,q@example.org\nBob,Stone,\n",
        encoding="utf-8",
    )
    assert run(paths, "import", roster, "--vault", folder, "--passphrase-file", pwfile) == 0
    with app.open_vault(folder, PASSPHRASE) as opened:
        opened.services.roster.create_group(
            GroupDraft("Quennell's Circle", printed_title="Circle of q@example.org")
        )
    return folder


def _members(folder: Path) -> dict[str, int]:
    with app.open_vault(folder, PASSPHRASE) as opened:
        return {m.first_name: m.id for m in opened.services.roster.members()}


def test_forget_member_with_yes(
    paths: AppPaths, vault_dir: Path, pwfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    member = _members(vault_dir)["Quennell"]

    code = run(
        paths, "forget-member", "--vault", vault_dir, "--passphrase-file", pwfile,
        "--member", member, "--yes",
    )  # fmt: skip

    assert code == 0
    err = capsys.readouterr().err
    assert f"Member {member} has been forgotten: 0 notes about them" in err
    assert "mentions redacted in 2 other texts (1 group name, 1 printed title)" in err
    assert "Backups made before now still hold this person" in err
    assert "Quennell" not in err and "Traceback" not in err
    assert set(_members(vault_dir)) == {"Bob"}


def test_without_yes_and_no_terminal_nothing_happens(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    member = _members(vault_dir)["Quennell"]

    code = run(
        paths, "forget-member", "--vault", vault_dir, "--passphrase-file", pwfile,
        "--member", member,
    )  # fmt: skip

    assert code == 2
    assert "Add --yes" in capsys.readouterr().err
    assert set(_members(vault_dir)) == {"Quennell", "Bob"}


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "code", "left"), [("forget\n", 0, {"Bob"}), ("no\n", 1, None)])
def test_in_a_terminal_it_shows_the_preview_and_asks(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    code: int,
    left: set[str] | None,
) -> None:
    monkeypatch.setattr("sys.stdin", _Terminal(answer))
    member = _members(vault_dir)["Quennell"]

    result = run(
        paths, "forget-member", "--vault", vault_dir, "--passphrase-file", pwfile,
        "--member", member,
    )  # fmt: skip

    assert result == code
    err = capsys.readouterr().err
    assert "Forgetting Quennell Marchbanks" in err and "cannot be undone" in err
    assert "mentions redacted in 2 other texts (1 group name, 1 printed title)" in err
    assert "Circle" not in err  # counts, never a value
    assert set(_members(vault_dir)) == (left or {"Quennell", "Bob"})


def test_an_unknown_member_is_a_clear_error(
    paths: AppPaths, vault_dir: Path, pwfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        paths, "forget-member", "--vault", vault_dir, "--passphrase-file", pwfile,
        "--member", 999, "--yes",
    )  # fmt: skip

    assert code == 1
    err = capsys.readouterr().err
    assert "No member with id 999" in err and "Traceback" not in err
