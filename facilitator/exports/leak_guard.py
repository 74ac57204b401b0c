"""The last check before an export is written: no roster identifier in its text.

The guard reads the export's *final* text (the strings a PDF drew, a CSV's cells)
and refuses it, raising :class:`~facilitator.errors.LeakFound`, if it finds any
member's name, emergency contact's name, phone number or e-mail address.  The error
says what *kind* of identifier was found and *where* (a field, a group by its
number, a topic by its session's date), never the value.

The guard does not use the redactor's word patterns: it has its own method
(:mod:`facilitator.exports.finder`), which reads the text as a person would see it
(NFKC, case, accents, invisible characters, look-alike letters per Unicode TR39,
boxed and circled letters, digits of every script; and again percent-decoded,
HTML-unescaped and with words broken across lines joined) and looks for names
also run together, split up or written without word breaks, phone numbers
whatever their separators and prefixes, and e-mail addresses also spelled
"at … dot".  So what the redactor misses, the guard
still refuses.

A member called "Will" or "May" makes those words identifiers.  Two rules keep
that from refusing ordinary text:

- the export's own fixed wording (headings, labels) is passed as ``allowed``: each
  phrase is removed, as a whole phrase, before the scan, so a heading "Will attend"
  is not a leak while "Will" anywhere else may still be one.  Pass whole phrases,
  not single common words, and print months as "2026-05", not "May";
- a name that is also a common word (:data:`~facilitator.exports.finder.COMMON_WORD_NAMES`)
  is read as the word when it stands plainly on its own in lower case or capitalised
  at the start of a sentence, line or label; anywhere else (capitalised inside a
  sentence, possessive, hashtagged, next to digits or the person's other names,
  spelled with look-alike or invisible characters, or alone as the whole text) it is
  a name.  For a field that holds a name (a sheet's facilitator) pass ``strict=True``:
  there a common-word name counts wherever it stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from facilitator.errors import LeakFound
from facilitator.exports.finder import (
    COMMON_WORD_NAMES,
    CONTACT_NAME,
    EMAIL,
    MEMBER_NAME,
    PHONE,
)
from facilitator.exports.identifiers import Identifiers, Identifying

_KIND_ORDER = (EMAIL, PHONE, MEMBER_NAME, CONTACT_NAME)


def check_no_leaks(
    text: str,
    identifiers: Identifiers,
    *,
    allowed: Iterable[str] = (),
    where: str = "",
    session_id: int | None = None,
    strict: bool = False,
) -> None:
    """Raise :class:`~facilitator.errors.LeakFound` if ``text`` contains an identifier.

    ``allowed`` is the export's own fixed wording (headings, labels): each phrase is
    removed from the text, where it stands as whole words, before the scan.  ``where``
    says which part of the export ``text`` is ("the place field"), for the message;
    ``session_id`` is the session whose topic it is, so a caller can leave it out.
    ``strict``: for a field that holds a name (a facilitator), a common-word name
    ("Will", "Hope") counts wherever it stands.
    """
    kind = find_leak(text, identifiers, allowed=allowed, strict=strict)
    if kind is not None:
        raise refusal(kind, where, session_id=session_id)


def refusal(kind: str, where: str = "", *, session_id: int | None = None) -> LeakFound:
    """The LeakFound for ``kind`` found in ``where`` (no value in its message)."""
    place = where or "its text"
    advice = (
        "Leave that topic out or reword it"
        if session_id is not None
        else "Leave out or reword the text that mentions it (for example a session topic)"
    )
    return LeakFound(
        f"The export was refused and no file was written: {place} contains {kind} "
        f"from the roster. {advice}, then export again.",
        kind=kind,
        where=where,
        session_id=session_id,
    )


def find_leak(
    text: str, identifiers: Identifiers, *, allowed: Iterable[str] = (), strict: bool = False
) -> str | None:
    """The kind of the first identifier found in ``text`` (see :func:`check_no_leaks`):
    an e-mail address before a phone number before a name."""
    finder = identifiers.finder()
    if finder.empty or not text:
        return None
    hits = list(finder.hits(_without(text, allowed), strict=strict))
    # A word that is a member's name and an address's local part ("grace" of
    # grace@example.org) is reported as the name: that is what a person will look for.
    names = {(hit.start, hit.end) for hit in hits if hit.kind != EMAIL}
    kinds = {hit.kind for hit in hits if hit.kind != EMAIL or (hit.start, hit.end) not in names}
    return next((kind for kind in _KIND_ORDER if kind in kinds), None)


def _without(text: str, allowed: Iterable[str]) -> str:
    """``text`` with each allowed phrase, where it stands as whole words, made a line
    break."""
    phrases = sorted({" ".join(p.split()) for p in allowed} - {""}, key=len, reverse=True)
    if not phrases:
        return text
    pattern = "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)
    return re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", "\n", text, flags=re.IGNORECASE)


__all__ = [
    "COMMON_WORD_NAMES",
    "CONTACT_NAME",
    "EMAIL",
    "MEMBER_NAME",
    "PHONE",
    "Identifiers",
    "Identifying",
    "check_no_leaks",
    "find_leak",
    "refusal",
]
