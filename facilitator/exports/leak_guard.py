"""The last check before an export is written: no roster identifier in its text.

The guard reads the export's *final* text (the strings a PDF drew, a CSV's cells)
and refuses it, raising :class:`~facilitator.errors.LeakFound`, if it finds any
member's name, emergency contact's name, phone number or e-mail address.  Names
are matched as whole words, case- and accent-insensitively, exactly as
:class:`~facilitator.exports.redact.Redactor` matches them, so text redacted with
:meth:`Identifiers.redactor` always passes.  The error says what *kind* of
identifier was found, never which.

A member called "Will" or "May" makes those words identifiers.  The export's own
fixed wording (headings, labels) is passed as ``allowed``: each phrase is removed,
as a whole phrase, before the scan, so a heading "Will attend" is not a leak while
"Will" anywhere else still is.  Pass whole phrases, not single common words, and
print months as "2026-05", not "May".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import phonenumbers

from facilitator.errors import LeakFound
from facilitator.exports.redact import (
    DIGIT_RUNS,
    EMAILS,
    MIN_PHONE_DIGITS,
    Redactor,
    fold,
    name_spans,
    name_variants,
)

MEMBER_NAME = "a member's name"
CONTACT_NAME = "an emergency contact's name"
PHONE = "a phone number"
EMAIL = "an e-mail address"

_SUBSTRING_PHONE_DIGITS = 9
"""A stored number this long is a leak wherever its digits appear in a run of digits;
a shorter one only when the run is exactly the number (with its prefixes)."""


_NOT_CONTACT_NAMES = frozenset(
    {
        "and",
        "or",
        "the",
        "of",
        "my",
        "his",
        "her",
        "their",
        "our",
        "at",
        "on",
        "in",
        "c/o",
        "mum",
        "mom",
        "mummy",
        "mommy",
        "mother",
        "dad",
        "daddy",
        "father",
        "parent",
        "parents",
        "wife",
        "husband",
        "partner",
        "spouse",
        "sister",
        "brother",
        "sibling",
        "son",
        "daughter",
        "child",
        "friend",
        "best",
        "aunt",
        "auntie",
        "aunty",
        "uncle",
        "cousin",
        "niece",
        "nephew",
        "nan",
        "nana",
        "nanna",
        "gran",
        "granny",
        "grandma",
        "grandmother",
        "grandpa",
        "grandad",
        "granddad",
        "grandfather",
        "grandparent",
        "neighbour",
        "neighbor",
        "carer",
        "caregiver",
        "guardian",
        "sponsor",
        "boyfriend",
        "girlfriend",
        "fiance",
        "fiancee",
        "flatmate",
        "roommate",
        "housemate",
        "colleague",
        "step",
        "in-law",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "tel",
        "phone",
        "mobile",
        "mob",
        "cell",
        "home",
        "work",
        "email",
        "e-mail",
        "call",
        "contact",
        "emergency",
        "n/a",
        "na",
        "none",
        "same",
        "address",
        "text",
        "as",
        "above",
        "below",
        "see",
        "is",
        "are",
        "to",
        "for",
        "with",
        "by",
        "from",
        "via",
        "only",
        "not",
        "no",
        "also",
        "if",
        "any",
        "unknown",
        "tbc",
        "yes",
        "ask",
    }
)
"""Words in an emergency-contact field that describe the contact, not name them."""


def _digits(text: str) -> str:
    return "".join(char for char in fold(text) if char.isdigit())


def _phone_forms(raw: str, region: str) -> set[str]:
    """The national significant numbers a stored phone number is known by."""
    forms: set[str] = set()
    digits = _digits(raw)
    if len(digits) >= MIN_PHONE_DIGITS:
        forms.add(digits.lstrip("0"))
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return forms
    national = phonenumbers.national_significant_number(number)
    if len(national) >= MIN_PHONE_DIGITS:
        forms.add(national)
    return forms


class Identifying(Protocol):
    """What the guard reads of a member: a MemberRecord, or a row of just these."""

    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def preferred_name(self) -> str: ...
    @property
    def phone(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def emergency_contact(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Identifiers:
    """What identifies the roster's members in text (folded for matching).

    ``names`` and ``contact_names`` are folded name variants (see
    :func:`~facilitator.exports.redact.name_variants`); ``phones`` are national
    significant numbers (digits only); ``emails`` are folded addresses.  Member ids
    are not text identifiers: they are small numbers like any count.
    """

    names: frozenset[str] = frozenset()
    contact_names: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    region: str = "GB"

    @classmethod
    def from_members(cls, members: Iterable[Identifying], *, region: str = "GB") -> Identifiers:
        """The names, phones, e-mails and emergency contacts of ``members``.

        From the emergency-contact field, phone numbers and e-mail addresses are
        taken as such and the remaining words as a contact's name, leaving out words
        that describe the contact ("mum", "partner", "tel").
        """
        names: set[str] = set()
        contact_names: set[str] = set()
        phones: set[str] = set()
        emails: set[str] = set()
        for member in members:
            for name in (member.first_name, member.last_name, member.preferred_name):
                names |= name_variants(name)
            if member.phone.strip():
                phones |= _phone_forms(member.phone, region)
            if member.email.strip():
                emails.add(fold(member.email.strip()))
            contact = member.emergency_contact
            for match in EMAILS.finditer(contact):
                emails.add(fold(match.group()))
            contact = EMAILS.sub(" ", contact)
            for match in DIGIT_RUNS.finditer(contact):
                phones |= _phone_forms(match.group(), region)
            words = {word for word in name_variants(contact) if word not in _NOT_CONTACT_NAMES}
            contact_names |= words
        return cls(
            names=frozenset(names),
            contact_names=frozenset(contact_names - names),
            phones=frozenset(phones),
            emails=frozenset(emails),
            region=region,
        )

    def redactor(self) -> Redactor:
        """A redactor for free text that removes every name this guard looks for."""
        return Redactor(self.names | self.contact_names, region=self.region)


def check_no_leaks(text: str, identifiers: Identifiers, *, allowed: Iterable[str] = ()) -> None:
    """Raise :class:`~facilitator.errors.LeakFound` if ``text`` contains an identifier.

    ``allowed`` is the export's own fixed wording (headings, labels): each phrase is
    removed from the text, where it stands as whole words, before the scan.
    """
    kind = find_leak(text, identifiers, allowed=allowed)
    if kind is not None:
        raise LeakFound(
            f"The export was refused and no file was written: its text contains {kind} "
            "from the roster. Leave out or reword the text that mentions it (for example "
            "a session topic), then export again.",
            kind=kind,
        )


def find_leak(text: str, identifiers: Identifiers, *, allowed: Iterable[str] = ()) -> str | None:
    """The kind of the first identifier found in ``text`` (see :func:`check_no_leaks`)."""
    folded = _without(fold(text), allowed)
    for match in EMAILS.finditer(folded):
        if match.group().strip(".'") in identifiers.emails:
            return EMAIL
    if identifiers.phones and _has_phone(folded, identifiers):
        return PHONE
    if identifiers.names and name_spans(folded, identifiers.names):
        return MEMBER_NAME
    if identifiers.contact_names and name_spans(folded, identifiers.contact_names):
        return CONTACT_NAME
    return None


def _without(folded: str, allowed: Iterable[str]) -> str:
    phrases = sorted({fold(phrase).strip() for phrase in allowed} - {""}, key=len, reverse=True)
    if not phrases:
        return folded
    pattern = "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)
    return re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", "\n", folded)


def _has_phone(folded: str, identifiers: Identifiers) -> bool:
    phones = identifiers.phones
    matcher = phonenumbers.PhoneNumberMatcher(
        folded, identifiers.region, leniency=phonenumbers.Leniency.POSSIBLE
    )
    for found in matcher:
        if phonenumbers.national_significant_number(found.number) in phones:
            return True
    lengths = sorted({len(phone) for phone in phones})
    for match in DIGIT_RUNS.finditer(folded):
        digits = _digits(match.group())
        if len(digits) < MIN_PHONE_DIGITS:
            continue
        if digits.lstrip("0") in phones:
            return True
        for length in lengths:
            if length >= _SUBSTRING_PHONE_DIGITS:
                pieces = (digits[i : i + length] for i in range(len(digits) - length + 1))
                if any(piece in phones for piece in pieces):
                    return True
            elif digits[-length:] in phones:
                return True
    return False
