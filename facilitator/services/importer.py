"""Importing a roster from a spreadsheet's CSV file: all of it, or none of it.

The file may be UTF-8 (with or without the byte-order mark Excel adds), UTF-16 with
its mark, or a legacy code page, guessed and said (see
:mod:`facilitator.services.roster_encoding`), separated by commas, semicolons or
tabs, with the column headings a spreadsheet typically has ("First Name", "E-mail
address", "Mobile", ...).
Every row is checked before anything is written; the error names each bad row
by the line a spreadsheet shows it on, and the field and the reason, never the
value itself (it is someone's personal data, and messages may be logged).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path

from dateutil import parser as date_parser

from facilitator.domain import MemberStatus
from facilitator.errors import InvalidInput
from facilitator.services._common import SYSTEM_CLOCK, Clock, clean_text
from facilitator.services.roster import MemberDraft
from facilitator.services.roster_encoding import decode_roster
from facilitator.storage import untrusted
from facilitator.storage.repositories import UnitOfWorkFactory

MAX_DETAILS = 50
FULL_NAME = "full name"  # a pseudo-field: split into first name + the rest as last name

# Field -> the normalised headings that mean it (see _normalise).
_HEADINGS: dict[str, tuple[str, ...]] = {
    "first_name": ("firstname", "first", "givenname", "forename", "firstnames", "givennames"),
    "last_name": ("lastname", "surname", "familyname", "last"),
    "preferred_name": ("preferredname", "nickname", "knownas", "goesby"),
    "pronouns": ("pronouns", "pronoun"),
    "phone": (
        "phone",
        "phonenumber",
        "mobile",
        "mobilenumber",
        "mobilephone",
        "cell",
        "cellphone",
        "telephone",
        "telephonenumber",
        "tel",
    ),
    "email": ("email", "emailaddress"),
    "emergency_contact": ("emergencycontact",),
    "date_joined": ("datejoined", "joined", "joindate", "startdate"),
    "status": ("status",),
    "notes": ("notes", "note", "comments", "comment"),
    FULL_NAME: ("name", "fullname"),
}
_FIELD_OF = {heading: name for name, headings in _HEADINGS.items() for heading in headings}
_UNDERSTOOD = (
    "First name (or Name), Last name, Preferred name, Pronouns, Phone, E-mail, "
    "Emergency contact, Date joined, Status, Notes"
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DELIMITERS = ",;\t"
_SNIFF_BYTES = 64 * 1024
_STATUSES = ", ".join(s.value for s in MemberStatus)
_EMPTY = (
    "The file is empty. It needs a row of column headings (such as “First name”) and "
    "then one row per person."
)


@dataclass(frozen=True, slots=True)
class ParsedRoster:
    drafts: tuple[MemberDraft, ...]
    ignored_columns: tuple[str, ...] = ()
    encoding: str = "utf-8"  # a key of roster_encoding.ENCODINGS
    encoding_guessed: bool = False


@dataclass(frozen=True, slots=True)
class RosterPreview:
    """The first rows of a roster file as they will be read, before anything is
    imported: for the person to see that the names read right."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # the first rows after the header
    people: int  # rows after the header in the whole file
    encoding: str
    encoding_guessed: bool


@dataclass(frozen=True, slots=True)
class RosterImportReport:
    added: int
    already_present: int
    group_name: str = ""
    group_created: bool = False
    ignored_columns: tuple[str, ...] = ()
    encoding: str = "utf-8"
    encoding_guessed: bool = False


# -- reading the file -------------------------------------------------------------
IMPORT_LIMIT = 64 * 1024 * 1024
"""The largest file to import (a roster of 100,000 people is some 10 MB)."""


def read_import_file(path: Path) -> bytes:
    """The bytes of a roster or bundle to import: a regular file of at most
    IMPORT_LIMIT bytes, read with that bound; a pipe, a device or a folder is refused
    without waiting on it (InvalidInput)."""
    try:
        return untrusted.read_small_file(path, IMPORT_LIMIT, follow_symlinks=True)
    except untrusted.UnfitFile as unfit:
        if unfit.missing:
            raise InvalidInput(f"The file {path} does not exist.") from None
        if path.is_dir():
            raise InvalidInput(f"{path} is a folder, not a file.") from None
        if path.exists() and not path.is_file():
            raise InvalidInput(
                f"{path} is not a file (a pipe or a device). Import a saved file."
            ) from None
        if unfit.reason.startswith("is far larger"):
            raise InvalidInput(
                f"The file {path} is larger than {IMPORT_LIMIT // (1024 * 1024)} MB: "
                "it is not a roster or a bundle. Check that you chose the right file."
            ) from None
        raise InvalidInput(f"The file {path} {unfit.reason}.") from None


