"""The HTML pages, read as HTML: content, links, and escaping of every piece of article text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from serve_data import HOSTILE, A, B

from samestory.serve import create_app, pages
from samestory.serve.routes import router
from samestory.store import Store


class Tags(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


def test_story_list_shows_counts_search_and_stories(client: TestClient, story_id: str) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    tags = parse(page.text)
    assert {a.get("name") for t, a in tags.tags if t == "input"} >= {"q", "source", "date_from", "date_to"}
    assert f'href="/story/{story_id}"' in page.text
    assert re.search(r"<strong>3</strong>\s*articles", page.text)
    filtered = client.get("/", params={"q": "NATO"}).text
    assert f'href="/story/{story_id}"' in filtered and "1 story" in filtered
    assert 'value="NATO"' in filtered  # the form keeps what was asked
    assert "No story matches" in client.get("/", params={"q": "no such words"}).text


def test_story_list_page_past_the_end_is_empty_at_any_size(client: TestClient) -> None:
    for page in (2, 2**57, 10**30):  # (page - 1) * 50 past 2**63 gave 500: DuckDB's OFFSET is 64-bit
        response = client.get("/", params={"page": page})
        assert response.status_code == 200, (page, response.text)
        assert "No story matches" in response.text


def test_story_list_pages_are_previous_and_next_not_newer(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    # The list runs largest story first: "Newer page" told the reader it was sorted by date
    monkeypatch.setattr(pages, "PAGE_SIZE", 1)
    first, second = client.get("/").text, client.get("/", params={"page": 2}).text
    assert 'rel="next" href="/?page=2">Next page' in first and 'rel="prev"' not in first
    assert 'rel="prev" href="/?page=1">\u2190 Previous page' in second and "Newer" not in second


def test_story_page_has_members_families_graph_and_compare_links(client: TestClient, story_id: str) -> None:
    html = client.get(f"/story/{story_id}").text
    tags = parse(html)
    svg_links = [a["href"] for t, a in tags.tags if t == "a" and a.get("href", "").startswith("/compare")]  # type: ignore[union-attr]
    assert "/compare?a=seeds%2F000_d4a47ec4de73bb3b.txt&b=seeds%2F001_fdedb239be57391e.txt" in svg_links
    assert "<svg" in html and 'marker-end="url(#arrow)"' in html and ">rewrite</text>" in html
    assert html.count('class="node original"') == 1
    assert "NATO chief says all initiatives" in html and "aggregator credit (MENAFN)" in html


def test_compare_page_links_each_passage_to_its_counterpart(client: TestClient, seeds_run) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/compare", params={"a": A, "b": B}).text
    tags = parse(html)
    ids = {a["id"] for _, a in tags.tags if a.get("id")}
    links = [(a["class"], a["href"]) for t, a in tags.tags if t == "a" and "al" in (a.get("class") or "").split()]
    pair = seeds_run.pairs[0]
    assert {f"a-al-{i}" for i in range(len(pair.alignment))} <= ids
    assert {f"b-al-{i}" for i in range(len(pair.alignment))} <= ids
    assert links and all(href[1:] in ids for _, href in links)  # every highlight points at an element
    assert {c for c, _ in links} >= {"al exact", "al paraphrase"}
    section_a = html[html.index('class="side side-a"') : html.index('class="side side-b"')]
    assert '<mark class="only"' in section_a and "Arctic Sentry" in section_a
    assert '<mark class="only"' not in html[html.index('class="side side-b"') :]
    assert '<script src="/static/compare.js"></script>' in html


def test_compare_page_of_an_unstored_pair_says_so(client: TestClient) -> None:
    html = client.get("/compare", params={"a": A, "b": HOSTILE}).text
    assert "Not a stored pair: compared just now." in html


def test_article_page_shows_removals_in_the_original_with_reasons_and_offsets(client: TestClient) -> None:
    html = client.get("/article", params={"id": B}).text
    assert '<del class="removed reason-crawler_header" id="removed-0"' in html
    assert ">crawler_header 1\u201320</a>" in html
    assert "date 2026-02-12 403" in html and "Disclaimer" in html
    assert 'href="/compare?a=seeds%2F001_fdedb239be57391e.txt&amp;b=seeds%2F000_d4a47ec4de73bb3b.txt"' in html


def test_article_text_is_escaped_everywhere(client: TestClient) -> None:
    for url, params in (("/article", {"id": HOSTILE}), ("/", {}), ("/compare", {"a": A, "b": HOSTILE})):
        html = client.get(url, params=params).text
        assert "<script>window" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html or url == "/", url
        scripts = [a.get("src") for t, a in parse(html).tags if t == "script"]
        assert all(src == "/static/compare.js" for src in scripts), url
        assert not [t for t, _ in parse(html).tags if t == "img"], url


def test_unknown_ids_give_html_404_naming_the_id(client: TestClient) -> None:
    for url, params, missing in (
        ("/article", {"id": "nope/<b>x</b>"}, "nope/&lt;b&gt;x&lt;/b&gt;"),
        ("/story/cafe", {}, "cafe"),
        ("/compare", {"a": "nope/q", "b": A}, "nope/q"),
    ):
        response = client.get(url, params=params)
        assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
        assert missing in response.text
    bad = client.get("/", params={"date_from": "yesterday"})
    assert bad.status_code == 422 and "date_from" in bad.text


def test_head_answers_as_get_without_the_body(client: TestClient, story_id: str) -> None:
    # HTTP servers must answer HEAD wherever they answer GET (curl -I, link checkers): pages answered 405
    for url, params in (("/", {}), (f"/story/{story_id}", {}), ("/article", {"id": A}), ("/api/counts", {})):
        got, head = client.get(url, params=params), client.head(url, params=params)
        assert (head.status_code, head.content) == (200, b""), url
        assert head.headers["content-type"] == got.headers["content-type"], url
        assert int(head.headers["content-length"]) == len(got.content), url
    assert client.head("/article", params={"id": "nope"}).status_code == 404
    assert client.head("/api/match").status_code == 405


def test_static_assets_are_bundled(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and ".al.exact" in css.text and "http" not in css.text
    assert client.get("/static/compare.js").status_code == 200
    html = client.get("/").text
    assert not re.search(r"(src|href)=\"https?://", html)  # no CDN: works offline


def test_api_and_pages_do_not_overlap() -> None:
    assert all(route.path.startswith("/api/") for route in router.routes)  # type: ignore[attr-defined]


def test_an_unreadable_input_says_it_has_no_text(tmp_path: Path) -> None:
    # An error record showed an empty "Clean text" section and an empty box for its original text
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add([tmp_path / "in"])
    with TestClient(create_app(tmp_path / "s.duckdb")) as client:
        html = client.get("/article", params={"id": "in/empty.txt"}).text
    assert "file is empty" in html and "No clean text: this input could not be read" in html
    assert '<pre class="original"' not in html and "Cleaning removed nothing" not in html


def test_the_unreadable_inputs_have_a_page_linked_from_the_counts(tmp_path: Path) -> None:
    """The story list counted unreadable inputs, but no page named them: they are in no story, and only the
    article page of an id one already knew showed the error."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    (tmp_path / "in" / "story.txt").write_text("Storm hits coast\nThe storm hit the coast on Monday, officials said.\n")
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add([tmp_path / "in"])
    with TestClient(create_app(tmp_path / "s.duckdb")) as client:
        listed = parse(client.get("/").text)
        page = client.get("/unreadable")
        past = client.get("/unreadable", params={"page": 3}).text
    assert ("a", {"href": "/unreadable"}) in listed.tags
    assert page.status_code == 200
    found = parse(page.text)
    links = [attrs["href"] for tag, attrs in found.tags if tag == "a" and "/article" in (attrs.get("href") or "")]
    assert links == ["/article?id=in%2Fblob.txt", "/article?id=in%2Fempty.txt"]  # by id; the story is not here
    assert "2 inputs could not be read" in page.text and "file is empty" in page.text
    assert "No inputs on this page" in past


