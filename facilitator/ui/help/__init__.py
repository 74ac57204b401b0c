"""The guide (F1): an offline manual inside the app, its pages bundled as HTML files.

``topics.py`` knows the pages (one per topic, in ``pages/<language>/<topic>.html``,
read with importlib.resources so they load from a wheel or a frozen build), picks the
user's language with English as the fallback, and finds the pages that contain every
word of a search, folded as the rest of the app folds text.  ``window.py`` is the
guide window: contents, back and forward, links between pages, search with the
matches highlighted.  The guide knows nothing of the vault and writes nothing to disk.

See docs/architecture.md, "The desktop app in wings".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from facilitator.ui.help.window import GuideWindow


def open_guide(parent: QWidget, page_key: str) -> GuideWindow:
    """Show ``parent``'s guide window (made the first time) at the topic of the main
    window's page ``page_key``.  The guide's code loads on the first F1, not at start."""
    from facilitator.ui.help.topics import topic_for_page
    from facilitator.ui.help.window import open_guide as open_window

    return open_window(parent, topic_for_page(page_key))
