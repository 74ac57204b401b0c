"""SheetService on a real vault: who is on the sheet, what heads it, where it is written.

The group is called something that must never reach paper ("Opioid Recovery …");
its printed title is neutral.  Text is read back with pypdf.
"""

from __future__ import annotations

import datetime as dt
import io
import locale
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator.app import Services
from facilitator.domain import GroupRecord, MemberRecord, MemberStatus
from facilitator.errors import InvalidInput
from facilitator.exports.pdf_common import A4_SIZE, LETTER_SIZE
from facilitator.exports.sheets import FALLBACK_TITLE, NameMode, SheetField, SheetLeak
from facilitator.services import sheets as sheet_module
from facilitator.services.schedule import SessionDraft
from facilitator.services.sheets import SheetWritten, paper_locale, sheet_options

TUESDAY = dt.date(2026, 11, 24)  # the fixed "today" of the service tests; the group meets
SECRET_NAME = "Opioid Recovery Tuesday"
PRINTED = "Tuesday Evening Group"

MakeGroup = Callable[..., GroupRecord]  # the fixtures of tests/unit/conftest.py
MakeMember = Callable[..., MemberRecord]


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def metadata_of(data: bytes) -> str:
    info = PdfReader(io.BytesIO(data)).metadata
    return " ".join(str(v) for v in (info or {}).values())


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """An empty folder for the sheets (the vault lives elsewhere in ``tmp_path``)."""
    folder = tmp_path / "printing"
    folder.mkdir()
    return folder


@pytest.fixture
def group(make_group: MakeGroup) -> GroupRecord:
    return make_group(SECRET_NAME, printed_title=PRINTED)


@pytest.fixture
def roster(services: Services, group: GroupRecord, make_member: MakeMember) -> dict[str, int]:
    """Three current, active members and everyone who must not be on the sheet."""
    ids = {
        "ada": make_member("Adaeze", group=group, last_name="Nwosu").id,
        "bram": make_member("Bram", group=group, last_name="Vermeulen").id,
        "cora": make_member("Cordelia", group=group, last_name="Quist").id,
        "left_group": make_member(
            "Dietrich", group=group, joined_on=dt.date(2026, 1, 6), last_name="Halvorsen"
        ).id,
        "inactive": make_member("Evangeline", group=group, last_name="Marchetti").id,
        "left_status": make_member("Florian", group=group, last_name="Zeller").id,
        "elsewhere": make_member("Gwendolyn", last_name="Oyelaran").id,
    }
    services.roster.leave_group(ids["left_group"], group.id, TUESDAY - dt.timedelta(days=3))
    services.roster.set_status(ids["inactive"], MemberStatus.INACTIVE)
    services.roster.set_status(ids["left_status"], MemberStatus.LEFT)
    return ids


ON_SHEET = ("Adaeze Nwosu", "Bram Vermeulen", "Cordelia Quist")
OFF_SHEET = ("Dietrich", "Halvorsen", "Evangeline", "Marchetti", "Florian", "Zeller")


def test_the_services_offer_sheets(services: Services) -> None:
    assert isinstance(services.sheets, sheet_module.SheetService)


@pytest.mark.usefixtures("roster")
def test_only_current_active_members_are_listed(services: Services, group: GroupRecord) -> None:
    text = text_of(services.sheets.render(group.id, TUESDAY).data)
    for name in ON_SHEET:
        assert name in text
    for name in (*OFF_SHEET, "Gwendolyn", "Oyelaran"):
        assert name not in text


@pytest.mark.usefixtures("roster")
def test_initials_and_no_names_through_the_service(services: Services, group: GroupRecord) -> None:
    initials = text_of(
        services.sheets.render(group.id, TUESDAY, sheet_options(names="initials")).data
    )
    for shown in ("Adaeze N.", "Bram V.", "Cordelia Q."):
        assert shown in initials
    for last in ("Nwosu", "Vermeulen", "Quist"):
        assert last not in initials
    blank = text_of(services.sheets.render(group.id, TUESDAY, sheet_options(names="none")).data)
    for word in ("Adaeze", "Nwosu", "Bram", "Vermeulen", "Cordelia", "Quist"):
        assert word not in blank


@pytest.mark.usefixtures("roster")
def test_the_printed_title_shows_and_the_group_name_never_does(
    services: Services, group: GroupRecord
) -> None:
    data = services.sheets.render(group.id, TUESDAY).data
    text = text_of(data)
    assert PRINTED in text
    for word in ("Opioid", "Recovery"):
        assert word not in text
        assert word not in metadata_of(data)
        assert word.encode() not in data


def test_a_group_without_a_printed_title_gets_a_neutral_one(
    services: Services, make_group: MakeGroup
) -> None:
    group = make_group("Grief Support Thursday", printed_title="")
    data = services.sheets.render(group.id, TUESDAY).data
    assert FALLBACK_TITLE in text_of(data)
    assert "Grief" not in text_of(data) + metadata_of(data)


