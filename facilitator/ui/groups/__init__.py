"""The Groups page: a group's details, schedule, roster and sessions.

See docs/architecture.md, "The desktop app in wings".
"""
