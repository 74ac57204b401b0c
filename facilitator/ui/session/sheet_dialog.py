"""The sign-in sheet's choices dialog, which now lives in
:mod:`facilitator.ui.editors.sheet_dialog` (the Reports page and a group's sessions open
it too, and pages do not import each other); named here for the session screen."""

from __future__ import annotations

from facilitator.ui.editors.sheet_dialog import SheetAction, SheetChoice, SheetDialog

__all__ = ["SheetAction", "SheetChoice", "SheetDialog"]
