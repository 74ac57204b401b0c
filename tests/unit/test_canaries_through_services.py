"""What a facilitator writes through the services never reaches the disk in clear."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from facilitator.app import OpenVault
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.services.schedule import weekly_rule
from facilitator.storage.vault import Vault

CANARIES = (
    "Quillfeather",
    "Marmaduke",
    "+44 7700 900417",
    "marmaduke.q@example.org",
    "relapsed after the funeral of xylophonist",
    "housing referral for zanzibarite",
)


def _leaks(folder: Path) -> list[str]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = path.read_bytes().lower()
        for canary in CANARIES:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                if canary.lower().encode(encoding) in raw:
                    found.append(f"{path.name}: {canary!r} ({encoding})")
    return found


def test_names_notes_and_phones_written_through_services_are_not_on_disk(
    vault: Vault, vault_dir: Path
) -> None:
    opened = OpenVault(vault)
    s = opened.services
    group = s.roster.create_group(
        GroupDraft(
            name="Tuesday Circle", schedule_rule=weekly_rule(1), schedule_start=dt.date(2026, 1, 6)
        )
    )
    member = s.roster.add_member(
        MemberDraft(
            first_name=CANARIES[1], last_name=CANARIES[0], phone=CANARIES[2], email=CANARIES[3]
        ),
        group_id=group.id,
    )
    session = s.schedule.open_session(group.id)
    s.attendance.check_in(session.id or 0, member.id)
    s.notes.add(f"Shared that they {CANARIES[4]}.", session_id=session.id)
    s.follow_ups.add(f"Call about the {CANARIES[5]}", member_id=member.id)
    # The data is really there (so the scan below is not vacuous) ...
    assert [h.note_id for h in s.notes.search("xylophonist")]
    assert s.roster.members(search="quillfeather")[0].phone == CANARIES[2]
    # ... while open (database + WAL) and after locking, no file holds it in clear.
    assert _leaks(vault_dir) == []
    opened.lock()
    assert _leaks(vault_dir) == []


def test_the_scan_can_fail(tmp_path: Path) -> None:
    (tmp_path / "plain.txt").write_text(f"note: {CANARIES[0]}", encoding="utf-16-le")
    assert f"plain.txt: {CANARIES[0]!r} (utf-16-le)" in _leaks(tmp_path)
