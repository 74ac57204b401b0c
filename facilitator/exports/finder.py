"""Finding a roster's identifiers in text however they are spelled: the leak guard's method.

This is a second method, independent of the redactor's word patterns
(:mod:`facilitator.exports.redact`): the leak guard must not share their blind spots.
It reads the text as :func:`~facilitator.exports.skeleton.normalise` does (NFKC, case
folded, accents and invisible format characters dropped, look-alike letters mapped to
their TR39 prototypes, every script's digits as ASCII digits), and a second time
decoded — percent-encoding, HTML character references — and with words broken across
lines joined (:mod:`facilitator.exports.readings`), then looks in both for:

- **names** (first, last, preferred, emergency contacts'): each word and each part of
  a word ("O'Neill" gives "o", "neill" and "oneill"), matched on word boundaries —
  where letters meet anything else, where a lower-case letter meets a capital
  ("SamTaylor", "McNeill"), where scripts change — and also as several adjacent
  pieces put together across punctuation ("O.Neill", "Tay-lor", "T.a.y.l.o.r") or
  across spaces when every piece is one letter ("T a y l o r");
- **a person's names run together**: first+last, last+first, preferred+last (and
  the other way), anywhere inside a word once seven letters or longer ("#SamTaylor",
  "thankssamtaylor"), on word boundaries when shorter;
- **names in scripts written without spaces** (Han, kana, Hangul, Thai, Lao, Khmer,
  Myanmar...) anywhere, even one character long ("李", "さくら");
- **phone numbers** by their digits whatever separates them (any run of characters
  that are neither letters, digits nor a line break: "12,34,56", "07700_900_123",
  "07700 -- 900123"),
  in any script's digits: a number of nine digits or more anywhere in a run of
  digits; a shorter one (validation accepts six) when the run is exactly the
  number, or the number after a trunk prefix ("0", "1", "8", "01", "06") or a
  country code ("+44", "0044", "+44 (0)");
- **e-mail addresses** as written and as "sam at example dot org",
  "sam(at)example(dot)org", "sam [at] example . org" (compared with every letter and
  digit run together), and the part before the "@" on its own when it is four or
  more characters and not a generic one ("info", "hello"...).

**Names that are also common words** ("Will", "May", "Hope", "Grace", "Faith",
"Joy" and the others in :data:`COMMON_WORD_NAMES`) are the one exception: such a
word standing plainly on its own, in lower case ("we will meet", "hope and recovery")
or capitalised at the start of a sentence, line or label ("Hope is a habit", "May
we begin"), reads as the word and is not a leak.  Everywhere else it is a name:
capitalised inside a sentence ("Thanks to Will", "THANKS TO WILL"), a capitalised
possessive ("Grace's flat"; "the page's header" is the word), after "#" or "@",
next to digits ("Hope2"), run together with the person's other names, split up,
spelled with look-alike or invisible characters, or alone as the whole text ("Grace"
as a group's name).  With ``strict`` (a field that holds a name, such as a sheet's
facilitator) it is a name wherever it stands.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

import phonenumbers

from facilitator.exports.common_words import COMMON_WORD_NAMES, GENERIC_LOCAL_PARTS
from facilitator.exports.readings import other_readings
from facilitator.exports.skeleton import normalise, normalise_with_map, without_word_breaks

MEMBER_NAME = "a member's name"
CONTACT_NAME = "an emergency contact's name"
PHONE = "a phone number"
EMAIL = "an e-mail address"

MIN_NAME_LETTERS = 2
"""A name piece shorter than this (an initial) is not looked for alone, except in
scripts without word breaks, where one character is a whole name."""
MIN_PHONE_DIGITS = 6
"""The fewest digits a phone number may have (``services._common.clean_phone``)."""
ANYWHERE_PHONE_DIGITS = 9
"""A number this long is a leak wherever its digits appear in a run of digits."""
ANYWHERE_RUN_TOGETHER = 7
"""Names run together this long are a leak anywhere inside a word."""
MIN_EMAIL_LOCAL = 4
TRUNK_PREFIXES = ("0", "1", "8", "01", "06")
"""National (trunk) prefixes in use: "0" in most countries, "1" in North America,
"8" in Russia and Belarus, "06" in Hungary, "01" in older Mexican numbers."""

_ASCII_CAMEL = re.compile(r"[a-z][A-Z]")
_EDGE_PUNCTUATION = "\"'()[]{}<>.,;:!?*/\\#@&%=+~|-_"
_AROUND_A_WORD = " \t\n.,;:!?\"'()[]"
_SENTENCE_END = frozenset(".!?:;\n\u3002\uff01\uff1f")
_OPENERS = frozenset("\"'([{\u2018\u201c\u00ab-\u2013\u2014\u2022*")


@dataclass(frozen=True, slots=True)
class Person:
    """One member's identifiers as typed: names (first, last, preferred), the names,
    phone numbers and e-mail addresses found in their emergency contact, and their own."""

    names: tuple[str, ...] = ()
    contact_names: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    """Where an identifier was found (a span of the original text) and its kind."""

    start: int
    end: int
    kind: str


def _letters_only(text: str) -> str:
    return "".join(c for c in text if c.isalpha())


def _alnum_only(text: str) -> str:
    return "".join(filter(str.isalnum, text))


def _unspaced(form: str) -> bool:
    return not form.isascii() and any(map(without_word_breaks, form))


def _pieces(name: str) -> tuple[list[str], str]:
    """The letter runs of a normalised name and all of them joined."""
    if name.isalpha():
        return [name], name
    runs = re.findall(r"[^\W\d_]+", name)
    return runs, "".join(runs)


@dataclass
class _Targets:
    words: dict[str, str] = field(default_factory=dict)  # aligned: form -> kind
    together: dict[str, str] = field(default_factory=dict)  # anywhere in a word
    unspaced: dict[str, str] = field(default_factory=dict)  # CJK &c.: anywhere
    common: set[str] = field(default_factory=set)
    addresses: dict[str, str] = field(default_factory=dict)  # anywhere in a line
    locals: dict[str, str] = field(default_factory=dict)  # aligned, letters and digits
    long_phones: set[str] = field(default_factory=set)
    short_phones: set[str] = field(default_factory=set)

    def add_word(self, form: str, kind: str) -> None:
        if not form:
            return
        if _unspaced(form):
            self._put(self.unspaced, form, kind)
        elif len(form) >= MIN_NAME_LETTERS:
            self._put(self.words, form, kind)

    @staticmethod
    def _put(table: dict[str, str], form: str, kind: str) -> None:
        if table.get(form) != MEMBER_NAME:  # a member's name wins over a contact's
            table[form] = kind


def _name_forms(names: Iterable[str]) -> list[str]:
    """Each name field's words joined (normalised): the pieces put together."""
    return [joined for name in names if (joined := _pieces(normalise(name))[1])]


