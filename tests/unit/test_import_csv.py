"""Importing a roster from a spreadsheet's CSV file (ImportService, parse_roster_csv)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.app import Services
from facilitator.domain import MemberStatus
from facilitator.errors import InvalidInput
from facilitator.services.importer import parse_roster_csv


def _csv(*lines: str, encoding: str = "utf-8", newline: str = "\r\n") -> bytes:
    return (newline.join(lines) + newline).encode(encoding)


def _names(services: Services) -> list[tuple[str, str]]:
    return sorted((m.first_name, m.last_name) for m in services.roster.members())


def _group_names(services: Services) -> list[str]:
    return [g.name for g in services.roster.groups(include_archived=True)]


# -- what is understood ----------------------------------------------------------


def test_spreadsheet_headings_are_understood(services: Services, today: dt.date) -> None:
    raw = _csv(
        "First Name,Last Name,E-mail,Phone",
        "Sam,O'Neil,sam@example.org,+44 7700 900123",
        "Alex,Nguyen,,(555) 010-4477",
    )

    report = services.importer.import_roster(raw)

    assert (report.added, report.already_present) == (2, 0)
    assert report.ignored_columns == ()
    by_name = {m.first_name: m for m in services.roster.members()}
    assert by_name["Sam"].last_name == "O'Neil"
    assert by_name["Sam"].email == "sam@example.org"
    assert by_name["Sam"].phone == "+44 7700 900123"
    assert by_name["Alex"].phone == "(555) 010-4477"
    assert by_name["Alex"].email == ""
    assert by_name["Sam"].date_joined == today  # no "date joined" column: today
    assert by_name["Sam"].status is MemberStatus.ACTIVE


def test_other_common_headings_fill_every_field() -> None:
    raw = _csv(
        "Forename,Surname,Known as,Pronouns,Mobile,Email Address,Emergency contact,"
        "Join date,Status,Comments",
        "Robin,Shaw,Rob,they/them,07700 900456,rob@example.org,Kim 07700 900999,"
        "2025-03-14,Inactive,prefers texts",
    )

    (draft,) = parse_roster_csv(raw).drafts

    assert draft.first_name == "Robin"
    assert draft.last_name == "Shaw"
    assert draft.preferred_name == "Rob"
    assert draft.pronouns == "they/them"
    assert draft.phone == "07700 900456"
    assert draft.email == "rob@example.org"
    assert draft.emergency_contact == "Kim 07700 900999"
    assert draft.date_joined == dt.date(2025, 3, 14)
    assert draft.status is MemberStatus.INACTIVE
    assert draft.notes == "prefers texts"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
def test_utf8_with_or_without_bom_and_windows_1252_keep_accents(
    services: Services, encoding: str
) -> None:
    raw = _csv("First name,Last name", "Zoë,Núñez", "José,Ålund", encoding=encoding)
    if encoding == "utf-8-sig":
        assert raw.startswith(b"\xef\xbb\xbf")

    services.importer.import_roster(raw)

    assert _names(services) == [("José", "Ålund"), ("Zoë", "Núñez")]


def test_semicolon_separated_file_with_commas_inside_values() -> None:
    raw = _csv("First name;Last name;Notes", "Ana;Lima;likes tea, not coffee", "Ben;Okafor;")

    drafts = parse_roster_csv(raw).drafts

    assert [(d.first_name, d.last_name, d.notes) for d in drafts] == [
        ("Ana", "Lima", "likes tea, not coffee"),
        ("Ben", "Okafor", ""),
    ]


def test_tab_separated_file() -> None:
    raw = _csv("First\tLast\tTel", "Ana\tLima\t555 010 4477")

    (draft,) = parse_roster_csv(raw).drafts

    assert (draft.first_name, draft.last_name, draft.phone) == ("Ana", "Lima", "555 010 4477")


def test_a_single_name_column_is_split_into_first_and_last_name() -> None:
    raw = _csv("Full name,Email", "Mary Ann Smith,mary@example.org", "Cher,")

    drafts = parse_roster_csv(raw).drafts

    assert [(d.first_name, d.last_name) for d in drafts] == [("Mary", "Ann Smith"), ("Cher", "")]


def test_unknown_columns_are_ignored_and_reported(services: Services) -> None:
    raw = _csv("First name,Shoe size,Last name,Favourite colour", "Ana,38,Lima,green")

    report = services.importer.import_roster(raw)

    assert report.added == 1
    assert report.ignored_columns == ("column 2", "column 4")  # by number: headings are data
    (member,) = services.roster.members()
    assert "38" not in member.notes and "green" not in member.notes


def test_a_name_column_next_to_a_first_name_column_is_ignored() -> None:
    parsed = parse_roster_csv(_csv("Name,First name,Last name", "Ana Lima,Ana,Lima"))

    assert [(d.first_name, d.last_name) for d in parsed.drafts] == [("Ana", "Lima")]
    assert parsed.ignored_columns == ("column 1",)


def test_blank_lines_are_skipped(services: Services) -> None:
    raw = _csv("", "First name,Last name", "", "Ana,Lima", " , ", "Ben,Okafor", "")

    report = services.importer.import_roster(raw)

    assert report.added == 2
    assert _names(services) == [("Ana", "Lima"), ("Ben", "Okafor")]


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("2024-03-04", dt.date(2024, 3, 4)),
        ("13/03/2024", dt.date(2024, 3, 13)),  # 13 cannot be a month
        ("03/13/2024", dt.date(2024, 3, 13)),
        ("4 March 2024", dt.date(2024, 3, 4)),
        ("March 4, 2024", dt.date(2024, 3, 4)),
    ],
)
def test_dates_that_can_be_read_one_way_only_are_accepted(written: str, meant: dt.date) -> None:
    (draft,) = parse_roster_csv(_csv("First name,Date joined", f'Ana,"{written}"')).drafts
    assert draft.date_joined == meant


@pytest.mark.parametrize("written", ["03/04/2024", "04/03/24", "March 2024", "someday"])
def test_ambiguous_or_unreadable_dates_are_refused(written: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_roster_csv(_csv("First name,Date joined", f'Ana,"{written}"'))
    assert caught.value.details == (
        "row 2: the date joined is not a date that can be read one way only; "
        "write it as YYYY-MM-DD",
    )


# -- all or nothing ------------------------------------------------------------------


def test_one_bad_row_imports_nobody_and_names_the_row(services: Services) -> None:
    services.importer.import_roster(_csv("First name", "Already here"))
    raw = _csv(
        "First Name,Last Name,E-mail",
        "Ana,Lima,ana@example.org",
        "Ben,Okafor,ben@example.org",
        "Cleo,Park,cleo.at.example",
        "Dev,Rao,dev@example.org",
    )

    with pytest.raises(InvalidInput) as caught:
        services.importer.import_roster(raw, group_name="Tuesday Circle")

    error = caught.value
    assert error.message == (
        "The roster was not imported: 1 row(s) have problems. Nothing was changed."
    )
    assert error.details == ("row 4: the e-mail address is not valid (expected name@example.org)",)
    assert "cleo.at.example" not in str(error)
    assert "Cleo" not in str(error)
    assert _names(services) == [("Already here", "")]
    assert _group_names(services) == []  # the group was not created either


def test_every_bad_row_is_reported_with_the_line_a_spreadsheet_shows(services: Services) -> None:
    raw = _csv(
        "First name,Email,Status,Date joined",
        ",ana@example.org,,",  # row 2: no first name
        "Ben,ben@,,",  # row 3: bad e-mail
        "",  # row 4: blank, skipped
        "Cleo,,retired,",  # row 5: unknown status
        "Dev,,,03/04/2024",  # row 6: ambiguous date
        'Eve,"eve@example.org",,,surplus',  # row 7: a cell with no heading
        "Fay,,,",  # row 8: fine
    )

    with pytest.raises(InvalidInput) as caught:
        services.importer.import_roster(raw)

    assert caught.value.message.startswith("The roster was not imported: 5 row(s) have problems.")
    details = caught.value.details
    assert [d.split(":")[0] for d in details] == ["row 2", "row 3", "row 5", "row 6", "row 7"]
    assert details[0] == "row 2: the first name is empty; it is required"
    assert "e-mail address is not valid" in details[1]
    assert details[2] == "row 5: the status must be one of active, inactive, left"
    assert "YYYY-MM-DD" in details[3]
    assert "more cells than there are column headings" in details[4]
    assert services.roster.members() == []


def test_a_row_spanning_lines_is_numbered_by_its_first_line() -> None:
    raw = _csv("First name,Notes,Email", 'Ana,"two\nlines",ana@example.org', "Ben,,not-an-email")
    with pytest.raises(InvalidInput) as caught:
        parse_roster_csv(raw)
    assert [d.split(":")[0] for d in caught.value.details] == ["row 4"]


def test_a_long_list_of_problems_is_cut_short() -> None:
    raw = _csv("First name,Email", *[f"P{i},bad" for i in range(60)])

    with pytest.raises(InvalidInput) as caught:
        parse_roster_csv(raw)

    assert "60 row(s)" in caught.value.message
    assert len(caught.value.details) == 51
    assert caught.value.details[-1] == "…and 10 more"


def test_a_file_without_a_first_name_column_is_refused(offline: Services) -> None:
    with pytest.raises(InvalidInput, match="no column for first names") as caught:
        offline.importer.import_roster(_csv("Surname,Email", "Lima,ana@example.org"))
    assert "First name" in caught.value.message  # says which headings are understood


def test_two_columns_meaning_the_same_field_are_refused(offline: Services) -> None:
    with pytest.raises(InvalidInput, match="Columns 1 and 2 mean the same"):
        offline.importer.import_roster(_csv("First Name,Forename", "Ana,Ana"))


@pytest.mark.parametrize("raw", [b"", b"\r\n\r\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(offline: Services, raw: bytes) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        offline.importer.import_roster(raw)


# -- groups and repeats ------------------------------------------------------------------


def test_group_option_creates_the_group_and_joins_everyone(
    services: Services, today: dt.date
) -> None:
    raw = _csv("First name,Date joined", "Ana,2025-01-15", "Ben,")

    report = services.importer.import_roster(raw, group_name="Thursday Grief Group")

    assert report.group_created
    assert report.group_name == "Thursday Grief Group"
    (group,) = services.roster.groups()
    assert group.name == "Thursday Grief Group"
    roster = {e.member.first_name: e.joined_on for e in services.roster.roster(group.id)}
    assert roster == {"Ana": dt.date(2025, 1, 15), "Ben": today}


def test_an_existing_group_is_found_whatever_the_case(services: Services, make_group) -> None:
    group = make_group("Tuesday Circle")

    report = services.importer.import_roster(_csv("First name", "Ana"), group_name="tuesday circle")

    assert not report.group_created
    assert report.group_name == "Tuesday Circle"
    assert [e.member.first_name for e in services.roster.roster(group.id)] == ["Ana"]
    assert _group_names(services) == ["Tuesday Circle"]


def test_importing_the_same_file_twice_adds_nobody_the_second_time(services: Services) -> None:
    raw = _csv(
        "First name,Last name,Email,Phone",
        "Ana,Lima,ana@example.org,555 010 4477",
        "Ben,Okafor,,",
    )
    first = services.importer.import_roster(raw, group_name="Circle")

    second = services.importer.import_roster(raw, group_name="Circle")

    assert (first.added, first.already_present) == (2, 0)
    assert (second.added, second.already_present) == (0, 2)
    assert not second.group_created
    assert _names(services) == [("Ana", "Lima"), ("Ben", "Okafor")]
    (group,) = services.roster.groups()
    assert len(services.roster.roster(group.id)) == 2  # not joined twice


def test_someone_already_in_the_vault_joins_the_named_group(services: Services, make_group) -> None:
    raw = _csv("First name,Last name", "Ana,Lima")
    services.importer.import_roster(raw)
    group = make_group("Tuesday Circle")

    report = services.importer.import_roster(raw, group_name="Tuesday Circle")

    assert (report.added, report.already_present) == (0, 1)
    assert [e.member.first_name for e in services.roster.roster(group.id)] == ["Ana"]


# -- nothing but InvalidInput, and nothing half-done ----------------------------------------

_HEADINGS = ["First name", "Name", "Last name", "Email", "Phone", "Date joined", "Status", "X"]
_CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["ana@example.org", "bad@", "2024-01-02", "03/04/2024", "left", "555 0104"]),
)


@st.composite
def _csv_texts(draw: st.DrawFn) -> bytes:
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    headings = draw(st.lists(st.sampled_from(_HEADINGS), min_size=1, max_size=5))
    rows = draw(st.lists(st.lists(_CELL, max_size=6), max_size=5))
    text = "\n".join(delimiter.join(cells) for cells in [headings, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return text.encode(encoding, errors="replace")


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=300))
def test_random_bytes_give_drafts_or_invalid_input(raw: bytes) -> None:
    try:
        parsed = parse_roster_csv(raw)
    except InvalidInput as error:
        assert error.message
    else:
        assert all(d.first_name for d in parsed.drafts)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(raw=st.one_of(_csv_texts(), st.binary(max_size=200)))
def test_an_import_succeeds_or_changes_nothing(services: Services, raw: bytes) -> None:
    before = len(services.roster.members())
    groups_before = _group_names(services)
    try:
        report = services.importer.import_roster(raw, group_name="Fuzz group")
    except InvalidInput:
        assert len(services.roster.members()) == before
        assert _group_names(services) == groups_before
    else:
        assert len(services.roster.members()) == before + report.added
        assert "Fuzz group" in _group_names(services)
