"""Test doubles for the desktop app (import as ``from doubles import RecordingMessages``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QWidget

from facilitator.services.importer import preview_roster
from facilitator.ui.dialogs.messages import CloseChoice, Messages
from facilitator.ui.dialogs.preferences import Preferences


class RecordingMessages(Messages):
    """Dialogs that record what they would have said instead of blocking."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []
        self.folder_answer: Path | None = None
        # An int: only the idle minutes chosen; Preferences: all of it; None: cancelled.
        self.preferences_answer: int | Preferences | None = None
        self.preferences_asked: list[Preferences] = []
        # Answers to "the backup at closing failed", in turn (then Cancel).
        self.backup_failed_answers: list[CloseChoice] = []
        self.confirm_answer = True
        self.file_answer: Path | None = None
        # The roster preview: "accept" clicks Import with the encoding shown; an
        # encoding's key picks that one first; None cancels.
        self.preview_answer: str | None = "accept"
        self.preview_private: bool | None = None  # the last preview's privacy screen

    def crash(self, parent: QWidget | None, log_file: Path | None) -> None:
        self.shown.append(("crash", str(log_file)))

    def warning(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("warning", text))

    def confirm(self, parent: QWidget | None, title: str, text: str, action: str) -> bool:
        self.shown.append(("confirm", text))
        return self.confirm_answer

    def about(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("about", text))

    def preferences(self, parent: QWidget | None, current: Preferences) -> Preferences | None:
        self.shown.append(("preferences", str(current.minutes)))
        self.preferences_asked.append(current)
        answer = self.preferences_answer
        if isinstance(answer, int):
            return replace(current, minutes=answer)
        return answer

    def backup_failed(self, parent: QWidget | None, text: str) -> CloseChoice:
        self.shown.append(("backup_failed", text))
        if self.backup_failed_answers:
            return self.backup_failed_answers.pop(0)
        return CloseChoice.CANCEL

    def choose_open_file(
        self, parent: QWidget | None, title: str, start: Path, filters: str
    ) -> Path | None:
        self.shown.append(("choose_open_file", title))
        return self.file_answer

    def choose_save_file(
        self, parent: QWidget | None, title: str, suggested: Path, filters: str
    ) -> Path | None:
        self.shown.append(("choose_save_file", suggested.name))
        return self.file_answer

    def information(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("information", text))

    def roster_preview(
        self, parent: QWidget | None, raw: bytes, *, private: bool = False
    ) -> str | None:
        preview = preview_roster(raw)  # refuses an unreadable file as the dialog does
        self.shown.append(("roster_preview", preview.encoding))
        self.preview_private = private
        return preview.encoding if self.preview_answer == "accept" else self.preview_answer

    def choose_folder(self, parent: QWidget | None, title: str, start: Path) -> Path | None:
        self.shown.append(("choose_folder", str(start)))
        return self.folder_answer
