"""The kit's problem line and editor dialog base: what every editor does on save, once.

The dialog runs its jobs through a stand-in for the Backend that keeps them, so each
step (saving, refused, stored) is taken by hand: no vault, no waiting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.errors import InvalidInput, UserFacingError
from facilitator.ui.kit.editor import EditorDialog
from facilitator.ui.kit.widgets import ProblemBox


@dataclass
class Call:
    job: Callable[[Services], Any]
    done: Callable[[Any], object] | None
    failed: Callable[[UserFacingError], object] | None


@dataclass
class KeptJobs:
    """Runs nothing: keeps each call for the test to finish."""

    calls: list[Call] = field(default_factory=list)

    def call(
        self,
        job: Callable[[Services], Any],
        done: Callable[[Any], object] | None = None,
        *,
        context: QObject,
        failed: Callable[[UserFacingError], object] | None = None,
    ) -> object:
        self.calls.append(Call(job, done, failed))
        return None


class NameDialog(EditorDialog):
    def __init__(self, jobs: KeptJobs) -> None:
        super().__init__(jobs, problem_name="Problem")
        self.name = QLineEdit()
        self.ok = QPushButton("Save")
        self.use_save_button(self.ok)
        self.ok.clicked.connect(self.save)
        self.refusals: list[tuple[str, bool]] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.problem)
        layout.addWidget(self.ok)

    def draft(self) -> str:
        if not self.name.text().strip():
            raise InvalidInput("Give it a name.")
        return self.name.text().strip()

    def save_job(self, draft: str) -> Callable[[Services], str]:
        return lambda _services: draft

    def problem_shown(self, message: str, *, by_service: bool) -> None:
        self.refusals.append((message, by_service))


def _dialog(qtbot: QtBot) -> tuple[NameDialog, KeptJobs]:
    jobs = KeptJobs()
    dialog = NameDialog(jobs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, jobs


def test_a_draft_that_cannot_be_saved_is_said_inline_and_nothing_is_stored(
    qtbot: QtBot,
) -> None:
    dialog, jobs = _dialog(qtbot)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert jobs.calls == []
    assert dialog.problem.isVisible() and dialog.problem.text() == "Give it a name."
    assert dialog.refusals == [("Give it a name.", False)]
    assert dialog.isVisible() and dialog.ok.isEnabled()


def test_while_saving_the_button_is_off_and_a_second_save_does_nothing(qtbot: QtBot) -> None:
    dialog, jobs = _dialog(qtbot)
    dialog.name.setText("Tuesday Circle")
    dialog.save()
    dialog.save()
    assert len(jobs.calls) == 1
    assert not dialog.ok.isEnabled()
    assert jobs.calls[0].job(None) == "Tuesday Circle"  # type: ignore[arg-type]


def test_a_refusal_is_shown_and_everything_typed_stays(qtbot: QtBot) -> None:
    dialog, jobs = _dialog(qtbot)
    dialog.name.setText("Tuesday Circle")
    dialog.save()
    failed = jobs.calls[0].failed
    assert failed is not None
    failed(UserFacingError("A group with this name already exists."))
    assert dialog.isVisible() and dialog.ok.isEnabled()
    assert dialog.problem.message == "A group with this name already exists."
    assert dialog.refusals == [("A group with this name already exists.", True)]
    assert dialog.name.text() == "Tuesday Circle"


def test_once_stored_the_record_is_announced_and_the_dialog_closes(qtbot: QtBot) -> None:
    dialog, jobs = _dialog(qtbot)
    dialog.problem.show_problem("left from before")
    dialog.name.setText("Tuesday Circle")
    dialog.save()
    assert not dialog.problem.isVisible()  # the old problem goes as the save starts
    done = jobs.calls[0].done
    assert done is not None
    with qtbot.waitSignal(dialog.saved) as saved:
        done("stored record")
    assert saved.args == ["stored record"]
    assert not dialog.isVisible()


def test_a_problem_is_plain_text_never_markup(qtbot: QtBot) -> None:
    box = ProblemBox(name="Why the file cannot be read this way")
    qtbot.addWidget(box)
    box.show_problem("<b>bold</b> <img src='x'>")
    assert box.label.textFormat() == Qt.TextFormat.PlainText
    assert box.text() == "<b>bold</b> <img src='x'>"
    assert box.label.accessibleName() == "Why the file cannot be read this way"
    assert box.label.accessibleDescription() == "<b>bold</b> <img src='x'>"


def test_an_empty_problem_hides_the_box_and_the_box_takes_no_tab_stop(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box = ProblemBox(parent)
    parent.show()
    box.show_problem("Something is wrong.")
    assert box.isVisible() and box.message == "Something is wrong."
    assert not box.label.focusPolicy() & Qt.FocusPolicy.TabFocus
    box.show_problem("")
    assert not box.isVisible() and box.message == "" and box.text() == ""
