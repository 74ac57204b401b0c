"""Every CSV writer against published CSV-injection payloads, opened with any separator.

The payloads (``data/csv_injection_payloads.json``) come from the OWASP "CSV Injection"
page, PayloadsAllTheThings' "CSV Injection" list and payloadbox's list, with variants
that hide the formula behind a tab, CR, LF, spaces, quotes, a full-width sign or a
separator inside the cell ("Budget;=2+5").  Each goes through every writer: the shared
:func:`csv_bytes` (the summary's), the summary CSV itself (as a group's topic), and
``facilitator list … --format csv`` (:func:`facilitator.cli.output.render`).  The output
is then split the ways a spreadsheet might: by ``,``, ``;`` or tab, honouring quotes
(:mod:`csv`) or ignoring them (a plain split).  No cell may start a formula.

The triggers are written out here, not imported, so that a narrower rule in the code
fails these tests.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from test_summary_csv import hand_made

from facilitator import app
from facilitator.cli import main
from facilitator.cli.output import render
from facilitator.errors import InvalidInput
from facilitator.exports.csv_safe import csv_bytes, csv_text
from facilitator.exports.summary_csv import render_summary_csv
from facilitator.paths import AppPaths
from facilitator.services.roster import GroupDraft, MemberDraft

CORPUS = Path(__file__).parent / "data" / "csv_injection_payloads.json"
PAYLOADS: list[str] = [p["text"] for p in json.loads(CORPUS.read_text("utf-8"))["payloads"]]

FORMULA = set("=+-@") | set("\uff1d\uff0b\uff0d\uff20") | {"\u2212", "\u2013"}
LEADING = FORMULA | set("\t\r\n")
SPLITTERS = (",", ";", "\t")
_SKIPPED = re.compile(r'^[\s"]*')  # what a spreadsheet may skip before a formula


def problems(text: str) -> list[str]:
    """Every cell of ``text``, split every way, that starts a formula."""
    found: list[str] = []
    for separator in SPLITTERS:
        # Honouring quotes, as a spreadsheet reading the file with this separator does.
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            for cell in row:
                leading = LEADING if separator != "\t" else FORMULA  # tab split: no tabs
                if cell[:1] in leading or _SKIPPED.sub("", cell)[:1] in FORMULA:
                    found.append(f"{separator!r} quoted: {cell!r}")
        # Ignoring quotes and line structure inside them, as a careless importer does.
        for line in re.split(r"\r\n|\r|\n", text):
            for piece in line.split(separator):
                if _SKIPPED.sub("", piece)[:1] in FORMULA:
                    found.append(f"{separator!r} plain: {piece!r}")
    return found


def test_the_corpus_is_large_and_from_the_published_lists() -> None:
    entries = json.loads(CORPUS.read_text("utf-8"))["payloads"]
    assert len(entries) >= 40
    assert {"owasp", "patt", "payloadbox"} <= {e["source"] for e in entries}
    assert len(set(PAYLOADS)) == len(PAYLOADS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_shared_writer_neutralises_every_payload(payload: str) -> None:
    text = csv_bytes([["label", "value"], [payload, 3], [3, payload]]).decode("utf-8-sig")
    assert problems(text) == []
    rows = list(csv.reader(io.StringIO(text, newline="")))
    written = rows[1][0]
    assert written.replace("'", "") == payload.replace("'", "")  # only apostrophes added
    assert rows[1][1] == "3" and rows[2][0] == "3"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_list_format_csv_neutralises_every_payload(payload: str) -> None:
    text = render(["name", "members"], [[payload, 2]], "csv")
    assert problems(text) == []
    (header, row) = list(csv.reader(io.StringIO(text, newline="")))
    assert header == ["name", "members"]
    assert row[0].replace("'", "") == payload.replace("'", "") and row[1] == "2"


def test_the_summary_csv_neutralises_every_payload_as_a_topic() -> None:
    data = render_summary_csv(hand_made(topics={7: tuple(PAYLOADS)}))
    text = data.decode("utf-8-sig")
    assert problems(text) == []
    cells = {cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row}
    for payload in PAYLOADS:
        assert any(cell.replace("'", "") == payload.replace("'", "") for cell in cells)


def test_every_text_cell_is_quoted_and_numbers_are_bare() -> None:
    text = csv_text([["Budget;=2+5", 12, 7.5, -3, None, True, "<11", "2026-05"]])
    assert text == '"Budget;\'=2+5",12,7.5,-3,"","true","<11","2026-05"\r\n'


def test_the_issue_example_no_longer_becomes_a_formula_with_a_semicolon() -> None:
    text = csv_bytes([["Budget;=2+5", 4]]).decode("utf-8-sig")
    pieces = text.strip().split(";")
    assert pieces[1].startswith("'=")


def test_the_list_command_writes_no_formula_from_the_vault(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """End to end: groups and members named by the payloads, `list … --format csv`."""
    passphrase = "correct horse battery staple"
    folder = tmp_path / "vault"
    stored: list[str] = []
    with app.create_vault(folder, passphrase) as opened:
        roster = opened.services.roster
        for number, payload in enumerate(PAYLOADS):
            try:
                roster.create_group(
                    GroupDraft(name=payload, location=f"Hall;{payload}", facilitator=payload)
                )
                roster.add_member(MemberDraft(first_name=payload, last_name=f"x{number}"))
            except InvalidInput:
                continue  # a name the roster refuses (too long, say) never reaches a file
            stored.append(payload)
    assert len(stored) >= 40
    pwfile = tmp_path / "pass.txt"
    pwfile.write_text(passphrase + "\n", encoding="utf-8")
    paths = AppPaths(tmp_path / "data", tmp_path / "config", tmp_path / "log")
    for what in ("groups", "members"):
        argv = ["list", what, "--vault", str(folder), "--passphrase-file", str(pwfile),
                "--format", "csv"]  # fmt: skip
        assert main(argv, paths=paths) == 0
        text = capsys.readouterr().out
        assert problems(text) == []
        assert len(list(csv.reader(io.StringIO(text, newline="")))) > len(stored)