def _add_names(targets: _Targets, names: Iterable[str], kind: str) -> None:
    for name in names:
        normalised = normalise(name)
        words = normalised.split()
        for word in words:
            runs, joined = _pieces(word)
            for run in runs:
                targets.add_word(run, kind)
            if len(runs) > 1:
                targets.add_word(joined, kind)
        if len(words) > 1:
            targets.add_word(_pieces(normalised)[1], kind)


def _add_combinations(targets: _Targets, person: Person) -> None:
    forms = _name_forms(person.names)
    first = forms[0] if forms else ""
    last = forms[1] if len(forms) > 1 else ""
    others = forms[2:]
    pairs = [(first, last), *((other, last) for other in others), *((first, o) for o in others)]
    for a, b in pairs:
        if not a or not b:
            continue
        for combined in (a + b, b + a):
            if _unspaced(combined):
                targets._put(targets.unspaced, combined, MEMBER_NAME)
            elif len(combined) >= ANYWHERE_RUN_TOGETHER:
                targets._put(targets.together, combined, MEMBER_NAME)
            else:
                targets.add_word(combined, MEMBER_NAME)
    contact = _name_forms(person.contact_names)
    for a, b in itertools.pairwise(contact):
        for combined in (a + b, b + a):
            if len(combined) >= ANYWHERE_RUN_TOGETHER:
                targets._put(targets.together, combined, CONTACT_NAME)


