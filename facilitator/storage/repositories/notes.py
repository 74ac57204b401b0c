"""Notes and the full-text index over them (FTS5, inside the encrypted file)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from facilitator.domain import NoteRecord, SearchHit
from facilitator.storage import models as m
from facilitator.storage.repositories import convert
from facilitator.storage.repositories._base import apply_changes, get_or_raise

NOTE_FIELDS = frozenset({"body", "template"})

_SEARCH_SQL = text(
    """
    SELECT n.id, n.session_id, n.member_id, n.created_at,
           snippet(notes_fts, 0, :open, :close, '…', :words) AS snip,
           g.name AS group_name, s.date AS session_date,
           mem.first_name, mem.preferred_name, mem.last_name
    FROM notes_fts
    JOIN notes AS n ON n.id = notes_fts.rowid
    LEFT JOIN sessions AS s ON s.id = n.session_id
    LEFT JOIN groups AS g ON g.id = s.group_id
    LEFT JOIN members AS mem ON mem.id = n.member_id
    WHERE notes_fts MATCH :query
    ORDER BY rank
    LIMIT :limit
    """
)


def _day(value: object) -> dt.date | None:
    """A stored timestamp's day (raw SQL gives the text SQLAlchemy wrote)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and value:
        return dt.datetime.fromisoformat(value).date()
    return None


class NoteRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(
        self,
        body: str,
        *,
        session_id: int | None,
        member_id: int | None,
        template: str = "",
    ) -> NoteRecord:
        if session_id is not None:
            get_or_raise(self._s, m.Session, session_id, "session")
        if member_id is not None:
            get_or_raise(self._s, m.Member, member_id, "member")
        row = m.Note(body=body, session_id=session_id, member_id=member_id, template=template)
        self._s.add(row)
        self._s.flush()
        return convert.note(row)

    def update(self, note_id: int, **changes: Any) -> NoteRecord:
        row = get_or_raise(self._s, m.Note, note_id, "note")
        apply_changes(row, changes, NOTE_FIELDS)
        self._s.flush()
        return convert.note(row)

    def delete(self, note_id: int) -> None:
        self._s.delete(get_or_raise(self._s, m.Note, note_id, "note"))
        self._s.flush()

    def get(self, note_id: int) -> NoteRecord:
        return convert.note(get_or_raise(self._s, m.Note, note_id, "note"))

    def for_session(self, session_id: int) -> list[NoteRecord]:
        rows = self._s.scalars(
            select(m.Note).where(m.Note.session_id == session_id).order_by(m.Note.created_at)
        )
        return [convert.note(r) for r in rows]

    def for_member(self, member_id: int) -> list[NoteRecord]:
        rows = self._s.scalars(
            select(m.Note)
            .where(m.Note.member_id == member_id)
            .order_by(m.Note.created_at.desc(), m.Note.id.desc())
        )
        return [convert.note(r) for r in rows]

    def count(self) -> int:
        return self._s.scalar(select(func.count()).select_from(m.Note)) or 0

    def search(
        self, fts_query: str, *, limit: int, markers: tuple[str, str], words: int = 12
    ) -> list[SearchHit]:
        rows = self._s.execute(
            _SEARCH_SQL,
            {
                "query": fts_query,
                "limit": limit,
                "open": markers[0],
                "close": markers[1],
                "words": words,
            },
        )
        hits = []
        for r in rows:
            first = r.preferred_name or r.first_name or ""
            hits.append(
                SearchHit(
                    note_id=r.id,
                    snippet=r.snip,
                    session_id=r.session_id,
                    member_id=r.member_id,
                    group_name=r.group_name or "",
                    member_name=f"{first} {r.last_name or ''}".strip(),
                    session_date=dt.date.fromisoformat(r.session_date) if r.session_date else None,
                    written=_day(r.created_at),
                )
            )
        return hits
