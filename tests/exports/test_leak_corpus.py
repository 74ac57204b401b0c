"""An adversarial corpus: everyday and hostile spellings of a small roster's identifiers.

Each spelling is tried three ways:

(a) through the whole export path, as a session topic (``include_topics``) and as a
    group name (labels = names), as CSV and as PDF: either the export is refused or
    the written file does not hold the spelling (0 leaks in any written file);
(b) against the leak guard alone, redaction switched off: it refuses every one;
(c) decoys ("hopeful", "Willpower", "Samsung", "2026"...) pass both, and the
    substring decoys are not redacted either.

The roster is read in the region "US" on purpose: a UK phone number must be caught
whatever the machine's locale.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from pypdf import PdfReader

from facilitator.app import OpenVault, Services
from facilitator.domain import AttendanceStatus, GroupRecord
from facilitator.domain.records import MemberRecord
from facilitator.domain.text import text_problem
from facilitator.errors import InvalidInput, LeakFound
from facilitator.exports.leak_guard import Identifiers, find_leak
from facilitator.exports.redact import REDACTED, Redactor
from facilitator.exports.skeleton import normalise
from facilitator.exports.summary_options import SummaryOptions
from facilitator.services import summary as summary_module
from facilitator.services._common import Clock
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import SessionDraft
from facilitator.storage.vault import Vault

ROSTER = [
    MemberDraft("Sam", "Taylor", phone="07700 900123", email="sam.taylor@example.org"),
    MemberDraft(
        "Bridget",
        "O'Neill",
        preferred_name="Bridie",
        phone="123456",
        email="bridie@example.net",
        emergency_contact="Mum: Rosalind Achebe 0117 496 0000, rosalind@example.com",
    ),
    MemberDraft("明", "李"),
    MemberDraft("さくら", "山田"),
    MemberDraft("Dana", "Whitfield", phone="(555) 010-4477", email="dwhit77@example.com"),
    MemberDraft("Zoë", "Ferreira"),
    MemberDraft("Will", "Brennan"),
    MemberDraft("Hope", "Okoro"),
    MemberDraft("May", "Lindqvist"),
]

ZWSP, ZWJ, SHY, WJ, RLM, LRM = "\u200b", "\u200d", "\u00ad", "\u2060", "\u200f", "\u200e"

SPELLINGS: list[tuple[str, str]] = [  # (class, spelling)
    # apostrophes and punctuation dropped or changed
    ("apostrophe", "ONeill"),
    ("apostrophe", "Oneill"),
    ("apostrophe", "O Neill"),
    ("apostrophe", "O-Neill"),
    ("apostrophe", "O.Neill"),
    ("apostrophe", "oneill's"),
    ("apostrophe", "O\u2019NEILL"),
    ("apostrophe", "O\u02bcNeill"),
    # run together, hashtags, handles
    ("run together", "#SamTaylor"),
    ("run together", "samtaylor"),
    ("run together", "SAMTAYLOR"),
    ("run together", "Sam_Taylor"),
    ("run together", "TaylorSam"),
    ("run together", "#BridieONeill"),
    ("run together", "bridieoneill"),
    ("run together", "#ZoeFerreira"),
    ("run together", "thankssamtaylor"),
    ("run together", "@WillBrennan"),
    ("run together", "hopeokoro"),
    ("run together", "Sam" + LRM + "Taylor"),
    # invisible characters inside a name
    ("invisible", "Tay" + ZWSP + "lor"),
    ("invisible", "Tay" + SHY + "lor"),
    ("invisible", "Bri" + WJ + "dget"),
    ("invisible", "Tay" + ZWJ + "lor"),
    ("invisible", "Tay" + RLM + "lor"),
    ("invisible", "Whit" + SHY + "field"),
    ("invisible", "Ach" + ZWSP + "ebe"),
    # look-alike letters (TR39 confusables), full width, ligatures, accents
    ("confusable", "\u0422aylor"),  # Cyrillic Te
    ("confusable", "\u0405am"),  # Cyrillic Dze
    ("confusable", "\u0412ridget"),  # Cyrillic Ve
    ("confusable", "Bridg\u0435t"),  # Cyrillic ie
    ("confusable", "\u03a4\u0391ylor"),  # Greek Tau, Alpha
    ("confusable", "R\u043esalind"),  # Cyrillic o
    ("confusable", "Sarn Taylor's"),  # "rn" for "m"
    ("full width", "\uff34\uff41\uff59\uff4c\uff4f\uff52"),
    ("ligature", "Whit\ufb01eld"),
    ("accents", "T\u0103ylor"),
    ("accents", "T\u0301aylor"),
    ("accents", "Zoe\u0308"),
    ("accents", "ZOE"),
    ("mixed case", "tAyLoR"),
    # spaced and dotted letters, split words
    ("spaced", "T a y l o r"),
    ("spaced", "T.a.y.l.o.r"),
    ("spaced", "T-a-y-l-o-r"),
    ("spaced", "Tay-lor"),
    ("spaced", "B. O'Neill"),
    # scripts without word breaks
    ("no word breaks", "李明今天来了"),
    ("no word breaks", "谢谢明"),
    ("no word breaks", "李さん"),
    ("no word breaks", "山田さくらさん"),
    ("no word breaks", "さくらちゃん"),
    ("no word breaks", "山田\u3000さくら"),
    ("no word breaks", "今天李来"),
    # phone numbers
    ("phone", "123456"),
    ("phone", "12 34 56"),
    ("phone", "12-34-56"),
    ("phone", "12,34,56"),
    ("phone", "12_34_56"),
    ("phone", "ref123456"),
    ("phone", "07700,900,123"),
    ("phone", "07700_900_123"),
    ("phone", "+44 7700 900123"),
    ("phone", "0044 7700 900123"),
    ("phone", "7700 900123"),
    ("phone", "+44 (0) 7700 900123"),
    ("phone", "07700.900.123"),
    ("phone", "\u0660\u0667\u0667\u0660\u0660 \u0669\u0660\u0660\u0661\u0662\u0663"),
    ("phone", "\uff10\uff17\uff17\uff10\uff10\uff19\uff10\uff10\uff11\uff12\uff13"),
    ("phone", "\u0966\u096d\u096d\u0966\u0966 \u096f\u0966\u0966\u0967\u0968\u0969"),
    ("phone", "(555) 010-4477"),
    ("phone", "555.010.4477"),
    ("phone", "+1 555 010 4477"),
    ("phone", "1-555-010-4477"),
    ("phone", "0117 496 0000"),
    ("phone", "+44 117 496 0000"),
    ("phone", "0117" + ZWSP + "4960000"),
    # e-mail addresses
    ("email", "sam.taylor@example.org"),
    ("email", "sam.taylor at example dot org"),
    ("email", "sam.taylor(at)example(dot)org"),
    ("email", "sam.taylor [at] example . org"),
    ("email", "SAM.TAYLOR@EXAMPLE.ORG"),
    ("email", "bridie at example dot net"),
    ("email", "dwhit77"),
    ("email", "dwhit77 at example dot com"),
    ("email", "\uff44\uff57\uff48\uff49\uff54\uff17\uff17\uff20example.com"),
    ("email", "rosalind@example.com"),
    # emergency contact names
    ("contact", "Rosalind"),
    ("contact", "ACHEBE"),
    # common-word names used as names
    ("common word", "Thanks to Will"),
    ("common word", "Will's sponsor"),
    ("common word", "#Hope"),
    ("common word", "W" + ZWSP + "ill came back"),
    ("common word", "Thanks W\u0456ll"),  # Cyrillic i
    ("common word", "Happy birthday May"),
    ("common word", "Hope2"),
    ("common word", "Will Brennan"),
    # letters in boxes and circles that NFKC and confusables.txt leave alone
    ("enclosed", "\U0001f183\U0001f170\U0001f188\U0001f17b\U0001f17e\U0001f181"),
    ("enclosed", "\U0001f163\U0001f150\U0001f168\U0001f15b\U0001f15e\U0001f161"),
    ("enclosed", "\U0001f1f9\U0001f1e6\U0001f1fe\U0001f1f1\U0001f1f4\U0001f1f7"),
    ("enclosed", "\U0001f142\U0001f130\U0001f13c"),  # squared S A M
    ("enclosed", "\u24af\u249c\u24b4\u24a7\u24aa\u24ad"),  # parenthesized
    # characters that show nothing and are not format characters
    ("invisible", "Tay\u115flor"),
    ("invisible", "Tay\u1160lor"),
    ("invisible", "Tay\u3164lor"),
    ("invisible", "Tay\uffa0lor"),
    ("invisible", "Tay\u2800lor"),
    ("invisible", "Tay\u180elor"),
    ("invisible", "Tay\u17b4lor"),
    ("invisible", "Tay\u17b5lor"),
    ("invisible", "Tay\u2065lor"),
    ("invisible", "Tay\U000e0020lor"),
    # encodings a browser or mail program undoes
    ("encoded", "mailto:sam%2Etaylor%40example%2Eorg"),
    ("encoded", "T&#97;ylor"),
    ("encoded", "T&#x61;ylor"),
    ("encoded", "%54aylor"),
    ("encoded", "%2554aylor"),
    ("encoded", "sam&#46;taylor&#64;example&#46;org"),
    ("encoded", "Br&iacute;dget"),
    # a word broken across lines
    ("line break", "Tay-\nlor"),
    ("line break", "Tay-\r\nlor"),
    ("line break", "Whit-\n  field"),
    # phone digits with longer separator runs
    ("phone", "07700....900123"),
    ("phone", "07700 -- 900123"),
    ("phone", "12 - - 34 . . 56"),
    ("phone", "0117 / / 496 - - 0000"),
]

SUBSTRING_DECOYS = [
    "hopeful",
    "Willpower",
    "Samsung",
    "2026",
    "13",
    "Maybelline",
    "hopeless willing helpers",
    "Samuel and Neil",
    "a tailor",
    "Bridgetown",
    "Room 123",
    "Step 12 of 34",
    "今天很好",
]
SENTENCE_DECOYS = [
    "We will meet again next week",
    "You may bring a friend",
    "hope and recovery",
    "Hope is a habit",
    "Will we meet again?",
    "May we begin with a check-in",
]


def test_the_corpus_is_large_enough() -> None:
    assert len(SPELLINGS) >= 80
    assert len({spelling for _kind, spelling in SPELLINGS}) == len(SPELLINGS)


def _records() -> list[MemberRecord]:
    return [
        MemberRecord(
            id=n,
            first_name=d.first_name,
            last_name=d.last_name,
            preferred_name=d.preferred_name,
            phone=d.phone,
            email=d.email,
            emergency_contact=d.emergency_contact,
        )
        for n, d in enumerate(ROSTER, start=1)
    ]


IDS_US = Identifiers.from_members(_records(), region="US")


@pytest.mark.parametrize(("kind", "spelling"), SPELLINGS)
def test_the_guard_alone_refuses_every_spelling(kind: str, spelling: str) -> None:
    assert find_leak(spelling, IDS_US) is not None, (kind, spelling)
    assert find_leak(f"Topic: {spelling}.", IDS_US) is not None, (kind, spelling)


@pytest.mark.parametrize("decoy", SUBSTRING_DECOYS + SENTENCE_DECOYS)
def test_the_guard_passes_every_decoy(decoy: str) -> None:
    assert find_leak(decoy, IDS_US) is None


@pytest.mark.parametrize("decoy", SUBSTRING_DECOYS)
def test_the_redactor_leaves_the_substring_decoys_alone(decoy: str) -> None:
    assert IDS_US.redactor().redact(decoy) == decoy


# -- through the whole export path ---------------------------------------------------------
NOW = dt.datetime(2026, 11, 24, 18, 30)
SEPT, OCT = dt.date(2026, 9, 1), dt.date(2026, 10, 31)


@pytest.fixture
def services(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    monkeypatch.setattr(summary_module, "paper_locale", lambda: "en_US.UTF-8")
    with OpenVault(vault, clock=Clock.fixed(NOW)) as opened:
        yield opened.services


def _file_text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8-sig")


def _decoded(text: str) -> str:
    return html.unescape(unquote(unquote(text)))


def _holds(text: str, spelling: str) -> bool:
    """The spelling, or what it reads as (also decoded), is in the text."""
    if spelling in text or normalise(spelling).strip() in normalise(text):
        return True
    return normalise(_decoded(spelling)).strip() in normalise(_decoded(text))


def _roster(services: Services) -> tuple[GroupRecord, int]:
    group = services.roster.create_group(GroupDraft(name="Tuesday Circle"))
    people = [services.roster.add_member(d, group_id=group.id) for d in ROSTER]
    session = services.schedule.add_session(group.id, SessionDraft(date=dt.date(2026, 10, 6)))
    assert session.id is not None
    # A second October session: with K = 2 the sessions held (2) are printed, and so
    # are the group's topics (a group whose sessions held are hidden lists none).
    second = services.schedule.add_session(group.id, SessionDraft(date=dt.date(2026, 10, 13)))
    assert second.id is not None
    for person in people:
        services.attendance.mark(session.id, person.id, AttendanceStatus.PRESENT)
        services.attendance.mark(second.id, person.id, AttendanceStatus.PRESENT)
    return group, session.id


def test_no_written_file_holds_any_spelling(services: Services, tmp_path: Path) -> None:
    group, session = _roster(services)
    leaked: list[tuple[str, str, str]] = []
    refused = redacted = 0
    for n, (_kind, spelling) in enumerate(SPELLINGS):
        try:
            services.schedule.set_topic(session, f"Welcome {spelling} back")
        except InvalidInput:
            # a line break or an invisible character (a zero-width space, a soft hyphen)
            # in a one-line field is refused as it is typed (issue 14): the spelling never
            # reaches a topic or a group's name, so no file can hold it
            assert text_problem(spelling) is not None
            with pytest.raises(InvalidInput):
                services.roster.update_group(group.id, GroupDraft(name=f"{spelling} group"))
            refused += 2
            continue
        for suffix in ("csv", "pdf"):
            target = tmp_path / f"topic{n}.{suffix}"
            try:
                services.summary.export(
                    target, SummaryOptions(start=SEPT, end=OCT, include_topics=True, k=2)
                )
            except LeakFound:
                assert not target.exists()
                refused += 1
                continue
            redacted += 1
            assert "Welcome" in _file_text(target)  # the topic is listed, redacted
            if _holds(_file_text(target), spelling):
                leaked.append(("topic", suffix, spelling))
        services.roster.update_group(group.id, GroupDraft(name=f"{spelling} group"))
        target = tmp_path / f"group{n}.csv"
        try:  # K = 2 too: a K = 11 export would hide the sessions held, then the topics
            services.summary.export(target, SummaryOptions(start=SEPT, end=OCT, k=2))
        except LeakFound:
            assert not target.exists()
        else:
            if _holds(_file_text(target), spelling):
                leaked.append(("group name", "csv", spelling))
    assert leaked == []
    assert refused + redacted == 2 * len(SPELLINGS)


def test_decoys_are_written_as_they_are(services: Services, tmp_path: Path) -> None:
    group, session = _roster(services)
    for n, decoy in enumerate(SUBSTRING_DECOYS + SENTENCE_DECOYS):
        services.schedule.set_topic(session, decoy)
        target = tmp_path / f"topic{n}.csv"
        services.summary.export(
            target, SummaryOptions(start=SEPT, end=OCT, include_topics=True, k=2)
        )
        if decoy in SUBSTRING_DECOYS:
            assert decoy in _file_text(target)
        else:  # a common-word name is still redacted in a topic: the deny-list wins there
            assert REDACTED in _file_text(target)
        services.roster.update_group(group.id, GroupDraft(name=f"{decoy} group"))
        # K = 2 here too: a K = 11 export would hide the sessions held, and a count
        # hidden once is hidden again (then no topic is listed)
        services.summary.export(
            tmp_path / f"group{n}.csv", SummaryOptions(start=SEPT, end=OCT, k=2)
        )


@pytest.mark.parametrize(("kind", "spelling"), SPELLINGS)
def test_the_redactor_removes_every_spelling(kind: str, spelling: str) -> None:
    """Topics are redacted with the guard's method too, so what it would refuse goes."""
    redacted = IDS_US.redactor().redact(f"Welcome {spelling} back")
    assert find_leak(redacted, IDS_US) is None, (kind, spelling, redacted)
    assert REDACTED in redacted


