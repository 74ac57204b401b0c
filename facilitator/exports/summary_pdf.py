"""The anonymised summary as a PDF a facilitator can hand to a funder.

Page one: what it is (title, groups, period, the smallest count shown, the date it
was made), a short plain-language note on how to read it, the table of all groups
by month and a chart of attendance over time; then one table per group, with its
session topics when they were asked for (already redacted by the service).

Months are printed as "2026-05", never by name: a member called "May" or "June"
must not make the month a leak.  Every string is drawn through
:class:`~facilitator.exports.pdf_common.PdfDocument`, so the leak guard reads exactly
what the pages show; :func:`pdf_wording` lists the document's own words (everything
drawn that is not data), which the guard allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tables import CellStyle

from facilitator.domain.summary import (
    FOLLOW_UP_MEASURES,
    NOT_APPLICABLE,
    UNATTACHED,
    Measure,
    SummaryReport,
)
from facilitator.exports.pdf_common import (
    A4_SIZE,
    COLOURS,
    PdfDocument,
    PlainTextTable,
    Rendered,
    SharedParagraph,
    Styles,
    details_strip,
    font_family_for,
    page_label,
    styles,
)

KICKER = "ANONYMISED SUMMARY"
TITLE = "Attendance summary"
ALL_GROUPS = "All groups"
WHOLE_PERIOD = "Whole period"
MONTH = "Month"
FOOTER = "Anonymised: no names or contact details; small counts hidden."
NOTE_HEADING = "How to read this summary"
TOPICS_HEADING = "Session topics (names, contact details and dates removed)"
CHART_CAPTION = (
    "Members present or late per month; a month whose count is hidden shows its mark without a bar."
)
BY_MONTH = "By month"
UNATTACHED_HEADING = "Follow-ups not tied to a session (counted in All groups)"
LABELS = ("PERIOD", "MONTHS", "SMALLEST COUNT SHOWN", "MADE ON")


@dataclass(frozen=True, slots=True)
class _Band:
    """A heading over some of the table's columns."""

    title: str
    measures: tuple[tuple[Measure, str], ...]  # the measure and its column heading


BANDS = (
    _Band("Sessions", ((Measure.SESSIONS_HELD, "Held"), (Measure.SESSIONS_CANCELLED, "Cancelled"))),
    _Band(
        "Attendance",
        (
            (Measure.ATTENDANCES, "Members present"),
            (Measure.AVERAGE_ATTENDANCE, "Average per session"),
            (Measure.GUESTS, "Guests"),
        ),
    ),
    _Band(
        "People (whole period)",
        (
            (Measure.DIFFERENT_PEOPLE, "Different people"),
            (Measure.CAME_ONCE, "Came once"),
            (Measure.CAME_2_TO_3, "Came 2-3 times"),
            (Measure.CAME_4_PLUS, "Came 4+ times"),
            (Measure.NEWCOMERS, "New to the group"),
        ),
    ),
    _Band(
        "Follow-ups",
        ((Measure.FOLLOW_UPS_OPENED, "Opened"), (Measure.FOLLOW_UPS_COMPLETED, "Done")),
    ),
)
COLUMNS = tuple(pair for band in BANDS for pair in band.measures)
_MONTH_WIDTH = 22 * mm  # at the least: wider when "Whole period" needs it (month_width)
# The figures' type and padding, and so the height of their one-line rows.
_FIGURE_SIZE, _FIGURE_LEADING = 8.5, 10.5
_FIGURE_TOP, _FIGURE_BOTTOM = 2, 2.5
_CELL_PADDING = 3  # left and right
_FIGURE_ROW_HEIGHT = _FIGURE_LEADING + _FIGURE_TOP + _FIGURE_BOTTOM
_CHART_HEIGHT = 50 * mm
_BAR = colors.HexColor("#3f6e9a")