def test_the_story_list_and_the_story_page_name_a_story_alike(tmp_path: Path) -> None:
    """The list said "Untitled story" when the lead had no title, while the page took another member's, and
    the page of a story with no title at all was headed by its bare id."""
    body = (
        "Harbour fees in the old town will rise by a third from next spring, the port authority said on Monday. "
        "The increase pays for a new breakwater. Fishing crews asked for a phased change over two years."
    )
    rows = [
        {"id": "a-wire", "text": body, "date": "2024-03-01"},
        {"id": "b-copy", "text": body + " Talks resume.", "date": "2024-03-02", "title": "Harbour fees to rise"},
        {"id": "c-mill", "text": "The old mill burned down overnight. " * 3, "date": "2024-03-01"},
        {"id": "d-mill", "text": "The old mill burned down overnight. " * 3 + "Nobody was hurt.", "date": "2024-03-02"},
    ]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add([tmp_path / "in.jsonl"])
        ids = {store.story_of(i): i for i in ("a-wire", "c-mill")}
    assert None not in ids
    with TestClient(create_app(tmp_path / "s.duckdb")) as client:
        listing = client.get("/").text
        api = {s["story_id"]: s["title"] for s in client.get("/api/stories").json()["stories"]}
        pages = {ids[s]: client.get(f"/story/{s}").text for s in ids}
    harbour, mill = (next(s for s, i in ids.items() if i == lead) for lead in ("a-wire", "c-mill"))
    assert api == {harbour: "Harbour fees to rise", mill: None}
    assert '<h1 dir="auto">Harbour fees to rise</h1>' in pages["a-wire"] and "Harbour fees to rise" in listing
    assert f'<em>Untitled story</em> <code class="id">{mill}</code>' in listing
    assert f'<h1 dir="auto"><em>Untitled story</em> <code class="id">{mill}</code></h1>' in pages["c-mill"]


def test_comparing_an_unreadable_input_is_refused_with_its_error(tmp_path: Path) -> None:
    """An unreadable input compared with an article was computed on the spot as 'unrelated, similarity
    0.00': a relation with nothing behind it, as the compare command's was. Page and API now answer 422 with
    the input's own error, which names the fix."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "story.txt").write_text(
        "Storm hits coast\nThe storm hit the coast on Monday, officials said, and thousands lost power.\n"
    )
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add([tmp_path / "in"])
    with TestClient(create_app(tmp_path / "s.duckdb")) as client:
        ids = {"a": "in/empty.txt", "b": "in/story.txt"}
        page, answer = client.get("/compare", params=ids), client.get("/api/compare", params=ids)
    assert page.status_code == answer.status_code == 422
    assert "file is empty" in page.text and "Fix:" in page.text and "unrelated" not in page.text
    assert answer.json()["detail"].startswith("cannot compare: ") and "file is empty" in answer.json()["detail"]
