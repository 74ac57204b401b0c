"""Printing rows as an aligned table, CSV (with a header row) or JSON.

CSV goes through :mod:`facilitator.exports.csv_safe`, like every CSV the program
writes: text cells quoted, numbers bare, and no cell (whatever separator a spreadsheet
splits at) able to start a formula.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from enum import Enum
from typing import Any

from facilitator.exports.csv_safe import csv_text

FORMATS = ("table", "csv", "json")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _csv(value: Any) -> Any:
    """Numbers stay numbers (written bare); everything else is text (quoted)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return _text(value)


def _json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> str:
    if fmt == "json":
        items = [{c: _json(v) for c, v in zip(columns, row, strict=True)} for row in rows]
        return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        cells = [[_csv(v) for v in row] for row in rows]
        return csv_text([list(columns), *cells], lineterminator="\n")
    cells = [[_text(v).replace("\n", " ") for v in row] for row in rows]
    widths = [len(c) for c in columns]
    for row in cells:
        widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"
