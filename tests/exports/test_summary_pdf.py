"""The anonymised summary PDF, read back with pypdf, on a vault of tricky names.

The roster has hyphens, apostrophes, accents, names that are common words ("Hope",
"Will", "Grace", "Patience", "May") and a name that is one word; session topics,
notes, follow-ups and member notes mention them, with phone numbers, e-mail
addresses and web addresses.  Whatever the options, the PDF's text holds none of
the roster's identifiers.  The check here is independent of the leak guard: it
looks for every word of the roster, every phone number's digits and every e-mail
address in the text pypdf extracts.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from facilitator.app import OpenVault
from facilitator.domain import AttendanceStatus
from facilitator.exports.pdf_common import HELVETICA, LETTER_SIZE, font_family_for
from facilitator.exports.summary_options import SummaryOptions
from facilitator.exports.summary_pdf import WHOLE_PERIOD, month_width, pdf_wording
from facilitator.services._common import Clock
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import SessionDraft
from facilitator.storage.vault import Vault

NOW = dt.datetime(2026, 11, 24, 18, 30)
SEPT, OCT = dt.date(2026, 9, 1), dt.date(2026, 10, 31)

ROSTER = [
    MemberDraft(
        "Hope",
        "Smith-Jones",
        phone="07700 900123",
        email="hope.sj@example.org",
        emergency_contact="Bernadette Quigley (sister) 07700 900456",
        notes="Will's sister; call after 6",
    ),
    MemberDraft("Will", "Faith", email="will.f@example.com"),
    MemberDraft("Zoë", "O'Brien", phone="+44 20 7946 0958"),
    MemberDraft("José", "Núñez García"),
    MemberDraft("Siân", "D'Arcy", emergency_contact="Rhodri (partner), 029 2018 0123"),
    MemberDraft("Mary-Jane", "McAllister", preferred_name="Mae"),
    MemberDraft("Grace", "Ó Súilleabháin"),
    MemberDraft("Björn", "Øster"),
    MemberDraft("Patience", "Okonkwo-Adeyemi"),
    MemberDraft("May", "Lee"),
    MemberDraft("Dee"),
    MemberDraft("Alexander", "Morgan"),
    MemberDraft("Samira", "Taylor"),
    MemberDraft("Christopher", "Wong"),
    MemberDraft("Robin", "Patel"),
]
TOPICS = [
    "Hope's anniversary",
    "Will and Zoë on boundaries",
    "Call José on 07700 900123",
    "Siân\N{RIGHT SINGLE QUOTATION MARK}s news: see www.example.org/sian",
    "Mary-Jane's birthday on 3 October",
    "Boundaries and self-care",
]


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ø", "o"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+", fold(text)))


def identifiers() -> tuple[set[str], set[str], set[str]]:
    """Every name word, phone number (digits) and e-mail of the roster, found here
    without the code under test."""
    names: set[str] = set()
    phones: set[str] = set()
    emails: set[str] = set()
    for member in ROSTER:
        for value in (member.first_name, member.last_name, member.preferred_name):
            names |= words(value)
        contact = member.emergency_contact
        names |= words(contact) - {"sister", "partner"}
        for value in (member.phone, *re.findall(r"[\d ]{9,}\d", contact)):
            digits = re.sub(r"\D", "", value)
            if digits:
                phones.add(digits.lstrip("0").removeprefix("44"))
        if member.email:
            emails.add(member.email)
    return {name for name in names if len(name) > 1}, phones, emails


def leaks(text: str, wording: tuple[str, ...] = ()) -> list[str]:
    """The roster identifiers found in ``text``: names as whole words (the document's
    own wording aside), phone numbers as digits, e-mail addresses."""
    names, phones, emails = identifiers()
    found = sorted((words(text) - words(" ".join(wording))) & names)
    digits = re.sub(r"\D", "", text)
    found += [p for p in phones if p in digits]
    found += [e for e in emails if e in text.casefold()]
    return found


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    return "\n".join([metadata, *(page.extract_text() for page in reader.pages)])


@pytest.fixture
def opened(vault: Vault) -> Iterator[OpenVault]:
    with OpenVault(vault, Clock.fixed(NOW)) as open_vault:
        yield open_vault


@pytest.fixture
def groups(opened: OpenVault) -> dict[str, int]:
    """Two groups; everyone at Tuesday's October sessions, a few at the others."""
    s = opened.services
    tuesday = s.roster.create_group(GroupDraft(name="Tuesday Circle")).id
    thursday = s.roster.create_group(GroupDraft(name="Thursday Circle")).id
    members = [s.roster.add_member(draft, group_id=tuesday) for draft in ROSTER]
    days = ["2026-09-01", "2026-09-08", "2026-10-06", "2026-10-13", "2026-10-20", "2026-10-27"]
    for i, day in enumerate(days):
        who = members if day.startswith("2026-10") else members[:4]
        topic = TOPICS[i % len(TOPICS)]
        session = s.schedule.add_session(
            tuesday, SessionDraft(date=dt.date.fromisoformat(day), topic=topic)
        )
        assert session.id is not None
        for member in who:
            s.attendance.mark(session.id, member.id, AttendanceStatus.PRESENT)
        s.notes.add(f"{member.first_name} O'Brien-Smith talked about Hope", session_id=session.id)
        s.follow_ups.add(f"Call {who[0].first_name} on 07700 900123", session_id=session.id)
    other = s.schedule.add_session(
        thursday, SessionDraft(date=dt.date(2026, 10, 1), topic="Welcome, Dee and May")
    )
    assert other.id is not None
    for member in members[8:11]:
        s.attendance.mark(other.id, member.id, AttendanceStatus.LATE)
    s.notes.add("Patience Okonkwo-Adeyemi said Grace will come back", member_id=members[8].id)
    return {"tuesday": tuesday, "thursday": thursday}


