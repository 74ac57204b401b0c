"""The guide's bundled pages: every topic has its page, every link stays inside the guide,
the pages ship with the package, every key the Keys page names exists, and a translation
falls back to English page by page (issue 16, "Help")."""

from __future__ import annotations

import html.parser
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from facilitator.ui.help import topics
from facilitator.ui.help.topics import TOPICS, Guide, choose_language, topic_for_page

ROOT = Path(__file__).resolve().parents[3]
PAGES = resources.files("facilitator.ui.help").joinpath("pages", "en")


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "href" and value is not None:
                self.links.append(value)
            if name == "id" and value is not None:
                self.ids.add(value)
            if name in {"src", "background"} and value is not None:
                self.sources.append(value)


def _parsed(topic: str) -> _Links:
    parser = _Links()
    parser.feed(PAGES.joinpath(f"{topic}.html").read_text(encoding="utf-8"))
    return parser


def test_every_topic_has_one_english_page_with_a_title_and_nothing_else_is_bundled() -> None:
    files = sorted(entry.name for entry in PAGES.iterdir())
    assert files == sorted(f"{topic}.html" for topic in TOPICS)
    guide = Guide("en")
    titles = [guide.page(topic).title for topic in TOPICS]
    assert all(titles) and len(set(titles)) == len(titles)


def test_every_link_in_every_page_leads_to_a_bundled_page_and_place() -> None:
    """No external address at all: the app makes no network connection, ever."""
    for topic in TOPICS:
        text = PAGES.joinpath(f"{topic}.html").read_text(encoding="utf-8")
        assert "://" not in text, topic
        assert not re.search(r"\b(?:https?|ftp|mailto|file):", text, re.IGNORECASE), topic
        parsed = _parsed(topic)
        assert parsed.sources == [], topic  # no image or anything else to fetch
        for link in parsed.links:
            page, _, fragment = link.partition("#")
            target = page.removesuffix(".html") if page else topic
            assert page == "" or page == f"{target}.html", (topic, link)
            assert target in TOPICS, (topic, link)
            if fragment:
                assert fragment in _parsed(target).ids, (topic, link)


def test_the_pages_are_linked_together() -> None:
    """Every page but the first is reached by a link from another page."""
    linked = {
        link.partition("#")[0].removesuffix(".html")
        for topic in TOPICS
        for link in _parsed(topic).links
    }
    assert set(TOPICS) - linked <= {"start"}


def test_every_main_window_page_has_a_topic() -> None:
    from facilitator.ui.frame.main_window import SIDEBAR_PAGES

    for key in (*SIDEBAR_PAGES, "session", "search"):
        assert topic_for_page(key) in TOPICS
        assert topic_for_page(key) != "start", key
    assert topic_for_page("session") == "checkin"
    assert topic_for_page("nowhere") == "start"


def test_search_folds_case_and_accents_as_the_app_does() -> None:
    guide = Guide("en")
    assert guide.matching("ZOË") == guide.matching("zoe") == ["checkin"]
    assert guide.matching("hibernation") == ["data"]
    assert guide.matching("printed title") == guide.matching("PRINTED   Title")
    assert "groups" in guide.matching("printed title")
    assert guide.matching("") == list(TOPICS)
    assert guide.matching("xylophone") == []


def test_the_privacy_words_are_explained() -> None:
    guide = Guide("en")
    for words, topic in (
        ("printed title", "groups"),
        ("archive nothing is deleted", "members"),
        ("smallest count shown", "reports"),
        ("worked out hidden", "reports"),
        ("backup passphrase", "backups"),
        ("forget redacted backups", "forgetting"),
    ):
        assert topic in guide.matching(words), words


def test_a_translation_falls_back_to_english_page_by_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20 adds pages/es/: a page it has not translated yet is shown in English."""
    real = topics._pages_folder
    spanish = tmp_path / "es"
    spanish.mkdir()
    (spanish / "today.html").write_text(
        "<html><head><title>Hoy</title></head><body><p>Las sesiones de hoy.</p></body></html>",
        encoding="utf-8",
    )
    monkeypatch.setattr(
        topics, "_pages_folder", lambda language: spanish if language == "es" else real(language)
    )
    assert choose_language(["es-MX", "en-US"]) == "es"
    assert choose_language(["fr_FR", "de"]) == "en"
    assert choose_language(["../en", ""]) == "en"
    guide = Guide("es")
    assert guide.page("today").title == "Hoy"
    assert guide.page("today").language == "es"
    assert guide.page("groups").language == "en"
    assert guide.matching("sesiones") == ["today"]
    topics._read.cache_clear()


def test_the_pages_ship_in_the_built_package(tmp_path: Path) -> None:
    """What setuptools puts in a wheel (build_py with the package data of pyproject.toml),
    read back with importlib.resources from the built tree alone."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "facilitator", source / "facilitator", ignore=shutil.ignore_patterns("__pycache__")
    )
    built = tmp_path / "built"
    subprocess.run(
        [sys.executable, "-c", "from setuptools import setup; setup()", "-q", "build_py",
         "--build-lib", str(built)],
        cwd=source, check=True, capture_output=True,
    )  # fmt: skip
    shipped = sorted(p.name for p in (built / "facilitator/ui/help/pages/en").glob("*.html"))
    assert shipped == sorted(f"{topic}.html" for topic in TOPICS)
    read = subprocess.run(
        [sys.executable, "-I", "-c",
         "import sys; sys.path.insert(0, sys.argv[1]);"
         "import facilitator.ui.help.topics as t;"
         "g = t.Guide('en');"
         "print(t.__file__); print(len(g.pages), g.matching('hibernation'))",
         str(built)],
        cwd=tmp_path, check=True, capture_output=True, text=True,
    )  # fmt: skip
    where, found = read.stdout.splitlines()
    assert where.startswith(str(built))
    assert found == f"{len(TOPICS)} ['data']"
