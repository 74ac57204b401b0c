"""What every PDF export shares: paper size, type styles, the page footer, the result type.

A PDF builder collects its story through a :class:`PdfDocument`, which remembers every
string it will draw; :meth:`PdfDocument.build` returns a :class:`Rendered` holding the
bytes and those strings, so the leak guard can read exactly what the page shows without
parsing the PDF.  Output is reproducible: no creation date, no random document id.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from facilitator.errors import InvalidInput

log = logging.getLogger(__name__)

__all__ = [
    "A4_SIZE",
    "COLOURS",
    "LETTER_SIZE",
    "PAGE_SIZE_NAMES",
    "Colours",
    "PdfDocument",
    "PlainTextTable",
    "Rendered",
    "SharedParagraph",
    "Styles",
    "page_label",
    "page_size_for",
    "page_size_named",
    "resolve_page_size",
    "styles",
]

A4_SIZE: tuple[float, float] = (float(A4[0]), float(A4[1]))
LETTER_SIZE: tuple[float, float] = (float(LETTER[0]), float(LETTER[1]))

#: The names ``--paper`` accepts, and the size each stands for.
PAGE_SIZE_NAMES: dict[str, tuple[float, float]] = {"a4": A4_SIZE, "letter": LETTER_SIZE}

# Countries whose usual paper is US Letter (ISO 3166 codes); everywhere else uses A4.
_LETTER_COUNTRIES = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "SV", "PR", "NI", "BZ"}
)


@dataclass(frozen=True, slots=True)
class Rendered:
    """A finished PDF and every string drawn on its pages, in drawing order."""

    data: bytes
    texts: tuple[str, ...]
    pages: int = 1


def page_size_for(locale_name: str | None) -> tuple[float, float]:
    """The usual paper for a locale: Letter for the US, Canada, Mexico, the Philippines and
    a few others in the Americas, A4 for everyone else (and for an unknown locale).

    ``locale_name`` is what ``locale.getlocale()[0]`` or ``$LANG`` give: "en_US",
    "fr_CA.UTF-8", "en-PH", "C", ``None``.
    """
    if not locale_name:
        return A4_SIZE
    name = locale_name.split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    parts = name.split("_")
    if len(parts) < 2:
        return A4_SIZE
    return LETTER_SIZE if parts[1].upper() in _LETTER_COUNTRIES else A4_SIZE


def page_size_named(name: str) -> tuple[float, float]:
    """The paper a user asked for by name ("a4" or "letter", any case)."""
    size = PAGE_SIZE_NAMES.get(name.strip().lower())
    if size is None:
        choices = ", ".join(PAGE_SIZE_NAMES)
        raise InvalidInput(f"Unknown paper size. Choose one of: {choices}.")
    return size


def resolve_page_size(choice: str | None, locale_name: str | None) -> tuple[float, float]:
    """The paper named by ``choice`` when given, else the locale's usual paper."""
    return page_size_named(choice) if choice else page_size_for(locale_name)


def page_label(number: int, total: int) -> str:
    """The footer's page count, e.g. "Page 2 of 5"."""
    return f"Page {number} of {total}"


@dataclass(frozen=True, slots=True)
class Colours:
    ink: colors.Color
    muted: colors.Color
    rule: colors.Color  # light grid lines
    rule_strong: colors.Color  # the line under a table header, the title rule
    header_fill: colors.Color
    band_fill: colors.Color  # alternate rows, boxes


COLOURS = Colours(
    ink=colors.HexColor("#1d2530"),
    muted=colors.HexColor("#5d6875"),
    rule=colors.HexColor("#c4ccd6"),
    rule_strong=colors.HexColor("#6b7683"),
    header_fill=colors.HexColor("#eef1f5"),
    band_fill=colors.HexColor("#f7f8fa"),
)

FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
FONT_ITALIC = "Helvetica-Oblique"


@dataclass(frozen=True, slots=True)
class FontFamily:
    """The font names (as registered with reportlab) a document draws with."""

    regular: str
    bold: str
    italic: str


HELVETICA = FontFamily(FONT, FONT_BOLD, FONT_ITALIC)