def _sniff_delimiter(text: str) -> str:
    sample = text[:_SNIFF_BYTES]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        pass
    first_line = next((line for line in sample.splitlines() if line.strip()), "")
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _normalise(heading: str) -> str:
    heading = heading.replace("\ufeff", "").removeprefix("ï»¿")
    return "".join(ch for ch in heading.casefold() if ch.isalnum())


def _read_rows(text: str) -> list[tuple[int, list[str]]]:
    """(line the row starts on, cells) for every non-blank row, the header first.

    Read strictly: a quote mark that opens a cell must close it, right before a
    separator or the end of the line.  A lenient reader lets an unclosed quote swallow
    separators and the following rows into one cell (a member called "Ann,Lee") and
    drops a quote mark followed by more text; either way it imports what the
    spreadsheet does not show."""
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text), strict=True
    )
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # the csv module's own bound
            raise InvalidInput(
                f"The roster was not imported: a cell of row {start} is longer than "
                f"{csv.field_size_limit() // 1024} KiB, which no name or contact is. Check "
                "that you chose the right file. Nothing was changed."
            ) from None
        raise InvalidInput(
            f"The roster was not imported: the quote marks of row {start} do not pair up "
            "(a quote mark that opens a cell is never closed, or text follows the one "
            "that closes it). Correct that row in a spreadsheet or a text editor and save "
            "the file again. Nothing was changed."
        ) from None
    return rows


def _map_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, heading in enumerate(header):
        field = _FIELD_OF.get(_normalise(heading))
        if field is None:
            if heading.strip():
                ignored.append(f"column {index + 1}")  # by number: a heading is file content
            continue
        if field in columns:
            raise InvalidInput(
                f"Columns {columns[field] + 1} and {index + 1} mean the same thing. Remove or "
                "rename one of them and try again."
            )
        columns[field] = index
    if "first_name" in columns and FULL_NAME in columns:
        ignored.append(f"column {columns[FULL_NAME] + 1}")
        del columns[FULL_NAME]
    if "first_name" not in columns and FULL_NAME not in columns:
        raise InvalidInput(
            "The file has no column for first names. The first row must hold the "
            f"column headings; these are understood: {_UNDERSTOOD}."
        )
    return columns, ignored


# -- checking the rows ---------------------------------------------------------------


def parse_date(text: str) -> dt.date:
    """YYYY-MM-DD, or another form only when it can mean one date alone."""
    text = text.strip()
    if _ISO_DATE.match(text):
        return dt.date.fromisoformat(text)
    readings = set()
    for dayfirst in (False, True):
        for default in (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2)):
            reading = date_parser.parse(text, dayfirst=dayfirst, default=default, ignoretz=True)
            readings.add(reading.date())
    if len(readings) != 1:
        raise ValueError("ambiguous")
    (day,) = readings
    if not 1900 <= day.year <= 2100:
        raise ValueError("out of range")
    return day


def _lower_first(message: str) -> str:
    message = message.rstrip(".")
    return message[:1].lower() + message[1:]


def _row_draft(cells: list[str], columns: dict[str, int]) -> tuple[MemberDraft | None, list[str]]:
    def cell(field: str) -> str:
        index = columns.get(field)
        return cells[index] if index is not None and index < len(cells) else ""

    problems: list[str] = []
    first, last = cell("first_name"), cell("last_name")
    if FULL_NAME in columns:
        parts = cell(FULL_NAME).split(None, 1)
        first, last = [*parts, "", ""][:2]
    joined: dt.date | None = None
    if cell("date_joined").strip():
        try:
            joined = parse_date(cell("date_joined"))
        except (ValueError, OverflowError):
            problems.append(
                "the date joined is not a date that can be read one way only; "
                "write it as YYYY-MM-DD"
            )
    status = MemberStatus.ACTIVE
    if cell("status").strip():
        try:
            status = MemberStatus(cell("status").strip().casefold())
        except ValueError:
            problems.append(f"the status must be one of {_STATUSES}")
    draft = MemberDraft(
        first_name=first,
        last_name=last,
        preferred_name=cell("preferred_name"),
        pronouns=cell("pronouns"),
        phone=cell("phone"),
        email=cell("email"),
        emergency_contact=cell("emergency_contact"),
        date_joined=joined,
        status=status,
        notes=cell("notes"),
    )
    try:
        draft = draft.cleaned()
    except InvalidInput as exc:
        problems.insert(0, _lower_first(exc.message))
    return (None if problems else draft), problems


def capped(details: list[str], limit: int = MAX_DETAILS) -> tuple[str, ...]:
    if len(details) <= limit:
        return tuple(details)
    return (*details[:limit], f"…and {len(details) - limit} more")


