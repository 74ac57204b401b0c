"""Forgetting a member (the right to be forgotten).

:meth:`ErasureService.preview` says what forgetting will do; :meth:`ErasureService.forget`
does it, in one transaction:

- their present and late marks become anonymous guests of those sessions (so every
  session's "present + guests", and every summary's attendance total, stays true);
  excused and absent marks are dropped;
- their notes, follow-ups, consents, milestones, memberships and the member are deleted;
- mentions of them in every other free text of the vault — group names, printed titles,
  descriptions, group and session locations, the facilitator of a session or group,
  session topics, notes, follow-ups, other members' notes, consent notes and milestone
  labels (``REDACTED_FIELDS`` of the repository: with its ``NOT_FREE_TEXT`` list, every
  text column of the schema, which a test checks) — are replaced with "[redacted]" by
  one :class:`MentionRedactor` built from their first, last and preferred names, their
  e-mail address and their phone number, and the names, phone numbers and e-mail
  addresses in their own emergency contact.  A name word that other members share ("Sam")
  goes everywhere too; the preview says so.  Another member's emergency contact is
  that member's data and is kept; the preview counts those that name them.
- every redacted text stays one the app accepts: no longer than its field takes (cut,
  with "…", and looked at again), and a group name stays distinct from every other
  group's, ignoring case ("[redacted] Circle (2)").  Redaction never empties a field.
- the preview and the report count the redacted texts by field, never a value.

In the same transaction the note search index is merged into one new b-tree, so no
deleted or changed note leaves its words in an old segment.  After the commit the
database is rebuilt (VACUUM: nothing of a deleted row can survive in a free page or in
a page's unused space; ``secure_delete`` zeroes deleted content already, this is the
belt to its braces) and the write-ahead log emptied (``wal_checkpoint(TRUNCATE)``), so
that no old copy is left in the vault's files.  Backups made before remain as they
are: the app says so.  The log gets one line of counts, never a name.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from facilitator.domain.folding import redaction_fold as fold
from facilitator.domain.records import (
    ErasurePreview,
    ErasureReport,
    FreeText,
    MemberRecord,
)
from facilitator.exports.identifiers import contact_parts
from facilitator.exports.redact import REDACTED, MentionRedactor, name_variants
from facilitator.services._common import SYSTEM_CLOCK, Clock
from facilitator.services.notes import MAX_NOTE_LENGTH
from facilitator.storage.repositories import UnitOfWork, UnitOfWorkFactory
from facilitator.storage.repositories.erasure import REDACTED_FIELDS

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


def redactor_for(member: MemberRecord) -> MentionRedactor:
    """What is redacted of ``member`` in other people's texts: their names, e-mail and
    phone, and their own emergency contact's name words, phones and e-mails (read by the
    identifier model, :func:`~facilitator.exports.identifiers.contact_parts`): "Rosalind
    Achebe (Bridget's mum) rang" identifies Bridget as surely as her own name."""
    _names, contact_phones, contact_emails = contact_parts(member.emergency_contact)
    return MentionRedactor(
        _own_names(member),
        emails=(member.email, *contact_emails),
        phones=(member.phone, *contact_phones),
    )


def _own_names(member: MemberRecord) -> tuple[str, ...]:
    """The names redacted as ``member``'s: theirs and their emergency contact's words."""
    contact_names = contact_parts(member.emergency_contact)[0]
    return (member.first_name, member.last_name, member.preferred_name, *contact_names)


def _spellings(member: MemberRecord) -> dict[str, str]:
    """Each folded name word and part of ``member`` (and of their emergency contact) ->
    how it is written there."""
    spelled: dict[str, str] = {}
    for name in _own_names(member):
        for word in _WORD.findall(name):
            for piece in {word, *re.split(r"['\u2019-]", word)}:
                spelled.setdefault(fold(piece), piece)
    return spelled


def shared_names(member: MemberRecord, others: list[MemberRecord]) -> tuple[tuple[str, int], ...]:
    """The member's name words (and their emergency contact's) that other members also
    have, with how many others: forgetting redacts those words everywhere."""
    redactor = MentionRedactor(_own_names(member))
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
            texts = self._redacted(uow, member_id, redactor)
        return ErasurePreview(
            member=member,
            counts=replace(
                counts,
                texts_redacted=len(texts),
                redacted_fields=field_counts(texts),
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
            texts = self._redacted(uow, member_id, redactor)
            counts = uow.erasure.erase(member_id, texts)
        stored = time.perf_counter()
        cleared = self._clear_traces()
        counts = replace(
            counts,
            redacted_fields=field_counts(texts),
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
        """The other texts that mention the member, each with its redacted text (one the
        app accepts in that field: see the module's description)."""
        limits = {**uow.erasure.limits(), **_APP_LIMITS}
        found = []
        group_names: dict[int, str] = {}
        for item in uow.erasure.free_texts(member_id):
            field = (item.table, item.column)
            if field == GROUP_NAME:
                group_names[item.row_id] = item.text
            new = redact_field(field, item.text, redactor)
            if new != item.text:
                found.append(replace(item, text=fitted(new, limits.get(field), redactor)))
        return distinct_group_names(found, group_names, limits.get(GROUP_NAME), redactor)

    def _clear_traces(self) -> bool:
        """Rebuild the file and empty the write-ahead log."""
        with self._uow() as uow:
            rebuilt = uow.erasure.vacuum()
        with self._uow() as uow:
            return uow.erasure.checkpoint() and rebuilt


GROUP_NAME = ("groups", "name")
JSON_LISTS = frozenset({("ledger_publications", "group_labels")})
"""Fields that hold a JSON list of strings rather than text: the export ledger's group
labels as printed (issue 13; a label is a group's name).  Each string is redacted on its
own and the list written back, so an escape ("\\n") cannot hide a name from the
redactor nor a redaction break the JSON."""
# What the app takes in fields the schema does not bound (the services' checks: notes,
# follow-ups, roster); tests/unit/test_erasure_valid.py saves each redacted text again.
_APP_LIMITS: dict[tuple[str, str], int | None] = {
    ("notes", "body"): MAX_NOTE_LENGTH,
    ("follow_ups", "description"): 2000,
    ("consents", "note"): 500,
}
_CUT = "…"
_FIT_PASSES = 3


def fitted(text: str, limit: int | None, redactor: MentionRedactor) -> str:
    """``text`` (already redacted) cut to ``limit`` characters, with "…", if it grew past
    it ("Al" becomes "[redacted]"); never inside a "[redacted]".  A cut can make a word
    whole that was part of a longer one, so the cut text is redacted again;
    :data:`REDACTED` alone if that never settles."""
    for _ in range(_FIT_PASSES):
        if limit is None or len(text) <= limit:
            return text
        text = redactor.redact(_cut(text, limit - len(_CUT)) + _CUT)
    return text if limit is None or len(text) <= limit else REDACTED


def redact_field(field: tuple[str, str], text: str, redactor: MentionRedactor) -> str:
    """``text`` of ``field`` with the member's mentions redacted (``text`` itself when it
    has none).  A field of :data:`JSON_LISTS` that does not hold a JSON list is redacted
    as plain text."""
    if field in JSON_LISTS:
        try:
            items = json.loads(text)
        except ValueError:
            items = None
        if isinstance(items, list):
            new = [redactor.redact(i) if isinstance(i, str) else i for i in items]
            return text if new == items else json.dumps(new, ensure_ascii=False)
    return redactor.redact(text)


def _cut(text: str, at: int) -> str:
    """``text[:at]``, or shorter so as not to end inside a "[redacted]"."""
    marker = text.find(REDACTED, max(0, at - len(REDACTED) + 1))
    if 0 <= marker < at:
        at = marker
    return text[:at].rstrip()


def _name_key(name: str) -> str:
    """How the app compares group names (GroupRepository.id_by_name)."""
    return " ".join(name.split()).casefold()


def distinct_group_names(
    found: list[FreeText], names: dict[int, str], limit: int | None, redactor: MentionRedactor
) -> list[FreeText]:
    """``found`` with each redacted group name made distinct from every other group's
    name after forgetting, ignoring case as the app does: "Quennell's Circle" and
    "Marchbanks circle" both become "[redacted] Circle", so the second (by id) becomes
    "[redacted] circle (2)".  ``names``: every group's name before (by id); names that
    do not change keep theirs.  A name cut to make room for its number is looked at
    again (the cut may make a name whole): "[redacted] (2)" if it holds a mention."""
    renamed = sorted((i for i in found if (i.table, i.column) == GROUP_NAME), key=_row)
    renamed_ids = {item.row_id for item in renamed}
    taken = {_name_key(name) for gid, name in names.items() if gid not in renamed_ids}
    out: dict[int, str] = {}
    for item in renamed:
        name, n = item.text, 1
        while _name_key(name) in taken:
            n += 1
            suffix = f" ({n})"
            base = item.text
            if limit is not None and len(base) + len(suffix) > limit:
                base = _cut(base, limit - len(suffix))
            if redactor.redact(base) != base:
                base = REDACTED
            name = base + suffix
        taken.add(_name_key(name))
        out[item.row_id] = name
    return [
        replace(i, text=out[i.row_id])
        if i.row_id in out and (i.table, i.column) == GROUP_NAME
        else i
        for i in found
    ]


def _row(item: FreeText) -> int:
    return item.row_id


def field_counts(texts: list[FreeText]) -> tuple[tuple[str, int], ...]:
    """How many of ``texts`` there are in each field ("groups.name"), in the vault's
    order of fields; fields with none left out."""
    counts = Counter(f"{t.table}.{t.column}" for t in texts)
    return tuple((key, counts[key]) for key in FIELD_KEYS if counts[key])


FIELD_KEYS = tuple(f"{table}.{column}" for table, column in REDACTED_FIELDS)
"""Every field forgetting redacts, as ``redacted_fields`` names them."""


def _contacts_naming(redactor: MentionRedactor, others: list[MemberRecord]) -> int:
    return sum(
        1
        for other in others
        if redactor.mentions(other.emergency_contact)
        and redactor.redact(other.emergency_contact) != other.emergency_contact
    )


__all__ = [
    "FIELD_KEYS",
    "ErasureService",
    "VaultCopies",
    "distinct_group_names",
    "field_counts",
    "fitted",
    "redact_field",
    "redactor_for",
    "shared_names",
]
