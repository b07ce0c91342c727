"""The pages in a real browser: headless Debian chromium driven by Playwright, against a real server.

Chromium comes from Debian (``apt-get install chromium``; ``bash scripts/test`` installs it); Playwright's
own browser download is never used. Without chromium the test fails under CI (``CI=true``) and is skipped
elsewhere, saying how to install it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serve_data import HOSTILE, REPO, A, B, make_app
from serve_live import live_server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
OUTPUT = REPO / "test-output" / "serve"


def _unavailable(reason: str) -> None:
    message = f"{reason}; install it with: apt-get install -y chromium (bash scripts/test does it as root)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser test cannot run in CI: {message}")
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, backend: Any) -> Iterator[tuple[Any, str]]:
    with live_server(make_app(backend)) as base:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        yield context.new_page(), base
        context.close()


def _shot(page: Any, name: str) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / name
    page.screenshot(path=str(path), full_page=True)
    return path


def test_story_to_comparison_highlights_both_sides(page: tuple[Any, str], story_id: str) -> None:
    tab, base = page
    tab.goto(f"{base}/")
    _shot(tab, "stories.png")
    tab.locator(f'a[href="/story/{story_id}"]').click()
    tab.wait_for_url(f"**/story/{story_id}")
    assert tab.locator("svg.graph .edge.copy").count() == 1
    _shot(tab, "story.png")
    tab.locator("a.compare-link").first.click()
    tab.wait_for_url("**/compare?*")
    assert "a=seeds%2F000_d4a47ec4de73bb3b.txt" in tab.url and "b=seeds%2F001_fdedb239be57391e.txt" in tab.url

    left, right = tab.locator(".side-a"), tab.locator(".side-b")
    for side in (left, right):
        assert side.locator(".al.exact").count() > 0 and side.locator(".al.paraphrase").count() > 0
    exact_bg = left.locator(".al.exact").first.evaluate("e => getComputedStyle(e).backgroundColor")
    para_bg = left.locator(".al.paraphrase").first.evaluate("e => getComputedStyle(e).backgroundColor")
    only_bg = left.locator("mark.only").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert len({exact_bg, para_bg, only_bg, "rgba(0, 0, 0, 0)"}) == 4  # the bundled stylesheet is applied

    # 000's Arctic Sentry paragraphs are marked as 000-only, wholly; 001 has nothing of its own.
    arctic = left.locator("p", has_text="Arctic Sentry")
    assert arctic.count() >= 1
    for i in range(arctic.count()):
        paragraph = arctic.nth(i)
        marked = "".join(paragraph.locator("mark.only").all_inner_texts())
        assert marked.strip() == paragraph.inner_text().strip()
    assert right.locator("mark.only").count() == 0

    # Hovering a passage lights up its counterpart; clicking jumps to it.
    first = left.locator(".al.exact").first
    target = first.get_attribute("href")
    first.hover()
    counterpart = tab.locator(target)
    assert "active" in (counterpart.get_attribute("class") or "")
    first.click()
    assert tab.url.endswith(target)
    _shot(tab, "compare.png")


def test_markup_in_article_text_renders_as_text(page: tuple[Any, str]) -> None:
    tab, base = page
    messages: list[str] = []
    tab.on("console", lambda m: messages.append(m.text))
    for url in (f"{base}/article?id={HOSTILE}", f"{base}/compare?a={A}&b={HOSTILE}"):
        tab.goto(url)
        assert tab.evaluate("typeof window.__pwned") == "undefined"
        assert "<script>window.__pwned = 1</script>" in tab.locator("main").inner_text()
        assert tab.locator("main img").count() == 0
    _shot(tab, "article-with-markup.png")
    tab.goto(f"{base}/article?id={B}")
    assert tab.locator("del.removed").count() >= 4 and tab.locator("pre.original .tag").first.inner_text().startswith(
        "crawler_header"
    )
    _shot(tab, "article.png")


ARABIC = [
    "صوت مجلس المدينة يوم الثلاثاء على إعادة بناء جدار الميناء بعد عواصف الشتاء، حسبما قال رئيس البلدية. "
    "ومن المقرر أن يبدأ العمل في مارس وأن يتكلف مليوني يورو.",
    "وكان السكان قد طلبوا الإصلاحات لسنوات، وقال المجلس إن الأموال ستأتي من الاحتياطيات. "
    '"لقد انتظرنا طويلا بما فيه الكفاية"، قالت رئيسة البلدية آنا بيرغ.',
    "وأضافت أن المشروع سيستغرق عامين على الأقل وسيوفر فرص عمل لسكان المنطقة.",
]
LONG_WORD = "Supercalifragilistic" * 15


@pytest.fixture(scope="module")
def odd_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Near copies with a 300-character word for a title, and Arabic articles."""
    from serve_scale import WIRE, build_store

    rows = [
        {"id": f"long/{i}", "title": LONG_WORD, "source": "long.example", "date": f"2026-03-0{i + 1}",
         "text": "\n\n".join(WIRE[: 6 + i])} for i in range(2)
    ] + [
        {"id": f"ar/{i}", "title": "مجلس المدينة يصوت لإعادة بناء جدار الميناء؟", "source": "ar.example",
         "date": f"2026-03-1{i}", "text": "\n\n".join(ARABIC[: 2 + i])} for i in range(2)
    ]  # fmt: skip
    return build_store(tmp_path_factory.mktemp("odd") / "odd.duckdb", rows)


