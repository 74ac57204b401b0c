"""What every service shares: the clock and input cleaning."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import email_validator
import phonenumbers

from facilitator.domain.text import free_text_lines, text_problem
from facilitator.errors import InvalidInput
from facilitator.services.region import paper_locale, region_of


def _now() -> dt.datetime:
    return dt.datetime.now()


@dataclass(frozen=True, slots=True)
class Clock:
    """The time, injectable so tests can fix "today"."""

    now: Callable[[], dt.datetime] = field(default=_now)

    def today(self) -> dt.date:
        return self.now().date()

    @classmethod
    def fixed(cls, moment: dt.datetime) -> Clock:
        return cls(now=lambda: moment)


SYSTEM_CLOCK = Clock()

# A number's own characters: "+", digits, keypad letters (a vanity number such as
# 0800-FLOWERS) and the separators people write; it starts with "+", a digit or "(".
# phonenumbers itself would skip any text before the number ("Kim 07700 900999").
_PHONE_SHAPE = re.compile(r"^\+?[0-9(][0-9A-Za-z()\-.\s/]*$")
_EXTENSION = re.compile(r"\s*(?:ext\.?|x|#)\s*[0-9]{1,6}$", re.IGNORECASE)
_OTHER_REGIONS = tuple(sorted(phonenumbers.SUPPORTED_REGIONS))
MIN_PHONE_DIGITS = 6
MAX_PHONE_DIGITS = 17
# A vanity number's letters stand for much of it (0800-FLOWERS, 1-800-273-TALK): with
# more digits than this written as digits ("07700 900123 Kim": 11), letters are
# something else.
MAX_VANITY_DIGITS = 8
_BAD_PHONE = (
    "The phone number is not a number that can be dialled (expected something like "
    "+44 7700 900123, (555) 010-4477 or 0800-FLOWERS; write a number from abroad "
    "with + and its country code)."
)


def clean_text(
    value: str | None,
    label: str,
    *,
    max_length: int,
    required: bool = False,
    free_text: bool = False,
) -> str:
    """``value`` tidied, or InvalidInput naming ``label`` (never the value).

    One-line fields (``free_text`` False) have their white space folded to single
    spaces; free text keeps its lines and tabs, with every line break made LF.  Either
    way :func:`facilitator.domain.text.text_problem` decides what may not be stored."""
    raw = value or ""
    problem = text_problem(raw, free_text=free_text)
    if problem is not None:
        raise InvalidInput(f"The {label} {problem}.")
    text = free_text_lines(raw).strip() if free_text else " ".join(raw.split())
    if required and not text:
        raise InvalidInput(f"The {label} is empty; it is required.")
    if len(text) > max_length:
        raise InvalidInput(f"The {label} is longer than {max_length} characters.")
    return text


def clean_email(value: str | None) -> str:
    """The address as typed (white space trimmed) if the ``email-validator`` package
    reads it as well formed (``a..b@example.org`` is not).  Never any network: whether
    the domain receives mail is not asked."""
    text = clean_text(value, "e-mail address", max_length=200)
    if not text:
        return ""
    try:
        email_validator.validate_email(text, check_deliverability=False)
    except email_validator.EmailNotValidError:
        raise InvalidInput("The e-mail address is not valid (expected name@example.org).") from None
    return text


@cache
def _possible(number: str, region: str) -> bool:
    """Whether phonenumbers reads ``number`` as possible in ``region``, or written
    without a country code, in any country (at most ~1 ms: 245 regions, cached)."""
    if _possible_in(number, region):
        return True
    if number.startswith("+"):
        return False  # read in its own country only
    return any(_possible_in(number, where) for where in _OTHER_REGIONS)


def _possible_in(number: str, region: str) -> bool:
    try:
        return bool(phonenumbers.is_possible_number(phonenumbers.parse(number, region)))
    except phonenumbers.NumberParseException:
        return False


def _ascii_digits(text: str) -> str:
    """Digits and letters typed in another form made plain: full-width ones (an East
    Asian keyboard: U+FF10..) and the digits of other scripts (an Arabic keyboard:
    U+0660..), as phonenumbers itself reads them.  Stored plain, as the leak guard
    reads every number."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def clean_phone(value: str | None, region: str | None = None) -> str:
    """The number as typed with a vanity number's letters turned into the keypad's
    digits ("0800-FLOWERS" is kept as "0800-3569377"), and digits typed full-width or
    in another script made plain: the leak guard finds a roster phone in text by its
    digits, so the digits are what must be stored.

    Accepted when ``phonenumbers`` reads it as a possible number with 6 to 17 digits
    (fewer could not be told from other numbers in a text): one written with "+" (or
    "00") in its country; one without, in ``region`` (default: the country of this
    computer's locale, as everywhere the app reads phone numbers) or, failing that, in
    some other country — a computer's locale is often not the country the group meets
    in (C.UTF-8 reads as en_US), and the leak guard reads stored numbers whatever the
    locale."""
    text = _ascii_digits(clean_text(value, "phone number", max_length=50))
    if not text:
        return ""
    extension = _EXTENSION.search(text)
    main = text[: extension.start()] if extension else text
    if not _PHONE_SHAPE.match(main):
        raise InvalidInput(_BAD_PHONE)
    letters = sum(c.isalpha() for c in main)
    if letters and (letters < 3 or sum(c.isdigit() for c in main) > MAX_VANITY_DIGITS):
        raise InvalidInput(_BAD_PHONE)  # e.g. a name after a whole number: "07700 900123 Kim"
    dialled = phonenumbers.convert_alpha_characters_in_number(main)
    if not MIN_PHONE_DIGITS <= sum(c.isdigit() for c in dialled) <= MAX_PHONE_DIGITS:
        raise InvalidInput(_BAD_PHONE)
    if not _possible(main, region or region_of(paper_locale())):
        raise InvalidInput(_BAD_PHONE)
    return dialled + (text[extension.start() :] if extension else "")
