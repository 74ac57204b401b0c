"""The Search page (being built)."""

from __future__ import annotations

from facilitator.ui.page import Page


class SearchPage(Page):
    """Search."""
