"""Redaction of free text (session topics) before it leaves the vault.

A :class:`Redactor` is built from every name word of the roster and replaces, with
``[redacted]``:

- **names**: whole words, case-insensitive and accent-insensitive ("Zoë" matches
  "zoe" and "ZOË"), with possessives ("Sam's", "James'"); a hyphenated name matches
  as a whole and by each part ("Smith-Jones", "Smith", "Jones"); a name with an
  apostrophe matches with a straight or a curly apostrophe (U+2019) or none
  ("O'Brien", "OBrien").  A name that is also a common word ("Hope", "Will", "May")
  is still redacted everywhere: the deny-list wins.  Names shorter than
  :data:`MIN_NAME_LENGTH` letters are ignored.  "Whole word" means a word is not
  matched inside a longer word, nor before an apostrophe that continues the word
  ("don't" does not contain the name "Don"; "Don's" does);
- **e-mail addresses** and **URLs** (with a scheme, ``www.``, or a bare domain with
  a common ending such as ``.com`` or ``.org.uk``);
- **phone numbers**: what ``phonenumbers.PhoneNumberMatcher`` finds (leniency
  POSSIBLE, in the given region) with at least 7 digits, plus any run of 7 or more
  digits joined by spaces, dots, dashes, slashes or brackets (also inside a word,
  "abc07700900123": the leak guard looks there too);
- **dates**: numeric ("3/11/2026", "2026-11-03", "03.11.26", "3/11", "2026-11")
  and written ("3 November", "3rd of Nov 2026", "Nov 3rd", "November 3, 2026",
  "November 2026"), and a full month name on its own except "May" and "March",
  which are too often other words.  Years alone and weekdays are kept.

A redactor built from the roster's identifiers (``Identifiers.redactor()``) also
removes everything the leak guard's own method finds
(:mod:`facilitator.exports.finder`: look-alike letters, invisible characters, names
run together or split up, six-digit phones with any separators, "at ... dot"
e-mails, names in scripts without word breaks), so a topic the guard would refuse is
written redacted instead.  :class:`MentionRedactor` does the same for one person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import phonenumbers

from facilitator.domain.folding import REDACTION_ASCII_TABLE, redaction_fold_char
from facilitator.domain.folding import redaction_fold as fold
from facilitator.domain.folding import redaction_fold_with_map as folded_with_map
from facilitator.exports.finder import Finder, Person

REDACTED = "[redacted]"
MIN_NAME_LENGTH = 2
"""Names (and name parts) shorter than this are ignored: a one-letter initial would
otherwise wipe every "a" and "I".  Two-letter names ("Jo", "Al") are kept."""

# A word: letters joined by single apostrophes or hyphens ("o'brien-smith"); its pieces.
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_PIECE = re.compile(r"[^'-]+")


def _original_span(text: str, origin: list[int], start: int, end: int) -> tuple[int, int]:
    """The span of ``text`` a span ``[start, end)`` of its folded form came from."""
    first = origin[start]
    last = origin[end - 1] + 1
    # Take along combining marks that folded to nothing ("e" + U+0308).
    while last < len(text) and not redaction_fold_char(text[last]):
        last += 1
    return first, last


def name_variants(name: str) -> set[str]:
    """The folded words ``name`` is matched by: each word, its parts, and unpunctuated.

    ``"Mary-Jo O'Brien"`` (either apostrophe) gives ``mary-jo``, ``mary``, ``jo``,
    ``maryjo``, ``o'brien``, ``brien`` and ``obrien``.  Digits and other marks are
    dropped; anything shorter than :data:`MIN_NAME_LENGTH` is left out.
    """
    if name.isascii() and name.isalpha():  # one plain word, as most names are: itself
        return {name.lower()} if len(name) >= MIN_NAME_LENGTH else set()
    variants: set[str] = set()
    for match in _NAME_WORD.finditer(fold(name)):
        word = match.group()
        parts = re.split(r"['-]", word)
        for candidate in (word, "".join(parts), *parts):
            if len(candidate.replace("'", "").replace("-", "")) >= MIN_NAME_LENGTH:
                variants.add(candidate)
    return variants


def name_spans(folded: str, names: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of ``folded`` (already :func:`fold`-ed) that are one of ``names``.

    A word is a run of letters joined by apostrophes or hyphens ("o'brien-smith's").
    Its pieces (split at those marks) are matched greedily, longest run of pieces
    first, so "smith-jones" is found whole and "smith-coloured" by its first piece.
    A following possessive ``'s`` goes with the name.  A piece ending in "n" before
    "'t" is a contraction, not a name ("don't").  Digits end a word ("sam2").
    """
    spans: list[tuple[int, int]] = []
    for match in _NAME_WORD.finditer(folded):
        word, offset = match.group(), match.start()
        pieces = [(m.start(), m.end()) for m in _PIECE.finditer(word)]
        i = 0
        while i < len(pieces):
            # A name has a handful of parts: at most MAX_NAME_PIECES pieces are tried
            # together, so a hostile "a-a-a-..." costs linear time, not cubic.
            for j in range(min(len(pieces), i + MAX_NAME_PIECES) - 1, i - 1, -1):
                if word[pieces[i][0] : pieces[j][1]] not in names:
                    continue
                stop = pieces[j][1]
                if word.startswith("'t", stop) and word[stop - 1] == "n":
                    continue
                end, last = stop, j
                if word.startswith("'s", end) and word[end + 2 : end + 3] in ("", "'", "-"):
                    end, last = end + 2, j + 1  # the possessive: its "s" is the next piece
                spans.append((offset + pieces[i][0], offset + end))
                i = last
                break
            i += 1
    return spans