# Unicode fonts to embed when a text has characters Helvetica cannot show (Helvetica
# only has Windows-1252: "Łukasz", "Σοφία" would print as black boxes).  The first
# font found that has every character is used; (regular, bold) file paths.
UNICODE_FONT_FILES: tuple[tuple[str, str], ...] = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    (
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
    (
        "/System/Library/Fonts/Supplemental/Arial.ttf",
        "/System/Library/Fonts/Supplemental/Arial Bold.ttf",
    ),
    ("/Library/Fonts/Arial Unicode.ttf", "/Library/Fonts/Arial Unicode.ttf"),
    (
        "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
        "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    ),
)


def _helvetica_can_show(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


@cache
def _load_ttf(path: str) -> tuple[str, frozenset[int]] | None:
    """Register the TrueType font at ``path``; (its reportlab name, its characters)."""
    if not Path(path).is_file():
        return None
    name = "Facilitator-" + Path(path).stem.replace(" ", "")
    try:
        font = TTFont(name, path)
    except (OSError, TTFError):
        log.warning("a font file could not be read; trying the next one")
        return None
    pdfmetrics.registerFont(font)
    return name, frozenset(font.face.charToGlyph)


def font_family_for(texts: Iterable[str]) -> FontFamily:
    """Helvetica when it can show every character of ``texts``; otherwise the first
    Unicode font on this computer that can (embedded, subset), or the one that shows
    the most, or Helvetica when there is none at all."""
    needed = {ord(ch) for text in texts for ch in text if not _helvetica_can_show(ch)}
    if not needed:
        return HELVETICA
    best: tuple[int, FontFamily] | None = None
    for regular_path, bold_path in UNICODE_FONT_FILES:
        regular = _load_ttf(regular_path)
        if regular is None:
            continue
        bold = _load_ttf(bold_path) or regular
        family = FontFamily(regular[0], bold[0], regular[0])
        missing = len(needed - regular[1])
        if missing == 0:
            return family
        if best is None or missing < best[0]:
            best = (missing, family)
    if best is None:
        log.warning("no Unicode font found; some characters will not print")
        return HELVETICA
    log.warning("no font has every character needed; some will not print")
    return best[1]


@dataclass(frozen=True, slots=True)
class Styles:
    title: ParagraphStyle  # the document's big title
    subtitle: ParagraphStyle  # one line under the title
    heading: ParagraphStyle  # a section heading
    body: ParagraphStyle
    small: ParagraphStyle  # notes, captions
    label: ParagraphStyle  # the small caps-like label over a value ("DATE")
    value: ParagraphStyle  # the value under a label
    table_header: ParagraphStyle
    table_cell: ParagraphStyle
    table_number: ParagraphStyle  # right-aligned figures


@cache
def styles(family: FontFamily = HELVETICA) -> Styles:
    """The house styles in ``family`` (Helvetica unless told): dark ink, generous leading."""
    regular, bold = family.regular, family.bold
    ink = COLOURS.ink
    muted = COLOURS.muted
    return Styles(
        title=ParagraphStyle(
            "title", fontName=bold, fontSize=20, leading=24, textColor=ink, spaceAfter=2
        ),
        subtitle=ParagraphStyle(
            "subtitle", fontName=regular, fontSize=11, leading=14, textColor=muted, spaceAfter=0
        ),
        heading=ParagraphStyle(
            "heading",
            fontName=bold,
            fontSize=12.5,
            leading=16,
            textColor=ink,
            spaceBefore=10,
            spaceAfter=4,
        ),
        body=ParagraphStyle("body", fontName=regular, fontSize=10, leading=13.5, textColor=ink),
        small=ParagraphStyle("small", fontName=regular, fontSize=8.5, leading=11, textColor=muted),
        label=ParagraphStyle("label", fontName=bold, fontSize=7.5, leading=9.5, textColor=muted),
        value=ParagraphStyle("value", fontName=regular, fontSize=10.5, leading=13.5, textColor=ink),
        table_header=ParagraphStyle(
            "table_header", fontName=bold, fontSize=8.5, leading=10.5, textColor=ink
        ),
        table_cell=ParagraphStyle(
            "table_cell",
            fontName=regular,
            fontSize=10,
            leading=12.5,
            textColor=ink,
            alignment=TA_LEFT,
        ),
        table_number=ParagraphStyle(
            "table_number", fontName=regular, fontSize=10, leading=12.5, textColor=ink, alignment=2
        ),
    )


MARGIN = 16 * mm
FOOTER_GAP = 8 * mm  # from the bottom edge to the footer's baseline
RUNNING_HEAD_GAP = 10 * mm  # from the top edge to the running head's baseline


class _FooterCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """Holds every page back until the end, so each footer can say "Page N of M"; pages
    after the first also get the running head, so a loose page still says what it is."""

    footer_left: str = ""
    running_head: str = ""
    font: str = FONT
    drawn: list[str]
    page_count: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self.drawn = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, total)
            super().showPage()
        self.page_count = total
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        width, height = self._pagesize
        y = FOOTER_GAP
        self.saveState()
        if self.running_head and number > 1:
            self.setFont(self.font, 8.5)
            self.setFillColor(COLOURS.muted)
            self.drawString(MARGIN, height - RUNNING_HEAD_GAP, self.running_head)
            if number == 2:
                self.drawn.append(self.running_head)
        self.setStrokeColor(COLOURS.rule)
        self.setLineWidth(0.5)
        self.line(MARGIN, y + 10, width - MARGIN, y + 10)
        self.setFont(self.font, 8)
        self.setFillColor(COLOURS.muted)
        label = page_label(number, total)
        if self.footer_left:
            self.drawString(MARGIN, y, self.footer_left)
            if number == 1:
                self.drawn.append(self.footer_left)
        self.drawRightString(width - MARGIN, y, label)
        self.drawn.append(label)
        self.restoreState()


class PdfDocument:
    """Collects a PDF's story and the exact strings it will draw.

    Use :meth:`paragraph` (or :meth:`text` for strings drawn another way, like table cells
    a builder formats itself) for every piece of visible text, then :meth:`build`.
    """

    def __init__(
        self,
        *,
        page_size: tuple[float, float],
        title: str,
        footer_left: str = "",
        running_head: str = "",
        family: FontFamily = HELVETICA,
        margins: tuple[float, float, float, float] | None = None,
    ) -> None:
        self.page_size = page_size
        self.title = title
        self.footer_left = footer_left
        self.running_head = running_head
        self.family = family
        top, right, bottom, left = margins or (MARGIN, MARGIN, MARGIN + 6 * mm, MARGIN)
        self.margins = (top, right, bottom, left)
        self._texts: list[str] = []

    @property
    def frame_width(self) -> float:
        """The width a flowable may take between the left and right margins."""
        return self.page_size[0] - self.margins[1] - self.margins[3]

    def text(self, value: str) -> str:
        """Record ``value`` as drawn and return it unchanged."""
        if value:
            self._texts.append(value)
        return value

    def texts(self, values: Iterable[str]) -> list[str]:
        return [self.text(value) for value in values]

    def paragraph(self, value: str, style: ParagraphStyle) -> Paragraph:
        """A paragraph showing ``value`` literally (no markup), recorded as drawn."""
        self.text(value)
        return Paragraph(escape(value), style)

    def build(self, story: Sequence[Flowable]) -> Rendered:
        buffer = io.BytesIO()
        top, right, bottom, left = self.margins
        doc = BaseDocTemplate(
            buffer,
            pagesize=self.page_size,
            topMargin=top,
            rightMargin=right,
            bottomMargin=bottom,
            leftMargin=left,
            title=self.title,
            author="",
            subject="",
            creator="Facilitator",
            producer="Facilitator",
            invariant=1,
        )
        frame = Frame(
            left,
            bottom,
            self.frame_width,
            self.page_size[1] - top - bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        drawn: list[str] = []
        made: list[_FooterCanvas] = []
        footer_left = self.footer_left
        running_head = self.running_head
        font = self.family.regular

        def make_canvas(*args: Any, **kwargs: Any) -> _FooterCanvas:
            canvas = _FooterCanvas(*args, **kwargs)
            canvas.footer_left = footer_left
            canvas.running_head = running_head
            canvas.font = font
            canvas.drawn = drawn
            made.append(canvas)
            return canvas

        doc.build(list(story), canvasmaker=make_canvas)
        texts = [self.title, *self._texts, *drawn] if self.title else [*self._texts, *drawn]
        pages = made[-1].page_count if made else 0
        return Rendered(data=buffer.getvalue(), texts=tuple(texts), pages=pages)


class SharedParagraph(Paragraph):  # type: ignore[misc]  # reportlab is untyped
    """A paragraph put in many tables (the same column heading over each group's table).
    How it wraps depends only on the width it is given, so it is worked out once for
    each width (a column's width can differ in its last bit, measured two ways), not
    again and again; the layout for the width asked for is the one it then draws."""

    _LAYOUT = ("width", "height", "_wrapWidths", "blPara")

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth < rl_config._FUZZ:  # too narrow: Paragraph says so and keeps nothing
            return super().wrap(availWidth, availHeight)  # type: ignore[no-any-return]
        layouts: dict[float, tuple[Any, ...]] = self.__dict__.setdefault("_layouts", {})
        layout = layouts.get(availWidth)
        if layout is None:
            size = super().wrap(availWidth, availHeight)
            layouts[availWidth] = tuple(getattr(self, name) for name in self._LAYOUT)
            return size  # type: ignore[no-any-return]
        for name, value in zip(self._LAYOUT, layout, strict=True):
            setattr(self, name, value)
        return self.width, self.height


class PlainTextTable(Table):  # type: ignore[misc]  # reportlab is untyped
    """A ``Table`` that draws its one-line strings (figures, say) together in one text
    object, each where ``Table`` would draw it: left- or right-aligned on the baseline
    its bottom padding gives, after the other cells and before the lines, as ``Table``
    does.  ``Table`` makes a text object for each cell: for the 17,000 figures of a
    100-group summary that was half of the time the whole PDF took.  Anything else
    (paragraphs, several lines, other alignments, links) ``Table`` draws itself."""

    _figures: list[tuple[str, Any, tuple[float, float], tuple[float, float]]]

    def draw(self) -> None:
        self._figures = []
        try:
            super().draw()
        finally:
            self._figures = []

    def _drawLines(self) -> None:
        figures, self._figures = self._figures, []
        if figures:
            self._draw_figures(figures)
        super()._drawLines()

    def _draw_figures(
        self, figures: list[tuple[str, Any, tuple[float, float], tuple[float, float]]]
    ) -> None:
        canvas = self.canv
        canvas.saveState()
        text = canvas.beginText()
        font: tuple[str, float, float] | None = None
        colour = None
        widths: dict[tuple[str, str, float], float] = {}  # for this table only: no text kept
        for value, style, (left, bottom), (width, _height) in figures:
            wanted = (style.fontname, style.fontsize, style.leading)
            if wanted != font:
                text.setFont(*wanted)
                font = wanted
            if style.color != colour:
                text.setFillColor(style.color)
                colour = style.color
            if style.alignment == "RIGHT":
                key = (value, style.fontname, style.fontsize)
                if key not in widths:
                    widths[key] = pdfmetrics.stringWidth(*key)
                x = left + width - style.rightPadding - widths[key]
            else:
                x = left + style.leftPadding
            text.setTextOrigin(x, bottom + style.bottomPadding + style.leading - style.fontsize)
            text.textLine(value)
        canvas.drawText(text)
        canvas.restoreState()

    def _drawCell(
        self, cellval: Any, cellstyle: Any, pos: tuple[float, float], size: tuple[float, float]
    ) -> None:
        if (
            isinstance(cellval, str)
            and "\n" not in cellval
            and cellstyle.alignment in ("LEFT", "RIGHT")
            and cellstyle.valign == "BOTTOM"
            and not (cellstyle.direction or cellstyle.shaping)
            and not (cellstyle.href or cellstyle.destination)
        ):
            if cellval:
                self._figures.append((cellval, cellstyle, pos, size))
            return
        super()._drawCell(cellval, cellstyle, pos, size)


def details_strip(
    doc: PdfDocument,
    s: Styles,
    fields: Sequence[tuple[str, str]],
    widths: Sequence[float],
) -> Table:
    """The title block's strip of small labels over their values between two rules
    (DATE / TIME / PLACE …), each column ``width`` of the frame's width."""
    cells = [[doc.paragraph(label, s.label) for label, _value in fields]]
    cells.append([doc.paragraph(value, s.value) for _label, value in fields])
    strip = Table(cells, colWidths=[doc.frame_width * w for w in widths], hAlign="LEFT")
    strip.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, 0), 7),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 1),
                ("TOPPADDING", (0, 1), (-1, 1), 1),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 8),
                ("LINEABOVE", (0, 0), (-1, 0), 1.2, COLOURS.ink),
                ("LINEBELOW", (0, 1), (-1, 1), 0.5, COLOURS.rule),
            ]
        )
    )
    return strip
