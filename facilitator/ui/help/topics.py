"""The guide's pages: which topics exist, where their HTML is, and which contain a search.

A page is ``pages/<language>/<topic>.html`` inside this package, read with
:mod:`importlib.resources` (so it loads from an installed wheel, a zip or a frozen build
alike, never from a path on disk the user chose).  A translation adds a folder
(``pages/es/``); a topic it has not translated yet falls back to English, page by page.

Searching folds text with :func:`facilitator.domain.folding.search_fold`, as every filter
box of the app does: case and accents ignored, so "resume" finds "résumé".

No Qt here: the window (``window.py``) shows what this module reads.
"""

from __future__ import annotations

import html.parser
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from facilitator.domain.folding import search_fold

FALLBACK_LANGUAGE = "en"
# The topics in the order of the contents list.  Each is a page file in every language
# folder (English at least); links between pages name these files ("groups.html").
TOPICS: tuple[str, ...] = (
    "start",
    "today",
    "groups",
    "members",
    "member",
    "checkin",
    "notes",
    "followups",
    "reports",
    "sheets",
    "backups",
    "forgetting",
    "privacy",
    "keys",
    "data",
)
# The main window's page keys, and the topic F1 opens on each.
PAGE_TOPICS: dict[str, str] = {
    "today": "today",
    "groups": "groups",
    "members": "members",
    "follow_ups": "followups",
    "reports": "reports",
    "session": "checkin",
    "search": "notes",
}
_LANGUAGE = re.compile(r"[a-z]{2,3}")


def topic_for_page(page_key: str) -> str:
    """The topic F1 opens on the main window's page ``page_key`` (the first steps when
    the page has no topic of its own)."""
    return PAGE_TOPICS.get(page_key, TOPICS[0])


def _pages_folder(language: str) -> resources.abc.Traversable:
    return resources.files(__package__ or "facilitator.ui.help").joinpath("pages", language)


def choose_language(preferred: Iterable[str]) -> str:
    """The first of the user's UI languages ("es-MX", "es", "en-US") the guide has pages
    for, by its two- or three-letter code; English when none."""
    for tag in preferred:
        code = tag.replace("_", "-").split("-")[0].lower()
        if _LANGUAGE.fullmatch(code) and _pages_folder(code).is_dir():
            return code
    return FALLBACK_LANGUAGE


class _Text(html.parser.HTMLParser):
    """A page's title and its words as a reader sees them (no tags)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.parts: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        else:
            self.parts.append(data)


@dataclass(frozen=True)
class GuidePage:
    """One page of the guide in one language."""

    topic: str
    language: str
    title: str
    html: str
    folded: str  # the words a reader sees, folded for search

    def contains(self, words: Sequence[str]) -> bool:
        """Whether every (folded) word occurs in the page."""
        return all(word in self.folded for word in words)


def search_words(query: str) -> list[str]:
    """The words of a search, folded; empty for a blank search."""
    return [search_fold(word) for word in query.split()]


@lru_cache(maxsize=64)
def _read(topic: str, language: str) -> GuidePage:
    text = _pages_folder(language).joinpath(f"{topic}.html").read_text(encoding="utf-8")
    parsed = _Text()
    parsed.feed(text)
    parsed.close()
    title = " ".join(parsed.title.split())
    words = " ".join(" ".join(parsed.parts).split())
    return GuidePage(topic, language, title, text, search_fold(f"{title} {words}"))


class Guide:
    """Every page of the guide in one language (English for those not translated)."""

    def __init__(self, language: str = FALLBACK_LANGUAGE) -> None:
        self.language = language
        self.pages: dict[str, GuidePage] = {}
        for topic in TOPICS:
            own = _pages_folder(language).joinpath(f"{topic}.html")
            self.pages[topic] = _read(topic, language if own.is_file() else FALLBACK_LANGUAGE)

    @classmethod
    def for_languages(cls, preferred: Iterable[str]) -> Guide:
        return cls(choose_language(preferred))

    def page(self, topic: str) -> GuidePage:
        """The page of ``topic`` (the first steps for an unknown topic)."""
        return self.pages.get(topic, self.pages[TOPICS[0]])

    def matching(self, query: str) -> list[str]:
        """The topics whose page holds every word of ``query`` (all topics for a blank
        search), in contents order."""
        words = search_words(query)
        return [topic for topic, page in self.pages.items() if page.contains(words)]
