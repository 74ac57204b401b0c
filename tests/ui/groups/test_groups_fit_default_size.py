"""At the main window's default size nothing on the Groups page or in the group editor
is cut short: the groups' names, and the weekday boxes ("Mo", "We").

issue 16 defect 6.  On a real vault, with the demo's group names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from doubles import RecordingMessages
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QStyle
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.services.roster import GroupDraft
from facilitator.services.schedule import weekly_rule
from facilitator.ui.frame.main_window import DEFAULT_SIZE, MainWindow
from facilitator.ui.groups.group_dialog import GroupDialog
from facilitator.ui.groups.text import Repeat
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend

NAMES = (  # the demo's groups: the longest names a new facilitator sees first
    "Monday Mental Health Peer Support",
    "Tuesday Evening Recovery Circle",
    "Family & Friends",
    "Grief Support \u2014 Thursdays",
    "Thursday Night Step Study",
    "Friday Lunchtime Check-in",
    "Saturday Morning Recovery Caf\u00e9",
    "Sunday Evening Circle",
)


def test_every_group_name_fits_its_column_at_the_default_window_size(
    qtbot: QtBot,
    backend: Backend,
    privacy: Privacy,
    messages: RecordingMessages,
    services: Services,
    settle: Callable[[], None],
    tmp_path: Path,
) -> None:
    """issue 16 defect 6: group names were cut off at the default window size."""
    for day, name in enumerate(NAMES):
        services.roster.create_group(
            GroupDraft(
                name=name, schedule_rule=weekly_rule(day % 7), schedule_start=dt.date(2026, 11, 2)
            )
        )
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    main = MainWindow(settings, messages, backend, privacy)
    qtbot.addWidget(main)
    main.show()
    assert (main.width(), main.height()) == DEFAULT_SIZE
    page = main.groups
    main.show_page("groups")
    settle()
    QApplication.processEvents()  # the splitter is sized once the page is laid out
    view = page.list
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    metrics = view.fontMetrics()
    shown = [page.proxy.index(row, 0).data() for row in range(page.proxy.rowCount())]
    assert sorted(shown) == sorted(NAMES)
    cut = [n for n in shown if metrics.horizontalAdvance(n) + 2 * margin > view.columnWidth(0)]
    assert cut == []
    # The schedule and the count fit too, and the group's side keeps its least width.
    for column in (1, 2):
        assert view.columnWidth(column) >= view.sizeHintForColumn(column)
    assert page.right.width() >= page.right.minimumSizeHint().width()


def test_the_weekday_boxes_show_their_whole_names(qtbot: QtBot, backend: Backend) -> None:
    """issue 16 defect 6: the weekday boxes read "Mo", "We" (clipped)."""
    dialog = GroupDialog(backend, dt.date(2026, 11, 24))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.schedule.repeat.setCurrentIndex(dialog.schedule.repeat.findData(Repeat.WEEKLY))
    QApplication.processEvents()
    for box in dialog.schedule.day_boxes:
        assert box.isVisible()
        assert box.width() >= box.sizeHint().width(), box.text()
    # The wrapped help under the printed title has the height its lines need.
    help_label = dialog.title_help
    assert help_label.height() >= help_label.heightForWidth(help_label.width())
