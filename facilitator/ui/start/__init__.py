"""The windows before a vault is open: unlock, first run (a new vault), restore from a
backup.

See docs/architecture.md, "The desktop app in wings".
"""
