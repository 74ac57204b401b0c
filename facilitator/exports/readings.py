"""The other ways a text reads: decoded, and with words broken across lines joined.

A name can hide behind an encoding a reader (or a browser, a mail program, a
spreadsheet's ``=DECODEURL``) undoes at once: percent-encoding (``%54aylor``,
``sam%2Etaylor%40example%2Eorg``), HTML character references (``T&#97;ylor``,
``T&#x61;ylor``, ``&amp;``), or a word broken across lines with a hyphen
(``Tay-`` / ``lor``).  :func:`other_readings` gives the text as it reads with those
undone, when that changes it, with a map back to the original, so the leak guard
(and the redaction that uses its method) looks at both readings.

Decoding uses the standard library (``urllib.parse.unquote``, ``html.unescape``) on
each encoded run; it is repeated (a few times at most) so that a doubly encoded
name (``%2554aylor``) is read too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import unquote

_MAX_ROUNDS = 3
_ENCODED = re.compile(
    r"(?P<percent>(?:%[0-9A-Fa-f]{2})+)"
    r"|(?P<entity>&(?:\#[0-9]{1,7}|\#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?)"
    r"|(?<=[^\W\d_])(?P<break>[-\u2010\u2011](?:[ \t]*\r?\n[ \t]*|[ \t]+))(?=[^\W\d_])"
)
"""A run of percent-encoded bytes, one HTML character reference, or a hyphen at the
end of a line between two letters (a word broken across lines; also once the line
break has become a space, as when a topic's lines are joined for the summary)."""


_MARKS = re.compile(
    r"[%&\-\u2010\u2011]"
    r"(?:(?<=%)[0-9A-Fa-f]{2}|(?<=&)[#A-Za-z]|(?<=[^\W\d_][-\u2010\u2011])\s)"
)
"""A quick test that most texts fail at once (it starts with a character class):
where a token of ``_ENCODED`` could begin."""


def _decoded(token: re.Match[str]) -> str:
    if token.group("percent") is not None:
        return unquote(token.group(), errors="replace")
    if token.group("entity") is not None:
        return html.unescape(token.group())
    return ""


def other_readings(text: str) -> Iterator[tuple[str, list[int], list[int]]]:
    """``text`` decoded and with broken words joined, when that changes it: (the
    reading, and for each of its characters the start and the end of the span of
    ``text`` it comes from).  Nothing when there is nothing to decode."""
    if not _MARKS.search(text):
        return  # most texts: one quick search, no maps built
    current = text
    starts = list(range(len(text)))
    ends = [index + 1 for index in range(len(text))]
    for _ in range(_MAX_ROUNDS):
        pieces: list[str] = []
        new_starts: list[int] = []
        new_ends: list[int] = []
        position = 0
        changed = False
        for token in _ENCODED.finditer(current):
            a, b = token.span()
            replacement = _decoded(token)
            if replacement == token.group():
                continue
            changed = True
            pieces.append(current[position:a])
            new_starts += starts[position:a]
            new_ends += ends[position:a]
            pieces.append(replacement)
            new_starts += [starts[a]] * len(replacement)
            new_ends += [ends[b - 1]] * len(replacement)
            position = b
        if not changed:
            break
        pieces.append(current[position:])
        new_starts += starts[position:]
        new_ends += ends[position:]
        current, starts, ends = "".join(pieces), new_starts, new_ends
    if current != text:
        yield current, starts, ends


__all__ = ["other_readings"]
