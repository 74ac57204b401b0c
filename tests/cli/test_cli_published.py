"""`facilitator published`: lists what the vault has published; --clear asks (or needs
--yes), refuses without a terminal, and says what clearing means."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from cli_run import PASSPHRASE, run

from facilitator import app
from facilitator.domain.ledger import LedgerCell, Publication
from facilitator.paths import AppPaths

MAY = (dt.date(2026, 5, 1), dt.date(2026, 5, 31))
CELLS = (
    LedgerCell((1,), *MAY, "anonymous_guests", None, 3),
    LedgerCell((1,), *MAY, "returning_4_plus", None, 0),
    LedgerCell((1,), *MAY, "attendances", 44, 44),
)


@pytest.fixture
def vault_dir(tmp_path: Path, paths: AppPaths, pwfile: Path) -> Path:
    folder = tmp_path / "vault"
    assert run(paths, "init", "--vault", folder, "--passphrase-file", pwfile) == 0
    return folder


def _record(folder: Path, when: dt.datetime, labels: tuple[str, ...], fmt: str) -> None:
    with app.open_vault(folder, PASSPHRASE) as opened:
        opened.services.ledger.record(
            Publication(
                id=None,
                made_at=when,
                start=dt.date(2026, 1, 1),
                end=dt.date(2026, 6, 30),
                group_labels=labels,
                format=fmt,
                k=11,
                cells=CELLS,
            )
        )


def _published(folder: Path) -> int:
    with app.open_vault(folder, PASSPHRASE) as opened:
        return len(opened.services.ledger.published())


@pytest.fixture
def two_published(vault_dir: Path) -> Path:
    _record(vault_dir, dt.datetime(2026, 7, 1, 9, 30), ("All groups",), "pdf")
    _record(vault_dir, dt.datetime(2026, 8, 2, 14, 5), ("Group 1", "Group 2"), "csv")
    return vault_dir


def test_the_list_shows_each_export_newest_first(
    paths: AppPaths, two_published: Path, pwfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(paths, "published", "--vault", two_published, "--passphrase-file", pwfile)
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "written",
        "from",
        "to",
        "groups",
        "format",
        "k",
        "hidden",
        "printed",
    ]
    assert lines[2].split() == [
        "2026-08-02", "14:05", "2026-01-01", "2026-06-30", "Group", "1,", "Group", "2",
        "csv", "11", "2", "1",
    ]  # fmt: skip
    assert lines[3].split() == [
        "2026-07-01", "09:30", "2026-01-01", "2026-06-30", "All", "groups",
        "pdf", "11", "2", "1",
    ]  # fmt: skip


def test_the_list_as_json(
    paths: AppPaths, two_published: Path, pwfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        paths, "published", "--vault", two_published, "--passphrase-file", pwfile,
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    items = json.loads(capsys.readouterr().out)
    assert [(i["groups"], i["format"], i["hidden"], i["printed"]) for i in items] == [
        ("Group 1, Group 2", "csv", 2, 1),
        ("All groups", "pdf", 2, 1),
    ]


def test_an_empty_record_says_so(
    paths: AppPaths, vault_dir: Path, pwfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(paths, "published", "--vault", vault_dir, "--passphrase-file", pwfile) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Nothing has been published" in captured.err


def test_clear_with_yes(
    paths: AppPaths, two_published: Path, pwfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        paths, "published", "--vault", two_published, "--passphrase-file", pwfile,
        "--clear", "--yes",
    )  # fmt: skip
    assert code == 0
    err = capsys.readouterr().err
    assert "Cleared the record of 2 published summaries" in err
    assert "no longer be checked against them" in err
    assert "files you already handed over still exist" in err
    assert _published(two_published) == 0


def test_clear_without_yes_and_no_terminal_changes_nothing(
    paths: AppPaths,
    two_published: Path,
    pwfile: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = run(paths, "published", "--vault", two_published, "--passphrase-file", pwfile, "--clear")
    assert code == 2
    assert "Add --yes" in capsys.readouterr().err
    assert _published(two_published) == 2


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "code", "left"), [("clear\n", 0, 0), ("no\n", 1, 2)])
def test_in_a_terminal_it_warns_and_asks(
    paths: AppPaths,
    two_published: Path,
    pwfile: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    code: int,
    left: int,
) -> None:
    monkeypatch.setattr("sys.stdin", _Terminal(answer))
    got = run(paths, "published", "--vault", two_published, "--passphrase-file", pwfile, "--clear")
    assert got == code
    captured = capsys.readouterr()
    assert "forget the record of 2 published summaries" in captured.err
    assert "no longer be checked against them" in captured.err
    assert "Type “clear”" in captured.out
    assert _published(two_published) == left


def test_yes_without_clear_is_a_usage_error(
    paths: AppPaths, two_published: Path, pwfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(paths, "published", "--vault", two_published, "--passphrase-file", pwfile, "--yes")
    assert code == 2
    assert "--clear" in capsys.readouterr().err
    assert _published(two_published) == 2


def test_clearing_an_empty_record(
    paths: AppPaths, vault_dir: Path, pwfile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        paths, "published", "--vault", vault_dir, "--passphrase-file", pwfile, "--clear", "--yes"
    )
    assert code == 0
    assert "nothing to clear" in capsys.readouterr().err


def test_export_summary_is_recorded_and_listed(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "summary.csv"
    base = ("--vault", vault_dir, "--passphrase-file", pwfile)
    args = ("export", "summary", *base, "--from", "2026-01-01", "--to", "2026-03-31")
    assert run(paths, *args, "--out", out) == 0, capsys.readouterr().err
    assert run(paths, *args, "--out", tmp_path / "again.pdf") == 0
    assert _published(vault_dir) == 2
    capsys.readouterr()
    assert run(paths, "published", *base, "--format", "csv") == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 3  # the header and two exports, newest first
    assert '"pdf"' in listed[1] and '"csv"' in listed[2]
    assert '"2026-01-01"' in listed[1] and '"2026-03-31"' in listed[1]
