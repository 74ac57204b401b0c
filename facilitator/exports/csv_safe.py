"""CSV that is safe to open in a spreadsheet (no formula injection), whatever its separator.

The one place every CSV the program writes goes through: the summary
(:mod:`facilitator.exports.summary_csv`) and ``facilitator list … --format csv``.

A spreadsheet treats a cell starting with ``=``, ``+``, ``-`` or ``@`` (and, in some,
a leading tab, carriage return or line feed before one) as a formula, so text from the
vault could run one when a funder opens the file.  The rules:

- **Every text cell is quoted** (``csv.QUOTE_NONNUMERIC``); ``int`` and ``float`` stay
  bare numbers.  A negative *number* is not a formula; *text* starting with ``-`` is.
- **A leading trigger is neutralised** with an apostrophe, which spreadsheets show as
  plain text: the first character ``= + - @``, tab, CR or LF, or ``= + - @`` after
  leading spaces or quote marks.  Their full-width forms (U+FF1D, U+FF0B, U+FF0D,
  U+FF20), which some spreadsheets accept as the ASCII ones, count too, and so do the
  minus sign and the en dash.
- **Also inside a cell, after a separator.**  A spreadsheet opened with ``;`` as its
  separator, or an importer that ignores quotes, splits ``Budget;=2+5`` into ``Budget``
  and a formula cell ``=2+5``.  So after every character that some program splits on
  (``,`` ``;`` ``|`` tab, CR, LF, and the full-width comma and semicolon), a formula
  starter that follows (past any spaces, quote marks and line breaks) gets an
  apostrophe before it: ``Budget;'=2+5``; a tab, CR or LF right after a comma,
  semicolon or bar gets one too.  Whatever the separator, no cell then starts a formula.

The apostrophe is visible in the cell; that is the price of text that cannot run.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

BOM = "\ufeff"
FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\u2212\u2013")
"""Characters a formula starts with: = + - @, their full-width forms, the minus sign and
the en dash (listed as a formula start by PayloadsAllTheThings)."""
TRIGGERS = FORMULA_STARTS | frozenset("\t\r\n")
"""What may not begin a cell: a formula start, or a tab, CR or LF (some spreadsheets
drop those and read what follows as a formula)."""
SEPARATORS = ",;|\t\r\n\uff0c\uff1b"
"""Characters some program splits a line into cells at (or a file into lines)."""

_FORMULA_CLASS = "".join(re.escape(ch) for ch in sorted(FORMULA_STARTS))
_LEAD = re.compile(r"[\s\"']*")
"""What a spreadsheet may skip before reading a formula: spaces, line breaks, quotes."""
_AFTER_SEPARATOR = re.compile(rf"([{re.escape(SEPARATORS)}][\s\"']*)(?=[{_FORMULA_CLASS}])")
"""A separator, any spaces, quotes or line breaks, then a formula start: the apostrophe
goes just before the formula start (one per run, however many separators lead to it)."""
_BREAK_AFTER_SEPARATOR = re.compile(r"([,;|\uff0c\uff1b])(?=[\t\r\n])")
"""A tab, CR or LF right after a comma, semicolon or bar: the cell a spreadsheet makes
there would start with it."""


def safe_text(text: str) -> str:
    """``text`` with every formula start neutralised (see the module's rules)."""
    text = _AFTER_SEPARATOR.sub(r"\1'", text)
    text = _BREAK_AFTER_SEPARATOR.sub(r"\1'", text)
    lead = _LEAD.match(text)
    skipped = lead.end() if lead else 0
    if text[:1] in TRIGGERS or text[skipped : skipped + 1] in FORMULA_STARTS:
        text = "'" + text
    return text


def safe_cell(value: object) -> str:
    """``value`` as cell text, neutralised by :func:`safe_text`.

    ``None`` is an empty cell; ``bool`` is ``true``/``false``; ``int`` and ``float``
    are their digits (a number is not a formula).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return safe_text(str(value))


def _field(value: object) -> object:
    """What the writer gets: numbers as numbers (left bare), everything else as safe
    text (quoted by ``QUOTE_NONNUMERIC``)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return safe_cell(value)


def csv_text(rows: Sequence[Sequence[object]], *, lineterminator: str = "\r\n") -> str:
    """``rows`` as CSV text: every text cell quoted and neutralised, numbers bare."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator, quoting=csv.QUOTE_NONNUMERIC)
    for row in rows:
        writer.writerow([_field(value) for value in row])
    return out.getvalue()


def csv_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    """``rows`` as CSV for a file: :func:`csv_text` with CRLF line ends (RFC 4180),
    UTF-8 with a BOM so that spreadsheets read accents right."""
    return (BOM + csv_text(rows)).encode("utf-8")


__all__ = [
    "BOM",
    "FORMULA_STARTS",
    "SEPARATORS",
    "TRIGGERS",
    "csv_bytes",
    "csv_text",
    "safe_cell",
    "safe_text",
]
