"""The Today page: a :class:`~facilitator.domain.TodayDigest` shown as readable sections.

The page only ever sees the digest (plain records): ``show_digest(digest)``
fills it, and :meth:`TodayPage.activate` asks the backend for a fresh one.
Every row leads somewhere (double-click or Enter): a session to its check-in
screen, a follow-up to the follow-ups list, a person to their page; today's sessions
also carry a Check in button.  A new vault's page starts with the first-steps
checklist (:mod:`facilitator.ui.today.first_steps`).  Tab follows the screen.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from facilitator.domain import (
    OutreachSuggestion,
    SessionRecord,
    TodayDigest,
    UpcomingMilestone,
)
from facilitator.domain.changes import EVERYTHING, Change
from facilitator.domain.enums import ConsentKind
from facilitator.ui.kit.dates import day_text, locale_long_date_text
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.translate import translate
from facilitator.ui.kit.words import overdue_text, priority_text, time_text
from facilitator.ui.plumbing.backend import Backend
from facilitator.ui.plumbing.navigation import FollowUpTarget, MemberTarget, SessionTarget, Target
from facilitator.ui.plumbing.page import Page
from facilitator.ui.today.first_steps import FirstStepsPanel
from facilitator.ui.today.sections import Section, SectionSpec

TWO_COLUMNS_FROM = 1400  # page width (px) from which the sections sit in two columns
# (1100 cut off group names and places in two 540-px columns of a 1280-px window)


def _tr(text: str, n: int = -1) -> str:
    """Translate; with ``n``, ``%n`` becomes the number.  The English source marks its
    plural with "(s)": without a translation it is resolved here, for English."""
    return translate("Today", text, n)


# -- words for the records' values ---------------------------------------------
def session_state(session: SessionRecord) -> str:
    if session.cancelled:
        return _tr("Cancelled")
    if session.planned:
        return _tr("Planned")
    if session.marked_count or session.guest_count:
        return _tr("%n attended", session.attendance_total)
    return _tr("Opened")


def channel_text(channels: Sequence[ConsentKind]) -> str:
    names = {
        ConsentKind.CONTACT_PHONE: _tr("Phone call"),
        ConsentKind.CONTACT_TEXT: _tr("Text message"),
        ConsentKind.CONTACT_EMAIL: _tr("E-mail"),
    }
    return ", ".join(names.get(c, str(c)) for c in channels)


def outreach_groups(suggestion: OutreachSuggestion) -> str:
    """The group missed worst, and how many others were missed too."""
    others = len(suggestion.other_groups)
    if not others:
        return suggestion.group_name
    return _tr("%1 and %n other(s)", others).replace("%1", suggestion.group_name)


def milestone_text(milestone: UpcomingMilestone) -> str:
    if milestone.years <= 0:
        return milestone.label
    return _tr("%1 — %n year(s)", milestone.years).replace("%1", milestone.label)


def _specs() -> tuple[SectionSpec, ...]:
    return (
        SectionSpec(
            "todays_sessions",
            _tr("Today's sessions"),
            _tr("No sessions today."),
            (_tr("Time"), _tr("Group"), _tr("Where"), _tr("Topic"), _tr("Status")),
            1,
            action=_tr("Check in"),
        ),
        SectionSpec(
            "overdue_follow_ups",
            _tr("Overdue follow-ups"),
            _tr("No overdue follow-ups."),
            (_tr("Late by"), _tr("What"), _tr("For"), _tr("Priority")),
            1,
        ),
        SectionSpec(
            "outreach",
            _tr("Suggested outreach"),
            _tr("Nobody has missed several sessions in a row."),
            (_tr("Member"), _tr("Group"), _tr("Missed"), _tr("Last came"), _tr("Contact by")),
            1,
        ),
        SectionSpec(
            "due_soon_follow_ups",
            _tr("Follow-ups due soon"),
            _tr("No follow-ups due this week."),
            (_tr("Due"), _tr("What"), _tr("For"), _tr("Priority")),
            1,
        ),
        SectionSpec(
            "upcoming_sessions",
            _tr("Coming up"),
            _tr("No sessions in the coming week."),
            (_tr("Day"), _tr("Time"), _tr("Group"), _tr("Status")),
            2,
        ),
        SectionSpec(
            "milestones",
            _tr("Milestones this week"),
            _tr("No milestones this week."),
            (_tr("Day"), _tr("Member"), _tr("Milestone")),
            2,
        ),
    )


def _shown(name: str, privacy: Privacy | None) -> str:
    return privacy.name(name) if privacy is not None else name


def digest_rows(
    digest: TodayDigest, privacy: Privacy | None = None
) -> dict[str, list[tuple[str, ...]]]:
    """The text of every section's rows: the whole page's content as plain strings."""
    today = digest.today
    never = _tr("Not yet")
    return {
        "todays_sessions": [
            (time_text(s), s.group_name, s.location, s.topic, session_state(s))
            for s in digest.todays_sessions
        ],
        "overdue_follow_ups": [
            (
                overdue_text(f, today),
                f.description,
                _shown(f.member_name, privacy),
                priority_text(f.priority),
            )
            for f in digest.overdue_follow_ups
        ],
        "outreach": [
            (
                _shown(o.member_name, privacy),
                outreach_groups(o),
                _tr("%n in a row", o.missed_in_a_row),
                day_text(o.last_attended, today) if o.last_attended else never,
                channel_text(o.channels),
            )
            for o in digest.outreach
        ],
        "due_soon_follow_ups": [
            (
                day_text(f.due_on, today) if f.due_on else "",
                f.description,
                _shown(f.member_name, privacy),
                priority_text(f.priority),
            )
            for f in digest.due_soon_follow_ups
        ],
        "upcoming_sessions": [
            (day_text(s.date, today), time_text(s), s.group_name, session_state(s))
            for s in digest.upcoming_sessions
        ],
        "milestones": [
            (day_text(m.anniversary, today), _shown(m.member_name, privacy), milestone_text(m))
            for m in digest.milestones
        ],
    }


def _session_target(session: SessionRecord) -> SessionTarget:
    return SessionTarget(session.group_id, session.date, session.id)


def digest_targets(digest: TodayDigest) -> dict[str, list[Target]]:
    """Where each row of each section leads."""
    return {
        "todays_sessions": [_session_target(s) for s in digest.todays_sessions],
        "overdue_follow_ups": [FollowUpTarget(f.id, "overdue") for f in digest.overdue_follow_ups],
        "outreach": [MemberTarget(o.member_id) for o in digest.outreach],
        "due_soon_follow_ups": [FollowUpTarget(f.id, "open") for f in digest.due_soon_follow_ups],
        "upcoming_sessions": [_session_target(s) for s in digest.upcoming_sessions],
        "milestones": [MemberTarget(m.member_id) for m in digest.milestones],
    }


class TodayPage(Page):
    """Sessions, follow-ups, outreach and milestones: in one column, most urgent first,
    or in two (sessions left, follow-ups and outreach right) on a wide window."""

    # What the page shows: the digest (sessions, follow-ups, outreach, milestones).
    kinds = EVERYTHING & ~(Change.NOTES | Change.PUBLICATIONS | Change.SETTINGS)

    ONE_COLUMN = (
        "todays_sessions",
        "overdue_follow_ups",
        "outreach",
        "due_soon_follow_ups",
        "upcoming_sessions",
        "milestones",
    )
    LEFT = ("todays_sessions", "upcoming_sessions", "milestones")
    RIGHT = ("overdue_follow_ups", "due_soon_follow_ups", "outreach")

    def __init__(self, backend: Backend, privacy: Privacy, parent: QWidget | None = None) -> None:
        super().__init__(backend, privacy, parent)
        self.digest: TodayDigest | None = None
        self.setAccessibleName(_tr("Today"))
        self.title = QLabel(_tr("Today"))
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.title.setFont(font)
        self.title.setAccessibleName(_tr("Today's date"))
        self.sections: dict[str, Section] = {spec.key: Section(spec) for spec in _specs()}
        for section in self.sections.values():
            section.activated.connect(self.navigate)
        self.first_steps = FirstStepsPanel(backend)
        self.first_steps.navigate.connect(self.navigate)

        self._columns = (QVBoxLayout(), QVBoxLayout())
        self._row = row = QHBoxLayout()
        row.setSpacing(24)
        for column in self._columns:
            column.setSpacing(18)
            row.addLayout(column, 1)
        self.two_columns: bool | None = None
        self._built = False
        self._arrange(two_columns=False)

        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(16, 12, 16, 16)
        inner.addWidget(self.title)
        inner.addSpacing(6)
        inner.addWidget(self.first_steps)
        inner.addSpacing(6)
        inner.addLayout(row)
        inner.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        self.scroll_area.setAccessibleName(_tr("Today"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)
        self._built = True
        self._chain_focus()
        privacy.follow(self, self._redraw)

    def _chain_focus(self) -> None:
        """Tab follows the screen (issue 16, defect 16): the first steps, then the
        sections as laid out — one column top to bottom, or the left column then the
        right — each list followed by its rows' buttons."""
        keys = self.LEFT + self.RIGHT if self.two_columns else self.ONE_COLUMN
        chain: list[QWidget] = [*self.first_steps.buttons()]
        for key in keys:
            chain += [self.sections[key].tree, *self.sections[key].buttons]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _arrange(self, *, two_columns: bool) -> None:
        if two_columns == self.two_columns:
            return
        self.two_columns = two_columns
        for column in self._columns:
            while column.count():
                column.takeAt(0)
        placement = (self.LEFT, self.RIGHT) if two_columns else (self.ONE_COLUMN, ())
        for column, keys in zip(self._columns, placement, strict=True):
            for key in keys:
                column.addWidget(self.sections[key])
            column.addStretch(1)
        self._row.setStretch(1, 1 if two_columns else 0)  # one column: it takes the width
        if self._built:  # (while building, the widgets are not in one window yet)
            self._chain_focus()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(two_columns=event.size().width() >= TWO_COLUMNS_FROM)
        super().resizeEvent(event)

    def activate(self) -> None:
        self.backend.call(lambda s: s.today.digest(), self.show_digest, context=self)

    def mark_read(self) -> None:
        """Read (or given the digest by the window): the first steps are read with it."""
        super().mark_read()
        self.first_steps.read()

    def _redraw(self) -> None:
        if self.digest is not None:
            self.show_digest(self.digest)

    def show_digest(self, digest: TodayDigest) -> None:
        self.digest = digest
        date = locale_long_date_text(digest.today)
        self.title.setText(_tr("Today, %1").replace("%1", date))
        targets = digest_targets(digest)
        totals = {
            "overdue_follow_ups": digest.overdue_total,
            "due_soon_follow_ups": digest.due_soon_total,
            "upcoming_sessions": digest.upcoming_total,
            "outreach": digest.outreach_total,
            "milestones": digest.milestones_total,
        }
        for key, rows in digest_rows(digest, self.privacy).items():
            total = totals.get(key)
            more = ""
            if total is not None and total > len(rows):
                more = (
                    _tr("The first %1 of %2 — the Follow-ups page lists them all.")
                    if key.endswith("follow_ups")
                    else _tr("The first %1 of %2.")
                )
                more = more.replace("%1", str(len(rows))).replace("%2", str(total))
            actions = (
                [not session.cancelled for session in digest.todays_sessions]
                if key == "todays_sessions"
                else None
            )
            self.sections[key].set_rows(rows, targets[key], total=total, more=more, actions=actions)
        tonight = next((s for s in digest.todays_sessions if not s.cancelled), None)
        self.first_steps.set_tonight(_session_target(tonight) if tonight else None)
        self._chain_focus()