def _add_email(targets: _Targets, address: str) -> None:
    normalised = normalise(address.strip())
    local, at, domain = normalised.rpartition("@")
    if not at or not local or not domain:
        return
    squeezed_local = _alnum_only(local)
    labels = [_alnum_only(label) for label in domain.split(".") if _alnum_only(label)]
    plain, spoken = "".join(labels), "dot".join(labels)
    for joiner in ("", "at"):
        for tail in (plain, spoken):
            targets.addresses[squeezed_local + joiner + tail] = EMAIL
    typed = _alnum_only(address.strip().rpartition("@")[0]).casefold()
    if len(typed) >= MIN_EMAIL_LOCAL and typed not in GENERIC_LOCAL_PARTS:
        targets.locals[squeezed_local] = EMAIL


_QUICK_TEST_TARGETS = 256
_FEW = 32
_ONE_LETTER = r"[^\w\s]*[^\W\d_][^\w\s]*(?:['\u2019]s)?"
_SPACED = re.compile(rf"(?<!\S){_ONE_LETTER}\s+{_ONE_LETTER}(?!\S)")
_POSSESSIVE_END = re.compile(r"['\u2019]s\W*$")
"""Two chunks of one letter each, one after the other ("T a", "S. T.")."""
_ALNUM = re.compile(r"[^\W_]")
_DIGIT_RUN = re.compile(r"\d(?:(?:[^\w\n+]|_)*\d)*")
"""Digits joined by runs of any length of characters that are neither letters, digits,
line breaks nor "+" (which starts a number): "07700....900123", "07700 -- 900123".
A run of digits stops at a letter or a line break, so the numbers of a summary's
different rows and labelled fields stay apart; a short (six to eight digit) number
must be the whole run, a long one may be anywhere in it."""
_NOT_LETTERS_OR_SPACE = re.compile(r"[^\w\s]+|[\d_]+")
_NOT_DIGITS = re.compile(r"\D+")
_DIGIT = re.compile(r"\d")
_LEADING_LETTERS = re.compile(r"[^\W\d_]+")
_NOT_ALNUM = re.compile(r"[\W_]+")
_COUNTRY_CODES = frozenset(str(code) for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE)


def split_country_code(digits: str) -> tuple[str, str] | None:
    """(country code, national number) of an international number's digits (without
    its "+" or "00"); country codes are prefix-free, so at most one fits."""
    for size in (1, 2, 3):
        if digits[:size] in _COUNTRY_CODES:
            return digits[:size], digits[size:]
    return None


def phone_digits(raw: str) -> tuple[str, bool]:
    """A stored number's digits (any script's, its extension left out) and whether it
    is written internationally ("+44 ...", "0044 ...")."""
    main = re.split(r"(?i)ext|x", raw, maxsplit=1)[0]
    digits = "".join(c for c in normalise(main) if c.isdigit())
    international = main.strip().startswith("+") or digits.startswith("00")
    return (digits.removeprefix("00") if international else digits), international


def phone_forms(raw: str) -> set[str]:
    """The digit sequences a stored number is known by, whatever the machine's locale:
    as stored; without a trunk prefix ("0", "1", "8", "01", "06"); and for a number
    stored with its country code, the national number (also after a "(0)")."""
    digits, international = phone_digits(raw)
    forms = {digits} if len(digits) >= MIN_PHONE_DIGITS else set()
    if international:
        split = split_country_code(digits)
        if split is not None:
            national = split[1]
            for form in (national, national.removeprefix("0")):
                if len(form) >= MIN_PHONE_DIGITS:
                    forms.add(form)
        return forms
    for prefix in TRUNK_PREFIXES:
        if digits.startswith(prefix) and len(digits) - len(prefix) >= MIN_PHONE_DIGITS:
            forms.add(digits[len(prefix) :])
    return forms


@cache
def _common_skeletons() -> frozenset[str]:
    return frozenset(normalise(word) for word in COMMON_WORD_NAMES)


