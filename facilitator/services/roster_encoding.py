"""Which encoding a roster CSV is written in: known when it says so, else guessed, and
the guess always told.

A spreadsheet saves "CSV UTF-8" (often with a byte-order mark), UTF-16 with a mark,
or plain "CSV" in the computer's legacy code page: Windows-1252 in Western Europe and
the Americas, Windows-1250 or ISO-8859-2 in Central Europe.  Those code pages decode
any bytes without an error, so reading a Polish file as Windows-1252 silently gives
"£ukasz" for "Łukasz".  Bytes that are valid UTF-8 are read as UTF-8 (legacy text
almost never is); otherwise each of :data:`GUESSES` is tried and the reading with the
fewest characters that cannot belong in a name or a word wins (a symbol such as "£",
"³" or "±" between letters, a control code), the earlier one on a tie.

Why not a general detector: on ten short rosters (1-4 rows; Polish, Czech, French,
German, Spanish, in the three code pages) charset-normalizer 3.5 gave back the right
text for 5 (6 when limited to these three code pages): it read the ISO-8859-2 file
as Windows-1252 (the very "£ukasz"), the Spanish one as Windows-1250 ("Núńez"), a
one-name Polish file as Big5.  It needs more text than a roster has.  This reading
gets 9 of the 10 right; the tenth, a Czech name whose only accented letters mean
letters in both code pages ("Dvořák" / "Dvoøák"), cannot be told apart by anything
but a person.  Which is why the app shows the first rows before importing and lets the person
pick another encoding, and the command line says which one it used and takes
``--encoding``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import NamedTuple

from facilitator.errors import InvalidInput

# Encodings a person can choose, by the name they are known by, with what they are.
ENCODINGS: dict[str, str] = {
    "utf-8": "Unicode (UTF-8)",
    "utf-16": "Unicode (UTF-16)",
    "windows-1252": "Western European (Windows-1252)",
    "iso-8859-15": "Western European (ISO-8859-15)",
    "mac-roman": "Western European (Mac OS Roman)",
    "windows-1250": "Central European (Windows-1250)",
    "iso-8859-2": "Central European (ISO-8859-2)",
    "windows-1257": "Baltic (Windows-1257)",
    "windows-1251": "Cyrillic (Windows-1251)",
    "windows-1253": "Greek (Windows-1253)",
    "windows-1254": "Turkish (Windows-1254)",
}
# Tried in this order when the bytes are not UTF-8 (the first wins a tie).
GUESSES = ("windows-1252", "windows-1250", "iso-8859-2")

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CONTROL_PENALTY = 10


class DecodedText(NamedTuple):
    """A NamedTuple, not a dataclass: the command line's options import this module,
    and the desktop app's start path does not load ``dataclasses`` (3 ms)."""

    text: str
    encoding: str  # a key of ENCODINGS
    guessed: bool  # True: the file did not say, and the bytes were not UTF-8

    @property
    def described(self) -> str:
        """What the encoding is, for a message ("Central European (ISO-8859-2)")."""
        return ENCODINGS[self.encoding]


def _implausible(text: str) -> int:
    """How many characters of ``text`` cannot be part of the words a roster holds: a
    control code, or a symbol, number sign or punctuation mark touching a letter."""
    score = 0
    for found in _NON_ASCII.finditer(text):
        category = unicodedata.category(found.group())
        if category[0] in "LM":
            continue
        if category[0] == "C":
            score += _CONTROL_PENALTY
            continue
        at = found.start()
        around = text[max(at - 1, 0) : at] + text[at + 1 : at + 2]
        if any(c.isalpha() for c in around):
            score += 1
    return score


def decode_roster(raw: bytes, encoding: str | None = None) -> DecodedText:
    """The file's text: in ``encoding`` when one is chosen (a key of
    :data:`ENCODINGS`), else as the module's description says."""
    if encoding is not None:
        if encoding not in ENCODINGS:
            raise InvalidInput(
                "That encoding is not one Facilitator reads rosters in; choose one of "
                + ", ".join(ENCODINGS)
                + "."
            )
        try:
            codec = "utf-8-sig" if encoding == "utf-8" else encoding
            return DecodedText(raw.decode(codec), encoding, guessed=False)
        except UnicodeDecodeError:
            raise InvalidInput(
                f"The file cannot be read as {ENCODINGS[encoding]}: it holds bytes that "
                "encoding does not have. Choose another encoding."
            ) from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return DecodedText(raw.decode("utf-16"), "utf-16", guessed=False)
        except UnicodeDecodeError:
            pass
    else:
        try:
            return DecodedText(raw.decode("utf-8-sig"), "utf-8", guessed=False)
        except UnicodeDecodeError:
            pass
        readings = []
        for order, name in enumerate(GUESSES):
            try:
                text = raw.decode(name)
            except UnicodeDecodeError:
                continue
            readings.append((_implausible(text), order, name, text))
        if readings:
            _, _, name, text = min(readings)
            return DecodedText(text, name, guessed=True)
    raise InvalidInput(
        "The file is not readable text. Save it from your spreadsheet as "
        "“CSV UTF-8 (comma delimited)” and try again."
    )
