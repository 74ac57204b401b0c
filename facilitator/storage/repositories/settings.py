"""Settings kept inside the vault: plain text keys and values (no names, no notes)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.storage import models as m


class SettingsRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, key: str) -> str | None:
        row = self._s.get(m.Setting, key)
        return row.value if row is not None else None

    def with_prefix(self, prefix: str) -> dict[str, str]:
        """Every setting whose key starts with ``prefix``, by key."""
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self._s.execute(
            select(m.Setting.key, m.Setting.value).where(m.Setting.key.like(pattern, escape="\\"))
        )
        return {key: value for key, value in rows}

    def set_many(self, values: Mapping[str, str | None]) -> None:
        """Write each value; a ``None`` removes that key."""
        for key, value in values.items():
            row = self._s.get(m.Setting, key)
            if value is None:
                if row is not None:
                    self._s.delete(row)
            elif row is None:
                self._s.add(m.Setting(key=key, value=value))
            else:
                row.value = value
        self._s.flush()
