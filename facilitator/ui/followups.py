"""The Follow-ups page (being built)."""

from __future__ import annotations

from facilitator.ui.page import Page


class FollowUpsPage(Page):
    """Follow-ups."""
