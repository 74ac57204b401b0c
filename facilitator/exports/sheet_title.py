"""What is wrong with a sign-in sheet's printed title: the words that say what a group is.

A sheet is paper: it is left on a table, in a bin, in a room booked by the next group.
Its title must not say what the group is.  Two ways it does (issue 16, defect 4):

* it holds the group's **name**, which usually says it ("Opioid Recovery Tuesday"): a
  title that *contains* the whole name (the name plus a word, "… group") is as bad as
  the name itself, and one that shares a distinctive word of it ("Opioid Tuesdays")
  says nearly as much;
* it names the **kind** of group: recovery, alcohol, gambling, grief, mental health…

:func:`title_concerns` finds both, for the group editor to warn while the title is
typed; :func:`holds_name` is the part the sheet itself acts on (such a title prints
as the neutral "Meeting").  The words are compared folded (no case, accents or
punctuation: :func:`~facilitator.domain.folding.title_skeleton`).  The word lists are
English, as the app's own words are: a warning, not a guarantee.
"""

from __future__ import annotations

import re
from enum import StrEnum

from facilitator.domain.folding import title_skeleton
from facilitator.exports.skeleton import normalise


class TitleConcern(StrEnum):
    """Why a printed title could say what the group is, most serious first."""

    NAME = "name"  # it is, or contains, the group's name
    NAME_WORDS = "name words"  # it shares a distinctive word with the group's name
    KIND = "kind"  # it says what kind of group meets


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words a title and a name may share without saying anything: days, times of day, and
# the words every group is called by.
_PLAIN = _set(
    """
    monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays
    thursdays fridays saturdays sundays mon tue tues wed thu thur thurs fri sat sun
    morning afternoon evening night lunchtime lunch weekly monthly fortnightly daily
    mornings afternoons evenings nights meeting meetings group groups circle session
    sessions club cafe drop in the a an and of on at for with to by our my new open
    first second third fourth last every week weeks month one two room hall centre
    center
    """
)

# Words that say what kind of group meets (folded: no accents, lower case).
_KINDS = _set(
    """
    recovery recovering addiction addictions addict addicts addicted alcohol alcoholic
    alcoholics alcoholism drink drinking drinkers drunk sober sobriety clean drug drugs
    opioid opioids opiate opiates heroin cocaine crack meth methamphetamine methadone
    cannabis narcotics narcotic substance substances detox rehab relapse gambling
    gambler gamblers gamble betting aa na ga oa alanon naranon alateen twelvestep 12step
    overeaters codependency codependent codependents mental psychiatric psychosis
    schizophrenia bipolar depression depressed anxiety panic ocd ptsd trauma suicide
    suicidal selfharm eating anorexia bulimia bingeeating grief grieving bereavement
    bereaved widows widowers loss miscarriage hiv aids cancer dementia alzheimers autism
    autistic adhd lgbt lgbtq lgbtqia gay lesbian bisexual trans transgender queer abuse
    abused domestic violence survivor survivors refugee refugees asylum sexual assault
    rape incest
    """
)
_PHRASES = ("self harm", "twelve step", "12 step", "mental health", "eating disorder")

_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    """The folded words of ``text`` ("Al-Anon" is one word, "alanon")."""
    joined = re.sub(r"(?<=\w)[-'\u2019.](?=\w)", "", text)
    return [title_skeleton(w) for w in _WORD.findall(joined) if title_skeleton(w)]


def holds_name(title: str, group_name: str) -> bool:
    """Whether ``title`` is the group's name or contains all of it, starting at one of
    its words ("Men" is not held by "Women's evening"; "Opioid Recovery Tuesdays" does
    hold "Opioid Recovery Tuesday"), read as typed and as the leak guard reads text
    (look-alike letters from other scripts as the letters they imitate: a Cyrillic
    capital O, U+041E, in "Opioid" is an O; review 16)."""
    return _holds(title, group_name) or _holds(normalise(title), normalise(group_name))


def _holds(title: str, group_name: str) -> bool:
    name = title_skeleton(group_name)
    if not name:
        return False
    starts, at = set(), 0
    for word in _WORD.findall(title):
        starts.add(at)
        at += len(title_skeleton(word))
    folded = title_skeleton(title)
    found = folded.find(name)
    while found >= 0:
        if found in starts:
            return True
        found = folded.find(name, found + 1)
    return False


def title_concerns(title: str, group_name: str) -> tuple[TitleConcern, ...]:
    """Every way ``title`` could say what the group is (empty when it is neutral)."""
    if not title.strip():
        return ()
    found: list[TitleConcern] = []
    words = _words(title)
    if holds_name(title, group_name):
        found.append(TitleConcern.NAME)
    elif set(words) & (set(_words(group_name)) - _PLAIN):
        found.append(TitleConcern.NAME_WORDS)
    spaced = " " + " ".join(words) + " "
    if set(words) & _KINDS or any(f" {p} " in spaced for p in _PHRASES):
        found.append(TitleConcern.KIND)
    return tuple(found)


__all__ = ["TitleConcern", "holds_name", "title_concerns"]
