"""Strict input (issue 14): control characters, CSV quoting, empty files, phones,
e-mails and encodings, refused or read the same way from every source, and every
refusal leaves the vault exactly as it was."""

from __future__ import annotations

import datetime as dt
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from facilitator.app import Services
from facilitator.domain.text import text_problem
from facilitator.errors import InvalidInput
from facilitator.exports.finder import phone_forms
from facilitator.services.bundle import CONFIDENTIALITY_NOTICE
from facilitator.services.importer import preview_roster
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import SessionDraft
from facilitator.services.sheets import sheet_options

# Characters no text field may hold (each names why in the test id).
CONTROL = {
    "nul": "\x00",
    "bell": "\x07",
    "escape": "\x1b",
    "delete": "\x7f",
    "c1-next-line": "\x85",
    "c1-csi": "\x9b",
}
# Refused in one-line fields (names, contacts, topics) but kept in free text.
ONE_LINE_ONLY = {
    "newline": "\n",
    "carriage-return": "\r",
    "line-separator": "\u2028",
    "right-to-left-override": "\u202e",
    "left-to-right-embedding": "\u202a",
    "first-strong-isolate": "\u2068",
}


def _snapshot(services: Services, tmp_path: Path) -> dict[str, Any]:
    """Everything in the vault, as the full export writes it (its time left out)."""
    out = tmp_path / f"snapshot-{len(list(tmp_path.glob('snapshot-*')))}.json"
    services.bundle.export_full(out)
    document = json.loads(out.read_text(encoding="utf-8"))
    del document["exported_at"]
    return dict(document)


@pytest.fixture
def before(services: Services, tmp_path: Path) -> dict[str, Any]:
    """A vault with one group and one member in it, snapshotted."""
    group = services.roster.create_group(GroupDraft(name="Tuesday Circle"))
    member = services.roster.add_member(MemberDraft(first_name="Robin", phone="07700 900456"))
    services.roster.join_group(member.id, group.id)
    return _snapshot(services, tmp_path)


