"""`export sheet` and `export summary` on the command line."""

from __future__ import annotations

import datetime as dt
import io
import stat
from pathlib import Path

import pytest
from cli_run import PASSPHRASE, run
from pypdf import PdfReader

from facilitator import app
from facilitator.paths import AppPaths
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import weekly_rule


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "vault"
    opened = app.create_vault(folder, PASSPHRASE)
    roster = opened.services.roster
    group = roster.create_group(
        GroupDraft(
            name="Opioid Recovery Tuesday",
            printed_title="Tuesday Evening Meeting",
            schedule_rule=weekly_rule(1),
            schedule_start=dt.date(2026, 1, 6),
            location="St Mark's hall",
        )
    )
    for first, last in (("Samira", "Tahir"), ("Seán", "O'Brien"), ("Hope", "Smith-Jones")):
        roster.add_member(MemberDraft(first_name=first, last_name=last), group_id=group.id)
    opened.lock()
    return folder


def _text(pdf: Path) -> str:
    return "\n".join(
        page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages
    )


def test_a_sheet_with_initials_names_nobody_in_full(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "sheet.pdf"
    code = run(
        paths, "export", "sheet", "--vault", vault_dir, "--passphrase-file", pwfile,
        "--group", "opioid recovery tuesday", "--date", "2026-11-24", "--out", out,
        "--names", "initials", "--blank-rows", "4", "--column", "Phone OK?",
    )  # fmt: skip
    assert code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = _text(out)
    assert "Tuesday Evening Meeting" in text
    assert "Opioid" not in text
    assert "Samira T." in text and "Tahir" not in text
    assert "Phone OK?" in text
    assert "Wrote" in capsys.readouterr().err


def test_export_option_mistakes_are_usage_errors_and_write_nothing(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "x.pdf"
    base = ("export", "--vault", vault_dir, "--passphrase-file", pwfile, "--out", out)
    assert run(paths, base[0], "sheet", *base[1:]) == 2  # no --group
    assert "--group" in capsys.readouterr().err
    assert run(paths, base[0], "sheet", *base[1:], "--group", "x", "--date", "24/11/2026") == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert run(paths, base[0], "sheet", *base[1:], "--group", "x", "--min-cell", "5") == 2
    assert "--min-cell" in capsys.readouterr().err
    assert run(paths, base[0], "sheet", *base[1:], "--group", "No Such Group") == 1
    assert not out.exists()


def test_a_summary_csv_names_nobody_and_hides_small_counts(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    opened = app.open_vault(vault_dir, PASSPHRASE)
    services = opened.services
    group = services.roster.find_group("Opioid Recovery Tuesday")
    session = services.schedule.open_session(group.id, dt.date(2026, 10, 6))
    assert session.id is not None
    for row in services.attendance.check_in_list(session.id):
        services.attendance.check_in(session.id, row.member.id)
    services.schedule.set_topic(session.id, "Hope Smith-Jones shared about her week")
    opened.lock()

    out = tmp_path / "summary.csv"
    code = run(
        paths, "export", "summary", "--vault", vault_dir, "--passphrase-file", pwfile,
        "--from", "2026-10-01", "--to", "2026-10-31", "--include-topics", "--out", out,
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == '"group","month","measure","value"'  # text cells quoted
    assert "<11" in text  # three people: too few to publish
    for identifier in ("Samira", "Tahir", "Seán", "Brien", "Hope", "Smith", "Jones"):
        assert identifier.lower() not in text.lower()
    assert "anonymised" in capsys.readouterr().err


def test_a_summary_in_an_unknown_format_is_refused(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "summary.xlsx"
    code = run(
        paths, "export", "summary", "--vault", vault_dir, "--passphrase-file", pwfile,
        "--out", out,
    )  # fmt: skip
    assert code == 1
    assert "PDF or CSV" in capsys.readouterr().err
    assert not out.exists()


def test_a_group_named_like_a_member_is_refused_unless_groups_are_numbered(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    opened = app.open_vault(vault_dir, PASSPHRASE)
    opened.services.roster.create_group(GroupDraft(name="Samira's Thursday Group"))
    opened.lock()
    out = tmp_path / "summary.pdf"
    base = ("export", "summary", "--vault", vault_dir, "--passphrase-file", pwfile, "--out", out)
    assert run(paths, *base) == 1
    message = capsys.readouterr().err
    assert "name" in message and "Samira" not in message
    assert not out.exists()
    assert run(paths, *base, "--group-labels", "numbers") == 0
    assert "Samira" not in _text(out) and "Group 1" in _text(out)


def test_a_blank_sheet_with_a_member_as_facilitator_is_refused_then_printed_without(
    paths: AppPaths,
    vault_dir: Path,
    pwfile: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    opened = app.open_vault(vault_dir, PASSPHRASE)
    with opened:
        group = opened.services.roster.find_group("Opioid Recovery Tuesday")
        opened.services.roster.update_group(
            group.id,
            GroupDraft(
                name=group.name,
                printed_title="Opioid Recovery Tuesday",  # the old default: the name itself
                schedule_rule=group.schedule_rule,
                schedule_start=group.schedule_start,
                location="Samira's flat",
                facilitator="Hope Smith-Jones",
            ),
        )
    out = tmp_path / "sheet.pdf"
    base = ("export", "sheet", "--vault", vault_dir, "--passphrase-file", pwfile,
            "--group", "Opioid Recovery Tuesday", "--date", "2026-11-24", "--out", out,
            "--names", "none")  # fmt: skip
    assert run(paths, *base) == 1
    err = capsys.readouterr().err
    assert "the place field" in err and "the facilitator field" in err
    assert "add --leave-blank place --leave-blank facilitator" in err
    for word in ("Samira", "Hope", "Smith"):
        assert word not in err
    assert not out.exists()
    assert run(paths, *base, "--leave-blank", "place", "--leave-blank", "facilitator") == 0
    text = _text(out)
    for word in ("Samira", "Tahir", "Seán", "O'Brien", "Hope", "Smith", "Opioid", "Recovery"):
        assert word not in text
    assert "Meeting" in text and "PLACE" in text


def test_leave_blank_belongs_to_sheets_only(
    paths: AppPaths, vault_dir: Path, pwfile: Path, tmp_path: Path
) -> None:
    out = tmp_path / "summary.csv"
    code = run(paths, "export", "summary", "--vault", vault_dir, "--passphrase-file", pwfile,
               "--out", out, "--leave-blank", "place")  # fmt: skip
    assert code == 2 and not out.exists()
