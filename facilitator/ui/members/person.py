"""A person's page: who they are, how they have been coming, and what to do for them.

:class:`PersonView` shows one member (``show_member(id)``), read by one service call
in one transaction (:meth:`~facilitator.services.roster.RosterService.person_page`):
a header with the name, pronouns and status (Edit, Archive / Reactivate), then tabs —
an overview (details, groups, consents in force, the attendance grid and its summary
in words), groups, consents, milestones, notes and follow-ups.  Every change is
stored through the backend; the person is then read again (the Backend reports
what changed to the other pages).
While the privacy screen is on the name is shortened and contact details and
notes are hidden.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain import HistoryEntry, MemberRecord, MemberStatus, PersonPage
from facilitator.errors import UserFacingError
from facilitator.ui.editors.member_dialog import MemberDialog, status_text
from facilitator.ui.kit.dates import date_text
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.translate import translate
from facilitator.ui.members.activity import FollowUpsPanel, NotesPanel
from facilitator.ui.members.attendance_grid import WINDOW, AttendanceGrid, summary_text
from facilitator.ui.members.common import PersonPanel, button
from facilitator.ui.members.forget_dialog import ForgetDialog
from facilitator.ui.members.panels import (
    ConsentsPanel,
    GroupsPanel,
    MilestonesPanel,
    consent_kind_text,
)
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import GroupTarget, SessionTarget


def _tr(text: str, n: int = -1) -> str:
    return translate("PersonView", text, n)


def hidden_detail() -> str:
    return _tr("Hidden (privacy screen)")


def _value_label(name: str) -> QLabel:
    label = QLabel()
    label.setAccessibleName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class OverviewPanel(PersonPanel):
    """Details, groups and consents at a glance, and the attendance grid."""

    FIELDS = (
        ("preferred", "Preferred name"),
        ("pronouns", "Pronouns"),
        ("phone", "Phone"),
        ("email", "E-mail"),
        ("emergency", "Emergency contact"),
        ("joined", "Joined"),
        ("status", "Status"),
        ("groups", "Groups"),
        ("consents", "Agreed to"),
        ("notes", "About them"),
    )

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(backend, privacy, parent)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        for key, title in self.FIELDS:
            value = _value_label(_tr(title))
            self.values[key] = value
            form.addRow(_tr(title) + ":", value)
        self.grid = AttendanceGrid()
        self.grid_heading = QLabel(
            _tr("A&ttendance (the last %n session(s) of each group):", WINDOW)
        )
        self.grid_heading.setBuddy(self.grid)
        self.summary = _value_label(_tr("Attendance summary"))
        grid_scroll = QScrollArea()
        grid_scroll.setWidget(self.grid)
        grid_scroll.setWidgetResizable(True)
        grid_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        grid_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        grid_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.grid_scroll = grid_scroll

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addLayout(form)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.grid_heading)
        layout.addWidget(grid_scroll)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        # Out of the way, at the foot of the overview: forgetting someone is rare and final.
        self.forget_button = button(_tr("Forget this person…"), _tr("Forget this person"))
        self.forget_button.setAutoDefault(False)
        forget_row = QHBoxLayout()
        forget_row.addStretch(1)
        forget_row.addWidget(self.forget_button)
        layout.addLayout(forget_row)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        groups = self.values["groups"]
        groups.setTextFormat(Qt.TextFormat.RichText)
        groups.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        groups.linkActivated.connect(self._group_link)

    def title(self) -> str:
        return _tr("Overview")

    def _show_group_links(self, data: PersonPage) -> None:
        """The current groups, each a link to its page."""
        current = sorted(
            (m for m in data.memberships if m.current), key=lambda m: m.group_name.casefold()
        )
        links = [f'<a href="group:{m.group_id}">{html.escape(m.group_name)}</a>' for m in current]
        label = self.values["groups"]
        label.setText(", ".join(links) or html.escape(_tr("None at the moment")))
        label.setAccessibleDescription(", ".join(m.group_name for m in current))

    def _group_link(self, link: str) -> None:
        kind, _, number = link.partition(":")
        if kind == "group" and number.isdigit():
            self.navigate.emit(GroupTarget(int(number)))

    def show_data(self, data: PersonPage) -> None:
        self.grid.set_history(data.history)
        self.grid_scroll.setFixedHeight(self.grid.sizeHint().height() + 4)
        super().show_data(data)

    def redraw(self) -> None:
        data = self.data
        if data is None:
            return
        member = data.member
        hidden = self.privacy.on
        none = _tr("Not recorded")
        consents = sorted({c.kind for c in data.consents if c.in_force}, key=str)
        texts = {
            "preferred": member.preferred_name or none,
            "pronouns": member.pronouns or none,
            "phone": hidden_detail() if hidden else (member.phone or none),
            "email": hidden_detail() if hidden else (member.email or none),
            "emergency": hidden_detail() if hidden else (member.emergency_contact or none),
            "joined": date_text(member.date_joined) if member.date_joined else none,
            "status": status_text(member.status),
            "groups": "",  # links, below
            "consents": ", ".join(consent_kind_text(k) for k in consents) or _tr("Nothing yet"),
            "notes": self.privacy.note(member.notes) if member.notes else none,
        }
        for key, text in texts.items():
            if key != "groups":
                self.values[key].setText(text)
        self._show_group_links(data)
        self.summary.setText(summary_text(data.history))


class PersonView(QWidget):
    """One member's page; see the module's description."""

    navigate = Signal(object)  # a facilitator.ui.plumbing.navigation target
    loaded = Signal(object)  # PersonPage, each time the person has been read
    forgotten = Signal()  # the person was forgotten: the list they were chosen from is stale

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.privacy = privacy
        self.data: PersonPage | None = None
        self.member_id: int | None = None
        self.editor: MemberDialog | None = None
        self.forgetter: ForgetDialog | None = None
        self._build()
        privacy.changed.connect(lambda _on: self.redraw())
        self.show_nothing()

    def _build(self) -> None:
        header = self._build_header()
        self._build_tabs()
        person = QWidget()
        layout = QVBoxLayout(person)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        self.message = QLabel()
        self.message.setAccessibleName(_tr("No person shown"))
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(person)
        self._person = person
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

    def _build_header(self) -> QHBoxLayout:
        self.name = QLabel()
        self.name.setAccessibleName(_tr("Name"))
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        font = self.name.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.4)
        elif font.pixelSize() > 0:
            font.setPixelSize(round(font.pixelSize() * 1.4))
        font.setBold(True)
        self.name.setFont(font)
        self.byline = QLabel()
        self.byline.setAccessibleName(_tr("Pronouns and status"))
        self.byline.setTextFormat(Qt.TextFormat.PlainText)
        self.edit_button = button(_tr("Chan&ge details…"), _tr("Edit this person's details"))
        self.archive_button = button(_tr("&Archive…"), _tr("Archive this person"))
        self.edit_button.clicked.connect(self.edit)
        self.archive_button.clicked.connect(self.toggle_archived)
        header = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.name)
        names.addWidget(self.byline)
        header.addLayout(names, 1)
        header.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.archive_button, 0, Qt.AlignmentFlag.AlignTop)
        return header

    def _build_tabs(self) -> None:
        self.overview = OverviewPanel(self.backend, self.privacy)
        self.groups = GroupsPanel(self.backend, self.privacy)
        self.consents = ConsentsPanel(self.backend, self.privacy)
        self.milestones = MilestonesPanel(self.backend, self.privacy)
        self.notes = NotesPanel(self.backend, self.privacy)
        self.follow_ups = FollowUpsPanel(self.backend, self.privacy)
        self.panels: list[PersonPanel] = [
            self.overview,
            self.groups,
            self.consents,
            self.milestones,
            self.notes,
            self.follow_ups,
        ]
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_tr("About this person"))
        self.tabs.setUsesScrollButtons(True)
        for panel in self.panels:
            self.tabs.addTab(panel, panel.title())
            panel.acted.connect(self._acted)
            panel.navigate.connect(self.navigate)
        self.overview.grid.open_session.connect(self._open_session)
        self.overview.forget_button.clicked.connect(self.forget)

    # -- what is shown ------------------------------------------------------------------
    def show_nothing(self, text: str = "") -> None:
        self.backend.drop("load", context=self)  # a person on their way is not wanted now
        self.member_id = None
        self.data = None
        self.notes.show_nothing()
        self.message.setText(text or _tr("Choose a person from the list to see their page."))
        self.stack.setCurrentWidget(self.message)

    def show_member(self, member_id: int) -> None:
        """Read the person (off the GUI thread) and show them."""
        if member_id != self.member_id:
            self.member_id = member_id
            self.data = None
            self.message.setText(_tr("Loading…"))
            self.stack.setCurrentWidget(self.message)
        # Another person chosen meanwhile: only the newest one asked for is shown.
        self.backend.latest(
            "load",
            lambda s: s.roster.person_page(member_id),
            self._show,
            context=self,
            failed=self._failed,
        )

    def reload(self) -> None:
        if self.member_id is not None:
            self.show_member(self.member_id)

    def _failed(self, error: UserFacingError) -> None:
        self.show_nothing(error.message)

    def _show(self, data: PersonPage) -> None:
        self.data = data
        for panel in self.panels:
            panel.show_data(data)
        self.redraw()
        self.stack.setCurrentWidget(self._person)
        self.loaded.emit(data)

    def redraw(self) -> None:
        data = self.data
        if data is None:
            return
        member = data.member
        self.name.setText(self.privacy.member(member))
        self.byline.setText(self._byline(member))
        archived = member.status == MemberStatus.LEFT
        self.archive_button.setText(_tr("&Reactivate…") if archived else _tr("&Archive…"))
        self.archive_button.setAccessibleName(
            _tr("Reactivate this person") if archived else _tr("Archive this person")
        )
        for index, panel in enumerate(self.panels):
            panel.redraw()
            self.tabs.setTabText(index, panel.title())

    def _byline(self, member: MemberRecord) -> str:
        parts = [member.pronouns] if member.pronouns else []
        parts.append(status_text(member.status))
        return " \N{MIDDLE DOT} ".join(parts)

    def flush(self) -> None:
        self.notes.flush()

    # -- changes -------------------------------------------------------------------------
    def _acted(self) -> None:
        self.reload()

    def edit(self) -> None:
        if self.data is None:
            return
        dialog = MemberDialog(self.backend, self.privacy, self.window(), member=self.data.member)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _member: self._acted())
        self.editor = dialog
        dialog.open()

    def toggle_archived(self) -> None:
        if self.data is None:
            return
        member = self.data.member
        name = self.privacy.member(member)
        if member.status == MemberStatus.LEFT:
            title, action, status = _tr("Reactivate?"), _tr("Reactivate"), MemberStatus.ACTIVE
            text = _tr("Reactivate %1? They show on their groups' check-in lists again.")
        else:
            title, action, status = _tr("Archive?"), _tr("Archive"), MemberStatus.LEFT
            text = _tr(
                "Archive %1? They no longer show on check-in lists or in the list of "
                "current members. Nothing is deleted, and they can be reactivated."
            )
        if not self.backend.messages.confirm(
            self.window(), title, text.replace("%1", name), action
        ):
            return
        member_id = member.id
        self.backend.call(
            lambda s: s.roster.set_status(member_id, status),
            lambda _member: self._acted(),
            context=self,
        )

    def forget(self) -> None:
        """Ask (ForgetDialog), forget the person, then show the list without them."""
        if self.data is None:
            return
        dialog = ForgetDialog(self.backend, self.privacy, self.data.member, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.forgotten.connect(lambda _report: self._forgotten())
        self.forgetter = dialog
        dialog.open()

    def _forgotten(self) -> None:
        self.show_nothing(_tr("The person has been forgotten."))
        self.forgotten.emit()

    def _open_session(self, entry: HistoryEntry) -> None:
        self.navigate.emit(SessionTarget(entry.group_id, entry.date, entry.session_id))