def _csv(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _refused(exc: pytest.ExceptionInfo[InvalidInput], value: str) -> str:
    """The whole message, checked not to quote the refused value."""
    text = str(exc.value)
    assert value not in text
    return text


# -- control characters, every source ------------------------------------------------


@pytest.mark.parametrize(
    "bad", [*CONTROL.values(), *ONE_LINE_ONLY.values()], ids=[*CONTROL, *ONE_LINE_ONLY]
)
def test_a_csv_name_with_a_control_character_is_refused_by_row(
    services: Services, tmp_path: Path, before: dict[str, Any], bad: str
) -> None:
    value = f"Ann{bad}Lee"
    raw = _csv("First name,Last name", "Sam,Okafor", f'"{value}",Lee')

    with pytest.raises(InvalidInput) as exc:
        services.importer.import_roster(raw, group_name="New group")

    assert "row 3" in _refused(exc, value)
    assert "first name" in str(exc.value)
    assert _snapshot(services, tmp_path) == before


@pytest.mark.parametrize("bad", CONTROL.values(), ids=CONTROL)
def test_a_csv_note_with_a_control_character_is_refused(
    services: Services, tmp_path: Path, before: dict[str, Any], bad: str
) -> None:
    raw = _csv("First name,Notes", f'Sam,"line one{bad}line two"')

    with pytest.raises(InvalidInput) as exc:
        services.importer.import_roster(raw)

    assert "row 2" in str(exc.value) and "notes" in str(exc.value)
    assert _snapshot(services, tmp_path) == before


def test_free_text_keeps_tabs_and_line_breaks(services: Services) -> None:
    raw = _csv("First name,Notes", 'Sam,"line one\r\n\tline two"')

    services.importer.import_roster(raw)

    (sam,) = services.roster.members(search="Sam")
    assert sam.notes == "line one\n\tline two"  # the spreadsheet's CR LF read as one line break


def _bundle(**tables: list[dict[str, Any]]) -> bytes:
    document: dict[str, Any] = {"notice": CONFIDENTIALITY_NOTICE, "format": "facilitator-bundle"}
    document["version"] = 1
    document.update(tables)
    return json.dumps(document).encode("utf-8")


_GROUP = {"id": 1, "name": "Thursday Group"}
_MEMBER = {"id": 1, "first_name": "Ann"}
_SESSION = {"id": 1, "group": 1, "date": "2026-11-19"}


@pytest.mark.parametrize(
    ("table", "field", "bad"),
    [
        ("members", "first_name", "\x00"),
        ("members", "last_name", "\x1b"),
        ("members", "first_name", "\u202e"),
        ("members", "emergency_contact", "\n"),
        ("members", "notes", "\x00"),
        ("members", "first_name", "\ud800"),
        ("groups", "name", "\x07"),
        ("groups", "description", "\x00"),
        ("sessions", "topic", "\x00"),
        ("notes", "body", "\x00"),
        ("follow_ups", "description", "\x9b"),
    ],
)
def test_a_bundle_field_with_a_control_character_is_refused_by_row_and_field(
    services: Services, tmp_path: Path, before: dict[str, Any], table: str, field: str, bad: str
) -> None:
    rows: dict[str, dict[str, Any]] = {
        "groups": dict(_GROUP),
        "members": dict(_MEMBER),
        "sessions": dict(_SESSION),
        "notes": {"session": 1, "body": "ok", "created_at": "2026-11-19T20:00:00"},
        "follow_ups": {"description": "Call", "created_at": "2026-11-19T20:00:00"},
    }
    rows[table][field] = f"x{bad}y"

    with pytest.raises(InvalidInput) as exc:
        services.bundle.import_bundle(_bundle(**{t: [r] for t, r in rows.items()}))

    assert f"{table}[0]: {field}" in str(exc.value)
    assert _snapshot(services, tmp_path) == before


def test_a_bundle_keeps_tabs_and_line_breaks_in_free_text(services: Services) -> None:
    raw = _bundle(
        groups=[dict(_GROUP, description="Open to all.\n\tNo cross-talk.")],
        members=[dict(_MEMBER, notes="one\ntwo")],
    )

    services.bundle.import_bundle(raw)

    (group,) = services.roster.groups()
    assert group.description == "Open to all.\n\tNo cross-talk."


@pytest.mark.parametrize(
    "bad", [*CONTROL.values(), *ONE_LINE_ONLY.values()], ids=[*CONTROL, *ONE_LINE_ONLY]
)
def test_the_app_refuses_a_member_name_with_a_control_character(
    offline: Services, bad: str
) -> None:
    with pytest.raises(InvalidInput) as exc:
        offline.roster.add_member(MemberDraft(first_name=f"Ann{bad}Lee"))
    assert "first name" in _refused(exc, f"Ann{bad}Lee")


@pytest.mark.parametrize("bad", CONTROL.values(), ids=CONTROL)
def test_the_app_refuses_control_characters_in_every_kind_of_text(
    services: Services, tmp_path: Path, before: dict[str, Any], bad: str
) -> None:
    (group,) = services.roster.groups()
    (member,) = services.roster.members()
    text = f"a{bad}b"
    attempts = [
        lambda: services.roster.create_group(GroupDraft(name=text)),
        lambda: services.roster.create_group(GroupDraft(name="Other", description=text)),
        lambda: services.roster.create_group(GroupDraft(name="Other", location=text)),
        lambda: services.roster.update_member(member.id, MemberDraft("Robin", notes=text)),
        lambda: services.roster.update_member(member.id, MemberDraft("Robin", pronouns=text)),
        lambda: services.roster.add_milestone(member.id, text, dt.date(2026, 1, 1)),
        lambda: services.notes.add(text, member_id=member.id),
        lambda: services.follow_ups.add(text),
        lambda: services.schedule.add_session(
            group.id, SessionDraft(date=dt.date(2026, 11, 24), topic=text)
        ),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidInput) as exc:
            attempt()
        _refused(exc, text)
    assert _snapshot(services, tmp_path) == before


# -- the CSV file itself ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "row"),
    [
        # the quote is never closed: it swallows the separator and the rest of the file
        (("First name,Last name", "Sam,Okafor", '"Ann,Lee'), 3),
        (("First name,Last name", '"Ann,Lee', "Bob,Smith"), 2),
        # closed by the next row's quote, then text after it
        (("First name,Last name,Notes", '"Ann,Lee,hi', 'Bob,Smith,"x"y'), 2),
        (("First name,Last name", '"Ann"x,Lee', "Bob,Smith"), 2),
    ],
)
def test_malformed_quoting_is_refused_naming_the_row(
    services: Services, tmp_path: Path, before: dict[str, Any], lines: tuple[str, ...], row: int
) -> None:
    with pytest.raises(InvalidInput) as exc:
        services.importer.import_roster(_csv(*lines))

    message = _refused(exc, "Ann,Lee")
    assert f"row {row}" in message and "quote" in message
    assert _snapshot(services, tmp_path) == before


