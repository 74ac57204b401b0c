"""The main window and what hangs on it: the app controller, the window, the backup banner
and the backup at closing, the crash box, the deferred integrity check.

See docs/architecture.md, "The desktop app in wings".
"""