def test_a_planned_meeting_uses_the_groups_time_place_and_facilitator(
    services: Services, group: GroupRecord
) -> None:
    text = text_of(services.sheets.render(group.id, TUESDAY).data)
    for expected in ("Tuesday 24 November 2026", "19:00", "20:30", "Community centre, room 2"):
        assert expected in text
    assert "Robin" in text
    assert services.schedule.all_sessions(group.id) == []  # printing opened nothing


def test_an_opened_meeting_uses_its_own_details(services: Services, group: GroupRecord) -> None:
    session = services.schedule.open_session(group.id, TUESDAY)
    assert session.id is not None
    services.schedule.update_session(
        session.id,
        SessionDraft(
            date=TUESDAY,
            start_time=dt.time(18, 45),
            end_time=dt.time(20, 0),
            location="Library, back room",
            facilitator="Morgan",
        ),
    )
    text = text_of(services.sheets.render(group.id, TUESDAY).data)
    for expected in ("18:45", "20:00", "Library, back room", "Morgan"):
        assert expected in text
    assert "Community centre" not in text


def test_a_cancelled_meeting_has_no_sheet(services: Services, group: GroupRecord) -> None:
    planned = services.schedule.planned(group, TUESDAY, TUESDAY)[0]
    services.schedule.cancel(planned)
    with pytest.raises(InvalidInput, match="cancelled"):
        services.sheets.render(group.id, TUESDAY)


def test_the_date_defaults_to_today(services: Services, group: GroupRecord) -> None:
    assert "Tuesday 24 November 2026" in text_of(services.sheets.render(group.id).data)


# -- writing -------------------------------------------------------------------------------------
@pytest.mark.usefixtures("roster")
def test_the_sheet_is_written_owner_only_and_reported(
    services: Services, group: GroupRecord, out_dir: Path
) -> None:
    out = out_dir / "sheet.pdf"
    written = services.sheets.write_sheet(
        out, group.id, TUESDAY, sheet_options(blank_rows=5, paper="a4")
    )
    assert written == SheetWritten(out, TUESDAY, rows=3 + 5, pages=1)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "Adaeze Nwosu" in text_of(out.read_bytes())
    assert [p.name for p in out_dir.iterdir()] == ["sheet.pdf"]  # no temporary file left


def test_a_long_roster_spreads_over_numbered_pages(
    services: Services, group: GroupRecord, make_member: MakeMember, out_dir: Path
) -> None:
    for i in range(120):
        make_member(f"Person{i:03d}", group=group, last_name=f"Family{i:03d}")
    written = services.sheets.write_sheet(out_dir / "long.pdf", group.id, TUESDAY)
    reader = PdfReader(out_dir / "long.pdf")
    assert written.pages == len(reader.pages) > 1
    assert written.rows == 130
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "Signature" in text and "Arrival time" in text
        assert f"Page {number} of {written.pages}" in text


def test_nothing_is_written_where_the_folder_is_missing(
    services: Services, group: GroupRecord, out_dir: Path
) -> None:
    with pytest.raises(InvalidInput, match="does not exist"):
        services.sheets.write_sheet(out_dir / "no" / "sheet.pdf", group.id, TUESDAY)
    with pytest.raises(InvalidInput, match="is a folder"):
        services.sheets.write_sheet(out_dir, group.id, TUESDAY)
    assert list(out_dir.iterdir()) == []


def test_a_sheet_that_cannot_be_made_leaves_the_old_file(
    services: Services, group: GroupRecord, out_dir: Path
) -> None:
    out = out_dir / "sheet.pdf"
    out.write_bytes(b"yesterday's sheet")
    services.schedule.cancel(services.schedule.planned(group, TUESDAY, TUESDAY)[0])
    with pytest.raises(InvalidInput):
        services.sheets.write_sheet(out, group.id, TUESDAY)
    assert out.read_bytes() == b"yesterday's sheet"


# -- options and paper ----------------------------------------------------------------------------
def test_options_from_a_persons_words() -> None:
    options = sheet_options(
        names="INITIALS", blank_rows=3, columns=["Phone consent"], paper="Letter"
    )
    assert options.names is NameMode.INITIALS
    assert options.blank_rows == 3
    assert options.columns == ("Phone consent",)
    assert options.page_size == LETTER_SIZE


def test_paper_comes_from_the_locale_unless_chosen() -> None:
    assert sheet_options(locale_name="en_US.UTF-8").page_size == LETTER_SIZE
    assert sheet_options(locale_name="en_GB.UTF-8").page_size == A4_SIZE
    assert sheet_options(paper="a4", locale_name="en_US").page_size == A4_SIZE
    with pytest.raises(InvalidInput, match="paper size"):
        sheet_options(paper="tabloid")