class Finder:
    """Every identifier of a roster, ready to be looked for (see the module's description)."""

    def __init__(self, people: Iterable[Person], *, region: str = "GB") -> None:
        targets = _Targets()
        for person in people:
            _add_names(targets, person.contact_names, CONTACT_NAME)
            _add_names(targets, person.names, MEMBER_NAME)
            _add_combinations(targets, person)
            for address in person.emails:
                _add_email(targets, address)
            for phone in person.phones:
                for form in phone_forms(phone):
                    if len(form) >= ANYWHERE_PHONE_DIGITS:
                        targets.long_phones.add(form)
                    else:
                        targets.short_phones.add(form)
        targets.common = {w for w in targets.words if w in _common_skeletons()}
        self._t = targets
        self._max_word = max(map(len, targets.words), default=0)
        self._max_local = max(map(len, targets.locals), default=0)
        self._together = _Index(targets.together)
        self._addresses = _Index(targets.addresses)
        self._unspaced = _Index(targets.unspaced, key=1)
        self._long_lengths = sorted({len(p) for p in targets.long_phones})
        # A few targets (one person, a small roster): a quick test, in C, that most
        # texts pass: every find holds one of them with the separators taken out.
        needles = (
            len(targets.words) + len(targets.together) + len(targets.unspaced)
            + len(targets.addresses) + len(targets.long_phones) + len(targets.short_phones)
        )  # fmt: skip
        self._quick = needles <= _QUICK_TEST_TARGETS
        self._letter_needles = tuple({*targets.words, *targets.together})
        self._alnum_needles = tuple({*targets.addresses, *targets.locals})
        self._digit_needles = tuple({*targets.long_phones, *targets.short_phones})
        self._unspaced_needles = tuple(targets.unspaced)
        leading = [_LEADING_LETTERS.match(needle) for needle in self._alnum_needles]
        self._alnum_gates: tuple[str, ...] | None = (
            tuple({match.group()[:4] for match in leading if match})
            if all(leading)
            else None  # an address starting with a digit: no gate
        )

    def _could_hold(self, normal: str) -> bool:
        """False when ``normal`` surely holds no identifier (see ``_quick``)."""
        # Names are found within runs of text between spaces (or spelled a letter at a
        # time): the letters of each run, the runs kept apart.
        words = _NOT_LETTERS_OR_SPACE.sub("", normal)
        found = any(needle in words for needle in self._letter_needles)
        found = found or bool(self._letter_needles and _SPACED.search(normal))
        found = found or any(needle in normal for needle in self._unspaced_needles)
        if not found and self._digit_needles and _DIGIT.search(normal):
            digits = _NOT_DIGITS.sub("", normal)
            found = any(needle in digits for needle in self._digit_needles)
        if not found and self._alnum_needles:
            # An address's leading letters stay together once everything but letters is
            # gone: look at letters and digits only if one of them is there.
            gates = self._alnum_gates
            flat = "".join(words.split())
            if gates is None or any(gate in flat for gate in gates):
                alnum = _NOT_ALNUM.sub("", normal)
                found = any(needle in alnum for needle in self._alnum_needles)
        return found

    @property
    def empty(self) -> bool:
        t = self._t
        return not (t.words or t.unspaced or t.addresses or t.long_phones or t.short_phones)

    def first(self, text: str, *, strict: bool = False) -> Hit | None:
        """The first identifier found (e-mails, then phones, then names), or None."""
        return next(self.hits(text, strict=strict), None)

    def hits(self, text: str, *, strict: bool = False) -> Iterator[Hit]:
        """Every identifier found in ``text``: e-mail addresses, phone numbers, names.

        ``strict``: a name that is also a common word counts wherever it stands, as for
        a field that holds a name (a facilitator); else see the module's description."""
        if not text or self.empty:
            return
        yield from self._hits(text, strict)
        # The text decoded (percent-encoding, HTML references) and with words broken
        # across lines joined: what a reader sees once a browser or mail program has
        # read it.  Its finds map back to the spans of the text they come from.
        for reading, starts, ends in other_readings(text):
            for hit in self._hits(reading, strict):
                yield Hit(starts[hit.start], ends[hit.end - 1], hit.kind)

    def _hits(self, text: str, strict: bool) -> Iterator[Hit]:
        """:meth:`hits` in ``text`` as it is written."""
        if self._quick and not self._could_hold(normalise(text)):
            return
        normal, origin = normalise_with_map(text)
        if not normal:
            return

        def span(start: int, end: int, kind: str) -> Hit:
            return Hit(origin[start], origin[end - 1] + 1, kind)

        for start, end in self._email_spans(normal):
            yield span(start, end, EMAIL)
        for start, end in self._phone_spans(normal):
            yield span(start, end, PHONE)
        for start, end, kind in self._name_spans(normal, text, origin, strict):
            yield span(start, end, kind)
        # An address's local part alone last: "grace" of grace@example.org is also
        # Grace's first name, and a refusal should say "a member's name" then.
        for start, end in self._email_spans(normal, local_parts=True):
            yield span(start, end, EMAIL)

    # -- e-mail addresses ------------------------------------------------------------
    def _email_spans(self, normal: str, *, local_parts: bool = False) -> Iterator[tuple[int, int]]:
        """Whole addresses (also spoken, "at ... dot"), or with ``local_parts`` the
        local parts standing alone."""
        t = self._t
        if not t.addresses:
            return
        for line_start, line in _lines(normal):
            if not local_parts:
                found = list(self._addresses.find(_NOT_ALNUM.sub("", line)))
                kept = [m.start() for m in _ALNUM.finditer(line)] if found else []
                for start, end, _kind in found:
                    yield line_start + kept[start], line_start + kept[end - 1] + 1
            elif t.locals:
                for chunk_start, chunk in _chunks(line):
                    if chunk.isalnum():
                        if chunk in t.locals:
                            yield line_start + chunk_start, line_start + chunk_start + len(chunk)
                        continue
                    inner = [(i, c) for i, c in enumerate(chunk) if c.isalnum()]
                    word = "".join(c for _, c in inner)
                    bounds = _bounds(inner)
                    for start, end in _aligned(word, bounds, t.locals, self._max_local):
                        offset = line_start + chunk_start
                        yield offset + inner[start][0], offset + inner[end - 1][0] + 1

    # -- phone numbers ---------------------------------------------------------------
    def _phone_spans(self, normal: str) -> Iterator[tuple[int, int]]:
        t = self._t
        if not (t.long_phones or t.short_phones):
            return
        for start, end, digits, plus in _digit_runs(normal):
            if len(digits) >= MIN_PHONE_DIGITS and self._is_phone(digits, plus):
                yield start, end

    def _is_phone(self, digits: str, plus: bool) -> bool:
        t = self._t
        for length in self._long_lengths:
            if length > len(digits):
                break
            pieces = (digits[i : i + length] for i in range(len(digits) - length + 1))
            if any(piece in t.long_phones for piece in pieces):
                return True
        if not t.short_phones:
            return False
        if digits in t.short_phones:
            return True
        if not plus and not digits.startswith("00"):
            return any(
                digits.startswith(p) and digits[len(p) :] in t.short_phones for p in TRUNK_PREFIXES
            )
        split = split_country_code(digits.removeprefix("00"))
        if split is None:
            return False
        national = split[1]
        return national in t.short_phones or national.removeprefix("0") in t.short_phones

    # -- names -----------------------------------------------------------------------
    def _name_spans(
        self, normal: str, text: str, origin: list[int], strict: bool
    ) -> Iterator[tuple[int, int, str]]:
        t = self._t
        for start, end, kind in self._unspaced.find(normal):
            yield start, end, kind
        if not (t.words or t.together):
            return
        # Plain ASCII with no capital after a small letter: every plain run is one word.
        plain = text.isascii() and not _ASCII_CAMEL.search(text)
        for line_start, line in _lines(normal):
            chunks = list(_chunks(line))
            for chunk_start, chunk in chunks:
                offset = line_start + chunk_start
                # Most runs are a plain word, perhaps with punctuation around it.
                core = chunk.strip(_EDGE_PUNCTUATION)
                if core.isascii() and core.isalpha():
                    at = offset + len(chunk) - len(chunk.lstrip(_EDGE_PUNCTUATION))
                    if plain or self._one_word(text, origin, at, core):
                        yield from self._plain_chunk(text, origin, at, core, strict)
                        continue
                inner = [(i, c) for i, c in enumerate(chunk) if c.isalpha()]
                if not inner:
                    continue
                word = "".join(c for _, c in inner)
                bounds = _bounds(inner, text=text, origin=origin, offset=offset)
                for start, end in _aligned(word, bounds, t.words, self._max_word):
                    form = word[start:end]
                    if (
                        not strict
                        and form in t.common
                        and self._plain_word(
                            text, origin, offset + inner[start][0], offset + inner[end - 1][0] + 1
                        )
                    ):
                        continue
                    yield offset + inner[start][0], offset + inner[end - 1][0] + 1, t.words[form]
                if len(word) >= ANYWHERE_RUN_TOGETHER:
                    for start, end, kind in self._together.find(word):
                        yield offset + inner[start][0], offset + inner[end - 1][0] + 1, kind
            if _SPACED.search(line):
                yield from self._spaced_letters(chunks, line_start)

    @staticmethod
    def _one_word(text: str, origin: list[int], offset: int, chunk: str) -> bool:
        """True when a chunk of plain letters was written as one word: one piece of
        the original text, not changing from lower case to capitals inside."""
        first, last = origin[offset], origin[offset + len(chunk) - 1] + 1
        written = text[first:last]
        if not (written.isascii() and written.isalpha()):
            return False  # something dropped inside (an invisible character)
        return len(written) == 1 or written[1:].islower() or written.isupper()

    def _plain_chunk(
        self, text: str, origin: list[int], offset: int, word: str, strict: bool
    ) -> Iterator[tuple[int, int, str]]:
        """The names in a chunk of plain letters written as one word (the common case)."""
        t = self._t
        kind = t.words.get(word)
        end = offset + len(word)
        if kind is not None and not (
            not strict and word in t.common and self._plain_word(text, origin, offset, end)
        ):
            yield offset, end, kind
        if len(word) >= ANYWHERE_RUN_TOGETHER:
            for start, stop, found in self._together.find(word):
                yield offset + start, offset + stop, found

    def _spaced_letters(
        self, chunks: list[tuple[int, str]], line_start: int
    ) -> Iterator[tuple[int, int, str]]:
        """Names spelled one letter at a time with spaces between ("T a y l o r")."""
        t = self._t
        run: list[tuple[int, str]] = []
        for chunk_start, chunk in [*chunks, (-1, "")]:
            bare = _POSSESSIVE_END.sub("", chunk)  # "T a y l o r's"
            letters = [(i, c) for i, c in enumerate(bare) if c.isalpha()]
            if len(letters) == 1 and chunk_start >= 0:
                run.append((chunk_start + letters[0][0], letters[0][1]))
                continue
            if len(run) >= 2:
                word = "".join(c for _, c in run)
                bounds = list(range(len(word) + 1))
                for start, end in _aligned(word, bounds, t.words, self._max_word):
                    yield (
                        line_start + run[start][0],
                        line_start + run[end - 1][0] + 1,
                        t.words[word[start:end]],
                    )
                for start, end, kind in self._together.find(word):
                    yield line_start + run[start][0], line_start + run[end - 1][0] + 1, kind
            run = []

    @staticmethod
    def _plain_word(text: str, origin: list[int], start: int, end: int) -> bool:
        """A common-word name that reads as the word (see the module's description)."""
        first, last = origin[start], origin[end - 1] + 1
        written = text[first:last]
        before = text[first - 1] if first else ""
        after = text[last : last + 2]
        possessive = after[:1] in "'\u2019\u02bc`" and after[1:2].casefold() == "s"
        marked = (
            not (written.isascii() and written.isalpha())  # look-alike, invisible, wide
            or text.strip(_AROUND_A_WORD) == written  # the whole text ("Grace", a group)
            or before in ("#", "@")
            or before.isdigit()
            or after[:1].isdigit()
            or before.isalpha()  # a piece of a longer word split by case ("WillBrennan")
            or after[:1].isalpha()
            or (possessive and written[0].isupper() and not text[last + 2 : last + 3].isalpha())
        )
        if marked:
            return False
        return written[0].islower() or _sentence_start(text, first)


