"""The Reports page: the funder's summary, what was published, backups and the roster
import.

See docs/architecture.md, "The desktop app in wings".
"""
