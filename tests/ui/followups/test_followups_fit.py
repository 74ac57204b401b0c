"""The Follow-ups page at the main window's default size: what is to be done is read
whole (issue 16 defect 6: the "What" column was cut off)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from doubles import RecordingMessages
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from facilitator.app import Services
from facilitator.services.roster import GroupDraft, MemberDraft
from facilitator.ui.followups.page import FollowUpsPage
from facilitator.ui.followups.rows import WHAT, WHOM
from facilitator.ui.frame.main_window import DEFAULT_SIZE, MainWindow
from facilitator.ui.kit.privacy import Privacy
from facilitator.ui.plumbing.backend import Backend

LONG_WHAT = "Find the number of the bereavement service for Beth Chapman"  # 59 characters


def test_the_what_column_reads_whole_at_the_default_size(
    qtbot: QtBot,
    backend: Backend,
    privacy: Privacy,
    messages: RecordingMessages,
    services: Services,
    tmp_path: Path,
    settle: Callable[[], None],
) -> None:
    """issue 16 defect 6: "What" stretches and a long follow-up fits it; "For" is sized
    for a name, and a session's longer "group, day" elides with the whole in a tooltip."""
    group = services.roster.create_group(GroupDraft("Tuesday Evening Recovery Circle"))
    session = services.schedule.open_session(group.id, dt.date(2026, 11, 17))
    beth = services.roster.add_member(MemberDraft("Beth", "Chapman"))
    services.follow_ups.add(LONG_WHAT, member_id=beth.id, due_on=dt.date(2026, 11, 30))
    services.follow_ups.add("Book the hall for next quarter", session_id=session.id)

    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    main = MainWindow(settings, messages, backend, privacy)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    assert (main.width(), main.height()) == DEFAULT_SIZE
    page = main.show_page("follow_ups")
    assert isinstance(page, FollowUpsPage)
    settle()

    table = page.table
    header = table.horizontalHeader()
    assert header.sectionResizeMode(WHAT) == QHeaderView.ResizeMode.Stretch
    metrics = table.fontMetrics()
    assert metrics.horizontalAdvance(LONG_WHAT) + 8 < header.sectionSize(WHAT)
    total = sum(header.sectionSize(c) for c in range(header.count()))
    assert total <= table.viewport().width()
    for row in range(page.proxy.rowCount()):
        whom = page.proxy.index(row, WHOM)
        assert whom.data(Qt.ItemDataRole.ToolTipRole) == whom.data()