def method_note(report: SummaryReport) -> tuple[str, ...]:
    """The plain-language note on how the numbers were made, one paragraph each."""
    k = report.k
    small = f"from 1 to {k - 1}"
    lines = [
        "This summary holds no names, contact details, dates of birth or of attendance, "
        "or anything else about a single person. Counts are per calendar month, written "
        "as year and month (2026-05), and for the whole period.",
        f"Counts {small} are hidden and shown as <{k}, so that nobody can be recognised "
        f"from a small number. Zero is shown as 0. Some other values are hidden too and "
        f"also shown as <{k}, although they may be 0 or larger than {k - 1}, so that no "
        "hidden count can be worked out from the totals, from the other counts or from "
        "summaries published before: every hidden count could be anything from 0 to "
        f"{k} or more, whatever else you read. <{k} therefore means only: hidden.",
        "Different people are counted once however many sessions they came to, and "
        "split into those who came once, 2-3 times and 4 or more times (the three add "
        "up to the different people). They and the people new to the group are counted "
        "for the whole period only, not per month: a month's count beside the period's "
        "would tell how many came in other months but not in that one, often only a few "
        "people. All groups' different people are not the sum of the groups': someone "
        "who came to two groups is one person.",
        "A session counts as held when it was not cancelled and attendance was taken. "
        "Members present counts members marked present or late; anonymous guests are "
        "counted apart. The average per session is members present per held session, "
        f"to one decimal; it is hidden (<{k}) where either of its counts is, and "
        f"{NOT_APPLICABLE} where no session was held.",
        "New to the group counts people at a group for the first time ever; someone new "
        "to two groups counts in each. Follow-ups are the facilitator's tasks, counted in "
        "the month they were opened and the month they were done.",
    ]
    if report.include_topics:
        lines.append(
            "Session topics are listed with names, contact details, phone numbers, web "
            "addresses and dates replaced by [redacted], and only for groups whose "
            "sessions held are shown (a list of topics tells how many sessions at least "
            "were held). Notes are never included."
        )
    else:
        lines.append("Session topics and notes are not included.")
    return tuple(lines)


def _details(report: SummaryReport) -> tuple[str, ...]:
    return (
        f"{report.start.isoformat()} to {report.end.isoformat()}",
        str(len(report.months)),
        f"{report.k} (smaller counts hidden)",
        report.generated_on.isoformat(),
    )


def _running_head(report: SummaryReport) -> str:
    period = f"{report.start.isoformat()} to {report.end.isoformat()}"
    return f"{TITLE} \N{MIDDLE DOT} {period} (continued)"


def pdf_wording(report: SummaryReport, pages: int) -> tuple[str, ...]:
    """Every string the PDF draws that is its own wording, not data (the groups' names
    and topics are data).  The leak guard allows these, and only these."""
    words = [
        KICKER,
        TITLE,
        BY_MONTH,
        ALL_GROUPS,
        WHOLE_PERIOD,
        MONTH,
        FOOTER,
        NOTE_HEADING,
        TOPICS_HEADING,
        CHART_CAPTION,
        UNATTACHED_HEADING,
        _chart_title(report),
        _document_title(report),
        _running_head(report),
        *LABELS,
        *_details(report),
        *method_note(report),
        *(band.title for band in BANDS),
        *(heading for _m, heading in COLUMNS),
        *(page_label(n, pages) for n in range(1, pages + 1)),
    ]
    return tuple(dict.fromkeys(words))


def _document_title(report: SummaryReport) -> str:
    return f"{TITLE} {report.start.isoformat()} to {report.end.isoformat()}"


def _chart_title(report: SummaryReport) -> str:
    return "Attendance over time" if report.single_group else "Attendance over time, all groups"


def render_summary_pdf(
    report: SummaryReport, *, page_size: tuple[float, float] = A4_SIZE
) -> Rendered:
    """The summary as a PDF, and every string it draws."""
    names = [group.name for group in report.groups]
    topics = [topic for found in report.topics.values() for topic in found]
    doc = PdfDocument(
        family=font_family_for([*names, *topics]),
        page_size=page_size,
        title=_document_title(report),
        footer_left=FOOTER,
        running_head=_running_head(report),
    )
    s = styles(doc.family)
    story: list[Flowable] = [*_title_block(doc, s, report), Spacer(1, 4 * mm)]
    story += _note(doc, s, report)
    first = report.groups[0]
    tables = _Tables(doc, s, report)
    story += [Spacer(1, 3 * mm), _heading(doc, s, BY_MONTH), tables.table(first.id)]
    if first.id is None and (UNATTACHED, None, FOLLOW_UP_MEASURES[0]) in report.cells:
        story += [Spacer(1, 2 * mm), _unattached(doc, s, report)]
    story += [Spacer(1, 3 * mm), *_chart(doc, s, report, first.id)]
    if first.id is not None:
        story += _topics(doc, s, report, first.id)
    for group in report.groups[1:]:
        assert group.id is not None
        section: list[Flowable] = [_heading(doc, s, group.name), tables.table(group.id)]
        story.append(CondPageBreak(60 * mm))
        story.append(KeepTogether(section))
        story += _topics(doc, s, report, group.id)
    return doc.build(story)


