"""The sign-in sheet PDF, read back the way anyone holding the paper would: its text.

The sheets are rendered from hand-made member records (no vault); pypdf extracts the
text.  Names are chosen so no part of one is a word of the sheet's fixed wording.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import replace

import pytest
from pypdf import PdfReader

from facilitator.domain import MemberRecord
from facilitator.errors import InvalidInput
from facilitator.exports import pdf_common
from facilitator.exports.leak_guard import EMAIL, MEMBER_NAME, PHONE, Identifiers
from facilitator.exports.pdf_common import (
    A4_SIZE,
    HELVETICA,
    LETTER_SIZE,
    Rendered,
    font_family_for,
    page_size_for,
    page_size_named,
    resolve_page_size,
)
from facilitator.exports.sheets import (
    FALLBACK_TITLE,
    MAX_EXTRA_COLUMNS,
    NameMode,
    SheetField,
    SheetHeading,
    SheetLeak,
    SheetOptions,
    neutral_title,
    render_sheet,
    sheet_names,
)

HEADING = SheetHeading(
    title="Tuesday Evening Circle",
    date=dt.date(2026, 11, 24),
    start_time=dt.time(19, 0),
    end_time=dt.time(20, 30),
    place="Community centre, room 2",
    facilitator="Robin Ellis",
)

ROSTER = (
    MemberRecord(1, "Samira", "Okafor"),
    MemberRecord(2, "Alexei", "O'Brien"),
    MemberRecord(3, "Jordan", "Smith-Jones"),
    MemberRecord(4, "Chloé", "Dubois"),
    MemberRecord(5, "Kwame", "Mensah", preferred_name="Kojo"),
    MemberRecord(6, "Priyanka", "Patel"),
    MemberRecord(7, "Tomasz", ""),  # a first name only
)
LAST_NAMES = ("Okafor", "O'Brien", "Smith-Jones", "Dubois", "Mensah", "Patel")
FIRST_NAMES = ("Samira", "Alexei", "Jordan", "Chloé", "Kojo", "Priyanka", "Tomasz")


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def text_of(data: bytes) -> str:
    return "\n".join(pages_text(data))


def words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[\w'-]+", text)}


def row_numbers(text: str) -> list[int]:
    """The numbers printed at the start of each row (lines holding only a number)."""
    return [int(line) for line in (ln.strip() for ln in text.splitlines()) if line.isdigit()]


def render(members: Sequence[MemberRecord] = ROSTER, **options: object) -> bytes:
    return render_sheet(HEADING, members, SheetOptions(**options)).data  # type: ignore[arg-type]


# -- names: exactly what the mode allows ----------------------------------------------------
def test_full_names_show_every_member_by_the_name_the_facilitator_uses() -> None:
    text = text_of(render(names="full"))
    for member in ROSTER:
        assert member.display_name in text
    assert "Kwame" not in words(text)  # the preferred name replaces the first name


def test_initials_show_first_names_and_last_initials_and_no_last_name() -> None:
    text = text_of(render(names="initials"))
    for shown in ("Samira O.", "Alexei O.", "Jordan S.", "Chloé D.", "Kojo M.", "Priyanka P."):
        assert shown in text
    assert "tomasz" in words(text)
    found = words(text)
    for last in LAST_NAMES:
        assert last.casefold() not in found, last
        assert last not in text, last
    assert "Jones" not in text  # no half of a hyphenated name either


def test_no_names_prints_no_name_at_all_and_one_blank_row_per_member() -> None:
    data = render(names="none", blank_rows=4)
    text = text_of(data)
    found = words(text)
    for name in (*FIRST_NAMES, *LAST_NAMES, "Kwame", "Smith", "Jones", "Brien"):
        assert name.casefold() not in found, name
    assert row_numbers(text) == list(range(1, len(ROSTER) + 4 + 1))
    assert "Name or initials" in text  # people may write what they wish


def test_no_names_rows_are_made_without_the_names() -> None:
    # The renderer reduces members to a count before drawing anything.
    assert sheet_names(ROSTER, NameMode.NONE) == [""] * len(ROSTER)
    rendered = render_sheet(HEADING, ROSTER, SheetOptions(names=NameMode.NONE))
    drawn = " ".join(rendered.texts)
    assert not any(name in drawn for name in (*FIRST_NAMES, *LAST_NAMES))


def test_names_are_in_alphabetical_order_as_a_reader_expects() -> None:
    members = [
        MemberRecord(1, "Zoë", "Adams"),
        MemberRecord(2, "Émile", "Roy"),
        MemberRecord(3, "david", "Park"),
        MemberRecord(4, "Lukas", "Berg"),
    ]
    assert sheet_names(members, NameMode.FULL) == [
        "david Park",
        "Émile Roy",
        "Lukas Berg",
        "Zoë Adams",
    ]


# -- the heading -----------------------------------------------------------------------------
def test_the_heading_shows_title_date_time_place_and_facilitator() -> None:
    first = pages_text(render())[0]
    for expected in (
        "Tuesday Evening Circle",
        "Tuesday 24 November 2026",
        "19:00 \N{EN DASH} 20:30",
        "Community centre, room 2",
        "Robin Ellis",
        "SIGN-IN SHEET",
    ):
        assert expected in first


def test_a_group_without_a_printed_title_gets_a_neutral_one() -> None:
    heading = SheetHeading(title="  ", date=dt.date(2026, 11, 24))
    rendered = render_sheet(heading, ROSTER, SheetOptions())
    assert FALLBACK_TITLE in pages_text(rendered.data)[0]
    info = PdfReader(io.BytesIO(rendered.data)).metadata
    assert info is not None and (info.title or "").startswith("Sign-in sheet")


def test_the_document_properties_name_nobody() -> None:
    data = render(names="full")
    info = PdfReader(io.BytesIO(data)).metadata
    assert info is not None
    assert info.author in ("", None)
    assert "Tuesday Evening Circle" in (info.title or "")
    for value in info.values():
        assert not any(name in str(value) for name in (*FIRST_NAMES, *LAST_NAMES))


# -- rows, columns, pages --------------------------------------------------------------------
def test_blank_rows_follow_the_members() -> None:
    text = text_of(render(blank_rows=7))
    assert row_numbers(text) == list(range(1, len(ROSTER) + 7 + 1))
    assert row_numbers(text_of(render(blank_rows=0))) == list(range(1, len(ROSTER) + 1))


def test_ten_blank_rows_by_default() -> None:
    assert row_numbers(text_of(render())) == list(range(1, len(ROSTER) + 10 + 1))


def test_signature_arrival_and_extra_columns_have_their_titles() -> None:
    text = " ".join(text_of(render(columns=("Phone consent", "First time?"))).split())
    for title in ("Signature", "Arrival time", "Phone consent", "First time?"):
        assert title in text


def test_a_long_roster_repeats_the_header_and_numbers_its_pages() -> None:
    members = [MemberRecord(i, f"Person{i:03d}", f"Surname{i:03d}") for i in range(1, 121)]
    rendered = render_sheet(HEADING, members, SheetOptions())
    pages = pages_text(rendered.data)
    assert len(pages) >= 4
    assert rendered.pages == len(pages)
    for number, page in enumerate(pages, start=1):
        assert "Name" in page and "Arrival time" in page and "Signature" in page
        assert f"Page {number} of {len(pages)}" in page
    later = "\n".join(pages[1:])
    assert "Tuesday Evening Circle" in later  # a loose page still says what it is
    text = "\n".join(pages)
    for member in members:
        assert member.display_name in text
    assert row_numbers(text) == list(range(1, 131))


# -- paper -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("locale_name", "size"),
    [
        ("en_US.UTF-8", LETTER_SIZE),
        ("en_US", LETTER_SIZE),
        ("fr_CA.UTF-8", LETTER_SIZE),
        ("es-MX", LETTER_SIZE),
        ("en_PH", LETTER_SIZE),
        ("en_GB.UTF-8", A4_SIZE),
        ("de_DE@euro", A4_SIZE),
        ("fr_FR", A4_SIZE),
        ("en_AU", A4_SIZE),
        ("C", A4_SIZE),
        ("POSIX", A4_SIZE),
        ("", A4_SIZE),
        (None, A4_SIZE),
    ],
)
def test_paper_follows_the_locale(locale_name: str | None, size: tuple[float, float]) -> None:
    assert page_size_for(locale_name) == size


def test_paper_by_name_overrides_the_locale() -> None:
    assert resolve_page_size("letter", "en_GB") == LETTER_SIZE
    assert resolve_page_size("A4", "en_US") == A4_SIZE
    assert resolve_page_size(None, "en_US") == LETTER_SIZE
    with pytest.raises(InvalidInput, match="a4, letter"):
        page_size_named("legal")


@pytest.mark.parametrize(("size", "points"), [(A4_SIZE, (595, 842)), (LETTER_SIZE, (612, 792))])
def test_the_pdf_pages_have_the_chosen_size(
    size: tuple[float, float], points: tuple[int, int]
) -> None:
    members = [MemberRecord(i, f"Person{i:03d}") for i in range(40)]
    reader = PdfReader(io.BytesIO(render(members, page_size=size)))
    assert len(reader.pages) > 1
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == points


# -- choices a person can get wrong ---------------------------------------------------------
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"names": "surnames"}, "full, initials, none"),
        ({"blank_rows": -1}, "between 0 and"),
        ({"blank_rows": 10_000}, "between 0 and"),
        ({"columns": ("  ",)}, "needs a title"),
        ({"columns": ("x" * 31,)}, "longer than"),
        ({"columns": tuple(f"C{i}" for i in range(MAX_EXTRA_COLUMNS + 1))}, "at most"),
    ],
)
def test_wrong_choices_are_refused_with_a_clear_message(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        SheetOptions(**options)  # type: ignore[arg-type]


def test_name_modes_may_be_given_as_words() -> None:
    assert SheetOptions(names="Initials").names is NameMode.INITIALS  # type: ignore[arg-type]


# -- what is drawn is what is recorded (the leak guard reads Rendered.texts) ----------------
def test_rendered_texts_hold_every_word_on_the_pages() -> None:
    rendered = render_sheet(
        HEADING, ROSTER, SheetOptions(names=NameMode.FULL, columns=("Phone consent",))
    )
    on_pages = words(text_of(rendered.data))
    recorded = words(" ".join(rendered.texts))
    assert on_pages <= recorded


def test_the_same_sheet_gives_the_same_bytes() -> None:
    assert render() == render()


# -- names beyond Helvetica's characters -----------------------------------------------------
def test_latin_names_keep_the_standard_font() -> None:
    assert font_family_for(["Chloé Dubois", "Siobhán Ní Bhriain", "19:00 \N{EN DASH} 20:30"]) == (
        HELVETICA
    )


def test_names_outside_latin_1_print_with_a_unicode_font() -> None:
    names = [MemberRecord(1, "Łukasz", "Wróbel"), MemberRecord(2, "Σοφία", "Παπαδοπούλου")]
    family = font_family_for(["Łukasz Wróbel", "Σοφία Παπαδοπούλου"])
    if family == HELVETICA:
        pytest.skip("no Unicode TrueType font on this computer")
    text = text_of(render_sheet(HEADING, names, SheetOptions()).data)
    assert "Łukasz Wróbel" in text
    assert "Σοφία Παπαδοπούλου" in text


def test_without_any_unicode_font_the_sheet_still_prints(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf_common, "UNICODE_FONT_FILES", (("/nowhere/a.ttf", "/nowhere/b.ttf"),))
    rendered = render_sheet(HEADING, [MemberRecord(1, "Łukasz", "Wróbel")], SheetOptions())
    assert "Wróbel" in text_of(rendered.data)


def test_markup_like_text_prints_literally() -> None:
    heading = SheetHeading(title="Group <b>A</b> & co", date=dt.date(2026, 11, 24), place="1 < 2")
    text = text_of(
        render_sheet(heading, [MemberRecord(1, "Ann", "<i>Lee</i>")], SheetOptions()).data
    )
    for literal in ("Group <b>A</b> & co", "1 < 2", "Ann <i>Lee</i>"):
        assert literal in text


@pytest.mark.parametrize("size", [A4_SIZE, LETTER_SIZE])
def test_the_most_extra_columns_still_fit_with_long_names(size: tuple[float, float]) -> None:
    columns = tuple(f"Column number {i}" for i in range(1, MAX_EXTRA_COLUMNS + 1))
    long_name = MemberRecord(1, "Alexandrina-Maximiliane", "Konstantinopoulou-Vanderbilt")
    text = " ".join(text_of(render([long_name], columns=columns, page_size=size)).split())
    for title in columns:
        assert title in text
    assert "Alexandrina-Maximiliane" in text and "Konstantinopoulou-Vanderbilt" in text


# -- the leak guard: "initials" and "none" keep their promise on the whole page ----------------
GUARDED_ROSTER = (
    *ROSTER,
    MemberRecord(8, "Grace", "Whitfield", phone="07700 900123", email="grace@example.org"),
    MemberRecord(9, "May", "Lindqvist"),  # a common word, and a month
)
IDENTIFIERS = Identifiers.from_members(GUARDED_ROSTER)
ALL_NAMES = (*FIRST_NAMES, *LAST_NAMES, "Kwame", "Grace", "Whitfield", "May", "Lindqvist")


def guarded(mode: str, columns: tuple[str, ...] = ()) -> Rendered:
    options = SheetOptions(names=mode, columns=columns)  # type: ignore[arg-type]
    return render_sheet(HEADING, GUARDED_ROSTER, options, IDENTIFIERS)


@pytest.mark.parametrize("mode", ["none", "initials"])
@pytest.mark.parametrize(
    ("field", "values", "kind"),
    [
        (SheetField.PLACE, {"place": "Grace's flat"}, MEMBER_NAME),
        (SheetField.PLACE, {"place": "The Whitfield house"}, MEMBER_NAME),
        (SheetField.PLACE, {"place": "Ring 07700900123 at the door"}, PHONE),
        (SheetField.FACILITATOR, {"facilitator": "Priyanka Patel"}, MEMBER_NAME),
        (SheetField.FACILITATOR, {"facilitator": "grace@example.org"}, EMAIL),
        (SheetField.TITLE, {"title": "Kojo's circle"}, MEMBER_NAME),
    ],
)
def test_a_typed_field_naming_a_member_is_refused_and_says_which_field(
    mode: str, field: SheetField, values: dict[str, str], kind: str
) -> None:
    with pytest.raises(SheetLeak) as refused:
        render_sheet(
            replace(HEADING, **values),  # type: ignore[arg-type]
            GUARDED_ROSTER,
            SheetOptions(names=mode),  # type: ignore[arg-type]
            IDENTIFIERS,
        )
    assert refused.value.field is field
    assert refused.value.kind == kind
    message = refused.value.message
    assert f"the {field.value} field" in message
    assert kind in message
    for value in values.values():
        assert not words(value) & words(message) - words(HEADING_WORDS_OK)


HEADING_WORDS_OK = "the at door circle house flat"  # plain words a value may share


@pytest.mark.parametrize("mode", ["none", "initials"])
def test_an_extra_column_naming_a_member_is_refused(mode: str) -> None:
    with pytest.raises(SheetLeak) as refused:
        render_sheet(
            HEADING,
            GUARDED_ROSTER,
            SheetOptions(names=mode, columns=("Lift from Dubois",)),  # type: ignore[arg-type]
            IDENTIFIERS,
        )
    assert refused.value.field is SheetField.COLUMN
    assert "Dubois" not in refused.value.message


def test_with_initials_a_first_name_is_only_allowed_in_the_names_column() -> None:
    with pytest.raises(SheetLeak) as refused:
        render_sheet(
            replace(HEADING, facilitator="Samira"),
            GUARDED_ROSTER,
            SheetOptions(names="initials"),  # type: ignore[arg-type]
            IDENTIFIERS,
        )
    assert refused.value.field is SheetField.FACILITATOR


@pytest.mark.parametrize("field", [SheetField.PLACE, SheetField.FACILITATOR])
def test_a_refused_field_can_be_printed_blank(field: SheetField) -> None:
    heading = replace(HEADING, place="Grace's flat", facilitator="Priyanka Patel")
    other = SheetField.FACILITATOR if field is SheetField.PLACE else SheetField.PLACE
    with pytest.raises(SheetLeak) as refused:
        render_sheet(heading, GUARDED_ROSTER, SheetOptions(names="none"), IDENTIFIERS)
    assert refused.value.fields == (SheetField.PLACE, SheetField.FACILITATOR)  # all at once
    message = refused.value.message
    assert "the place field contains a member's name" in message
    assert "the facilitator field contains a member's name" in message
    assert "Leave the place and the facilitator blank" in message
    assert not {"grace", "priyanka", "patel"} & words(message)
    with pytest.raises(SheetLeak) as refused:
        render_sheet(heading, GUARDED_ROSTER, SheetOptions(names="none", leave_blank={field}),
                     IDENTIFIERS)  # fmt: skip
    assert refused.value.fields == (other,)  # the other field still names someone
    rendered = render_sheet(
        heading, GUARDED_ROSTER, SheetOptions(names="none", leave_blank={field, other}),
        IDENTIFIERS,
    )  # fmt: skip
    text = text_of(rendered.data)
    assert "PLACE" in text and "FACILITATOR" in text
    assert not words(text) & {n.casefold() for n in ALL_NAMES}


def test_a_blank_title_prints_the_neutral_one() -> None:
    heading = replace(HEADING, title="Kojo's circle")
    rendered = render_sheet(
        heading, GUARDED_ROSTER, SheetOptions(names="none", leave_blank={"title"}), IDENTIFIERS
    )
    assert FALLBACK_TITLE in text_of(rendered.data)
    assert "Kojo" not in text_of(rendered.data)


def test_no_names_prints_no_name_anywhere_read_back_from_the_pdf() -> None:
    rendered = guarded("none", columns=("Tea or coffee",))
    text = text_of(rendered.data)
    info = PdfReader(io.BytesIO(rendered.data)).metadata
    everything = text + " " + " ".join(str(v) for v in (info or {}).values())
    assert not words(everything) & {n.casefold() for n in ALL_NAMES} - {"may"}
    assert "Tuesday 24 November 2026" in text  # a member called May: no month here to mind


def test_initials_print_no_last_name_anywhere_read_back_from_the_pdf() -> None:
    text = text_of(guarded("initials").data)
    for last in (*LAST_NAMES, "Whitfield", "Lindqvist"):
        assert last.casefold() not in text.casefold()
    for shown in ("Grace W.", "May L.", "Samira O."):
        assert shown in text


def test_a_member_called_may_does_not_make_the_date_a_leak() -> None:
    heading = replace(HEADING, date=dt.date(2026, 5, 5))
    rendered = render_sheet(heading, GUARDED_ROSTER, SheetOptions(names="none"), IDENTIFIERS)
    assert "Tuesday 5 May 2026" in text_of(rendered.data)
    with pytest.raises(SheetLeak):
        render_sheet(
            replace(heading, place="May's kitchen"),
            GUARDED_ROSTER,
            SheetOptions(names="none"),
            IDENTIFIERS,
        )


def test_row_numbers_read_together_are_not_taken_for_a_phone_number() -> None:
    digits = MemberRecord(10, "Ines", "Aguilar", phone="012345 678910")  # 1..10 run together
    identifiers = Identifiers.from_members([digits])
    options = SheetOptions(names="none", blank_rows=30)
    rendered = render_sheet(HEADING, [digits], options, identifiers)
    assert "31" in text_of(rendered.data)


def test_full_names_are_printed_on_purpose_and_not_refused() -> None:
    heading = replace(HEADING, facilitator="Priyanka Patel")
    rendered = render_sheet(heading, GUARDED_ROSTER, SheetOptions(names="full"), IDENTIFIERS)
    assert "Priyanka Patel" in text_of(rendered.data)


@pytest.mark.parametrize(
    "title",
    ["", "   ", "Alcohol Recovery Tuesday", "alcohol  recovery tuesday", "ALCOHOL-RECOVERY TUESDAY",
     "Álcohol Recovery Tuésday"],
)  # fmt: skip
def test_a_title_that_is_empty_or_the_groups_name_is_neutral(title: str) -> None:
    assert neutral_title(title, "Alcohol Recovery Tuesday") == FALLBACK_TITLE


def test_a_title_someone_typed_is_kept() -> None:
    assert neutral_title("  Tuesday  Evening ", "Alcohol Recovery Tuesday") == "Tuesday Evening"


def test_only_title_place_and_facilitator_can_be_left_blank() -> None:
    assert SheetOptions(leave_blank={"Place", "facilitator"}).leave_blank == {
        SheetField.PLACE,
        SheetField.FACILITATOR,
    }
    with pytest.raises(InvalidInput) as refused:
        SheetOptions(leave_blank={"Grace"})
    assert "Grace" not in refused.value.message


def test_a_facilitator_field_reads_a_common_word_name_as_the_name() -> None:
    # "Will" as a place's word passes; as the facilitator, it is the member called Will.
    roster = (*GUARDED_ROSTER, MemberRecord(10, "Will", "Abernethy"))
    identifiers = Identifiers.from_members(roster)
    options = SheetOptions(names="none")  # type: ignore[arg-type]
    render_sheet(replace(HEADING, place="Meet where you will"), roster, options, identifiers)
    with pytest.raises(SheetLeak) as refused:
        render_sheet(replace(HEADING, facilitator="led by will"), roster, options, identifiers)
    assert refused.value.field is SheetField.FACILITATOR


# -- a preferred name that holds the last name ------------------------------------------
WHOLE_NAME_PREFERRED = (
    MemberRecord(30, "Samuel", "Taylor", preferred_name="Sam Taylor"),
    MemberRecord(31, "Bridget", "O'Neill", preferred_name="Bridie ONeill"),
    MemberRecord(32, "Dana", "Whitfield", preferred_name="D. Whit-field"),
    MemberRecord(33, "Taylor", "Taylor"),
)


def test_initials_never_print_a_word_of_the_last_name_held_in_a_preferred_name() -> None:
    identifiers = Identifiers.from_members(WHOLE_NAME_PREFERRED)
    rendered = render_sheet(
        HEADING, WHOLE_NAME_PREFERRED, SheetOptions(names="initials"), identifiers
    )
    text = text_of(rendered.data)
    for last in ("Taylor", "Neill", "Whit"):
        assert last.casefold() not in text.casefold(), last
    assert "Sam T." in text
    assert "Bridie O." in text


def test_the_guard_does_not_allow_a_printed_name_that_holds_a_last_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Were the names column to print a last name, the guard would refuse the sheet."""
    from facilitator.exports import sheets

    # The names column as it was: the preferred name as typed and the last initial.
    monkeypatch.setattr(sheets, "initials_of", lambda member: member.short_name)
    identifiers = Identifiers.from_members(WHOLE_NAME_PREFERRED[:1])
    with pytest.raises(SheetLeak):
        render_sheet(HEADING, WHOLE_NAME_PREFERRED[:1], SheetOptions(names="initials"), identifiers)