MAX_NAME_PIECES = 8
"""The most pieces (parts joined by hyphens or apostrophes) one name is looked for in."""

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MONTH = rf"(?:{_MONTHS}|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b",
    r"\b\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})\b",
    r"(?<![\d/])\b(?:[12]\d|3[01]|0?[1-9])/(?:[12]\d|3[01]|0?[1-9])\b(?![/\d])",
    r"\b\d{4}-(?:0[1-9]|1[0-2])\b(?!-\d)",
    rf"\b(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+\d{{4}})?(?![^\W\d_])",
    rf"\b{_MONTH}\s+(?:the\s+)?{_DAY}\b(?:,?\s+\d{{4}}\b)?",
    rf"\b{_MONTH},?\s+\d{{4}}\b",
    r"\b(?:january|february|april|june|july|august|september|october|november|december)\b",
)
_DATES = re.compile("|".join(_DATE_PATTERNS), re.IGNORECASE)
_NOT_DATES = frozenset({"24/7"})

EMAILS = re.compile(r"(?<![\w.%+'-])[\w.%+'-]+@[\w-]+(?:\.[\w-]+)+")
"""An address starts only where its run of local-part characters starts (the
lookbehind): else each of 100,000 letters would start a new, failing attempt."""
_TLDS = "com|org|net|edu|gov|info|biz|io|co|uk|us|ca|au|nz|ie|de|fr|nl|eu|me|app|dev|ly"
_URLS = re.compile(
    r"(?<![a-z0-9+.-])(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"]+"
    rf"|(?<![a-z0-9.-])(?:[a-z0-9-]+\.)+(?:{_TLDS})\b(?:/[^\s<>\"]*)?",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)]}'\""
DIGIT_RUNS = re.compile(r"\+?\(?\d(?:[ .()/\t-]{0,2}\d)*")
"""Digits joined by at most two spaces, dots, dashes, slashes or brackets at a time."""
MIN_PHONE_DIGITS = 7
_A_DIGIT = re.compile(r"\d")
_NOT_DIGITS = re.compile(r"\D+")
_MAX_PASSES = 5


