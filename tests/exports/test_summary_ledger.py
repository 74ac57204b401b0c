"""The export ledger wired into the summary: every export is audited against the
earlier ones and recorded, from the app's service and the command line alike.

The attacker reads the CSV files the service actually wrote (tests/exports/attacker.py).
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from attacker import attack, parse_csv, truth_of

from facilitator.app import OpenVault
from facilitator.errors import InvalidInput
from facilitator.exports.summary_options import SummaryOptions
from facilitator.services import summary as summary_module
from facilitator.services._common import Clock
from facilitator.services.demo import populate_demo
from facilitator.storage.vault import Vault

TODAY = dt.datetime(2026, 11, 24, 18, 30)
START = dt.date(2026, 8, 1)


@pytest.fixture
def demo(vault: Vault) -> OpenVault:
    populate_demo(vault, "small", seed=3, today=TODAY.date())
    return OpenVault(vault, clock=Clock.fixed(TODAY))


def _csv(opened: OpenVault, path: Path, end: dt.date, group_id: int | None = None) -> str:
    opened.services.summary.export(
        path, SummaryOptions(start=START, end=end, group_id=group_id, labels="numbers")
    )
    return path.read_text(encoding="utf-8-sig")


def test_each_export_is_recorded_and_a_shorter_period_is_audited_against_it(
    demo: OpenVault, tmp_path: Path
) -> None:
    second_end = dt.date(2026, 9, 30)
    with demo as opened:
        first = _csv(opened, tmp_path / "aug-oct.csv", dt.date(2026, 10, 31))
        report = opened.services.summary.build(
            SummaryOptions(start=START, end=second_end, labels="numbers")
        )
        second = _csv(opened, tmp_path / "aug-sep.csv", second_end)
        published = opened.services.ledger.published()
        assert [(p.start, p.end, p.format) for p in published] == [
            (START, second_end, "csv"),
            (START, dt.date(2026, 10, 31), "csv"),
        ]
        cells = opened.services.ledger.cells()
    names = {g.id: g.name for g in report.groups if g.id is not None}
    exports = [
        parse_csv(first, START, dt.date(2026, 10, 31), 11),
        parse_csv(second, START, second_end, 11),
    ]
    found = attack(exports, truth_of(cells, names))
    # What the first export already let be narrowed (Aug-Sep = Aug-Oct minus October)
    # cannot be protected by the second; the audit says which, and hides them.  Every
    # other hidden count is safe against both files together.
    given_away = {
        (frozenset({names[g] for g in key[0]}), *key[1:]) for key in report.already_published
    }
    assert [e for e in found if e.key not in given_away] == []


def test_a_re_export_of_the_same_table_prints_the_same_cells(
    demo: OpenVault, tmp_path: Path
) -> None:
    with demo as opened:
        once = _csv(opened, tmp_path / "once.csv", dt.date(2026, 10, 31))
        again = _csv(opened, tmp_path / "again.csv", dt.date(2026, 10, 31))
        assert len(opened.services.ledger.published()) == 2
    assert once == again


def test_a_preview_hides_what_the_export_will(demo: OpenVault, tmp_path: Path) -> None:
    with demo as opened:
        summary = opened.services.summary
        _csv(opened, tmp_path / "aug-oct.csv", dt.date(2026, 10, 31))
        preview = summary.build(
            SummaryOptions(start=START, end=dt.date(2026, 9, 30), labels="numbers")
        )
        written = summary.export(
            tmp_path / "aug-sep.csv",
            SummaryOptions(start=START, end=dt.date(2026, 9, 30), labels="numbers"),
        )
    assert preview.ledger_cells == written.ledger_cells


def test_a_file_that_cannot_be_written_is_not_recorded(
    demo: OpenVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(summary_module, "atomic_write_bytes", full_disk)
    with demo as opened:
        with pytest.raises(InvalidInput):
            opened.services.summary.export(tmp_path / "s.csv", SummaryOptions(start=START))
        assert opened.services.ledger.published() == []


def test_a_record_that_cannot_be_kept_leaves_no_file(
    demo: OpenVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.storage.repositories.ledger import LedgerRepository

    def broken(self: LedgerRepository, publication: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(LedgerRepository, "record", broken)
    target = tmp_path / "s.csv"
    with demo as opened, pytest.raises(OSError):
        opened.services.summary.export(target, SummaryOptions(start=START))
    assert not target.exists()


def test_a_summary_counts_whole_months_that_have_ended(demo: OpenVault) -> None:
    with demo as opened:
        summary = opened.services.summary
        report = summary.build(
            SummaryOptions(start=dt.date(2026, 8, 15), end=dt.date(2026, 10, 20))
        )
        assert (report.start, report.end) == (dt.date(2026, 8, 1), dt.date(2026, 10, 31))
        with pytest.raises(InvalidInput, match="whole months that have ended"):
            summary.build(
                SummaryOptions(start=dt.date(2026, 10, 1), end=dt.date(2026, 11, 10))
            )  # November runs


def test_summaries_that_split_a_month_cannot_be_subtracted(demo: OpenVault, tmp_path: Path) -> None:
    # 15 Aug - 31 Oct, then 1-14 Aug, then 1 Aug - 31 Oct: with days of their own, the
    # first and the last printed all groups' guests 41 and 44, so 1-14 Aug's hidden
    # count was 3 (an independent review found it).  Whole months make them one count.
    periods = [
        (dt.date(2026, 8, 15), dt.date(2026, 10, 31)),
        (dt.date(2026, 8, 1), dt.date(2026, 8, 14)),
        (dt.date(2026, 8, 1), dt.date(2026, 10, 31)),
    ]
    texts, reports = [], []
    with demo as opened:
        summary = opened.services.summary
        for n, (start, end) in enumerate(periods):
            reports.append(summary.build(SummaryOptions(start=start, end=end, labels="numbers")))
            path = tmp_path / f"{n}.csv"
            summary.export(path, SummaryOptions(start=start, end=end, labels="numbers"))
            texts.append(path.read_text(encoding="utf-8-sig"))
        cells = opened.services.ledger.cells()
    names = {g.id: g.name for g in reports[-1].groups if g.id is not None}
    exports = [parse_csv(t, r.start, r.end, 11) for t, r in zip(texts, reports, strict=True)]
    given_away = {
        (frozenset({names[g] for g in key[0]}), *key[1:])
        for report in reports
        for key in report.already_published
    }
    found = attack(exports, truth_of(cells, names))
    assert [e for e in found if e.key not in given_away] == []


class _SpyLock:
    """The export lock, telling when the second export is at its door."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.second_waiting = threading.Event()

    def __enter__(self) -> None:
        if threading.current_thread().name == "second":
            self.second_waiting.set()
        self.inner.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.inner.release()