def _sentence_start(text: str, index: int) -> bool:
    """True when ``index`` begins the text, a line, a sentence or a clause after a
    colon, leaving aside spaces, quotes, brackets and bullets before it."""
    i = index - 1
    while i >= 0 and ((text[i].isspace() and text[i] != "\n") or text[i] in _OPENERS):
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


class _Index:
    """Strings found anywhere in a text, looked up by their first few characters."""

    def __init__(self, targets: dict[str, str], key: int = 4) -> None:
        self._targets = targets
        self._key = key
        self._by_start: dict[str, list[str]] = defaultdict(list)
        for target in targets:
            self._by_start[target[:key]].append(target)

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        if not self._targets:
            return
        if len(self._targets) <= _FEW:  # a few: str.find, in C
            for target, kind in self._targets.items():
                at = text.find(target)
                while at >= 0:
                    yield at, at + len(target), kind
                    at = text.find(target, at + 1)
            return
        by_start, key = self._by_start, self._key
        for i in range(len(text)):
            candidates = by_start.get(text[i : i + key])
            if candidates:
                for target in candidates:
                    if text.startswith(target, i):
                        yield i, i + len(target), self._targets[target]


def _lines(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _chunks(line: str) -> Iterator[tuple[int, str]]:
    """The runs of ``line`` between spaces."""
    for match in re.finditer(r"\S+", line):
        yield match.start(), match.group()


def _bounds(
    inner: list[tuple[int, str]],
    *,
    text: str | None = None,
    origin: list[int] | None = None,
    offset: int = 0,
) -> list[int]:
    """Indices into the kept characters of a chunk (``inner``: index, character) where
    a word may start or end: where kept characters meet others, where a lower-case
    letter meets a capital in the original text, and where a script without word
    breaks begins or ends."""
    bounds = {0, len(inner)}
    for n in range(1, len(inner)):
        here, previous = inner[n][0], inner[n - 1][0]
        if here != previous + 1:
            bounds.add(n)
            continue
        if without_word_breaks(inner[n][1]) != without_word_breaks(inner[n - 1][1]):
            bounds.add(n)
            continue
        if text is not None and origin is not None:
            a, b = origin[offset + previous], origin[offset + here]
            if a != b and text[a].islower() and text[b].isupper():
                bounds.add(n)
    return sorted(bounds)


def _aligned(
    word: str, bounds: list[int], targets: dict[str, str], longest: int
) -> Iterator[tuple[int, int]]:
    """Spans of ``word`` from one bound to a later one that are targets.

    Only bounds at most ``longest`` apart are tried, walking forward from each bound
    (no copy of the rest of the list): linear in the length of a hostile word such as
    "a-a-a-..." of 100,000 characters, not quadratic."""
    count = len(bounds)
    for a, start in enumerate(bounds):
        b = a + 1
        while b < count and bounds[b] - start <= longest:
            end = bounds[b]
            if word[start:end] in targets:
                yield start, end
            b += 1


def _digit_runs(text: str) -> Iterator[tuple[int, int, str, bool]]:
    """Runs of digits (see ``_DIGIT_RUN``): (start, end, the digits, whether a "+" leads)."""
    for match in _DIGIT_RUN.finditer(text):
        start = match.start()
        digits = _NOT_DIGITS.sub("", match.group())
        plus = text[max(0, start - 3) : start].rstrip(" (").endswith("+")
        yield start, match.end(), digits, plus


__all__ = [
    "COMMON_WORD_NAMES",
    "CONTACT_NAME",
    "EMAIL",
    "MEMBER_NAME",
    "PHONE",
    "Finder",
    "Hit",
    "Person",
]
