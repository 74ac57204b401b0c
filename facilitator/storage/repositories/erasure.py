"""Forgetting a member: the rows about them, their attendance turned into guest counts,
the free texts that may mention them, and the clean-up that leaves no old copy behind.

Which words in a text are a mention is the service's business (it uses
:mod:`facilitator.exports.redact`); this module reads and writes rows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import InstrumentedAttribute, Session

from facilitator.domain.records import ErasureCounts, FreeText
from facilitator.storage import commit_record
from facilitator.storage import models as m
from facilitator.storage.repositories._base import get_or_raise

log = logging.getLogger(__name__)

_PRESENT = ("present", "late")
_DROPPED = ("excused", "absent")

# Every free-text field of the vault, which may mention another person: (table, column)
# -> the row's id, the text, and the member it belongs to (whose own texts are deleted,
# not redacted).  Together with NOT_FREE_TEXT this is every text column of the schema
# (tests/storage/test_erasure_pages.py enumerates the live database to make sure).
_Column = InstrumentedAttribute[Any]
REDACTED_FIELDS: dict[tuple[str, str], tuple[_Column, _Column, _Column | None]] = {
    ("groups", "name"): (m.Group.id, m.Group.name, None),
    ("groups", "printed_title"): (m.Group.id, m.Group.printed_title, None),
    ("groups", "description"): (m.Group.id, m.Group.description, None),
    ("groups", "location"): (m.Group.id, m.Group.location, None),
    ("groups", "facilitator"): (m.Group.id, m.Group.facilitator, None),
    ("sessions", "location"): (m.Session.id, m.Session.location, None),
    ("sessions", "topic"): (m.Session.id, m.Session.topic, None),
    ("sessions", "facilitator"): (m.Session.id, m.Session.facilitator, None),
    ("notes", "body"): (m.Note.id, m.Note.body, m.Note.member_id),
    ("follow_ups", "description"): (m.FollowUp.id, m.FollowUp.description, m.FollowUp.member_id),
    ("members", "notes"): (m.Member.id, m.Member.notes, m.Member.id),
    ("consents", "note"): (m.Consent.id, m.Consent.note, m.Consent.member_id),
    ("milestones", "label"): (m.Milestone.id, m.Milestone.label, m.Milestone.member_id),
    # The export ledger's groups as printed: a JSON list of labels (a label can be a
    # group's name), redacted label by label (services/erasure.py, JSON_LISTS).
    ("ledger_publications", "group_labels"): (
        m.LedgerPublication.id,
        m.LedgerPublication.group_labels,
        None,
    ),
}
_SEARCH_INDEX = (
    "the note search index: it follows notes.body by its triggers and is merged into one "
    "new b-tree when a member is forgotten, so it keeps no word of a changed note"
)
_THEIR_IDENTITY = (
    "another member's own identity, kept as it is: redacting a shared name word here "
    "would rename that member (the preview names the shared words instead)"
)
NOT_FREE_TEXT: dict[tuple[str, str], str] = {
    ("groups", "schedule_rule"): "an RFC 5545 recurrence rule, checked by validate_rule",
    ("members", "first_name"): _THEIR_IDENTITY,
    ("members", "last_name"): _THEIR_IDENTITY,
    ("members", "preferred_name"): _THEIR_IDENTITY,
    ("members", "pronouns"): _THEIR_IDENTITY,
    ("members", "phone"): _THEIR_IDENTITY,
    ("members", "email"): _THEIR_IDENTITY,
    ("members", "emergency_contact"): (
        "another member's emergency contact is that member's information: kept, and the "
        "preview and report count those that name the person so it can be changed there"
    ),
    ("members", "status"): "one of active, inactive, left (a CHECK constraint)",
    ("consents", "kind"): "a ConsentKind value",
    ("attendance", "status"): "one of present, late, excused, absent (a CHECK constraint)",
    ("notes", "template"): "the name of one of the app's note templates (checked on add)",
    ("follow_ups", "priority"): "one of low, normal, high (a CHECK constraint)",
    ("settings", "key"): "the app's own setting names",
    ("settings", "value"): (
        "the app's own settings: flags, numbers, times and the backup folder's path — "
        "nothing typed about a person (and a rewritten path would move the backups)"
    ),
    ("alembic_version", "version_num"): "the schema's revision",
    ("ledger_publications", "format"): "pdf or csv",
    ("ledger_cells", "groups"): "group ids, comma-separated",
    ("ledger_cells", "measure"): "one of the summary's measure names",
    ("notes_fts", "body"): _SEARCH_INDEX,
    ("notes_fts_idx", "segid"): _SEARCH_INDEX,
    ("notes_fts_idx", "term"): _SEARCH_INDEX,
    ("notes_fts_idx", "pgno"): _SEARCH_INDEX,
    ("notes_fts_config", "k"): _SEARCH_INDEX,
    ("notes_fts_config", "v"): _SEARCH_INDEX,
}
_FTS_SECURE_DELETE = "INSERT INTO notes_fts(notes_fts, rank) VALUES ('secure-delete', :on)"
_BUSY_RETRIES = 3
_BUSY_WAIT_MS = 1000  # how long each try of a checkpoint waits for readers to finish


class ErasureRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    # -- what there is -------------------------------------------------------------------
    def counts(self, member_id: int) -> ErasureCounts:
        """How many rows about the member there are (NotFound if there is no such member)."""
        get_or_raise(self._s, m.Member, member_id, "member")

        def count(model: Any, *where: Any) -> int:
            query = select(func.count()).select_from(model).where(model.member_id == member_id)
            return self._s.scalar(query.where(*where)) or 0

        groups = self._s.scalar(
            select(func.count(func.distinct(m.Membership.group_id))).where(
                m.Membership.member_id == member_id
            )
        )
        return ErasureCounts(
            notes=count(m.Note),
            follow_ups=count(m.FollowUp),
            consents=count(m.Consent),
            milestones=count(m.Milestone),
            groups=groups or 0,
            marks_to_guests=count(m.Attendance, m.Attendance.status.in_(_PRESENT)),
            marks_dropped=count(m.Attendance, m.Attendance.status.in_(_DROPPED)),
        )

    def free_texts(self, member_id: int) -> Iterator[FreeText]:
        """Every non-empty free text that is not the member's own (and so stays), by field."""
        for (table, column), (row_id, field, owner) in REDACTED_FIELDS.items():
            where = field != ""
            if owner is not None:  # not the member's own (those are deleted)
                where = and_(where, or_(owner.is_(None), owner != member_id))
            for found, value in self._s.execute(select(row_id, field).where(where)):
                yield FreeText(table, column, found, value)

    @staticmethod
    def limits() -> dict[tuple[str, str], int | None]:
        """The longest text each redacted field takes (None: no limit), from the schema: a
        redacted text may not grow past what the app lets a person type there."""
        return {
            key: getattr(field.type, "length", None)
            for key, (_id, field, _owner) in REDACTED_FIELDS.items()
        }

    # -- forgetting ----------------------------------------------------------------------
    def erase(self, member_id: int, rewritten: Iterable[FreeText]) -> ErasureCounts:
        """In the current transaction: turn their present / late marks into anonymous
        guests of those sessions, drop the other marks, delete their notes, follow-ups,
        consents, milestones, memberships and the member, store each of ``rewritten``
        (a note keeps its "last changed" time), and compact the note search index.
        Returns what there was (``texts_redacted``: how many texts were stored)."""
        counts = self.counts(member_id)
        # The index's own secure-delete rewrites every doclist a deleted note's words are
        # in (0.1 s a note on the large vault); off while the index is merged into one
        # new b-tree instead, in this same transaction: the old pages are freed (and
        # zeroed by secure_delete) with no deleted word left in any of them.
        self._s.execute(text(_FTS_SECURE_DELETE), {"on": 0})
        attended = select(m.Attendance.session_id).where(
            m.Attendance.member_id == member_id, m.Attendance.status.in_(_PRESENT)
        )
        self._s.execute(
            update(m.Session)
            .where(m.Session.id.in_(attended))
            .values(guest_count=m.Session.guest_count + 1)
            .execution_options(synchronize_session=False)
        )
        for model in (m.Attendance, m.Note, m.FollowUp, m.Consent, m.Milestone, m.Membership):
            self._s.execute(
                delete(model)
                .where(model.member_id == member_id)
                .execution_options(synchronize_session=False)
            )
        self._s.execute(
            delete(m.Member)
            .where(m.Member.id == member_id)
            .execution_options(synchronize_session=False)
        )
        self._s.expunge_all()  # rows loaded before the deletes must not be written back
        written = self._rewrite(rewritten)
        self._s.execute(text("INSERT INTO notes_fts(notes_fts) VALUES ('optimize')"))
        self._s.execute(text(_FTS_SECURE_DELETE), {"on": 1})
        return replace(counts, texts_redacted=written)

    def _rewrite(self, texts: Iterable[FreeText]) -> int:
        written = 0
        for item in texts:
            row_id, field, _owner = REDACTED_FIELDS[(item.table, item.column)]
            values: dict[Any, Any] = {field: item.text}
            if field is m.Note.body:
                values[m.Note.updated_at] = m.Note.updated_at
            self._s.execute(
                update(row_id.class_)
                .where(row_id == item.row_id)
                .values(values)
                .execution_options(synchronize_session=False)
            )
            written += 1
        return written

    # -- leaving no trace ----------------------------------------------------------------
    def vacuum(self) -> bool:
        """Rebuild the database file, so that nothing of a deleted row can survive in a
        free page or in the unused space of a page.  Runs outside a transaction; False
        if the vault was too busy (or too full) for it."""
        try:
            self._s.execute(text("VACUUM"))
        except DBAPIError as exc:
            log.warning("could not rebuild the vault: %s", type(exc.orig).__name__)
            return False
        return True

    def checkpoint(self) -> bool:
        """Copy the write-ahead log into the database and empty it (marked in the commit
        record while it writes into the database: commit_record.checkpoint).  While
        another connection is reading it cannot: each try waits up to ``_BUSY_WAIT_MS``
        for it to finish.  False if it stayed busy."""
        connection = self._s.connection()
        waited = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(_BUSY_WAIT_MS)}")
        try:
            for attempt in range(_BUSY_RETRIES):
                busy, frames, done = commit_record.checkpoint(connection)
                if not busy and frames == done:
                    return True
                log.info("checkpoint busy (try %d): %d of %d frames", attempt + 1, done, frames)
        except DBAPIError as exc:
            log.warning("could not checkpoint: %s", type(exc.orig).__name__)
            return False
        finally:
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(waited or 0)}")
        return False
