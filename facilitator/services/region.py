"""The country this computer is set for, from its locale: the paper a sheet is printed
on, and the country a phone number written without its country code belongs to.

Its own small module (only ``os`` and ``locale``) so that checking a phone number does
not load the PDF code that the sign-in sheets need.
"""

from __future__ import annotations

import locale
import os


def region_of(locale_name: str | None) -> str:
    """The country a locale names ("en_US" -> "US"), for reading phone numbers; else GB."""
    if locale_name:
        parts = locale_name.split(".", 1)[0].replace("-", "_").split("_")
        if len(parts) > 1 and len(parts[1]) == 2 and parts[1].isalpha():
            return parts[1].upper()
    return "GB"


def paper_locale() -> str | None:
    """The locale that decides the paper size: ``LC_ALL``, ``LC_PAPER``, the process's
    locale, then ``LANG`` — the first that names a country ("en_US", not "C")."""
    candidates = (
        os.environ.get("LC_ALL"),
        os.environ.get("LC_PAPER"),
        locale.getlocale()[0],
        os.environ.get("LANG"),
    )
    for name in candidates:
        if name and "_" in name.split(".", 1)[0].replace("-", "_"):
            return name
    return None
