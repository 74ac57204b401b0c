"""The Follow-ups page.

See docs/architecture.md, "The desktop app in wings".
"""
