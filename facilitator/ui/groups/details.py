"""The Details tab of a group: what the group editor holds, read-only (the page's
"Edit group" changes it), and the button to archive or unarchive the group."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain import GroupRecord
from facilitator.services.sheets import printed_title_of
from facilitator.ui.groups.text import schedule_words, time_range_text, tr
from facilitator.ui.groups.widgets import GroupTab
from facilitator.ui.kit.dates import weekday_date_text
from facilitator.ui.kit.printed_title import printed_title_warning
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.widgets import ProblemBox, push_button, set_button_text, value_label
from facilitator.ui.plumbing.backend import Backend


class DetailsTab(GroupTab):
    archived = Signal(object)  # the GroupRecord after (un)archiving

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(backend, privacy, parent)
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, text in (
            ("printed_title", tr("Printed title:")),
            ("description", tr("Description:")),
            ("location", tr("Location:")),
            ("facilitator", tr("Facilitator:")),
            ("schedule", tr("Schedule:")),
            ("start", tr("First meeting:")),
            ("time", tr("Time:")),
            ("members", tr("Members:")),
            ("state", tr("State:")),
        ):
            value = value_label(text.rstrip(":"))
            label = QLabel(text)
            label.setBuddy(value)
            self.values[key] = value
            form.addRow(label, value)
            if key == "printed_title":  # what the sheets' title gives away, if anything
                self.title_warning = ProblemBox(name=tr("About the printed title"))
                form.addRow("", self.title_warning)
        self._form = form
        self.archive_button = push_button(tr("Archive grou&p…"), self.toggle_archived)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.archive_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        privacy.follow(self, self._show)

    def set_group(self, group: GroupRecord | None, *, force: bool = False) -> None:
        super().set_group(group, force=force)
        self._show()

    def _show(self) -> None:
        group = self.group
        none = tr("Not set")
        if group is None:
            for value in self.values.values():
                value.clear()
            self.title_warning.clear()
            self._form.setRowVisible(self.title_warning, False)
            return
        texts = {
            "printed_title": printed_title_of(group),  # what sheets print, never the name
            "description": group.description or none,
            "location": group.location or none,
            "facilitator": self.privacy.name(group.facilitator) if group.facilitator else none,
            "schedule": schedule_words(group.schedule_rule),
            "start": weekday_date_text(group.schedule_start) if group.schedule_start else none,
            "time": time_range_text(group.start_time, group.end_time) or none,
            "members": tr("%n current member(s)", group.member_count),
            "state": tr("Archived: hidden from Today and planning nothing")
            if group.archived
            else tr("Active"),
        }
        for key, text in texts.items():
            self.values[key].setText(text)
        warning = printed_title_warning(texts["printed_title"], group.name)
        self.title_warning.show_problem(warning)
        self._form.setRowVisible(self.title_warning, bool(warning))
        text = tr("Unarchive grou&p") if group.archived else tr("Archive grou&p…")
        set_button_text(self.archive_button, text)

    def toggle_archived(self) -> None:
        group = self.group
        if group is None:
            return
        archive = not group.archived
        if archive:
            question = tr(
                "Archive %1? It leaves the list of groups and Today, and plans no more "
                "sessions. Its roster, sessions and notes are kept, and it can be unarchived."
            ).replace("%1", group.name)
            if not self.backend.messages.confirm(
                self.window(), tr("Archive group"), question, tr("Archive group")
            ):
                return
        group_id = group.id
        self.backend.call(
            lambda s: s.roster.set_archived(group_id, archive),
            self.archived.emit,
            context=self,
        )
