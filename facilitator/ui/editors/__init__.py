"""Editors of records that more than one page opens: a follow-up, a note, a member.

See docs/architecture.md, "The desktop app in wings".
"""
