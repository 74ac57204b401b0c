"""The sign-in sheet a facilitator prints before a meeting.

One page (or several, for a long roster) with the group's *printed title* — a neutral
name chosen so the paper does not say what kind of group it is — the date, time, place
and facilitator, then a numbered table: the active members' names (full, first name and
last initial, or none at all), arrival time, any extra columns, a signature, and blank
rows for newcomers.  The table's header repeats on every page and each page says
"Page N of M".

The renderer never sees the group's name: the service hands it a :class:`SheetHeading`
holding only what is printed, with the title already made neutral where it would say
what kind of group met (:func:`neutral_title`).  With names "none" the member records
are reduced to a row count before anything is drawn.

With names "initials" or "none" the sheet promises more than its names column: no
last name (initials) or no name at all (none), and no phone number or e-mail address,
*anywhere* on the page.  The place and facilitator are typed by hand and often name
someone ("Grace's flat"; a facilitator who is also a member), so given the roster's
:class:`~facilitator.exports.leak_guard.Identifiers` :func:`render_sheet` runs the leak
guard twice: on each field by itself first, to say *which* field to change, then on
every string the finished PDF draws.  A hit raises :class:`SheetLeak`, which names the
field and the kind of identifier, never the value; nothing is written.  The person can
reword the field or print it blank for this sheet (:attr:`SheetOptions.leave_blank`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from facilitator.defaults import DEFAULT_BLANK_ROWS
from facilitator.domain import MemberRecord
from facilitator.domain.folding import sheet_sort_key
from facilitator.domain.text import text_problem
from facilitator.errors import InvalidInput, LeakFound
from facilitator.exports.finder import Finder, Person
from facilitator.exports.leak_guard import Identifiers, find_leak
from facilitator.exports.pdf_common import (
    A4_SIZE,
    COLOURS,
    PdfDocument,
    Rendered,
    details_strip,
    font_family_for,
    styles,
)
from facilitator.exports.sheet_title import holds_name

MAX_BLANK_ROWS = 500
MAX_EXTRA_COLUMNS = 3
MAX_COLUMN_TITLE = 30

SHEET_LABEL = "Sign-in sheet"
FALLBACK_TITLE = "Meeting"  # when the group has no printed title: never its real name
CONFIDENTIAL = "Confidential: please hand this sheet back to the facilitator."
NAME_HEADER = "Name"
NAME_HEADER_BLANK = "Name or initials"
ARRIVAL_HEADER = "Arrival time"
SIGNATURE_HEADER = "Signature"
CONTINUED = "(continued)"

_ROW_HEIGHT = 9.5 * mm  # room to sign
_CELL_PADDING = 6
_NUMBER_WIDTH = 9 * mm
_NAME_WIDTH = 62 * mm
_NAME_WIDTH_WITH_EXTRAS = 44 * mm
_ARRIVAL_WIDTH = 25 * mm
_EXTRA_WIDTH = 22 * mm
_MIN_SIGNATURE_WIDTH = 32 * mm

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class NameMode(StrEnum):
    """How members' names appear on the sheet."""

    FULL = "full"  # display name: "Sam Okafor"
    INITIALS = "initials"  # first name and last initial: "Sam O."
    NONE = "none"  # no names: every row is blank


class SheetField(StrEnum):
    """A part of the sheet typed by a person, which the leak guard names on a refusal."""

    TITLE = "title"
    PLACE = "place"
    FACILITATOR = "facilitator"
    COLUMN = "column heading"


BLANKABLE = (SheetField.TITLE, SheetField.PLACE, SheetField.FACILITATOR)
"""The fields that can be printed blank for one sheet (a blank title prints "Meeting")."""

_WHERE = {
    SheetField.TITLE: "the title field",
    SheetField.PLACE: "the place field",
    SheetField.FACILITATOR: "the facilitator field",
    SheetField.COLUMN: "an extra column heading",
}


