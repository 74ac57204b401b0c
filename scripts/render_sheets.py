"""Render the README's sign-in sheet examples: PDF pages made into PNGs.

    python scripts/render_sheets.py               # writes docs/sheets/*.png
    python scripts/render_sheets.py --keep-pdf    # ... and the PDFs beside them

The sheets are made from hand-written records of made-up people (no vault is
opened), through the same renderer and leak guard the app and the command line use
(the initials and blank sheets are checked against these people), then turned into
images with poppler's ``pdftoppm`` at 80 dpi.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from facilitator.domain import MemberRecord
from facilitator.exports.leak_guard import Identifiers
from facilitator.exports.pdf_common import A4_SIZE, LETTER_SIZE
from facilitator.exports.sheets import NameMode, SheetHeading, SheetOptions, render_sheet

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "sheets"
DPI = 80

# Made-up people: any likeness is chance.
PEOPLE = (
    ("Adaeze", "Nwosu"),
    ("Bram", "Vermeulen"),
    ("Chloé", "Dubois"),
    ("Dara", "O'Sullivan"),
    ("Elif", "Demir"),
    ("Farah", "Haddad"),
    ("Gabriel", "Moreau-Lefèvre"),
    ("Hana", "Kimura"),
    ("Ines", "Carvalho"),
    ("Jonah", "Whitfield"),
    ("Kofi", "Mensah"),
    ("Lena", "Albrecht"),
    ("Mateo", "Ruiz"),
    ("Niamh", "Gallagher"),
    ("Oskar", "Lindqvist"),
    ("Priya", "Raman"),
    ("Quentin", "Blake-Harris"),
    ("Rosa", "Esposito"),
    ("Sol", "Rivera"),
    ("Tomasz", "Nowicki"),
    ("Una", "Byrne"),
    ("Viktor", "Petrov"),
)

HEADING = SheetHeading(
    title="Tuesday Evening Group",
    date=dt.date(2026, 11, 24),
    start_time=dt.time(19, 0),
    end_time=dt.time(20, 30),
    place="Riverside Community Centre, Room 2",
    facilitator="Robin Ellis",
)

EXAMPLES = (
    # (file name, options)
    ("sheet-full-names-a4", SheetOptions(names=NameMode.FULL, page_size=A4_SIZE)),
    (
        "sheet-initials-letter",
        SheetOptions(
            names=NameMode.INITIALS, page_size=LETTER_SIZE, columns=("First time?",), blank_rows=6
        ),
    ),
    ("sheet-no-names-a4", SheetOptions(names=NameMode.NONE, page_size=A4_SIZE)),
)


def members() -> list[MemberRecord]:
    return [
        MemberRecord(id=number, first_name=first, last_name=last)
        for number, (first, last) in enumerate(PEOPLE, start=1)
    ]


def render_png(pdf: Path, png: Path) -> None:
    """Page 1 of ``pdf`` as ``png``."""
    stem = png.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile", pdf, stem],
        check=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the images")
    parser.add_argument("--keep-pdf", action="store_true", help="keep the PDFs too")
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is needed to turn the PDFs into images.", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for name, options in EXAMPLES:
            roster = members()
            rendered = render_sheet(HEADING, roster, options, Identifiers.from_members(roster))
            pdf = (args.out if args.keep_pdf else Path(scratch)) / f"{name}.pdf"
            pdf.write_bytes(rendered.data)
            render_png(pdf, args.out / f"{name}.png")
            print(f"{args.out / name}.png  ({rendered.pages} page(s))")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