def test_two_exports_at_the_same_moment_are_audited_one_after_the_other(
    demo: OpenVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two windows export at once: the second must read the ledger after the first has
    recorded in it, else neither is audited against the other.  The first is held in
    its audit until the second is at the export lock (events, no clock)."""
    lock = _SpyLock(threading.Lock())
    monkeypatch.setattr(summary_module, "_PUBLISHING", lock)
    publish = summary_module.publish
    go = threading.Event()
    first_in = threading.Event()
    priors: list[int] = []

    def held(*args: Any, **kwargs: Any) -> Any:
        priors.append(len(kwargs.get("prior") or ()))
        if not first_in.is_set():
            first_in.set()
            assert go.wait(60)
        return publish(*args, **kwargs)

    monkeypatch.setattr(summary_module, "publish", held)
    failures: list[BaseException] = []
    with demo as opened:

        def run(name: str, end: dt.date) -> None:
            try:
                _csv(opened, tmp_path / f"{name}.csv", end)
            except BaseException as exc:  # noqa: BLE001 - reported below
                failures.append(exc)

        first = threading.Thread(target=run, args=("first", dt.date(2026, 10, 31)), name="first")
        second = threading.Thread(target=run, args=("second", dt.date(2026, 9, 30)), name="second")
        first.start()
        assert first_in.wait(60)
        second.start()
        assert lock.second_waiting.wait(60)
        go.set()
        first.join(120)
        second.join(120)
        published = opened.services.ledger.published()
    assert failures == []
    assert len(published) == 2
    assert priors[0] == 0 and priors[1] > 0  # the second was audited against the first


def test_a_summary_exported_again_after_forgetting_does_not_show_what_was_taken_out(
    demo: OpenVault, tmp_path: Path
) -> None:
    """The same months exported before and after forgetting members who came: the
    counts that changed (fewer different people, their marks now anonymous guests)
    are changes of 1 to K-1, protected like small counts — no count printed in both
    files differs by 1 to K-1 (and none that changed is recovered by the attacker
    from the second file and the first together)."""
    end = dt.date(2026, 10, 31)
    with demo as opened:
        before = _csv(opened, tmp_path / "before.csv", end)
        members = [m.id for m in opened.services.roster.members()][:3]
        for member_id in members:
            opened.services.erasure.forget(member_id)
        after = _csv(opened, tmp_path / "after.csv", end)
        cells = opened.services.ledger.cells()
    old = {tuple(r[:3]): r[3] for r in parse_csv(before, START, end, 11).rows}
    new = {tuple(r[:3]): r[3] for r in parse_csv(after, START, end, 11).rows}
    versions: dict[tuple[object, ...], set[int]] = {}
    for cell in cells:
        versions.setdefault(cell.key, set()).add(cell.true_value)
    assert any(len(v) > 1 for v in versions.values())  # forgetting changed counts
    shown = [
        (key, int(old[key]), int(new[key]))
        for key in old.keys() & new.keys()
        if old[key].isdigit() and new[key].isdigit()
    ]
    assert shown  # both files print counts
    assert [(key, a, b) for key, a, b in shown if 0 < abs(a - b) < 11] == []
