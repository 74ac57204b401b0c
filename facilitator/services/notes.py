"""Session and member notes, templates, and full-text search across them."""

from __future__ import annotations

import re

from facilitator.domain import NoteRecord, SearchHit
from facilitator.domain.text import free_text_lines, text_problem
from facilitator.errors import InvalidInput
from facilitator.storage.repositories import UnitOfWorkFactory

# Templates a note can start from (the key is stored with the note).
TEMPLATES: dict[str, str] = {
    "check-in": (
        "Check-in themes:\n\n"
        "Topics discussed:\n\n"
        "Group dynamics:\n\n"
        "Concerns:\n\n"
        "Follow-ups needed:\n"
    ),
    "member": ("How they seemed:\n\nWhat they shared (in their words):\n\nSupport offered:\n"),
    "incident": ("What happened:\n\nWho was involved:\n\nWhat was done:\n\nNext steps:\n"),
}

MAX_NOTE_LENGTH = 100_000
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """A safe FTS5 query from what a person typed: every word must match, each as a
    prefix ("hous" finds "housing"); quotes and operators are taken literally."""
    words = _WORD.findall(text)
    return " ".join(f'"{w}"*' for w in words)


class NotesService:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    @staticmethod
    def templates() -> dict[str, str]:
        return dict(TEMPLATES)

    def add(
        self,
        body: str,
        *,
        session_id: int | None = None,
        member_id: int | None = None,
        template: str = "",
    ) -> NoteRecord:
        if session_id is None and member_id is None:
            raise InvalidInput("A note belongs to a session or to a member; choose one.")
        if template and template not in TEMPLATES:
            raise InvalidInput("There is no note template by that name; choose one of the list.")
        with self._uow() as uow:
            return uow.notes.add(
                _checked(body), session_id=session_id, member_id=member_id, template=template
            )

    def save(self, note_id: int, body: str) -> NoteRecord:
        with self._uow() as uow:
            return uow.notes.update(note_id, body=_checked(body))

    def delete(self, note_id: int) -> None:
        with self._uow() as uow:
            uow.notes.delete(note_id)

    def note(self, note_id: int) -> NoteRecord:
        with self._uow() as uow:
            return uow.notes.get(note_id)

    def for_session(self, session_id: int) -> list[NoteRecord]:
        with self._uow() as uow:
            return uow.notes.for_session(session_id)

    def for_member(self, member_id: int) -> list[NoteRecord]:
        with self._uow() as uow:
            return uow.notes.for_member(member_id)

    def search(
        self, text: str, *, limit: int = 200, markers: tuple[str, str] = ("[", "]")
    ) -> list[SearchHit]:
        """Notes matching every word typed, best first, with the matches marked."""
        query = fts_query(text)
        if not query:
            return []
        with self._uow() as uow:
            return uow.notes.search(query, limit=limit, markers=markers)


def _checked(body: str) -> str:
    """The note as written (not trimmed: it is the writer's layout), its line breaks LF."""
    problem = text_problem(body, free_text=True)
    if problem is not None:
        raise InvalidInput(f"The note {problem}.")
    body = free_text_lines(body)
    if len(body) > MAX_NOTE_LENGTH:
        raise InvalidInput(f"The note is longer than {MAX_NOTE_LENGTH:,} characters.")
    return body
