"""Shared helpers for repositories."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

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
