"""Translation with a count, the one way every module of the desktop app does it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def translate(context: str, text: str, n: int = -1) -> str:
    """``text`` translated in ``context``; with ``n``, ``%n`` becomes the number.  The
    English source marks its plural with "(s)": without a translation it is resolved
    here, for English."""
    result = QCoreApplication.translate(context, text, None, n)
    if n >= 0 and "(s)" in result:
        result = result.replace("(s)", "" if n == 1 else "s")
    return result