class Redactor:
    """Replaces roster names, e-mails, phone numbers, URLs and dates with ``[redacted]``."""

    def __init__(
        self, names: frozenset[str], *, region: str = "GB", finder: Finder | None = None
    ) -> None:
        """``names`` are folded name variants (see :func:`name_variants`); ``finder``, the
        roster's identifiers for the leak guard's method, whose finds are redacted too
        (so that what the guard would refuse is removed instead)."""
        self._names = names
        self._region = region
        self._finder = finder

    @classmethod
    def from_names(cls, names: Iterable[str], *, region: str = "GB") -> Redactor:
        """A redactor for these names (first, last, preferred, emergency-contact words).

        Each string may hold several words ("Mary Ann", "Smith-Jones"); each word and
        part is a name.  ``region`` is the ISO country code phone numbers written
        without a ``+`` prefix are read in.
        """
        variants: set[str] = set()
        for name in names:
            variants |= name_variants(name)
        return cls(frozenset(variants), region=region)

    @property
    def names(self) -> frozenset[str]:
        """The folded name variants this redactor removes."""
        return self._names

    def redact(self, text: str) -> str:
        """``text`` with every name, e-mail, phone number, URL and date replaced.

        Redaction repeats until nothing more is found, so a name that only stands
        alone once its neighbour is gone ("3 November'Sam") goes too.
        """
        return _redact_until_clean(text, self.spans)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The sorted, merged spans of ``text`` that one pass of :meth:`redact` replaces.

        Everything is looked for in the folded text (so full-width digits and at signs are
        caught too) and mapped back to ``text``.
        """
        folded, origin = folded_with_map(text)
        found: list[tuple[int, int]] = []
        found += [m.span() for m in EMAILS.finditer(folded)]
        found += [_strip_trailing(folded, *m.span()) for m in _URLS.finditer(folded)]
        found += [m.span() for m in _DATES.finditer(folded) if m.group() not in _NOT_DATES]
        found += _phone_spans(folded, self._region)
        found += name_spans(folded, self._names)
        spans = [_original_span(text, origin, start, end) for start, end in found if end > start]
        if self._finder is not None:
            spans += [(hit.start, hit.end) for hit in self._finder.hits(text)]
        return _merge(spans)


def _redact_until_clean(text: str, spans_of: Callable[[str], list[tuple[int, int]]]) -> str:
    """Replace every span with REDACTED, again and again until nothing more is found (a
    name that only stands alone once its neighbour is gone, "3 November'Sam", goes too)."""
    for _ in range(_MAX_PASSES):
        spans = spans_of(text)
        if not spans:
            break
        out: list[str] = []
        position = 0
        for start, end in spans:
            out.append(text[position:start])
            out.append(REDACTED)
            position = end
        out.append(text[position:])
        text = "".join(out)
    return text


def _strip_trailing(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start + 1 and text[end - 1] in _TRAILING:
        end -= 1
    return start, end


def _phone_spans(text: str, region: str) -> list[tuple[int, int]]:
    # POSSIBLE also finds numbers that are not in service yet (and the reserved
    # drama numbers); alone it would take "2026" for a short number, hence the
    # digit minimum.
    matcher = phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE)
    spans = [
        (match.start, match.end)
        for match in matcher
        if sum(char.isdigit() for char in match.raw_string) >= MIN_PHONE_DIGITS
    ]
    for match in DIGIT_RUNS.finditer(text):
        if sum(char.isdigit() for char in match.group()) >= MIN_PHONE_DIGITS:
            spans.append(match.span())
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


class MentionRedactor:
    """Replaces one person's mentions — their names, e-mail address and phone number —
    with ``[redacted]``, and nothing else (for forgetting a member: dates, other
    people's names and other numbers stay as they were).

    Names are matched as by :class:`Redactor` (whole words, case and accents ignored,
    possessives, hyphen parts); the e-mail address as written, ignoring case; the phone
    number by its digits, however they are grouped and with or without a leading 0 or
    country code.  :meth:`mentions` is a quick test that lets most texts through
    without the slower, exact look.
    """

    def __init__(
        self, names: Iterable[str], *, emails: Iterable[str] = (), phones: Iterable[str] = ()
    ) -> None:
        names, emails, phones = tuple(names), tuple(emails), tuple(phones)
        variants: set[str] = set()
        for name in names:
            variants |= name_variants(name)
        self._names = frozenset(variants)
        self._emails = frozenset(fold(e.strip()) for e in emails if "@" in e)
        self._phones = frozenset(
            digits
            for phone in phones
            if len(digits := "".join(c for c in fold(phone) if c.isdigit()).lstrip("0"))
            >= MIN_PHONE_DIGITS
        )
        # Every match holds one of these pieces (in the folded text): a quick first test.
        pieces = {p for v in variants for p in re.split(r"['-]", v) if len(p) >= MIN_NAME_LENGTH}
        pieces |= self._emails
        alternatives = "|".join(sorted(map(re.escape, pieces), key=len, reverse=True))
        self._quick = re.compile(alternatives) if alternatives else None
        self._whole = re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])")
        self._phone_tails = frozenset(phone[-MIN_PHONE_DIGITS:] for phone in self._phones)
        # The leak guard's method too: the spellings word patterns miss ("ONeill",
        # "#SamTaylor", look-alike letters, "at ... dot", six-digit phones).
        self._finder = Finder([Person(names=names, emails=emails, phones=phones)])

    @property
    def names(self) -> frozenset[str]:
        """The folded name variants this redactor removes."""
        return self._names

    def mentions(self, text: str) -> bool:
        """False when ``text`` surely mentions nobody this redactor looks for."""
        if not text:
            return False
        folded = text.casefold() if text.isascii() else fold(text)
        if self._quick is not None and self._quick.search(folded) and self._whole.search(folded):
            return True
        if self._phone_tails and _A_DIGIT.search(folded):
            digits = _NOT_DIGITS.sub("", folded)
            if any(tail in digits for tail in self._phone_tails):
                return True
        return self._finder.first(text) is not None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The sorted, merged spans of ``text`` that :meth:`redact` replaces."""
        if text.isascii():  # the same as folded_with_map, some 20 times faster
            folded, origin = text.lower().translate(REDACTION_ASCII_TABLE), list(range(len(text)))
        else:
            folded, origin = folded_with_map(text)
        found = name_spans(folded, self._names)
        found += [
            m.span() for m in EMAILS.finditer(folded) if m.group().strip(_TRAILING) in self._emails
        ]
        for match in DIGIT_RUNS.finditer(folded):
            digits = "".join(c for c in match.group() if c.isdigit()).lstrip("0")
            if len(digits) >= MIN_PHONE_DIGITS and any(
                phone in digits or phone.endswith(digits) for phone in self._phones
            ):
                found.append(match.span())
        spans = [_original_span(text, origin, start, end) for start, end in found if end > start]
        spans += [(hit.start, hit.end) for hit in self._finder.hits(text)]
        return _merge(spans)

    def redact(self, text: str) -> str:
        """``text`` with every mention replaced (``text`` itself when there is none)."""
        if not self.mentions(text):
            return text
        return _redact_until_clean(text, self.spans)
