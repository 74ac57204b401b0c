"""Shared widgets and text helpers that know nothing of the Backend: table models, the
problem box, headings, how a date is written (``dates``), the editor dialog base
(``editor``), the privacy screen, the idle watcher.

See docs/architecture.md, "The desktop app in wings".
"""
