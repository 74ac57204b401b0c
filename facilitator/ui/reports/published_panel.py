"""The Reports page's "What you have published": every anonymised summary written from
this vault, and clearing that record.

Each new summary is checked against everything listed here, as someone holding all
those files could put them together (see services/ledger.py).  The list shows when
each was written, the period, the groups as printed and the format — never a
number from it.  "Clear the record…" asks first, in plain words: later exports will
no longer be checked against these, and the files already handed over still exist.
Cancel is the default.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.errors import UserFacingError
from facilitator.services.ledger import PublishedEntry
from facilitator.services.summary import PRINTED
from facilitator.ui.kit.dates import date_text, date_time_text
from facilitator.ui.kit.table_model import Column, RowsModel, make_table
from facilitator.ui.plumbing.backend import Backend, full_message

_FORMATS = {"pdf": "PDF", "csv": "CSV"}


class PublishedPanel(QGroupBox):
    """The list of published summaries, newest first, and "Clear the record…"."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        title = self.tr("What you have published")
        self.setTitle(title)
        self.setAccessibleName(title)

        explain = QLabel(
            self.tr(
                "Every anonymised summary written from this vault. Each new summary is "
                "checked against all of these together, as someone holding every file you "
                "handed over could combine them, so that no hidden number can be worked "
                "out. The record holds counts only, never a name, and stays in the "
                "encrypted vault (backups carry it)."
            )
        )
        explain.setWordWrap(True)
        explain.setAccessibleName(self.tr("What this record is"))

        self.model = RowsModel(self._columns(), self)
        self.table = make_table(self.model, self.tr("Summaries published"))
        self.table.setMinimumHeight(self.table.fontMetrics().height() * 8)
        self.empty = QLabel(self.tr("Nothing has been published from this vault yet."))
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName(self.tr("Nothing published"))

        self.clear_button = QPushButton(self.tr("C&lear the record…"))
        self.clear_button.setAccessibleName(self.tr("Clear the record of what was published"))
        self.clear_button.setEnabled(False)
        self.clear_button.clicked.connect(self.clear)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Published record result"))

        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.table.setVisible(False)

    def _columns(self) -> list[Column[PublishedEntry]]:
        return [
            Column(
                self.tr("Written"),
                lambda e: date_time_text(e.publication.made_at),
            ),
            Column(
                self.tr("Period"),
                lambda e: (
                    self.tr("%1 to %2")
                    .replace("%1", date_text(e.publication.start))
                    .replace("%2", date_text(e.publication.end))
                ),
            ),
            Column(
                self.tr("Groups"),
                lambda e: ", ".join(e.publication.group_labels),
                stretch=True,
            ),
            Column(
                self.tr("Format"),
                self._format_text,
                tooltip=self._counts_tip,
            ),
        ]

    def _format_text(self, entry: PublishedEntry) -> str:
        """PDF, CSV, or "Printed" for a summary printed without a file."""
        fmt = entry.publication.format
        return self.tr("Printed") if fmt == PRINTED else _FORMATS.get(fmt, fmt.upper())

    def _counts_tip(self, entry: PublishedEntry) -> str:
        text = self.tr("%1 numbers printed, %2 hidden; counts from 1 to %3 hidden.")
        return (
            text.replace("%1", str(entry.printed))
            .replace("%2", str(entry.hidden))
            .replace("%3", str(entry.publication.k - 1))
        )

    # -- reading -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the record again (when the page is shown, and after an export)."""
        self.backend.call(lambda s: s.ledger.listing(), self._show, context=self)

    def _show(self, entries: list[PublishedEntry]) -> None:
        self.model.set_rows(entries)
        self.table.resizeColumnsToContents()
        self.table.setVisible(bool(entries))
        self.empty.setVisible(not entries)
        self.clear_button.setEnabled(bool(entries))

    @property
    def entries(self) -> list[PublishedEntry]:
        """What the table shows, newest first."""
        rows: list[PublishedEntry] = self.model.rows
        return rows

    # -- clearing ------------------------------------------------------------------------
    def clear(self) -> None:
        """Ask, plainly, then forget every publication."""
        count = len(self.entries)
        if count == 0:
            return
        which = (
            self.tr("Facilitator will forget the summary listed here.")
            if count == 1
            else self.tr("Facilitator will forget the %n summaries listed here.", "", count)
        )
        warning = self.tr(
            "Summaries you export later will no longer be checked against them, so someone "
            "who holds one of these files and a later one may be able to work out a hidden "
            "number.\n\nThe files you already handed over still exist: clearing the record "
            "does not take them back."
        )
        if not self.backend.messages.confirm(
            self,
            self.tr("Clear the record of what you have published?"),
            which + "\n\n" + warning,
            self.tr("Clear the Record"),
        ):
            return
        self.clear_button.setEnabled(False)
        self.backend.call(
            lambda s: s.ledger.clear(), self._cleared, context=self, failed=self._failed
        )

    def _cleared(self, removed: int) -> None:
        self.status.setText(
            self.tr("The record of one published summary was cleared.")
            if removed == 1
            else self.tr("The record of %n published summaries was cleared.", "", removed)
        )
        self.refresh()

    def _failed(self, exc: UserFacingError) -> None:
        self.status.setText(full_message(exc))
        self.clear_button.setEnabled(bool(self.entries))


__all__ = ["PublishedPanel"]
