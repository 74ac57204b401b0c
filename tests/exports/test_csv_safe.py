"""CSV cells that are safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest

from facilitator.exports.csv_safe import csv_bytes, safe_cell


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://example.com","x")',
        "+1+2",
        "-2+3",
        "-5",
        "@SUM(A1:A2)",
        "\tnext",
        "\rnext",
        "  =1+1",
        "\uff1d1+1",  # a full-width equals sign
    ],
)
def test_text_that_starts_a_formula_is_neutralised(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Sessions held", "Sessions held"),
        ("<11", "<11"),
        ("a = b", "a = b"),
        ("2026-05", "2026-05"),
        ("", ""),
        (None, ""),
        (42, "42"),
        (0, "0"),
        (-3, "-3"),  # a number is not a formula
        (2.5, "2.5"),
        (True, "true"),
    ],
)
def test_other_values_are_written_as_they_are(value: object, expected: str) -> None:
    assert safe_cell(value) == expected


def read(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_a_file_opens_with_a_bom_and_reads_back_cell_for_cell() -> None:
    rows: list[list[object]] = [
        ["Month", "Group", "Attendances"],
        ["2026-05", 'The "Tuesday" group, upstairs', 42],
        ["2026-06", "two\nlines", "<11"],
        ["2026-07", "Zoë ✓", 0],
    ]
    data = csv_bytes(rows)
    assert data.startswith(b"\xef\xbb\xbf")
    assert read(data) == [[str(cell) for cell in row] for row in rows]


def test_rfc_4180_line_ends_and_every_text_cell_quoted() -> None:
    data = csv_bytes([["a", "b,c", 'say "hi"'], ["x\r\ny", 1, None]])
    assert data.decode("utf-8")[1:] == '"a","b,c","say ""hi"""\r\n"x\r\ny",1,""\r\n'


def test_formulas_in_a_file_are_neutralised_and_numbers_stay_numbers() -> None:
    data = csv_bytes([["=1+1", -1, "-1", "@x"]])
    assert read(data) == [["'=1+1", "-1", "'-1", "'@x"]]


def test_an_empty_table_is_just_the_bom() -> None:
    assert csv_bytes([]) == b"\xef\xbb\xbf"