@pytest.fixture(scope="module")
def odd_site(browser: Any, odd_store: Path) -> Iterator[tuple[Any, str, list[str]]]:
    """A tab on a server of ``odd_store``, and the pages to look at (its two stories' among them)."""
    from samestory.serve import create_app

    with live_server(create_app(odd_store)) as base:
        context = browser.new_context(viewport={"width": 1000, "height": 900})
        tab = context.new_page()
        tab.goto(f"{base}/")
        stories = [tab.locator("table.stories a").nth(i).get_attribute("href") for i in range(2)]
        yield tab, base, ["/", *stories, "/article?id=long/0", "/compare?a=long/0&b=long/1"]
        context.close()


def test_a_long_word_in_a_title_stays_on_the_page(odd_site: tuple[Any, str, list[str]]) -> None:
    tab, base, urls = odd_site
    for url in urls:
        tab.goto(base + url)
        width = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], (url, width)  # the title pushed the page 2,431 px wide
    _shot(tab, "compare-long-title.png")


def test_arabic_titles_and_text_read_right_to_left(odd_site: tuple[Any, str, list[str]]) -> None:
    tab, base, _ = odd_site
    for url, selectors in (
        ("/article?id=ar/0", ("h1", ".clean-text p")),
        ("/compare?a=ar/0&b=ar/1", (".side h2", ".side > p")),
    ):
        tab.goto(base + url)
        for selector in selectors:
            directions = tab.locator(selector).evaluate_all("els => els.map(e => getComputedStyle(e).direction)")
            assert directions and set(directions) == {"rtl"}, (url, selector, directions)
    _shot(tab, "compare-arabic.png")


def test_a_date_or_a_source_in_the_story_list_is_never_broken(odd_site: tuple[Any, str, list[str]]) -> None:
    tab, base, _ = odd_site
    tab.goto(f"{base}/")
    dates = tab.locator("td.dates time")
    assert dates.count() == 4  # two stories, each from one date to another
    assert dates.evaluate_all("els => els.map(e => e.getClientRects().length)") == [1] * 4  # "2026-" / "03-01"
    lines = "els => els.map(e => { const r = new Range(); r.selectNodeContents(e); return r.getClientRects().length; })"
    assert tab.locator("table.stories td:nth-child(3)").evaluate_all(lines) == [1, 1]  # not "long.exa" / "mple"
    _shot(tab, "stories-odd.png")
