"""What a dialog says about a printed title while it is typed (issue 16, defect 4).

A sign-in sheet's printed title is on paper that may be left in the room, so it must
not say what the group is.  :func:`printed_title_warning` is the one line every
dialog that edits or shows a title puts under it ("" when the title is neutral); the
judging itself is the services' (:func:`~facilitator.services.sheets.printed_title_concerns`).
"""

from __future__ import annotations

from facilitator.services.sheets import TitleConcern, printed_title_concerns
from facilitator.ui.kit.translate import translate


def _tr(text: str) -> str:
    return translate("PrintedTitle", text)


def printed_title_warning(title: str, group_name: str) -> str:
    """Why ``title`` could say what the group named ``group_name`` is ("" if neutral)."""
    said = {
        TitleConcern.NAME: _tr(
            "This title holds the group's name, so sheets will print \u201cMeeting\u201d instead."
        ),
        TitleConcern.NAME_WORDS: _tr(
            "This title shares a word with the group's name: a sheet left in the room "
            "could say what the group is."
        ),
        TitleConcern.KIND: _tr(
            "This title says what kind of group meets: anyone who finds a sheet left in "
            "the room would learn it. Choose a neutral title."
        ),
    }
    return " ".join(said[concern] for concern in printed_title_concerns(title, group_name))
