"""The sign-in sheet PDF, read back the way anyone holding the paper would: its text.

The sheets are rendered from hand-made member records (no vault); pypdf extracts the
text.  Names are chosen so no part of one is a word of the sheet's fixed wording.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence

import pytest
from pypdf import PdfReader

from facilitator.domain import MemberRecord
from facilitator.errors import InvalidInput
from facilitator.exports import pdf_common
from facilitator.exports.pdf_common import (
    A4_SIZE,
    HELVETICA,
    LETTER_SIZE,
    font_family_for,
    page_size_for,
    page_size_named,
    resolve_page_size,
)
from facilitator.exports.sheets import (
    FALLBACK_TITLE,
    MAX_EXTRA_COLUMNS,
    NameMode,
    SheetHeading,
    SheetOptions,
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
