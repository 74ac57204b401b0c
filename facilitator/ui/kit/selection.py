"""Bring a wanted row into view: the part of "select the wanted row once loaded" that
the Groups, Members and Follow-ups pages share.

A page that is asked to show a record (a navigation target, the one just saved, the
one selected before the list was read again) finds it in its model once the rows
have come, and must then make sure the filters do not hide it: first the words
typed in the filter box, then whatever else the page narrows by (a status, the
archived groups).  Each page then selects the row its own way.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import QLineEdit


def unhidden_row(
    proxy: QSortFilterProxyModel,
    source_row: int,
    typed: QLineEdit,
    *widen: Callable[[], object],
) -> int:
    """The row of ``proxy`` that shows its source model's ``source_row``: if the words
    in ``typed`` hide it they are cleared, then each of ``widen`` is called in turn
    while it is still hidden.  -1 if it is not there (``source_row`` < 0) or stays
    hidden."""
    if source_row < 0:
        return -1
    source = proxy.sourceModel()

    def shown_at() -> int:
        return proxy.mapFromSource(source.index(source_row, 0)).row()

    row = shown_at()
    if row < 0 and typed.text():
        typed.clear()
        row = shown_at()
    for step in widen:
        if row >= 0:
            break
        step()
        row = shown_at()
    return row


__all__ = ["unhidden_row"]
