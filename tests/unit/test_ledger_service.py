"""The ledger service: what was published, listed with its hidden counts; clearing it;
and where the ledger travels (backups and restores) and where it does not (the bundle,
forgetting a member)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from facilitator import app
from facilitator.app import OpenVault, Services
from facilitator.domain import MemberRecord
from facilitator.domain.ledger import LedgerCell, Publication

PASSPHRASE = "correct horse battery staple"  # the root ``vault`` fixture's
JAN = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
CELLS = (
    LedgerCell((2,), *JAN, "anonymous_guests", None, 4),
    LedgerCell((2,), *JAN, "attendances", 57, 57),
    LedgerCell((1, 2), *JAN, "unique_participants", 23, 23),
)


def _publication(made_at: dt.datetime, fmt: str = "pdf") -> Publication:
    return Publication(
        id=None,
        made_at=made_at,
        start=JAN[0],
        end=JAN[1],
        group_labels=("All groups", "Group 2"),
        format=fmt,
        k=11,
        cells=CELLS,
    )


def test_the_listing_is_newest_first_with_hidden_and_printed_counts(services: Services) -> None:
    older = services.ledger.record(_publication(dt.datetime(2026, 2, 1, 9, 0)))
    newer = services.ledger.record(_publication(dt.datetime(2026, 3, 1, 9, 0), "csv"))
    assert [p.id for p in services.ledger.published()] == [newer, older]
    listing = services.ledger.listing()
    assert [(e.publication.id, e.publication.format, e.hidden, e.printed) for e in listing] == [
        (newer, "csv", 1, 2),
        (older, "pdf", 1, 2),
    ]
    assert set(services.ledger.cells()) == set(CELLS)


def test_clearing_forgets_every_publication(services: Services) -> None:
    services.ledger.record(_publication(dt.datetime(2026, 2, 1, 9, 0)))
    services.ledger.record(_publication(dt.datetime(2026, 3, 1, 9, 0)))
    assert services.ledger.clear() == 2
    assert services.ledger.published() == []
    assert services.ledger.cells() == []
    assert services.ledger.listing() == []


def test_a_backup_and_its_restore_carry_the_ledger(
    opened: OpenVault, services: Services, tmp_path: Path
) -> None:
    made = services.ledger.record(_publication(dt.datetime(2026, 2, 1, 9, 0)))
    report = opened.backup(tmp_path / "vault.fbk")
    assert report.tables["ledger_publications"] == 1
    assert report.tables["ledger_cells"] == len(CELLS)
    assert report.tables["ledger_publication_cells"] == len(CELLS)

    restored = app.restore(tmp_path / "vault.fbk", tmp_path / "restored", PASSPHRASE)
    assert restored.tables == report.tables
    with app.open_vault(tmp_path / "restored", PASSPHRASE) as again:
        (publication,) = again.services.ledger.published()
        assert publication.id == made
        assert publication.group_labels == ("All groups", "Group 2")
        assert set(again.services.ledger.cells()) == set(CELLS)


def test_the_readable_bundle_does_not_carry_the_ledger(services: Services, tmp_path: Path) -> None:
    services.ledger.record(_publication(dt.datetime(2026, 2, 1, 9, 0)))
    out = tmp_path / "everything.json"
    services.bundle.export_full(out)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert not [key for key in document if "ledger" in key or "publication" in key]
    assert "unique_participants" not in out.read_text(encoding="utf-8")


def test_forgetting_a_member_leaves_the_ledger_alone(
    services: Services, make_member: Callable[..., MemberRecord]
) -> None:
    member = make_member("Ottoline")
    services.ledger.record(_publication(dt.datetime(2026, 2, 1, 9, 0)))
    services.erasure.forget(member.id)
    assert len(services.ledger.published()) == 1
    assert set(services.ledger.cells()) == set(CELLS)