@pytest.mark.parametrize("region", ["GB", "US", "DE", "AU"])
@pytest.mark.parametrize(
    "spelling", ["07700 900123", "+44 7700 900123", "7700 900123", "0044 7700 900123", "123456"]
)
def test_phones_are_found_whatever_the_region(region: str, spelling: str) -> None:
    ids = Identifiers.from_members(_records(), region=region)
    assert find_leak(f"call {spelling}", ids) == "a phone number"
    assert spelling not in ids.redactor().redact(f"call {spelling}")


class _NoRedaction(Redactor):
    """Redaction switched off entirely: no names, numbers, dates or addresses removed."""

    def __init__(self) -> None:
        super().__init__(frozenset())

    def redact(self, text: str) -> str:
        return text


def test_the_guard_refuses_every_spelling_through_the_export_without_redaction(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Identifiers, "redactor", lambda self: _NoRedaction())
    _group, session = _roster(services)
    passed = []
    for n, (_kind, spelling) in enumerate(SPELLINGS):
        try:
            services.schedule.set_topic(session, f"Welcome {spelling} back")
        except InvalidInput:
            assert text_problem(spelling) is not None  # refused as typed: never in a file
            continue
        target = tmp_path / f"topic{n}.csv"
        try:
            services.summary.export(
                target, SummaryOptions(start=SEPT, end=OCT, include_topics=True, k=2)
            )
        except LeakFound as refused:
            assert refused.session_id == session
            assert refused.where == "the topic of the session on 2026-10-06 in group 1"
        else:
            passed.append(spelling)
    assert passed == []
