"""CSV that is safe to open in a spreadsheet (no formula injection), UTF-8 with BOM.

A spreadsheet treats a cell starting with ``=``, ``+``, ``-`` or ``@`` (and, in some,
a leading tab or carriage return) as a formula, so text from the vault could run
one when a funder opens the file.  :func:`safe_cell` prefixes such text with an
apostrophe, which spreadsheets show as plain text.  Numbers (``int``, ``float``)
stay numbers: counts here are never negative, and a negative number is not a
formula; *text* that starts with ``-`` is still neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

BOM = "\ufeff"
_TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
"""Formula starters, with their full-width forms, which some spreadsheets accept too."""


def safe_cell(value: object) -> str:
    """``value`` as cell text; text starting with = + - @ tab or CR gets a leading '.

    ``None`` is an empty cell; ``bool`` is ``true``/``false``; ``int`` and ``float``
    are written as numbers.  Text is neutralised when its first character, or its
    first character after leading spaces, starts a formula.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if text and (text[0] in _TRIGGERS or text.lstrip(" ")[:1] in _TRIGGERS):
        return "'" + text
    return text


def csv_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    """``rows`` as RFC 4180 CSV (CRLF, minimal quoting), UTF-8 with a BOM.

    Every cell goes through :func:`safe_cell`.  Fields holding a comma, a double
    quote, CR or LF are quoted, and double quotes inside them doubled.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return (BOM + out.getvalue()).encode("utf-8")
