"""Render the demo vault's anonymised summary, as the README shows it.

    python scripts/render_summary.py        # writes docs/summaries/*.png (needs pdftoppm)

A fresh small demo vault of made-up people is built in a throw-away home folder,
dated a fixed day (24 November 2026) so the pages do not change from one run to
the next; its summary for the twelve months before is written as PDF and CSV
through the same service the app and the command line use (leak guard
included), and the first pages of each PDF are rendered to PNG with
``pdftoppm -png -r 80``: all groups, and one group with its (redacted) topics.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "summaries"
TODAY = dt.datetime(2026, 11, 24, 18, 30)
PASSPHRASE = "lantern orchard seventy quietly"


def _isolate(home: Path) -> None:
    os.environ["HOME"] = str(home)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[name] = str(home / name.lower())
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"


def _pngs(pdf: Path, prefix: Path, resolution: int, pages: int) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm (poppler-utils) is needed to render the pages")
    for old in prefix.parent.glob(f"{prefix.name}-*.png"):
        old.unlink()
    command = ["pdftoppm", "-png", "-r", str(resolution), "-l", str(pages)]
    subprocess.run([*command, str(pdf), str(prefix)], check=True)
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--resolution", type=int, default=80)
    parser.add_argument("--pages", type=int, default=2, help="pages of each PDF to render")
    parser.add_argument("--keep", action="store_true", help="keep the PDF and CSV too")
    args = parser.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="facilitator-summary-"))
    _isolate(home)

    from facilitator import app
    from facilitator.services._common import Clock
    from facilitator.services.demo import populate_demo

    clock = Clock.fixed(TODAY)
    opened = app.create_vault(home / "vault", PASSPHRASE, clock)
    try:
        populate_demo(opened.vault, scale="small", seed=0, today=TODAY.date())
        summary = opened.services.summary
        start, end = summary.default_period()
        args.out.mkdir(parents=True, exist_ok=True)
        work = home / "out"
        work.mkdir()
        group = opened.services.roster.find_group("Tuesday Evening Recovery Circle")
        jobs = {"summary-all-groups": None, "summary-one-group": group.id}
        for name, group_id in jobs.items():
            pdf = work / f"{name}.pdf"
            written = summary.export(
                pdf,
                "pdf",
                group_id=group_id,
                start=start,
                end=end,
                include_topics=group_id is not None,
                paper="a4",
            )
            pages = _pngs(pdf, args.out / name, args.resolution, args.pages)
            print(
                f"{name}: {written.pages} pages, {written.hidden_cells} of "
                f"{written.count_cells} counts hidden -> {', '.join(p.name for p in pages)}"
            )
            if args.keep:
                shutil.copy(pdf, args.out / pdf.name)
        csv = work / "summary-all-groups.csv"
        summary.export(csv, "csv", start=start, end=end)
        if args.keep:
            shutil.copy(csv, args.out / csv.name)
    finally:
        opened.lock()
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