class SheetLeak(LeakFound):
    """A sign-in sheet was refused: typed fields hold identifiers the chosen names forbid.

    ``found`` pairs each field (None: somewhere on the page, outside the typed fields)
    with the kind of identifier in it; every field at fault is reported at once, so one
    correction is enough.  ``field`` is the first of them, ``fields`` all.  The message
    says which fields and what kind of identifier, never the value, and what to do.
    """

    def __init__(self, *, found: Sequence[tuple[SheetField | None, str]], names: NameMode) -> None:
        parts = [f"{_where(field)} contains {kind} from the roster" for field, kind in found]
        forbidden = (
            "no name at all"
            if names is NameMode.NONE
            else "no name outside its names column, which prints first names and initials"
        )
        super().__init__(
            f"The sign-in sheet was refused and no file was written: {_joined(parts)}; a "
            f'sheet with names "{names.value}" shows no phone number, no e-mail address, '
            f"and {forbidden}. {_advice([field for field, _kind in found])}",
            kind=found[0][1],
        )
        self.fields = tuple(dict.fromkeys(f for f, _kind in found if f is not None))
        self.field = found[0][0]
        # As LeakFound's ``where`` will say it: places, never values.
        self.where = _joined([_where(field) for field, _kind in found])


def _where(field: SheetField | None) -> str:
    return _WHERE[field] if field is not None else "the sheet's text"


def _advice(fields: Sequence[SheetField | None]) -> str:
    """What to do about the fields at fault, in one or two sentences."""
    advice: list[str] = []
    blankable = [
        f.value for f in dict.fromkeys(fields) if f in (SheetField.PLACE, SheetField.FACILITATOR)
    ]
    if blankable:
        them = "it" if len(blankable) == 1 else "them"
        advice.append(
            f"Leave {_joined(['the ' + f for f in blankable])} blank for this sheet, or reword "
            f"{them} in the group's or the meeting's details."
        )
    if SheetField.TITLE in fields:
        advice.append(
            "Change the group's printed title (left empty, the sheet says "
            f'"{FALLBACK_TITLE}"), or print the neutral title on this sheet.'
        )
    if SheetField.COLUMN in fields:
        advice.append("Rename or remove that extra column.")
    if None in fields and not advice:
        advice.append("Print it with full names, or reword the group's and the meeting's details.")
    return " ".join(advice)


