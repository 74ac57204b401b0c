"""Forgetting a member also deletes the copies of the vault kept before schema upgrades:
they sit in the vault folder and hold the person as the vault did before."""

from __future__ import annotations

from pathlib import Path

from facilitator.app import OpenVault, Services
from facilitator.ui.members.forget_dialog import preview_lines

COPIES = ("pre-migration-0001-20261101-120000.db", "pre-migration-0001-20261101-120000-2.db")
NOT_OURS = ("pre-migration-notes.txt", "my-vault-notes.db", "pre-migration-0002")


def _fill(folder: Path) -> None:
    for name in (*COPIES, *NOT_OURS):
        (folder / name).write_bytes(b"encrypted bytes that still hold the person")


def test_forget_deletes_the_pre_migration_copies_and_nothing_else(
    opened: OpenVault, services: Services, make_member
) -> None:
    folder = opened.folder
    _fill(folder)
    member = make_member("Quennell", last_name="Marchbanks")

    preview = services.erasure.preview(member.id)
    assert preview.counts.vault_copies == 2
    lines = preview_lines(preview)
    assert any(line.startswith("2 cop") and "of the vault" in line for line in lines)
    assert all((folder / name).exists() for name in COPIES)  # a preview deletes nothing

    report = services.erasure.forget(member.id)

    assert report.counts.vault_copies == 2
    assert not any((folder / name).exists() for name in COPIES)
    assert all((folder / name).exists() for name in NOT_OURS)
    assert opened.vault.files.db.exists()


def test_without_copies_nothing_is_said_about_them(
    opened: OpenVault, services: Services, make_member
) -> None:
    member = make_member("Ottoline")
    preview = services.erasure.preview(member.id)
    assert preview.counts.vault_copies == 0
    assert not any("of the vault" in line for line in preview_lines(preview))
    assert services.erasure.forget(member.id).counts.vault_copies == 0