def test_this_computers_locale_decides_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_PAPER", raising=False)
    monkeypatch.setattr(locale, "getlocale", lambda: ("C", "UTF-8"))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert paper_locale() == "en_US.UTF-8"
    assert sheet_options().page_size == LETTER_SIZE
    monkeypatch.setenv("LC_PAPER", "de_DE.UTF-8")  # the paper setting wins over LANG
    assert sheet_options().page_size == A4_SIZE
    monkeypatch.delenv("LC_PAPER")
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert paper_locale() is None
    assert sheet_options().page_size == A4_SIZE


@pytest.mark.usefixtures("roster")
def test_the_chosen_paper_reaches_the_pdf(services: Services, group: GroupRecord) -> None:
    for paper, width in (("a4", 595), ("letter", 612)):
        data = services.sheets.render(group.id, TUESDAY, sheet_options(paper=paper)).data
        assert round(float(PdfReader(io.BytesIO(data)).pages[0].mediabox.width)) == width


# -- the leak guard over the whole vault -----------------------------------------------------------
@pytest.mark.parametrize("names", ["none", "initials"])
@pytest.mark.usefixtures("roster")
def test_a_place_naming_a_member_is_refused_and_nothing_is_written(
    services: Services, make_group: MakeGroup, out_dir: Path, names: str
) -> None:
    group = make_group("Gambling Recovery Monday", printed_title="Monday Group",
                       location="Bram's flat")  # fmt: skip
    target = out_dir / "sheet.pdf"
    with pytest.raises(SheetLeak) as refused:
        services.sheets.write_sheet(target, group.id, TUESDAY, sheet_options(names=names))
    assert refused.value.field is SheetField.PLACE
    assert "Bram" not in refused.value.message and "place" in refused.value.message
    assert not target.exists()
    options = sheet_options(names=names, leave_blank=["place"])
    services.sheets.write_sheet(target, group.id, TUESDAY, options)
    text = text_of(target.read_bytes())
    assert "PLACE" in text and "Bram" not in text


@pytest.mark.usefixtures("roster")
def test_a_facilitator_who_is_a_member_elsewhere_is_refused(
    services: Services, make_group: MakeGroup
) -> None:
    """Gwendolyn Oyelaran is in no group of this sheet, yet she is on the vault's roster."""
    group = make_group("Monday Circle", facilitator="Gwendolyn Oyelaran")
    for names in ("none", "initials"):
        with pytest.raises(SheetLeak) as refused:
            services.sheets.render(group.id, TUESDAY, sheet_options(names=names))
        assert refused.value.field is SheetField.FACILITATOR
    full = text_of(services.sheets.render(group.id, TUESDAY, sheet_options(names="full")).data)
    assert "Gwendolyn Oyelaran" in full  # full names print names on purpose


@pytest.mark.usefixtures("roster")
def test_an_opened_meetings_own_place_is_guarded_too(
    services: Services, group: GroupRecord
) -> None:
    session = services.schedule.open_session(group.id, TUESDAY)
    assert session.id is not None
    services.schedule.update_session(
        session.id, SessionDraft(date=TUESDAY, location="At Cordelia Quist's")
    )
    with pytest.raises(SheetLeak) as refused:
        services.sheets.render(group.id, TUESDAY, sheet_options(names="initials"))
    assert refused.value.field is SheetField.PLACE


@pytest.mark.usefixtures("roster")
def test_initials_and_none_sheets_carry_no_forbidden_name_anywhere(
    services: Services, group: GroupRecord
) -> None:
    everyone = ("Adaeze", "Nwosu", "Bram", "Vermeulen", "Cordelia", "Quist", *OFF_SHEET)
    for names, forbidden in (
        ("none", everyone),
        ("initials", ("Nwosu", "Vermeulen", "Quist", *OFF_SHEET)),
    ):
        data = services.sheets.render(group.id, TUESDAY, sheet_options(names=names)).data
        seen = text_of(data) + metadata_of(data)
        assert [word for word in forbidden if word in seen] == []


@pytest.mark.parametrize(
    "title", ["", "Opioid Recovery Tuesday", "opioid recovery  TUESDAY", "Opioid-Recovery Tuesday"]
)
def test_a_printed_title_that_is_the_groups_name_falls_back_to_a_neutral_one(
    services: Services, make_group: MakeGroup, title: str
) -> None:
    group = make_group("Opioid Recovery Tuesday", printed_title=title)
    data = services.sheets.render(group.id, TUESDAY).data
    assert FALLBACK_TITLE in text_of(data)
    for word in ("Opioid", "Recovery"):
        assert word not in text_of(data) + metadata_of(data)
    assert sheet_module.printed_title_of(group) == FALLBACK_TITLE
