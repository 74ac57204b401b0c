"""The full export: every row of the vault as one JSON "bundle", and importing it back.

A bundle is a UTF-8 JSON object (``"format": "facilitator-bundle"``, ``"version": 1``).
The confidentiality notice is its first key, so that whoever opens the file sees it;
then ``format``, ``version``, ``exported_at``, ``app_version`` and the tables, parents
before children: groups, members, memberships, consents, milestones, sessions,
attendance, notes, follow_ups.  Each row is one line with its keys sorted.  Groups,
members and sessions carry bundle-local ids (1..n in database order); other rows name
them through ``group``, ``member`` and ``session``.  Dates are ``YYYY-MM-DD``, times
``HH:MM:SS``, timestamps ``YYYY-MM-DDTHH:MM:SS``, missing values ``null``.  The same
data always gives the same file apart from ``exported_at``.

Importing checks every row before anything is written, then adds everything in one
transaction.  Messages name the table, row index (from 0) and field, never a value.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

from facilitator import __version__
from facilitator.domain import AttendanceStatus, ConsentKind, MemberStatus, Priority
from facilitator.domain.text import text_problem
from facilitator.errors import InvalidInput
from facilitator.services._common import SYSTEM_CLOCK, Clock, clean_email, clean_phone
from facilitator.services.importer import capped
from facilitator.services.notes import MAX_NOTE_LENGTH
from facilitator.services.schedule import validate_rule
from facilitator.storage.files import atomic_writer
from facilitator.storage.repositories import UnitOfWorkFactory
from facilitator.storage.repositories.bundle import TABLES

log = logging.getLogger(__name__)

FORMAT = "facilitator-bundle"
VERSION = 1
CONFIDENTIALITY_NOTICE = (
    "CONFIDENTIAL: this file identifies people who attend peer-support groups, some of "
    "them in recovery, and what was said about them. Federal and state law may protect "
    "it (for example 42 CFR Part 2 in the United States). Redisclosure is prohibited "
    "without the written consent of each person it concerns. Keep it encrypted and "
    "delete it when you no longer need it."
)
_HEADER_KEYS = ("notice", "format", "version", "exported_at", "app_version")


@dataclass(frozen=True, slots=True)
class BundleSummary:
    """Rows per table written to (or read from) a bundle."""

    groups: int = 0
    members: int = 0
    memberships: int = 0
    consents: int = 0
    milestones: int = 0
    sessions: int = 0
    attendance: int = 0
    notes: int = 0
    follow_ups: int = 0

    @classmethod
    def of(cls, counts: dict[str, int]) -> BundleSummary:
        return cls(**{t: counts.get(t, 0) for t in TABLES})

    def counts(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def total(self) -> int:
        return sum(self.counts().values())

    def __str__(self) -> str:
        return ", ".join(f"{n} {t.replace('_', '-')}" for t, n in self.counts().items())


def looks_like_bundle(raw: bytes) -> bool:
    """True when the bytes look like JSON (a ``{`` first), not like a CSV roster."""
    return raw.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"{"


# -- writing -------------------------------------------------------------------------


def encode_bundle(document: dict[str, Any]) -> Iterator[bytes]:
    """The document as UTF-8 JSON: header keys first, then one row per line."""
    row = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": ")).encode
    keys = [k for k in _HEADER_KEYS if k in document]
    keys += [k for k in document if k not in _HEADER_KEYS]
    yield b"{\n"
    for i, key in enumerate(keys):
        end = ",\n" if i < len(keys) - 1 else "\n"
        value = document[key]
        if isinstance(value, list):
            if not value:
                yield f" {row(key)}: []{end}".encode()
                continue
            yield f" {row(key)}: [\n".encode()
            yield ",\n".join(f"  {row(item)}" for item in value).encode()
            yield f"\n ]{end}".encode()
        else:
            yield f" {row(key)}: {row(value)}{end}".encode()
    yield b"}\n"


# -- checking ------------------------------------------------------------------------


class _Bad(Exception):
    """One field's problem: the reason, in words that name no value."""


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$")
_MAX_ID = 2**53
_MAX_GUESTS = 100_000
_MISSING = object()
Check = Callable[[Any], Any]


def _text(
    max_length: int, *, required: bool = False, free_text: bool = False, extra: Check | None = None
) -> Check:
    """A text field: what the app itself would accept (the domain's text check), kept as
    written so that a bundle imports back to what was exported."""

    def check(value: Any) -> Any:
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise _Bad("must be text")
        if required and not value.strip():
            raise _Bad("is empty")
        if len(value) > max_length:
            raise _Bad(f"is longer than {max_length:,} characters")
        problem = text_problem(value, free_text=free_text)
        if problem is not None:
            raise _Bad(problem)
        return extra(value) if extra and value else value

    return check


def _cleaned(clean: Callable[[str], str], reason: str) -> Callable[[str], str]:
    """Run one of the services' own cleaners; its message may not name the value."""

    def check(value: str) -> str:
        try:
            return clean(value)
        except InvalidInput:
            raise _Bad(reason) from None

    return check


def _parsed(pattern: re.Pattern[str], parse: Callable[[str], Any], form: str) -> Check:
    def check(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str) or not pattern.match(value):
            raise _Bad(f"must be written {form}")
        try:
            return parse(value)
        except ValueError:
            raise _Bad("is not a real date or time") from None

    return check


_date = _parsed(_DATE, dt.date.fromisoformat, "YYYY-MM-DD")
_time = _parsed(_TIME, dt.time.fromisoformat, "HH:MM:SS")
_datetime = _parsed(_DATETIME, dt.datetime.fromisoformat, "YYYY-MM-DDTHH:MM:SS")


def _whole(low: int, high: int) -> Check:
    def check(value: Any) -> Any:
        if type(value) is not int or not low <= value <= high:
            raise _Bad(f"must be a whole number from {low}")
        return value

    return check


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad("must be true or false")
    return value


def _enum(kind: type[StrEnum]) -> Check:
    allowed = {k.value for k in kind}
    listed = ", ".join(k.value for k in kind)

    def check(value: Any) -> Any:
        if not isinstance(value, str) or value not in allowed:
            raise _Bad(f"must be one of {listed}")
        return value

    return check


_ID = _whole(1, _MAX_ID)


@dataclass(frozen=True, slots=True)
class _Field:
    check: Check
    default: Any = _MISSING  # _MISSING: the field must be given (and not null)
    refers_to: str = ""  # a table whose id this names


def _ref(table: str, *, optional: bool = False) -> _Field:
    return _Field(_ID, None if optional else _MISSING, table)


_RULE = _cleaned(validate_rule, "is not a schedule rule Facilitator can read")
_PHONE = _cleaned(clean_phone, "is not a valid phone number")
_EMAIL = _cleaned(clean_email, "is not a valid e-mail address")
_SCHEMA: dict[str, dict[str, _Field]] = {
    "groups": {
        "id": _Field(_ID),
        "name": _Field(_text(200, required=True)),
        "printed_title": _Field(_text(200), ""),
        "description": _Field(_text(MAX_NOTE_LENGTH, free_text=True), ""),
        "location": _Field(_text(200), ""),
        "facilitator": _Field(_text(200), ""),
        "schedule_rule": _Field(_text(500, extra=_RULE), ""),
        "schedule_start": _Field(_date, None),
        "start_time": _Field(_time, None),
        "end_time": _Field(_time, None),
        "archived": _Field(_bool, False),
    },
    "members": {
        "id": _Field(_ID),
        "first_name": _Field(_text(100, required=True)),
        "last_name": _Field(_text(100), ""),
        "preferred_name": _Field(_text(100), ""),
        "pronouns": _Field(_text(50), ""),
        "phone": _Field(_text(50, extra=_PHONE), ""),
        "email": _Field(_text(200, extra=_EMAIL), ""),
        "emergency_contact": _Field(_text(300), ""),
        "date_joined": _Field(_date, None),
        "status": _Field(_enum(MemberStatus), MemberStatus.ACTIVE.value),
        "notes": _Field(_text(MAX_NOTE_LENGTH, free_text=True), ""),
    },
    "memberships": {
        "member": _ref("members"),
        "group": _ref("groups"),
        "joined_on": _Field(_date),
        "left_on": _Field(_date, None),
    },
    "consents": {
        "member": _ref("members"),
        "kind": _Field(_enum(ConsentKind)),
        "given": _Field(_bool, True),
        "recorded_on": _Field(_date),
        "revoked_on": _Field(_date, None),
        "note": _Field(_text(MAX_NOTE_LENGTH), ""),
    },
    "milestones": {
        "member": _ref("members"),
        "label": _Field(_text(200, required=True)),
        "date": _Field(_date),
        "shared": _Field(_bool, True),
    },
    "sessions": {
        "id": _Field(_ID),
        "group": _ref("groups"),
        "date": _Field(_date),
        "start_time": _Field(_time, None),
        "end_time": _Field(_time, None),
        "location": _Field(_text(200), ""),
        "topic": _Field(_text(300), ""),
        "facilitator": _Field(_text(200), ""),
        "cancelled": _Field(_bool, False),
        "guest_count": _Field(_whole(0, _MAX_GUESTS), 0),
    },
    "attendance": {
        "session": _ref("sessions"),
        "member": _ref("members"),
        "status": _Field(_enum(AttendanceStatus)),
        "arrived_at": _Field(_time, None),
    },
    "notes": {
        "session": _ref("sessions", optional=True),
        "member": _ref("members", optional=True),
        "template": _Field(_text(50), ""),
        "body": _Field(_text(MAX_NOTE_LENGTH, free_text=True), ""),
        "created_at": _Field(_datetime),
        "updated_at": _Field(_datetime),
    },
    "follow_ups": {
        "description": _Field(_text(2000, required=True)),
        "member": _ref("members", optional=True),
        "session": _ref("sessions", optional=True),
        "due_on": _Field(_date, None),
        "priority": _Field(_enum(Priority), Priority.NORMAL.value),
        "done": _Field(_bool, False),
        "done_on": _Field(_date, None),
        "created_at": _Field(_datetime),
    },
}


def _parse_json(raw: bytes) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("The file is not a Facilitator bundle: it is not UTF-8 text.") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            "Nothing was changed."
        ) from None
    except (ValueError, RecursionError):
        raise InvalidInput("The file is not valid JSON. Nothing was changed.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput("The file is not a Facilitator bundle. Nothing was changed.")
    version = document.get("version")
    if type(version) is not int or version < 1:
        raise InvalidInput("The bundle's format version cannot be read. Nothing was changed.")
    if version > VERSION:
        raise InvalidInput(
            f"This bundle was made by a newer Facilitator (format version {version}); "
            "update Facilitator to import it. Nothing was changed."
        )
    return document


def _check_row(table: str, index: int, row: Any, problems: list[str]) -> dict[str, Any]:
    where = f"{table}[{index}]"
    if not isinstance(row, dict):
        problems.append(f"{where}: must be an object")
        return {}
    clean: dict[str, Any] = {}
    schema = _SCHEMA[table]
    problems += [f"{where}: an unknown field" for key in row if key not in schema]
    for name, field in schema.items():
        value = row.get(name, _MISSING)
        if (value is _MISSING or value is None) and field.default is _MISSING:
            problems.append(f"{where}: {name} is missing")
            continue
        if value is _MISSING or (value is None and field.default is None):
            clean[name] = field.default
            continue
        try:
            clean[name] = field.check(value)
        except _Bad as bad:
            problems.append(f"{where}: {name} {bad}")
    return clean


def _check_references(
    table: str, index: int, row: dict[str, Any], ids: dict[str, set[int]], problems: list[str]
) -> None:
    for name, field in _SCHEMA[table].items():
        target = row.get(name)
        if field.refers_to and target is not None and target not in ids[field.refers_to]:
            where = f"{table}[{index}]"
            problems.append(f"{where}: {name} {target} is not in the bundle's {field.refers_to}")


def validate_bundle(raw: bytes) -> dict[str, list[dict[str, Any]]]:
    """Every row checked and converted to Python values, or InvalidInput with every problem."""
    document = _parse_json(raw)
    problems = [
        "an unknown section (a bundle has only the sections it was exported with)"
        for key in document
        if key not in TABLES and key not in _HEADER_KEYS
    ]
    tables: dict[str, list[dict[str, Any]]] = {}
    ids: dict[str, set[int]] = {table: set() for table in TABLES}
    group_names: set[str] = set()
    marks: set[tuple[int, int]] = set()
    for table in TABLES:
        rows = document.get(table, [])
        if not isinstance(rows, list):
            problems.append(f"{table}: must be a list")
            continue
        tables[table] = []
        for index, row in enumerate(rows):
            clean = _check_row(table, index, row, problems)
            where = f"{table}[{index}]"
            if "id" in clean:
                if clean["id"] in ids[table]:
                    problems.append(f"{where}: id {clean['id']} is used by another row")
                ids[table].add(clean["id"])
            _check_references(table, index, clean, ids, problems)
            if table == "groups" and clean.get("name"):
                key = " ".join(clean["name"].split()).casefold()
                if key in group_names:
                    problems.append(f"{where}: another group in the bundle has the same name")
                group_names.add(key)
            elif table == "attendance" and {"session", "member"} <= clean.keys():
                pair = (clean["session"], clean["member"])
                if pair in marks:
                    problems.append(f"{where}: the same person is marked twice at this session")
                marks.add(pair)
            elif table == "notes" and clean.get("session") is None and clean.get("member") is None:
                problems.append(f"{where}: a note must belong to a session or a member")
            tables[table].append(clean)
    if problems:
        raise InvalidInput(
            f"The bundle was not imported: {len(problems)} problem(s) found. Nothing was changed.",
            details=capped(problems),
        )
    return tables


# -- the use cases ---------------------------------------------------------------------


class BundleService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock = SYSTEM_CLOCK) -> None:
        self._uow = uow
        self._clock = clock

    def export_full(self, out: Path) -> BundleSummary:
        """Write everything in the vault to ``out`` (plain text, owner-only, atomically)."""
        with self._uow() as uow:
            tables = uow.bundle.dump()
        document: dict[str, Any] = {
            "notice": CONFIDENTIALITY_NOTICE,
            "format": FORMAT,
            "version": VERSION,
            "exported_at": self._clock.now().replace(microsecond=0).isoformat(),
            "app_version": __version__,
            **tables,
        }
        try:
            with atomic_writer(Path(out), 0o600) as handle:
                for chunk in encode_bundle(document):
                    handle.write(chunk)
        except OSError as exc:
            raise InvalidInput(f"{out} could not be written: {exc.strerror}.") from None
        summary = BundleSummary.of({t: len(rows) for t, rows in tables.items()})
        log.info("full export written: %d rows", summary.total)
        return summary

    def import_bundle(self, raw: bytes) -> BundleSummary:
        """Add everything in the bundle to the vault, or nothing if anything is wrong."""
        tables = validate_bundle(raw)
        with self._uow() as uow:
            taken = [
                f"groups[{index}]"
                for index, g in enumerate(tables["groups"])
                if uow.groups.id_by_name(g["name"]) is not None
            ]
            if taken:
                raise InvalidInput(
                    "The bundle was not imported: the vault already has groups with these "
                    "names. Rename them in the vault or in the bundle. Nothing was changed.",
                    details=capped([f"{where}: its name is taken" for where in taken]),
                )
            added = uow.bundle.load(tables)
        summary = BundleSummary.of(added)
        log.info("bundle imported: %d rows", summary.total)
        return summary
