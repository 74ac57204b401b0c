"""The session page: check-in at the door, the sign-in sheet, the session's note.

See docs/architecture.md, "The desktop app in wings".
"""