def _joined(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass(frozen=True, slots=True)
class SheetHeading:
    """Everything the sheet prints above its table.  Deliberately no group name."""

    title: str  # the group's printed title
    date: dt.date
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    place: str = ""
    facilitator: str = ""


@dataclass(frozen=True, slots=True)
class SheetOptions:
    """What the person printing chose.  Invalid choices raise InvalidInput."""

    names: NameMode = NameMode.FULL
    blank_rows: int = DEFAULT_BLANK_ROWS
    columns: tuple[str, ...] = ()
    page_size: tuple[float, float] = field(default=A4_SIZE)
    leave_blank: frozenset[SheetField] = frozenset()  # printed blank on this sheet

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", name_mode(self.names))
        object.__setattr__(self, "leave_blank", blank_fields(self.leave_blank))
        if isinstance(self.blank_rows, bool) or not 0 <= self.blank_rows <= MAX_BLANK_ROWS:
            raise InvalidInput(f"The number of blank rows must be between 0 and {MAX_BLANK_ROWS}.")
        for column in self.columns:
            problem = text_problem(str(column))
            if problem is not None:
                raise InvalidInput(f"An extra column's title {problem}.")
        titles = tuple(" ".join(str(c).split()) for c in self.columns)
        if any(not t for t in titles):
            raise InvalidInput("An extra column needs a title.")
        if any(len(t) > MAX_COLUMN_TITLE for t in titles):
            raise InvalidInput(
                f"An extra column's title is longer than {MAX_COLUMN_TITLE} characters."
            )
        if len(titles) > MAX_EXTRA_COLUMNS:
            raise InvalidInput(
                f"A sign-in sheet has room for {MAX_EXTRA_COLUMNS} extra columns at most."
            )
        object.__setattr__(self, "columns", titles)


def name_mode(value: str | NameMode) -> NameMode:
    """The name mode a person asked for ("full", "initials", "none", any case)."""
    try:
        return NameMode(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(m.value for m in NameMode)
        raise InvalidInput(f"Unknown choice of names. Choose one of: {choices}.") from None


def blank_fields(values: Iterable[str | SheetField]) -> frozenset[SheetField]:
    """The fields a person asked to print blank ("place", "facilitator", "title")."""
    chosen: set[SheetField] = set()
    for value in values:
        try:
            chosen.add(SheetField(str(value).strip().lower()))
        except ValueError:
            chosen.add(SheetField.COLUMN)  # refused just below, without echoing the value
    if not chosen <= set(BLANKABLE):
        choices = ", ".join(f.value for f in BLANKABLE)
        raise InvalidInput(f"Only these parts of a sheet can be left blank: {choices}.")
    return frozenset(chosen)


def neutral_title(printed_title: str, group_name: str) -> str:
    """The title a sheet prints: the printed title, unless it is empty or is, or
    contains, the group's name (ignoring case, accents, spaces and punctuation), which
    may say what kind of group met ("Alcohol Recovery Tuesday", "… group"); then the
    neutral :data:`FALLBACK_TITLE`.  The group editor warns about the rest
    (:func:`~facilitator.exports.sheet_title.title_concerns`)."""
    title = " ".join(printed_title.split())
    if not title or holds_name(title, group_name):
        return FALLBACK_TITLE
    return title


def sheet_names(members: Sequence[MemberRecord], mode: NameMode) -> list[str]:
    """The name printed on each member's row, in print order ("" for every row with
    names "none").  Only active members belong on a sheet; the caller chooses them."""
    return [name for name, _member in _printed_names(members, mode)]


def _printed_names(
    members: Sequence[MemberRecord], mode: NameMode
) -> list[tuple[str, MemberRecord]]:
    """Each member's printed name with the member, in print order."""
    if mode is NameMode.NONE:
        return [("", m) for m in members]
    shown = [(m.display_name if mode is NameMode.FULL else initials_of(m), m) for m in members]
    shown.sort(key=lambda pair: (sheet_sort_key(pair[0]), pair[1].id))
    return shown


def initials_of(member: MemberRecord) -> str:
    """The name printed with names "initials": the preferred (or first) name without
    any word of the last name, then the last initial ("Sam T.").

    A preferred name may hold the whole name ("Sam Taylor"): printed as typed, the last
    name would be on the sheet.  A word that is (or spells, by the guard's reading) a
    word of the last name is left out; if nothing is left, the first name is tried the
    same way, and failing that only the initial is printed."""
    last = member.last_name.strip()
    initial = f"{last[:1]}." if last else ""
    own_last = Finder([Person(names=("", last))]) if last else None
    for candidate in (member.preferred_name, member.first_name):
        kept = [
            word
            for word in candidate.split()
            if own_last is None or own_last.first(word, strict=True) is None
        ]
        if kept:
            return " ".join([*kept, initial]).strip()
    return initial


def _holds_own_last_name(printed: str, member: MemberRecord) -> bool:
    last = member.last_name.strip()
    if not last or not printed:
        return False
    return Finder([Person(names=("", last))]).first(printed, strict=True) is not None


def date_text(day: dt.date) -> str:
    """E.g. "Tuesday 24 November 2026"."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def time_text(start: dt.time | None, end: dt.time | None) -> str:
    """E.g. "19:00 \N{EN DASH} 20:30", "19:00", or "" when the group has no times."""
    if start is None:
        return ""
    text = start.strftime("%H:%M")
    return f"{text} \N{EN DASH} {end.strftime('%H:%M')}" if end is not None else text


def render_sheet(
    heading: SheetHeading,
    members: Sequence[MemberRecord],
    options: SheetOptions,
    identifiers: Identifiers | None = None,
) -> Rendered:
    """The sheet as a PDF, and every string it draws.

    With ``identifiers`` (the roster's) and names "initials" or "none", the leak guard
    reads each typed field and then every string drawn: :class:`SheetLeak` if one holds
    what the names forbid.  Names "full" print names on purpose and are not checked.
    """
    heading = _blanked(heading, options.leave_blank)
    printed = _printed_names(members, options.names)
    names = [name for name, _member in printed]
    guarded = identifiers is not None and options.names is not NameMode.FULL
    if guarded:
        assert identifiers is not None  # for mypy
        allowed = _printed_on_purpose(heading, printed, options)
        _check_fields(heading, options, identifiers, allowed)
    rendered = _render(heading, names, options)
    if guarded:
        assert identifiers is not None
        _check_drawn(rendered, identifiers, allowed, options.names)
    return rendered


def _blanked(heading: SheetHeading, blank: frozenset[SheetField]) -> SheetHeading:
    return replace(
        heading,
        title="" if SheetField.TITLE in blank else heading.title,
        place="" if SheetField.PLACE in blank else heading.place,
        facilitator="" if SheetField.FACILITATOR in blank else heading.facilitator,
    )


def _printed_on_purpose(
    heading: SheetHeading, printed: list[tuple[str, MemberRecord]], options: SheetOptions
) -> tuple[str, ...]:
    """What the guard lets through: the sheet's own wording, the date and time as
    printed (a member called "May" does not make "Friday 1 May 2026" a leak), and, with
    initials, exactly the first names and last initials printed in the names column —
    but never a printed name that holds a word of that member's last name: the guard
    then reads it like any other text, and refuses it."""
    names = [name for name, member in printed if name and not _holds_own_last_name(name, member)]
    wording = (
        SHEET_LABEL,
        CONFIDENTIAL,
        NAME_HEADER,
        NAME_HEADER_BLANK,
        ARRIVAL_HEADER,
        SIGNATURE_HEADER,
        CONTINUED,
        _instruction(options, len(printed)),
        date_text(heading.date),
        heading.date.isoformat(),
        time_text(heading.start_time, heading.end_time),
        *(label for label, _width in _FIELDS),
    )
    return (*wording, *names)


def _check_fields(
    heading: SheetHeading, options: SheetOptions, identifiers: Identifiers, allowed: Sequence[str]
) -> None:
    fields = [
        (SheetField.TITLE, heading.title),
        (SheetField.PLACE, heading.place),
        (SheetField.FACILITATOR, heading.facilitator),
        *((SheetField.COLUMN, column) for column in options.columns),
    ]
    found: list[tuple[SheetField | None, str]] = []
    for where, text in fields:
        if not text.strip():
            continue
        # The facilitator field holds a name: there a common-word name ("Will", "Hope")
        # is read as the name wherever it stands, not as the word.
        strict = where is SheetField.FACILITATOR
        kind = find_leak(text, identifiers, allowed=allowed, strict=strict)
        if kind is not None:
            found.append((where, kind))
    if found:
        raise SheetLeak(found=found, names=options.names)


_GENERATED = re.compile(r"\d+|Page \d+ of \d+")
"""Row numbers and page numbers: drawn by the sheet itself, never data.  Left out of the
guard's text so that "1", "2", "3" ... read together are not taken for a phone number."""


def _check_drawn(
    rendered: Rendered, identifiers: Identifiers, allowed: Sequence[str], names: NameMode
) -> None:
    drawn = [text for text in dict.fromkeys(rendered.texts) if not _GENERATED.fullmatch(text)]
    kind = find_leak("\n".join(drawn), identifiers, allowed=allowed)
    if kind is not None:
        raise SheetLeak(found=[(None, kind)], names=names)


def _render(heading: SheetHeading, names: list[str], options: SheetOptions) -> Rendered:
    title = heading.title.strip() or FALLBACK_TITLE
    family = font_family_for([title, heading.place, heading.facilitator, *options.columns, *names])
    doc = PdfDocument(
        family=family,
        page_size=options.page_size,
        title=f"{SHEET_LABEL} \N{EN DASH} {title} \N{EN DASH} {heading.date.isoformat()}",
        footer_left=CONFIDENTIAL,
        running_head=f"{SHEET_LABEL} \N{MIDDLE DOT} {title} \N{MIDDLE DOT} "
        f"{date_text(heading.date)} {CONTINUED}",
    )
    story: list[Flowable] = [
        *_title_block(doc, title, heading, _instruction(options, len(names))),
        Spacer(1, 5 * mm),
    ]
    story.append(_table(doc, names, options))
    return doc.build(story)


def _instruction(options: SheetOptions, members: int) -> str:
    if options.names is NameMode.NONE:
        return "Please write your name or initials and sign as you arrive."
    if options.blank_rows and members:
        return "Please sign next to your name as you arrive. Not listed? Use a blank row below."
    if members:
        return "Please sign next to your name as you arrive."
    return "Please write your name and sign as you arrive."


def _title_block(
    doc: PdfDocument, title: str, heading: SheetHeading, instruction: str
) -> list[Flowable]:
    s = styles(doc.family)
    kicker = ParagraphStyle("kicker", parent=s.label, fontSize=8.5, leading=11, spaceAfter=3)
    values = (
        date_text(heading.date),
        time_text(heading.start_time, heading.end_time),
        heading.place,
        heading.facilitator,
    )
    details = details_strip(
        doc,
        s,
        [(label, value) for (label, _w), value in zip(_FIELDS, values, strict=True)],
        [width for _label, width in _FIELDS],
    )
    return [
        doc.paragraph(SHEET_LABEL.upper(), kicker),
        doc.paragraph(title, s.title),
        Spacer(1, 3 * mm),
        details,
        Spacer(1, 3 * mm),
        doc.paragraph(instruction, s.small),
    ]


_FIELDS = (("DATE", 0.30), ("TIME", 0.17), ("PLACE", 0.31), ("FACILITATOR", 0.22))
"""The heading's details: label and share of the width."""


def _column_widths(frame: float, extras: int) -> list[float]:
    name = _NAME_WIDTH_WITH_EXTRAS if extras else _NAME_WIDTH
    fixed = _NUMBER_WIDTH + name + _ARRIVAL_WIDTH + extras * _EXTRA_WIDTH
    signature = frame - fixed
    if signature < _MIN_SIGNATURE_WIDTH:
        raise InvalidInput("The extra columns leave no room to sign; use fewer or shorter ones.")
    return [_NUMBER_WIDTH, name, _ARRIVAL_WIDTH, *([_EXTRA_WIDTH] * extras), signature]


class _NameFitter:
    """A long name is set a little smaller to stay on one line; one too long even then
    wraps in small type that two lines of still fit in the row."""

    SIZES = (10.0, 9.0, 8.0)

    def __init__(self, base: ParagraphStyle, width: float) -> None:
        self._width = width
        self._styles = [
            ParagraphStyle(f"name_{size}", parent=base, fontSize=size, leading=size * 1.2)
            for size in self.SIZES
        ]

    def style_for(self, name: str) -> ParagraphStyle:
        for style in self._styles:
            if stringWidth(name, style.fontName, style.fontSize) <= self._width:
                return style
        return self._styles[-1]


def _table(doc: PdfDocument, names: list[str], options: SheetOptions) -> Table:
    s = styles(doc.family)
    number_style = ParagraphStyle(
        "row_number", parent=s.small, fontSize=8, alignment=TA_RIGHT, textColor=COLOURS.muted
    )
    name_title = NAME_HEADER_BLANK if options.names is NameMode.NONE else NAME_HEADER
    header_titles = [name_title, ARRIVAL_HEADER, *options.columns, SIGNATURE_HEADER]
    header: list[object] = [""] + [doc.paragraph(t, s.table_header) for t in header_titles]
    blank_cells: list[object] = [""] * (len(header_titles) - 1)
    rows: list[list[object]] = [header]
    all_names = [*names, *([""] * options.blank_rows)]
    widths = _column_widths(doc.frame_width, len(options.columns))
    fitted = _NameFitter(s.table_cell, widths[1] - 2 * _CELL_PADDING)
    for number, name in enumerate(all_names, start=1):
        cell: object = doc.paragraph(name, fitted.style_for(name)) if name else ""
        rows.append([doc.paragraph(str(number), number_style), cell, *blank_cells])
    table = Table(
        rows,
        colWidths=widths,
        rowHeights=[None] + [_ROW_HEIGHT] * len(all_names),
        repeatRows=1,
        hAlign="LEFT",
    )
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, 0), 6),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 6),
        ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (0, -1), 4),
        ("BACKGROUND", (0, 0), (-1, 0), COLOURS.header_fill),
        ("LINEABOVE", (0, 0), (-1, 0), 0.9, COLOURS.rule_strong),
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, COLOURS.rule_strong),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, COLOURS.rule),
        ("LINEBEFORE", (1, 0), (-1, -1), 0.4, COLOURS.rule),
    ]
    if names and options.blank_rows and options.names is not NameMode.NONE:
        first_blank = len(names) + 1
        commands.append(("LINEABOVE", (0, first_blank), (-1, first_blank), 0.9, COLOURS.muted))
    table.setStyle(TableStyle(commands))
    return table


__all__ = [
    "BLANKABLE",
    "CONFIDENTIAL",
    "DEFAULT_BLANK_ROWS",
    "FALLBACK_TITLE",
    "MAX_BLANK_ROWS",
    "MAX_EXTRA_COLUMNS",
    "NameMode",
    "SheetField",
    "SheetHeading",
    "SheetLeak",
    "SheetOptions",
    "blank_fields",
    "date_text",
    "name_mode",
    "neutral_title",
    "render_sheet",
    "sheet_names",
    "time_text",
]
