"""Shared helpers for repositories."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, bindparam
from sqlalchemy.orm import InstrumentedAttribute, Session

from facilitator.errors import NotFound
from facilitator.storage.models import Base

T = TypeVar("T", bound=Base)


def get_or_raise(session: Session, model: type[T], row_id: int, what: str) -> T:
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(f"No {what} with id {row_id} exists in this vault.")
    return row


def apply_changes(row: Base, changes: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)}")
    for key, value in changes.items():
        setattr(row, key, value)


def in_ids(column: InstrumentedAttribute[int], ids: Iterable[int]) -> ColumnElement[bool]:
    """``column IN (1, 2, 3, ...)`` with the ids written into the SQL, not bound one by
    one: binding costs some 6 µs a value through sqlcipher3 (800 ids: 5 ms against
    under 1 ms).  Safe for ids only: each is rendered by ``int()``."""
    values = [int(i) for i in ids]
    return column.in_(bindparam(None, values, expanding=True, literal_execute=True))
