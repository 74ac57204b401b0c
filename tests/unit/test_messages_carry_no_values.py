"""No message carries a value: a group's, a person's or a topic's name never appears in
what an error or a confirmation says, only what kind of thing is wrong and what to do.

Messages are shown on screen (over a shoulder), printed by the command line (into a
terminal's scroll-back or a shared log) and may be logged.  Each case below feeds a
canary (a made-up word that appears nowhere else) through a service or a command and
asserts the canary is in no message, details included.  File paths a person typed may
still be named; nothing here uses the canary as a path.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator import app
from facilitator.app import Services
from facilitator.cli import main
from facilitator.errors import UserFacingError
from facilitator.exports.pdf_common import page_size_named
from facilitator.exports.sheets import SheetOptions, name_mode
from facilitator.paths import AppPaths
from facilitator.services.demo import build_demo
from facilitator.services.importer import parse_roster_csv
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import validate_rule, weekly_rule
from facilitator.services.summary import group_labels

CANARY = "Zorblaxian"  # a group's, a person's, a topic's name: never in a message
PASSPHRASE = "correct horse battery staple"


def _message(action: Callable[[], object]) -> str:
    with pytest.raises(UserFacingError) as raised:
        action()
    return str(raised.value) + "\n" + raised.value.message  # details included


def assert_no_canary(text: str) -> None:
    assert CANARY.casefold() not in text.casefold(), text


def test_an_unknown_group_is_not_named_nor_are_the_others(services: Services) -> None:
    services.roster.create_group(GroupDraft(name=f"{CANARY} Circle"))
    text = _message(lambda: services.roster.find_group(f"{CANARY} Evening"))
    assert "No group has that name" in text and "list groups" in text
    assert_no_canary(text)


def test_a_group_name_already_taken_is_not_repeated(services: Services) -> None:
    services.roster.create_group(GroupDraft(name=f"{CANARY} Circle"))
    text = _message(lambda: services.roster.create_group(GroupDraft(name=f"{CANARY} circle")))
    assert "already exists" in text
    assert_no_canary(text)


@pytest.mark.parametrize(
    "action",
    [
        lambda: validate_rule(f"FREQ=WEEKLY;BYDAY={CANARY}", dt.date(2026, 1, 6)),
        lambda: name_mode(CANARY),
        lambda: SheetOptions(leave_blank={CANARY}),  # type: ignore[arg-type]
        lambda: group_labels(CANARY),
        lambda: build_demo(CANARY),
        lambda: page_size_named(CANARY),
    ],
    ids=["schedule rule", "name mode", "leave blank", "group labels", "demo scale", "paper"],
)
def test_a_choice_that_is_not_understood_is_not_echoed(action: Callable[[], object]) -> None:
    assert_no_canary(_message(action))


def test_a_note_template_that_does_not_exist_is_not_named(services: Services) -> None:
    group = services.roster.create_group(
        GroupDraft(name="Circle", schedule_rule=weekly_rule(1), schedule_start=dt.date(2026, 1, 6))
    )
    session = services.schedule.open_session(group.id)
    assert_no_canary(
        _message(lambda: services.notes.add("x", session_id=session.id, template=CANARY))
    )


def test_roster_file_headings_are_file_content_and_not_repeated() -> None:
    both = f"First name,{CANARY} name,Forename\nAna,Lima,Ana\n".encode()
    text = _message(lambda: parse_roster_csv(f"First name,{CANARY}\nAna,x\n".encode() + both))
    assert_no_canary(text)
    text = _message(lambda: parse_roster_csv(f"First name,Forename,{CANARY}\nAna,Ana,x\n".encode()))
    assert "Columns 1 and 2" in text
    assert_no_canary(text)
    parsed = parse_roster_csv(f"First name,{CANARY} notes\nAna,x\n".encode())
    assert parsed.ignored_columns == ("column 2",)


def test_bundle_problems_name_no_group_field_or_section(services: Services, tmp_path: Path) -> None:
    services.roster.create_group(GroupDraft(name=f"{CANARY} Circle"))
    path = tmp_path / "full.json"
    services.bundle.export_full(path)
    raw = path.read_bytes()
    # The same groups again: their names are taken.
    assert_no_canary(_message(lambda: services.bundle.import_bundle(raw)))
    document = json.loads(raw)
    document[CANARY] = []  # an unknown section
    document["groups"][0][f"{CANARY}_field"] = 1  # an unknown field
    document["groups"].append({**document["groups"][0], "id": 999})  # the same name twice
    text = _message(lambda: services.bundle.import_bundle(json.dumps(document).encode()))
    assert "unknown section" in text and "unknown field" in text and "same name" in text
    assert_no_canary(text)


# -- the command line: everything it prints --------------------------------------------------------
@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., tuple[int, str]]:
    folder = tmp_path / "vault"
    with app.create_vault(folder, PASSPHRASE) as opened:
        group = opened.services.roster.create_group(
            GroupDraft(
                name=f"{CANARY} Recovery",
                schedule_rule=weekly_rule(1),
                schedule_start=dt.date(2026, 1, 6),
                facilitator=f"{CANARY} Smith",
            )
        )
        opened.services.roster.add_member(
            MemberDraft(first_name=CANARY, last_name="Quist"), group_id=group.id
        )
    pwfile = tmp_path / "pass.txt"
    pwfile.write_text(PASSPHRASE + "\n", encoding="utf-8")
    paths = AppPaths(tmp_path / "data", tmp_path / "config", tmp_path / "log")

    def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str]:
        vault = ["--vault", str(folder), "--passphrase-file", str(pwfile)]
        code = main([str(a) for a in argv[:2]] + vault + [str(a) for a in argv[2:]], paths=paths)
        captured = capsys.readouterr()
        return code, captured.out + captured.err

    return run


def test_the_command_line_names_no_group_person_or_heading(
    cli: Callable[..., tuple[int, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "sheet.pdf"
    roster = tmp_path / "roster.csv"
    roster.write_text(f"First name,Last name,{CANARY} column\nAna,Lima,x\n", encoding="utf-8")
    cases = [
        ("list", "members", "--group", f"{CANARY} Evening"),
        ("export", "sheet", "--group", f"{CANARY} Evening", "--out", sheet),
        ("export", "sheet", "--group", f"{CANARY} recovery", "--date", CANARY, "--out", sheet),
        ("export", "sheet", "--group", f"{CANARY} recovery", "--date", "2026-11-24",
         "--names", "none", "--out", sheet),  # the facilitator is on the roster: refused
        ("export", "summary", "--group", f"{CANARY} Evening", "--out", tmp_path / "s.csv"),
        ("import", roster, "--group", f"{CANARY} Newcomers"),
    ]  # fmt: skip
    codes = []
    for argv in cases:
        code, printed = cli(capsys, *argv)
        codes.append(code)
        assert_no_canary(printed)
    assert codes == [1, 1, 2, 1, 1, 0]
    assert not sheet.exists()
