"""Text folding: every way the app ignores case and accents, in one place.

Each layer folds text for a different purpose, and the purposes differ on purpose;
they are kept as separate, named functions here so a reader sees all of them side by
side and a change to one is a visible decision, not a drift between copies:

- :func:`search_fold` (the UI's filter boxes and lists): case and accents ignored,
  nothing else ("Zoë" matches "zoe"; "O'Brien" keeps its apostrophe).
- :func:`redaction_fold` (the exports' redactor and leak finder): coarser still.
  Every apostrophe is one apostrophe, every hyphen one hyphen, every white space a
  space, and letters Unicode does not decompose ("ø", "ł", "æ") become their base
  letters.  A redactor must match a name however it was typed; a search need not.
  It is a function of :func:`search_fold` (what search tells apart, the redactor may
  merge, never the reverse: ``tests/unit/test_folding.py``).
- :func:`caseless` (storage's SQL function for duplicate checks): case only, in any
  script; accents count ("Zoë" and "Zoe" are two people's names).
- :func:`name_sort_key` (storage's SQL sort): letters without accents or case first,
  then the caseless text, so "Émile" sorts among the Es and ties are stable.
- :func:`sheet_sort_key` and :func:`title_skeleton` (sign-in sheets): the print
  order of names and whether a sheet's title is only the group's name.
- :func:`ascii_word` (demo data): a name as a plain a-z/0-9 word for made-up e-mail
  addresses.

Imports nothing of ours (domain rule).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def _strip_marks(text: str) -> str:
    return "".join(c for c in text if not unicodedata.combining(c))


# --- search -------------------------------------------------------------------


def search_fold(text: str) -> str:
    """Text for matching: case and accents ignored ("Zoë" matches "zoe").  Plain ASCII,
    as most names are, has nothing to decompose: it is only case-folded (20x faster, the
    same result; a 5,000-row list calls this for every row)."""
    if text.isascii():
        return text.casefold()
    return _strip_marks(unicodedata.normalize("NFKD", text.casefold()))


# --- redaction ----------------------------------------------------------------

REDACTION_APOSTROPHES = frozenset("'\u2019\u2018\u02bc\u02b9\u0060\u00b4\u2032\uff07")
REDACTION_HYPHENS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d")
# Letters Unicode does not decompose into a base letter and a mark.
REDACTION_LETTERS = {
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "æ": "ae",
    "œ": "oe",
    "\u0131": "i",
    "þ": "th",
}
# redaction_fold() of an ASCII text: lower case, the backquote an apostrophe, every
# space a space.
REDACTION_ASCII_TABLE = str.maketrans(
    {"`": "'", "\t": " ", "\n": " ", "\r": " ", "\x0b": " ", "\x0c": " "}
)
REDACTION_ASCII_TABLE.update({c: " " for c in range(0x1C, 0x20)})  # str.isspace() too


@lru_cache(maxsize=4096)
def redaction_fold_char(char: str) -> str:
    """One character as :func:`redaction_fold` folds it ("" for a combining mark)."""
    out = []
    for part in unicodedata.normalize("NFKD", char).casefold():
        if unicodedata.combining(part):
            continue
        if part in REDACTION_APOSTROPHES:
            out.append("'")
        elif part in REDACTION_HYPHENS:
            out.append("-")
        elif part.isspace():
            out.append(" ")
        else:
            out.append(REDACTION_LETTERS.get(part, part))
    return "".join(out)


def redaction_fold(text: str) -> str:
    """``text`` case-folded, accents removed, apostrophes and hyphens made plain."""
    # ASCII text (most names, numbers, e-mail addresses) at once: the same result, ten
    # times faster than character by character.  Other characters are folded once each
    # (cached): the large demo's 5,000 members' identifiers took 0.3 s to read, now 0.17.
    if text.isascii():
        return text.lower().translate(REDACTION_ASCII_TABLE)
    return "".join(map(redaction_fold_char, text))


def redaction_fold_with_map(text: str) -> tuple[str, list[int]]:
    """``redaction_fold(text)`` and, for each of its characters, the index it came from
    in ``text`` (so a span found in the folded text can be cut from the original)."""
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = redaction_fold_char(char)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


# --- storage: duplicate checks and sort order ----------------------------------

# Letters that Unicode does not decompose into a base letter and a mark.
_SORT_BASE_LETTERS = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "\u0131": "i",  # dotless i
        "ŀ": "l",
        "ŧ": "t",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)


def caseless(text: str | None) -> str | None:
    """``text`` for comparing without regard to case, in any script: "ÉMILE" and "émile"
    (and "Straße", "STRASSE") compare equal; "Zoë" and "Zoe" do not."""
    if text is None:
        return None
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).casefold())


def name_sort_key(text: str | None) -> str | None:
    """A key that sorts names as a reader expects: by their letters without accents or
    case first ("Émile" among the Es, "Łukasz" among the Ls), then by case-folded text.
    SQLite's own lower() folds A-Z only, and a binary sort puts every accented capital
    after "z"."""
    if text is None:
        return None
    folded = caseless(text) or ""
    plain = _strip_marks(unicodedata.normalize("NFKD", folded))
    return f"{plain.translate(_SORT_BASE_LETTERS)}\x01{folded}"


# --- sign-in sheets ------------------------------------------------------------

_SHEET_LETTERS = str.maketrans(
    {"ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th"}
)


def sheet_sort_key(name: str) -> tuple[str, str]:
    """Alphabetical as a reader expects: "Łukasz" with the L's, "Émile" with the E's."""
    base = _strip_marks(unicodedata.normalize("NFKD", name.casefold()))
    return base.translate(_SHEET_LETTERS), name.casefold()


def title_skeleton(text: str) -> str:
    """``text`` without case, accents, spaces or punctuation: two titles with the same
    skeleton say the same thing."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return "".join(ch for ch in folded if ch.isalnum()).translate(_SHEET_LETTERS)


# --- demo data -------------------------------------------------------------------


def ascii_word(text: str) -> str:
    """``text`` as lower-case ASCII letters and digits only ("Zoë O'Brien" is
    "zoeobrien"); letters with no ASCII base are dropped."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())