def _title_block(doc: PdfDocument, s: Styles, report: SummaryReport) -> list[Flowable]:
    kicker = ParagraphStyle("kicker", parent=s.label, fontSize=8.5, leading=11, spaceAfter=3)
    scope = report.groups[0].name if report.single_group else ALL_GROUPS
    widths = (0.34, 0.14, 0.30, 0.22)
    details = details_strip(doc, s, list(zip(LABELS, _details(report), strict=True)), widths)
    return [
        doc.paragraph(KICKER, kicker),
        doc.paragraph(TITLE, s.title),
        doc.paragraph(scope, s.subtitle),
        Spacer(1, 3 * mm),
        details,
    ]


def _note(doc: PdfDocument, s: Styles, report: SummaryReport) -> list[Flowable]:
    body = ParagraphStyle("note", parent=s.small, textColor=COLOURS.ink, leading=11.5)
    head = ParagraphStyle("note_head", parent=s.table_header, fontSize=9.5, spaceAfter=2)
    rows: list[list[Flowable]] = [[doc.paragraph(NOTE_HEADING, head)]]
    rows += [[doc.paragraph(line, body)] for line in method_note(report)]
    box = Table(rows, colWidths=[doc.frame_width], hAlign="LEFT")
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), COLOURS.band_fill),
                ("LINEBEFORE", (0, 0), (0, -1), 2.5, COLOURS.rule_strong),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("TOPPADDING", (0, 0), (-1, 0), 7),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
            ]
        )
    )
    return [box]


def _heading(doc: PdfDocument, s: Styles, text: str) -> Flowable:
    return doc.paragraph(text, s.heading)


def _styles(s: Styles) -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    band = ParagraphStyle(
        "band", parent=s.table_header, fontSize=7.5, leading=9, alignment=TA_CENTER
    )
    head = ParagraphStyle(
        "column", parent=s.table_header, fontSize=7, leading=8.5, alignment=TA_RIGHT
    )
    number = ParagraphStyle("figure", parent=s.table_number, fontSize=8.5, leading=10.5)
    hidden = ParagraphStyle("hidden", parent=number, textColor=COLOURS.muted)
    return band, head, number, hidden


