"""The defaults of what a person chooses for an export, written once.

The command line's parser, the desktop dialogs and the services' option objects
(:class:`~facilitator.exports.summary_options.SummaryOptions`,
:class:`~facilitator.exports.sheets.SheetOptions`) all read them here.  This module
imports nothing at all, so the parser (built on every run, kept light) can read it
without loading the layers below.  Not in ``domain/``: importing that package loads
every record (and dataclasses), which the desktop app's start does not wait for
(tests/unit/test_lazy_start.py).
"""

from __future__ import annotations

# -- anonymised summaries ------------------------------------------------------------
DEFAULT_K = 11
"""The smallest count a summary shows: counts from 1 to K-1 are hidden (the CMS rule:
1 to 10 are not published)."""
MIN_K, MAX_K = 2, 100
DEFAULT_PERIOD = "year-to-date"
"""The period a summary shows when none is chosen: the year to date, this month
included (a new vault's first evening shows its own numbers, and funders count by
year).  A summary is *published* (exported, printed) for whole months that have ended
only, so with no dates chosen an export covers the year's ended months, and in January,
when none has ended yet, the whole of last year
(:func:`facilitator.exports.summary_options.default_export_period`)."""
DEFAULT_GROUP_LABELS = "names"
"""Groups printed by name; "numbers" prints "Group 1", "Group 2", ..."""

# -- sign-in sheets ------------------------------------------------------------------
DEFAULT_BLANK_ROWS = 10
"""Rows left blank at the end of a sign-in sheet, for newcomers."""
DEFAULT_NAMES = "full"
"""Names printed in full; "initials" or "none" print less."""

# -- both ----------------------------------------------------------------------------
DEFAULT_PAPER = "auto"
"""The paper size from the locale (A4, or Letter where that is the custom)."""