def preview_roster(raw: bytes, encoding: str | None = None, *, limit: int = 10) -> RosterPreview:
    """The file's first ``limit`` rows as they would be imported (read, not checked),
    or InvalidInput when the file cannot be read at all."""
    decoded = decode_roster(raw, encoding)
    rows = _read_rows(decoded.text)
    if not rows:
        raise InvalidInput(_EMPTY)
    (_, header), body = rows[0], rows[1:]
    return RosterPreview(
        header=tuple(header),
        rows=tuple(tuple(cells) for _, cells in body[:limit]),
        people=len(body),
        encoding=decoded.encoding,
        encoding_guessed=decoded.guessed,
    )


# The made-up row of the first steps' roster template (services/first_steps.py): never a
# person, skipped when it was left in (review 16).
TEMPLATE_EXAMPLE = ("Example", "Person", "example@example.org")


def _is_template_example(draft: MemberDraft) -> bool:
    return (draft.first_name, draft.last_name, draft.email) == TEMPLATE_EXAMPLE


def parse_roster_csv(raw: bytes, encoding: str | None = None) -> ParsedRoster:
    """Every row of the file as a checked draft, or InvalidInput listing every bad row.
    ``encoding``: a key of :data:`~facilitator.services.roster_encoding.ENCODINGS`, or
    None to read it as the file says or guess (the result says which)."""
    decoded = decode_roster(raw, encoding)
    rows = _read_rows(decoded.text)
    if not rows:
        raise InvalidInput(_EMPTY)
    (_, header), body = rows[0], rows[1:]
    columns, ignored = _map_columns(header)
    ignored += [
        f"column {index + 1} (no heading)"
        for index, heading in enumerate(header)
        if not heading.strip() and any(len(c) > index and c[index].strip() for _, c in body)
    ]
    drafts: list[MemberDraft] = []
    problems: list[str] = []
    bad_rows = 0
    for line, cells in body:
        found: list[str] = []
        if any(cell.strip() for cell in cells[len(header) :]):
            found.append("it has more cells than there are column headings")
        draft, row_problems = _row_draft(cells, columns)
        found += row_problems
        if found:
            bad_rows += 1
            problems += [f"row {line}: {p}" for p in found]
        elif draft is not None and not _is_template_example(draft):
            drafts.append(draft)
    if problems:
        raise InvalidInput(
            f"The roster was not imported: {bad_rows} row(s) have problems. Nothing was changed.",
            details=capped(problems),
        )
    if not drafts:
        raise InvalidInput(
            "The roster was not imported: there are no people in the file, only its column "
            "headings. Add one row per person under them. Nothing was changed."
        )
    return ParsedRoster(tuple(drafts), tuple(ignored), decoded.encoding, decoded.guessed)


# -- the use case ------------------------------------------------------------------------


class ImportService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock = SYSTEM_CLOCK) -> None:
        self._uow = uow
        self._clock = clock

    def import_roster(
        self, raw: bytes, *, group_name: str | None = None, encoding: str | None = None
    ) -> RosterImportReport:
        """Add everyone in the CSV file (and join them to ``group_name``, created if
        needed), in one transaction.  People already in the vault with the same names
        and contact details are not added twice.  ``encoding``: as
        :func:`parse_roster_csv`; the report says which was used and if it was a guess."""
        parsed = parse_roster_csv(raw, encoding)
        name = None
        if group_name is not None:
            name = clean_text(group_name, "group name", max_length=200, required=True)
        today = self._clock.today()
        added = present = 0
        created = False
        with self._uow() as uow:
            group_id = None
            if name is not None:
                group_id = uow.groups.id_by_name(name)
                if group_id is None:
                    group_id = uow.groups.add(name=name, printed_title="").id
                    created = True
                else:
                    name = uow.groups.get(group_id).name
            for parsed_draft in parsed.drafts:
                draft = replace(parsed_draft, date_joined=parsed_draft.date_joined or today)
                member_id = uow.members.find_same_person(
                    draft.first_name, draft.last_name, draft.phone, draft.email
                )
                if member_id is None:
                    member_id = uow.members.add(**draft.as_fields()).id
                    added += 1
                else:
                    present += 1
                    if group_id is not None and uow.members.current_membership(member_id, group_id):
                        continue
                if group_id is not None:
                    uow.members.join(member_id, group_id, draft.date_joined or today)
        return RosterImportReport(
            added=added,
            already_present=present,
            group_name=name or "",
            group_created=created,
            ignored_columns=parsed.ignored_columns,
            encoding=parsed.encoding,
            encoding_guessed=parsed.encoding_guessed,
        )