@pytest.mark.parametrize("include_topics", [False, True])
@pytest.mark.parametrize("one_group", [False, True])
def test_the_pdf_names_nobody(
    opened: OpenVault,
    groups: dict[str, int],
    tmp_path: Path,
    include_topics: bool,
    one_group: bool,
) -> None:
    out = tmp_path / "summary.pdf"
    written = opened.services.summary.export(
        out,
        SummaryOptions(
            group_id=groups["tuesday"] if one_group else None,
            start=SEPT,
            end=OCT,
            include_topics=include_topics,
        ),
    )
    text = pdf_text(out.read_bytes())
    report = opened.services.summary.build(
        SummaryOptions(
            group_id=groups["tuesday"] if one_group else None,
            start=SEPT,
            end=OCT,
            include_topics=include_topics,
        )
    )
    assert leaks(text, pdf_wording(report, written.pages)) == []
    assert "Tuesday Circle" in text
    assert ("Thursday Circle" in text) is not one_group


def test_the_check_here_finds_a_name(opened: OpenVault, groups: dict[str, int]) -> None:
    # The independent check above must be able to fail.
    assert leaks("Welcome back, ZOE") == ["zoe"]
    assert leaks("ring 07700-900-123") == ["7700900123"]
    assert leaks("Okonkwo\N{NON-BREAKING HYPHEN}Adeyemi") == ["adeyemi", "okonkwo"]


def test_topics_only_when_asked_and_then_redacted(
    opened: OpenVault, groups: dict[str, int], tmp_path: Path
) -> None:
    summary = opened.services.summary
    without, with_topics = tmp_path / "without.pdf", tmp_path / "with.pdf"
    # K = 2, Tuesday: its sessions held (2, 4; 6) are printed, so its topics are
    # listed (with K = 11 they are hidden, and a list of topics would say how many
    # sessions at least were held: none is listed).  First, before the ledger holds
    # a K = 11 export that hid them (hidden once, hidden again).
    summary.export(
        with_topics,
        SummaryOptions(group_id=groups["tuesday"], start=SEPT, end=OCT, include_topics=True, k=2),
    )
    summary.export(without, SummaryOptions(start=SEPT, end=OCT))
    hidden_held = tmp_path / "hidden.pdf"
    summary.export(hidden_held, SummaryOptions(start=SEPT, end=OCT, include_topics=True))
    assert "Boundaries and self-care" not in pdf_text(hidden_held.read_bytes())
    plain, topics = pdf_text(without.read_bytes()), pdf_text(with_topics.read_bytes())
    assert "Boundaries and self-care" not in plain
    assert "anniversary" not in plain
    assert "Boundaries and self-care" in topics
    assert "[redacted] anniversary" in topics
    assert "www.example.org" not in topics
    assert "Session topics and notes are not included." in plain
    # Notes never: not even the words only they hold.
    assert "talked about" not in topics


