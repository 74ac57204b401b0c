"""What a text field may hold: the one check every source of text goes through.

Names, contacts, notes and the rest reach the vault from the app's dialogs, the
command line, a roster CSV and a bundle; the services' ``clean_text`` and the
bundle's field checks both ask :func:`text_problem`, so no source lets through what
another refuses.

Refused everywhere:

- **control characters** (Unicode category Cc: NUL, escape, delete, the C1 codes
  U+0080 to U+009F), except tab and line breaks in free text.  They are invisible on
  screen, a NUL cuts a string short in C code (PDF and CSV writers, the clipboard),
  and escape sequences reach a terminal when a value is listed on the command line;
- **lone surrogates** (category Cs): not text at all; they cannot be written as
  UTF-8, so the database and every export would fail on them later.

Refused in one-line fields (names, pronouns, contacts, phone, e-mail, group names,
locations, topics, follow-ups, consent notes, milestones), kept in free text (notes,
a member's notes, a group's description):

- **line breaks** (LF, CR, U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR): a name
  is one line; a line break inside one is nearly always a CSV quote left open that
  swallowed the next row.  In free text CR LF, CR and U+2028/U+2029 become LF;
- **bidirectional embeddings, overrides and isolates** (U+202A to U+202E,
  U+2066 to U+2069): an override displays a name's letters in another order than they
  are stored ("Trojan Source"), so a name on screen or on a sign-in sheet would not be
  the name the leak guard looks for.  Right-to-left names need none of them (the
  letters carry their direction; the marks U+200E/U+200F are allowed).  Free text
  keeps them: a note mixing scripts may need an isolate, and notes are never printed.

- **invisible characters** that are not needed to write any script: zero-width
  space U+200B, word joiner and invisible operators U+2060 to U+2064, U+FEFF (a
  byte-order mark or zero-width no-break space), the soft hyphen U+00AD, U+180E and
  the tag characters U+E0000 to U+E007F: a name holding one looks the same as
  another but is not the same, so duplicates are missed and a search does not find
  it.

Tab is white space in a one-line field and is folded into a space with the rest.
Zero-width joiners and non-joiners stay: Persian, Indic and emoji spellings need them
(the leak guard already reads through them).
"""

from __future__ import annotations

import re

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_SURROGATE = "\ud800-\udfff"
_LINE_BREAK = "\n\r\u2028\u2029"
_BIDI = "\u202a-\u202e\u2066-\u2069"
_INVISIBLE = "\u00ad\u180e\u200b\u2060-\u2064\ufeff\U000e0000-\U000e007f"

_ONE_LINE_BAD = re.compile(f"[{_CONTROL}{_SURROGATE}{_LINE_BREAK}{_BIDI}{_INVISIBLE}]")
_INVISIBLE_CHAR = re.compile(f"[{_INVISIBLE}]")
_FREE_TEXT_BAD = re.compile(f"[{_CONTROL}{_SURROGATE}]")
_FREE_TEXT_BREAK = re.compile("\r\n|[\r\u2028\u2029]")

CONTROL_CHARACTER = "holds a control character (an invisible code such as NUL); remove it"
NOT_TEXT = "holds a character that is not valid text; remove it"
LINE_BREAK = "is on more than one line; write it on one line"
DIRECTION = "holds a character that changes the direction text is shown in; remove it"
INVISIBLE = "holds an invisible character (such as a zero-width space); remove it"


def text_problem(value: str, *, free_text: bool = False) -> str | None:
    """Why ``value`` cannot be stored, as a predicate that names no value ("holds a
    control character ..."), or None when it can.  ``free_text``: a note or
    description, where tab and line breaks are allowed."""
    found = (_FREE_TEXT_BAD if free_text else _ONE_LINE_BAD).search(value)
    if found is None:
        return None
    char = found.group()
    if char in _LINE_BREAK:
        return LINE_BREAK
    if "\ud800" <= char <= "\udfff":
        return NOT_TEXT
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return DIRECTION
    if _INVISIBLE_CHAR.match(char):
        return INVISIBLE
    return CONTROL_CHARACTER


def free_text_lines(value: str) -> str:
    """Free text with every line break written as LF (a spreadsheet's CR LF, an old
    Mac's CR, a word processor's U+2028/U+2029)."""
    return _FREE_TEXT_BREAK.sub("\n", value)
