"""The performance harness keeps working: one small run of ``python -m benchmarks.run``.

No budget is asserted here (timings belong to the full run, on demand): only that
the one documented command builds its demo vault, measures every operation of the
issue's table, and reports each with a positive median and, where the table names a
floor, a positive floor measured in the same run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Every operation of the table, and whether it has a floor.
OPERATIONS = {
    "process start → unlock window painted": True,
    "unlock (KDF + open + integrity + migrations)": True,
    "main window with Today after unlock": False,
    "Groups: data ready to show": True,
    "Members: data ready to show": True,
    "a group's roster: data ready to show": True,
    "a member's page: data ready to show": True,
    "the check-in screen: data ready to show": True,
    "one check-in mark committed (fsync'd)": True,
    "one-year anonymised summary PDF": True,
    "encryption overhead, whole workload": True,
    "resident memory, the vault open in the app": True,
}


@pytest.mark.slow
def test_a_small_run_reports_every_operation_with_its_floor(tmp_path: Path) -> None:
    out = tmp_path / "numbers.json"
    cache = tmp_path / "cache"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.run",
            "--scale",
            "small",
            "--runs",
            "1",
            "--fast-kdf",
            "--vault",
            str(cache),
            "--json",
            str(out),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]

    found = json.loads(out.read_text(encoding="utf-8"))
    rows = {row["operation"]: row for row in found["rows"]}
    search = [name for name in rows if name.startswith("note search")]
    assert len(search) == 1
    for name, has_floor in {**OPERATIONS, search[0]: True}.items():
        row = rows[name]
        assert row["median"] > 0, name
        assert row["samples"], name
        if has_floor:
            assert row["floor"] is not None and row["floor"] > 0, name
            assert row["ratio"] is not None and row["ratio"] > 0, name
        assert row["met"] in (True, False), name  # every row of the table has a budget
    parts = rows["unlock (KDF + open + integrity + migrations)"]["details"]["parts (median s)"]
    assert set(parts) >= {"KDF", "cipher_integrity_check", "integrity_check"}
    # The table is printed, one line per operation.
    for name in OPERATIONS:
        assert name in result.stdout
    # The demo vault was built in the cache folder and is reused by the next run.
    assert (cache / "benchmark.json").is_file()
    assert (cache / "vault" / "vault.db").is_file()
