"""What leaves the vault readable: sign-in sheets, anonymised summaries, and the
anonymiser that guards them (redaction, small-cell suppression, the leak guard,
CSV cells safe for spreadsheets).

Exports work on plain domain records handed to them by the services and return
bytes; they never read the vault, and never import Qt or storage.
"""
