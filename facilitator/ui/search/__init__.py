"""The Search page.

See docs/architecture.md, "The desktop app in wings".
"""
