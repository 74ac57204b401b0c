"""The Today page: what is on this week, overdue follow-ups, people to reach out to.

See docs/architecture.md, "The desktop app in wings".
"""
