"""Issue 16 defect 17 on the command line: ``init`` and ``passwd`` refuse a passphrase
that is not strong, say why and what makes one strong, and change nothing."""

from __future__ import annotations

import getpass
import io
import sys
from pathlib import Path

import pytest
from cli_run import run

from facilitator.paths import AppPaths


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("weak", ["sunflower2024", "motdepasse2024", "passwort2024"])
def test_init_refuses_a_fair_passphrase_with_the_reason(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str], weak: str
) -> None:
    """issue 16 defect 17"""
    folder = tmp_path / "vault"
    code = run(paths, "init", "--vault", folder, "--passphrase-file", _file(tmp_path, "p", weak))
    assert code == 1
    err = capsys.readouterr().err
    assert "too easy to guess" in err
    assert "stolen" in err and "four or more words" in err
    assert weak not in err
    assert not folder.exists()


def test_passwd_refuses_a_weak_new_passphrase_and_keeps_the_old(
    paths: AppPaths, tmp_path: Path, pwfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """issue 16 defect 17"""
    folder = tmp_path / "vault"
    assert run(paths, "init", "--vault", folder, "--passphrase-file", pwfile) == 0
    weak = _file(tmp_path, "new", "contraseña2024")
    code = run(
        paths, "passwd", "--vault", folder, "--passphrase-file", pwfile,
        "--new-passphrase-file", weak,
    )  # fmt: skip
    assert code == 1
    assert "four or more words" in capsys.readouterr().err
    assert run(paths, "check", "--vault", folder, "--passphrase-file", pwfile) == 0


def test_a_ten_thousand_character_passphrase_makes_a_vault(paths: AppPaths, tmp_path: Path) -> None:
    """issue 16 defect 17: the old library raised past 72 characters."""
    long = _file(tmp_path, "long", "lantern orchard seventy quietly " * 313)
    folder = tmp_path / "vault"
    assert run(paths, "init", "--vault", folder, "--passphrase-file", long) == 0
    assert run(paths, "check", "--vault", folder, "--passphrase-file", long) == 0


def test_the_prompt_says_why_before_asking(
    paths: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """issue 16 defect 17: typed at a terminal, the reason comes before the question."""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal(""))
    monkeypatch.delenv("FACILITATOR_PASSPHRASE", raising=False)
    typed = iter(["pepper marsh glacier kettle"] * 2)
    monkeypatch.setattr(getpass, "getpass", lambda _prompt: next(typed))
    assert run(paths, "init", "--vault", tmp_path / "vault") == 0
    err = capsys.readouterr().err
    assert err.index("four or more words") < err.index("Created an empty vault")
