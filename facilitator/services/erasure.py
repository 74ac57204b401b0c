"""Forgetting a member (the right to be forgotten).

:meth:`ErasureService.preview` says what forgetting will do; :meth:`ErasureService.forget`
does it, in one transaction:

- their present and late marks become anonymous guests of those sessions (so every
  session's "present + guests", and every summary's attendance total, stays true);
  excused and absent marks are dropped;
- their notes, follow-ups, consents, milestones, memberships and the member are deleted;
- mentions of them in every other free text — notes, follow-ups, session topics, the
  facilitator of a session or group, group descriptions, other members' notes, consent
  notes and milestone labels — are replaced with "[redacted]": their first, last and
  preferred names as whole words (case and accents ignored, possessives, hyphen parts),
  their e-mail address and their phone number.  A name word that other members share
  ("Sam") goes everywhere too; the preview says so.  Another member's emergency contact
  is that member's data and is kept; the preview counts those that name them.

In the same transaction the note search index is merged into one new b-tree, so no
deleted or changed note leaves its words in an old segment.  After the commit the
database is rebuilt (VACUUM: nothing of a deleted row can survive in a free page or in
a page's unused space; ``secure_delete`` zeroes deleted content already, this is the
belt to its braces) and the write-ahead log emptied (``wal_checkpoint(TRUNCATE)``), so
that no old copy is left in the vault's files.  Backups made before remain as they
are: the app says so.  The log gets one line of counts, never a name.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from facilitator.domain.records import (
    ErasurePreview,
    ErasureReport,
    FreeText,
    MemberRecord,
)
from facilitator.exports.redact import MentionRedactor, fold, name_variants
from facilitator.services._common import SYSTEM_CLOCK, Clock
from facilitator.storage.repositories import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


def redactor_for(member: MemberRecord) -> MentionRedactor:
    """What is redacted of ``member`` in other people's texts."""
    return MentionRedactor(
        (member.first_name, member.last_name, member.preferred_name),
        emails=(member.email,),
        phones=(member.phone,),
    )


def _spellings(member: MemberRecord) -> dict[str, str]:
    """Each folded name word and part of ``member`` -> how it is written in their name."""
    spelled: dict[str, str] = {}
    for name in (member.first_name, member.last_name, member.preferred_name):
        for word in _WORD.findall(name):
            for piece in {word, *re.split(r"['\u2019-]", word)}:
                spelled.setdefault(fold(piece), piece)
    return spelled


def shared_names(member: MemberRecord, others: list[MemberRecord]) -> tuple[tuple[str, int], ...]:
    """The member's name words that other members also have, with how many others."""
    redactor = MentionRedactor((member.first_name, member.last_name, member.preferred_name))
    mine = redactor.names
    counts: dict[str, int] = {}
    for other in others:
        names = (other.first_name, other.last_name, other.preferred_name)
        if not redactor.mentions(" ".join(names)):
            continue
        theirs: set[str] = set()
        for name in names:
            theirs |= name_variants(name)
        for word in mine & theirs:
            counts[word] = counts.get(word, 0) + 1
    spelled = _spellings(member)
    return tuple(
        sorted(((spelled.get(w, w), n) for w, n in counts.items()), key=lambda p: p[0].casefold())
    )


class VaultCopies(Protocol):
    """The vault's own files beside its database that hold everything it held: the
    encrypted copies kept before schema upgrades (given by the composition root)."""

    def migration_copies(self) -> list[Path]: ...

    def remove_migration_copies(self) -> int: ...


class ErasureService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock = SYSTEM_CLOCK,
        copies: VaultCopies | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._copies = copies

    def preview(self, member_id: int) -> ErasurePreview:
        """What :meth:`forget` would do now (NotFound if there is no such member)."""
        with self._uow() as uow:
            counts = uow.erasure.counts(member_id)
            member = uow.members.get(member_id)
            redactor = redactor_for(member)
            others = [o for o in uow.members.all() if o.id != member_id]
            texts = len(self._redacted(uow, member_id, redactor))
        return ErasurePreview(
            member=member,
            counts=replace(
                counts,
                texts_redacted=texts,
                emergency_contacts_kept=_contacts_naming(redactor, others),
                vault_copies=len(self._copies.migration_copies()) if self._copies else 0,
            ),
            shared_names=shared_names(member, others),
        )

    def forget(self, member_id: int) -> ErasureReport:
        """Forget the member for good (see the module's description)."""
        started = time.perf_counter()
        with self._uow() as uow:
            member = uow.members.get(member_id)
            redactor = redactor_for(member)
            others = [o for o in uow.members.all() if o.id != member_id]
            counts = uow.erasure.erase(member_id, self._redacted(uow, member_id, redactor))
        stored = time.perf_counter()
        cleared = self._clear_traces()
        counts = replace(
            counts,
            emergency_contacts_kept=_contacts_naming(redactor, others),
            vault_copies=self._copies.remove_migration_copies() if self._copies else 0,
        )
        log.info(
            "a member was forgotten: %d notes, %d follow-ups, %d consents, %d milestones, "
            "%d groups, %d marks made guests, %d marks dropped, %d texts redacted, "
            "%d emergency contacts kept, %d vault copies removed; traces cleared: %s "
            "(%.2f s + %.2f s)",
            counts.notes,
            counts.follow_ups,
            counts.consents,
            counts.milestones,
            counts.groups,
            counts.marks_to_guests,
            counts.marks_dropped,
            counts.texts_redacted,
            counts.emergency_contacts_kept,
            counts.vault_copies,
            cleared,
            stored - started,
            time.perf_counter() - stored,
        )
        return ErasureReport(counts=counts, traces_cleared=cleared)

    @staticmethod
    def _redacted(uow: UnitOfWork, member_id: int, redactor: MentionRedactor) -> list[FreeText]:
        """The other texts that mention the member, each with its redacted text."""
        found = []
        for item in uow.erasure.free_texts(member_id):
            new = redactor.redact(item.text)
            if new != item.text:
                found.append(replace(item, text=new))
        return found

    def _clear_traces(self) -> bool:
        """Rebuild the file and empty the write-ahead log."""
        with self._uow() as uow:
            rebuilt = uow.erasure.vacuum()
        with self._uow() as uow:
            return uow.erasure.checkpoint() and rebuilt


def _contacts_naming(redactor: MentionRedactor, others: list[MemberRecord]) -> int:
    return sum(
        1
        for other in others
        if redactor.mentions(other.emergency_contact) and redactor.spans(other.emergency_contact)
    )


__all__ = ["ErasureService", "VaultCopies", "redactor_for", "shared_names"]
