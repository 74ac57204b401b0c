"""Fuzzing the two imports: a roster CSV file and a JSON bundle.

Whatever the bytes, an import either succeeds or raises a UserFacingError with
a message; nothing else escapes.  When it is refused the vault is exactly as
it was (every table, compared through the full dump).  Inputs: arbitrary
bytes, and inputs that look right but are wrong (known and unknown headings,
odd cells and delimiters; JSON with wrong types, missing keys, huge numbers,
nested garbage).
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from facilitator.app import OpenVault, Services
from facilitator.domain.text import text_problem
from facilitator.errors import UserFacingError
from facilitator.services.bundle import _SCHEMA, FORMAT, VERSION
from facilitator.storage.repositories.bundle import TABLES

EXAMPLES = 200
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _state(opened: OpenVault) -> Any:
    with opened.unit_of_work() as uow:
        return uow.bundle.dump()


def _attempt(opened: OpenVault, run: Any) -> str:
    """Run an import; on refusal the vault must be unchanged.  Returns the outcome."""
    before = _state(opened)
    try:
        run()
    except UserFacingError as exc:
        event("refused")
        assert str(exc).strip(), "a refusal must say why"
        assert exc.message.strip()
        assert _state(opened) == before, "a refused import changed the vault"
        return "refused"
    event("imported")
    _assert_clean_text(_state(opened))
    return "imported"


# Free text (tab and line breaks allowed); every other text field is one line.
_FREE_TEXT = {("groups", "description"), ("members", "notes"), ("notes", "body")}


def _assert_clean_text(tables: Any) -> None:
    """Whatever was imported holds only what the app lets anyone type (issue 14)."""
    for table, rows in tables.items():
        for row in rows:
            for field, value in row.items():
                if isinstance(value, str):
                    free = (table, field) in _FREE_TEXT
                    assert text_problem(value, free_text=free) is None, (table, field)


# -- the roster CSV ----------------------------------------------------------------------

_HEADINGS = [
    "First name",
    "first_name",
    "Last name",
    "Surname",
    "Name",
    "Full name",
    "Preferred name",
    "Pronouns",
    "Phone",
    "Mobile",
    "E-mail",
    "Email",
    "Emergency contact",
    "Date joined",
    "Status",
    "Notes",
]
_CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "2026-11-24",
            "24/11/2026",
            "11/12/2026",
            "31/02/2026",
            "9999-99-99",
            "active",
            "inactive",
            "ACTIVE",
            "left",
            "+44 20 7946 0000",
            "not a phone ###",
            "a@b.c",
            "@@",
            '"',
            '""',
            "a,b;c\td",
            "line\nbreak",
            "\x00",
            "=cmd|' /C calc'!A0",
            "x" * 5000,
        ]
    ),
)


@st.composite
def _roster_csv(draw: st.DrawFn) -> bytes:
    width = draw(st.integers(1, 6))
    header = draw(
        st.lists(st.one_of(st.sampled_from(_HEADINGS), st.text(max_size=15)), min_size=width)
    )
    rows = draw(st.lists(st.lists(_CELLS, max_size=width + 2), max_size=6))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    newline = draw(st.sampled_from(["\r\n", "\n", "\r"]))

    def quote(cell: str) -> str:
        if draw(st.booleans()):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    text = newline.join(delimiter.join(quote(c) for c in line) for line in [header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(encoding, errors="replace")


_GROUP_NAMES = st.one_of(st.none(), st.text(max_size=20), st.just("Imported group"))


@settings(FUZZ)
@given(raw=st.one_of(st.binary(max_size=2000), _roster_csv()), group_name=_GROUP_NAMES)
@example(raw=b"", group_name=None)
@example(raw=b"\xff\xfe\x00", group_name=None)
@example(raw=b"First name\n" + b"\x00" * 10, group_name="")
@example(raw=b"First name\n" + b"A\n" * 5000, group_name=" ")
@example(raw=b'First name\n"unterminated', group_name=None)
@example(raw='First name,Notes\nA\x1b,\nB,"one\r\ntwo\u2028"\n'.encode(), group_name="G\x07")
def test_roster_import_never_fails_other_than_with_a_message(
    opened: OpenVault, services: Services, raw: bytes, group_name: str | None
) -> None:
    _attempt(opened, lambda: services.importer.import_roster(raw, group_name=group_name))


# -- the JSON bundle ---------------------------------------------------------------------

_HUGE = [2**53, 2**53 + 1, 2**64, -(2**63), 10**400, 1e308, -0.0, 0, -1, True, False]
_JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(_HUGE),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["2026-11-24", "19:00", "2026-11-24T19:00:00", "present", "active", ""]),
)
_JSON = st.recursive(
    _JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def _row(draw: st.DrawFn, table: str) -> Any:
    if draw(st.integers(0, 9)) == 0:
        return draw(_JSON)  # not even an object
    fields = list(_SCHEMA[table])
    keys = draw(st.lists(st.sampled_from(fields), unique=True))
    row = {key: draw(st.one_of(_JSON_SCALARS, st.integers(1, 3))) for key in keys}
    if draw(st.booleans()):
        row.update(draw(st.dictionaries(st.text(max_size=8), _JSON, max_size=2)))
    return row


@st.composite
def _bundle(draw: st.DrawFn) -> bytes:
    document: dict[str, Any] = {}
    if draw(st.integers(0, 5)):
        document["format"] = FORMAT
    else:
        document["format"] = draw(_JSON)
    document["version"] = draw(st.one_of(st.just(VERSION), st.sampled_from(_HUGE), _JSON_SCALARS))
    for table in draw(st.lists(st.sampled_from(TABLES), unique=True)):
        if draw(st.integers(0, 7)):
            document[table] = draw(st.lists(_row(table), max_size=3))
        else:
            document[table] = draw(_JSON)
    if draw(st.booleans()):
        document.update(draw(st.dictionaries(st.text(max_size=8), _JSON, max_size=2)))
    text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    return text.encode("utf-8")


@settings(FUZZ)
@given(
    raw=st.one_of(st.binary(max_size=2000), _bundle(), _JSON.map(lambda v: json.dumps(v).encode()))
)
@example(raw=b"")
@example(raw=b"[" * 100_000)
@example(raw=b'{"format": "facilitator-bundle", "version": 1, "members": ' + b"[" * 50_000)
@example(raw=b'{"format": "facilitator-bundle", "version": 1e999}')
@example(raw=b'{"format": "facilitator-bundle", "version": ' + b"9" * 5000 + b"}")
@example(raw=b'{"format": "facilitator-bundle", "version": NaN}')
@example(raw=b'{"format": "facilitator-bundle", "version": 1, "members": [{"id": NaN}]}')
@example(raw=b'{"format": "facilitator-bundle", "version": 1, "groups": {"a": 1}}')
def test_bundle_import_never_fails_other_than_with_a_message(
    opened: OpenVault, services: Services, raw: bytes
) -> None:
    _attempt(opened, lambda: services.bundle.import_bundle(raw))