class _Tables:
    """Builds the groups' tables of one summary.  Every table has the same columns,
    headings and rows, so what they share is made once: the two heading rows (each
    heading a SharedParagraph, laid out once), the lines and fills, and the cells'
    styles, given to each table as they are instead of some 20,000 style commands
    applied cell by cell (a 100-group summary has 17,000 figures)."""

    def __init__(self, doc: PdfDocument, s: Styles, report: SummaryReport) -> None:
        self._doc, self._report = doc, report
        band_style, head_style, _number, _hidden = _styles(s)
        first = month_width(doc.family.bold)
        other = (doc.frame_width - first) / len(COLUMNS)
        self._widths = [first] + [other] * len(COLUMNS)
        head_style = fitted_heading_style(head_style, other - 2 * _CELL_PADDING)
        bands: list[object] = [""]
        spans: list[tuple[int, int]] = []
        self._heading_texts: list[str] = []
        column = 1
        for band in BANDS:
            bands.append(SharedParagraph(escape(band.title), band_style))
            self._heading_texts.append(band.title)
            bands += [""] * (len(band.measures) - 1)
            spans.append((column, column + len(band.measures) - 1))
            column += len(band.measures)
        month_style = ParagraphStyle("m", parent=head_style, alignment=0)
        header: list[object] = [SharedParagraph(escape(MONTH), month_style)]
        header += [SharedParagraph(escape(title), head_style) for _m, title in COLUMNS]
        self._heading_texts += [MONTH, *(title for _m, title in COLUMNS)]
        self._headings = [bands, header]
        # Every figure's row is one line high: giving the heights spares measuring each
        # figure (the headings' rows are measured: None).
        self._heights = [None, None] + [_FIGURE_ROW_HEIGHT] * len(report.rows)
        last = 1 + len(report.rows)
        self._style = TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 1), COLOURS.header_fill),
                ("LINEABOVE", (0, 0), (-1, 0), 0.9, COLOURS.rule_strong),
                ("LINEBELOW", (0, 1), (-1, 1), 0.9, COLOURS.rule_strong),
                ("LINEBELOW", (0, 2), (-1, last - 1), 0.3, COLOURS.rule),
                ("LINEABOVE", (0, last), (-1, last), 0.9, COLOURS.rule_strong),
                ("LINEBELOW", (0, last), (-1, last), 0.9, COLOURS.rule_strong),
                ("BACKGROUND", (0, last), (-1, last), COLOURS.band_fill),
            ]
            + [
                command
                for first, end in spans
                for command in (
                    ("SPAN", (first, 0), (end, 0)),
                    ("LINEBEFORE", (first, 0), (first, -1), 0.4, COLOURS.rule),
                    ("LINEBELOW", (first, 0), (end, 0), 0.4, COLOURS.rule),
                )
            ]
        )
        regular, bold = doc.family.regular, doc.family.bold
        self._heading_style = _cell_style("heading")
        # (month, figure, hidden figure) in a month's row, and in the whole period's.
        self._month_row = (
            _cell_style("month", regular),
            _cell_style("figure", regular, align="RIGHT"),
            _cell_style("hidden", regular, align="RIGHT", colour=COLOURS.muted),
        )
        self._period_row = (
            _cell_style("period", bold),
            _cell_style("period_figure", bold, align="RIGHT"),
            self._month_row[2],  # a hidden figure is regular there too
        )

    def table(self, group: int | None) -> Table:
        """A group's table: the months and the whole period down, the measures across,
        under their bands.  Figures are plain strings, not paragraphs (paragraphs took
        three times as long to lay out)."""
        doc, report = self._doc, self._report
        doc.texts(self._heading_texts)
        rows: list[list[object]] = [list(heading) for heading in self._headings]
        heading = [self._heading_style] * len(self._widths)
        styles: list[list[CellStyle]] = [heading, list(heading)]
        for month in report.rows:
            month_style, shown, hidden = self._period_row if month is None else self._month_row
            row: list[object] = [doc.text(month or WHOLE_PERIOD)]
            row_styles = [month_style]
            for measure, _title in COLUMNS:
                cell = report.cell(group, month, measure)
                row.append(doc.text(cell.text))
                row_styles.append(hidden if cell.suppressed else shown)
            rows.append(row)
            styles.append(row_styles)
        table = PlainTextTable(
            rows,
            colWidths=self._widths,
            rowHeights=self._heights,
            repeatRows=2,
            hAlign="LEFT",
            cellStyles=styles,
        )
        table.setStyle(self._style)
        return table


def month_width(bold_font: str) -> float:
    """The month column's width: 22 mm, or what the bold "Whole period" needs with its
    padding when the font is wider than Helvetica (DejaVu Sans, for names Helvetica
    cannot show, would run it over the column's line)."""
    needed = pdfmetrics.stringWidth(WHOLE_PERIOD, bold_font, _FIGURE_SIZE)
    return float(max(_MONTH_WIDTH, needed + 2 * _CELL_PADDING + 1))


def fitted_heading_style(style: ParagraphStyle, width: float) -> ParagraphStyle:
    """The column headings' style, smaller if need be so that no word of a heading is
    cut in two: 7 pt fits Helvetica, but DejaVu Sans (for names Helvetica cannot show)
    would print "Cancelle/d" and "Differen/t people"."""
    longest = max(
        pdfmetrics.stringWidth(word, style.fontName, 1)
        for _measure, title in COLUMNS
        for word in title.split()
    )
    size = min(style.fontSize, int(width / longest * 4) / 4)  # in quarter points
    if size >= style.fontSize:
        return style
    leading = style.leading * size / style.fontSize
    return ParagraphStyle(style.name, parent=style, fontSize=size, leading=leading)


def _cell_style(
    name: str, font: str | None = None, *, align: str = "LEFT", colour: colors.Color | None = None
) -> CellStyle:
    """A table cell's style: the figures' padding, and their type when ``font`` is given
    (as the TableStyle commands VALIGN, the paddings, FONT, TEXTCOLOR and ALIGN set it)."""
    style = CellStyle(name)
    style.valign = "BOTTOM"
    style.leftPadding = style.rightPadding = _CELL_PADDING
    style.topPadding, style.bottomPadding = _FIGURE_TOP, _FIGURE_BOTTOM
    if font is not None:
        style.fontname, style.fontsize, style.leading = font, _FIGURE_SIZE, _FIGURE_LEADING
        style.color = colour or COLOURS.ink
        style.alignment = align
    return style


