"""The roster's identifiers: one model for redaction, forgetting and the leak guard.

:meth:`Identifiers.from_members` reads, for every member, what identifies them in
text — first, last and preferred names, phone number, e-mail address, and from the
emergency-contact field the contact's name words, phone numbers and e-mail addresses
(leaving out words that describe the contact: "mum", "partner", "tel") — once, and
keeps it two ways:

- folded name variants, national phone numbers and addresses (``names``,
  ``contact_names``, ``phones``, ``emails``): what the redactor of session topics
  matches with its word patterns (:meth:`Identifiers.redactor`);
- each member's identifiers as typed (``people``, :class:`~facilitator.exports.finder.Person`):
  what the leak guard's independent method looks for (:meth:`Identifiers.finder`),
  and what forgetting one member looks for (:func:`person_of` and
  :class:`~facilitator.exports.redact.MentionRedactor`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from facilitator.domain.folding import redaction_fold as fold
from facilitator.exports.finder import (
    MIN_PHONE_DIGITS,
    Finder,
    Person,
    phone_digits,
    split_country_code,
)
from facilitator.exports.redact import (
    DIGIT_RUNS,
    EMAILS,
    Redactor,
    name_variants,
)

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


def _national_numbers(raw: str) -> set[str]:
    """The national significant numbers a stored phone number is known by (digits only,
    without trunk prefix or country code), whatever the machine's locale."""
    digits, international = phone_digits(raw)
    if international:
        split = split_country_code(digits)
        national = split[1] if split is not None else digits
    else:
        national = digits
    national = national.lstrip("0")
    return {national} if len(national) >= MIN_PHONE_DIGITS else set()


def contact_parts(contact: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """An emergency-contact field's (name words, phone numbers, e-mail addresses), as
    typed; words that describe the contact ("mum", "tel") are not names."""
    emails = tuple(match.group() for match in EMAILS.finditer(contact))
    rest = EMAILS.sub(" ", contact)
    phones = tuple(
        match.group()
        for match in DIGIT_RUNS.finditer(rest)
        if sum(c.isdigit() for c in match.group()) >= 6
    )
    rest = DIGIT_RUNS.sub(" ", rest)
    words = tuple(
        word
        for word in re.sub(r"[,:()]", " ", rest).split()
        if fold(word).strip(".;'") not in _NOT_CONTACT_NAMES and any(c.isalpha() for c in word)
    )
    return words, phones, emails


def person_of(member: Identifying) -> Person:
    """One member's identifiers as typed, emergency contact included."""
    words, phones, emails = contact_parts(member.emergency_contact)
    return Person(
        names=(member.first_name, member.last_name, member.preferred_name),
        contact_names=(" ".join(words),) if words else (),
        phones=tuple(p for p in (member.phone.strip(), *phones) if p),
        emails=tuple(e for e in (member.email.strip(), *emails) if e),
    )


@dataclass(frozen=True, slots=True)
class Identifiers:
    """What identifies the roster's members in text.

    ``names`` and ``contact_names`` are folded name variants (see
    :func:`~facilitator.exports.redact.name_variants`); ``phones`` are national
    significant numbers (digits only); ``emails`` are folded addresses: what the
    redactor matches.  ``people`` holds each member's identifiers as typed, for the
    leak guard's own method (:meth:`finder`).  Member ids are not text identifiers:
    they are small numbers like any count.
    """

    names: frozenset[str] = frozenset()
    contact_names: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    region: str = "GB"
    people: tuple[Person, ...] = ()
    _finder: list[Finder] = field(default_factory=list, compare=False, repr=False)

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
        people: list[Person] = []
        for member in members:
            person = person_of(member)
            people.append(person)
            for name in person.names:
                names |= name_variants(name)
            for phone in person.phones:
                phones |= _national_numbers(phone)
            emails.update(fold(address) for address in person.emails)
            for contact in person.contact_names:
                contact_names |= {
                    word for word in name_variants(contact) if word not in _NOT_CONTACT_NAMES
                }
        return cls(
            names=frozenset(names),
            contact_names=frozenset(contact_names - names),
            phones=frozenset(phones),
            emails=frozenset(emails),
            region=region,
            people=tuple(people),
        )

    def redactor(self) -> Redactor:
        """A redactor for free text that removes every name this guard looks for."""
        return Redactor(self.names | self.contact_names, region=self.region, finder=self.finder())

    def finder(self) -> Finder:
        """The leak guard's own method over these people (built once, on first use)."""
        if not self._finder:
            self._finder.append(Finder(self.people, region=self.region))
        return self._finder[0]


__all__ = ["Identifiers", "Identifying", "contact_parts", "person_of"]