@pytest.mark.parametrize(
    "raw",
    [_csv("First name,Last name"), _csv("First name,Last name", ",", "  ,  ")],
    ids=["header only", "blank rows"],
)
def test_a_file_with_no_people_is_refused(
    services: Services, tmp_path: Path, before: dict[str, Any], raw: bytes
) -> None:
    with pytest.raises(InvalidInput, match="no people in the file"):
        services.importer.import_roster(raw, group_name="Empty group")
    assert _snapshot(services, tmp_path) == before


# -- phones and e-mails ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0800-FLOWERS", "0800-3569377"),  # a vanity number, its letters as the keypad's digits
        ("0800 flowers", "0800 3569377"),
        ("+1 800-FLOWERS", "+1 800-3569377"),
        ("+44 7700 900123", "+44 7700 900123"),
        ("(555) 010-4477", "(555) 010-4477"),
        ("07700 900123 ext. 12", "07700 900123 ext. 12"),
        ("1-800-273-TALK", "1-800-273-8255"),
        # full-width (an East Asian keyboard) and Arabic-Indic digits (an Arabic one)
        ("\uff10\uff17\uff17\uff10\uff10 \uff19\uff10\uff10\uff11\uff12\uff13", "07700 900123"),
        ("\u0660\u0667\u0667\u0660\u0660 \u0669\u0660\u0660\u0661\u0662\u0663", "07700 900123"),
        ("\uff0b\uff14\uff14 7700 900123", "+44 7700 900123"),
    ],
)
def test_a_phone_phonenumbers_reads_as_possible_is_kept_with_its_letters_as_digits(
    services: Services, typed: str, stored: str
) -> None:
    member = services.roster.add_member(MemberDraft(first_name="Sam", phone=typed))

    assert member.phone == stored
    # the leak guard reads a roster phone by its digits: the vanity number's are found
    digits = "".join(c for c in stored.split("ext", maxsplit=1)[0] if c.isdigit())
    assert digits.lstrip("0")[-9:] in "".join(phone_forms(member.phone))


@pytest.mark.parametrize(
    "typed",
    [
        "Kim 07700 900999",  # a name before the number: not a phone
        "07700 900999 Kim",  # or after it: its letters are not a vanity number's
        "12345",  # too few digits to be anyone's
        "0800-FLOWERS-AND-MORE-FLOWERS",  # too many
        "+44 12",
        "+999 1234 5678",  # no such country code
        "07700\u00a0900123\u200b",  # an invisible character inside
        "\u0660\u0667\u0667\u0660\u0660 900123 Kim",  # other digits do not hide a name
    ],
)
def test_a_phone_that_is_not_a_possible_number_is_refused(offline: Services, typed: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        offline.roster.add_member(MemberDraft(first_name="Sam", phone=typed))
    assert "phone number" in _refused(exc, typed)


@pytest.mark.parametrize(
    "typed",
    ["a..b@example.org", "a@b", "sam@localhost", "a b@example.org", ".sam@example.org", "sam@"],
)
def test_an_email_the_validator_refuses_is_refused_from_every_source(
    services: Services, offline: Services, tmp_path: Path, before: dict[str, Any], typed: str
) -> None:
    with pytest.raises(InvalidInput) as exc:
        offline.roster.add_member(MemberDraft(first_name="Sam", email=typed))
    assert "e-mail" in _refused(exc, typed)
    with pytest.raises(InvalidInput) as exc:
        services.importer.import_roster(_csv("First name,E-mail", f"Sam,{typed}"))
    assert "row 2" in _refused(exc, typed)
    with pytest.raises(InvalidInput) as exc:
        services.bundle.import_bundle(_bundle(members=[dict(_MEMBER, email=typed)]))
    assert "members[0]: email" in _refused(exc, typed)
    assert _snapshot(services, tmp_path) == before


def test_an_international_email_address_is_accepted(services: Services) -> None:
    member = services.roster.add_member(MemberDraft(first_name="Zoë", email="zoë@exämple.org"))
    assert member.email == "zoë@exämple.org"


# -- encodings -----------------------------------------------------------------------------

POLISH = ("First name,Last name", "Łukasz,Wójcik", "Joanna,Mąkowska", "Zdzisław,Żółć")


def test_an_iso_8859_2_file_reads_as_polish_and_says_it_was_a_guess(services: Services) -> None:
    report = services.importer.import_roster(_csv(*POLISH, encoding="iso-8859-2"))

    assert (report.encoding, report.encoding_guessed) == ("iso-8859-2", True)
    names = sorted((m.first_name, m.last_name) for m in services.roster.members())
    assert names == [("Joanna", "Mąkowska"), ("Zdzisław", "Żółć"), ("Łukasz", "Wójcik")]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (("First name", "Łukasz"), "windows-1250"),
        (("First name,Last name", "Zoë,Müller", "José,Núñez"), "windows-1252"),
        (("First name,Notes", "Sam,owes £5 \u2013 “soon”"), "windows-1252"),
    ],
)
def test_legacy_code_pages_are_guessed_from_the_letters(
    services: Services, text: tuple[str, ...], encoding: str
) -> None:
    report = services.importer.import_roster(_csv(*text, encoding=encoding))
    assert (report.encoding, report.encoding_guessed) == (encoding, True)
    firsts = sorted(line.split(",")[0] for line in text[1:])
    assert sorted(m.first_name for m in services.roster.members()) == firsts


