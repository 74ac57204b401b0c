"""The Members page and a person's page: details, consent, activity, attendance, forget.

See docs/architecture.md, "The desktop app in wings".
"""