def _unattached(doc: PdfDocument, s: Styles, report: SummaryReport) -> Table:
    _band, head_style, number, hidden = _styles(s)
    label_style = ParagraphStyle("label_cell", parent=s.table_cell, fontSize=8.5, leading=10.5)
    header: list[object] = [doc.paragraph(UNATTACHED_HEADING, label_style)]
    values: list[object] = [""]
    for measure in FOLLOW_UP_MEASURES:
        title = dict(COLUMNS)[measure]
        header.append(doc.paragraph(title, head_style))
        cell = report.cell(UNATTACHED, None, measure)
        values.append(doc.paragraph(cell.text, hidden if cell.suppressed else number))
    values[0] = doc.paragraph(WHOLE_PERIOD, label_style)
    other = (doc.frame_width - month_width(doc.family.bold)) / len(COLUMNS)
    table = Table(
        [header, values],
        colWidths=[doc.frame_width - 2 * other, other, other],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LINEBELOW", (0, 0), (-1, 0), 0.4, COLOURS.rule),
                ("LINEBELOW", (0, 1), (-1, 1), 0.4, COLOURS.rule),
            ]
        )
    )
    return table


def _nice_step(top: float) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving at most five gridlines."""
    power = 1
    while True:
        for factor in (1, 2, 5):
            if top / (factor * power) <= 5:
                return factor * power
        power *= 10


def _chart(doc: PdfDocument, s: Styles, report: SummaryReport, group: int | None) -> list[Flowable]:
    cells = [report.cell(group, month, Measure.ATTENDANCES) for month in report.months]
    values = [float(c.value) if c.value is not None else 0.0 for c in cells]
    top = max(values, default=0.0)
    step = _nice_step(top) if top else 1
    ceiling = step * (int(top // step) + 1) if top else 5
    width, height = doc.frame_width, _CHART_HEIGHT
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 34, 30 if len(report.months) > 12 else 20
    chart.width, chart.height = width - chart.x - 6, height - chart.y - 14
    chart.data = [values]
    chart.bars[0].fillColor = _BAR
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 4 if len(values) <= 24 else 1
    axis = chart.valueAxis
    axis.valueMin, axis.valueMax, axis.valueStep = 0, ceiling, step
    axis.labels.fontName, axis.labels.fontSize = doc.family.regular, 7
    axis.labels.fillColor = COLOURS.muted
    axis.strokeColor = COLOURS.rule
    axis.visibleGrid = True
    axis.gridStrokeColor = COLOURS.rule
    axis.gridStrokeWidth = 0.3
    axis.labelTextFormat = "%d"
    categories = chart.categoryAxis
    categories.categoryNames = doc.texts(report.months)
    categories.labels.fontName, categories.labels.fontSize = doc.family.regular, 7
    categories.labels.fillColor = COLOURS.muted
    categories.strokeColor = COLOURS.rule_strong
    if len(report.months) > 12:
        categories.labels.angle = 45
        categories.labels.boxAnchor = "ne"
        categories.labels.dy = -2
    doc.texts([str(v) for v in range(0, int(ceiling) + 1, step)])
    drawing.add(chart)
    # Each month's figure over its bar; a hidden one ("<11") stands on the axis.
    if len(values) <= 24:
        slot = chart.width / max(len(values), 1)
        for i, cell in enumerate(cells):
            x = chart.x + slot * (i + 0.5)
            y = chart.y + chart.height * (values[i] / ceiling) + 2
            label = String(x, y, doc.text(cell.text), textAnchor="middle")
            label.fontName, label.fontSize = doc.family.regular, 6.5
            label.fillColor = COLOURS.muted if cell.suppressed else COLOURS.ink
            drawing.add(label)
    return [
        KeepTogether(
            [
                doc.paragraph(_chart_title(report), s.heading),
                drawing,
                doc.paragraph(CHART_CAPTION, s.small),
            ]
        )
    ]


def _topics(doc: PdfDocument, s: Styles, report: SummaryReport, group: int) -> list[Flowable]:
    found: Sequence[str] = report.topics.get(group, ())
    if not report.include_topics or not found:
        return []
    head = ParagraphStyle("topics_head", parent=s.label, spaceBefore=4, spaceAfter=1)
    return [
        doc.paragraph(TOPICS_HEADING, head),
        doc.paragraph(" \N{MIDDLE DOT} ".join(found), s.small),
    ]


__all__ = [
    "ALL_GROUPS",
    "BANDS",
    "COLUMNS",
    "TITLE",
    "WHOLE_PERIOD",
    "method_note",
    "pdf_wording",
    "render_summary_pdf",
]