def test_utf_8_is_not_a_guess_and_a_chosen_encoding_is_used(services: Services) -> None:
    report = services.importer.import_roster(_csv("First name", "Zoë"))
    assert (report.encoding, report.encoding_guessed) == ("utf-8", False)

    raw = _csv("First name", "Łukasz", encoding="iso-8859-2")
    report = services.importer.import_roster(raw, encoding="windows-1252")  # chosen: obeyed
    assert (report.encoding, report.encoding_guessed) == ("windows-1252", False)
    assert "£ukasz" in [m.first_name for m in services.roster.members()]


def test_an_unknown_or_impossible_encoding_is_refused(
    services: Services, tmp_path: Path, before: dict[str, Any]
) -> None:
    with pytest.raises(InvalidInput, match="not one Facilitator reads"):
        services.importer.import_roster(_csv("First name", "Sam"), encoding="ebcdic")
    with pytest.raises(InvalidInput, match="cannot be read as Unicode"):
        services.importer.import_roster(
            _csv("First name", "Zoë", encoding="latin-1"), encoding="utf-8"
        )
    assert _snapshot(services, tmp_path) == before


def test_the_preview_shows_the_first_rows_as_they_will_be_read() -> None:
    raw = _csv(*POLISH, *(f"Person{n},Example" for n in range(20)), encoding="iso-8859-2")

    preview = preview_roster(raw, limit=3)

    assert preview.header == ("First name", "Last name")
    assert preview.rows == (("Łukasz", "Wójcik"), ("Joanna", "Mąkowska"), ("Zdzisław", "Żółć"))
    assert preview.people == 23
    assert (preview.encoding, preview.encoding_guessed) == ("iso-8859-2", True)
    assert preview_roster(raw, "windows-1252", limit=1).rows == (("£ukasz", "Wójcik"),)


@pytest.mark.parametrize("bad", ["\x00", "\x1b[2J", "\u202e", "\n"])
def test_a_sign_in_sheet_column_title_with_a_control_character_is_refused(bad: str) -> None:
    # printed on paper from a command-line argument or a dialog: the same rule as stored text
    with pytest.raises(InvalidInput) as exc:
        sheet_options(columns=[f"Shirt{bad}size"], paper="a4")
    assert "column" in _refused(exc, f"Shirt{bad}size")


def test_the_text_check_agrees_with_unicode_on_every_code_point() -> None:
    # The check is a regular expression of ranges; Unicode's categories are the rule.
    line_breaks = {"\n", "\r", "\u2028", "\u2029"}
    bidi = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
    invisible = {
        chr(c)
        for c in (0xAD, 0x180E, 0x200B, *range(0x2060, 0x2065), 0xFEFF, *range(0xE0000, 0xE0080))
    }
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        refused = category == "Cs" or (category == "Cc" and char not in "\t\n\r")
        assert (text_problem(char, free_text=True) is not None) is refused, hex(code)
        refused_in_a_line = refused or char in line_breaks or char in bidi or char in invisible
        assert (text_problem(f"a{char}b") is not None) is refused_in_a_line, hex(code)
