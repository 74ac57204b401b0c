"""Forget a person for good (the right to be forgotten): the preview, the warning about
backups, a deliberate confirmation, and the report afterwards.

    dialog = ForgetDialog(backend, privacy, member, parent)
    dialog.forgotten.connect(...)  # the ErasureReport, once the vault has forgotten them
    dialog.open()

The dialog is window-modal (``open()``).  It reads the preview off the GUI thread
(:meth:`ErasureService.preview`) and says in plain words what will be deleted, what
becomes anonymous and what is kept.  "Forget <name>" stays disabled until "I understand
this cannot be undone" is ticked; Cancel is the default button.  While the vault works
the dialog cannot be closed.  Afterwards it tells what was done, with the reminder
that older backups still hold the person (``Messages.information``).
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.records import ErasureCounts, ErasurePreview, ErasureReport, MemberRecord
from facilitator.errors import UserFacingError
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.kit.translate import translate
from facilitator.ui.kit.widgets import ProblemBox
from facilitator.ui.plumbing.backend import Backend

_LIST = "<ul style='margin: 0'>{items}</ul>"
REDACTED = "[redacted]"  # what the vault stores instead of a mention (not translated)


def _tr(text: str, n: int = -1) -> str:
    return translate("ForgetDialog", text, n)


def _field_words(field: str, n: int) -> str:
    """How many texts of one field ("groups.name") will be or were redacted, in words."""
    words = {
        "groups.name": lambda: _tr("%n group name(s)", n),
        "groups.printed_title": lambda: _tr("%n printed title(s)", n),
        "groups.description": lambda: _tr("%n group description(s)", n),
        "groups.location": lambda: _tr("%n group location(s)", n),
        "groups.facilitator": lambda: _tr("the facilitator of %n group(s)", n),
        "sessions.location": lambda: _tr("%n session location(s)", n),
        "sessions.topic": lambda: _tr("%n session topic(s)", n),
        "sessions.facilitator": lambda: _tr("the facilitator of %n session(s)", n),
        "notes.body": lambda: _tr("%n note(s)", n),
        "follow_ups.description": lambda: _tr("%n follow-up(s)", n),
        "members.notes": lambda: _tr("the notes of %n other member(s)", n),
        "consents.note": lambda: _tr("%n consent note(s)", n),
        "milestones.label": lambda: _tr("%n milestone(s) of other members", n),
    }
    return words.get(field, lambda: _tr("%n other text(s)", n))()


def fields_text(counts: ErasureCounts) -> str:
    """The redacted texts by field: "1 group name, 30 session topics, 2 notes" (counts
    only: the preview never shows what a text says)."""
    return ", ".join(_field_words(field, n) for field, n in counts.redacted_fields)


def backup_title() -> str:
    return _tr("Backups made before now still hold this person.")


def backup_warning() -> str:
    return _tr(
        "Your own backups, the automatic backups in your backup folder and any copy kept "
        "before an upgrade or a restore still have them. If they must be gone from those "
        "too, make a new backup after this, then delete or replace the older ones."
    )


def preview_lines(preview: ErasurePreview) -> list[str]:
    """What forgetting will do, one plain sentence a line (nothing said of what is none)."""
    c = preview.counts
    lines = [_tr("Their details: name, pronouns, phone, e-mail, emergency contact and notes.")]
    counted = (
        (c.notes, _tr("%n note(s) about them.", c.notes)),
        (c.follow_ups, _tr("%n follow-up(s) for them.", c.follow_ups)),
        (c.consents, _tr("%n consent record(s).", c.consents)),
        (c.milestones, _tr("%n milestone(s).", c.milestones)),
        (c.groups, _tr("Their place in %n group(s), now or in the past.", c.groups)),
        (
            c.marks_to_guests,
            _tr(
                "Their attendance: the %n time(s) they came will count as anonymous guests "
                "of those sessions, so every total stays the same.",
                c.marks_to_guests,
            ),
        ),
        (c.marks_dropped, _tr("%n excused or absent mark(s).", c.marks_dropped)),
        (
            c.texts_redacted,
            _tr(
                "Their names, e-mail and phone number, and their emergency contact's, "
                "in %n other text(s) (%2): each becomes “%1”.",
                c.texts_redacted,
            )
            .replace("%2", fields_text(c))
            .replace("%1", REDACTED),
        ),
        (
            c.vault_copies,
            _tr(
                "%n copy(ies) of the vault that Facilitator kept in its folder before an "
                "upgrade: they hold this person too.",
                c.vault_copies,
            ),
        ),
    )
    return lines + [line for count, line in counted if count]


def kept_lines(preview: ErasurePreview, privacy: Privacy) -> list[str]:
    """What the person should know stays, or goes further than they may expect."""
    lines = []
    if preview.counts.emergency_contacts_kept:
        lines.append(
            _tr(
                "They are named as the emergency contact of %n other member(s) — kept; "
                "change it on their page if needed.",
                preview.counts.emergency_contacts_kept,
            )
        )
    for word, others in preview.shared_names:
        lines.append(
            _tr(
                "“%1” is also the name of %n other member(s); it will be redacted wherever "
                "it appears, also where it means them.",
                others,
            ).replace("%1", shown_word(word, preview.member, privacy))
        )
    return lines


def shown_word(word: str, member: MemberRecord, privacy: Privacy) -> str:
    """A word of the person's name as the screen may show it: with the privacy screen
    on, only the first (or preferred) name is spelled out, other words by an initial."""
    if not privacy.on:
        return word
    spelled = f"{member.first_name} {member.preferred_name}".casefold()
    if word.casefold() in re.split(r"[\s'\u2019-]+", spelled):
        return word
    return f"{word[:1]}."


def report_text(report: ErasureReport, name: str) -> str:
    """What the person is told once it is done."""
    c: ErasureCounts = report.counts
    parts = [
        _tr("%1 has been forgotten.").replace("%1", name),
        _tr("Deleted: %n note(s)", c.notes)
        + ", "
        + _tr("%n follow-up(s)", c.follow_ups)
        + ", "
        + _tr("%n consent record(s)", c.consents)
        + ", "
        + _tr("%n milestone(s).", c.milestones),
        _tr("%n attendance(s) kept as anonymous guests.", c.marks_to_guests),
        _tr("Mentions redacted in %n other text(s): %1.", c.texts_redacted).replace(
            "%1", fields_text(c)
        )
        if c.texts_redacted
        else _tr("Mentions redacted in %n other text(s).", c.texts_redacted),
    ]
    if c.vault_copies:
        parts.append(
            _tr("%n copy(ies) of the vault kept before an upgrade deleted.", c.vault_copies)
        )
    if not report.traces_cleared:
        parts.append(
            _tr(
                "The vault was busy, so old copies of what was deleted stay inside its "
                "encrypted files until you next lock it (Ctrl+L)."
            )
        )
    return "\n".join(parts) + "\n\n" + backup_title() + " " + backup_warning()


class ForgetDialog(QDialog):
    """Preview, confirm and forget one member; ``forgotten(ErasureReport)`` afterwards."""

    forgotten = Signal(object)  # ErasureReport

    def __init__(
        self, backend: Backend, privacy: Privacy, member: MemberRecord, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.privacy = privacy
        self.member = member
        self.preview: ErasurePreview | None = None
        self.working = False
        self.setWindowModality(Qt.WindowModality.WindowModal)
        # Never a name in a title (the taskbar, a shared screen): issue 16 defect 13.
        self.setWindowTitle(_tr("Forget a member"))
        self.setAccessibleName(_tr("Forget %1").replace("%1", privacy.member(member)))
        self._build()
        self._load()

    def _label(self, name: str, *, bold: bool = False) -> QLabel:
        label = QLabel()
        label.setAccessibleName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if bold:
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        return label

    def _build(self) -> None:
        name = self.privacy.member(self.member)
        self.heading = self._label(_tr("What forgetting removes"), bold=True)
        self.heading.setText(
            _tr("Forget %1 for good? This removes from the vault:").replace("%1", name)
        )
        self.details = self._label(_tr("What will be removed"))
        self.details.setText(_tr("Reading what the vault holds about them…"))
        self.kept_heading = self._label(_tr("Good to know"), bold=True)
        self.kept_heading.setText(_tr("Good to know:"))
        self.kept = self._label(_tr("What to know"))
        self.kept_heading.hide()
        self.kept.hide()
        self.icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        self.icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        self.icon.setAccessibleName(_tr("Warning"))
        self.warning_title = self._label(_tr("Backups still hold this person"), bold=True)
        self.warning_title.setText(backup_title())
        self.warning = self._label(_tr("What to do about backups"))
        self.warning.setText(backup_warning())
        self.problem = ProblemBox(name=_tr("Problem"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(_tr("Forgetting"))
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.understood = QCheckBox(_tr("I &understand this cannot be undone"))
        self.understood.setAccessibleName(_tr("I understand this cannot be undone"))
        self.understood.setEnabled(False)
        self.understood.toggled.connect(self._update_buttons)
        self._build_buttons(name)
        self._lay_out()

    def _build_buttons(self, name: str) -> None:
        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(_tr("Cancel"))
        self.cancel_button.setAccessibleName(_tr("Cancel"))
        self.forget_button = QPushButton(_tr("Forget %1").replace("%1", name))
        self.forget_button.setAccessibleName(self.forget_button.text())
        self.forget_button.setAutoDefault(False)
        self.buttons.addButton(self.forget_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.cancel_button.setDefault(True)
        self.forget_button.setEnabled(False)
        self.forget_button.clicked.connect(self.forget)
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self) -> None:
        gap = self.fontMetrics().height() // 2
        layout = self._layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addSpacing(gap)
        layout.addWidget(self.kept_heading)
        layout.addWidget(self.kept)
        layout.addSpacing(gap)
        text = QVBoxLayout()
        text.addWidget(self.warning_title)
        text.addWidget(self.warning)
        warning = QHBoxLayout()
        warning.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        warning.addLayout(text, 1)
        layout.addLayout(warning)
        layout.addSpacing(gap)
        layout.addStretch(1)
        layout.addWidget(self.problem)
        layout.addWidget(self.progress)
        layout.addWidget(self.understood)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 95)
        self.cancel_button.setFocus()

    # -- the preview -------------------------------------------------------------------
    def _load(self) -> None:
        member_id = self.member.id
        self.backend.call(
            lambda s: s.erasure.preview(member_id),
            self._show_preview,
            context=self,
            failed=self._failed,
        )

    def _show_preview(self, preview: ErasurePreview) -> None:
        self.preview = preview
        _set_list(self.details, preview_lines(preview))
        kept = kept_lines(preview, self.privacy)
        _set_list(self.kept, kept)
        self.kept.setVisible(bool(kept))
        self.kept_heading.setVisible(bool(kept))
        self.understood.setEnabled(True)
        self._update_buttons()
        self._fit()

    def _fit(self) -> None:
        """As tall as the text needs at the dialog's width (word-wrapped labels)."""
        layout = self._layout
        layout.activate()
        width = max(self.width(), self.minimumWidth())
        height = layout.totalHeightForWidth(width)
        self.resize(width, max(height, layout.totalMinimumSize().height()))

    def _update_buttons(self) -> None:
        ready = self.preview is not None and not self.working
        self.forget_button.setEnabled(ready and self.understood.isChecked())
        self.understood.setEnabled(ready)
        self.cancel_button.setEnabled(not self.working)

    # -- forgetting --------------------------------------------------------------------
    def forget(self) -> None:
        if self.preview is None or not self.understood.isChecked() or self.working:
            return
        self.working = True
        self.problem.clear()
        self.progress.show()
        self._update_buttons()
        member_id = self.member.id
        self.backend.call(
            lambda s: s.erasure.forget(member_id),
            self._done,
            context=self,
            failed=self._failed,
        )

    def _done(self, report: ErasureReport) -> None:
        self.working = False
        self.progress.hide()
        name = self.privacy.member(self.member)
        parent = self.parentWidget()
        self.accept()
        self.backend.messages.information(parent, _tr("Forgotten"), report_text(report, name))
        self.forgotten.emit(report)

    def _failed(self, error: UserFacingError) -> None:
        self.working = False
        self.progress.hide()
        self.problem.show_problem(error.message)
        self._update_buttons()

    # -- no closing while the vault works ----------------------------------------------
    def reject(self) -> None:
        if not self.working:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.working:
            event.ignore()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.working and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)


def _set_list(label: QLabel, lines: list[str]) -> None:
    """Show ``lines`` as a bulleted list (wrapped lines indented under their bullet)."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    markup = _LIST.format(items=items)  # markup only: every line is translated above
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(markup)
    label.setAccessibleDescription("\n".join(lines))
