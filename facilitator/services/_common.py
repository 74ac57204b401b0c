"""What every service shares: the clock and input cleaning."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from facilitator.domain.text import free_text_lines, text_problem
from facilitator.errors import InvalidInput


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

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE_CHARS = re.compile(r"^[0-9+()\-.\s/]*(?:(?:ext\.?|x)\s*[0-9]{1,6})?$", re.IGNORECASE)


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
    text = clean_text(value, "e-mail address", max_length=200)
    if text and not _EMAIL.match(text):
        raise InvalidInput("The e-mail address is not valid (expected name@example.org).")
    return text


def clean_phone(value: str | None) -> str:
    text = clean_text(value, "phone number", max_length=50)
    if not text:
        return ""
    digits = sum(ch.isdigit() for ch in text)
    if not _PHONE_CHARS.match(text) or not 6 <= digits <= 17:
        raise InvalidInput(
            "The phone number has letters or too few or too many digits "
            "(expected something like +44 7700 900123 or (555) 010-4477)."
        )
    return text