def test_the_numbers_and_what_is_hidden(
    opened: OpenVault, groups: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "summary.pdf"
    opened.services.summary.export(
        out, SummaryOptions(group_id=groups["tuesday"], start=SEPT, end=OCT)
    )
    lines = [line.strip() for line in pdf_text(out.read_bytes()).splitlines()]
    # October: four sessions (<11), 60 attendances, 15 different people (all came 4+
    # times), 11 of them new.  September's 8 attendances and 4 newcomers are hidden
    # (<11), and so is one of October's and the whole period's members present (68 =
    # 8 + 60), which together would give September's away: the audit chooses which,
    # with the same mark.  The follow-ups were written down today, after the period.
    columns = ("held", "cancelled", "present", "average", "guests", "different")
    october = dict(zip(columns, lines[lines.index("2026-10") + 1 :], strict=False))
    september = dict(zip(columns, lines[lines.index("2026-09") + 1 :], strict=False))
    whole = dict(zip(columns, lines[lines.index("Whole period") + 1 :], strict=False))
    assert (october["held"], october["cancelled"]) == ("<11", "0")
    assert september["present"] == "<11"
    assert "<11" in (october["present"], whole["present"])
    if october["present"] != "<11":
        assert october["present"] == "60"
    text = "\n".join(lines)
    assert "Counts from 1 to 10 are hidden and shown as <11" in " ".join(text.split())
    assert "*" not in text
    assert "2026-09" in text
    for month_name in ("September", "October", "May"):
        assert month_name not in text


def test_every_string_drawn_is_wording_data_or_a_number(
    opened: OpenVault, groups: dict[str, int]
) -> None:
    """The leak guard allows the document's own wording: it must hold nothing else."""
    summary = opened.services.summary
    report = summary.build(SummaryOptions(group_id=None, start=SEPT, end=OCT, include_topics=True))
    rendered = summary.render(report, "pdf")
    data = {g.name for g in report.groups} | {
        " \N{MIDDLE DOT} ".join(found) for found in report.topics.values()
    }
    others = [
        text
        for text in rendered.texts
        if text not in rendered.wording and text not in data and re.search(r"[^\W\d_]", text)
    ]
    assert others == []
    assert rendered.pages == len(PdfReader(io.BytesIO(rendered.data)).pages)


def test_paper_size_and_page_numbers(
    opened: OpenVault, groups: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "summary.pdf"
    written = opened.services.summary.export(
        out, SummaryOptions(start=SEPT, end=OCT, paper="letter")
    )
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(LETTER_SIZE)
    last = reader.pages[-1].extract_text()
    assert f"Page {written.pages} of {written.pages}" in last


def test_a_long_table_continues_on_the_next_pages_under_its_headings(
    opened: OpenVault, groups: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "summary.pdf"
    start = dt.date(2018, 1, 1)
    written = opened.services.summary.export(
        out, SummaryOptions(group_id=groups["tuesday"], start=start, end=OCT)
    )
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages]
    assert written.pages == len(pages) >= 3
    lines = [line.strip() for page in pages for line in page.splitlines()]
    months = [line for line in lines if re.fullmatch(r"\d{4}-\d{2}", line)]
    every = [f"{year}-{month:02d}" for year in range(2018, 2027) for month in range(1, 13)]
    every = every[: every.index("2026-10") + 1]
    assert months[: len(every)] == every  # the table's rows, in order (then the chart's)
    for page in pages:  # every page of the table starts with its headings
        if re.search(r"^\d{4}-\d{2}$", page, re.MULTILINE):
            assert "Members" in page
            assert "Different" in page
    at = lines.index("Whole period")
    assert lines[at + 1 : at + 3] == ["<11", "0"]  # sessions held hidden, none cancelled


def test_figures_print_with_a_group_name_helvetica_cannot_show(
    opened: OpenVault, tmp_path: Path
) -> None:
    s = opened.services
    group = s.roster.create_group(GroupDraft(name="Łódź Circle")).id
    session = s.schedule.add_session(group, SessionDraft(date=dt.date(2026, 10, 8)))
    assert session.id is not None
    for first in ROSTER[:12]:
        member = s.roster.add_member(MemberDraft(first.first_name), group_id=group)
        s.attendance.mark(session.id, member.id, AttendanceStatus.PRESENT)
    out = tmp_path / "summary.pdf"
    s.summary.export(out, SummaryOptions(group_id=group, start=SEPT, end=OCT))
    lines = [line.strip() for line in pdf_text(out.read_bytes()).splitlines()]
    assert "Łódź Circle" in lines
    # The wider font's headings are set smaller rather than cut in two ("Cancelle/d").
    for word in ("Cancelled", "Different", "Members", "session"):
        assert word in " ".join(lines).split(), word
    at = lines.index("2026-10")  # a month: no counts of people (whole period only)
    assert lines[at + 1 : at + 8] == ["<11", "0", "12", "<11", "0", "0", "0"]
    at = lines.index("Whole period", at)
    assert lines[at + 1 : at + 13] == [
        "<11", "0", "12", "<11", "0", "12", "12", "0", "0", "12", "0", "0"
    ]  # fmt: skip


@pytest.mark.parametrize("names", [["Tuesday Circle"], ["Łódź Circle"]])
def test_the_whole_period_label_fits_its_column_in_either_font(names: list[str]) -> None:
    bold = font_family_for(names).bold
    label = pdfmetrics.stringWidth(WHOLE_PERIOD, bold, 8.5)
    assert month_width(bold) >= label + 2 * 3  # the label and the cell's padding
    if bold == HELVETICA.bold:
        assert month_width(bold) == 22 * mm  # the usual layout is unchanged
