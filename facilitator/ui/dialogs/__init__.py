"""Messages, the one class through which the app opens a modal dialog, and the modal
dialogs it opens (preferences, the roster preview).

See docs/architecture.md, "The desktop app in wings".
"""
